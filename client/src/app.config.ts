// Page paths of the role homes must match ROLE_HOME in shared/domain/roles.ts.
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/mine/index', 'pages/login/index', 'pages/messages/index'],
  subPackages: [
    { root: 'owner', pages: ['pages/home/index', 'pages/bind/index', 'pages/repairs/index', 'pages/repair-new/index', 'pages/repair/index', 'pages/notices/index', 'pages/notice/index', 'pages/bills/index', 'pages/complaints/index', 'pages/complaint-new/index', 'pages/complaint/index'] },
    {
      root: 'staff',
      pages: ['pages/agent/index', 'pages/technician/index', 'pages/cashier/index', 'pages/directory/index', 'pages/unit/index', 'pages/bindings/index', 'pages/calls/index', 'pages/repair/index', 'pages/repairs/index', 'pages/repair-new/index', 'pages/followups/index', 'pages/arrears/index', 'pages/account/index', 'pages/complaints/index', 'pages/complaint/index', 'pages/complaint-new/index', 'pages/incidents/index', 'pages/incident/index', 'pages/sentiment-groups/index', 'pages/sentiment-import/index'],
    },
    { root: 'manager', pages: ['pages/home/index', 'pages/import/index', 'pages/outbox/index', 'pages/wechat-inbox/index', 'pages/repairs/index', 'pages/repair-settings/index', 'pages/notices/index', 'pages/notice-new/index', 'pages/notice/index', 'pages/notice-template/index', 'pages/notice-audiences/index', 'pages/fees/index', 'pages/complaints/index'] },
  ],
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['owner', 'staff', 'manager'] },
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1677ff',
    navigationBarTitleText: '物业客服',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f8',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#1677ff',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '工作台' },
      { pagePath: 'pages/mine/index', text: '我的' },
    ],
  },
});
