import type { ImportColumn, ImportKind } from '@shared/contracts/imports.contract';

/**
 * The columns of each list (房屋 / 住户 / 车辆) and how a file's header row is matched to them.
 * Pure: shared by the reader (matching), the template and the export (writing the header).
 */
export type ColumnKey =
  | 'building'
  | 'entrance'
  | 'room'
  | 'unitCode'
  | 'floor'
  | 'area'
  | 'status'
  | 'name'
  | 'relation'
  | 'phone'
  | 'idNumber'
  | 'plate'
  | 'space'
  | 'spaceKind';

export interface ColumnSpec {
  key: ColumnKey;
  /** The name used in row errors: 建筑面积. */
  name: string;
  /** The header written in templates and exports (without the required mark): 建筑面积(㎡). */
  header: string;
  /** Other headers offices use for the same column (matched after normalizeHeader). */
  aliases: readonly string[];
  required: boolean;
  /** Written as text in XLSX (keeps leading zeros and long digit strings). */
  text: boolean;
  example: string;
  note?: string;
}

const KEEP = '已有记录留空则保持不变';

/**
 * Name headers of a property developer's buyer list (开发商购房人名单): whoever is named there is the
 * unit's owner, so such a list needs no 关系 column (its rows are 业主).
 */
const BUYER_HEADERS = ['购房人', '购房人姓名', '买受人', '买受人姓名', '业主', '业主名称'] as const;
const OWNER_NAME_HEADERS: readonly string[] = [...BUYER_HEADERS, '业主姓名'];

const COLUMNS: Record<ColumnKey, ColumnSpec> = {
  building: { key: 'building', name: '楼栋', header: '楼栋', aliases: ['楼栋号', '楼号', '栋', '栋号', '楼幢', '幢', '楼宇'], required: true, text: true, example: '1栋', note: '写 1 或 1栋 均可；也可用一列“房屋编号”代替楼栋、单元、房号三列' },
  entrance: { key: 'entrance', name: '单元', header: '单元', aliases: ['单元号'], required: true, text: true, example: '1' },
  room: { key: 'room', name: '房号', header: '房号', aliases: ['房间号', '室号', '门牌号', '房间'], required: true, text: true, example: '1502' },
  unitCode: { key: 'unitCode', name: '房屋编号', header: '房屋编号', aliases: ['房屋', '房屋代码', '房产编号', '房号全称'], required: false, text: true, example: '1栋1单元1502', note: '如 1栋1单元1502 或 1-1-1502，可代替楼栋、单元、房号三列' },
  floor: { key: 'floor', name: '楼层', header: '楼层', aliases: ['所在楼层', '层'], required: false, text: false, example: '15', note: '不填则按房号推断（1502 → 15 层）' },
  area: { key: 'area', name: '建筑面积', header: '建筑面积(㎡)', aliases: ['面积', '房屋面积', '建面'], required: true, text: false, example: '89.5', note: `单位：平方米；${KEEP}` },
  status: { key: 'status', name: '状态', header: '状态', aliases: ['房屋状态', '入住状态', '使用状态'], required: false, text: true, example: '自住', note: '自住、空置 或 出租；新房屋不填为空置' },
  name: { key: 'name', name: '姓名', header: '姓名', aliases: ['住户姓名', '业主姓名', '名字', '住户', ...BUYER_HEADERS], required: true, text: true, example: '张伟' },
  relation: { key: 'relation', name: '关系', header: '关系', aliases: ['与房屋关系', '身份', '住户身份', '住户类型', '人员类型'], required: true, text: true, example: '业主', note: '业主、家庭成员 或 租户' },
  phone: { key: 'phone', name: '手机号', header: '手机号', aliases: ['手机', '手机号码', '联系电话', '联系方式', '电话', '电话号码', '联系手机', '购房人电话', '购房人手机'], required: true, text: true, example: '13900001502', note: `新增住户必填；${KEEP}` },
  idNumber: { key: 'idNumber', name: '身份证号', header: '身份证号', aliases: ['身份证', '身份证号码', '证件号码', '证件号', '购房人身份证号', '购房人证件号码'], required: false, text: true, example: '330106197001011234', note: `18位；${KEEP}` },
  plate: { key: 'plate', name: '车牌号', header: '车牌号', aliases: ['车牌', '车牌号码'], required: true, text: true, example: '浙A·12345' },
  space: { key: 'space', name: '车位号', header: '车位号', aliases: ['车位', '车位编号', '停车位'], required: false, text: true, example: 'B1-015', note: KEEP },
  spaceKind: { key: 'spaceKind', name: '车位类型', header: '车位类型', aliases: ['车位性质', '车位属性'], required: false, text: true, example: '自有', note: '自有 或 租用；填写车位号时不填为自有' },
};

