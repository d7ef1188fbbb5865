import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, type ImportFormat } from '@shared/contracts/imports.contract';
import { AppError } from '../../lib/app-error';

/**
 * Reads an uploaded list (CSV or XLSX) into rows of text cells, the way a spreadsheet shows them.
 * CSV may be UTF-8 (with or without BOM), GB18030/GBK (what Excel on Chinese Windows saves as
 * "CSV (逗号分隔)") or UTF-16 ("Unicode 文本", tab separated). XLSX: the first worksheet.
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

const badFile = (message: string) => new AppError('IMPORT.BAD_FILE', message);

/** The uploaded base64 text → bytes, within the size limit. */
export function decodeBase64(text: string): Buffer {
  const clean = text.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) throw badFile('文件内容编码不正确，请重新选择文件上传');
  const bytes = Buffer.from(clean, 'base64');
  if (bytes.length === 0) throw badFile('文件是空的');
  if (bytes.length > IMPORT_MAX_BYTES) throw badFile(`文件过大（上限 ${IMPORT_MAX_BYTES / 1024 / 1024} MB），请拆分后分批导入`);
  return bytes;
}

const startsWith = (bytes: Buffer, ...magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * Text of a CSV file: a BOM decides; otherwise strict UTF-8, and bytes that are not valid UTF-8
 * are read as GB18030 (a superset of GBK and GB2312).
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

function checkRowCount(rows: SheetRow[]): SheetRow[] {
  // The header is one of the rows; the limit is on data rows.
  if (rows.length - 1 > IMPORT_MAX_ROWS) throw badFile(`数据行过多（${rows.length - 1} 行，上限 ${IMPORT_MAX_ROWS} 行），请拆分后分批导入`);
  return rows;
}

export function readCsv(bytes: Buffer): SheetRow[] {
  const text = decodeText(bytes);
  if (text.includes('\u0000')) throw badFile('文件不是文本格式的 CSV，请使用 .xlsx 或 .csv 文件');
  let records: string[][];
  try {
    records = parse(text, { delimiter: delimiterOf(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    throw badFile(`CSV 文件格式有误，无法读取：${(err as Error).message.slice(0, 80)}`);
  }
  const rows: SheetRow[] = [];
  records.forEach((cells, i) => {
    // A quote before formula-like text is how our export (and careful offices) keep Excel from running it.
    if (!isEmptyRow(cells)) rows.push({ row: i + 1, cells: cells.map((c) => c.trim().replace(/^'(?=[=+\-@])/, '')) });
  });
  return checkRowCount(rows);
}

/** A cell as the spreadsheet shows it, as text. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') {
    // Past 2^53 Excel has already lost digits (an 18-digit ID number typed as a number):
    // show it as Excel does (15 significant digits, exponent form), so the row rule can say so.
    return Number.isSafeInteger(value) || !Number.isInteger(value) ? String(value) : value.toPrecision(15);
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
  if ('hyperlink' in value) return cellText(value.text);
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) return value.result === undefined ? '' : cellText(value.result);
  return '';
}

export async function readXlsx(bytes: Buffer): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw badFile('无法读取该 Excel 文件，请确认文件未损坏，且为 .xlsx 格式');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw badFile('Excel 文件中没有工作表');
  if (sheet.actualRowCount - 1 > IMPORT_MAX_ROWS) throw badFile(`数据行过多（上限 ${IMPORT_MAX_ROWS} 行），请拆分后分批导入`);
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = Array.isArray(row.values) ? row.values : [];
    const cells: string[] = [];
    // row.values is 1-based (index 0 is always empty) and sparse.
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
    if (!isEmptyRow(cells)) rows.push({ row: rowNumber, cells });
  });
  return checkRowCount(rows);
}

/** Read an uploaded file; the content decides the format (the name only when it is ambiguous). */
export async function readSheet(bytes: Buffer, fileName: string): Promise<Sheet> {
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return { format: 'xlsx', rows: await readXlsx(bytes) };
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) throw badFile('不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后上传');
  if (/\.xlsx$/i.test(fileName)) throw badFile('无法读取该 Excel 文件，请确认文件未损坏，且为 .xlsx 格式');
  return { format: 'csv', rows: readCsv(bytes) };
}
