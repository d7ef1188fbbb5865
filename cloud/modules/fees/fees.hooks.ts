import { hook } from '../../lib/hooks';
import type { JobScope } from '../../lib/job-scope';

/** What fees asks of the modules above it (lib/hooks.ts; plugged in cloud/runtime/wiring/). */
export const feeHooks = {
  /**
   * Units whose owner disputes something that is still open (a repair they are unhappy with, a
   * complaint about fees), in every community or those in `scope`: the reminder ladder waits for them.
   */
  disputedUnits: hook<(scope?: JobScope) => Promise<string[]>>('fees.disputedUnits'),
};
