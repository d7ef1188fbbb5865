import {
  DISPATCH_MODES,
  OPEN_STATUSES,
  REPAIR_AREAS,
  REPAIR_CHANNELS,
  REPAIR_STATUSES,
  STAGE_OF,
  UNASSIGNED_STATUSES,
  URGENCIES,
  urgencyRank,
  type RepairStatus,
  type SlaStage,
  type Urgency,
} from '@shared/domain/repairs';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { LAST_DATE, storeSortKeys } from '../../lib/paging';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/**
 * A repair order (报修单). Every change goes through `mutate()` in transitions.ts: it claims
 * `repair:<id>:rev:<rev>` and writes with the guard `{_id, rev}`, so concurrent changes never
 * overwrite each other (FerretDB runs a guarded update's filter and write separately).
 */
const repairSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    orderNo: { type: String, required: true, unique: true },
    /** `<reporterId>:<client request id>`: a second submit of the same form finds the first order. */
    requestKey: { type: String, required: true, unique: true },
    channel: { type: String, enum: REPAIR_CHANNELS, required: true },
    area: { type: String, enum: REPAIR_AREAS, required: true },
    unitId: { type: Schema.Types.ObjectId },
    place: { type: String },
    /** Unit label or place, for lists. */
    location: { type: String, required: true },
    category: { type: String, required: true },
    description: { type: String, required: true },
    urgency: { type: String, enum: URGENCIES, required: true },
    triageTerms: { type: [String], default: [] },
    photoIds: { type: [String], default: [] },
    visitWindow: { from: Date, to: Date },
    reporterId: { type: Schema.Types.ObjectId, required: true },
    reporterName: { type: String, required: true },
    /** The owner the order is for (gets progress messages); absent when an agent's caller is not a bound user. */
    ownerId: { type: Schema.Types.ObjectId },
    contactName: { type: String, required: true },
    contactPhone: { type: String, required: true },

    status: { type: String, enum: REPAIR_STATUSES, required: true },
    rev: { type: Number, required: true, default: 0 },
    /** Dispatch mode when the order last waited for a technician. */
    mode: { type: String, enum: DISPATCH_MODES, required: true },
    inPool: { type: Boolean, default: false },
    poolSince: { type: Date },
    assigneeId: { type: Schema.Types.ObjectId },
    assigneeName: { type: String },
    assigneePhone: { type: String },
    /** Technicians who returned it (not dispatched to them again). */
    excludedIds: { type: [Schema.Types.ObjectId], default: [] },

    /** Start of the current service round: the report, or the last reopening. */
    roundFrom: { type: Date, required: true },
    dispatchedAt: { type: Date },
    acceptedAt: { type: Date },
    arrivedAt: { type: Date },
    completedAt: { type: Date },
    closedAt: { type: Date },
    cancelledAt: { type: Date },
    pausedAt: { type: Date },
    pauseReason: { type: String },
    /** First time each stage was reached (weekly figures). */
    firsts: { dispatchedAt: Date, acceptedAt: Date, arrivedAt: Date, completedAt: Date },
    deadlines: { accept: Date, arrive: Date, complete: Date },
    /** `<stage>@<deadline ms>` of each warning and breach handled (exactly once per deadline). */
    warned: { type: [String], default: [] },
    breaches: { type: [{ stage: String, at: Date, _id: false }], default: [] },

    urgeCount: { type: Number, default: 0 },
    lastUrgedAt: { type: Date },
    afterPhotoIds: { type: [String], default: [] },
    materials: { type: [{ name: String, quantity: Number, unit: String, _id: false }], default: [] },
    completionNote: { type: String },
    rating: { overall: Number, speed: Number, attitude: Number, comment: String, at: Date },
    reopenCount: { type: Number, default: 0 },
    /** angry, emergency, low-rating, unhappy, unassigned, overdue */
    flags: { type: [String], default: [] },
    history: { type: [historyEntrySchema], default: [] },

    /** Sort keys of the staff list (repairListKeys below; lib/paging.ts). */
    listRank: { type: Number },
    listDue: { type: Date },
  },
  // The one clock (createdAt buckets the weekly figures next to the stage times, which come from now()).
  { timestamps: CLOCK_TIMESTAMPS },
);
repairSchema.index({ communityId: 1, status: 1 });
// Per-week and per-month figures (repairs.stats, the manager dashboard): reported and completed in a range.
repairSchema.index({ communityId: 1, createdAt: -1 });
repairSchema.index({ communityId: 1, 'firsts.completedAt': -1 });
repairSchema.index({ communityId: 1, listRank: 1, listDue: 1, createdAt: -1, _id: -1 });
repairSchema.index({ communityId: 1, assigneeId: 1 });
// A technician's queue (repair.service.ts queue): my orders by the deadline running now; the pool by urgency, then the oldest.
repairSchema.index({ communityId: 1, assigneeId: 1, listDue: 1, listRank: 1, _id: 1 });
repairSchema.index({ communityId: 1, inPool: 1, listRank: 1, createdAt: 1, _id: 1 });
repairSchema.index({ communityId: 1, reporterId: 1 });
repairSchema.index({ communityId: 1, unitId: 1 });

