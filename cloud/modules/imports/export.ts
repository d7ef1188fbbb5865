import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { IMPORT_KIND_LABELS, type ImportFormat, type ImportKind } from '@shared/contracts/imports.contract';
import { RESIDENT_RELATION_LABELS, type ResidentRelation } from '@shared/domain/household';
import { UNIT_STATUS_LABELS, type UnitStatus } from '@shared/domain/units';
import { PARKING_KIND_LABELS, type ParkingKind } from '@shared/domain/vehicles';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { Building, Unit } from '../community/community.model';
import { ParkingSpace, Resident, Vehicle } from '../community/household.model';
import { columnsOf, headerRow } from './import-columns';
import type { CellValue, Table } from './file-writer';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * The community's current records in the import layout, so that exporting and importing the file
 * again changes nothing. Phones and ID numbers are written in full: only managers export.
 */
const { ObjectId } = mongoose.Types;
const collator = new Intl.Collator('zh-CN', { numeric: true });
const RELATION_ORDER: Record<ResidentRelation, number> = { owner: 0, family: 1, tenant: 2 };

/** '幸福里小区-房屋-20261127.xlsx' (the date in Asia/Shanghai); unsafe file-name characters dropped. */
export function exportFileName(communityName: string, kind: ImportKind, format: ImportFormat, suffix?: string): string {
  const safe = communityName.replace(/[\\/:*?"<>|\s]+/g, '') || '小区';
  return `${safe}-${IMPORT_KIND_LABELS[kind]}-${suffix ?? dayjs(now()).tz('Asia/Shanghai').format('YYYYMMDD')}.${format}`;
}

interface UnitLine {
  id: string;
  /** 楼栋, 单元, 房号 as stored. */
  cells: [string, string, string];
  floor: number;
  areaM2: number;
  status: UnitStatus;
}

/** Every unit of the community (one read of each collection), in building/entrance/room order. */
async function unitLines(communityId: mongoose.Types.ObjectId): Promise<Map<string, UnitLine>> {
  const [buildings, units] = await Promise.all([
    Building.find({ communityId }, { name: 1, sort: 1 }).lean(),
    Unit.find({ communityId }, { buildingId: 1, entrance: 1, room: 1, floor: 1, areaM2: 1, status: 1 }).lean(),
  ]);
  const byId = new Map(buildings.map((b) => [String(b._id), b]));
  const lines: (UnitLine & { sort: number })[] = [];
  for (const u of units) {
    const b = byId.get(String(u.buildingId));
    if (!b) continue;
    lines.push({ id: String(u._id), cells: [b.name, u.entrance, u.room], floor: u.floor, areaM2: u.areaM2, status: (u.status ?? 'vacant') as UnitStatus, sort: b.sort ?? 0 });
  }
  lines.sort((x, y) => x.sort - y.sort || collator.compare(x.cells[0], y.cells[0]) || collator.compare(x.cells[1], y.cells[1]) || collator.compare(x.cells[2], y.cells[2]));
  return new Map(lines.map((l) => [l.id, l]));
}

/** Rows grouped under their unit, in unit order. */
function inUnitOrder<T extends { unitId: unknown }>(lines: Map<string, UnitLine>, items: T[], sort: (a: T, b: T) => number): { line: UnitLine; item: T }[] {
  const rank = new Map([...lines.keys()].map((id, i) => [id, i]));
  return items
    .filter((i) => lines.has(String(i.unitId)))
    .sort((a, b) => (rank.get(String(a.unitId)) ?? 0) - (rank.get(String(b.unitId)) ?? 0) || sort(a, b))
    .map((item) => ({ line: lines.get(String(item.unitId)) as UnitLine, item }));
}

async function unitRows(communityId: mongoose.Types.ObjectId): Promise<CellValue[][]> {
  // An unknown area (0) is written blank: a re-import keeps it instead of refusing the row.
  return [...(await unitLines(communityId)).values()].map((l) => [...l.cells, l.floor, l.areaM2 > 0 ? l.areaM2 : undefined, UNIT_STATUS_LABELS[l.status]]);
}

async function residentRows(communityId: mongoose.Types.ObjectId): Promise<CellValue[][]> {
  const [lines, residents] = await Promise.all([unitLines(communityId), Resident.find({ communityId }, { unitId: 1, name: 1, relation: 1, phone: 1, idNumber: 1 }).lean()]);
  return inUnitOrder(lines, residents, (a, b) => RELATION_ORDER[a.relation as ResidentRelation] - RELATION_ORDER[b.relation as ResidentRelation] || collator.compare(a.name, b.name)).map(
    ({ line, item: r }) => [...line.cells, r.name, RESIDENT_RELATION_LABELS[r.relation as ResidentRelation], r.phone ?? '', r.idNumber ?? ''],
  );
}

async function vehicleRows(communityId: mongoose.Types.ObjectId): Promise<CellValue[][]> {
  const [lines, vehicles, spaces] = await Promise.all([
    unitLines(communityId),
    Vehicle.find({ communityId }, { unitId: 1, plate: 1, parkingSpaceId: 1 }).lean(),
    ParkingSpace.find({ communityId }, { code: 1, kind: 1 }).lean(),
  ]);
  const spaceById = new Map(spaces.map((s) => [String(s._id), s]));
  return inUnitOrder(lines, vehicles, (a, b) => collator.compare(a.plate, b.plate)).map(({ line, item: v }) => {
    const space = v.parkingSpaceId ? spaceById.get(String(v.parkingSpaceId)) : undefined;
    return [...line.cells, v.plate, space?.code ?? '', space ? PARKING_KIND_LABELS[(space.kind ?? 'owned') as ParkingKind] : ''];
  });
}

const ROWS: Record<ImportKind, (communityId: mongoose.Types.ObjectId) => Promise<CellValue[][]>> = { units: unitRows, residents: residentRows, vehicles: vehicleRows };

/** The table of a list: the header only (template) or the community's records (export). */
export async function listTable(kind: ImportKind, communityId?: string): Promise<Table> {
  const columns = columnsOf(kind);
  return {
    sheetName: IMPORT_KIND_LABELS[kind],
    header: headerRow(kind),
    text: columns.map((c) => c.text),
    rows: communityId ? await ROWS[kind](new ObjectId(communityId)) : [],
  };
}
