import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CellValue } from 'exceljs';
import { DAY_MS } from '@shared/domain/calendar';
import { SaxesParser } from 'saxes';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, IMPORT_MAX_UNPACKED_BYTES, type ImportFormat } from '@shared/contracts/imports.contract';
import { AppError } from '../../lib/app-error';
import { inflateEntry, readCentralDirectory, ZipSizeLieError, type ZipEntry } from './xlsx-zip';

/**
 * Reads an uploaded list (CSV or XLSX) into rows of text cells, the way a spreadsheet shows them.
 * CSV may be UTF-8 (with or without BOM), GB18030/GBK (what Excel on Chinese Windows saves as
 * "CSV (逗号分隔)") or UTF-16 ("Unicode 文本", tab separated). XLSX: the first worksheet.
 *
 * Bounded work whatever the file: rows are read one at a time and reading stops as soon as the data
 * rows pass the limit; an XLSX is refused before reading when its parts declare more than the
 * unpacked cap, and while inflating when a part produces more than it declared. The server runs
 * this in a worker thread with a memory limit and a time limit (sheet-worker.ts).
 */

/** One non-empty row of the sheet: its spreadsheet row number (1-based) and its cells as text. */
export interface SheetRow {
  row: number;
  cells: string[];
}

export interface Sheet {
  format: ImportFormat;
  /** Non-empty rows only, in order. */
  rows: SheetRow[];
}

export interface ReadLimits {
  /** Largest file (bytes). */
  maxBytes: number;
  /** Most data rows (the header row is not counted). */
  maxRows: number;
  /** Largest unpacked XLSX (all parts). */
  maxUnpackedBytes: number;
}

export const READ_LIMITS: ReadLimits = { maxBytes: IMPORT_MAX_BYTES, maxRows: IMPORT_MAX_ROWS, maxUnpackedBytes: IMPORT_MAX_UNPACKED_BYTES };

/** Cells right of this column (IV, the old Excel limit) are ignored: no list has that many columns. */
export const MAX_COLUMNS = 256;

const badFile = (message: string) => new AppError('IMPORT.BAD_FILE', message);
const MB = 1024 * 1024;
const EXCEL_UNREADABLE = '无法读取该 Excel 文件，请确认文件未损坏，且为 .xlsx 格式';
const tooLarge = (limits: ReadLimits) => badFile(`文件过大（上限 ${limits.maxBytes / MB} MB），请拆分后分批导入`);
const tooManyRows = (limits: ReadLimits) => badFile(`数据行过多（超过上限 ${limits.maxRows} 行），请拆分后分批导入`);
const unpackedTooLarge = (limits: ReadLimits) =>
  badFile(`Excel 文件解压后过大（上限 ${limits.maxUnpackedBytes / MB} MB），请删除多余的工作表、图片和格式，或拆分后分批导入`);

/** The uploaded base64 text → bytes, within the size limit. */
export function decodeBase64(text: string): Buffer {
  const clean = text.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) throw badFile('文件内容编码不正确，请重新选择文件上传');
  const bytes = Buffer.from(clean, 'base64');
  if (bytes.length === 0) throw badFile('文件是空的');
  if (bytes.length > IMPORT_MAX_BYTES) throw tooLarge(READ_LIMITS);
  return bytes;
}

const startsWith = (bytes: Uint8Array, ...magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * Text of a CSV file: a BOM decides; otherwise strict UTF-8, and bytes that are not valid UTF-8
 * are read as GB18030 (a superset of GBK and GB2312). Never longer (in characters) than the bytes.
 */
export function decodeText(bytes: Buffer): string {
  if (startsWith(bytes, 0xef, 0xbb, 0xbf)) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (startsWith(bytes, 0xff, 0xfe)) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, 0xfe, 0xff)) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The delimiter of a CSV text: tab for "Unicode 文本" exports, semicolon for some locales, else comma. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const [best] = ([',', '\t', ';'] as const).map((d) => [d, count(d)] as const).sort((a, b) => b[1] - a[1]);
  return best[1] > 0 ? best[0] : ',';
}

const isEmptyRow = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/** Keeps the non-empty rows; throws as soon as the data rows (all but the header) pass the limit. */
class RowCollector {
  readonly rows: SheetRow[] = [];
  constructor(private readonly limits: ReadLimits) {}

