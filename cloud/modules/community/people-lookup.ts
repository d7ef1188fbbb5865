import type { ResidentRelation } from '@shared/domain/household';
import { normalizeBuildingName, normalizeEntrance } from '@shared/domain/units';
import { roomVariants, type RoomQuery } from '@shared/domain/owner-lookup';
import { mongoose } from '../../lib/db';
import { Building, Unit } from './community.model';
import { Resident } from './household.model';

/**
 * Finding people and units for the desk's owner look-up (desk module, 一户一档). Every query is
 * bounded to one community; phones come back in full (the desk masks them before they leave).
 */
const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;
const oid = (id: Id | string): Id => (typeof id === 'string' ? new ObjectId(id) : id);

export interface ResidentEntry {
  _id: Id;
  unitId: Id;
  name: string;
  relation: ResidentRelation;
  phone: string;
  userId?: Id;
}

const toEntry = (r: { _id: Id; unitId: Id; name: string; relation: string; phone?: string | null; userId?: Id | null }): ResidentEntry => ({
  _id: r._id,
  unitId: r.unitId,
  name: r.name,
  relation: r.relation as ResidentRelation,
  phone: r.phone ?? '',
  ...(r.userId ? { userId: r.userId } : {}),
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Residents of the community matching one criterion: the phone (digits compared, dashes and spaces
 * ignored), the phone's last 4 digits, a name (contains), the units, the resident ids or the bound
 * user. At most `limit` (+1 to tell the caller there are more).
 */
export async function findResidents(
  communityId: Id | string,
  where: { phone?: string; phoneTail?: string; name?: string; unitIds?: readonly Id[]; residentIds?: readonly Id[]; userId?: Id | string },
  limit = 50,
): Promise<ResidentEntry[]> {
  const filter: Record<string, unknown> = { communityId: oid(communityId) };
  if (where.phone) filter.phone = { $regex: `^${where.phone.split('').map(escape).join('[-\\s]?')}$` };
  else if (where.phoneTail) filter.phone = { $regex: `${escape(where.phoneTail)}$` };
  else if (where.name) filter.name = { $regex: escape(where.name), $options: 'i' };
  else if (where.unitIds) filter.unitId = { $in: where.unitIds };
  else if (where.residentIds) filter._id = { $in: where.residentIds };
  else if (where.userId) filter.userId = oid(where.userId);
  else return [];
  const docs = await Resident.find(filter, { unitId: 1, name: 1, relation: 1, phone: 1, userId: 1 }).sort({ name: 1, _id: 1 }).limit(limit + 1).lean();
  return docs.map(toEntry);
}

/** Units of the community whose room is the typed one (and building / entrance when typed), by label. */
export async function findUnitsByRoom(communityId: Id | string, q: RoomQuery, limit = 50): Promise<{ _id: Id; label: string }[]> {
  const cid = oid(communityId);
  const filter: Record<string, unknown> = { communityId: cid, room: { $in: roomVariants(q.room) } };
  if (q.entrance) filter.entrance = normalizeEntrance(q.entrance);
  if (q.building) {
    const wanted = normalizeBuildingName(q.building);
    const buildings = await Building.find({ communityId: cid }, { name: 1 }).lean();
    const ids = buildings.filter((b) => normalizeBuildingName(b.name) === wanted).map((b) => b._id);
    if (!ids.length) return [];
    filter.buildingId = { $in: ids };
  }
  const units = await Unit.find(filter, { label: 1 }).sort({ label: 1 }).limit(limit + 1).lean();
  return units.map((u) => ({ _id: u._id, label: u.label }));
}
