import type {
  BuildingSummary,
  CommunityInfo,
  CommunityOverview,
  HouseholdMember,
  MyHome,
  MyParkingSpace,
  MyProfile,
  UnitStatus,
  UnitSummary,
  VehicleSummary,
} from '@shared/contracts/community.contract';
import type { ResidentRelation } from '@shared/domain/household';
import { maskPhone } from '@shared/domain/privacy';
import type { Paged } from '@shared/contracts/contract';
import { STAFF_ROLES } from '@shared/domain/roles';
import { localDay } from '@shared/domain/calendar';
import { LEASED_KINDS, leaseDaysLeft } from '@shared/domain/parking';
import type { ParkingKind } from '@shared/domain/vehicles';
import { now } from '../../lib/clock';
import { AppError } from '../../lib/app-error';
import { paged } from '../../lib/paging';
import { mongoose } from '../../lib/db';
import type { Caller } from '../../lib/caller';
import { countMembers, staffProfile } from '../identity';
import { Building, Community, Unit } from './community.model';
import { ParkingSpace, Resident, Vehicle } from './household.model';

const { ObjectId } = mongoose.Types;

type UnitDoc = InstanceType<typeof Unit>;

async function communityInfo(communityId: string): Promise<CommunityInfo> {
  const c = await Community.findById(communityId);
  if (!c) throw new AppError('COMMUNITY.NOT_FOUND');
  return { id: String(c._id), name: c.name, address: c.address, servicePhone: c.servicePhone, serviceHours: c.serviceHours };
}

/** Owner names per unit id, from the residents recorded as 业主 (one query). */
export async function ownerNamesByUnit(communityId: string, unitIds: unknown[]): Promise<Map<string, string[]>> {
  const owners = await Resident.find({ communityId: new ObjectId(communityId), relation: 'owner', unitId: { $in: unitIds } }, { name: 1, unitId: 1 }).sort({ name: 1 });
  const byUnit = new Map<string, string[]>();
  for (const o of owners) byUnit.set(String(o.unitId), [...(byUnit.get(String(o.unitId)) ?? []), o.name]);
  return byUnit;
}

const RELATION_ORDER: Record<ResidentRelation, number> = { owner: 0, family: 1, tenant: 2 };

/** Household members and vehicles of the given units, phones masked. */
async function householdsOf(caller: Caller, unitIds: mongoose.Types.ObjectId[]): Promise<Map<string, { household: HouseholdMember[]; vehicles: VehicleSummary[] }>> {
  const communityId = new ObjectId(caller.communityId);
  const [residents, vehicles] = await Promise.all([
    Resident.find({ communityId, unitId: { $in: unitIds } }).sort({ name: 1 }),
    Vehicle.find({ communityId, unitId: { $in: unitIds } }).sort({ plate: 1 }),
  ]);
  const spaceIds = vehicles.map((v) => v.parkingSpaceId).filter((id): id is mongoose.Types.ObjectId => Boolean(id));
  const spaces = new Map((await ParkingSpace.find({ communityId, _id: { $in: spaceIds } }, { code: 1 })).map((p) => [String(p._id), p.code]));
  const byUnit = new Map(unitIds.map((id) => [String(id), { household: [] as HouseholdMember[], vehicles: [] as VehicleSummary[] }]));
  for (const r of residents) {
    byUnit.get(String(r.unitId))?.household.push({
      id: String(r._id),
      name: r.name,
      relation: r.relation as ResidentRelation,
      phone: maskPhone(r.phone),
      isMe: r.userId ? String(r.userId) === caller.userId : false,
    });
  }
  for (const h of byUnit.values()) h.household.sort((a, b) => RELATION_ORDER[a.relation] - RELATION_ORDER[b.relation]);
  for (const v of vehicles) {
    const space = v.parkingSpaceId ? spaces.get(String(v.parkingSpaceId)) : undefined;
    byUnit.get(String(v.unitId))?.vehicles.push({ id: String(v._id), plate: v.plate, ...(space ? { parkingSpace: space } : {}) });
  }
  return byUnit;
}

