import type { ResidentRelation } from '@shared/domain/household';
import type { UnitStatus } from '@shared/domain/units';
import type { ParkingKind } from '@shared/domain/vehicles';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { Building, Unit } from './community.model';
import { ParkingSpace, Resident, Vehicle } from './household.model';

/**
 * The records in bulk (the imports module's preview and commit): a snapshot of the community's
 * records as plain data, and planned writes performed in bulk. One read per collection, inserts in
 * bulk, updates in commands of at most 50, in dependency order. (FerretDB v1 costs a pass over the
 * collection per operation, and per updated document: few operations, no needless updates.)
 */
type Id = mongoose.Types.ObjectId;
const { ObjectId } = mongoose.Types;
const oid = (id: string): Id => new ObjectId(id);
const str = (id: Id | null | undefined): string | undefined => (id ? String(id) : undefined);

/** The community's records, as plain data (ids as strings). */
export interface BuildingSnap {
  id: string;
  name: string;
  floors: number;
  sort: number;
}
export interface UnitSnap {
  id: string;
  buildingId: string;
  entrance: string;
  room: string;
  label: string;
  floor: number;
  areaM2: number;
  status: UnitStatus;
}
export interface ResidentSnap {
  id: string;
  unitId: string;
  name: string;
  relation: ResidentRelation;
  phone: string;
  idNumber: string;
}
export interface VehicleSnap {
  id: string;
  unitId: string;
  plate: string;
  parkingSpaceId?: string;
}
export interface SpaceSnap {
  id: string;
  code: string;
  kind: ParkingKind;
  unitId?: string;
}
export interface Snapshot {
  buildings: BuildingSnap[];
  units: UnitSnap[];
  residents: ResidentSnap[];
  vehicles: VehicleSnap[];
  spaces: SpaceSnap[];
}

/** A document to insert (with its new id) or the fields to set on an existing one. */
export interface Insert<T> {
  id: string;
  doc: T;
}
export interface Update<T> {
  id: string;
  set: Partial<T>;
}

export interface Writes {
  buildings: { insert: Insert<{ name: string; floors: number; sort: number }>[]; update: Update<{ floors: number }>[] };
  units: { insert: Insert<Omit<UnitSnap, 'id'>>[]; update: Update<Pick<UnitSnap, 'floor' | 'areaM2' | 'status'>>[] };
  residents: { insert: Insert<Omit<ResidentSnap, 'id'>>[]; update: Update<Pick<ResidentSnap, 'relation' | 'phone' | 'idNumber'>>[] };
  spaces: { insert: Insert<Omit<SpaceSnap, 'id'>>[]; update: Update<Pick<SpaceSnap, 'kind' | 'unitId'>>[] };
  vehicles: { insert: Insert<Omit<VehicleSnap, 'id'>>[]; update: Update<Pick<VehicleSnap, 'parkingSpaceId'>>[] };
}

/** Which records a snapshot needs besides buildings and units. */
export interface SnapshotNeeds {
  residents: boolean;
  vehicles: boolean;
}

export async function loadSnapshot(communityId: string, needs: SnapshotNeeds): Promise<Snapshot> {
  const cid = oid(communityId);
  const [buildings, units, residents, vehicles, spaces] = await Promise.all([
    Building.find({ communityId: cid }, { name: 1, floors: 1, sort: 1 }).lean(),
    Unit.find({ communityId: cid }, { buildingId: 1, entrance: 1, room: 1, label: 1, floor: 1, areaM2: 1, status: 1 }).lean(),
    needs.residents ? Resident.find({ communityId: cid }, { unitId: 1, name: 1, relation: 1, phone: 1, idNumber: 1 }).lean() : [],
    needs.vehicles ? Vehicle.find({ communityId: cid }, { unitId: 1, plate: 1, parkingSpaceId: 1 }).lean() : [],
    needs.vehicles ? ParkingSpace.find({ communityId: cid }, { code: 1, kind: 1, unitId: 1 }).lean() : [],
  ]);
  return {
    buildings: buildings.map((b) => ({ id: String(b._id), name: b.name, floors: b.floors, sort: b.sort ?? 0 })),
    units: units.map((u) => ({
      id: String(u._id),
      buildingId: String(u.buildingId),
      entrance: u.entrance,
      room: u.room,
      label: u.label,
      floor: u.floor,
      areaM2: u.areaM2,
      status: (u.status ?? 'vacant') as UnitStatus,
    })),
    residents: residents.map((r) => ({
      id: String(r._id),
      unitId: String(r.unitId),
      name: r.name,
      relation: r.relation as ResidentRelation,
      phone: r.phone ?? '',
      idNumber: r.idNumber ?? '',
    })),
    vehicles: vehicles.map((v) => ({ id: String(v._id), unitId: String(v.unitId), plate: v.plate, ...(v.parkingSpaceId ? { parkingSpaceId: String(v.parkingSpaceId) } : {}) })),
    spaces: spaces.map((s) => ({ id: String(s._id), code: s.code, kind: (s.kind ?? 'unassigned') as ParkingKind, ...(s.unitId ? { unitId: str(s.unitId) } : {}) })),
  };
}

