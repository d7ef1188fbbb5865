import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_STAGE_OF, COMPLAINT_STATUSES, COMPLAINT_VALIDITY, type ComplaintStage, type ComplaintStatus } from '@shared/domain/complaints';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { LAST_DATE, storeSortKeys } from '../../lib/paging';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/**
 * A complaint (投诉). Every change goes through `mutateRevision` (lib/revision.ts): it claims
 * `complaint:<id>:rev:<rev>` and writes by `_id`, appending the history entry.
 */
const complaintSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    caseNo: { type: String, required: true, unique: true },
    /** `<submitter>:<client request id>` (or the source's key: a low rating, a sentiment incident): one complaint per submit. */
    requestKey: { type: String, required: true, unique: true },
    channel: { type: String, enum: COMPLAINT_CHANNELS, required: true },
    category: { type: String, enum: COMPLAINT_CATEGORIES, required: true },
    description: { type: String, required: true },
    photoIds: { type: [String], default: [] },
    unitId: { type: Schema.Types.ObjectId },
    location: { type: String, required: true },
    /** The unit complained about (被投诉房屋: a neighbour's noise, corridor, rubbish), set by an agent; renovation patrols show these. */
    aboutUnitId: { type: Schema.Types.ObjectId },
    aboutUnitLabel: { type: String },
    /** The owner it is for (sees it, gets messages); absent for a caller who is not a bound user. */
    ownerId: { type: Schema.Types.ObjectId },
    contactName: { type: String, required: true },
    contactPhone: { type: String, required: true },
    reporterId: { type: Schema.Types.ObjectId },
    reporterName: { type: String, required: true },
    urgent: { type: Boolean, default: false },
    relatedRepairId: { type: Schema.Types.ObjectId },
    relatedRepairNo: { type: String },
    relatedBillId: { type: String },
    /** What it was made from (e.g. `sentiment:<incident>`), for the source's link back. */
    sourceRef: { type: String },

    status: { type: String, enum: COMPLAINT_STATUSES, required: true },
    rev: { type: Number, required: true, default: 0 },
    handlerId: { type: Schema.Types.ObjectId },
    handlerName: { type: String },
    /** When this round started (received, or reopened): the first response and reply deadlines count from here. */
    roundFrom: { type: Date, required: true },
    /** The deadlines running in this round: first response, reply, follow-up. */
    deadlines: { respond: Date, reply: Date, followup: Date },
    /** `<stage>@<deadline ISO>` keys already warned at 80 %. */
    warned: { type: [String], default: [] },
    breaches: { type: [{ stage: String, at: Date, _id: false }], default: [] },
    firstResponseAt: { type: Date },
    reply: { content: String, at: Date, byName: String },
    validity: { type: String, enum: COMPLAINT_VALIDITY },
    followUpId: { type: Schema.Types.ObjectId },
    followedUpAt: { type: Date },
    closedAt: { type: Date },
    reopenCount: { type: Number, default: 0 },
    history: { type: [historyEntrySchema], default: [] },
    /** Sort key of the staff list (complaintListKeys below; lib/paging.ts). */
    listDue: { type: Date },
  },
  { timestamps: CLOCK_TIMESTAMPS },
);
complaintSchema.index({ communityId: 1, status: 1 });
// Monthly figures (complaints.monthly, the manager dashboard): received in a range.
complaintSchema.index({ communityId: 1, createdAt: -1 });
complaintSchema.index({ communityId: 1, listDue: 1, createdAt: -1, _id: -1 });
// complaintsAbout: the complaints about a unit (a renovation's patrols).
complaintSchema.index({ communityId: 1, aboutUnitId: 1, createdAt: -1 });

/**
 * The staff list's order, stored on the complaint (lib/paging.ts `storeSortKeys`): by the deadline
 * of the stage that runs now (`listDue`, also what "overdue" filters on), the most urgent first;
 * complaints with none running (closed) after them (LAST_DATE), newest first. Sorted
 * `{ listDue: 1, createdAt: -1, _id: -1 }`.
 */
export function complaintListKeys(c: { status?: unknown; deadlines?: unknown }): { listDue: Date } {
  const stage = COMPLAINT_STAGE_OF[String(c.status) as ComplaintStatus];
  const due = stage ? (c.deadlines as Partial<Record<ComplaintStage, Date | null>> | undefined)?.[stage] : undefined;
  return { listDue: due ? new Date(due) : LAST_DATE };
}
storeSortKeys(complaintSchema, ['listDue'], complaintListKeys);

/** A community's complaint deadlines (absent → the defaults). */
const complaintSettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    firstResponseHours: { type: Number, required: true },
    urgentFirstResponseHours: { type: Number, required: true },
    replyDays: { type: Number, required: true },
    followUpDays: { type: Number, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'complaint_settings' },
);

export const Complaint = model('Complaint', complaintSchema);
export const ComplaintSettings = model('ComplaintSettings', complaintSettingsSchema);

/** A complaint as `.lean()` reads it. */
export type ComplaintDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof complaintSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
