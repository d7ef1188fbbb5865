import { localDayDigits } from '@shared/domain/calendar';
import { IMPORT_KIND_LABELS, type ImportFormat, type ImportKind } from '@shared/contracts/imports.contract';
import { RESIDENT_RELATION_LABELS, type ResidentRelation } from '@shared/domain/household';
import { UNIT_STATUS_LABELS, type UnitStatus } from '@shared/domain/units';
import { PARKING_KIND_LABELS, type ParkingKind } from '@shared/domain/vehicles';
import { now } from '../../lib/clock';
import { loadSnapshot, type Snapshot, type SnapshotNeeds } from '../community';
import { columnsOf, headerRow } from './import-columns';
import type { CellValue, Table } from './file-writer';

/**
 * The community's current records in the import layout, so that exporting and importing the file
 * again changes nothing. Phones and ID numbers are written in full: only managers export.
 */
const collator = new Intl.Collator('zh-CN', { numeric: true });
const RELATION_ORDER: Record<ResidentRelation, number> = { owner: 0, family: 1, tenant: 2 };

/** '幸福里小区-房屋-20261127.xlsx' (the date in Asia/Shanghai); unsafe file-name characters dropped. */
export function exportFileName(communityName: string, kind: ImportKind, format: ImportFormat, suffix?: string): string {
  const safe = communityName.replace(/[\\/:*?"<>|\s]+/g, '') || '小区';
  return `${safe}-${IMPORT_KIND_LABELS[kind]}-${suffix ?? localDayDigits(now())}.${format}`;
}

interface UnitLine {
  id: string;
  /** 楼栋, 单元, 房号 as stored. */
  cells: [string, string, string];
  floor: number;
  areaM2: number;
  status: UnitStatus;
}

/** Every unit of the community, in building/entrance/room order. */
function unitLines(records: Snapshot): Map<string, UnitLine> {
  const byId = new Map(records.buildings.map((b) => [b.id, b]));
  const lines: (UnitLine & { sort: number })[] = [];
  for (const u of records.units) {
    const b = byId.get(u.buildingId);
    if (!b) continue;
    lines.push({ id: u.id, cells: [b.name, u.entrance, u.room], floor: u.floor, areaM2: u.areaM2, status: u.status, sort: b.sort });
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

function unitRows(records: Snapshot): CellValue[][] {
  // An unknown area (0) is written blank: a re-import keeps it instead of refusing the row.
  return [...unitLines(records).values()].map((l) => [...l.cells, l.floor, l.areaM2 > 0 ? l.areaM2 : undefined, UNIT_STATUS_LABELS[l.status]]);
}

function residentRows(records: Snapshot): CellValue[][] {
  return inUnitOrder(unitLines(records), records.residents, (a, b) => RELATION_ORDER[a.relation as ResidentRelation] - RELATION_ORDER[b.relation as ResidentRelation] || collator.compare(a.name, b.name)).map(
    ({ line, item: r }) => [...line.cells, r.name, RESIDENT_RELATION_LABELS[r.relation as ResidentRelation], r.phone, r.idNumber],
  );
}

function vehicleRows(records: Snapshot): CellValue[][] {
  const spaceById = new Map(records.spaces.map((s) => [s.id, s]));
  return inUnitOrder(unitLines(records), records.vehicles, (a, b) => collator.compare(a.plate, b.plate)).map(({ line, item: v }) => {
    const space = v.parkingSpaceId ? spaceById.get(v.parkingSpaceId) : undefined;
    return [...line.cells, v.plate, space?.code ?? '', space ? PARKING_KIND_LABELS[(space.kind ?? 'owned') as ParkingKind] : ''];
  });
}

const ROWS: Record<ImportKind, (records: Snapshot) => CellValue[][]> = { units: unitRows, residents: residentRows, vehicles: vehicleRows };

/** What each list needs to know about the records besides buildings and units (one read of each collection). */
export const RECORDS_NEEDED: Record<ImportKind, SnapshotNeeds> = {
  units: { residents: false, vehicles: false },
  residents: { residents: true, vehicles: false },
  vehicles: { residents: false, vehicles: true },
};

/** The table of a list: the header only (template) or the community's records (export). */
export async function listTable(kind: ImportKind, communityId?: string): Promise<Table> {
  const columns = columnsOf(kind);
  return {
    sheetName: IMPORT_KIND_LABELS[kind],
    header: headerRow(kind),
    text: columns.map((c) => c.text),
    rows: communityId ? ROWS[kind](await loadSnapshot(communityId, RECORDS_NEEDED[kind])) : [],
  };
}
