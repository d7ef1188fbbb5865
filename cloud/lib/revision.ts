import { DAY_MS } from '@shared/domain/calendar';
import type { ErrorCode } from '@shared/errors';
import { AppError } from './app-error';
import type { Caller } from './caller';
import { claimUnlessStale, releaseClaim } from './claim';
import { now } from './clock';
import { mongoose } from './db';
import { sortKeysOf } from './paging';

/** Who made a change: a person, or the system (a deadline job, automatic dispatch). */
export interface Actor {
  id?: string;
  name: string;
}
export const SYSTEM: Actor = { name: '系统' };
/** The caller of a request as the actor of its changes. */
export const actorOf = (caller: Pick<Caller, 'userId' | 'name'>): Actor => ({ id: caller.userId, name: caller.name });

/** One change to a revisioned document, decided from its current state by a `build` function. */
export interface Change<E extends string = string, S extends string = string> {
  /** The history entry's event; omitted for silent bookkeeping (warnings, flags). */
  event?: E;
  /** New status (a transition). */
  to?: S;
  note?: string;
  set?: Record<string, unknown>;
  unset?: string[];
  inc?: Record<string, number>;
}

interface Revisioned {
  _id: mongoose.Types.ObjectId;
  rev?: number | null;
  status: string;
}

/** The history entry every revisioned document keeps (what `mutateRevision` appends). */
export const historyEntrySchema = new mongoose.Schema(
  {
    at: { type: Date, required: true },
    event: { type: String, required: true },
    from: { type: String },
    to: { type: String, required: true },
    byId: { type: mongoose.Schema.Types.ObjectId },
    byName: { type: String, required: true },
    note: { type: String },
  },
  { _id: false },
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How old an unfinished revision claim must be before it is taken over (its holder died). */
const STALE_CLAIM_MS = 30_000;
/**
 * A revision claim is needed only while a writer who read that revision may still claim it: that
 * is milliseconds (and a claim older than STALE_CLAIM_MS is taken over anyway). A day later the
 * document has long moved past the revision, so housekeeping may delete the claim.
 */
const REVISION_CLAIM_TTL_MS = DAY_MS;

/**
 * The one revision engine: every revisioned document (a repair order, a complaint, an incident, a
 * notice) changes here, and only here is its history appended.
 *
 * Apply one change to a document with a revision number and a history:
 * read it, let `build` decide (it throws when the change is not allowed, or returns null when there
 * is nothing to do), claim `<kind>:<id>:rev:<rev>`, write by `_id` (bumping rev and appending the
 * history entry). Exactly one change per revision wins; a loser reads again and lets `build` decide
 * again. Guarded updates would do on MongoDB, but FerretDB v1 runs filter and write separately
 * (racing guarded updates all win) and scans for any filter but `_id`: the claim is the guard.
 */
export async function mutateRevision<D extends Revisioned>(
  spec: { kind: string; model: mongoose.Model<never>; notFound: ErrorCode; conflict?: ErrorCode; afterWrite?: (before: D, after: D) => Promise<void> },
  id: mongoose.Types.ObjectId | string,
  actor: Actor,
  build: (doc: D) => Change | null,
): Promise<{ doc: D; changed: boolean }> {
  const _id = new mongoose.Types.ObjectId(String(id));
  for (let attempt = 1; attempt <= 8; attempt++) {
    const doc = (await spec.model.findById(_id).lean()) as D | null;
    if (!doc) throw new AppError(spec.notFound);
    const change = build(doc);
    if (!change) return { doc, changed: false };
    // A document written before it had a revision counts from 0.
    const rev = doc.rev ?? 0;
    const key = `${spec.kind}:${String(_id)}:rev:${rev}`;
    if (!(await claimUnlessStale(key, STALE_CLAIM_MS, { ttlMs: REVISION_CLAIM_TTL_MS }))) {
      await sleep(10 + Math.random() * 40 * attempt);
      continue;
    }
    try {
      const at = now();
      const update: Record<string, unknown> = {
        $set: { ...(change.set ?? {}), ...(change.to ? { status: change.to } : {}), ...sortKeysAfter(spec.model, doc, change) },
        $inc: { ...(change.inc ?? {}), rev: 1 },
      };
      if (change.unset?.length) update.$unset = Object.fromEntries(change.unset.map((f) => [f, '']));
      if (change.event) {
        update.$push = {
          history: {
            at,
            event: change.event,
            from: doc.status,
            to: change.to ?? doc.status,
            ...(actor.id ? { byId: new mongoose.Types.ObjectId(actor.id) } : {}),
            byName: actor.name,
            ...(change.note ? { note: change.note } : {}),
          },
        };
      }
      const written = (await spec.model.findOneAndUpdate({ _id } as never, update as never, { new: true }).lean()) as D | null;
      if (!written) throw new AppError(spec.notFound);
      if (written.rev !== rev + 1) {
        // Only after a stale takeover raced a late writer: the document moved on; decide again on the newest.
        await releaseClaim(key);
        continue;
      }
      await spec.afterWrite?.(doc, written);
      return { doc: written, changed: true };
    } catch (err) {
      await releaseClaim(key);
      throw err;
    }
  }
  throw new AppError(spec.conflict ?? 'STATE.CONFLICT');
}

/**
 * The stored sort keys (lib/paging.ts) of the document as `change` leaves it, written in the same
 * update as the change: a list's order is never behind the state it shows.
 */
function sortKeysAfter(model: { schema: object }, doc: object, change: Change): Record<string, unknown> {
  const derive = sortKeysOf(model);
  if (!derive) return {};
  const next: Record<string, unknown> = { ...doc };
  const at = (path: string): [Record<string, unknown>, string] => {
    const parts = path.split('.');
    let target = next;
    for (const p of parts.slice(0, -1)) {
      const inner = target[p];
      target = target[p] = inner && typeof inner === 'object' && !(inner instanceof Date) ? { ...(inner as Record<string, unknown>) } : {};
    }
    return [target, parts[parts.length - 1]];
  };
  for (const [path, value] of Object.entries(change.set ?? {})) {
    const [target, key] = at(path);
    target[key] = value;
  }
  for (const path of change.unset ?? []) {
    const [target, key] = at(path);
    delete target[key];
  }
  for (const [path, by] of Object.entries(change.inc ?? {})) {
    const [target, key] = at(path);
    target[key] = (Number(target[key]) || 0) + by;
  }
  if (change.to) next.status = change.to;
  return derive(next);
}
