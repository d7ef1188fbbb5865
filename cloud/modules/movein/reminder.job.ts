import { addDays, localDay, localInstant } from '@shared/domain/calendar';
import { routes } from '@shared/routes';
import { now } from '../../lib/clock';
import { inScope, type JobScope } from '../../lib/job-scope';
import { mongoose } from '../../lib/db';
import { recordedOwners } from '../community';
import { enqueue } from '../messaging';
import { Booking, MoveInBatch } from './batch.model';
import { MoveIn } from './movein.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

export interface MoveInReminderReport {
  bookings: number;
  reminded: number;
  noAccount: number;
}

/**
 * The day before a booked slot (入住预约提醒): the owner gets the day, time and place once (keyed by
 * case and day: a second run, or a run every hour, sends nothing twice; a moved booking is reminded
 * for its new day). Goes to the case's owner account, else to the unit's recorded owners who use the
 * mini-program; a buyer without an account is counted (the desk calls them from the progress list).
 */
export async function runMoveInReminders(scope?: JobScope): Promise<MoveInReminderReport> {
  const tomorrow = addDays(localDay(now()), 1);
  const bookings = await Booking.find({ ...inScope(scope), day: tomorrow }).lean();
  const report: MoveInReminderReport = { bookings: bookings.length, reminded: 0, noAccount: 0 };
  const batches = new Map<string, { place?: string | null; slots: { id: string; start: string; end: string }[] } | null>();
  for (const b of bookings) {
    const c = await MoveIn.findById(b.moveInId, { status: 1, ownerUserId: 1, unitLabel: 1, communityId: 1, unitId: 1 }).lean();
    if (!c || c.status !== 'waiting') continue;
    const batchKey = String(b.batchId);
    if (!batches.has(batchKey)) batches.set(batchKey, await MoveInBatch.findById(b.batchId, { place: 1, slots: 1 }).lean());
    const batch = batches.get(batchKey);
    const slot = batch?.slots.find((s) => s.id === b.slotId);
    if (!batch || !slot) continue;
    const recipients: Id[] = c.ownerUserId ? [c.ownerUserId] : (await recordedOwners(c.communityId, [c.unitId as Id])).flatMap((o) => (o.userId ? [o.userId] : []));
    if (!recipients.length) {
      report.noAccount++;
      continue;
    }
    for (const userId of recipients) {
      await enqueue({
        communityId: c.communityId,
        eventKey: `movein:${String(c._id)}:remind:${tomorrow}`,
        recipientUserId: new ObjectId(String(userId)),
        templateKey: 'movein.reminder',
        values: { unit: c.unitLabel, time: localInstant(tomorrow, slot.start), slot: `${slot.start}-${slot.end}`, place: batch.place || '物业服务中心' },
        page: routes.owner.movein(),
      });
    }
    report.reminded++;
  }
  return report;
}
