export default definePageConfig({ navigationBarTitleText: '本小区词库' });
