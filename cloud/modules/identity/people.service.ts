import type { Role } from '@shared/domain/roles';
import { getConfig } from '../../lib/config';
import { mongoose } from '../../lib/db';
import { inScope, type JobScope } from '../../lib/job-scope';
import { User, WechatIdentity } from './user.model';

/**
 * The people other modules look up: staff of a community by role, owners, contacts and WeChat
 * openids. Identity owns the users; everything another module needs of them is a function here
 * (exported by identity/index.ts), never a query on the model.
 */
const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;
const oid = (id: Id | string): Id => (typeof id === 'string' ? new ObjectId(id) : id);

/** Holding `roles` in `communityId`: at home, or working there too (a manager of several communities lists it in `communityIds`). */
const activeIn = (communityId: Id | string, roles: Role | readonly Role[]) => ({
  roles: typeof roles === 'string' ? roles : { $in: roles },
  status: 'active',
  $or: [{ communityId: oid(communityId) }, { communityIds: oid(communityId) }],
});

/** Ids of the active members of a community with a role (e.g. its managers, who get alerts). */
export async function activeMemberIds(communityId: Id | string, role: Role): Promise<Id[]> {
  const users = await User.find(activeIn(communityId, role), { _id: 1 }).lean();
  return users.map((u) => u._id);
}

export interface Member {
  id: Id;
  name: string;
  roles: Role[];
  onDuty: boolean;
}

/** The active members of a community holding one of `roles`. */
export async function activeMembers(communityId: Id | string, roles: readonly Role[]): Promise<Member[]> {
  const users = await User.find(activeIn(communityId, roles), { name: 1, roles: 1, onDuty: 1 }).lean();
  return users.map((u) => ({ id: u._id, name: u.name, roles: (u.roles ?? []) as Role[], onDuty: Boolean(u.onDuty) }));
}

/** `userId` when they are an active member of the community with one of `roles`; else null. */
export async function activeMember(communityId: string, userId: string, roles: readonly Role[]): Promise<{ id: Id; name: string } | null> {
  const u = await User.findOne({ _id: new ObjectId(userId), roles: { $in: roles }, status: 'active' }, { name: 1, communityId: 1, communityIds: 1 }).lean();
  const member = u && (String(u.communityId) === communityId || (u.communityIds ?? []).some((c) => String(c) === communityId));
  return u && member ? { id: u._id, name: u.name } : null;
}

/** How many active users of the community (home members) hold one of `roles`. */
export function countMembers(communityId: Id | string, roles: readonly Role[]): Promise<number> {
  return User.countDocuments({ communityId: oid(communityId), roles: { $in: roles }, status: 'active' });
}

export interface TechnicianRecord {
  id: Id;
  name: string;
  phone: string;
  skills: string[];
  onDuty: boolean;
}

const toTechnician = (u: { _id: Id; name: string; phone?: string | null; skills?: string[] | null; onDuty?: boolean | null }): TechnicianRecord => ({
  id: u._id,
  name: u.name,
  phone: u.phone ?? '',
  skills: [...(u.skills ?? [])],
  onDuty: Boolean(u.onDuty),
});

/** The community's active technicians (by name), or only those on duty. */
export async function technicians(communityId: Id | string, opts: { onDuty?: true } = {}): Promise<TechnicianRecord[]> {
  const users = await User.find({ communityId: oid(communityId), roles: 'technician', status: 'active', ...(opts.onDuty ? { onDuty: true } : {}) }, { name: 1, phone: 1, skills: 1, onDuty: 1 })
    .sort({ name: 1 })
    .lean();
  return users.map(toTechnician);
}

/** An active technician of the community, or null. */
export async function technician(communityId: Id | string, userId: string): Promise<TechnicianRecord | null> {
  const u = await User.findOne({ _id: new ObjectId(userId), communityId: oid(communityId), roles: 'technician', status: 'active' }, { name: 1, phone: 1, skills: 1, onDuty: 1 }).lean();
  return u ? toTechnician(u) : null;
}

export interface OwnerRecord {
  id: Id;
  name: string;
  phone: string;
  unitIds: Id[];
}

/** Active owners of one community (or of every community in a job's scope), optionally only those bound to `unitId`. */
export async function owners(where: { communityId: Id | string } | { scope?: JobScope }, opts: { unitId?: Id } = {}): Promise<OwnerRecord[]> {
  const filter = 'communityId' in where ? { communityId: oid(where.communityId) } : inScope(where.scope);
  const users = await User.find({ ...filter, roles: 'owner', status: 'active', ...(opts.unitId ? { unitIds: opts.unitId } : {}) }, { name: 1, phone: 1, unitIds: 1 }).lean();
  return users.map((u) => ({ id: u._id, name: u.name, phone: u.phone ?? '', unitIds: u.unitIds ?? [] }));
}

