import { addDays, localDay } from '@shared/domain/calendar';
import { now } from '../cloud/lib/clock';
import { mongoose } from '../cloud/lib/db';
import { User } from '../cloud/modules/identity/user.model';
import { recordCall } from '../cloud/modules/movein';
import { MoveIn } from '../cloud/modules/movein/movein.model';
import { staffCaller } from './demo-kit';

type Id = mongoose.Types.ObjectId;

/**
 * Demo call tasks of 幸福里小区's move-in batch (movein.md "Progress, calls and resale"): 王芳 called
 * the first buyer who never booked a slot — nobody answered, she will call again tomorrow — so the
 * manager's 入住进度 shows a call recorded (and the desk's 来电来访 the outgoing call). Made through the
 * module's own service with a fixed request id: seeding twice changes nothing. Without a batch with a
 * buyer who never booked (the batch part not seeded) it does nothing.
 */
export async function seedDemoMoveInCalls(communityId: Id): Promise<{ calls: number }> {
  const agent = await User.findOne({ communityId, phone: '13800000011' }).lean();
  if (!agent) return { calls: 0 };
  const waiting = await MoveIn.findOne({ communityId, batchId: { $exists: true }, status: 'waiting', 'booking.day': { $exists: false } })
    .sort({ unitLabel: 1, _id: 1 })
    .lean();
  if (!waiting) return { calls: 0 };
  const caller = staffCaller(agent, 'agent', communityId);
  await recordCall(caller, {
    moveInId: String(waiting._id),
    requestId: `demo-movein-call-${String(waiting._id)}`,
    outcome: 'no_answer',
    note: '上午拨打两次无人接听，已发短信提醒预约',
    nextCallDay: addDays(localDay(now()), 1),
  });
  return { calls: 1 };
}
