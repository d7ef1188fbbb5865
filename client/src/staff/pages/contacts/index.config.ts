export default definePageConfig({ navigationBarTitleText: '来电来访登记' });
