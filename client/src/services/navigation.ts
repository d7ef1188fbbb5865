import Taro from '@tarojs/taro';
import { primaryRole, ROLE_HOME, type Role } from '@shared/domain/roles';

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
export function homeOf(roles: readonly Role[]): string {
  const role = primaryRole(roles);
  return role ? ROLE_HOME[role] : WORKBENCH_PAGE;
}