/** Per-community repair settings; absent → the defaults. */
const repairSettingsSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    categories: { type: [String], required: true },
    dispatchMode: { type: String, enum: DISPATCH_MODES, required: true },
    poolFallbackMinutes: { type: Number, required: true },
    sla: { type: Schema.Types.Mixed, required: true },
  },
  { timestamps: true, collection: 'repair_settings' },
);

/**
 * When each technician was last given an order (round-robin among equally loaded technicians):
 * `_id` `<communityId>:<userId>`, kept in the open assignments' collection (below) so that automatic
 * dispatch reads loads and cursors in one query and writes both in one command. The only documents
 * there with `at`. (Before issue 25 they had a collection of their own, `repair_dispatch_cursors`,
 * no longer read: the rotation starts over once.)
 */
const dispatchCursorSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'repair_open_assignments' },
);

/**
 * The orders technicians hold now (dispatched, accepted, arrived, paused): one small document per
 * order, written by the order's own revision-claimed change (transitions.ts), so it is never
 * written concurrently. Automatic dispatch reads technicians' loads here instead of scanning orders.
 */
const openAssignmentSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
  },
  { versionKey: false, collection: 'repair_open_assignments' },
);
openAssignmentSchema.index({ communityId: 1, userId: 1 });

/** The stage whose clock runs now: accept while waiting for or at a technician, then arrive, then complete. */
export function runningStage(o: { status: string }): SlaStage | undefined {
  const status = o.status as RepairStatus;
  if (UNASSIGNED_STATUSES.includes(status)) return 'accept';
  return STAGE_OF[status];
}

/** listRank of finished orders (open ones: their urgency's rank, 0–2). */
export const DONE_RANK = 3;

/**
 * The staff list's order, stored on the order (lib/paging.ts `storeSortKeys`): open orders first, by
 * urgency (`listRank` 0–2), then by the deadline of the stage that runs now (`listDue`, also what
 * "overdue" filters on; LAST_DATE when none runs, e.g. paused); finished orders after them
 * (`listRank` 3, one `listDue`), newest first. Sorted `{ listRank: 1, listDue: 1, createdAt: -1, _id: -1 }`.
 */
export function repairListKeys(o: { status?: unknown; urgency?: unknown; deadlines?: unknown }): { listRank: number; listDue: Date } {
  const status = String(o.status) as RepairStatus;
  if (!OPEN_STATUSES.includes(status)) return { listRank: DONE_RANK, listDue: LAST_DATE };
  const stage = runningStage({ status });
  const due = stage ? (o.deadlines as Partial<Record<SlaStage, Date | null>> | undefined)?.[stage] : undefined;
  return { listRank: urgencyRank(o.urgency as Urgency), listDue: due ? new Date(due) : LAST_DATE };
}
storeSortKeys(repairSchema, ['listRank', 'listDue'], repairListKeys);

export const Repair = model('Repair', repairSchema);
export const OpenAssignment = model('OpenAssignment', openAssignmentSchema);
export const RepairSettings = model('RepairSettings', repairSettingsSchema);
export const DispatchCursor = model('DispatchCursor', dispatchCursorSchema);

/** An order as `.lean()` reads it. */
export type RepairDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof repairSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