  add(row: number, cells: string[]): void {
    if (isEmptyRow(cells)) return;
    this.rows.push({ row, cells });
    if (this.rows.length - 1 > this.limits.maxRows) throw tooManyRows(this.limits);
  }
}

export function readCsv(bytes: Buffer, limits: ReadLimits = READ_LIMITS): SheetRow[] {
  if (bytes.length > limits.maxBytes) throw tooLarge(limits);
  const text = decodeText(bytes);
  if (text.includes('\u0000')) throw badFile('文件不是文本格式的 CSV，请使用 .xlsx 或 .csv 文件');
  const rows = new RowCollector(limits);
  try {
    // Records are handed over one at a time and not kept (on_record → null): memory stays with the rows we keep.
    parse(text, {
      delimiter: delimiterOf(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      on_record: (cells: string[], info) => {
        // A quote before formula-like text is how our export (and careful offices) keep Excel from running it.
        rows.add(
          info.records,
          cells.slice(0, MAX_COLUMNS).map((c) => c.trim().replace(/^'(?=[=+\-@])/, '')),
        );
        return null;
      },
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw badFile(`CSV 文件格式有误，无法读取：${(err as Error).message.slice(0, 80)}`);
  }
  return rows.rows;
}

/** A cell as the spreadsheet shows it, as text. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') {
    // Past 2^53 Excel has already lost digits (an 18-digit ID number typed as a number):
    // show it as Excel does (15 significant digits, exponent form), so the row rule can say so.
    return Number.isSafeInteger(value) || !Number.isInteger(value) ? String(value) : value.toPrecision(15);
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
  if ('hyperlink' in value) return cellText(value.text);
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) return value.result === undefined ? '' : cellText(value.result);
  return '';
}

// ---------------------------------------------------------------------------------------------
// XLSX: the zip's parts streamed through a SAX parser, nothing held but the shared strings and the rows.

type Attributes = Record<string, string>;
interface XmlHandlers {
  open?(name: string, attributes: Attributes): void;
  close?(name: string): void;
  text?(text: string): void;
}

/** A name without its namespace prefix (`x:row` → `row`). */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** An attribute by its local name (`r:id` → `id`), whatever prefix the file binds. */
function attribute(attributes: Attributes, name: string): string | undefined {
  if (name in attributes) return attributes[name];
  for (const key of Object.keys(attributes)) if (local(key) === name) return attributes[key];
  return undefined;
}

class Package {
  private readonly byName = new Map<string, ZipEntry>();

  constructor(
    private readonly bytes: Buffer,
    entries: ZipEntry[],
  ) {
    for (const e of entries) if (!this.byName.has(e.name.toLowerCase())) this.byName.set(e.name.toLowerCase(), e);
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  names(): string[] {
    return [...this.byName.values()].map((e) => e.name);
  }

  /** Stream one XML part through the parser; false when the package has no such part. */
  async parse(name: string, handlers: XmlHandlers): Promise<boolean> {
    const entry = this.byName.get(name.toLowerCase());
    if (!entry) return false;
    const parser = new SaxesParser({ position: false });
    const { open, close, text } = handlers;
    if (open) parser.on('opentag', (tag) => open(local(tag.name), tag.attributes as Attributes));
    if (close) parser.on('closetag', (tag) => close(local(tag.name)));
    if (text) {
      parser.on('text', text);
      parser.on('cdata', text);
    }
    const decoder = new TextDecoder('utf-8');
    await inflateEntry(this.bytes, entry, (chunk) => parser.write(decoder.decode(chunk, { stream: true })));
    parser.write(decoder.decode());
    parser.close();
    return true;
  }
}

/** `Relationship` elements of a .rels part: id → absolute part name (and type). */
async function readRelationships(pkg: Package, partName: string): Promise<Map<string, { type: string; target: string }>> {
  const rels = new Map<string, { type: string; target: string }>();
  const dir = path.posix.dirname(partName);
  const relsName = path.posix.join(dir === '.' ? '' : dir, '_rels', `${path.posix.basename(partName)}.rels`);
  await pkg.parse(relsName, {
    open(name, a) {
      if (name !== 'Relationship' || !a.Id || !a.Target || a.TargetMode === 'External') return;
      const target = a.Target.startsWith('/') ? a.Target.slice(1) : path.posix.normalize(path.posix.join(dir === '.' ? '' : dir, a.Target));
      rels.set(a.Id, { type: a.Type ?? '', target });
    },
  });
  return rels;
}

const relOfType = (rels: Map<string, { type: string; target: string }>, type: string) => [...rels.values()].find((r) => r.type.endsWith(`/${type}`))?.target;

/** `_xHHHH_` escapes Excel writes for control characters in strings (as ExcelJS decoded them). */
const unescapeX = (s: string) => (s.includes('_x') ? s.replace(/_x([0-9A-F]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s);

/** The shared strings (plain or rich text runs joined; phonetic guides left out). */
async function readSharedStrings(pkg: Package, name: string | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!name) return strings;
  let current: string | undefined;
  let inT = false;
  let phonetic = 0;
  await pkg.parse(name, {
    open(tag) {
      if (tag === 'si') current = '';
      else if (tag === 'rPh') phonetic++;
      else if (tag === 't' && current !== undefined && phonetic === 0) inT = true;
    },
    text(t) {
      if (inT) current += t;
    },
    close(tag) {
      if (tag === 't') inT = false;
      else if (tag === 'rPh') phonetic--;
      else if (tag === 'si' && current !== undefined) {
        strings.push(unescapeX(current));
        current = undefined;
      }
    },
  });
  return strings;
}

/** Built-in number formats that are dates or times (ExcelJS's table: 14–22, 45–47). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** A number format shows a date or time (ExcelJS's rule: date letters outside quotes and brackets). */
const isDateFormat = (code: string) => /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

/** Per cell style (`s` of a cell): whether numbers in it are dates. */
async function readDateStyles(pkg: Package, name: string | undefined): Promise<boolean[]> {
  const custom = new Map<number, string>();
  const styleFormats: number[] = [];
  let inCellXfs = false;
  if (name) {
    await pkg.parse(name, {
      open(tag, a) {
        if (tag === 'numFmt' && a.numFmtId !== undefined) custom.set(Number(a.numFmtId), a.formatCode ?? '');
        else if (tag === 'cellXfs') inCellXfs = true;
        else if (tag === 'xf' && inCellXfs) styleFormats.push(Number(a.numFmtId ?? 0));
      },
      close(tag) {
        if (tag === 'cellXfs') inCellXfs = false;
      },
    });
  }
  return styleFormats.map((id) => (id ? (custom.has(id) ? isDateFormat(custom.get(id) as string) : BUILTIN_DATE_FORMATS.has(id)) : false));
}

/** Excel's serial day number → the date (1900 or 1904 system), as ExcelJS converts it. */
const excelDate = (serial: number, date1904: boolean) => new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * DAY_MS));

/** 'B12' → 2; 0 when the reference has no column letters. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~0x20; // upper case
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col;
}

interface Range {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function rangeOf(ref: string): Range | undefined {
  const m = /^\$?([A-Za-z]+)\$?(\d+):\$?([A-Za-z]+)\$?(\d+)$/.exec(ref);
  if (!m) return undefined;
  const [a, b] = [columnOf(m[1]), columnOf(m[3])];
  const [r1, r2] = [Number(m[2]), Number(m[4])];
  return { top: Math.min(r1, r2), bottom: Math.max(r1, r2), left: Math.min(a, b), right: Math.max(a, b) };
}

function setCell(cells: string[], col: number, text: string): void {
  while (cells.length < col - 1) cells.push('');
  cells[col - 1] = text;
}

interface CellState {
  col: number;
  type: string;
  style: number;
  /** Text of <v> or of an inline string; undefined when the cell has none. */
  value: string | undefined;
  formula: boolean;
}

function numberText(v: string, dateStyle: boolean | undefined, date1904: boolean): string {
  const n = parseFloat(v);
  return cellText(dateStyle ? excelDate(n, date1904) : n);
}

/** What a cell shows, as text; null when the cell holds no value (ExcelJS's reading, then cellText). */
function cellValue(cell: CellState, shared: readonly string[], dateStyles: readonly boolean[], date1904: boolean): string | null {
  const { type, value } = cell;
  if (cell.formula) {
    // A formula shows its cached result; none (never calculated) shows nothing.
    if (!value) return '';
    if (type === 'str') return cellText(value);
    if (type === 'b') return cellText(parseInt(value, 10) !== 0);
    if (type === 'e') return value;
    return numberText(value, dateStyles[cell.style], date1904);
  }
  if (value === undefined) return null;
  switch (type) {
    case 's':
      return cellText(shared[parseInt(value, 10)] ?? '');
    case 'str':
    case 'inlineStr':
      return cellText(value);
    case 'b':
      return cellText(parseInt(value, 10) !== 0);
    case 'e':
      return value;
    case 'd':
      return cellText(new Date(value));
    default:
      return numberText(value, dateStyles[cell.style], date1904);
  }
}

/** The first worksheet: its part name, or undefined when the workbook has none. */
async function firstWorksheet(pkg: Package, workbook: string): Promise<{ sheet: string | undefined; date1904: boolean; rels: Map<string, { type: string; target: string }> }> {
  const sheetIds: string[] = [];
  let date1904 = false;
  await pkg.parse(workbook, {
    open(tag, a) {
      if (tag === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      else if (tag === 'sheet') {
        const id = attribute(a, 'id');
        if (id) sheetIds.push(id);
      }
    },
  });
  const rels = await readRelationships(pkg, workbook);
  // In workbook order, the first sheet that is a worksheet (chart sheets are skipped, as ExcelJS does).
  for (const id of sheetIds) {
    const rel = rels.get(id);
    if (rel && rel.type.endsWith('/worksheet') && pkg.has(rel.target)) return { sheet: rel.target, date1904, rels };
  }
  const fallback = pkg
    .names()
    .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/i.test(n))
    .sort((a, b) => parseInt(a.replace(/\D/g, ''), 10) - parseInt(b.replace(/\D/g, ''), 10));
  return { sheet: rels.size === 0 ? fallback[0] : undefined, date1904, rels };
}

/** Rows of one worksheet part, streamed; merged cells repeat their value, as ExcelJS shows them. */
async function readWorksheet(pkg: Package, name: string, shared: readonly string[], dateStyles: readonly boolean[], date1904: boolean, limits: ReadLimits): Promise<SheetRow[]> {
  const rows = new RowCollector(limits);
  const merges: Range[] = [];
  let rowNumber = 0;
  let cells: string[] | undefined;
  // One cell at a time (reused: a sheet may have millions).
  const cell: CellState = { col: 0, type: 'n', style: 0, value: undefined, formula: false };
  let inCell = false;
  let capture: 'v' | 'f' | 't' | undefined;
  let inlineString = false;
  let phonetic = 0;
  await pkg.parse(name, {
    open(tag, a) {
      switch (tag) {
        case 'row': {
          const r = a.r === undefined ? NaN : parseInt(a.r, 10);
          rowNumber = Number.isFinite(r) && r > 0 ? r : rowNumber + 1;
          cells = [];
          cell.col = 0;
          return;
        }
        case 'c': {
          if (!cells) return;
          const col = a.r === undefined ? 0 : columnOf(a.r);
          cell.col = col > 0 ? col : cell.col + 1;
          cell.type = a.t ?? 'n';
          cell.style = a.s === undefined ? 0 : parseInt(a.s, 10);
          cell.value = undefined;
          cell.formula = false;
          inCell = true;
          return;
        }
        case 'f':
          if (inCell) {
            capture = 'f';
            if (a.t !== undefined) cell.formula = true; // a shared formula's other cells: <f t="shared" si="0"/>
          }
          return;
        case 'v':
          if (inCell) capture = 'v';
          return;
        case 'is':
          inlineString = true;
          return;
        case 'rPh':
          phonetic++;
          return;
        case 't':
          if (inCell && inlineString && phonetic === 0) capture = 't';
          return;
        case 'mergeCell': {
          const range = a.ref ? rangeOf(a.ref) : undefined;
          if (range) merges.push(range);
          return;
        }
        default:
      }
    },
    text(t) {
      if (!capture) return;
      // Any formula text makes the cell a formula (its text itself is not needed).
      if (capture === 'f') cell.formula ||= t.length > 0;
      else cell.value = (cell.value ?? '') + t;
    },
    close(tag) {
      switch (tag) {
        case 'f':
        case 'v':
        case 't':
          capture = undefined;
          return;
        case 'is':
          inlineString = false;
          return;
        case 'rPh':
          phonetic--;
          return;
        case 'c': {
          if (cells && inCell && cell.col <= MAX_COLUMNS) {
            const text = cellValue(cell, shared, dateStyles, date1904);
            if (text !== null) setCell(cells, cell.col, text);
          }
          inCell = false;
          capture = undefined;
          return;
        }
        case 'row':
          if (cells) rows.add(rowNumber, cells);
          cells = undefined;
          return;
        default:
      }
    },
  });
  return applyMerges(rows, merges);
}

/**
 * Every cell of a merged range shows the range's first cell (a title across the columns, a 楼栋
 * merged down its rows), as ExcelJS read them. Rows a merge fills count against the row limit.
 */
function applyMerges(collector: RowCollector, merges: readonly Range[]): SheetRow[] {
  // Rows in row order, as ExcelJS listed them (files write them in order; a stable sort keeps that).
  if (merges.length === 0) return collector.rows.sort((a, b) => a.row - b.row);
  const byNumber = new Map<number, SheetRow>();
  for (const r of collector.rows) if (!byNumber.has(r.row)) byNumber.set(r.row, r);
  for (const m of merges) {
    const master = byNumber.get(m.top)?.cells[m.left - 1];
    if (master === undefined || master.trim() === '') continue;
    for (let r = m.top; r <= m.bottom; r++) {
      const existing = byNumber.get(r);
      const row = existing ?? { row: r, cells: [] };
      for (let c = m.left; c <= Math.min(m.right, MAX_COLUMNS); c++) if (r !== m.top || c !== m.left) setCell(row.cells, c, master);
      if (!existing) {
        byNumber.set(r, row);
        collector.add(r, row.cells);
      }
    }
  }
  return collector.rows.sort((a, b) => a.row - b.row);
}

export async function readXlsx(bytes: Buffer, limits: ReadLimits = READ_LIMITS): Promise<SheetRow[]> {
  if (bytes.length > limits.maxBytes) throw tooLarge(limits);
  try {
    const entries = readCentralDirectory(bytes);
    // What the parts say they unpack to, before unpacking any (each part is then held to it).
    const declared = entries.reduce((sum, e) => sum + e.size, 0);
    if (declared > limits.maxUnpackedBytes) throw unpackedTooLarge(limits);
    const pkg = new Package(bytes, entries);
    const rootRels = await readRelationships(pkg, '');
    const workbook = relOfType(rootRels, 'officeDocument') ?? 'xl/workbook.xml';
    if (!pkg.has(workbook)) throw badFile(EXCEL_UNREADABLE);
    const { sheet, date1904, rels } = await firstWorksheet(pkg, workbook);
    if (!sheet) throw badFile('Excel 文件中没有工作表');
    const shared = await readSharedStrings(pkg, relOfType(rels, 'sharedStrings') ?? (pkg.has('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : undefined));
    const dateStyles = await readDateStyles(pkg, relOfType(rels, 'styles') ?? (pkg.has('xl/styles.xml') ? 'xl/styles.xml' : undefined));
    return await readWorksheet(pkg, sheet, shared, dateStyles, date1904, limits);
  } catch (err) {
    if (err instanceof AppError) throw err;
    // A part that inflates past what it declared is a zip bomb: the same answer as a declared one.
    if (err instanceof ZipSizeLieError) throw unpackedTooLarge(limits);
    // Not a zip we can open (ZipFormatError), or parts that are not well-formed XML.
    throw badFile(EXCEL_UNREADABLE);
  }
}

/** Read an uploaded file; the content decides the format (the name only when it is ambiguous). */
export async function readSheet(bytes: Buffer, fileName: string, limits: ReadLimits = READ_LIMITS): Promise<Sheet> {
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return { format: 'xlsx', rows: await readXlsx(bytes, limits) };
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) throw badFile('不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后上传');
  if (/\.xlsx$/i.test(fileName)) throw badFile(EXCEL_UNREADABLE);
  return { format: 'csv', rows: readCsv(bytes, limits) };
}
