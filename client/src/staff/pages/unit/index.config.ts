export default definePageConfig({ navigationBarTitleText: '房屋资料' });
