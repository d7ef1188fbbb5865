import { appPages, routes, TAB_BAR } from '@shared/routes';

// Pages and sub-packages come from the route registry (shared/routes.ts): Taro reads this file
// with esbuild at build time, so the lists below are plain JSON in the built app.json.
const { pages, subPackages } = appPages();

export default defineAppConfig({
  pages,
  subPackages,
  preloadRule: {
    [routes.main.workbench.path]: { network: 'all', packages: subPackages.map((p) => p.root) },
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
    list: TAB_BAR.map((t) => ({ pagePath: t.route.path, text: t.text })),
  },
});
