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

/** A login session; the token carries its id and is signed (see lib/session-token.ts). */
const sessionSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    /** The community the session works in (absent for a guest). */
    communityId: { type: Schema.Types.ObjectId },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date },
  },
  { timestamps: true },
);
// Expired sessions are rejected on use; FerretDB v1 has no TTL indexes, so removal is a cleanup job's work.
sessionSchema.index({ expiresAt: 1 });

export const User = model('User', userSchema);
export const WechatIdentity = model('WechatIdentity', wechatIdentitySchema);
export const Session = model('Session', sessionSchema);
