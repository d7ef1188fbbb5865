import type { ImportKind, ImportRowError } from '@shared/contracts/imports.contract';
import { normalizePhone } from '@shared/domain/contact';
import { floorOfRoom, normalizeBuildingName, unitKey, unitLabel, type UnitCode } from '@shared/domain/units';
import type { BuildingSnap, Insert, ResidentSnap, Snapshot, SpaceSnap, UnitSnap, Writes } from '../community';
import type { ResidentRow, RowsOf, UnitRow, VehicleRow } from './import-rows';

/**
 * What importing valid rows would do to the community's records (pure): for each row, create,
 * update or leave unchanged — or an error that only the records reveal (a unit that does not exist,
 * a plate of another unit). The writes are described, not performed (the community module's records-bulk.ts performs them).
 * The same plan is made at preview and again at commit, against the records as they are then.
 */

/** The community's records as plain data, and the writes a plan describes (the community module performs them). */
export type { BuildingSnap, Insert, ResidentSnap, Snapshot, SpaceSnap, UnitSnap, Update, VehicleSnap, Writes } from '../community';

export type Outcome = 'create' | 'update' | 'unchanged';

export interface Plan {
  /** Errors found against the records, in row order. */
  errors: ImportRowError[];
  /** The outcome of every row without errors (by row number). */
  outcomes: Map<number, Outcome>;
  counts: Record<Outcome, number>;
  writes: Writes;
}

export interface PlanContext {
  /** The column that names the unit in this file (房号 / 房屋编号), for unit-level errors. */
  unitColumn: string;
  /** A new document id. */
  newId: () => string;
}

const emptyWrites = (): Writes => ({
  buildings: { insert: [], update: [] },
  units: { insert: [], update: [] },
  residents: { insert: [], update: [] },
  spaces: { insert: [], update: [] },
  vehicles: { insert: [], update: [] },
});

/** Only the fields that differ; undefined in `next` keeps the current value. */
function changes<T extends object>(current: T, next: Partial<T>, same: (k: keyof T, a: T[keyof T], b: T[keyof T]) => boolean = (_k, a, b) => a === b): Partial<T> {
  const set: Partial<T> = {};
  for (const k of Object.keys(next) as (keyof T)[]) {
    const v = next[k];
    if (v !== undefined && !same(k, current[k], v as T[keyof T])) set[k] = v;
  }
  return set;
}

const isEmpty = (o: object) => Object.keys(o).length === 0;

/** Lookups over the snapshot: buildings by normalized name, units by unit code. */
class Directory {
  readonly buildingsByName = new Map<string, BuildingSnap>();
  readonly unitsByKey = new Map<string, UnitSnap>();
  readonly unitsById = new Map<string, UnitSnap>();
  constructor(snapshot: Snapshot) {
    const nameOf = new Map<string, string>();
    for (const b of snapshot.buildings) {
      const name = normalizeBuildingName(b.name);
      if (!this.buildingsByName.has(name)) this.buildingsByName.set(name, b);
      nameOf.set(b.id, b.name);
    }
    for (const u of snapshot.units) {
      const building = nameOf.get(u.buildingId);
      if (building === undefined) continue;
      this.unitsById.set(u.id, u);
      this.unitsByKey.set(unitKey({ building, entrance: u.entrance, room: u.room }), u);
    }
  }
  unit(code: UnitCode): UnitSnap | undefined {
    return this.unitsByKey.get(unitKey(code));
  }
  label(unitId: string | undefined): string {
    return (unitId && this.unitsById.get(unitId)?.label) || '其他房屋';
  }
}

class PlanBuilder {
  readonly errors: ImportRowError[] = [];
  readonly outcomes = new Map<number, Outcome>();
  readonly counts: Record<Outcome, number> = { create: 0, update: 0, unchanged: 0 };
  readonly writes = emptyWrites();
  error(row: number, column: string, message: string): void {
    this.errors.push({ row, column, message });
  }
  outcome(row: number, outcome: Outcome): void {
    this.outcomes.set(row, outcome);
    this.counts[outcome] += 1;
  }
  done(): Plan {
    return { errors: this.errors, outcomes: this.outcomes, counts: this.counts, writes: this.writes };
  }
}

