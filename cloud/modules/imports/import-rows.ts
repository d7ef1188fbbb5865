import type { z } from 'zod';
import { idNumberField, personName, phoneField, plateField, spaceCodeField } from '@shared/contracts/community.contract';
import { IMPORT_MAX_ROWS, type ImportKind, type ImportRowError } from '@shared/contracts/imports.contract';
import { parseRelation, type ResidentRelation } from '@shared/domain/household';
import { normalizeBuildingName, normalizeEntrance, normalizeRoom, parseUnitCode, parseUnitStatus, unitKey, unitLabel, type UnitCode, type UnitStatus } from '@shared/domain/units';
import { parseParkingKind, type ParkingKind } from '@shared/domain/vehicles';
import { AppError } from '../../lib/app-error';
import { columnName, matchHeader, type ColumnKey, type ColumnMap } from './import-columns';
import type { SheetRow } from './file-reader';

/**
 * The row rules of each list (pure): every cell of every row is checked, every problem reported
 * with the spreadsheet's row number, and rows that repeat an earlier row are reported too.
 * What a valid row means for the records (create / update / unchanged, units that must exist,
 * plates of other units) is decided against the database in import-plan.ts.
 */

interface RowBase {
  /** The spreadsheet's row number (the header is row 1 in a template). */
  row: number;
  code: UnitCode;
}
export interface UnitRow extends RowBase {
  /** Absent: kept (existing unit) or from the room number (new unit). */
  floor?: number;
  /** Absent: kept (existing unit); required for a new unit. */
  areaM2?: number;
  status?: UnitStatus;
}
export interface ResidentRow extends RowBase {
  name: string;
  relation: ResidentRelation;
  /** Absent: kept (existing resident); required for a new one. */
  phone?: string;
  idNumber?: string;
}
export interface VehicleRow extends RowBase {
  plate: string;
  /** Parking space code (B1-015). */
  space?: string;
  spaceKind?: ParkingKind;
}
export interface RowsOf {
  units: UnitRow;
  residents: ResidentRow;
  vehicles: VehicleRow;
}
export type AnyRow = UnitRow | ResidentRow | VehicleRow;

export interface ParsedRows<K extends ImportKind = ImportKind> {
  kind: K;
  /** Data rows in the file (non-empty rows below the header). */
  total: number;
  /** Rows without problems so far. */
  rows: RowsOf[K][];
  /** Problems found in the file itself, in row order. */
  errors: ImportRowError[];
  /** The column that names the unit in this file, for unit-level errors: 房号 or 房屋编号. */
  unitColumn: string;
}

/** The row errors of a file in display order: by row, then as the checks found them. */
export function sortErrors(errors: ImportRowError[]): ImportRowError[] {
  return errors.map((e, i) => ({ e, i })).sort((a, b) => a.e.row - b.e.row || a.i - b.i).map(({ e }) => e);
}

const badFile = (message: string) => new AppError('IMPORT.BAD_FILE', message);

/** How far down a title row or two may push the header (e.g. a "幸福里小区房屋清单" banner). */
const HEADER_SEARCH_ROWS = 5;

/** Find the header row and map its columns; an unusable header is IMPORT.BAD_FILE naming what is missing. */
export function locateHeader(kind: ImportKind, rows: readonly SheetRow[]): { headerIndex: number; columns: ColumnMap; unitBy: 'parts' | 'code'; ownerList?: true } {
  if (rows.length === 0) throw badFile('文件中没有数据');
  let first: ReturnType<typeof matchHeader> | undefined;
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const match = matchHeader(kind, rows[i].cells);
    if (match.ok) return { headerIndex: i, columns: match.columns, unitBy: match.unitBy, ...(match.ownerList ? { ownerList: match.ownerList } : {}) };
    first ??= match;
  }
  if (first && !first.ok && first.duplicates.length > 0 && first.missing.length === 0) throw badFile(`表头中有重复的列：${first.duplicates.join('、')}`);
  const missing = first && !first.ok ? first.missing : [];
  throw badFile(`缺少必填列：${missing.join('、')}。请使用导入模板的表头`);
}

type Cells = (key: ColumnKey) => string;

/** Check one cell with a shared field schema; its message becomes the row error. */
function check<T>(schema: z.ZodType<T, z.ZodTypeDef, string>, value: string): { ok: true; value: T } | { ok: false; message: string } {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, message: r.error.issues[0]?.message ?? '格式不正确' };
}

/** Collects the errors of one row. */
class RowErrors {
  readonly list: ImportRowError[] = [];
  constructor(readonly row: number) {}
  add(column: string, message: string): undefined {
    this.list.push({ row: this.row, column, message });
    return undefined;
  }
}

