export default definePageConfig({ navigationBarTitleText: '我的服务数据' });