const missingUnit = (code: UnitCode) => `房屋 ${unitLabel(code)} 不存在，请先导入房屋`;

/** The sort key of a new building: its number (12栋 → 12), else after the existing ones. */
function sortOf(name: string, after: number): number {
  const m = /^(\d+)栋$/.exec(name);
  return m ? Number(m[1]) : after;
}

function planUnits(rows: UnitRow[], snapshot: Snapshot, ctx: PlanContext): Plan {
  const dir = new Directory(snapshot);
  const p = new PlanBuilder();
  const newBuildings = new Map<string, Insert<{ name: string; floors: number; sort: number }>>();
  const topFloor = new Map<string, number>();
  let lastSort = Math.max(0, ...snapshot.buildings.map((b) => b.sort ?? 0));
  for (const r of rows) {
    const building = dir.buildingsByName.get(r.code.building);
    const unit = building ? dir.unit(r.code) : undefined;
    if (unit) {
      const set = changes<Pick<UnitSnap, 'floor' | 'areaM2' | 'status'>>(unit, { floor: r.floor, areaM2: r.areaM2, status: r.status }, (k, a, b) =>
        k === 'areaM2' ? Math.abs(Number(a) - Number(b)) < 0.005 : a === b,
      );
      if (isEmpty(set)) p.outcome(r.row, 'unchanged');
      else {
        p.writes.units.update.push({ id: unit.id, set });
        p.outcome(r.row, 'update');
      }
      topFloor.set(r.code.building, Math.max(topFloor.get(r.code.building) ?? 1, set.floor ?? unit.floor));
      continue;
    }
    const floor = r.floor ?? floorOfRoom(r.code.room);
    if (floor === undefined) p.error(r.row, '楼层', `无法从房号 ${r.code.room} 推断楼层，请填写楼层`);
    if (r.areaM2 === undefined) p.error(r.row, '建筑面积', '新增房屋请填写建筑面积');
    if (floor === undefined || r.areaM2 === undefined) continue;
    let buildingId = building?.id;
    if (!buildingId) {
      let planned = newBuildings.get(r.code.building);
      if (!planned) {
        planned = { id: ctx.newId(), doc: { name: r.code.building, floors: 1, sort: sortOf(r.code.building, ++lastSort) } };
        newBuildings.set(r.code.building, planned);
      }
      buildingId = planned.id;
    }
    const code = { ...r.code, building: building?.name ?? r.code.building };
    p.writes.units.insert.push({
      id: ctx.newId(),
      doc: { buildingId, entrance: r.code.entrance, room: r.code.room, label: unitLabel(code), floor, areaM2: r.areaM2, status: r.status ?? 'vacant' },
    });
    topFloor.set(r.code.building, Math.max(topFloor.get(r.code.building) ?? 1, floor));
    p.outcome(r.row, 'create');
  }
  // Buildings: new ones are created with the highest floor seen; existing ones grow if needed.
  for (const [name, planned] of newBuildings) {
    planned.doc.floors = Math.max(1, topFloor.get(name) ?? 1);
    p.writes.buildings.insert.push(planned);
  }
  for (const [name, floors] of topFloor) {
    const b = dir.buildingsByName.get(name);
    if (b && floors > b.floors) p.writes.buildings.update.push({ id: b.id, set: { floors } });
  }
  return p.done();
}

function planResidents(rows: ResidentRow[], snapshot: Snapshot, ctx: PlanContext): Plan {
  const dir = new Directory(snapshot);
  const p = new PlanBuilder();
  const byUnitAndName = new Map<string, ResidentSnap>();
  for (const r of snapshot.residents) {
    const key = `${r.unitId}|${r.name}`;
    if (!byUnitAndName.has(key)) byUnitAndName.set(key, r);
  }
  for (const r of rows) {
    const unit = dir.unit(r.code);
    if (!unit) {
      p.error(r.row, ctx.unitColumn, missingUnit(r.code));
      continue;
    }
    const current = byUnitAndName.get(`${unit.id}|${r.name}`);
    if (current) {
      // Stored values written before today's rules (0571-88886666, a lower-case x) count as the same.
      const set = changes<Pick<ResidentSnap, 'relation' | 'phone' | 'idNumber'>>(current, { relation: r.relation, phone: r.phone, idNumber: r.idNumber }, (k, a, b) =>
        k === 'phone' ? normalizePhone(a) === b : k === 'idNumber' ? a.toUpperCase() === b : a === b,
      );
      if (isEmpty(set)) p.outcome(r.row, 'unchanged');
      else {
        p.writes.residents.update.push({ id: current.id, set });
        p.outcome(r.row, 'update');
      }
      continue;
    }
    if (r.phone === undefined) {
      p.error(r.row, '手机号', '新增住户请填写手机号');
      continue;
    }
    p.writes.residents.insert.push({ id: ctx.newId(), doc: { unitId: unit.id, name: r.name, relation: r.relation, phone: r.phone, idNumber: r.idNumber ?? '' } });
    p.outcome(r.row, 'create');
  }
  return p.done();
}

