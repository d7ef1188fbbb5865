import { hook } from '../../lib/hooks';
import type { JobScope } from '../../lib/job-scope';

/** What fees asks of the modules above it (lib/hooks.ts; plugged in cloud/runtime/wiring/). */
export const feeHooks = {
  /**
   * Units whose owner disputes something still unresolved (an open repair order flagged angry, low
   * rating or unhappy; an open complaint about a repair order or about fees), in every community or
   * those in `scope`: the reminder ladder waits for them.
   */
  disputedUnits: hook<(scope?: JobScope) => Promise<string[]>>('fees.disputedUnits'),
};
