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
  /** Work is left for the next invocation (budget spent, or communities held by others). */
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
 * saved cursor, and record the outcome — `'done'` marks the pass of `period` finished (with
 * `period` '' the next invocation starts a new pass from the beginning), `'more'` (the budget ran
 * out) keeps the cursor for the next invocation. Stops when the budget is spent.
 */
export async function runSliced(
  job: string,
  opts: { communityIds: readonly string[]; period?: string; budget: Budget },
  work: (communityId: string, slice: SliceContext) => Promise<'done' | 'more'>,
): Promise<SlicedReport> {
  const period = opts.period ?? '';
  const { leaseMs } = getConfig().jobBudget;
  const worker = newWorkerId();
  const report: SlicedReport = { communities: 0, finished: 0, held: 0, more: false };
  for (const communityId of opts.communityIds) {
    if (opts.budget.spent) {
      report.more = true;
      break;
    }
    const key = `${job}:${communityId}`;
    const progress = await JobProgress.findById(key).lean();
    const current = progress && progress.period === period ? progress : null;
    if (period && current?.done) continue;
    if (!(await takeLease(key, worker, leaseMs))) {
      report.held++;
      report.more = true;
      continue;
    }
    try {
      // Read again under the lease: the worker that held it may have moved the cursor meanwhile.
      const fresh = await JobProgress.findById(key).lean();
      const mine = fresh && fresh.period === period ? fresh : null;
      if (period && mine?.done) continue;
      report.communities++;
      const save = async (cursor: string) => {
        await JobProgress.collection.updateOne({ _id: key } as never, { $set: { period, cursor, done: false, at: now() } }, { upsert: true });
      };
      const outcome = await work(communityId, { cursor: mine?.cursor ?? null, budget: opts.budget, save });
      if (outcome === 'done') {
        report.finished++;
        await JobProgress.collection.updateOne({ _id: key } as never, { $set: { period, done: Boolean(period), at: now() }, $unset: { cursor: '' } }, { upsert: true });
      } else report.more = true;
    } finally {
      await JobLease.collection.deleteOne({ _id: key, worker } as never);
    }
  }
  return report;
}
