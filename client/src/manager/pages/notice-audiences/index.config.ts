export default definePageConfig({ navigationBarTitleText: '常用对象' });
