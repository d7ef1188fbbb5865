import { z } from 'zod';
import { IMPORT_KINDS, type ImportKind } from '../domain/imports';
import { action, community, empty, objectId } from './contract';

/**
 * Manager import of the office's lists (房屋 / 住户 / 车辆) from CSV or XLSX, the way property
 * companies keep them. A preview validates every row; a commit writes all rows or none, unless
 * asked to skip the bad rows. Re-importing the same file changes nothing (upsert by unit code).
 */
// Defined in shared/domain/imports.ts (zod-free, so the client can show labels without bundling zod).
export { IMPORT_KINDS, IMPORT_KIND_LABELS, type ImportKind } from '../domain/imports';
export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Largest file accepted (bytes, before base64). */
export const IMPORT_MAX_BYTES = 4 * 1024 * 1024;
/** Most data rows in one file. */
export const IMPORT_MAX_ROWS = 20_000;
/**
 * Largest unpacked XLSX (all parts together, as declared and as actually inflated). Our own export of
 * 20,000 residents (7 columns) unpacks to 7.8 MB: the cap leaves room for styling, not for a zip bomb.
 */
export const IMPORT_MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

/** One problem in one row. Row numbers are the spreadsheet's (the header is row 1). */
export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

export interface ImportColumn {
  name: string;
  required: boolean;
  example: string;
  note?: string;
}

export interface ImportPreview {
  importId: string;
  kind: ImportKind;
  fileName: string;
  rows: number;
  validRows: number;
  /** Rows that would create a record / change one / change nothing. */
  creates: number;
  updates: number;
  unchanged: number;
  /**
   * Every row error, in row order (the page shows the first ones); at most 2,000 are listed
   * (`rows - validRows` rows have errors). Show one as describeRowError() in shared/domain/imports.ts does.
   */
  errors: ImportRowError[];
}

export interface ImportResult {
  importId: string;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export interface ImportHistoryItem {
  importId: string;
  kind: ImportKind;
  fileName: string;
  status: 'previewed' | 'committed';
  rows: number;
  errors: number;
  createdAt: string;
  byName: string;
  result?: ImportResult;
}

export interface ExportFile {
  fileName: string;
  format: ImportFormat;
  /** The file's bytes, base64. */
  contentBase64: string;
  rows: number;
}

const MANAGERS = ['manager'] as const;

export const importsContract = {
  /** The columns of each list, and an empty template to fill in. */
  template: action<{ columns: ImportColumn[]; file: ExportFile }>()(
    z.object({ kind: z.enum(IMPORT_KINDS), format: z.enum(IMPORT_FORMATS).default('xlsx') }).strict(),
    community(MANAGERS),
  ),
  /** Read and validate a file; nothing is written to the records. */
  preview: action<ImportPreview>()(
    z
      .object({
        kind: z.enum(IMPORT_KINDS, { message: '请选择导入的资料类型' }),
        fileName: z.string().trim().min(1, '缺少文件名').max(100, '文件名过长'),
        /** The file's bytes, base64. */
        contentBase64: z
          .string()
          .min(1, '文件是空的')
          .max(Math.ceil((IMPORT_MAX_BYTES * 4) / 3) + 4, `文件过大（上限 ${IMPORT_MAX_BYTES / 1024 / 1024} MB）`),
      })
      .strict(),
    community(MANAGERS),
  ),
  /** Write a previewed file: every row, or (skipBadRows) every valid row. */
  commit: action<ImportResult>()(
    z.object({ importId: objectId, skipBadRows: z.boolean().default(false) }).strict(),
    community(MANAGERS, { importId: 'importBatch' }),
  ),
  history: action<ImportHistoryItem[]>()(empty, community(MANAGERS)),
  /** The community's current list, in the import layout (a round trip re-imports unchanged). */
  export: action<ExportFile>()(
    z.object({ kind: z.enum(IMPORT_KINDS), format: z.enum(IMPORT_FORMATS).default('xlsx') }).strict(),
    community(MANAGERS),
  ),
};
