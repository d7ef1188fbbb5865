export default definePageConfig({ navigationBarTitleText: '入住批次' });
