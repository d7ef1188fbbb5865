import { SERVICE_AREAS, SURVEY_AUDIENCES, SURVEY_KINDS, SURVEY_PER, SURVEY_QUESTION_KINDS, SURVEY_REPEAT, SURVEY_STATUSES } from '@shared/domain/life';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

const questionSchema = new Schema(
  {
    key: { type: String, required: true },
    kind: { type: String, enum: SURVEY_QUESTION_KINDS, required: true },
    title: { type: String, required: true },
    options: { type: [String], default: [] },
    required: { type: Boolean, default: false },
    area: { type: String, enum: SERVICE_AREAS },
  },
  { _id: false },
);

/**
 * A survey (调研问卷 · 满意度调查 · 活动反馈) of one community: its questions, who is asked, how
 * answers are counted (per owner or per unit; a second answer replaces or is refused; anonymous or
 * named), when it is open (days YYYY-MM-DD, Asia/Shanghai, both included), and the notice that
 * published it. Every change goes through `mutateRevision` with SURVEY_MACHINE.
 */
const surveySchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** `survey:<creator>:<client request id>` (createOnce). */
    requestKey: { type: String, required: true, unique: true },
    kind: { type: String, enum: SURVEY_KINDS, required: true },
    /** The satisfaction survey's year (one per community and year: see `yearKey`). */
    year: { type: Number },
    /**
     * `<communityId>:<year>` for a satisfaction survey: unique, so a community has one per year; the
     * survey's own id for the others (a total unique key: FerretDB has no sparse or partial indexes).
     */
    yearKey: { type: String, required: true, unique: true, default: function (this: { _id: unknown }) { return String(this._id); } },
    /** The activity whose attendees a feedback survey asks. */
    activityId: { type: Schema.Types.ObjectId },
    title: { type: String, required: true },
    intro: { type: String, default: '' },
    questions: { type: [questionSchema], default: [] },
    audience: {
      kind: { type: String, enum: SURVEY_AUDIENCES, required: true },
      buildingIds: { type: [Schema.Types.ObjectId], default: [] },
    },
    per: { type: String, enum: SURVEY_PER, required: true },
    repeat: { type: String, enum: SURVEY_REPEAT, required: true },
    anonymous: { type: Boolean, required: true },
    opensOn: { type: String, required: true },
    closesOn: { type: String, required: true },
    status: { type: String, enum: SURVEY_STATUSES, required: true },
    rev: { type: Number, required: true, default: 0 },
    /** Answers counted (a replaced answer counts once): mirrors the answers collection for lists. */
    answerCount: { type: Number, default: 0 },
    noticeId: { type: String },
    publishedAt: { type: Date },
    closedAt: { type: Date },
    createdById: { type: Schema.Types.ObjectId },
    createdByName: { type: String, required: true },

    // --- results & satisfaction ---

    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'surveys' },
);
surveySchema.index({ communityId: 1, status: 1, closesOn: -1 });
surveySchema.index({ communityId: 1, kind: 1, year: -1 });
surveySchema.index({ communityId: 1, createdAt: -1 });

export const Survey = model('Survey', surveySchema);
export type SurveyDoc = InstanceType<typeof Survey>;

/** What one answer says to one question: the chosen option indexes, the rating, or the text. */
const replySchema = new Schema(
  {
    key: { type: String, required: true },
    choices: { type: [Number], default: undefined },
    rating: { type: Number },
    text: { type: String },
  },
  { _id: false },
);

/**
 * One counted answer (答卷). A named answer has `_id` derived from `<surveyId>:<slot>` (slot = the
 * owner's user id, or the unit id when the survey counts one per unit) and carries who answered.
 *
 * An ANONYMOUS answer carries nothing that leads back to a person: no user, unit, name or phone, no
 * timestamps, and an `_id` that is a hash of a random token only the owner's phone holds (answers'
 * `_id` = sha256('answer:' + token)); the ballot (below) proves participation with sha256('ballot:'
 * + token), which cannot be matched to the answer without the token. `buildingId` stays so results
 * can be shown by building (groups under ANONYMOUS_MIN_GROUP are never shown).
 */
const surveyAnswerSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    surveyId: { type: Schema.Types.ObjectId, required: true },
    buildingId: { type: Schema.Types.ObjectId },
    replies: { type: [replySchema], default: [] },
    // Named answers only:
    userId: { type: Schema.Types.ObjectId },
    unitId: { type: Schema.Types.ObjectId },
    name: { type: String },
    answeredAt: { type: Date },
  },
  { collection: 'surveyanswers', versionKey: false },
);
surveyAnswerSchema.index({ surveyId: 1, buildingId: 1 });

export const SurveyAnswer = model('SurveyAnswer', surveyAnswerSchema);
export type SurveyAnswerDoc = InstanceType<typeof SurveyAnswer>;

/**
 * That a slot (an owner, or a unit) has answered a survey: `_id` = `<surveyId>:<slot>`, so two
 * answers of one slot cannot both be counted, whatever the timing. For an anonymous survey `proof`
 * = sha256('ballot:' + token) lets the same phone replace its answer (or finish a submit cut short)
 * without the ballot naming the answer. No timestamps (they would let an answer be matched to its ballot).
 */
const surveyBallotSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    surveyId: { type: Schema.Types.ObjectId, required: true },
    proof: { type: String },
  },
  { collection: 'surveyballots', versionKey: false },
);
surveyBallotSchema.index({ surveyId: 1 });

export const SurveyBallot = model('SurveyBallot', surveyBallotSchema);
