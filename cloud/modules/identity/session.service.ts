import { DAY_MS } from '@shared/domain/calendar';
import { GUEST, type Role } from '@shared/domain/roles';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { claimOnce } from '../../lib/claim';
import { now } from '../../lib/clock';
import { getConfig } from '../../lib/config';
import { inScope } from '../../lib/job-scope';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { issueToken, newSessionId, verifyToken } from '../../lib/session-token';
import { Session, User, WechatIdentity, type SessionRevokeReason } from './user.model';

/** What authentication reads of a user (plain object: the hot path skips document hydration). */
export interface UserRecord {
  _id: mongoose.Types.ObjectId;
  /** Absent for a guest. */
  communityId?: mongoose.Types.ObjectId;
  communityIds?: mongoose.Types.ObjectId[];
  name: string;
  /** May be absent on a guest (FerretDB may drop empty arrays). */
  roles?: string[];
  /** Absent on documents written without it (lean reads apply no schema defaults). */
  unitIds?: mongoose.Types.ObjectId[];
  status: string;
  /** Read with the rest by authentication (the caller's own contact: `callerProfile`). */
  phone?: string;
}

/** Roles that carry over to a community other than the home one (only managers have several). */
const MULTI_COMMUNITY_ROLES: readonly Role[] = ['manager'];

export function membershipsOf(user: UserRecord): string[] {
  return user.communityId ? [String(user.communityId), ...(user.communityIds ?? []).map(String).filter((id) => id !== String(user.communityId))] : [];
}

/**
 * The caller a user is in the community `active` (when they belong to it; else their home one).
 * Outside the home community only the manager role applies, and no units.
 */
export function toCaller(user: UserRecord, via: { sessionId?: string; openid?: string; active?: unknown } = {}): Caller {
  const communityIds = membershipsOf(user);
  const wanted = via.active ? String(via.active) : undefined;
  const communityId = wanted && communityIds.includes(wanted) ? wanted : (communityIds[0] ?? '');
  const atHome = communityId !== '' && communityId === communityIds[0];
  const stored = ((user.roles ?? []) as Role[]).filter((r) => atHome || MULTI_COMMUNITY_ROLES.includes(r));
  return {
    userId: String(user._id),
    name: user.name,
    roles: communityId && stored.length > 0 ? stored : [GUEST],
    communityId,
    communityIds,
    unitIds: atHome ? (user.unitIds ?? []).map(String) : [],
    ...(via.sessionId ? { sessionId: via.sessionId } : {}),
    ...(via.openid ? { openid: via.openid } : {}),
  };
}

const USER_FIELDS = { name: 1, roles: 1, communityId: 1, communityIds: 1, unitIds: 1, status: 1, phone: 1 } as const;

/**
 * The user record authentication read for a caller, for the rest of that invocation (the pipeline
 * passes the same Caller object to the access checks and the handler): a service that needs the
 * caller's own name, phone or units (a repair report's contact) does not read the user again.
 * Keyed by the Caller object, so it lives exactly as long as the invocation holds it.
 */
const readForCaller = new WeakMap<Caller, UserRecord>();

function authenticated(user: UserRecord, via: Parameters<typeof toCaller>[1]): Caller {
  const caller = toCaller(user, via);
  readForCaller.set(caller, user);
  return caller;
}

/**
 * The caller's own name, phone and units as authentication read them in this invocation (no
 * command), or read now (a Caller made elsewhere, e.g. a test's). Null: no such user.
 */
export async function callerProfile(caller: Caller): Promise<{ name: string; phone: string; unitIds: mongoose.Types.ObjectId[] } | null> {
  const user = readForCaller.get(caller) ?? (await User.collection.findOne<UserRecord>({ _id: new mongoose.Types.ObjectId(caller.userId) }, { projection: USER_FIELDS }));
  return user ? { name: user.name, phone: user.phone ?? '', unitIds: [...(user.unitIds ?? [])] } : null;
}

/**
 * Authentication runs on every request, so its by-id reads go to the models' native collections
 * (same connection, no query casting or hydration): see bench/gateway.ts.
 */
async function activeUser(userId: mongoose.Types.ObjectId): Promise<UserRecord> {
  const user = await User.collection.findOne<UserRecord>({ _id: userId }, { projection: USER_FIELDS });
  if (!user || user.status !== 'active') throw new AppError('AUTH.NOT_REGISTERED');
  return user;
}

