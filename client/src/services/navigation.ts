import Taro from '@tarojs/taro';
import { primaryRole, type CallerRole } from '@shared/domain/roles';
import { isTabPage, ROLE_HOME, routes, type Route, type RouteArgs, type RouteParams } from '@shared/routes';

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

/** Open a page of the route registry on top of the current one (a tab bar page: switch to it). */
export function openPage<P extends RouteParams | void>(route: Route<P>, ...params: RouteArgs<P>): void {
  const url = route.url(...params);
  (isTabPage(route) ? Taro.switchTab({ url }) : Taro.navigateTo({ url })).catch(() => undefined);
}

