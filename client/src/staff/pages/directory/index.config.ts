export default definePageConfig({ navigationBarTitleText: '房屋与业主' });
