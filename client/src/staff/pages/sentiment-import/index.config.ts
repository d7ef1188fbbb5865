export default definePageConfig({ navigationBarTitleText: '导入聊天记录' });
