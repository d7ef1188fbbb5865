import type { mongoose } from '../../lib/db';
import { hook } from '../../lib/hooks';

/** What messaging asks of the modules above it (lib/hooks.ts; plugged in cloud/runtime/wiring/). */
export const messagingHooks = {
  /** Labels of units by id ('1栋1单元1502'; the community module owns units): shown with a recipient on call tasks. */
  unitLabels: hook<(unitIds: readonly mongoose.Types.ObjectId[]) => Promise<Map<string, string>>>('messaging.unitLabels'),
};
