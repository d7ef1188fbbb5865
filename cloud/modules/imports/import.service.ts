import {
  IMPORT_KIND_LABELS,
  type ExportFile,
  type ImportColumn,
  type ImportFormat,
  type ImportHistoryItem,
  type ImportKind,
  type ImportPreview,
  type ImportResult,
  type ImportRowError,
} from '@shared/contracts/imports.contract';
import { MINUTE_MS } from '@shared/domain/calendar';
import { AppError } from '../../lib/app-error';
import { claimOnce } from '../../lib/claim';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import type { Caller } from '../../lib/caller';
import { applyWrites, communityContact, loadSnapshot } from '../community';
import { dropRows, dropUnusedRows, loadRows, saveRows } from './batch-rows';
import { exportFileName, listTable, RECORDS_NEEDED } from './export';
import { decodeBase64 } from './file-reader';
import { writeTable } from './file-writer';
import { importColumns } from './import-columns';
import { planImport, type Plan } from './import-plan';
import { parseRows, sortErrors, type AnyRow, type RowsOf } from './import-rows';
import { ImportBatch } from './import.model';
import { readSheetInWorker } from './sheet-worker';

/**
 * Manager import and export of the community's lists (房屋 / 住户 / 车辆).
 *
 * preview: read the file, check every row, plan it against the records, store the batch; nothing
 * is written to the records. commit: plan again against the records as they are now; with errors
 * (and no skipBadRows) write nothing; otherwise write every valid row with bulk operations.
 * No transactions: all-or-nothing comes from validating everything before the first write, and a
 * commit that stops halfway is completed by running it again (every write is re-planned by key).
 *
 * Batches are read and updated by `_id` alone (then checked against the caller's community):
 * FerretDB v1 decodes every document of a collection for any other filter.
 */
const { ObjectId } = mongoose.Types;

/** Row errors returned by a preview (a broken file can have one per cell). */
export const LISTED_ERRORS_MAX = 2000;
/** Row errors kept on the batch document. */
const STORED_ERRORS_MAX = 200;
/** How long a commit attempt holds a batch before another attempt may take over (a crashed one). */
const COMMIT_LEASE_MS = 2 * MINUTE_MS;

interface StoredBatch {
  _id: mongoose.Types.ObjectId;
  communityId: mongoose.Types.ObjectId;
  kind: ImportKind;
  fileName: string;
  status: 'previewed' | 'committed';
  totalRows: number;
  chunks?: number;
  rowsDroppedAt?: Date;
  unitColumn: string;
  fileErrorCount: number;
  fileErrors?: ImportRowError[];
  summary?: Summary;
  commitAttempt?: number;
  commitStartedAt?: Date;
  planned?: ImportResult;
  result?: ImportResult;
  createdAt: Date;
  byName: string;
}

interface Summary {
  rows: number;
  validRows: number;
  creates: number;
  updates: number;
  unchanged: number;
  errors: number;
}

const newId = () => String(new ObjectId());

async function communityName(communityId: string): Promise<string> {
  const c = await communityContact(communityId);
  if (!c) throw new AppError('COMMUNITY.NOT_FOUND');
  return c.name;
}

/** Plan rows against the records as they are now. */
async function validate(kind: ImportKind, rows: AnyRow[], unitColumn: string, communityId: string): Promise<Plan> {
  const snapshot = await loadSnapshot(communityId, RECORDS_NEEDED[kind]);
  return planImport(kind, rows as RowsOf[typeof kind][], snapshot, { unitColumn, newId });
}

function summarize(total: number, fileErrorCount: number, plan: Plan): Summary {
  const { create, update, unchanged } = plan.counts;
  return { rows: total, validRows: create + update + unchanged, creates: create, updates: update, unchanged, errors: fileErrorCount + plan.errors.length };
}

export async function template(kind: ImportKind, format: ImportFormat): Promise<{ columns: ImportColumn[]; file: ExportFile }> {
  const content = await writeTable(format, await listTable(kind));
  return {
    columns: importColumns(kind),
    file: { fileName: `${IMPORT_KIND_LABELS[kind]}导入模板.${format}`, format, contentBase64: content.toString('base64'), rows: 0 },
  };
}

export async function preview(caller: Caller, input: { kind: ImportKind; fileName: string; contentBase64: string }): Promise<ImportPreview> {
  // Off the request thread, with a memory and a time limit (sheet-worker.ts).
  const sheet = await readSheetInWorker(decodeBase64(input.contentBase64), input.fileName);
  const parsed = parseRows(input.kind, sheet.rows);
  const plan = await validate(input.kind, parsed.rows, parsed.unitColumn, caller.communityId);
  const summary = summarize(parsed.total, parsed.errors.length, plan);
  const errors = sortErrors([...parsed.errors, ...plan.errors]).slice(0, LISTED_ERRORS_MAX);
  const communityId = new ObjectId(caller.communityId);
  await dropUnusedRows(communityId);
  const batchId = new ObjectId();
  // Rows first: a batch document exists only with its rows.
  const chunks = await saveRows(batchId, communityId, parsed.rows);
  await ImportBatch.create({
    _id: batchId,
    communityId,
    kind: input.kind,
    format: sheet.format,
    fileName: input.fileName,
    byUserId: new ObjectId(caller.userId),
    byName: caller.name,
    totalRows: parsed.total,
    chunks,
    unitColumn: parsed.unitColumn,
    fileErrorCount: parsed.errors.length,
    fileErrors: parsed.errors.slice(0, STORED_ERRORS_MAX),
    errors: errors.slice(0, STORED_ERRORS_MAX),
    summary,
  });
  return {
    importId: String(batchId),
    kind: input.kind,
    fileName: input.fileName,
    rows: summary.rows,
    validRows: summary.validRows,
    creates: summary.creates,
    updates: summary.updates,
    unchanged: summary.unchanged,
    errors,
  };
}