function parseUnitCells(get: Cells, unitBy: 'parts' | 'code', errors: RowErrors): UnitCode | undefined {
  if (unitBy === 'code') {
    const text = get('unitCode');
    if (!text) return errors.add('房屋编号', '请填写房屋编号');
    return parseUnitCode(text) ?? errors.add('房屋编号', '房屋编号格式不正确（如 1栋1单元1502 或 1-1-1502）');
  }
  const [b, e, r] = [get('building'), get('entrance'), get('room')];
  const building = b ? normalizeBuildingName(b) : '';
  const entrance = e ? normalizeEntrance(e) : '';
  const room = r ? normalizeRoom(r) : undefined;
  if (!b) errors.add('楼栋', '请填写楼栋');
  else if (building.length > 20) errors.add('楼栋', '楼栋名称过长（最多20个字）');
  if (!e) errors.add('单元', '请填写单元');
  else if (!entrance || entrance.length > 10) errors.add('单元', '单元格式不正确（如 1 或 1单元）');
  if (!r) errors.add('房号', '请填写房号');
  else if (!room) errors.add('房号', '房号格式不正确（如 1502）');
  return building && building.length <= 20 && entrance && entrance.length <= 10 && room ? { building, entrance, room } : undefined;
}

/** '89.5', '89.5㎡', '８９.５平方米' → 89.5. */
export function parseArea(text: string): number | undefined {
  const t = text.normalize('NFKC').replace(/\s+/g, '').replace(/(m2|m²|㎡|平方米|平米|平方)$/i, '');
  if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
  const n = Math.round(Number(t) * 100) / 100;
  return n > 0 && n <= 10_000 ? n : undefined;
}

/** '15', '15层', '-1' → 15, 15, -1. */
export function parseFloor(text: string): number | undefined {
  const t = text.normalize('NFKC').replace(/\s+/g, '').replace(/[层楼F]$/i, '');
  if (!/^-?\d{1,3}$/.test(t)) return undefined;
  const n = Number(t);
  return n !== 0 && n >= -5 && n <= 200 ? n : undefined;
}

type RowParser<K extends ImportKind> = (get: Cells, code: UnitCode | undefined, errors: RowErrors) => Omit<RowsOf[K], 'row' | 'code'> | undefined;

const parseUnitRow: RowParser<'units'> = (get, _code, errors) => {
  const [floorText, areaText, statusText] = [get('floor'), get('area'), get('status')];
  const floor = floorText ? parseFloor(floorText) : undefined;
  const areaM2 = areaText ? parseArea(areaText) : undefined;
  const status = statusText ? parseUnitStatus(statusText) : undefined;
  if (floorText && floor === undefined) errors.add('楼层', '楼层应为整数（如 15）');
  if (areaText && areaM2 === undefined) errors.add('建筑面积', '建筑面积应为大于0的数字（单位：㎡，如 89.5）');
  if (statusText && !status) errors.add('状态', '状态应为 自住、空置 或 出租');
  if (errors.list.length > 0) return undefined;
  return { ...(floor !== undefined ? { floor } : {}), ...(areaM2 !== undefined ? { areaM2 } : {}), ...(status ? { status } : {}) };
};

const parseResidentRow: RowParser<'residents'> = (get, _code, errors) => {
  const [nameText, relationText, phoneText, idText] = [get('name'), get('relation'), get('phone'), get('idNumber')];
  const name = nameText ? check(personName, nameText) : undefined;
  const relation = relationText ? parseRelation(relationText) : undefined;
  const phone = phoneText ? check(phoneField, phoneText) : undefined;
  const idNumber = idText ? check(idNumberField, idText) : undefined;
  if (!name) errors.add('姓名', '请填写姓名');
  else if (!name.ok) errors.add('姓名', name.message);
  if (!relationText) errors.add('关系', '请填写关系（业主、家庭成员 或 租户）');
  else if (!relation) errors.add('关系', '关系应为 业主、家庭成员 或 租户');
  if (phone && !phone.ok) errors.add('手机号', phone.message);
  if (idNumber && !idNumber.ok) errors.add('身份证号', /e\+?\d+$/i.test(idText) ? '身份证号被 Excel 存成了数字，后几位已丢失，请把该列设为文本格式后重新填写' : idNumber.message);
  if (errors.list.length > 0 || !name?.ok || !relation) return undefined;
  return { name: name.value, relation, ...(phone?.ok ? { phone: phone.value } : {}), ...(idNumber?.ok && idNumber.value ? { idNumber: idNumber.value } : {}) };
};

