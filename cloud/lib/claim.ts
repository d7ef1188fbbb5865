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
  },
  { versionKey: false },
);
export const Claim = mongoose.model('Claim', claimSchema);

export async function claimOnce(key: string): Promise<boolean> {
  try {
    await Claim.collection.insertOne({ _id: key, at: now() } as never);
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
export async function claimUnlessStale(key: string, staleMs: number): Promise<boolean> {
  if (await claimOnce(key)) return true;
  const held = await Claim.findById(key).lean();
  if (held && now().getTime() - held.at.getTime() < staleMs) return false;
  if (held) await Claim.collection.deleteOne({ _id: key, at: held.at } as never);
  return claimOnce(key);
}
