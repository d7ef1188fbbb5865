export default definePageConfig({ navigationBarTitleText: '签署装修文书' });
