export default definePageConfig({ navigationBarTitleText: '物业档案' });
