import { CONTACT_DIRECTIONS, CONTACT_KINDS, VISITOR_PURPOSES } from '@shared/domain/desk-log';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/**
 * One entry of the call and visit log (来电 · 来访登记): a call, a visit or a WeChat message, of an
 * owner (unit / owner) or of a visitor who is not one (contractor, courier, official), with its
 * purpose, result and follow-up. Created once per request (`_id` from `requestKey`, lib/idempotent.ts).
 * The owner view (一户一档) reads it by `unitId` / `ownerId`.
 */
const contactSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** `<staff user id>:<client request id>`: one entry per request. */
    requestKey: { type: String, required: true, unique: true },
    kind: { type: String, enum: CONTACT_KINDS, required: true },
    direction: { type: String, enum: CONTACT_DIRECTIONS, required: true },
    unitId: { type: Schema.Types.ObjectId },
    unitLabel: { type: String },
    /** User id of the owner (a bound user), when known. */
    ownerId: { type: Schema.Types.ObjectId },
    ownerName: { type: String },
    phone: { type: String },
    visitor: {
      type: new Schema({ name: { type: String, required: true }, company: { type: String }, purpose: { type: String, enum: VISITOR_PURPOSES, required: true } }, { _id: false }),
    },
    purpose: { type: String, required: true },
    result: { type: String },
    followUp: {
      type: new Schema(
        {
          dueAt: { type: Date, required: true },
          assigneeId: { type: Schema.Types.ObjectId },
          assigneeName: { type: String, required: true },
          note: { type: String },
          doneAt: { type: Date },
          doneByName: { type: String },
          doneNote: { type: String },
        },
        { _id: false },
      ),
    },
    /** A follow-up that is not done yet (the list's filter and first part). */
    followUpOpen: { type: Boolean, required: true, default: false },
    /** When it happened, and its local day (Asia/Shanghai), the log's day filter. */
    at: { type: Date, required: true },
    day: { type: String, required: true },
    byId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
  },
  { timestamps: CLOCK_TIMESTAMPS },
);
contactSchema.index({ communityId: 1, day: 1, at: -1 });
contactSchema.index({ communityId: 1, followUpOpen: 1, 'followUp.dueAt': 1 });
contactSchema.index({ communityId: 1, unitId: 1, at: -1 });
contactSchema.index({ communityId: 1, ownerId: 1, at: -1 });
contactSchema.index({ communityId: 1, at: -1 });

export const Contact = model('Contact', contactSchema);

/** A log entry as `.lean()` reads it. */
export type ContactDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof contactSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
