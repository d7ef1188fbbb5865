import type { LoginOptions, LoginResult, Me } from '@shared/contracts/auth.contract';
import { AppError } from '../../lib/app-error';
import { getConfig } from '../../lib/config';
import { mongoose } from '../../lib/db';
import { logger } from '../../lib/logger';
import { INVALID_CODE_ERRCODES, WechatApiError, wechat } from '../../lib/wechat/client';
import { Community } from '../community/community.model';
import { DEMO_ACCOUNTS, DEMO_NEW_USER_PREFIX } from './demo-accounts';
import {
  callerFromOpenid,
  callerFromToken,
  createSession,
  revokeSession,
  rotateSession,
  setActiveCommunity,
  toCaller,
  userForWechatIdentity,
  type Caller,
} from './session.service';

async function exchangeCode(code: string) {
  try {
    return await wechat().code2Session(code);
  } catch (err) {
    if (err instanceof WechatApiError && INVALID_CODE_ERRCODES.has(err.errcode)) throw new AppError('AUTH.INVALID_CODE');
    if (err instanceof WechatApiError) {
      logger.warn('code2Session failed', { errcode: err.errcode, errmsg: err.errmsg });
      throw new AppError('WECHAT.UNAVAILABLE');
    }
    throw err;
  }
}

export async function me(caller: Caller): Promise<Me> {
  // on the request path of every page: a native read of the caller's few communities (see session.service.ts)
  // Nearly everyone has one community: a by-id read (FerretDB serves `_id` equality from its index, `$in` by a scan).
  const ids = caller.communityIds.map((id) => new mongoose.Types.ObjectId(id));
  const communities = Community.collection;
  const found =
    ids.length === 1
      ? [await communities.findOne<{ _id: mongoose.Types.ObjectId; name: string }>({ _id: ids[0] }, { projection: { name: 1 } })].filter((c) => c !== null)
      : ids.length > 1
        ? await communities.find<{ _id: mongoose.Types.ObjectId; name: string }>({ _id: { $in: ids } }, { projection: { name: 1 } }).toArray()
        : [];
  const names = new Map(found.map((c) => [String(c._id), c.name]));
  if (caller.communityId && !names.has(caller.communityId)) throw new AppError('COMMUNITY.NOT_FOUND');
  return {
    userId: caller.userId,
    name: caller.name,
    roles: caller.roles,
    communityId: caller.communityId,
    communityName: names.get(caller.communityId) ?? '',
    communities: caller.communityIds.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id) ?? '' })),
    unitIds: caller.unitIds,
  };
}

/** auth.login: wx.login code → code2Session → WeChat identity (a guest on first login) → user → signed session. */
export async function login(code: string): Promise<LoginResult> {
  const { openid, unionid } = await exchangeCode(code);
  const user = await userForWechatIdentity(openid, unionid);
  const { token, expiresAt } = await createSession(user);
  const profile = await me(toCaller(user));
  return { token, expiresAt: expiresAt.toISOString(), me: profile };
}

/**
 * auth.switchCommunity (the policy has checked that the caller belongs to `communityId`).
 * Gateway: the session is rotated to one bound to that community. CloudBase: the WeChat identity remembers it.
 */
export async function switchCommunity(caller: Caller, communityId: string): Promise<{ token?: string; expiresAt?: string; me: Me }> {
  if (caller.sessionId) {
    const { token, expiresAt } = await rotateSession(caller, communityId);
    const next = await callerFromToken(token);
    return { token, expiresAt: expiresAt.toISOString(), me: await me(next) };
  }
  if (!caller.openid) throw new AppError('AUTH.INVALID');
  await setActiveCommunity(caller.openid, communityId);
  return { me: await me(await callerFromOpenid(caller.openid)) };
}

export async function refresh(caller: Caller): Promise<{ token: string; expiresAt: string }> {
  const { token, expiresAt } = await rotateSession(caller);
  return { token, expiresAt: expiresAt.toISOString() };
}

export async function logout(caller: Caller): Promise<{ loggedOut: true }> {
  if (caller.sessionId) await revokeSession(caller.sessionId);
  return { loggedOut: true };
}

export function loginOptions(): LoginOptions {
  if (!getConfig().demoMode) return { demo: false, accounts: [] };
  return {
    demo: true,
    accounts: DEMO_ACCOUNTS.map(({ code, name, role, description }) => ({ code, name, role, description })),
    newUserCodePrefix: DEMO_NEW_USER_PREFIX,
  };
}
