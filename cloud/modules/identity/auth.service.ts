import type { LoginOptions, LoginResult, Me } from '@shared/contracts/auth.contract';
import { AppError } from '../../lib/app-error';
import { getConfig } from '../../lib/config';
import { mongoose } from '../../lib/db';
import { logger } from '../../lib/logger';
import { INVALID_CODE_ERRCODES, WechatApiError, wechat } from '../../lib/wechat/client';
import { Community } from '../community/community.model';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { createSession, revokeSession, rotateSession, toCaller, userForWechatIdentity, type Caller } from './session.service';

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
  // on the request path of every page: a native by-id read (see session.service.ts)
  const community = await Community.collection.findOne<{ name: string }>({ _id: new mongoose.Types.ObjectId(caller.communityId) }, { projection: { name: 1 } });
  if (!community) throw new AppError('COMMUNITY.NOT_FOUND');
  return {
    userId: caller.userId,
    name: caller.name,
    roles: caller.roles,
    communityId: caller.communityId,
    communityName: community.name,
    unitIds: caller.unitIds,
  };
}

/** auth.login: wx.login code → code2Session → WeChat identity → user → signed session. */
export async function login(code: string): Promise<LoginResult> {
  const { openid, unionid } = await exchangeCode(code);
  const user = await userForWechatIdentity(openid, unionid);
  const { token, expiresAt } = await createSession(user);
  const profile = await me(toCaller(user));
  return { token, expiresAt: expiresAt.toISOString(), me: profile };
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
  return { demo: true, accounts: DEMO_ACCOUNTS.map(({ code, name, role, description }) => ({ code, name, role, description })) };
}
