import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/**
 * One drill attempt (情景演练): a person's reply to a built-in scenario and its rule-based check.
 * `_id` comes from `drill:<userId>:<requestId>` (createOnce): a resubmit answers the first attempt.
 */
const drillAttemptSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    userName: { type: String, required: true },
    scenarioId: { type: String, required: true },
    reply: { type: String, required: true },
    score: { type: Number, required: true },
    passed: { type: Boolean, required: true },
    /** The DrillCheck as answered (elements, forbidden phrases, markers, length). */
    check: { type: Schema.Types.Mixed, required: true },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'growth_drill_attempts' },
);
// A person's attempts (all, or of a scenario), newest first: the history and the best score.
drillAttemptSchema.index({ communityId: 1, userId: 1, scenarioId: 1, createdAt: -1 });
drillAttemptSchema.index({ communityId: 1, userId: 1, createdAt: -1, _id: -1 });
// The team's attempts of a month (the managers' figures).
drillAttemptSchema.index({ communityId: 1, createdAt: -1 });

export const DrillAttempt = model('DrillAttempt', drillAttemptSchema);

export type DrillAttemptDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof drillAttemptSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
