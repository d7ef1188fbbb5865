export default definePageConfig({ navigationBarTitleText: '投诉看板' });
