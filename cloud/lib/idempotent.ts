import { createHash } from 'node:crypto';
import { DAY_MS } from '@shared/domain/calendar';
import { claimUnlessStale, releaseClaim } from './claim';
import { isDuplicateKey, mongoose } from './db';
import type { RateTaken } from './rate-limit';

/**
 * THE idempotent create: a record made by a request (a repair report, a complaint, a notice) gets an
 * `_id` derived from the request's key, so a second submit of the same form — a retry, a double tap,
 * a replay after a crash — finds the first record by `_id` (the one index FerretDB uses) instead of
 * making another.
 *
 *     const { doc, created } = await createOnce<RepairDoc>({ model: Repair, key: requestKey, build: async (_id) => ({ _id, … }), quota: () => reports.take(userId) });
 *     return finish(doc);   // the caller's post-create steps, on a replay too (they are keyed: nothing twice)
 *
 * - A replay gets the existing record (`created: false`) and runs nothing of `build`: the caller runs
 *   its post-create steps on it again, which finishes what a first submit that crashed halfway left
 *   undone (every message is keyed by its event, so nothing is sent twice).
 * - `build` checks and assembles the record and writes nothing; a request it refuses writes nothing.
 * - Twins (submits of one request at the same time) are serialized on a short claim of the request
 *   key: one twin spends the quota and writes; the others wait for its outcome — the record (they
 *   answer with it, spending nothing) or the claim given back (it wrote nothing: refused, failed), after
 *   which the next twin tries in its place. So a twin is never refused by the quota while another twin
 *   of the same request was allowed, exactly, whatever the timing. A claim whose holder died is taken
 *   over after STALE_CLAIM_MS.
 * - The quota is taken right before the write (after `build`'s checks) and given back when nothing is
 *   written.
 */

/** The id a request key creates: the first 12 bytes of its SHA-256. */
export function idOfRequest(key: string): mongoose.Types.ObjectId {
  return new mongoose.Types.ObjectId(createHash('sha256').update(key).digest().subarray(0, 12));
}

// Any model: the record is read and written as the caller's own type.
type RecordModel = mongoose.Model<any>;

export interface CreateOnce {
  model: RecordModel;
  /** The request's key (e.g. `<userId>:<client request id>`); the `_id` is derived from it. */
  key: string;
  /** Checks the request and assembles the record (with this `_id`); writes nothing. Not run on a replay. */
  build: (_id: mongoose.Types.ObjectId) => Promise<Record<string, unknown>>;
  /** The quota the create spends, taken right before the write (throws 429 taking nothing). */
  quota?: () => Promise<RateTaken>;
  /** Writes the record needs before it exists (e.g. attaching its photos); after the quota. */
  beforeInsert?: (record: Record<string, unknown>) => Promise<void>;
}

/** How old a twin's claim must be before it is taken over (its holder died: the create takes milliseconds). */
const STALE_CLAIM_MS = 30_000;
/** How often a waiting twin looks for the outcome. */
const WAIT_STEP_MS = 15;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function createOnce<D>(spec: CreateOnce): Promise<{ doc: D; created: boolean }> {
  const _id = idOfRequest(spec.key);
  const find = async () => (await spec.model.findById(_id).lean()) as D | null;
  const existing = await find();
  if (existing) return { doc: existing, created: false };
  let record: Record<string, unknown>;
  try {
    record = await spec.build(_id);
  } catch (err) {
    // A twin wrote the record while this one was deciding, and what it wrote made the decision refuse
    // (its case now holds the unit): the twin's record is this request's answer, not the refusal.
    const written = await find();
    if (written) return { doc: written, created: false };
    throw err;
  }
  const claim = `create:${spec.model.collection.collectionName}:${String(_id)}`;
  // A twin holds the claim: wait for its record, or for the claim to be given back (then try in its place).
  let waited = false;
  while (!(await claimUnlessStale(claim, STALE_CLAIM_MS, { ttlMs: DAY_MS }))) {
    waited = true;
    const written = await find();
    if (written) return { doc: written, created: false };
    await sleep(WAIT_STEP_MS);
  }
  try {
    // A twin wrote the record and gave the claim back while this one waited. (Claimed at the first
    // try, a twin that wrote it meanwhile is rare: the insert's duplicate key finds its record then,
    // and a quota refused meanwhile does too; one command less for every create.)
    if (waited) {
      const first = await find();
      if (first) return { doc: first, created: false };
    }
    let use: RateTaken | undefined;
    try {
      use = await spec.quota?.();
    } catch (err) {
      // Refused while a twin's record exists (it took the last of the quota): that record is the answer.
      const written = await find();
      if (written) return { doc: written, created: false };
      throw err;
    }
    try {
      await spec.beforeInsert?.(record);
      const doc = (await spec.model.create(record)).toObject() as D;
      return { doc, created: true };
    } catch (err) {
      // Nothing new was written: the quota use is given back.
      await use?.giveBack();
      if (!isDuplicateKey(err)) throw err;
      // A twin whose claim was taken over as stale wrote it after all.
      const written = await find();
      if (!written) throw err;
      return { doc: written, created: false };
    }
  } finally {
    await releaseClaim(claim);
  }
}
