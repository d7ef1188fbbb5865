export default definePageConfig({ navigationBarTitleText: '零散入住' });