/**
 * Take the batch for one commit attempt: the attempt is recorded first, then claimed by a unique
 * key, so of racing commits one proceeds; an attempt older than the lease (a crashed one) may be
 * taken over by the next. Returns false when another attempt holds the batch.
 */
async function claimCommit(batch: StoredBatch, planned: ImportResult): Promise<boolean> {
  const started = batch.commitStartedAt ? new Date(batch.commitStartedAt).getTime() : undefined;
  if (started !== undefined && now().getTime() - started < COMMIT_LEASE_MS) return false;
  const attempt = (batch.commitAttempt ?? 0) + 1;
  await ImportBatch.updateOne({ _id: batch._id }, { $set: { commitAttempt: attempt, commitStartedAt: now(), ...(batch.planned ? {} : { planned }) } });
  // Permanent (no ttl): an attempt is taken once; committed batches are the import history.
  return claimOnce(`import.commit:${String(batch._id)}:${attempt}`);
}

/** While writing, renew the attempt's lease now and then, so no retry takes over a live commit. */
function keepLease(batchId: mongoose.Types.ObjectId) {
  let renewed = now().getTime();
  return async () => {
    if (now().getTime() - renewed < COMMIT_LEASE_MS / 4) return;
    renewed = now().getTime();
    await ImportBatch.updateOne({ _id: batchId }, { $set: { commitStartedAt: now() } });
  };
}

async function findBatch(caller: Caller, importId: string): Promise<StoredBatch> {
  const batch = await ImportBatch.findById(importId).lean<StoredBatch>();
  if (!batch || String(batch.communityId) !== caller.communityId) throw new AppError('IMPORT.NOT_FOUND');
  return batch;
}

export async function commit(caller: Caller, input: { importId: string; skipBadRows: boolean }): Promise<ImportResult> {
  const batch = await findBatch(caller, input.importId);
  if (batch.status === 'committed' && batch.result) return batch.result;

  // Validate everything against the records as they are now, before the first write.
  const plan = await validate(batch.kind, await loadRows(batch), batch.unitColumn, caller.communityId);
  const summary = summarize(batch.totalRows, batch.fileErrorCount, plan);
  if (summary.errors > 0 && !input.skipBadRows) {
    // The records may have changed since the preview: keep what the batch says up to date.
    const errors = sortErrors([...(batch.fileErrors ?? []), ...plan.errors]).slice(0, STORED_ERRORS_MAX);
    await ImportBatch.updateOne({ _id: batch._id }, { $set: { errors, summary } });
    throw new AppError('IMPORT.HAS_ERRORS', undefined, { errors: summary.errors });
  }

  // A retry after a crash reports what the first attempt planned (its writes now look unchanged).
  const planned: ImportResult = batch.planned ?? {
    importId: input.importId,
    created: plan.counts.create,
    updated: plan.counts.update,
    unchanged: plan.counts.unchanged,
    skipped: batch.totalRows - summary.validRows,
  };
  if (!(await claimCommit(batch, planned))) {
    const again = await findBatch(caller, input.importId);
    if (again.status === 'committed' && again.result) return again.result;
    throw new AppError('STATE.CONFLICT', '该文件正在导入中，请稍后在导入记录中查看结果');
  }
  await applyWrites(plan.writes, caller.communityId, keepLease(batch._id));
  await ImportBatch.updateOne({ _id: batch._id }, { $set: { status: 'committed', result: planned, committedAt: now() } });
  await dropRows(batch._id, batch.chunks ?? 0);
  return planned;
}

export async function history(caller: Caller): Promise<ImportHistoryItem[]> {
  const batches = await ImportBatch.find({ communityId: new ObjectId(caller.communityId) }, { errors: 0, fileErrors: 0 })
    .sort({ createdAt: -1 })
    .limit(20)
    .lean<StoredBatch[]>();
  return batches.map((b) => ({
    importId: String(b._id),
    kind: b.kind,
    fileName: b.fileName,
    status: b.status,
    rows: b.totalRows,
    errors: b.summary?.errors ?? 0,
    createdAt: new Date(b.createdAt).toISOString(),
    byName: b.byName,
    ...(b.result ? { result: b.result } : {}),
  }));
}

export async function exportList(caller: Caller, kind: ImportKind, format: ImportFormat): Promise<ExportFile> {
  const [name, table] = await Promise.all([communityName(caller.communityId), listTable(kind, caller.communityId)]);
  const content = await writeTable(format, table);
  return { fileName: exportFileName(name, kind, format), format, contentBase64: content.toString('base64'), rows: table.rows.length };
}