function planVehicles(rows: VehicleRow[], snapshot: Snapshot, ctx: PlanContext): Plan {
  const dir = new Directory(snapshot);
  const p = new PlanBuilder();
  const vehicles = new Map(snapshot.vehicles.map((v) => [v.plate, v]));
  /** Spaces as they will be once the earlier rows are written (copies: the snapshot stays as read). */
  const spaces = new Map<string, SpaceSnap>(snapshot.spaces.map((s) => [s.code, { ...s }]));
  const created = new Set<string>();
  for (const r of rows) {
    const unit = dir.unit(r.code);
    if (!unit) {
      p.error(r.row, ctx.unitColumn, missingUnit(r.code));
      continue;
    }
    const vehicle = vehicles.get(r.plate);
    if (vehicle && vehicle.unitId !== unit.id) {
      p.error(r.row, '车牌号', `车牌 ${r.plate} 已登记在 ${dir.label(vehicle.unitId)}`);
      continue;
    }
    let space = r.space ? spaces.get(r.space) : undefined;
    if (space?.unitId && space.unitId !== unit.id) {
      p.error(r.row, '车位号', `车位 ${space.code} 已属于 ${dir.label(space.unitId)}`);
      continue;
    }
    // The vehicle's space: created, or sold/rented to this unit, as the row says.
    let spaceChanged = false;
    if (r.space) {
      const kind = r.spaceKind ?? (space && space.kind !== 'unassigned' ? space.kind : 'owned');
      if (!space) {
        space = { id: ctx.newId(), code: r.space, kind, unitId: unit.id };
        spaces.set(r.space, space);
        created.add(r.space);
        spaceChanged = true;
      } else if (space.kind !== kind || space.unitId !== unit.id) {
        Object.assign(space, { kind, unitId: unit.id });
        spaceChanged = true;
      }
    }
    if (!vehicle) {
      p.writes.vehicles.insert.push({ id: ctx.newId(), doc: { unitId: unit.id, plate: r.plate, ...(space ? { parkingSpaceId: space.id } : {}) } });
      p.outcome(r.row, 'create');
      continue;
    }
    const moved = space !== undefined && vehicle.parkingSpaceId !== space.id;
    if (moved) p.writes.vehicles.update.push({ id: vehicle.id, set: { parkingSpaceId: space?.id } });
    p.outcome(r.row, moved || spaceChanged ? 'update' : 'unchanged');
  }
  const before = new Map(snapshot.spaces.map((s) => [s.id, s]));
  for (const s of spaces.values()) {
    const { id, ...doc } = s;
    if (created.has(s.code)) p.writes.spaces.insert.push({ id, doc });
    else if (before.get(id)?.kind !== s.kind || before.get(id)?.unitId !== s.unitId) p.writes.spaces.update.push({ id, set: { kind: s.kind, unitId: s.unitId } });
  }
  return p.done();
}

const PLANNERS: { [K in ImportKind]: (rows: RowsOf[K][], snapshot: Snapshot, ctx: PlanContext) => Plan } = {
  units: planUnits,
  residents: planResidents,
  vehicles: planVehicles,
};

export function planImport<K extends ImportKind>(kind: K, rows: RowsOf[K][], snapshot: Snapshot, ctx: PlanContext): Plan {
  return (PLANNERS[kind] as (rows: RowsOf[K][], snapshot: Snapshot, ctx: PlanContext) => Plan)(rows, snapshot, ctx);
}
