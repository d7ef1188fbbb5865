export default definePageConfig({ navigationBarTitleText: '验房问题' });
