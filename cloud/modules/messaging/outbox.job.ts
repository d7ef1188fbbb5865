import type { OutboxRunReport } from '@shared/contracts/jobs.contract';
import { getConfig } from '../../lib/config';
import type { JobScope } from '../../lib/job-scope';
import { deliverOutbox } from './delivery.job';

/**
 * One run of the delivery job with the configured rate, as the timer trigger and the scheduler start
 * it (every community), or a manager by hand (`scope`: only their communities' messages).
 */
export async function runOutboxJob(opts: { limit?: number; signal?: AbortSignal; scope?: JobScope }): Promise<OutboxRunReport> {
  const r = await deliverOutbox({ limit: opts.limit ?? 1000, ratePerSecond: getConfig().outbox.ratePerSecond, signal: opts.signal, scope: opts.scope });
  return { claimed: r.claimed, sent: r.sent, retried: r.retried, fellBack: r.fellBack, callTasks: r.callTasks, skipped: r.skipped, lost: r.lost, ms: r.ms };
}
