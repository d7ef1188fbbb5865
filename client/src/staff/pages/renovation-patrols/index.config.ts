export default definePageConfig({ navigationBarTitleText: '装修巡查' });
