export default definePageConfig({ navigationBarTitleText: '业主绑定审核' });
