export default definePageConfig({ navigationBarTitleText: '设备设施台账' });
