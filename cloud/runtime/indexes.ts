import { connectDb } from '../lib/db';
import { backfillSortKeys } from '../lib/paging';
// lib's own models with indexes or unique keys: job leases and progress.
import '../lib/slices';
// Every module, so that every model is registered (and lib's own: claims, rate limits, WeChat tokens).
import '../modules/identity';
import '../modules/messaging';
import '../modules/community';
import '../modules/files';
import '../modules/followups';
import '../modules/imports';
import '../modules/notices';
import '../modules/repairs';
import '../modules/fees';
import '../modules/complaints';
import '../modules/sentiment';
import '../modules/knowledge';
import '../modules/desk';
import '../modules/movein';
import '../modules/renovation';
import '../modules/life';
import '../modules/archives';
import '../modules/growth';
import '../modules/housekeeping';

/**
 * Create every model's declared indexes (unique keys included): at deploy and seed time, never on a
 * cold start. `npm start` and the tests (scripts/system.ts startSystem) call it after connecting,
 * before serving; so does the demo seed; for CloudBase run `npm run db:indexes` once against the
 * production MONGODB_URI (and again after a release that declares new indexes). Creating an index
 * that exists is a no-op, so running it again is harmless. Then the stored sort keys of documents
 * written before a model stored them are filled in (fillSortKeys).
 */
export async function createIndexes(): Promise<{ model: string; indexes: number }[]> {
  const m = await connectDb();
  const models = Object.values(m.models).sort((a, b) => a.modelName.localeCompare(b.modelName));
  await Promise.all(models.map((model) => model.createIndexes()));
  await fillSortKeys();
  return models.map((model) => ({ model: model.modelName, indexes: model.schema.indexes().length }));
}

/**
 * The sort keys lists page on (lib/paging.ts `storeSortKeys`) for every document that lacks them:
 * written before its model stored them, or by a seed's raw upsert. Creates and revisioned changes
 * write them themselves; this is for what they never touched. Returns how many were filled.
 */
export async function fillSortKeys(): Promise<number> {
  const m = await connectDb();
  let filled = 0;
  for (const model of Object.values(m.models)) filled += await backfillSortKeys(model);
  return filled;
}
