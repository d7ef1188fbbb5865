import { dayEnd, localDay } from '@shared/domain/calendar';

/**
 * The one clock. Services ask `now()`; tests move time with `setClock`.
 */
let source: () => Date = () => new Date();

export function now(): Date {
  return source();
}

/** Tests only: fix or drive the clock. Pass nothing to restore real time. */
export function setClock(fn?: () => Date): void {
  source = fn ?? (() => new Date());
}

/**
 * Runs `work` with the clock held inside the local day it starts on: time goes on, but never past that
 * day's last millisecond. For work whose parts each ask for "today" and must agree — the demo seed, which
 * plans a renovation to start today and an open survey to close in two weeks, must not see two different
 * todays when it runs across midnight in Shanghai.
 */
export async function withinToday<T>(work: () => Promise<T>): Promise<T> {
  const outer = source;
  const last = dayEnd(localDay(outer())).getTime() - 1;
  source = () => {
    const t = outer();
    return t.getTime() > last ? new Date(last) : t;
  };
  try {
    return await work();
  } finally {
    source = outer;
  }
}