/** An owner as a job that messages whole communities keeps it: ids as strings, nothing else. */
export interface OwnerContact {
  id: string;
  name: string;
  phone: string;
}

/**
 * The owners of many units as a job that messages whole communities keeps them, packed: per unit one
 * string (`id␟name␟phone`, owners separated by ␞) instead of an array of objects — a fifth of the
 * memory at 100,000 units (8 MB, not 28). `get` unpacks one unit's owners when its message is written.
 */
export class UnitOwners {
  private readonly packed = new Map<string, string>();

  add(unitId: string, contact: OwnerContact): void {
    const entry = `${contact.id}\u001f${contact.name.replace(/[\u001e\u001f]/g, '')}\u001f${contact.phone.replace(/[\u001e\u001f]/g, '')}`;
    const before = this.packed.get(unitId);
    this.packed.set(unitId, before === undefined ? entry : `${before}\u001e${entry}`);
  }

  get(unitId: string): OwnerContact[] {
    const packed = this.packed.get(unitId);
    if (packed === undefined) return [];
    return packed.split('\u001e').map((entry) => {
      const [id, name, phone] = entry.split('\u001f');
      return { id, name, phone };
    });
  }

  /** Every owner's id, once. */
  ownerIds(): Set<string> {
    const out = new Set<string>();
    for (const packed of this.packed.values()) for (const entry of packed.split('\u001e')) out.add(entry.slice(0, entry.indexOf('\u001f')));
    return out;
  }
}

/** The active owners of a job's communities by unit, streamed into one packed directory (no array of user documents held). */
export async function ownersByUnitIn(scope?: JobScope): Promise<UnitOwners> {
  const out = new UnitOwners();
  for await (const u of User.find({ ...inScope(scope), roles: 'owner', status: 'active' }, { name: 1, phone: 1, unitIds: 1 }).batchSize(5000).lean().cursor()) {
    const contact = { id: String(u._id), name: u.name, phone: u.phone ?? '' };
    for (const unitId of u.unitIds ?? []) out.add(String(unitId), contact);
  }
  return out;
}

/** An owner of the community by id (whatever their status), or null. */
export async function ownerOf(communityId: string, userId: string): Promise<{ id: Id; name: string } | null> {
  const u = await User.findOne({ _id: new ObjectId(userId), communityId: new ObjectId(communityId), roles: 'owner' }, { name: 1 }).lean();
  return u ? { id: u._id, name: u.name } : null;
}

/** A user's name, phone and (technicians) skills, or null. */
export async function profileOf(userId: string): Promise<{ name: string; phone: string; skills: string[] } | null> {
  const u = await User.findById(userId, { name: 1, phone: 1, skills: 1 }).lean();
  return u ? { name: u.name, phone: u.phone ?? '', skills: [...(u.skills ?? [])] } : null;
}

export interface Contact {
  id: Id;
  name: string;
  phone: string;
  /** The first unit the person is bound to. */
  unitId?: Id;
  /** The person's WeChat identities: one openid per app (mini-program, official account). */
  openids: { appId: string; openid: string }[];
}

/** Names, phones, first units and WeChat openids of people, in two queries (a single person: by-id reads). */
export async function contactsOf(userIds: readonly Id[]): Promise<Map<string, Contact>> {
  const unique = [...new Map(userIds.map((id) => [String(id), id])).values()];
  const users = unique.length === 1 ? await User.find({ _id: unique[0] }, { name: 1, phone: 1, unitIds: 1 }).lean() : await User.find({ _id: { $in: unique } }, { name: 1, phone: 1, unitIds: 1 }).lean();
  const identities = await WechatIdentity.find(unique.length === 1 ? { userId: unique[0] } : { userId: { $in: unique } }, { appId: 1, openid: 1, userId: 1 }).lean();
  const byUser = new Map<string, { appId: string; openid: string }[]>();
  for (const i of identities) byUser.set(String(i.userId), [...(byUser.get(String(i.userId)) ?? []), { appId: i.appId, openid: i.openid }]);
  const out = new Map<string, Contact>();
  for (const u of users) {
    const first = (u.unitIds ?? [])[0];
    out.set(String(u._id), { id: u._id, name: u.name, phone: u.phone ?? '', ...(first ? { unitId: first } : {}), openids: byUser.get(String(u._id)) ?? [] });
  }
  return out;
}

