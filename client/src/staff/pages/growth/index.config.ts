export default definePageConfig({ navigationBarTitleText: '员工成长' });
