export default definePageConfig({ navigationBarTitleText: '入住管理' });
