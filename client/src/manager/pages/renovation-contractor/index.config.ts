export default definePageConfig({ navigationBarTitleText: '施工单位档案' });
