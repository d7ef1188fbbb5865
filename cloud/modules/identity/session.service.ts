import type { Role } from '@shared/domain/roles';
import { AppError } from '../../lib/app-error';
import { claimOnce } from '../../lib/claim';
import { now } from '../../lib/clock';
import { getConfig } from '../../lib/config';
import { mongoose } from '../../lib/db';
import { issueToken, verifyToken } from '../../lib/session-token';
import { Session, User, WechatIdentity } from './user.model';

/** Who is calling: the result of authentication, whatever the transport. */
export interface Caller {
  userId: string;
  name: string;
  roles: Role[];
  communityId: string;
  unitIds: string[];
  /** Present for token sessions (gateway); absent for CloudBase OPENID identity. */
  sessionId?: string;
}

/** What authentication reads of a user (plain object: the hot path skips document hydration). */
export interface UserRecord {
  _id: mongoose.Types.ObjectId;
  communityId: mongoose.Types.ObjectId;
  name: string;
  roles: string[];
  /** Absent on documents written without it (lean reads apply no schema defaults). */
  unitIds?: mongoose.Types.ObjectId[];
  status: string;
}

export function toCaller(user: UserRecord, sessionId?: string): Caller {
  return {
    userId: String(user._id),
    name: user.name,
    roles: [...user.roles] as Role[],
    communityId: String(user.communityId),
    unitIds: (user.unitIds ?? []).map(String),
    ...(sessionId ? { sessionId } : {}),
  };
}

/**
 * Authentication runs on every request, so its by-id reads go to the models' native collections
 * (same connection, no query casting or hydration): see bench/gateway.ts.
 */
async function activeUser(userId: mongoose.Types.ObjectId): Promise<UserRecord> {
  const user = await User.collection.findOne<UserRecord>({ _id: userId }, { projection: { name: 1, roles: 1, communityId: 1, unitIds: 1, status: 1 } });
  if (!user || user.status !== 'active') throw new AppError('AUTH.NOT_REGISTERED');
  return user;
}

export async function createSession(user: UserRecord): Promise<{ token: string; expiresAt: Date }> {
  const { sessionSecret, sessionTtlMs } = getConfig();
  const expiresAt = new Date(now().getTime() + sessionTtlMs);
  const session = await Session.create({ userId: user._id, communityId: user.communityId, expiresAt });
  return { token: issueToken({ sessionId: String(session._id), expiresAt }, sessionSecret), expiresAt };
}

const EXPIRED = '登录已过期，请重新登录';

/** Gateway transport: a bearer token → the caller. */
export async function callerFromToken(token: string): Promise<Caller> {
  const at = now();
  const check = verifyToken(token, getConfig().sessionSecret, at);
  if (!check.ok) throw new AppError('AUTH.INVALID', check.reason === 'expired' ? EXPIRED : undefined);
  const session = await Session.collection.findOne<{ _id: mongoose.Types.ObjectId; userId: mongoose.Types.ObjectId; expiresAt: Date; revokedAt?: Date }>({
    _id: new mongoose.Types.ObjectId(check.claims.sessionId),
  });
  if (!session || session.revokedAt) throw new AppError('AUTH.INVALID');
  if (session.expiresAt.getTime() <= at.getTime()) throw new AppError('AUTH.INVALID', EXPIRED);
  return toCaller(await activeUser(session.userId), String(session._id));
}

/** CloudBase transport: WeChat has already identified the user by OPENID. */
export async function callerFromOpenid(openid: string): Promise<Caller> {
  const identity = await WechatIdentity.findOne({ appId: getConfig().wechat.appId, openid }, { userId: 1 }).lean();
  if (!identity?.userId) throw new AppError('AUTH.NOT_REGISTERED');
  return toCaller(await activeUser(identity.userId));
}

export async function revokeSession(sessionId: string): Promise<void> {
  await Session.updateOne({ _id: sessionId, revokedAt: { $exists: false } }, { $set: { revokedAt: now() } });
}

/**
 * Rotation: a session is rotated once (a unique claim, so two refreshes of one token cannot both
 * succeed), its token stops working, and a new session with a fresh expiry replaces it.
 */
export async function rotateSession(caller: Caller): Promise<{ token: string; expiresAt: Date }> {
  if (!caller.sessionId) throw new AppError('AUTH.INVALID', '当前登录方式无需刷新');
  if (!(await claimOnce(`session.rotate:${caller.sessionId}`))) throw new AppError('AUTH.INVALID');
  await revokeSession(caller.sessionId);
  return createSession(await activeUser(new mongoose.Types.ObjectId(caller.userId)));
}

/**
 * The user linked to a WeChat identity; records the login on the identity.
 * An openid with no linked user is rejected without writing anything.
 */
export async function userForWechatIdentity(openid: string, unionid?: string): Promise<UserRecord> {
  const appId = getConfig().wechat.appId;
  const identity = await WechatIdentity.findOne({ appId, openid });
  if (!identity?.userId) throw new AppError('AUTH.NOT_REGISTERED');
  const user = await activeUser(identity.userId);
  await WechatIdentity.updateOne({ _id: identity._id }, { $set: { lastLoginAt: now(), ...(unionid ? { unionid } : {}) } });
  return user;
}
