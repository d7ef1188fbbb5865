import { CORRECTION_KINDS, CORRECTION_STATUSES } from '@shared/contracts/sentiment-lexicon.contract';
import { SENTIMENT_LEVELS } from '@shared/domain/sentiment';
import { mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/**
 * A staff correction of the engine's verdict on one group message (漏报 / 误报 / 话题不对 / 级别不对),
 * with the lexicon entry it proposes. While pending, one per (message, kind): `openKey` =
 * `<communityId>:<groupId>:<messageId>:<kind>` (unique), so marking again updates it; a review
 * (accept or reject) appends the correction's id to the key, freeing it for a later mark.
 */
const correctionSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    openKey: { type: String, required: true },
    groupId: { type: String, required: true },
    groupName: { type: String, required: true },
    messageId: { type: String, required: true },
    /** The stored message's key (`<communityId>:<groupId>:<messageId>`). */
    messageKey: { type: String, required: true },
    /** A copy of the message's text (first 500 characters): the message itself expires with the retention. */
    text: { type: String, default: '' },
    kind: { type: String, enum: CORRECTION_KINDS, required: true },
    status: { type: String, enum: CORRECTION_STATUSES, required: true },
    /** The engine's verdict when it was marked. */
    verdict: {
      level: { type: String, enum: SENTIMENT_LEVELS, required: true },
      topics: { type: [String], default: [] },
      lexicon: { type: String, default: '' },
    },
    expected: {
      level: { type: String, enum: SENTIMENT_LEVELS },
      topics: { type: [String], default: undefined },
      group: { type: String },
    },
    phrase: { type: String },
    note: { type: String },
    /** The proposed LexiconEntry (after an accept: the entry accepted, possibly edited). */
    proposal: { type: Schema.Types.Mixed, required: true },
    /** The message was an alert when marked: negative and in an incident (the figures' precision). */
    alert: { type: Boolean, default: false },
    incidentId: { type: Schema.Types.ObjectId },
    byId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
    /** ISO week (Asia/Shanghai) of `at`: the figures count per week in the database. */
    week: { type: String, required: true },
    reviewedById: { type: Schema.Types.ObjectId },
    reviewedByName: { type: String },
    reviewedAt: { type: Date },
    reviewNote: { type: String },
  },
  { versionKey: false, collection: 'sentiment_corrections' },
);
// One pending correction per (message, kind).
correctionSchema.index({ communityId: 1, openKey: 1 }, { unique: true });
// The review list: by status, newest first (and every status).
correctionSchema.index({ communityId: 1, status: 1, at: -1, _id: -1 });
correctionSchema.index({ communityId: 1, at: -1, _id: -1 });
// The figures: corrections per week (by kind), the false alarms per week.
correctionSchema.index({ communityId: 1, week: 1, kind: 1 });

export const SentimentCorrection = model('SentimentCorrection', correctionSchema);
export type CorrectionDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof correctionSchema>> & { _id: mongoose.Types.ObjectId };
