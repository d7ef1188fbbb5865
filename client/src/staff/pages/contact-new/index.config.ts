export default definePageConfig({ navigationBarTitleText: '登记来电来访' });
