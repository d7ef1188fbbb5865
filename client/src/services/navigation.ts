import Taro from '@tarojs/taro';
import { primaryRole, ROLE_HOME, type CallerRole } from '@shared/domain/roles';

export const LOGIN_PAGE = '/pages/login/index';
export const WORKBENCH_PAGE = '/pages/index/index';

let redirecting = false;

/** Leave for the login page (once, even if several requests fail together). */
export function goLogin(): void {
  if (redirecting) return;
  redirecting = true;
  Taro.reLaunch({ url: LOGIN_PAGE }).finally(() => {
    redirecting = false;
  });
}

/** The page a user with these roles starts on. */
export function homeOf(roles: readonly CallerRole[]): string {
  const role = primaryRole(roles);
  return role ? ROLE_HOME[role] : WORKBENCH_PAGE;
}

/** Start over on the home of these roles (after binding, unbinding or switching community). */
export function goHome(roles: readonly CallerRole[]): Promise<unknown> {
  return Taro.reLaunch({ url: homeOf(roles) });
}

/** Open a page on top of the current one, with query parameters. */
export function openPage(url: string, query: Record<string, string> = {}): void {
  const qs = Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  Taro.navigateTo({ url: qs ? `${url}?${qs}` : url }).catch(() => undefined);
}