/** What authentication and rotation read of a session (native reads, like the user's). */
interface SessionRecord {
  _id: string;
  userId: mongoose.Types.ObjectId;
  /** Absent only on sessions written before chains existed (their tokens no longer parse). */
  chainId?: string;
  communityId?: mongoose.Types.ObjectId;
  expiresAt: Date;
  revokedAt?: Date;
  revokedReason?: SessionRevokeReason;
}

/**
 * A new session working in `communityId` (default: the user's home community). A login starts a
 * chain; a rotation passes its chain on (`chainId`).
 */
export async function createSession(user: UserRecord, communityId?: string, chainId?: string): Promise<{ token: string; expiresAt: Date }> {
  const { sessionSecret, sessionTtlMs } = getConfig();
  const expiresAt = new Date(now().getTime() + sessionTtlMs);
  const active = toCaller(user, { active: communityId }).communityId;
  const _id = newSessionId();
  await Session.create({ _id, userId: user._id, chainId: chainId ?? _id, ...(active ? { communityId: active } : {}), expiresAt });
  return { token: issueToken({ sessionId: _id, expiresAt }, sessionSecret), expiresAt };
}

const EXPIRED = '登录已过期，请重新登录';

/**
 * How long a rotated-away token still works: the requests a client sent just before it rotated
 * (they race the refresh) must not look like a stolen token replayed. Past this, any use of it
 * revokes the whole chain.
 */
export const ROTATION_GRACE_MS = 30_000;

/** Gateway transport: a bearer token → the caller. */
export async function callerFromToken(token: string): Promise<Caller> {
  const at = now();
  const check = verifyToken(token, getConfig().sessionSecret, at);
  if (!check.ok) throw new AppError('AUTH.INVALID', check.reason === 'expired' ? EXPIRED : undefined);
  const session = await Session.collection.findOne<SessionRecord>({ _id: check.claims.sessionId } as never);
  if (!session) throw new AppError('AUTH.INVALID');
  // Requests already on their way when the client rotated its token still carry the old one: for a
  // few seconds after a rotation the old token keeps working (and is no evidence of theft).
  const inGrace = session.revokedReason === 'rotated' && session.revokedAt !== undefined && at.getTime() - session.revokedAt.getTime() < ROTATION_GRACE_MS;
  if (session.revokedAt && !inGrace) {
    // A token that was refreshed away, presented again: two parties hold copies of it (one of them
    // has been using the successor). Which one is the thief is unknown, so every session of the
    // login ends and its owner logs in again.
    if (session.revokedReason === 'rotated') await revokeChain(session.chainId ?? session._id);
    throw new AppError('AUTH.INVALID');
  }
  if (session.expiresAt.getTime() <= at.getTime()) throw new AppError('AUTH.INVALID', EXPIRED);
  return authenticated(await activeUser(session.userId), { sessionId: session._id, active: session.communityId });
}

/** CloudBase transport: WeChat has already identified the user by OPENID (a first call makes a guest). */
export async function callerFromOpenid(openid: string): Promise<Caller> {
  const identity = await ensureWechatIdentity(openid);
  return authenticated(await activeUser(identity.userId), { openid, active: identity.activeCommunityId });
}

export async function revokeSession(sessionId: string, reason: SessionRevokeReason): Promise<void> {
  await Session.updateOne({ _id: sessionId, revokedAt: { $exists: false } }, { $set: { revokedAt: now(), revokedReason: reason } });
}

/** End every session descended from one login (token reuse detected). Rare, so a filter by chain is fine. */
async function revokeChain(chainId: string): Promise<void> {
  await Session.updateMany({ chainId, revokedAt: { $exists: false } }, { $set: { revokedAt: now(), revokedReason: 'reuse' } });
}

/**
 * Rotation: a session is rotated once (a unique claim, so two refreshes of one token cannot both
 * succeed), a new session of the same chain with a fresh expiry replaces it, and then its token
 * stops working ('rotated': presenting it again revokes the chain). The successor exists before
 * the old session is marked, so a reuse detected at any moment also ends the successor.
 */
