import ExcelJS from 'exceljs';
import type { ImportFormat } from '@shared/contracts/imports.contract';

/**
 * Writes a list in the import layout: XLSX (text columns formatted as text, so Excel keeps 0801 and
 * 18-digit ID numbers) or CSV in UTF-8 with a BOM (which Excel on Chinese Windows opens correctly).
 * XLSX cells are written as values, never formulas; in CSV, text that looks like a formula gets a
 * leading quote (CSV injection), which the reader removes again.
 */
export type CellValue = string | number | undefined;

export interface Table {
  sheetName: string;
  header: string[];
  /** Per column: written as text. */
  text: boolean[];
  rows: CellValue[][];
}

/** Text that Excel would run as a formula when it opens a CSV (=, +, -, @): written behind a quote. */
const FORMULA_LIKE = /^[=+\-@\t\r]/;

function csvField(value: CellValue): string {
  const raw = value === undefined ? '' : String(value);
  const s = typeof value === 'string' && FORMULA_LIKE.test(value) ? `'${raw}` : raw;
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeCsv(table: Table): Buffer {
  const lines = [table.header, ...table.rows].map((cells) => cells.map(csvField).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

export async function writeXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '物业客服平台';
  const sheet = workbook.addWorksheet(table.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.header.map((h, i) => ({
    header: h,
    width: Math.max(10, [...h].length * 2 + 4, table.text[i] ? 14 : 10),
    ...(table.text[i] ? { style: { numFmt: '@' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const cells of table.rows) sheet.addRow(cells.map((c) => (c === undefined ? null : c)));
  const out = await workbook.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

export function writeTable(format: ImportFormat, table: Table): Promise<Buffer> {
  return format === 'csv' ? Promise.resolve(writeCsv(table)) : writeXlsx(table);
}
