export default definePageConfig({ navigationBarTitleText: '宣传栏' });