export async function rotateSession(caller: Caller, communityId = caller.communityId): Promise<{ token: string; expiresAt: Date }> {
  if (!caller.sessionId) throw new AppError('AUTH.INVALID', '当前登录方式无需刷新');
  const session = await Session.collection.findOne<SessionRecord>({ _id: caller.sessionId } as never);
  if (!session) throw new AppError('AUTH.INVALID');
  // The claim matters only while the token could be presented: until the session expires.
  if (!(await claimOnce(`session.rotate:${caller.sessionId}`, { ttlMs: Math.max(0, session.expiresAt.getTime() - now().getTime()) }))) throw new AppError('AUTH.INVALID');
  const next = await createSession(await activeUser(new mongoose.Types.ObjectId(caller.userId)), communityId, session.chainId ?? session._id);
  await revokeSession(caller.sessionId, 'rotated');
  return next;
}

/** How long a session is kept past its expiry (the token stops verifying at expiry: nothing needs it then). */
const SESSION_KEEP_MS = DAY_MS;

/**
 * Housekeeping: delete sessions that expired more than a day ago. A revoked session is kept until
 * then too: until its expiry its token verifies, and presenting it must still be recognised (a
 * rotated-away token revokes its chain). One range delete (cheap on FerretDB as on MongoDB).
 * `communityIds` (a manager's manual run): only sessions working in those communities.
 */
export async function deleteOldSessions(at: Date, communityIds?: readonly string[], limit?: number): Promise<number> {
  const filter = { expiresAt: { $lt: new Date(at.getTime() - SESSION_KEEP_MS) }, ...inScope({ communityIds }) };
  if (limit === undefined) return (await Session.collection.deleteMany(filter)).deletedCount;
  // A bounded batch (housekeeping's budget): the oldest `limit`, deleted by id.
  const ids = (await Session.collection.find(filter, { projection: { _id: 1 }, limit }).toArray()).map((s) => s._id);
  return ids.length ? (await Session.collection.deleteMany({ _id: { $in: ids } })).deletedCount : 0;
}

/** CloudBase transport: remember the community a manager works in on their WeChat identity. */
export async function setActiveCommunity(openid: string, communityId: string): Promise<void> {
  await WechatIdentity.updateOne({ appId: getConfig().wechat.appId, openid }, { $set: { activeCommunityId: new mongoose.Types.ObjectId(communityId) } });
}

/** The name a WeChat user goes by until the office knows them. */
const GUEST_NAME = '微信用户';

/**
 * The WeChat identity of an openid, created on first sight together with a guest user (no role,
 * no community) who can then ask to bind a unit. Safe under concurrent first logins: the identity
 * is unique per (app, openid), and the loser of a race drops its spare guest user.
 */
async function ensureWechatIdentity(openid: string, unionid?: string): Promise<{ _id: mongoose.Types.ObjectId; userId: mongoose.Types.ObjectId; activeCommunityId?: mongoose.Types.ObjectId }> {
  const appId = getConfig().wechat.appId;
  const found = await WechatIdentity.findOne({ appId, openid }, { userId: 1, activeCommunityId: 1 }).lean();
  if (found?.userId) return { _id: found._id, userId: found.userId, ...(found.activeCommunityId ? { activeCommunityId: found.activeCommunityId } : {}) };
  const guest = await User.create({ name: GUEST_NAME, roles: [] });
  try {
    if (found) {
      const linked = await WechatIdentity.findOneAndUpdate({ _id: found._id, userId: { $exists: false } }, { $set: { userId: guest._id } }, { new: true });
      if (linked?.userId && String(linked.userId) === String(guest._id)) return { _id: found._id, userId: guest._id };
    } else {
      const created = await WechatIdentity.create({ appId, openid, userId: guest._id, ...(unionid ? { unionid } : {}) });
      return { _id: created._id, userId: guest._id };
    }
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  await User.deleteOne({ _id: guest._id });
  const winner = await WechatIdentity.findOne({ appId, openid }, { userId: 1 }).lean();
  if (!winner?.userId) throw new AppError('STATE.CONFLICT');
  return { _id: winner._id, userId: winner.userId };
}

/**
 * The user behind a WeChat identity (a new guest on first login); records the login on the identity.
 * A disabled user is rejected.
 */
export async function userForWechatIdentity(openid: string, unionid?: string): Promise<UserRecord> {
  const identity = await ensureWechatIdentity(openid, unionid);
  const user = await activeUser(identity.userId);
  await WechatIdentity.updateOne({ _id: identity._id }, { $set: { lastLoginAt: now(), ...(unionid ? { unionid } : {}) } });
  return user;
}