/**
 * Statements per update command. FerretDB v1 keeps every statement's cursor open until the whole
 * command ends and deadlocks once its SQLite pool (100 connections) runs out: a bulkWrite of
 * 100 updateOne never returns. Chunks of 50 are safe there and cost nothing on MongoDB.
 */
const UPDATES_PER_COMMAND = 50;

/**
 * `$set` of a planned update, with ids as ObjectIds and undefined ids unset. The filter is the
 * `_id` alone: every id in a plan was read with the community's filter (loadSnapshot), and FerretDB
 * v1 pushes down only an `_id` equality (any other filter decodes the whole collection per statement).
 */
function toUpdate(id: string, set: Record<string, unknown>) {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const [k, v] of Object.entries(set)) {
    if (k.endsWith('Id')) {
      if (typeof v === 'string') $set[k] = oid(v);
      else $unset[k] = '';
    } else $set[k] = v;
  }
  return { updateOne: { filter: { _id: oid(id) }, update: { $set, ...(Object.keys($unset).length ? { $unset } : {}) } } };
}

/**
 * A planned insert as a document: ids as ObjectIds, the community's id and timestamps added.
 * Inserted lean (no mongoose hydration or validation: the plan holds values the row rules have
 * already checked), which halves the time of a 5,000-unit insert.
 */
function toDoc(communityId: Id, id: string, doc: Record<string, unknown>, at: Date) {
  const out: Record<string, unknown> = { _id: oid(id), communityId, createdAt: at, updatedAt: at };
  for (const [k, v] of Object.entries(doc)) {
    if (v === undefined) continue;
    out[k] = k.endsWith('Id') && typeof v === 'string' ? oid(v) : v;
  }
  return out;
}

interface Target {
  insertMany(docs: Record<string, unknown>[], opts: { ordered: boolean; lean: true }): Promise<unknown>;
  bulkWrite(ops: ReturnType<typeof toUpdate>[], opts: { ordered: boolean }): Promise<unknown>;
}

/** Told after every write command, so a long commit can keep its lease. */
export type Progress = () => Promise<void>;

async function write(
  model: Target,
  communityId: Id,
  w: { insert: { id: string; doc: object }[]; update: { id: string; set: object }[] },
  progress: Progress,
): Promise<void> {
  if (w.insert.length > 0) {
    const at = now();
    await model.insertMany(
      w.insert.map((i) => toDoc(communityId, i.id, i.doc as Record<string, unknown>, at)),
      { ordered: false, lean: true },
    );
    await progress();
  }
  for (let i = 0; i < w.update.length; i += UPDATES_PER_COMMAND) {
    const chunk = w.update.slice(i, i + UPDATES_PER_COMMAND);
    await model.bulkWrite(chunk.map((u) => toUpdate(u.id, u.set as Record<string, unknown>)), { ordered: false });
    await progress();
  }
}

/**
 * Perform the planned writes: buildings before units, parking spaces before vehicles. Every write
 * is keyed by the plan, which a retry makes again against the records as they are, so a commit
 * that stopped halfway completes without duplicates when run again.
 */
export async function applyWrites(w: Writes, communityId: string, progress: Progress = async () => undefined): Promise<void> {
  const cid = oid(communityId);
  await write(Building, cid, w.buildings, progress);
  await write(Unit, cid, w.units, progress);
  await write(Resident, cid, w.residents, progress);
  await write(ParkingSpace, cid, w.spaces, progress);
  await write(Vehicle, cid, w.vehicles, progress);
}