/** A user's search text as a literal, case-insensitive pattern. */
export function literal(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

export function toUnitSummary(u: UnitDoc, owners: Map<string, string[]>): UnitSummary {
  return {
    id: String(u._id),
    buildingId: String(u.buildingId),
    label: u.label,
    floor: u.floor,
    areaM2: u.areaM2,
    status: u.status as UnitStatus,
    ownerNames: owners.get(String(u._id)) ?? [],
  };
}

/** The parking spaces of the given units, with their lease end and days left (by code). */
async function spacesOf(communityId: mongoose.Types.ObjectId, unitIds: mongoose.Types.ObjectId[]): Promise<Map<string, MyParkingSpace[]>> {
  const spaces = await ParkingSpace.find({ communityId, unitId: { $in: unitIds } }, { code: 1, kind: 1, unitId: 1, leaseEndsOn: 1 }).sort({ code: 1 }).lean();
  const today = localDay(now());
  const byUnit = new Map<string, MyParkingSpace[]>();
  for (const s of spaces) {
    const kind = (s.kind ?? 'unassigned') as ParkingKind;
    const lease = LEASED_KINDS.includes(kind) && s.leaseEndsOn ? s.leaseEndsOn : undefined;
    const mine: MyParkingSpace = { id: String(s._id), code: s.code, kind, ...(lease ? { leaseEndsOn: lease, daysLeft: leaseDaysLeft(lease, today) } : {}) };
    byUnit.set(String(s.unitId), [...(byUnit.get(String(s.unitId)) ?? []), mine]);
  }
  return byUnit;
}

export async function myHome(caller: Caller): Promise<MyHome> {
  const communityId = new ObjectId(caller.communityId);
  const units = await Unit.find({ communityId, _id: { $in: caller.unitIds.map((id) => new ObjectId(id)) } }).sort({ label: 1 });
  const ids = units.map((u) => u._id);
  const [owners, households, spaces, community] = await Promise.all([ownerNamesByUnit(caller.communityId, ids), householdsOf(caller, ids), spacesOf(communityId, ids), communityInfo(caller.communityId)]);
  return {
    community,
    units: units.map((u) => ({ ...toUnitSummary(u, owners), household: [], vehicles: [], ...households.get(String(u._id)), parkingSpaces: spaces.get(String(u._id)) ?? [] })),
  };
}

export async function myProfile(caller: Caller): Promise<MyProfile> {
  const staff = await staffProfile(caller);
  return { community: await communityInfo(caller.communityId), staff };
}

export async function overview(caller: Caller): Promise<CommunityOverview> {
  const communityId = new ObjectId(caller.communityId);
  const [community, buildings, units, owners, staff] = await Promise.all([
    communityInfo(caller.communityId),
    Building.find({ communityId }).sort({ sort: 1, name: 1 }),
    Unit.find({ communityId }, { buildingId: 1, status: 1 }),
    countMembers(communityId, ['owner']),
    countMembers(communityId, STAFF_ROLES),
  ]);
  const perBuilding = new Map<string, BuildingSummary>(
    buildings.map((b) => [String(b._id), { id: String(b._id), name: b.name, floors: b.floors, units: 0, occupied: 0, vacant: 0, renting: 0 }]),
  );
  const totals = { buildings: buildings.length, units: 0, occupied: 0, vacant: 0, renting: 0, owners, staff };
  for (const u of units) {
    const status = u.status as UnitStatus;
    totals.units += 1;
    totals[status] += 1;
    const b = perBuilding.get(String(u.buildingId));
    if (b) {
      b.units += 1;
      b[status] += 1;
    }
  }
  return { community, totals, buildings: [...perBuilding.values()] };
}

export async function listUnits(
  caller: Caller,
  query: { buildingId?: string; q?: string; page: number; pageSize: number },
): Promise<Paged<UnitSummary>> {
  const communityId = new ObjectId(caller.communityId);
  const filter: Record<string, unknown> = { communityId };
  if (query.buildingId) filter.buildingId = new ObjectId(query.buildingId);
  if (query.q) {
    const pattern = literal(query.q);
    const byName = await Resident.find({ communityId, name: pattern }, { unitId: 1 });
    filter.$or = [{ label: pattern }, { _id: { $in: byName.map((r) => r.unitId) } }];
  }
  return paged({ model: Unit, filter, sort: { label: 1, _id: 1 } }, query, async (docs: object[]) => {
    const units = docs.map((d) => Unit.hydrate(d));
    const owners = await ownerNamesByUnit(caller.communityId, units.map((u) => u._id));
    return units.map((u) => toUnitSummary(u, owners));
  });
}
