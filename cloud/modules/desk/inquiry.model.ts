import { INQUIRY_CHANNELS, INQUIRY_STATUSES, INQUIRY_TOPICS, type InquiryStage } from '@shared/domain/desk';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { LAST_DATE, storeSortKeys } from '../../lib/paging';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/**
 * An inquiry (咨询): an owner's question from the mini-program, or one an agent recorded (a call, a
 * visit, a WeChat message). Every change goes through `mutateRevision` (lib/revision.ts): it claims
 * `inquiry:<id>:rev:<rev>` and writes by `_id`, appending the history entry.
 */
const inquirySchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    inquiryNo: { type: String, required: true, unique: true },
    /** `<submitter>:<client request id>`: one inquiry per submit. */
    requestKey: { type: String, required: true, unique: true },
    channel: { type: String, enum: INQUIRY_CHANNELS, required: true },
    topic: { type: String, enum: INQUIRY_TOPICS, required: true },
    text: { type: String, required: true },
    photoIds: { type: [String], default: [] },
    unitId: { type: Schema.Types.ObjectId },
    location: { type: String, required: true },
    /** The owner (user id) it is for: sees it, gets messages; absent for a caller who is not a bound user. */
    ownerId: { type: Schema.Types.ObjectId },
    callerName: { type: String, required: true },
    callerPhone: { type: String, default: '' },
    reporterId: { type: Schema.Types.ObjectId },
    reporterName: { type: String, required: true },

    status: { type: String, enum: INQUIRY_STATUSES, required: true },
    rev: { type: Number, required: true, default: 0 },
    handlerId: { type: Schema.Types.ObjectId },
    handlerName: { type: String },
    /** The promise it was received with (the community's setting for the topic then). */
    promise: { ackMinutes: { type: Number, required: true }, answerHours: { type: Number, required: true } },
    deadlines: { ack: { type: Date, required: true }, answer: { type: Date, required: true } },
    /** `<stage>@<deadline ISO>` keys already warned at 80 %. */
    warned: { type: [String], default: [] },
    breaches: { type: [{ stage: String, at: Date, _id: false }], default: [] },
    ack: { text: String, at: Date, byName: String },
    /** When the owner first heard back (the acknowledgement, or an answer straight away). */
    acknowledgedAt: { type: Date },
    answer: { text: String, at: Date, byName: String, articleId: String, articleTitle: String },
    answeredAt: { type: Date },
    rating: { stars: Number, comment: String, at: Date },
    conversion: { kind: { type: String, enum: ['repair', 'complaint'] }, id: String, no: String },
    closedAt: { type: Date },
    history: { type: [historyEntrySchema], default: [] },
    /** Sort key of the staff list (inquiryListKeys below; lib/paging.ts). */
    listDue: { type: Date },
  },
  { timestamps: CLOCK_TIMESTAMPS },
);
inquirySchema.index({ communityId: 1, status: 1 });
inquirySchema.index({ communityId: 1, createdAt: -1 });
inquirySchema.index({ communityId: 1, ownerId: 1, createdAt: -1 });
inquirySchema.index({ communityId: 1, listDue: 1, createdAt: -1, _id: -1 });

/** The deadline an open inquiry is due by next: the acknowledgement while received, then the answer. */
export function nextDue(i: { status?: unknown; deadlines?: unknown }): { stage: InquiryStage; at: Date } | null {
  const d = i.deadlines as { ack?: Date | null; answer?: Date | null } | undefined;
  if (i.status === 'received' && d?.ack) return { stage: 'ack', at: new Date(d.ack) };
  if ((i.status === 'received' || i.status === 'acknowledged') && d?.answer) return { stage: 'answer', at: new Date(d.answer) };
  return null;
}

/**
 * The staff list's order, stored on the inquiry (lib/paging.ts `storeSortKeys`): open inquiries by
 * the promise due next (also what "overdue" filters on), the most urgent first; the others after
 * them (LAST_DATE), newest first. Sorted `{ listDue: 1, createdAt: -1, _id: -1 }`.
 */
export function inquiryListKeys(i: { status?: unknown; deadlines?: unknown }): { listDue: Date } {
  return { listDue: nextDue(i)?.at ?? LAST_DATE };
}
storeSortKeys(inquirySchema, ['listDue'], inquiryListKeys);

/** A community's promised reply times per topic (absent topics → the defaults). */
const inquirySettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    promises: { type: Schema.Types.Mixed, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'inquiry_settings' },
);

export const Inquiry = model('Inquiry', inquirySchema);
export const InquirySettings = model('InquirySettings', inquirySettingsSchema);

/** An inquiry as `.lean()` reads it. */
export type InquiryDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof inquirySchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
