import { logger } from './logger';

/**
 * The gateway process's scheduler: runs `job` every `intervalMs` (never two runs of it at once).
 * stop() aborts a running job gracefully (the job sees the signal) and waits for it.
 * CloudBase runs the same jobs from timer triggers instead.
 */
export function startScheduler(
  name: string,
  job: (signal: AbortSignal) => Promise<unknown>,
  intervalMs: number,
  opts: { /** The run stopped with work left (its budget ran out, lib/slices.ts): the next starts soon, not after the interval. */ more?: (report: unknown) => boolean } = {},
): { stop(): Promise<void> } {
  const controller = new AbortController();
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running || controller.signal.aborted) return;
    let again = false;
    running = job(controller.signal)
      .then((report) => {
        logger.debug(name, { report });
        again = Boolean(opts.more?.(report));
      })
      .catch((err: unknown) => logger.warn(`${name} failed`, { err: (err as Error).message }))
      .finally(() => {
        running = null;
        if (again && !controller.signal.aborted) setTimeout(tick, Math.min(1_000, intervalMs)).unref();
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  logger.debug('scheduler started', { job: name, everyMs: intervalMs });
  return {
    async stop() {
      clearInterval(timer);
      controller.abort();
      await running;
    },
  };
}
