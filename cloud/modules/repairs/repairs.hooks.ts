import type { mongoose } from '../../lib/db';
import { hook } from '../../lib/hooks';

type Id = mongoose.Types.ObjectId;

/** An order whose owner is unhappy with the work, as the complaints module takes it up. */
export interface UnhappyOrder {
  _id: Id;
  communityId: Id;
  orderNo: string;
  unitId?: Id | null;
  ownerId?: Id | null;
  contactName: string;
  contactPhone: string;
  reopenCount?: number | null;
}

/** What repairs asks of the modules above it (lib/hooks.ts; plugged in cloud/runtime/wiring/). */
export const repairHooks = {
  /**
   * The owner rated the work low, or was unhappy at the follow-up: a complaint about the repair's
   * quality is opened (once per order, reason and round).
   */
  ownerUnhappy: hook<(order: UnhappyOrder, why: 'low-rating' | 'unhappy', text: string) => Promise<void>>('repairs.ownerUnhappy'),
};
