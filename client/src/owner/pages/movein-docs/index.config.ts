export default definePageConfig({ navigationBarTitleText: '入住资料' });