/** The WeChat identities (one openid per app) of people whose names and phones the caller already has: one query. */
export async function wechatIdsOf(userIds: readonly Id[]): Promise<Map<string, { appId: string; openid: string }[]>> {
  const unique = [...new Map(userIds.map((id) => [String(id), id])).values()];
  const out = new Map<string, { appId: string; openid: string }[]>(unique.map((id) => [String(id), []]));
  if (!unique.length) return out;
  const identities = await WechatIdentity.find(unique.length === 1 ? { userId: unique[0] } : { userId: { $in: unique } }, { appId: 1, openid: 1, userId: 1 }).lean();
  for (const i of identities) out.get(String(i.userId))?.push({ appId: i.appId, openid: i.openid });
  return out;
}

/** The mini-program openid of a user (the configured app), or null. */
export async function openidOf(userId: string): Promise<string | null> {
  const identity = await WechatIdentity.findOne({ appId: getConfig().wechat.appId, userId: new ObjectId(userId) }, { openid: 1 }).lean();
  return identity?.openid ?? null;
}

/** Names of the people of one community behind these openids (openid → name). */
export async function namesByOpenid(communityId: string, openids: readonly string[]): Promise<Map<string, string>> {
  const identities = await WechatIdentity.find({ openid: { $in: openids } }, { openid: 1, userId: 1 }).lean();
  const users = await User.find({ _id: { $in: identities.map((i) => i.userId).filter(Boolean) }, communityId: new ObjectId(communityId) }, { name: 1 }).lean();
  const nameOf = new Map(users.map((u) => [String(u._id), u.name]));
  return new Map(identities.filter((i) => nameOf.has(String(i.userId))).map((i) => [i.openid, nameOf.get(String(i.userId))!]));
}

// ---- owners and their units (the community module's binding decides; identity records it) ----

/** What binding needs to know of a user before binding them to a unit, or null. */
export async function bindingSubject(userId: Id): Promise<{ active: boolean; hasRoles: boolean; communityId?: Id } | null> {
  const u = await User.findById(userId, { status: 1, roles: 1, communityId: 1 }).lean();
  return u ? { active: u.status === 'active', hasRoles: (u.roles ?? []).length > 0, ...(u.communityId ? { communityId: u.communityId } : {}) } : null;
}

/**
 * The user becomes an owner (住户) of the unit's community, bound to the unit. A guest also takes
 * the name (and phone) the office has on record.
 */
export async function addOwnedUnit(userId: Id, unit: { communityId: Id; unitId: Id }, asGuest?: { name: string; phone?: string }): Promise<void> {
  await User.updateOne(
    { _id: userId },
    {
      $set: { communityId: unit.communityId, ...(asGuest ? { name: asGuest.name, ...(asGuest.phone ? { phone: asGuest.phone } : {}) } : {}) },
      $addToSet: { unitIds: unit.unitId, roles: 'owner' },
    },
  );
}

/** The user leaves the unit; left with no unit, they are no owner any more. Returns the units they keep. */
export async function removeOwnedUnit(userId: Id, unitId: Id): Promise<string[]> {
  await User.updateOne({ _id: userId }, { $pull: { unitIds: unitId } });
  const user = await User.findById(userId, { unitIds: 1, roles: 1 });
  if (user && (user.unitIds ?? []).length === 0) await User.updateOne({ _id: userId }, { $pull: { roles: 'owner' } });
  return (user?.unitIds ?? []).map(String);
}

// --- issue 25 helper B: the WeChat openids of many people at once (the fee reminder run) ---

/**
 * The WeChat identities (mini-program and official-account openids) of these users, for a job that
 * messages a whole community at once: one streamed read of the identities of the given apps (index
 * `{appId, openid}`), keeping only these users — not `userId: {$in: [...]}` with tens of thousands
 * of ids, which FerretDB tests against every document. Identities carry no community: those of
 * other users are skipped as they stream by, never kept.
 */
export async function openidsOfUsers(userIds: ReadonlySet<string>, appIds: readonly string[]): Promise<Map<string, { appId: string; openid: string }[]>> {
  const out = new Map<string, { appId: string; openid: string }[]>();
  if (!userIds.size || !appIds.length) return out;
  const cursor = WechatIdentity.find({ appId: appIds.length === 1 ? appIds[0] : { $in: [...appIds] } }, { appId: 1, openid: 1, userId: 1 }).batchSize(5000).lean().cursor();
  for await (const i of cursor) {
    const id = String(i.userId);
    if (!i.userId || !userIds.has(id)) continue;
    const list = out.get(id);
    if (list) list.push({ appId: i.appId, openid: i.openid });
    else out.set(id, [{ appId: i.appId, openid: i.openid }]);
  }
  return out;
}
