import { DAY_MS } from '@shared/domain/calendar';
import { AppError } from '../../lib/app-error';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import type { AnyRow } from './import-rows';
import { ImportBatch, ImportRows } from './import.model';

/**
 * Where a previewed batch keeps its normalized rows until it is committed: chunks of ImportRows
 * with ids `<batchId>:<n>`, read and deleted one by one by `_id` (FerretDB v1 pushes down only an
 * `_id` equality; any other filter decodes every document of the collection). A commit drops its
 * batch's rows; rows left behind (a crash after the commit, a preview unused for a day) go at the
 * community's next preview.
 */
const CHUNK_ROWS = 2000;
const UNUSED_ROWS_MS = DAY_MS;

type Id = mongoose.Types.ObjectId;
const chunkIds = (batchId: Id | string, chunks: number) => Array.from({ length: chunks }, (_, i) => `${String(batchId)}:${i}`);

/** Store the rows; returns the number of chunks. */
export async function saveRows(batchId: Id, communityId: Id, rows: AnyRow[]): Promise<number> {
  const docs = [];
  for (let i = 0; i * CHUNK_ROWS < rows.length; i++) {
    docs.push({ _id: `${String(batchId)}:${i}`, communityId, batchId, rows: JSON.stringify(rows.slice(i * CHUNK_ROWS, (i + 1) * CHUNK_ROWS)) });
  }
  if (docs.length > 0) await ImportRows.insertMany(docs, { ordered: false });
  return docs.length;
}

export async function loadRows(batch: { _id: Id; chunks?: number; rowsDroppedAt?: Date }): Promise<AnyRow[]> {
  const expired = () => new AppError('IMPORT.NOT_FOUND', '这次导入的预览已过期，请重新上传文件');
  if (batch.rowsDroppedAt) throw expired();
  const chunks = await Promise.all(chunkIds(batch._id, batch.chunks ?? 0).map((id) => ImportRows.findById(id, { rows: 1 }).lean<{ rows: string }>()));
  if (chunks.some((c) => c === null)) throw expired();
  return chunks.flatMap((c) => (c ? (JSON.parse(c.rows) as AnyRow[]) : []));
}

export async function dropRows(batchId: Id, chunks: number): Promise<void> {
  await Promise.all(chunkIds(batchId, chunks).map((id) => ImportRows.deleteOne({ _id: id })));
  await ImportBatch.updateOne({ _id: batchId }, { $set: { chunks: 0, rowsDroppedAt: now() } });
}

/** How many unused previews one housekeeping run deletes (a bounded slice: the next run goes on). */
const PREVIEWS_PER_RUN = 500;

/**
 * Housekeeping: delete previews never committed (no commit ever started) that are older than a
 * day, with their rows — of the given communities (a manager's manual run), or of every community
 * (the timer). Committed batches stay: they are the import history.
 */
export async function deleteUnusedPreviews(at: Date, communityIds?: string[], limit = PREVIEWS_PER_RUN): Promise<number> {
  const filter: Record<string, unknown> = { status: 'previewed', commitStartedAt: { $exists: false }, createdAt: { $lt: new Date(at.getTime() - UNUSED_ROWS_MS) } };
  if (communityIds) filter.communityId = communityIds.length === 1 ? new mongoose.Types.ObjectId(communityIds[0]) : { $in: communityIds.map((id) => new mongoose.Types.ObjectId(id)) };
  const batches = await ImportBatch.find(filter, { _id: 1 }).limit(limit).lean();
  if (batches.length === 0) return 0;
  const ids = batches.map((b) => b._id);
  // Rows first: a batch whose rows are gone only says "expired", and the next run deletes it.
  await ImportRows.deleteMany({ batchId: { $in: ids } });
  const { deletedCount } = await ImportBatch.deleteMany({ ...filter, _id: { $in: ids } });
  return deletedCount;
}

/** Drop the rows this community no longer needs: of committed batches, and of batches left unused for a day. */
export async function dropUnusedRows(communityId: Id): Promise<void> {
  const stale = await ImportBatch.find(
    { communityId, chunks: { $gt: 0 }, $or: [{ status: 'committed' }, { createdAt: { $lt: new Date(now().getTime() - UNUSED_ROWS_MS) } }] },
    { chunks: 1 },
  ).lean();
  for (const b of stale) await dropRows(b._id, b.chunks ?? 0);
}