const UNIT_PARTS: readonly ColumnKey[] = ['building', 'entrance', 'room'];

/** The template's columns of each list, in order (the unit code column is the alternative, listed last). */
const KIND_COLUMNS: Record<ImportKind, readonly ColumnKey[]> = {
  units: [...UNIT_PARTS, 'floor', 'area', 'status'],
  residents: [...UNIT_PARTS, 'name', 'relation', 'phone', 'idNumber'],
  vehicles: [...UNIT_PARTS, 'plate', 'space', 'spaceKind'],
};

export function columnsOf(kind: ImportKind): ColumnSpec[] {
  return KIND_COLUMNS[kind].map((k) => COLUMNS[k]);
}

export function columnName(key: ColumnKey): string {
  return COLUMNS[key].name;
}

/** The header row of templates and exports: required columns marked with '*'. */
export function headerRow(kind: ImportKind): string[] {
  return columnsOf(kind).map((c) => `${c.header}${c.required ? '*' : ''}`);
}

/** What the template action tells the page about each column. */
export function importColumns(kind: ImportKind): ImportColumn[] {
  return [...columnsOf(kind), COLUMNS.unitCode].map((c) => ({ name: c.header, required: c.required, example: c.example, ...(c.note ? { note: c.note } : {}) }));
}

/**
 * A header cell reduced to what identifies it: full-width forms folded (（）＊ → ()*), spaces,
 * required marks and colons removed, and any bracketed remark dropped (建筑面积（m²）→ 建筑面积).
 */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕/g, '')
    .replace(/[*:]/g, '')
    .toLowerCase();
}

const LOOKUP: ReadonlyMap<string, ColumnKey> = new Map(
  Object.values(COLUMNS).flatMap((c) => [c.name, c.header, ...c.aliases].map((h) => [normalizeHeader(h), c.key] as const)),
);

/** Where each known column is in a file: the cell index per column key. */
export type ColumnMap = Partial<Record<ColumnKey, number>>;

export type HeaderMatch =
  /** `ownerList`: a buyer list without a 关系 column — every row is an owner (业主). */
  | { ok: true; columns: ColumnMap; unitBy: 'parts' | 'code'; ownerList?: true }
  | { ok: false; missing: string[]; duplicates: string[] };

/**
 * Match a header row to a list's columns. Unknown headers are ignored. The unit is given either by
 * 楼栋 + 单元 + 房号 or by one 房屋编号 column (the three columns win when both are present).
 */
export function matchHeader(kind: ImportKind, cells: readonly string[]): HeaderMatch {
  const wanted = new Set<ColumnKey>([...KIND_COLUMNS[kind], 'unitCode']);
  const columns: ColumnMap = {};
  const duplicates: string[] = [];
  cells.forEach((cell, i) => {
    const key = LOOKUP.get(normalizeHeader(cell));
    if (!key || !wanted.has(key)) return;
    if (columns[key] !== undefined) duplicates.push(COLUMNS[key].name);
    else columns[key] = i;
  });
  // A developer's list names the unit in one 房号 column (8栋1单元0302): without 楼栋 and 单元 it is the unit code.
  if (columns.room !== undefined && columns.building === undefined && columns.entrance === undefined && columns.unitCode === undefined) {
    columns.unitCode = columns.room;
    delete columns.room;
  }
  // A buyer list (购房人 / 业主姓名 …) without 关系: its rows are owners.
  const nameHeader = columns.name !== undefined ? normalizeHeader(cells[columns.name] ?? '') : '';
  const ownerList = kind === 'residents' && columns.relation === undefined && OWNER_NAME_HEADERS.some((h) => normalizeHeader(h) === nameHeader);
  const hasParts = UNIT_PARTS.every((k) => columns[k] !== undefined);
  const unitBy = hasParts ? 'parts' : columns.unitCode !== undefined ? 'code' : undefined;
  const missing: string[] = [];
  if (!unitBy) {
    const absent = UNIT_PARTS.filter((k) => columns[k] === undefined).map((k) => COLUMNS[k].name);
    missing.push(`${absent.join('、')}（或 房屋编号）`);
  }
  for (const key of KIND_COLUMNS[kind]) {
    if (!UNIT_PARTS.includes(key) && COLUMNS[key].required && columns[key] === undefined && !(ownerList && key === 'relation')) missing.push(COLUMNS[key].name);
  }
  if (!unitBy || missing.length > 0 || duplicates.length > 0) return { ok: false, missing, duplicates: [...new Set(duplicates)] };
  if (unitBy === 'parts') delete columns.unitCode;
  else for (const k of UNIT_PARTS) delete columns[k];
  return { ok: true, columns, unitBy, ...(ownerList ? { ownerList: true as const } : {}) };
}
