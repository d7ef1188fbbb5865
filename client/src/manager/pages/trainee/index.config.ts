export default definePageConfig({ navigationBarTitleText: '员工学习详情' });
