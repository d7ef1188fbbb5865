export default definePageConfig({ navigationBarTitleText: '咨询承诺时限' });
