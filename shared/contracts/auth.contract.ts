import { z } from 'zod';
import { ROLES, type Role } from '../domain/roles';
import { action, empty, self } from './contract';

export interface Me {
  userId: string;
  name: string;
  roles: Role[];
  communityId: string;
  communityName: string;
  unitIds: string[];
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  me: Me;
}

export interface DemoAccount {
  code: string;
  name: string;
  role: Role;
  description: string;
}

export interface LoginOptions {
  /** True only when the server talks to the fake WeChat server (local demo). */
  demo: boolean;
  accounts: DemoAccount[];
}

export const authContract = {
  /** How this server can be logged into (demo accounts exist only in demo mode). */
  loginOptions: action<LoginOptions>()(empty, 'public'),
  /** Exchange a wx.login code (code2Session) for a session token. */
  login: action<LoginResult>()(
    z.object({ code: z.string().trim().min(1, '缺少登录凭证').max(128, '登录凭证过长') }).strict(),
    'public',
  ),
  me: action<Me>()(empty, self(ROLES)),
  /** A new token for the same session owner; the old token stops working (rotation). */
  refresh: action<{ token: string; expiresAt: string }>()(empty, self(ROLES)),
  logout: action<{ loggedOut: true }>()(empty, self(ROLES)),
};
