import { QUIZ_COUNTS } from '@shared/domain/growth';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/**
 * One quiz attempt: `_id` derived from `quiz:<user>:<request id>` (createOnce), so a retry of the
 * same submit finds this attempt instead of making another. Marked on the server when made: the
 * chosen options, the score of 100, the indexes of the questions missed (the most-missed figures
 * count them per lesson version).
 */
const attemptSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    userName: { type: String, required: true },
    lessonId: { type: String, required: true },
    version: { type: Number, required: true },
    /** Per question the chosen option indexes (subdocuments: FerretDB v1 stores no nested arrays). */
    answers: { type: [{ chosen: [Number], _id: false }], default: [] },
    score: { type: Number, required: true },
    correct: { type: Number, required: true },
    total: { type: Number, required: true },
    wrong: { type: [Number], default: [] },
    passMark: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'growth_quiz_attempts' },
);
attemptSchema.index({ communityId: 1, userId: 1, lessonId: 1, at: 1 });
attemptSchema.index({ communityId: 1, lessonId: 1, version: 1 });

/**
 * A person's standing in one lesson of a community: `_id` `<community>:<user>:<lesson>`, written by
 * an upsert from that person's attempts (so an attempt is counted once however often the write is
 * replayed): how many attempts, the best and the last score, when. What counts (best or last) and
 * whether it passes is decided when read, from the community's setting and the lesson's pass mark.
 */
const progressSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    lessonId: { type: String, required: true },
    attempts: { type: Number, required: true },
    best: { type: Number, required: true },
    last: { type: Number, required: true },
    lastAttemptId: { type: Schema.Types.ObjectId, required: true },
    lastAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'growth_lesson_progress' },
);
progressSchema.index({ communityId: 1, userId: 1 });
progressSchema.index({ communityId: 1, lessonId: 1 });

/** A community's onboarding path (lesson ids, in order) and which attempt counts; `_id` = communityId. */
const settingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    required: { type: [String], default: [] },
    quizCounts: { type: String, enum: QUIZ_COUNTS, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'growth_course_settings' },
);

export const QuizAttempt = model('GrowthQuizAttempt', attemptSchema);
export const LessonProgress = model('GrowthLessonProgress', progressSchema);
export const CourseSettings = model('GrowthCourseSettings', settingsSchema);
export type QuizAttemptDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof attemptSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date };
export type LessonProgressDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof progressSchema>>;
