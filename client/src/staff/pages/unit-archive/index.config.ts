export default definePageConfig({ navigationBarTitleText: '业主档案' });
