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
