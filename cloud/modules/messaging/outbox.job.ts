import type { OutboxRunReport } from '@shared/contracts/jobs.contract';
import { getConfig } from '../../lib/config';
import type { JobScope } from '../../lib/job-scope';
import { Budget } from '../../lib/slices';
import { deliverOutbox } from './delivery.job';

/**
 * One invocation of the delivery job with the configured rate, as the timer trigger and the scheduler
 * start it (every community), or a manager by hand (`scope`: only their communities' messages). It
 * stops at `limit` or at its budget (default the configured one: JOB_BUDGET_MS / JOB_BUDGET_ITEMS)
 * and reports `more` when due messages are left.
 */
export async function runOutboxJob(opts: { limit?: number; signal?: AbortSignal; scope?: JobScope; budget?: Budget }): Promise<OutboxRunReport> {
  const budget = opts.budget ?? Budget.of({ signal: opts.signal });
  const r = await deliverOutbox({ limit: opts.limit ?? 1000, ratePerSecond: getConfig().outbox.ratePerSecond, signal: opts.signal, scope: opts.scope, budget });
  return { claimed: r.claimed, sent: r.sent, retried: r.retried, fellBack: r.fellBack, callTasks: r.callTasks, skipped: r.skipped, lost: r.lost, more: r.more, ms: r.ms };
}
