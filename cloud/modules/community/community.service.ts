import type {
  BuildingSummary,
  CommunityInfo,
  CommunityOverview,
  MyHome,
  MyProfile,
  StaffMember,
  UnitStatus,
  UnitSummary,
} from '@shared/contracts/community.contract';
import type { Paged } from '@shared/contracts/contract';
import { STAFF_ROLES, type Role } from '@shared/domain/roles';
import { AppError } from '../../lib/app-error';
import { mongoose } from '../../lib/db';
import { User } from '../identity/user.model';
import type { Caller } from '../identity/session.service';
import { Building, Community, Unit } from './community.model';

const { ObjectId } = mongoose.Types;

type UnitDoc = InstanceType<typeof Unit>;
type UserDoc = InstanceType<typeof User>;

async function communityInfo(communityId: string): Promise<CommunityInfo> {
  const c = await Community.findById(communityId);
  if (!c) throw new AppError('COMMUNITY.NOT_FOUND');
  return { id: String(c._id), name: c.name, address: c.address, servicePhone: c.servicePhone, serviceHours: c.serviceHours };
}

/** Owner names per unit id, for the given units (one query). */
async function ownerNamesByUnit(communityId: string, unitIds: unknown[]): Promise<Map<string, string[]>> {
  const owners = await User.find(
    { communityId: new ObjectId(communityId), roles: 'owner', unitIds: { $in: unitIds } },
    { name: 1, unitIds: 1 },
  ).sort({ name: 1 });
  const byUnit = new Map<string, string[]>();
  for (const o of owners) {
    for (const u of o.unitIds) {
      const key = String(u);
      byUnit.set(key, [...(byUnit.get(key) ?? []), o.name]);
    }
  }
  return byUnit;
}

function toUnitSummary(u: UnitDoc, owners: Map<string, string[]>): UnitSummary {
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

function toStaffMember(u: UserDoc): StaffMember {
  return {
    id: String(u._id),
    name: u.name,
    phone: u.phone,
    roles: u.roles.filter((r) => STAFF_ROLES.includes(r as Role)) as Role[],
    skills: [...u.skills],
    onDuty: u.onDuty,
  };
}

export async function myHome(caller: Caller): Promise<MyHome> {
  const units = await Unit.find({ communityId: new ObjectId(caller.communityId), _id: { $in: caller.unitIds.map((id) => new ObjectId(id)) } }).sort({ label: 1 });
  const owners = await ownerNamesByUnit(caller.communityId, units.map((u) => u._id));
  return { community: await communityInfo(caller.communityId), units: units.map((u) => toUnitSummary(u, owners)) };
}

export async function myProfile(caller: Caller): Promise<MyProfile> {
  const me = await User.findOne({ _id: new ObjectId(caller.userId), communityId: new ObjectId(caller.communityId) });
  if (!me) throw new AppError('AUTH.NOT_REGISTERED');
  return { community: await communityInfo(caller.communityId), staff: toStaffMember(me) };
}

export async function overview(caller: Caller): Promise<CommunityOverview> {
  const communityId = new ObjectId(caller.communityId);
  const [community, buildings, units, owners, staff] = await Promise.all([
    communityInfo(caller.communityId),
    Building.find({ communityId }).sort({ sort: 1, name: 1 }),
    Unit.find({ communityId }, { buildingId: 1, status: 1 }),
    User.countDocuments({ communityId, roles: 'owner', status: 'active' }),
    User.countDocuments({ communityId, roles: { $in: STAFF_ROLES }, status: 'active' }),
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
  query: { buildingId?: string; page: number; pageSize: number },
): Promise<Paged<UnitSummary>> {
  const filter: Record<string, unknown> = { communityId: new ObjectId(caller.communityId) };
  if (query.buildingId) filter.buildingId = new ObjectId(query.buildingId);
  const [total, units] = await Promise.all([
    Unit.countDocuments(filter),
    Unit.find(filter)
      .sort({ label: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize),
  ]);
  const owners = await ownerNamesByUnit(caller.communityId, units.map((u) => u._id));
  return { items: units.map((u) => toUnitSummary(u, owners)), total, page: query.page, pageSize: query.pageSize };
}

export async function listStaff(caller: Caller): Promise<StaffMember[]> {
  const staff = await User.find({ communityId: new ObjectId(caller.communityId), roles: { $in: STAFF_ROLES }, status: 'active' }).sort({ name: 1 });
  return staff.map(toStaffMember);
}
