import type { LoginOptions, LoginResult, Me } from '@shared/contracts/auth.contract';
import { HOUR_MS, MINUTE_MS } from '@shared/domain/calendar';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { getConfig } from '../../lib/config';
import { logger } from '../../lib/logger';
import { addressKey } from '../../lib/address-key';
import { rateLimit, type RateLimit } from '../../lib/rate-limit';
import { INVALID_CODE_ERRCODES, WechatApiError, wechat } from '../../lib/wechat/client';
import { DEMO_ACCOUNTS, DEMO_NEW_USER_PREFIX } from './demo-accounts';
import { identityHooks } from './identity.hooks';
import {
  callerFromOpenid,
  callerFromToken,
  createSession,
  revokeSession,
  rotateSession,
  setActiveCommunity,
  toCaller,
  userForWechatIdentity,
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
  const names = await identityHooks.communityNames.run(caller.communityIds);
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

/**
 * Failed logins (codes WeChat refuses) per client address: 20 per 10-minute window (lib/rate-limit.ts).
 * A try is taken before the code is exchanged, so a burst is cut at exactly 20, and given back unless
 * the code was refused: most are given back, so its slots live in the small collection.
 */
const failedLogins = rateLimit('login.address', {
  limits: [{ max: 20, windowMs: 10 * MINUTE_MS }],
  givesBackOften: true,
  says: ({ minutes }) => `登录失败次数过多，请${minutes}分钟后再试`,
});

/** Logins per WeChat user (openid) per clock hour (LOGIN_LIMIT_PER_HOUR): a stolen code-minting loop cannot create sessions without end. */
let logins: { max: number; limit: RateLimit } | null = null;
function loginsPerUser(): RateLimit {
  const max = getConfig().loginLimitPerHour;
  if (logins?.max !== max) logins = { max, limit: rateLimit('login.openid', { limits: [{ max, windowMs: HOUR_MS }], says: ({ minutes }) => `登录过于频繁，请${minutes}分钟后再试` }) };
  return logins.limit;
}

// The subject of a limit per client address (lib/address-key.ts; the gateway's notify limit uses it too).
export { addressKey };

/**
 * auth.login: wx.login code → code2Session → WeChat identity (a guest on first login) → user → signed session.
 * Limited per client address (failed codes; gateway only: CloudBase passes no address and logs no
 * one in — OPENID identifies the caller) and per WeChat user (logins an hour).
 */
export async function login(code: string, from: { clientIp?: string } = {}): Promise<LoginResult> {
  // The try is taken before the code is exchanged (exact when many arrive at once); only an invalid code keeps it.
  const attempt = from.clientIp ? await failedLogins.take(addressKey(from.clientIp)) : null;
  let exchanged: Awaited<ReturnType<typeof exchangeCode>>;
  try {
    exchanged = await exchangeCode(code);
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'AUTH.INVALID_CODE')) await attempt?.giveBack();
    throw err;
  }
  await attempt?.giveBack();
  const { openid, unionid } = exchanged;
  // Taken before the session exists, so logins racing each other are counted too.
  await loginsPerUser().take(openid);
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
  if (caller.sessionId) await revokeSession(caller.sessionId, 'logout');
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
