export default definePageConfig({ navigationBarTitleText: '装修设置' });
