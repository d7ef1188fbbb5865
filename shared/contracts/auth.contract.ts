import { z } from 'zod';
import { CALLER_ROLES, type CallerRole, type Role } from '../domain/roles';
import { action, empty, objectId, self } from './contract';

export interface Me {
  userId: string;
  name: string;
  /** ['guest'] for a WeChat user not yet bound to a unit nor registered as staff. */
  roles: CallerRole[];
  /** The active community ('' for a guest). */
  communityId: string;
  communityName: string;
  /** Every community this person works in (managers may have several); the active one included. */
  communities: { id: string; name: string }[];
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
  /** Demo only: a login code of this prefix + 4–40 letters/digits is a new WeChat user (a guest). */
  newUserCodePrefix?: string;
}

export const authContract = {
  /** How this server can be logged into (demo accounts exist only in demo mode). */
  loginOptions: action<LoginOptions>()(empty, 'public'),
  /** Exchange a wx.login code (code2Session) for a session token. */
  login: action<LoginResult>()(
    z.object({ code: z.string().trim().min(1, '缺少登录凭证').max(128, '登录凭证过长') }).strict(),
    'public',
  ),
  me: action<Me>()(empty, self(CALLER_ROLES)),
  /** A new token for the same session owner; the old token stops working (rotation). */
  refresh: action<{ token: string; expiresAt: string }>()(empty, self(CALLER_ROLES)),
  logout: action<{ loggedOut: true }>()(empty, self(CALLER_ROLES)),
  /**
   * Managers of several communities: work in another one. Gateway sessions are rotated to a new
   * token bound to that community (returned); CloudBase callers keep it on their WeChat identity.
   */
  switchCommunity: action<{ token?: string; expiresAt?: string; me: Me }>()(
    z.object({ communityId: objectId }).strict(),
    self(['manager'], { communityId: 'memberCommunity' }),
  ),
};
