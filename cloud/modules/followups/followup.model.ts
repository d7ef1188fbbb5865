import { FOLLOW_UP_METHODS, FOLLOW_UP_OUTCOMES, FOLLOW_UP_SOURCES, FOLLOW_UP_STATUSES } from '@shared/domain/followups';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/** A follow-up visit (回访) an agent owes an owner after a repair (later: a complaint). */
const followUpSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    source: { type: String, enum: FOLLOW_UP_SOURCES, required: true },
    sourceId: { type: Schema.Types.ObjectId, required: true },
    /** `<source>:<sourceId>:<round>`: one task per completion (a reopened and again completed repair gets a new one). */
    key: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    ownerId: { type: Schema.Types.ObjectId },
    ownerName: { type: String, required: true },
    phone: { type: String, required: true },
    location: { type: String, required: true },
    dueAt: { type: Date, required: true },
    status: { type: String, enum: FOLLOW_UP_STATUSES, default: 'open' },
    method: { type: String, enum: FOLLOW_UP_METHODS },
    outcome: { type: String, enum: FOLLOW_UP_OUTCOMES },
    note: { type: String },
    doneById: { type: Schema.Types.ObjectId },
    doneByName: { type: String },
    doneAt: { type: Date },
  },
  { timestamps: CLOCK_TIMESTAMPS },
);
followUpSchema.index({ communityId: 1, status: 1, dueAt: 1 });
// The follow-ups a month's done ones (each agent's service figures, growth module) and the outcomes of given sources.
followUpSchema.index({ communityId: 1, status: 1, doneAt: 1 });
followUpSchema.index({ communityId: 1, source: 1, sourceId: 1 });

export const FollowUp = model('FollowUp', followUpSchema);
