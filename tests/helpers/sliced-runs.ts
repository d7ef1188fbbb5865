import { Budget } from '../../cloud/lib/slices';

/**
 * Driving a sliced job (cloud/lib/slices.ts) in tests: a budget of one item per invocation, and
 * invocations repeated — by one worker, or by two at once — until the job reports no work left.
 */
export const oneItem = () => new Budget({ ms: 60_000, items: 1 });

/** Invoke until a run reports `more: false` (at most `max` invocations): every report. */
export async function untilDone<R extends { more: boolean }>(invoke: () => Promise<R>, max = 200): Promise<R[]> {
  const reports: R[] = [];
  for (let i = 0; i < max; i++) {
    const r = await invoke();
    reports.push(r);
    if (!r.more) return reports;
  }
  throw new Error(`the job still had work after ${max} invocations`);
}

/** Two workers invoking at once, round after round, until both report `more: false`: every report. */
export async function twoWorkersUntilDone<R extends { more: boolean }>(invoke: () => Promise<R>, max = 200): Promise<R[]> {
  const reports: R[] = [];
  for (let i = 0; i < max; i++) {
    const [a, b] = await Promise.all([invoke(), invoke()]);
    reports.push(a, b);
    if (!a.more && !b.more) return reports;
  }
  throw new Error(`the job still had work after ${max} rounds`);
}

/** The sum of one field over the reports. */
export const total = <R>(reports: R[], field: keyof R) => reports.reduce((n, r) => n + Number(r[field]), 0);
