import { appPages, routes } from '@shared/routes';

// Pages and sub-packages come from the route registry (shared/routes.ts): Taro reads this file
// with esbuild at build time, so the lists below are plain JSON in the built app.json.
const { pages, subPackages } = appPages();

export default defineAppConfig({
  pages,
  subPackages,
  preloadRule: {
    [routes.main.workbench.path]: { network: 'all', packages: subPackages.map((p) => p.root) },
  },
  // No native tabBar: its pages would have to be in the main package, and the role homes live in
  // their sub-packages. The app draws its own (components/tab-bar.tsx, TAB_BAR in shared/routes.ts).
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1677ff',
    navigationBarTitleText: '物业客服',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f8',
  },
});
