export default definePageConfig({ navigationBarTitleText: '词库纠正' });
