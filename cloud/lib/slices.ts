import { getConfig } from './config';
import { now } from './clock';
import { isDuplicateKey, mongoose } from './db';

/**
 * Jobs in bounded slices. One invocation of a job (a CloudBase timer function has 60 s; the
 * gateway's scheduler; a manager's manual run) works through the communities in scope until its
 * budget — time and items, `JOB_BUDGET_MS` / `JOB_BUDGET_ITEMS` — is spent, records where it
 * stopped, and the next invocation continues there. Several workers at once (concurrent CloudBase
 * instances, several gateway processes) share the work by community: a worker holds a community
 * by a lease (`JobLease`, a unique key) while it works on it, and the others pass on to the next.
 *
 * A worker killed at any point loses nothing: its lease runs out (`JOB_LEASE_MS`) and the next
 * worker resumes from the last cursor saved (`JobProgress`). The work between that cursor and the
 * kill is done again, so every job's items are idempotent (a claim, a keyed insert): doing one twice
 * writes nothing the second time. Nothing is repeated either.
 */

const leaseSchema = new mongoose.Schema(
  {
    /** `<job>:<communityId>`. */
    _id: { type: String, required: true },
    worker: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { versionKey: false },
);
export const JobLease = mongoose.model('JobLease', leaseSchema);

const progressSchema = new mongoose.Schema(
  {
    /** `<job>:<communityId>`. */
    _id: { type: String, required: true },
    /** The pass the cursor belongs to (a day, a month; '' for jobs that run the same pass again and again). */
    period: { type: String, default: '' },
    /** Where the pass stopped (the job's own sort key of its last item done); absent = at the start. */
    cursor: { type: String },
    /** The pass of `period` is finished: later invocations skip the community until the period changes. */
    done: { type: Boolean, default: false },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
export const JobProgress = mongoose.model('JobProgress', progressSchema);

/** What one invocation may still do. */
export class Budget {
  private readonly deadline: number;
  private items: number;
  constructor(
    limits: { ms: number; items: number },
    private readonly signal?: AbortSignal,
  ) {
    this.deadline = Date.now() + limits.ms;
    this.items = limits.items;
  }

  /** The configured budget of one invocation (a test or a manual run may pass smaller limits). */
  static of(opts: { signal?: AbortSignal; limits?: Partial<{ ms: number; items: number }> } = {}): Budget {
    const { ms, items } = getConfig().jobBudget;
    return new Budget({ ms: opts.limits?.ms ?? ms, items: opts.limits?.items ?? items }, opts.signal);
  }

  /** Count work done. */
  spend(n = 1): void {
    this.items -= n;
  }

  /** Items left (never below 0): the size of the next batch at most. */
  get itemsLeft(): number {
    return Math.max(0, this.items);
  }

  /** Out of time or items, or the process is stopping. */
  get spent(): boolean {
    return this.items <= 0 || Date.now() >= this.deadline || Boolean(this.signal?.aborted);
  }
}

export interface SliceContext {
  /** Where this community's pass stopped last time (null: at the start). */
  cursor: string | null;
  budget: Budget;
  /** Record progress: the items up to `cursor` are done (call after each batch). */
  save(cursor: string): Promise<void>;
}

export interface SlicedReport {
  /** Communities worked on in this invocation (finished or not). */
  communities: number;
  /** Communities whose pass finished in this invocation. */
  finished: number;
  /** Communities another worker held. */
  held: number;
  /** Work is left for the next invocation: the budget ran out (communities held by others are their holders' work). */
  more: boolean;
}

const newWorkerId = () => `${process.pid}:${now().getTime()}:${Math.random().toString(36).slice(2, 10)}`;

/** Take the community's lease, or take over one that ran out; false when another worker holds it. */
async function takeLease(key: string, worker: string, leaseMs: number): Promise<boolean> {
  const until = new Date(now().getTime() + leaseMs);
  try {
    await JobLease.collection.insertOne({ _id: key, worker, until } as never);
    return true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const held = await JobLease.findById(key).lean();
  if (held && held.until > now()) return false;
  // Ran out (its worker died): of several taking it over, the unique insert picks one.
  if (held) await JobLease.collection.deleteOne({ _id: key, worker: held.worker } as never);
  try {
    await JobLease.collection.insertOne({ _id: key, worker, until } as never);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * Run `work` for each community in turn, as one worker among possibly several. For each community
 * not finished for `period` and not held by another worker: take its lease, call `work` with the
 * saved cursor, and record the outcome — `'done'` marks the community through the pass, `'more'`
 * (the budget ran out) keeps the cursor for the next invocation. Stops when the budget is spent.
 *
 * `period` names the pass (the day, the month): a community through it is skipped until the period
 * changes. Without a period the job goes round in numbered passes (its `JobProgress` record `<job>`
 * holds the current one): an invocation whose budget runs out part-way leaves the pass open, the next
 * continues with the communities not yet through it — never starting over, so the last communities
 * are never starved — and once every community is through, the next pass begins.
 */
export async function runSliced(
  job: string,
  opts: { communityIds: readonly string[]; period?: string; budget: Budget },
  work: (communityId: string, slice: SliceContext) => Promise<'done' | 'more'>,
): Promise<SlicedReport> {
  const { leaseMs } = getConfig().jobBudget;
  const worker = newWorkerId();
  const report: SlicedReport = { communities: 0, finished: 0, held: 0, more: false };

  /** One sweep over the communities for `period`; whether every community is through it now. */
  const sweep = async (period: string): Promise<{ through: number; allThrough: boolean }> => {
    let through = 0;
    let held = false;
    for (const communityId of opts.communityIds) {
      if (opts.budget.spent) {
        report.more = true;
        return { through, allThrough: false };
      }
      const key = `${job}:${communityId}`;
      const progress = await JobProgress.findById(key).lean();
      if (progress?.period === period && progress.done) {
        through++;
        continue;
      }
      // Held by another worker: its holder works on it (and reports its own `more`); a holder that died
      // leaves a lease that runs out, and a later scheduled invocation takes over. Not `more` here: that
      // would make this worker run again and again within a second while the holder works.
      if (!(await takeLease(key, worker, leaseMs))) {
        report.held++;
        held = true;
        continue;
      }
      try {
        // Read again under the lease: the worker that held it may have moved the cursor meanwhile.
        const fresh = await JobProgress.findById(key).lean();
        const mine = fresh && fresh.period === period ? fresh : null;
        if (mine?.done) {
          through++;
          continue;
        }
        report.communities++;
        const save = async (cursor: string) => {
          await JobProgress.collection.updateOne({ _id: key } as never, { $set: { period, cursor, done: false, at: now() } }, { upsert: true });
          // Still working: the lease lasts another JOB_LEASE_MS from here.
          await JobLease.collection.updateOne({ _id: key, worker } as never, { $set: { until: new Date(now().getTime() + leaseMs) } });
        };
        const outcome = await work(communityId, { cursor: mine?.cursor ?? null, budget: opts.budget, save });
        if (outcome === 'done') {
          report.finished++;
          through++;
          await JobProgress.collection.updateOne({ _id: key } as never, { $set: { period, done: true, at: now() }, $unset: { cursor: '' } }, { upsert: true });
        } else {
          report.more = true;
          return { through, allThrough: false };
        }
      } finally {
        await JobLease.collection.deleteOne({ _id: key, worker } as never);
      }
    }
    return { through, allThrough: !held };
  };

  if (opts.period) {
    await sweep(opts.period);
    return report;
  }
  // Numbered passes. The next number is the same for every worker, so two that finish a pass together agree on the next.
  const current = Number((await JobProgress.findById(job).lean())?.cursor ?? 1);
  const next = async (n: number) => {
    await JobProgress.collection.updateOne({ _id: job } as never, { $set: { cursor: String(n), at: now() } }, { upsert: true });
  };
  let done = await sweep(`pass:${current}`);
  if (done.allThrough && done.through === opts.communityIds.length && report.communities === 0) {
    // Everything was through already (the last communities were finished by other workers): start the next pass now.
    await next(current + 1);
    done = await sweep(`pass:${current + 1}`);
    if (done.allThrough) await next(current + 2);
  } else if (done.allThrough) await next(current + 1);
  return report;
}

/**
 * The usual body of a sliced job's community: its items read a batch at a time in a stable order
 * (`read(after, limit)`: the items after the key `after`, at most `limit`, in key order — typically
 * by `_id`), handled, counted against the budget and saved as the cursor, until the community has
 * no more (`'done'`) or the budget is spent (`'more'`). A batch is never larger than the items left.
 *
 * `pass` scopes the cursor: a cursor saved in another pass (yesterday's, for a job whose items
 * depend on the day) is not resumed from — the community starts at the beginning. The cursor is
 * stored as `<pass>|<key>`.
 */
export async function sliceBatches<T>(
  slice: SliceContext,
  opts: { read: (after: string | null, limit: number) => Promise<T[]>; keyOf: (item: T) => string; batch?: number; pass?: string },
  handle: (items: T[]) => Promise<void>,
): Promise<'done' | 'more'> {
  const pass = opts.pass ?? '';
  const bar = slice.cursor?.indexOf('|') ?? -1;
  let after = slice.cursor && bar >= 0 && slice.cursor.slice(0, bar) === pass ? slice.cursor.slice(bar + 1) : null;
  for (;;) {
    if (slice.budget.spent) return 'more';
    const limit = Math.min(opts.batch ?? 500, slice.budget.itemsLeft);
    const items = await opts.read(after, limit);
    if (items.length) {
      await handle(items);
      slice.budget.spend(items.length);
      after = opts.keyOf(items[items.length - 1]);
    }
    // The last batch needs no cursor: the community is through (a kill before this returns does the batch again).
    if (items.length < limit) return 'done';
    await slice.save(`${pass}|${after}`);
  }
}
