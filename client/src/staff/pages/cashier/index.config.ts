export default definePageConfig({ navigationBarTitleText: '收费工作台' });
