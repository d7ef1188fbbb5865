import type { UnitStatus } from '@shared/domain/units';
import type { Caller } from '../../lib/caller';
import { idSharer, mongoose } from '../../lib/db';
import { inScope, type JobScope } from '../../lib/job-scope';
import { Building, Community, Unit } from './community.model';
import { ParkingSpace, Resident } from './household.model';

/**
 * What other modules read of the community's records: names, labels, units, buildings, owners on
 * record, parking spaces. The community module owns these collections; everything another module
 * needs of them is a function here (exported by community/index.ts), never a query on a model.
 */
const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;
const oid = (id: Id | string): Id => (typeof id === 'string' ? new ObjectId(id) : id);

/**
 * Names of communities by id (only those that exist). On the request path of every page (auth.me):
 * native reads, and nearly everyone has one community — a by-id read (FerretDB serves `_id`
 * equality from its index, `$in` by a scan).
 */
export async function communityNames(ids: readonly string[]): Promise<Map<string, string>> {
  const oids = ids.map((id) => new ObjectId(id));
  const communities = Community.collection;
  const found =
    oids.length === 1
      ? [await communities.findOne<{ _id: Id; name: string }>({ _id: oids[0] }, { projection: { name: 1 } })].filter((c) => c !== null)
      : oids.length > 1
        ? await communities.find<{ _id: Id; name: string }>({ _id: { $in: oids } }, { projection: { name: 1 } }).toArray()
        : [];
  return new Map(found.map((c) => [String(c._id), c.name]));
}

/** A community's name ('' when unknown). */
export async function communityName(communityId: Id | string): Promise<string> {
  const c = await Community.findById(oid(communityId), { name: 1 }).lean();
  return c?.name ?? '';
}

/** A community's name and service phone, or null. */
export async function communityContact(communityId: Id | string): Promise<{ name: string; servicePhone: string } | null> {
  const c = await Community.findById(oid(communityId), { name: 1, servicePhone: 1 }).lean();
  return c ? { name: c.name, servicePhone: c.servicePhone ?? '' } : null;
}

/**
 * The communities a job run works through (lib/slices.ts runSliced), in a stable order: every
 * community for a timer run, the manager's for a manual one (a scope's ids that name no community are dropped).
 */
export async function communityIdsIn(scope?: JobScope): Promise<string[]> {
  const communities = await Community.find(inScope(scope, '_id'), { _id: 1 }).sort({ _id: 1 }).lean();
  return communities.map((c) => String(c._id));
}

/** Service phones of every community (or those in a job's scope), by community id. */
export async function servicePhones(scope?: JobScope): Promise<Map<string, string>> {
  const communities = await Community.find(inScope(scope, '_id'), { servicePhone: 1 }).lean();
  return new Map(communities.map((c) => [String(c._id), c.servicePhone ?? '']));
}

/** Labels of units by id ('1栋1单元1502'); one unit: a by-id read. */
export async function unitLabels(unitIds: readonly Id[]): Promise<Map<string, string>> {
  if (!unitIds.length) return new Map();
  const units = await Unit.find(unitIds.length === 1 ? { _id: unitIds[0] } : { _id: { $in: unitIds } }, { label: 1 }).lean();
  return new Map(units.map((u) => [String(u._id), u.label]));
}

/**
 * Units an access check of this invocation found for the caller (`ownUnit`), keyed by the Caller
 * object the pipeline passes on to the handler: `unitOf(…, caller)` answers from it without a read.
 */
const unitsFoundFor = new WeakMap<Caller, Map<string, { _id: Id; communityId: Id; label: string }>>();

/** A unit of the caller's community, read by an access check (community.access.ts), kept for the rest of the invocation. */
export async function findUnitFor(caller: Caller, unitId: Id): Promise<{ _id: Id; label: string } | null> {
  const u = await Unit.findOne({ _id: unitId, communityId: caller.communityId }, { label: 1, communityId: 1 }).lean();
  if (!u) return null;
  const found = unitsFoundFor.get(caller) ?? new Map<string, { _id: Id; communityId: Id; label: string }>();
  found.set(String(u._id), { _id: u._id, communityId: u.communityId, label: u.label });
  unitsFoundFor.set(caller, found);
  return { _id: u._id, label: u.label };
}

/**
 * A unit of the community (its label), or null. `caller`: a unit an access check already read for
 * this caller in this invocation is not read again.
 */
