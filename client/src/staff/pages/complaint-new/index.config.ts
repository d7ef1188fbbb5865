export default definePageConfig({ navigationBarTitleText: '代客投诉' });
