/**
 * Timing for benches: run `fn`, print its label, seconds and (with `rss`) the RSS when it started and
 * its peak while it ran. With `node --expose-gc` (bench:reminders) the heap is collected first, so the
 * starting figure is what earlier phases still hold, not their garbage.
 */
export async function timed<T>(label: string, fn: () => Promise<T>, opts: { rss?: boolean } = {}): Promise<{ value: T; ms: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (opts.rss && gc) gc();
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = opts.rss ? setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50) : null;
  const t = Date.now();
  try {
    const value = await fn();
    const ms = Date.now() - t;
    const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
    const memory = opts.rss ? `   RSS ${mb(start)} → peak ${mb(Math.max(peak, process.memoryUsage().rss))} MB` : '';
    console.log(`${label.padEnd(48)} ${(ms / 1000).toFixed(2).padStart(7)} s${memory}`);
    return { value, ms };
  } finally {
    if (sampler) clearInterval(sampler);
  }
}
