import type { ResidentRecord, UnitDetail } from '@shared/contracts/community.contract';
import type { ResidentRelation } from '@shared/domain/household';
import { maskIdNumber } from '@shared/domain/privacy';
import type { UnitStatus } from '@shared/domain/units';
import { normalizeSpaceCode } from '@shared/domain/vehicles';
import { AppError } from '../../lib/app-error';
import { mongoose } from '../../lib/db';
import type { Caller } from '../../lib/caller';
import { detachUserFromUnit } from './binding.service';
import { Building, Unit } from './community.model';
import { ownerNamesByUnit, toUnitSummary } from './community.service';
import { ParkingSpace, Resident, Vehicle } from './household.model';
import { spaceRecords, type SpaceLean } from './parking.service';

/**
 * Staff maintenance of the office's records (物业资料管理): units, residents, vehicles, parking
 * spaces and the team. The policy in the contract has already checked role and community scope
 * of every referenced record; what is checked here is how records relate to each other.
 */
const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

const cid = (caller: Caller) => new ObjectId(caller.communityId);

/** Managers see ID numbers in full; everyone else masked. Phones are full here: these roles call owners. */
function toResidentRecord(r: InstanceType<typeof Resident>, caller: Caller): ResidentRecord {
  return {
    id: String(r._id),
    name: r.name,
    relation: r.relation as ResidentRelation,
    phone: r.phone,
    idNumber: caller.roles.includes('manager') ? r.idNumber : maskIdNumber(r.idNumber),
    boundToApp: Boolean(r.userId),
  };
}

export async function unitDetail(caller: Caller, unitId: string): Promise<UnitDetail> {
  const communityId = cid(caller);
  const unit = await Unit.findOne({ _id: new ObjectId(unitId), communityId });
  if (!unit) throw new AppError('UNIT.NOT_FOUND');
  const [building, residents, vehicles, spaces, owners] = await Promise.all([
    Building.findById(unit.buildingId, { name: 1 }),
    Resident.find({ communityId, unitId: unit._id }).sort({ relation: 1, name: 1 }),
    Vehicle.find({ communityId, unitId: unit._id }).sort({ plate: 1 }),
    ParkingSpace.find({ communityId, unitId: unit._id }, { history: 0 }).sort({ code: 1 }).lean() as Promise<SpaceLean[]>,
    ownerNamesByUnit(caller.communityId, [unit._id]),
  ]);
  const codes = new Map((await ParkingSpace.find({ communityId, _id: { $in: vehicles.map((v) => v.parkingSpaceId).filter(Boolean) } }, { code: 1 })).map((s) => [String(s._id), s.code]));
  const order: Record<string, number> = { owner: 0, family: 1, tenant: 2 };
  return {
    ...toUnitSummary(unit, owners),
    buildingName: building?.name ?? '',
    entrance: unit.entrance,
    room: unit.room,
    residents: residents.sort((a, b) => order[a.relation] - order[b.relation]).map((r) => toResidentRecord(r, caller)),
    vehicles: vehicles.map((v) => {
      const space = v.parkingSpaceId ? codes.get(String(v.parkingSpaceId)) : undefined;
      return { id: String(v._id), plate: v.plate, ...(space ? { parkingSpace: space } : {}) };
    }),
    parkingSpaces: await spaceRecords(communityId, spaces),
  };
}

export async function saveUnit(caller: Caller, input: { unitId: string; status?: UnitStatus; areaM2?: number }): Promise<UnitDetail> {
  const $set = { ...(input.status ? { status: input.status } : {}), ...(input.areaM2 !== undefined ? { areaM2: Math.round(input.areaM2 * 100) / 100 } : {}) };
  if (Object.keys($set).length) await Unit.updateOne({ _id: new ObjectId(input.unitId), communityId: cid(caller) }, { $set });
  return unitDetail(caller, input.unitId);
}

