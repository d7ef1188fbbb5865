export default definePageConfig({ navigationBarTitleText: '接待台数据' });
