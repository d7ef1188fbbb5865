export default definePageConfig({ navigationBarTitleText: '群概况' });
