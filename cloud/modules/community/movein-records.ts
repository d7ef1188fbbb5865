import type { UnitStatus } from '@shared/domain/units';
import { mongoose } from '../../lib/db';
import { addOwnedUnit } from '../identity';
import { Unit } from './community.model';
import { Resident } from './household.model';

type Id = mongoose.Types.ObjectId;

/**
 * A finished move-in (入伙, movein.md "The 入伙手续书 (checklist)") written into the office's records at
 * once: the buyer is the unit's owner (业主) on record — their resident record (found by id, else by
 * name, else made) takes the relation owner, phone, ID number and the move-in day —, the unit takes
 * the status the agent chose (自住 / 出租 / 空置), and the buyer's app account, when there is one, owns
 * the unit. Every module reads these records: the new owner shows everywhere from the next read.
 * Writing it again with the same values changes nothing (a completion replayed).
 */
export async function recordMoveIn(
  communityId: Id,
  unitId: Id,
  owner: { name: string; phone: string; idNumber: string; residentId?: Id; userId?: Id },
  occupancy: UnitStatus,
  movedInOn: string,
): Promise<{ residentId: Id; userId?: Id }> {
  const byId = owner.residentId ? await Resident.findOne({ _id: owner.residentId, communityId, unitId }) : null;
  const resident = byId ?? (await Resident.findOne({ communityId, unitId, name: owner.name }));
  const fields = {
    name: owner.name,
    relation: 'owner',
    ...(owner.phone ? { phone: owner.phone } : {}),
    ...(owner.idNumber ? { idNumber: owner.idNumber } : {}),
    movedInOn,
    ...(owner.userId ? { userId: owner.userId } : {}),
  };
  let residentId: Id;
  let userId: Id | undefined = owner.userId;
  if (resident) {
    await Resident.updateOne({ _id: resident._id }, { $set: fields });
    residentId = resident._id;
    userId ??= resident.userId ?? undefined;
  } else {
    residentId = (await Resident.create({ communityId, unitId, ...fields }))._id;
  }
  if (userId) await addOwnedUnit(userId, { communityId, unitId });
  await Unit.updateOne({ _id: unitId, communityId }, { $set: { status: occupancy } });
  return { residentId, ...(userId ? { userId } : {}) };
}

/** A unit's status in the records (自住 / 出租 / 空置), or null when it is not of the community. */
export async function unitStatusOf(communityId: Id, unitId: Id): Promise<{ label: string; buildingId: Id; status: UnitStatus } | null> {
  const u = await Unit.findOne({ _id: unitId, communityId }, { label: 1, buildingId: 1, status: 1 }).lean();
  return u ? { label: u.label, buildingId: u.buildingId, status: (u.status ?? 'vacant') as UnitStatus } : null;
}
