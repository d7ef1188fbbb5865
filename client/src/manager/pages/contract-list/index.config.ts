export default definePageConfig({ navigationBarTitleText: '合同管理' });
