import Taro from '@tarojs/taro';
import { primaryRole, type CallerRole } from '@shared/domain/roles';
import { ROLE_HOME, routes, tabRoute, type Route, type RouteArgs, type RouteParams, type TabKey } from '@shared/routes';

let redirecting = false;

/** Leave for the login page (once, even if several requests fail together). */
export function goLogin(): void {
  if (redirecting) return;
  redirecting = true;
  Taro.reLaunch({ url: routes.main.login.url() }).finally(() => {
    redirecting = false;
  });
}

/** The page a user with these roles starts on. */
export function homeOf(roles: readonly CallerRole[]): string {
  const role = primaryRole(roles);
  return (role ? ROLE_HOME[role] : routes.main.workbench).url();
}

/** Start over on the home of these roles (after binding, unbinding or switching community). */
export function goHome(roles: readonly CallerRole[]): Promise<unknown> {
  return Taro.reLaunch({ url: homeOf(roles) });
}

/** Open a page of the route registry on top of the current one. */
export function openPage<P extends RouteParams | void>(route: Route<P>, ...params: RouteArgs<P>): void {
  Taro.navigateTo({ url: route.url(...params) }).catch(() => undefined);
}

/**
 * Back to `route`'s page when it is the one underneath (it reloads on return), else open it in place
 * of this one (opened from a message): no second copy of that page left in the back stack.
 */
export function backTo<P extends RouteParams | void>(route: Route<P>, ...params: RouteArgs<P>): void {
  const pages = Taro.getCurrentPages();
  const below = pages[pages.length - 2] as { route?: string } | undefined;
  if (below?.route && below.route.replace(/^\//, '') === route.path) Taro.navigateBack().catch(() => undefined);
  else Taro.redirectTo({ url: route.url(...params) }).catch(() => undefined);
}

/**
 * Tap on the tab bar: start over on that tab's page (首页/工作台 is the home of these roles), so a
 * tab page is always the only page and the back stack never grows by switching tabs.
 */
export function openTab(key: TabKey, roles: readonly CallerRole[]): Promise<unknown> {
  return Taro.reLaunch({ url: tabRoute(key, primaryRole(roles)).url() }).catch(() => undefined);
}

