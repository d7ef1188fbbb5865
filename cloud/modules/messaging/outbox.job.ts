import type { OutboxRunReport } from '@shared/contracts/jobs.contract';
import { getConfig } from '../../lib/config';
import { logger } from '../../lib/logger';
import { deliverOutbox } from './delivery.job';

/** One run of the delivery job with the configured rate, as the timer trigger and the scheduler start it. */
export async function runOutboxJob(opts: { limit?: number; signal?: AbortSignal }): Promise<OutboxRunReport> {
  const r = await deliverOutbox({ limit: opts.limit ?? 1000, ratePerSecond: getConfig().outbox.ratePerSecond, signal: opts.signal });
  return { claimed: r.claimed, sent: r.sent, retried: r.retried, fellBack: r.fellBack, callTasks: r.callTasks, skipped: r.skipped, lost: r.lost, ms: r.ms };
}

/**
 * The gateway process's scheduler: runs the job every `intervalMs` (never two runs at once).
 * stop() aborts a running job gracefully (in-flight sends finish and are recorded) and waits for it.
 */
export function startOutboxScheduler(intervalMs: number): { stop(): Promise<void> } {
  const controller = new AbortController();
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = runOutboxJob({ signal: controller.signal })
      .then((r) => {
        if (r.claimed) logger.info('outbox job', { ...r });
      })
      .catch((err: unknown) => logger.warn('outbox job failed', { err: (err as Error).message }))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      controller.abort();
      await running;
    },
  };
}
