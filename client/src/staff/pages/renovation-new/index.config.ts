export default definePageConfig({ navigationBarTitleText: '代业主申请装修' });
