export default definePageConfig({ navigationBarTitleText: '入住进度' });
