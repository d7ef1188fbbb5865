export default definePageConfig({ navigationBarTitleText: '入住办理' });
