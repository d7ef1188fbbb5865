export default definePageConfig({ navigationBarTitleText: '代客咨询' });
