export default definePageConfig({ navigationBarTitleText: '入伙手续书' });
