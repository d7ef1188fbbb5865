export default definePageConfig({ navigationBarTitleText: '过户迁入' });
