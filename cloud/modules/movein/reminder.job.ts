import { addDays, localDay, localInstant } from '@shared/domain/calendar';
import { routes } from '@shared/routes';
import { now } from '../../lib/clock';
import type { JobScope } from '../../lib/job-scope';
import { Budget, runSliced, sliceBatches } from '../../lib/slices';
import { mongoose } from '../../lib/db';
import { communityIdsIn, recordedOwners } from '../community';
import { enqueueMany, type EnqueueInput } from '../messaging';
import { Booking, MoveInBatch } from './batch.model';
import { MoveIn } from './movein.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

export interface MoveInReminderReport {
  bookings: number;
  reminded: number;
  noAccount: number;
  /** Work is left for the next invocation (lib/slices.ts). */
  more: boolean;
}

/**
 * The day before a booked slot (入住预约提醒): the owner gets the day, time and place once (keyed by
 * case and day: a second run, or a run every hour, sends nothing twice; a moved booking is reminded
 * for its new day). Goes to the case's owner account, else to the unit's recorded owners who use the
 * mini-program; a buyer without an account is counted (the desk calls them from the progress list).
 *
 * In slices (lib/slices.ts): community by community, tomorrow's bookings in `_id` order a batch at a
 * time (an item: one booking; a batch costs a read of its cases, batches and recorded owners and one
 * enqueue), within the invocation's budget; `more`: the next invocation continues (the cursor belongs
 * to the day: a cursor left from another day starts the community again).
 */
export async function runMoveInReminders(opts: { scope?: JobScope; signal?: AbortSignal; budget?: Budget } = {}): Promise<MoveInReminderReport> {
  const today = localDay(now());
  const tomorrow = addDays(today, 1);
  const report: MoveInReminderReport = { bookings: 0, reminded: 0, noAccount: 0, more: false };
  const budget = opts.budget ?? Budget.of({ signal: opts.signal });
  const sliced = await runSliced('moveInReminders', { communityIds: await communityIdsIn(opts.scope), budget }, async (communityId, slice) => {
    const community = new ObjectId(communityId);
    return sliceBatches(
      slice,
      {
        read: (after, limit) =>
          Booking.find({ communityId: community, day: tomorrow, ...(after ? { _id: { $gt: after } } : {}) })
            .sort({ _id: 1 })
            .limit(limit)
            .lean(),
        keyOf: (b) => String(b._id),
        batch: 500,
        pass: today,
      },
      (bookings) => remind(community, tomorrow, bookings, report),
    );
  });
  report.more = sliced.more;
  return report;
}

type BookingLean = { _id: string; batchId: Id; moveInId: Id; slotId: string };

/** Reminders for a batch of one community's bookings of `day`: their cases, batches and recorded owners read once, the messages queued at once. */
async function remind(communityId: Id, day: string, bookings: BookingLean[], report: MoveInReminderReport): Promise<void> {
  report.bookings += bookings.length;
  const ids = <T extends { toString(): string }>(xs: T[]) => [...new Map(xs.map((x) => [String(x), x])).values()];
  const [cases, batches] = await Promise.all([
    MoveIn.find({ _id: { $in: ids(bookings.map((b) => b.moveInId)) } }, { status: 1, ownerUserId: 1, unitLabel: 1, communityId: 1, unitId: 1 }).lean(),
    MoveInBatch.find({ _id: { $in: ids(bookings.map((b) => b.batchId)) } }, { place: 1, slots: 1 }).lean(),
  ]);
  const caseOf = new Map(cases.map((c) => [String(c._id), c]));
  const batchOf = new Map(batches.map((b) => [String(b._id), b]));
  const due = bookings.flatMap((b) => {
    const c = caseOf.get(String(b.moveInId));
    const batch = batchOf.get(String(b.batchId));
    const slot = batch?.slots.find((s) => s.id === b.slotId);
    return c && c.status === 'waiting' && batch && slot ? [{ c, batch, slot }] : [];
  });
  const withoutAccount = due.filter((d) => !d.c.ownerUserId).map((d) => d.c.unitId as Id);
  const recorded = withoutAccount.length ? await recordedOwners(communityId, ids(withoutAccount)) : [];
  const messages: EnqueueInput[] = [];
  for (const { c, batch, slot } of due) {
    const recipients: Id[] = c.ownerUserId ? [c.ownerUserId] : recorded.filter((o) => String(o.unitId) === String(c.unitId)).flatMap((o) => (o.userId ? [o.userId] : []));
    if (!recipients.length) {
      report.noAccount++;
      continue;
    }
    for (const userId of recipients) {
      messages.push({
        communityId: c.communityId,
        eventKey: `movein:${String(c._id)}:remind:${day}`,
        recipientUserId: new ObjectId(String(userId)),
        templateKey: 'movein.reminder',
        values: { unit: c.unitLabel, time: localInstant(day, slot.start), slot: `${slot.start}-${slot.end}`, place: batch.place || '物业服务中心' },
        page: routes.owner.movein(),
      });
    }
    report.reminded++;
  }
  if (messages.length) await enqueueMany(messages);
}
