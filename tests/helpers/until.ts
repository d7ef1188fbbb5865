/**
 * Wait for a condition instead of sleeping a fixed time: `probe` is called every `interval` ms
 * until it returns a truthy value (which is returned), or fails after `timeout` ms with an error
 * naming what was awaited and the last value seen. For time-based behaviour, move the clock
 * (`setClock` in cloud/lib/clock.ts) rather than waiting for it.
 */
export async function until<T>(
  probe: () => T | Promise<T>,
  opts: { timeout?: number; interval?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const { timeout = 10_000, interval = 20, what = probe.toString() } = opts;
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last value: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
