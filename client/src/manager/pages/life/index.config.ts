export default definePageConfig({ navigationBarTitleText: '社区文化' });
