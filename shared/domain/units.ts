import { ownValue } from './safe-text';

/** Occupancy status of a unit (房屋), and how the client shows it. */
export const UNIT_STATUSES = ['vacant', 'occupied', 'renting'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];
export const UNIT_STATUS_LABELS: Record<UnitStatus, string> = {
  vacant: '空置',
  occupied: '自住',
  renting: '出租',
};

/** Words property offices use for a status in their spreadsheets. */
const STATUS_WORDS: Record<string, UnitStatus> = {
  空置: 'vacant',
  空房: 'vacant',
  未入住: 'vacant',
  自住: 'occupied',
  已入住: 'occupied',
  入住: 'occupied',
  出租: 'renting',
  已出租: 'renting',
  租住: 'renting',
};

export function parseUnitStatus(text: string): UnitStatus | undefined {
  const t = text.trim();
  return (UNIT_STATUSES as readonly string[]).includes(t) ? (t as UnitStatus) : ownValue(STATUS_WORDS, t);
}

/** The parts that identify a unit within a community: 楼栋 + 单元 + 房号. */
export interface UnitCode {
  /** e.g. '1栋' */
  building: string;
  /** e.g. '1' */
  entrance: string;
  /** e.g. '1502' */
  room: string;
}

/** '1' / '1栋' / '1号楼' / '1幢' → '1栋'; other names (e.g. 'A座') are kept as written. */
export function normalizeBuildingName(text: string): string {
  const t = text.trim().replace(/\s+/g, '');
  const m = /^(\d+)(栋|号楼|幢|号|楼)?$/.exec(t);
  return m ? `${Number(m[1])}栋` : t;
}

/** '1' / '1单元' → '1'. */
export function normalizeEntrance(text: string): string {
  const t = text.trim().replace(/\s+/g, '');
  const m = /^(\d+)(单元)?$/.exec(t);
  return m ? String(Number(m[1])) : t.replace(/单元$/, '');
}

/** The unit code as shown everywhere: 1栋1单元1502. Re-imports upsert by it. */
export function unitLabel(code: UnitCode): string {
  return `${code.building}${code.entrance}单元${code.room}`;
}

/**
 * Reads a unit code written as one cell: '1栋1单元1502', '1-1-1502', '1#1-1502', '1号楼1单元1502'.
 * Returns undefined when the text is not a unit code.
 */
export function parseUnitCode(text: string): UnitCode | undefined {
  const t = text.trim().replace(/\s+/g, '');
  const m = /^(\d+|[A-Za-z0-9]+座)(?:栋|号楼|幢|#|-)(\d+)(?:单元|-)(\d{3,5}[A-Za-z]?)室?$/.exec(t);
  if (!m) return undefined;
  return { building: normalizeBuildingName(m[1]), entrance: normalizeEntrance(m[2]), room: m[3].toUpperCase() };
}

/** Floor from a room number: 1502 → 15, 302 → 3. */
export function floorOfRoom(room: string): number | undefined {
  const m = /^(\d+)(\d{2})[A-Za-z]?$/.exec(room);
  return m ? Number(m[1]) : undefined;
}

/**
 * A room number as written in a spreadsheet cell: '1502', '1502室', ' 0801 ', 'a101' → upper case,
 * without spaces or a trailing 室/号. Returns undefined when it is not a room number.
 */
export function normalizeRoom(text: string): string | undefined {
  const t = text.trim().replace(/\s+/g, '').replace(/[室号]$/, '').toUpperCase();
  return /^[0-9A-Z][0-9A-Z-]{0,9}$/.test(t) ? t : undefined;
}

/**
 * The identity of a unit for matching records: building and entrance normalized, and the room
 * without leading zeros, so '2栋1单元0801' and '2-1-801' are the same unit.
 */
export function unitKey(code: UnitCode): string {
  return `${normalizeBuildingName(code.building)}|${normalizeEntrance(code.entrance)}|${code.room.toUpperCase().replace(/^0+(?=\d)/, '')}`;
}
