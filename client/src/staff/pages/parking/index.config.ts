export default definePageConfig({ navigationBarTitleText: '车位管理' });
