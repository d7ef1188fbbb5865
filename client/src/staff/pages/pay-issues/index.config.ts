export default definePageConfig({ navigationBarTitleText: '线上支付异常' });
