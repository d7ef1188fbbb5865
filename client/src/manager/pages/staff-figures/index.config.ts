export default definePageConfig({ navigationBarTitleText: '员工服务数据' });
