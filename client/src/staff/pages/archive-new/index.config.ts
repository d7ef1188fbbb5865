export default definePageConfig({ navigationBarTitleText: '新建档案' });
