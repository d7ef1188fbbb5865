export default definePageConfig({ navigationBarTitleText: '一次性收费' });
