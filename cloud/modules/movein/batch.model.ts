import { BATCH_STATUSES } from '@shared/domain/movein';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/**
 * A move-in batch (集中入住): the buildings handed over, the days (YYYY-MM-DD, Asia/Shanghai) and the
 * daily slots with their capacity, the documents owners bring, the fee items due at move-in. Publishing
 * it makes a case (MoveIn) per unit and sends the 入住通知.
 */
const batchSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    requestKey: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    buildingIds: { type: [Schema.Types.ObjectId], required: true },
    startDay: { type: String, required: true },
    endDay: { type: String, required: true },
    /** Days within start..end without slots (weekends, holidays). */
    closedDays: { type: [String], default: [] },
    /** The same slots every open day; `id` is stable (bookings name it). */
    slots: { type: [{ id: { type: String, required: true }, start: { type: String, required: true }, end: { type: String, required: true }, capacity: { type: Number, required: true }, _id: false }], required: true },
    documents: { type: [String], default: [] },
    feeItemIds: { type: [Schema.Types.ObjectId], default: [] },
    place: { type: String, default: '' },
    note: { type: String, default: '' },
    status: { type: String, enum: BATCH_STATUSES, required: true },
    rev: { type: Number, required: true, default: 0 },
    noticeId: { type: Schema.Types.ObjectId },
    publishedAt: { type: Date },
    /** Who published first: the one-off charges and the notice are keyed by them, so a retry by anyone bills nothing twice. */
    publishedById: { type: Schema.Types.ObjectId },
    publishedByName: { type: String },
    /** What the publish did: cases made, units skipped (and why), bills made. */
    publishReport: {
      created: { type: Number },
      skipped: { type: [{ unitId: Schema.Types.ObjectId, unitLabel: String, reason: String, _id: false }], default: undefined },
      bills: { type: Number },
    },
    closedAt: { type: Date },
    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'movein_batches' },
);
batchSchema.index({ communityId: 1, createdAt: -1 });

export const MoveInBatch = model('MoveInBatch', batchSchema);

/**
 * A booked place: seat `seat` (1..capacity) of a slot on a day. The `_id` `<batch>:<day>:<slot>:<seat>`
 * is what enforces the capacity under concurrency (FerretDB v1's guarded updates are not atomic; an
 * insert of a taken `_id` fails on both databases). One booking per case is kept by a short claim of
 * the case while it books or cancels (booking.service.ts). Cancelling deletes the document (the seat is free).
 */
const bookingSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    batchId: { type: Schema.Types.ObjectId, required: true },
    moveInId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    buildingId: { type: Schema.Types.ObjectId, required: true },
    day: { type: String, required: true },
    slotId: { type: String, required: true },
    seat: { type: Number, required: true },
    byId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'movein_bookings' },
);
bookingSchema.index({ batchId: 1, day: 1, slotId: 1, seat: 1 }, { unique: true });
bookingSchema.index({ batchId: 1, moveInId: 1 });
bookingSchema.index({ communityId: 1, day: 1 });

export const Booking = model('MoveInBooking', bookingSchema);
export type BookingDoc = InstanceType<typeof Booking>;
export type MoveInBatchDoc = InstanceType<typeof MoveInBatch>;
