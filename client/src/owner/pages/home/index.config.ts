export default definePageConfig({ navigationBarTitleText: '业主首页' });
