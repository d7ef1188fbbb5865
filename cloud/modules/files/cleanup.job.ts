import { DAY_MS } from '@shared/domain/calendar';
import { claimOutcome } from '../../lib/claim';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { StoredFile } from './file.model';
import { keyOf, photoFateKey } from './file.service';
import { fileStore } from './stores';

/** A photo nothing used within this long after its upload is deleted. */
export const UNATTACHED_PHOTO_TTL_MS = DAY_MS;
const SLICE = 200;
/** One run stops starting slices after this long (a CloudBase invocation has 60 s); the next run goes on. */
const BUDGET_MS = 30_000;

/**
 * Deletes photos (record and bytes) that nothing attached within a day of their upload: uploaded in
 * a form that was then abandoned, or by someone filling the disk. Per photo: claim its fate
 * "deleted" (attachPhotos claims the same key "attached": of a photo attached while this runs, the
 * attach wins and the photo stays), delete the record (filter `attached: false` as well), then the
 * bytes (of a slice at once, from the configured file store). Record before bytes: a crash or a
 * store failure in between leaves bytes nobody points at, never a record pointing at missing bytes.
 * Bounded slices; idempotent; several runs at once delete each photo once.
 * `communityIds` limits a manager's manual run to their communities; `afterSelect` is a test hook.
 */
export async function cleanupUnattachedPhotos(
  opts: { at?: Date; communityIds?: string[]; afterSelect?: (ids: string[]) => Promise<void>; limit?: number } = {},
): Promise<number> {
  const at = opts.at ?? now();
  const started = Date.now();
  const filter: Record<string, unknown> = { attached: false, createdAt: { $lt: new Date(at.getTime() - UNATTACHED_PHOTO_TTL_MS) } };
  if (opts.communityIds) filter.communityId = opts.communityIds.length === 1 ? new mongoose.Types.ObjectId(opts.communityIds[0]) : { $in: opts.communityIds.map((id) => new mongoose.Types.ObjectId(id)) };
  // `limit` (housekeeping's budget): one slice of at most that many photos.
  const slice = opts.limit ?? SLICE;
  let deleted = 0;
  const skipped = new Set<string>();
  while (Date.now() - started < BUDGET_MS) {
    const found = await StoredFile.find({ ...filter, ...(skipped.size ? { _id: { $nin: [...skipped] } } : {}) }, { _id: 1, key: 1 }).limit(slice).lean();
    const ids = found.map((f) => String(f._id));
    if (!ids.length) break;
    await opts.afterSelect?.(ids);
    const bytesToDelete: string[] = [];
    for (const f of found) {
      const id = String(f._id);
      if ((await claimOutcome(photoFateKey(id), 'deleted', { ttlMs: 2 * UNATTACHED_PHOTO_TTL_MS })) !== 'deleted') {
        // Attached meanwhile (its record says so in a moment): keep it.
        skipped.add(id);
        continue;
      }
      const { deletedCount } = await StoredFile.deleteOne({ _id: id, attached: false });
      bytesToDelete.push(keyOf(f));
      deleted += deletedCount;
    }
    // From whichever store holds them (CloudBase: 50 files per call).
    if (bytesToDelete.length) await fileStore().delete(bytesToDelete);
    if (ids.length < slice || opts.limit !== undefined) break;
  }
  return deleted;
}