const parseVehicleRow: RowParser<'vehicles'> = (get, _code, errors) => {
  const [plateText, spaceText, kindText] = [get('plate'), get('space'), get('spaceKind')];
  const plate = plateText ? check(plateField, plateText) : undefined;
  const space = spaceText ? check(spaceCodeField, spaceText) : undefined;
  const spaceKind = kindText ? parseParkingKind(kindText) : undefined;
  if (!plate) errors.add('车牌号', '请填写车牌号');
  else if (!plate.ok) errors.add('车牌号', plate.message);
  if (space && !space.ok) errors.add('车位号', space.message);
  if (kindText && !spaceKind) errors.add('车位类型', '车位类型应为 自有 或 租用');
  else if (spaceKind === 'unassigned') errors.add('车位类型', '登记了车辆的车位应为 自有 或 租用');
  else if (spaceKind && !spaceText) errors.add('车位类型', '填写车位类型时请同时填写车位号');
  if (errors.list.length > 0 || !plate?.ok) return undefined;
  return { plate: plate.value, ...(space?.ok ? { space: space.value } : {}), ...(spaceKind ? { spaceKind } : {}) };
};

const PARSERS: { [K in ImportKind]: RowParser<K> } = { units: parseUnitRow, residents: parseResidentRow, vehicles: parseVehicleRow };

/**
 * Rows of one file that repeat an earlier row. `key` is what must be unique in the file; the first
 * row with a key keeps it, later ones are errors. Keys of rows with other problems still count, so
 * fixing a cell never uncovers a new duplicate.
 */
class Firsts {
  private readonly seen = new Map<string, number>();
  /** The first row with this key, or undefined (and this row becomes the first). */
  claim(key: string, row: number): number | undefined {
    const first = this.seen.get(key);
    if (first === undefined) this.seen.set(key, row);
    return first;
  }
}

/** In-file consistency of one list: duplicates, and (vehicles) a space shared by two units. */
function fileRules(kind: ImportKind, unitColumn: string) {
  const keys = new Firsts();
  const spaces = new Map<string, { row: number; unit: string; kind?: ParkingKind }>();
  return (get: Cells, code: UnitCode | undefined, errors: RowErrors): void => {
    if (!code) return;
    const unit = unitKey(code);
    if (kind === 'units') {
      const first = keys.claim(unit, errors.row);
      if (first !== undefined) errors.add(unitColumn, `与第${first}行重复（同一房屋 ${unitLabel(code)}）`);
    } else if (kind === 'residents') {
      const name = get('name');
      const first = name ? keys.claim(`${unit}|${name}`, errors.row) : undefined;
      if (first !== undefined) errors.add('姓名', `与第${first}行重复（同一房屋的同一住户）`);
    } else {
      const plate = check(plateField, get('plate'));
      const first = plate.ok ? keys.claim(plate.value, errors.row) : undefined;
      if (plate.ok && first !== undefined) errors.add('车牌号', `车牌 ${plate.value} 与第${first}行重复`);
      const space = get('space') ? check(spaceCodeField, get('space')) : undefined;
      if (space?.ok) {
        const spaceKind = parseParkingKind(get('spaceKind'));
        const before = spaces.get(space.value);
        if (!before) spaces.set(space.value, { row: errors.row, unit, kind: spaceKind });
        else if (before.unit !== unit) errors.add('车位号', `车位 ${space.value} 与第${before.row}行登记在不同房屋`);
        else if (spaceKind && before.kind && spaceKind !== before.kind) errors.add('车位类型', `车位 ${space.value} 的类型与第${before.row}行不一致`);
        else before.kind ??= spaceKind;
      }
    }
  };
}

/** Read the rows of one list: header located, every row checked, duplicates within the file found. */
export function parseRows<K extends ImportKind>(kind: K, sheetRows: readonly SheetRow[]): ParsedRows<K> {
  const { headerIndex, columns, unitBy, ownerList } = locateHeader(kind, sheetRows);
  const data = sheetRows.slice(headerIndex + 1);
  if (data.length === 0) throw badFile('文件中只有表头，没有数据行');
  if (data.length > IMPORT_MAX_ROWS) throw badFile(`数据行过多（${data.length} 行，上限 ${IMPORT_MAX_ROWS} 行），请拆分后分批导入`);
  const unitColumn = unitBy === 'code' ? '房屋编号' : columnName('room');
  const parseRow = PARSERS[kind] as RowParser<K>;
  const inFile = fileRules(kind, unitColumn);
  const rows: RowsOf[K][] = [];
  const errors: ImportRowError[] = [];
  for (const { row, cells } of data) {
    const get: Cells = (key) => {
      const i = columns[key];
      // A developer's buyer list: every row is an owner (业主).
      if (i === undefined && key === 'relation' && ownerList) return '业主';
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const rowErrors = new RowErrors(row);
    const code = parseUnitCells(get, unitBy, rowErrors);
    const values = parseRow(get, code, rowErrors);
    inFile(get, code, rowErrors);
    if (rowErrors.list.length > 0 || !code || !values) errors.push(...rowErrors.list);
    else rows.push({ row, code, ...values } as RowsOf[K]);
  }
  return { kind, total: data.length, rows, errors, unitColumn };
}
