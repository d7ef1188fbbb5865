/**
 * Timing for benches. `measured` runs `fn` and returns its time and (with `rss`) the RSS when it
 * started and its peak while it ran; with `node --expose-gc` (bench:reminders) the heap is collected
 * first, so the starting figure is what earlier phases still hold, not their garbage. `timed` also
 * prints its label, seconds and RSS.
 */
export async function measured<T>(fn: () => Promise<T>, opts: { rss?: boolean } = {}): Promise<{ value: T; ms: number; rssStart: number; rssPeak: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (opts.rss && gc) gc();
  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  const sampler = opts.rss ? setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50) : null;
  const t = Date.now();
  try {
    const value = await fn();
    const ms = Date.now() - t;
    return { value, ms, rssStart, rssPeak: Math.max(rssPeak, process.memoryUsage().rss) };
  } finally {
    if (sampler) clearInterval(sampler);
  }
}

export const mb = (n: number): string => (n / 1024 / 1024).toFixed(0);

export async function timed<T>(label: string, fn: () => Promise<T>, opts: { rss?: boolean } = {}): Promise<{ value: T; ms: number }> {
  const { value, ms, rssStart, rssPeak } = await measured(fn, opts);
  const memory = opts.rss ? `   RSS ${mb(rssStart)} → peak ${mb(rssPeak)} MB` : '';
  console.log(`${label.padEnd(48)} ${(ms / 1000).toFixed(2).padStart(7)} s${memory}`);
  return { value, ms };
}
