export default definePageConfig({ navigationBarTitleText: '入住设置' });
