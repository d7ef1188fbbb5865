export default definePageConfig({ navigationBarTitleText: '电话通知' });
