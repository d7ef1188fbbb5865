export default definePageConfig({ navigationBarTitleText: '借阅登记' });