export async function unitOf(communityId: Id | string, unitId: Id | string, caller?: Caller): Promise<{ _id: Id; label: string } | null> {
  const seen = caller ? unitsFoundFor.get(caller)?.get(String(unitId)) : undefined;
  if (seen && String(seen.communityId) === String(communityId)) return { _id: seen._id, label: seen.label };
  const u = await Unit.findOne({ _id: oid(unitId), communityId: oid(communityId) }, { label: 1 }).lean();
  return u ? { _id: u._id, label: u.label } : null;
}

export interface UnitRecord {
  _id: Id;
  communityId: Id;
  buildingId: Id;
  label: string;
  floor: number;
  areaM2: number;
  status: UnitStatus;
}

const UNIT_FIELDS = { communityId: 1, buildingId: 1, label: 1, floor: 1, areaM2: 1, status: 1 } as const;
const toUnit = (u: { _id: Id; communityId: Id; buildingId: Id; label: string; floor: number; areaM2: number; status?: string | null }): UnitRecord => ({
  _id: u._id,
  communityId: u.communityId,
  buildingId: u.buildingId,
  label: u.label,
  floor: u.floor,
  areaM2: u.areaM2,
  status: (u.status ?? 'vacant') as UnitStatus,
});

/**
 * Every unit of every community (or of those in a job's scope: `{ communityIds: [id] }` for one community),
 * streamed into records one at a time (never the driver's documents and the records at once). The units
 * of one community or building share one id object each (the few communities and buildings of 100,000
 * units are not 200,000 ObjectIds in memory).
 */
export async function unitsOf(scope?: JobScope): Promise<UnitRecord[]> {
  const share = idSharer<Id>();
  const out: UnitRecord[] = [];
  for await (const u of Unit.find(inScope(scope), UNIT_FIELDS).batchSize(5000).lean().cursor()) {
    const unit = toUnit(u);
    unit.communityId = share(unit.communityId);
    unit.buildingId = share(unit.buildingId);
    out.push(unit);
  }
  return out;
}

/** Units by id (any order). */
export async function unitsByIds(unitIds: readonly Id[]): Promise<UnitRecord[]> {
  return (await Unit.find({ _id: { $in: unitIds } }, UNIT_FIELDS).lean()).map(toUnit);
}

/** The community's buildings, in their order (sort, then name). */
export async function buildingsOf(communityId: Id | string): Promise<{ _id: Id; name: string; floors: number; sort: number }[]> {
  const buildings = await Building.find({ communityId: oid(communityId) }, { name: 1, floors: 1, sort: 1 }).sort({ sort: 1, name: 1 }).lean();
  return buildings.map((b) => ({ _id: b._id, name: b.name, floors: b.floors, sort: b.sort ?? 0 }));
}

/** The owners (业主) on record of these units, whether or not they use the mini-program. */
export async function recordedOwners(communityId: Id | string, unitIds: readonly Id[]): Promise<{ _id: Id; unitId: Id; name: string; phone: string; userId?: Id }[]> {
  const owners = await Resident.find({ communityId: oid(communityId), unitId: { $in: unitIds }, relation: 'owner' }, { unitId: 1, name: 1, phone: 1, userId: 1 }).lean();
  return owners.map((o) => ({ _id: o._id, unitId: o.unitId, name: o.name, phone: o.phone ?? '', ...(o.userId ? { userId: o.userId } : {}) }));
}

/** The units of a community with an owner on record (one `distinct`: ids only). */
export async function ownedUnitIds(communityId: Id | string): Promise<Set<string>> {
  const ids = (await Resident.distinct('unitId', { communityId: oid(communityId), relation: 'owner' })) as Id[];
  return new Set(ids.map(String));
}

/** The WeChat user bound to a resident of the unit with this phone (who then gets the messages), if any. */
export async function boundResidentUserId(communityId: Id | string, unitId: Id | string, phone: string | undefined): Promise<Id | undefined> {
  const resident = await Resident.findOne({ communityId: oid(communityId), unitId: oid(unitId), phone, userId: { $exists: true } }, { userId: 1 }).lean();
  return resident?.userId ?? undefined;
}

/** Units of every parking space assigned to one (every community, or those in a job's scope): one entry per space. */
export async function spaceHolders(scope?: JobScope): Promise<Id[]> {
  const spaces = await ParkingSpace.find({ ...inScope(scope), unitId: { $exists: true } }, { unitId: 1 }).lean();
  return spaces.flatMap((s) => (s.unitId ? [s.unitId] : []));
}

/** Codes of the parking spaces assigned to a unit. */
export async function spaceCodesOf(communityId: Id | string, unitId: Id | string): Promise<string[]> {
  const spaces = await ParkingSpace.find({ communityId: oid(communityId), unitId: oid(unitId) }, { code: 1 }).lean();
  return spaces.map((s) => s.code);
}
