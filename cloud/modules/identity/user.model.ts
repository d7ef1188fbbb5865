import { mongoose } from '../../lib/db';
import { ROLES } from '@shared/domain/roles';

const { Schema, model } = mongoose;

/**
 * A person known to the property office: an owner/resident or a staff member. A WeChat user who
 * has only logged in holds no role and no community yet (a guest) until a unit binding is approved.
 */
const userSchema = new Schema(
  {
    /** Home community; absent for a guest. */
    communityId: { type: Schema.Types.ObjectId },
    /** Further communities a manager works in (the home community not repeated). */
    communityIds: { type: [Schema.Types.ObjectId], default: [] },
    name: { type: String, required: true },
    phone: { type: String, default: '' },
    roles: { type: [{ type: String, enum: ROLES }], default: [] },
    /** Units an owner/resident is bound to. */
    unitIds: { type: [Schema.Types.ObjectId], default: [] },
    /** Technician skills (repair categories). */
    skills: { type: [String], default: [] },
    onDuty: { type: Boolean, default: false },
    status: { type: String, enum: ['active', 'disabled'], default: 'active' },
  },
  { timestamps: true },
);
userSchema.index({ communityId: 1, roles: 1 });
userSchema.index({ communityId: 1, unitIds: 1 });
// Staff lists of a community also find managers whose further communities include it (`communityIds`; an array: not compounded with `roles`, also an array).
userSchema.index({ communityIds: 1 });

/** A WeChat identity (openid per app), linked to a user once known. */
const wechatIdentitySchema = new Schema(
  {
    appId: { type: String, required: true },
    openid: { type: String, required: true },
    unionid: { type: String },
    userId: { type: Schema.Types.ObjectId, index: true },
    lastLoginAt: { type: Date },
    /** CloudBase transport: the community a multi-community manager last switched to. */
    activeCommunityId: { type: Schema.Types.ObjectId },
  },
  { timestamps: true },
);
wechatIdentitySchema.index({ appId: 1, openid: 1 }, { unique: true });
// Who an openid is, whatever the app (people.service: the openids a message or an import names).
wechatIdentitySchema.index({ openid: 1 });

/** Why a session stopped working before its expiry. */
export const SESSION_REVOKE_REASONS = ['rotated', 'logout', 'reuse'] as const;
export type SessionRevokeReason = (typeof SESSION_REVOKE_REASONS)[number];

/**
 * A login session; the token carries its id and is signed (see lib/session-token.ts). The id is
 * 128 random bits (32 hex digits), not an ObjectId, so it cannot be guessed from one's own.
 * Every session descended by rotation (auth.refresh, auth.switchCommunity) from one login shares
 * that login's chain id (the first session's id): a rotated-away token presented again means a
 * copy of it is in someone else's hands, and the whole chain is revoked.
 */
const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    /** The first session's id of the login this session descends from (its own id for a login). */
    chainId: { type: String, required: true },
    /** The community the session works in (absent for a guest). */
    communityId: { type: Schema.Types.ObjectId },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date },
    revokedReason: { type: String, enum: SESSION_REVOKE_REASONS },
  },
  { timestamps: true },
);
// Expired sessions are rejected on use and deleted by the housekeeping job (jobs.housekeeping).
// No TTL index: FerretDB v1 refuses `expireAfterSeconds` ("not implemented yet", code 238), and
// connectDb creates every declared index, so declaring one would stop the server from starting.
sessionSchema.index({ expiresAt: 1 });
sessionSchema.index({ chainId: 1 });

export const User = model('User', userSchema);
export const WechatIdentity = model('WechatIdentity', wechatIdentitySchema);
export const Session = model('Session', sessionSchema);
