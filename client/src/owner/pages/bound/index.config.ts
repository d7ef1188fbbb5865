export default definePageConfig({ navigationBarTitleText: '绑定成功' });
