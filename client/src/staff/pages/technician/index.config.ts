export default definePageConfig({ navigationBarTitleText: '维修师傅首页' });
