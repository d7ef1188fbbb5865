/** Timing for benches: run `fn`, print its label, seconds and (with `rss`) the peak RSS while it ran. */
export async function timed<T>(label: string, fn: () => Promise<T>, opts: { rss?: boolean } = {}): Promise<{ value: T; ms: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = opts.rss ? setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50) : null;
  const t = Date.now();
  try {
    const value = await fn();
    const ms = Date.now() - t;
    const memory = opts.rss ? `   peak RSS ${(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024).toFixed(0)} MB` : '';
    console.log(`${label.padEnd(48)} ${(ms / 1000).toFixed(2).padStart(7)} s${memory}`);
    return { value, ms };
  } finally {
    if (sampler) clearInterval(sampler);
  }
}