export async function saveResident(
  caller: Caller,
  input: { unitId: string; residentId?: string; name: string; relation: ResidentRelation; phone: string; idNumber?: string },
): Promise<UnitDetail> {
  const communityId = cid(caller);
  const unitId = new ObjectId(input.unitId);
  const sameName = await Resident.findOne({ communityId, unitId, name: input.name });
  if (sameName && String(sameName._id) !== input.residentId) throw new AppError('RESIDENT.DUPLICATE', `该房屋已登记住户“${input.name}”`);
  const fields = { name: input.name, relation: input.relation, phone: input.phone, ...(input.idNumber !== undefined ? { idNumber: input.idNumber } : {}) };
  if (input.residentId) {
    const { matchedCount } = await Resident.updateOne({ _id: new ObjectId(input.residentId), communityId, unitId }, { $set: fields });
    if (matchedCount === 0) throw new AppError('RESIDENT.NOT_FOUND', '该住户不属于这套房屋');
  } else {
    await Resident.create({ communityId, unitId, ...fields });
  }
  return unitDetail(caller, input.unitId);
}

/** A resident moves out: the record goes, and a WeChat user bound through it loses the unit. */
export async function removeResident(caller: Caller, residentId: string): Promise<UnitDetail> {
  const resident = await Resident.findOneAndDelete({ _id: new ObjectId(residentId), communityId: cid(caller) });
  if (!resident) throw new AppError('RESIDENT.NOT_FOUND');
  if (resident.userId) await detachUserFromUnit(resident.userId, resident.unitId);
  return unitDetail(caller, String(resident.unitId));
}

/** The space of `code`, which must belong to `unitId` (spaces are assigned in parking-space management). */
async function spaceForUnit(communityId: Id, code: string, unitId: Id): Promise<Id> {
  const normalized = normalizeSpaceCode(code);
  const space = normalized ? await ParkingSpace.findOne({ communityId, code: normalized }) : null;
  if (!space) throw new AppError('PARKING.NOT_FOUND', `车位 ${code} 不存在，请先登记车位`);
  if (String(space.unitId) !== String(unitId)) throw new AppError('PARKING.TAKEN', `车位 ${space.code} 未分配给这套房屋`);
  return space._id;
}

export async function saveVehicle(caller: Caller, input: { unitId: string; vehicleId?: string; plate: string; parkingSpace?: string }): Promise<UnitDetail> {
  const communityId = cid(caller);
  const unitId = new ObjectId(input.unitId);
  const holder = await Vehicle.findOne({ communityId, plate: input.plate });
  if (holder && String(holder._id) !== input.vehicleId) {
    throw new AppError('VEHICLE.PLATE_TAKEN', String(holder.unitId) === input.unitId ? `车牌 ${input.plate} 已登记在这套房屋` : `车牌 ${input.plate} 已登记在其他房屋`);
  }
  const spaceId = input.parkingSpace ? await spaceForUnit(communityId, input.parkingSpace, unitId) : undefined;
  const update = { $set: { plate: input.plate, ...(spaceId ? { parkingSpaceId: spaceId } : {}) }, ...(spaceId ? {} : { $unset: { parkingSpaceId: 1 } }) };
  if (input.vehicleId) {
    const { matchedCount } = await Vehicle.updateOne({ _id: new ObjectId(input.vehicleId), communityId, unitId }, update);
    if (matchedCount === 0) throw new AppError('VEHICLE.NOT_FOUND', '该车辆不属于这套房屋');
  } else {
    await Vehicle.create({ communityId, unitId, plate: input.plate, ...(spaceId ? { parkingSpaceId: spaceId } : {}) });
  }
  return unitDetail(caller, input.unitId);
}

export async function removeVehicle(caller: Caller, vehicleId: string): Promise<UnitDetail> {
  const vehicle = await Vehicle.findOneAndDelete({ _id: new ObjectId(vehicleId), communityId: cid(caller) });
  if (!vehicle) throw new AppError('VEHICLE.NOT_FOUND');
  return unitDetail(caller, String(vehicle.unitId));
}
