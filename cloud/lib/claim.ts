import { now } from './clock';
import { isDuplicateKey, mongoose } from './db';

/**
 * Exactly-once claims by unique key: of all callers claiming the same key, one gets `true`.
 *
 * Why not a guarded update (`updateOne({_id, state: 'open'}, …)`)? On real MongoDB that is atomic,
 * but FerretDB v1 (our local and test database) runs the filter and the write as separate
 * operations: racing guarded updates all "win" (measured: 29 of 30 races). A unique index is
 * enforced inside the insert on both, so anything that must happen once per business event
 * (a rotation, a claim of a pool order, a reminder stage) claims a key first.
 */
const claimSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    /** The run that holds it, where a crashed run's work is replayed (the reminder ladder's journal). */
    run: { type: String },
    /**
     * From when the claim may be forgotten (the housekeeping job deletes it), set only by a claimer
     * that declared its claim is needed for a bounded time. Absent = permanent: most claims are
     * idempotency guards for good (a reminder stage, a send, a review) and deleting one would let
     * its work happen again.
     */
    expiresAt: { type: Date },
  },
  { versionKey: false },
);
// No TTL index on expiresAt: FerretDB v1 refuses `expireAfterSeconds` (code 238, "not implemented
// yet") and every declared index is created at connect. The housekeeping job deletes instead (by this index on MongoDB).
claimSchema.index({ expiresAt: 1 });
export const Claim = mongoose.model('Claim', claimSchema);

export interface ClaimOptions {
  /** The claim is needed for this long only; after it, housekeeping may delete it. Omit for a permanent claim. */
  ttlMs?: number;
}

export async function claimOnce(key: string, opts: ClaimOptions = {}): Promise<boolean> {
  const at = now();
  try {
    await Claim.collection.insertOne({ _id: key, at, ...(opts.ttlMs !== undefined ? { expiresAt: new Date(at.getTime() + opts.ttlMs) } : {}) } as never);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Gives a claim back (the work it guarded failed before changing anything), so it can be retried. */
export async function releaseClaim(key: string): Promise<void> {
  await Claim.collection.deleteOne({ _id: key } as never);
}

/**
 * claimOnce, but a claim older than `staleMs` is taken over: its holder died between claiming and
 * finishing (the work it guards takes milliseconds). Of several callers taking over, one wins.
 */
export async function claimUnlessStale(key: string, staleMs: number, opts: ClaimOptions = {}): Promise<boolean> {
  if (await claimOnce(key, opts)) return true;
  const held = await Claim.findById(key).lean();
  if (held && now().getTime() - held.at.getTime() < staleMs) return false;
  if (held) await Claim.collection.deleteOne({ _id: key, at: held.at } as never);
  return claimOnce(key, opts);
}

/** Housekeeping: delete the claims whose claimer declared an expiry that has passed (never a permanent one). */
export async function deleteExpiredClaims(at: Date, limit?: number): Promise<number> {
  if (limit === undefined) return (await Claim.collection.deleteMany({ expiresAt: { $lt: at } } as never)).deletedCount;
  // A bounded batch (housekeeping's budget), by id.
  const ids = (await Claim.collection.find({ expiresAt: { $lt: at } } as never, { projection: { _id: 1 }, limit }).toArray()).map((c) => c._id);
  return ids.length ? (await Claim.collection.deleteMany({ _id: { $in: ids } } as never)).deletedCount : 0;
}

/**
 * One decision among several outcomes, made once: the first caller's `outcome` is stored under the
 * key and every caller gets the outcome that won (e.g. a photo is either attached or deleted).
 */
export async function claimOutcome(key: string, outcome: string, opts: ClaimOptions = {}): Promise<string> {
  const at = now();
  try {
    await Claim.collection.insertOne({ _id: key, at, run: outcome, ...(opts.ttlMs !== undefined ? { expiresAt: new Date(at.getTime() + opts.ttlMs) } : {}) } as never);
    return outcome;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const held = await Claim.findById(key, { run: 1 }).lean();
    // Deleted in between (it expired): decide again.
    return held ? (held.run ?? '') : claimOutcome(key, outcome, opts);
  }
}
