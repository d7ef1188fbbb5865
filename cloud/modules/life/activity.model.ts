import { ACTIVITY_SIGNUP_STATUSES, ACTIVITY_STATUSES } from '@shared/domain/life';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

const programmeSchema = new Schema({ time: { type: String, default: '' }, item: { type: String, required: true }, person: { type: String, default: '' } }, { _id: false });
const staffSchema = new Schema({ name: { type: String, required: true }, duty: { type: String, default: '' } }, { _id: false });
const moneySchema = new Schema({ item: { type: String, required: true }, amountFen: { type: Number, required: true } }, { _id: false });

/**
 * A community activity (社区活动) of one community: the plan (活动计划: aim, time, place, programme,
 * staff, budget, safety measures, publicity — from a template, the 迎春节 plan first), the manager's
 * review, the sign-up figures set at publication (capacity in persons, places per household, the
 * sign-up deadline), and what came after (spent lines, photos, the feedback survey). Every change
 * goes through `mutateRevision` with ACTIVITY_MACHINE.
 */
const activitySchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** `activity:<creator>:<client request id>` (createOnce). */
    requestKey: { type: String, required: true, unique: true },
    templateKey: { type: String },
    title: { type: String, required: true },
    aim: { type: String, default: '' },
    intro: { type: String, default: '' },
    /** 活动时间: YYYY-MM-DD (Asia/Shanghai) and HH:MM. */
    day: { type: String, required: true },
    startTime: { type: String, required: true },
    endTime: { type: String, required: true },
    place: { type: String, required: true },
    programme: { type: [programmeSchema], default: [] },
    staff: { type: [staffSchema], default: [] },
    budget: { type: [moneySchema], default: [] },
    safety: { type: [String], default: [] },
    publicity: { type: [String], default: [] },
    status: { type: String, enum: ACTIVITY_STATUSES, required: true },
    rev: { type: Number, required: true, default: 0 },
    /** The manager's review: approved or returned, with the note. */
    review: { decision: { type: String }, note: { type: String }, byName: { type: String }, at: { type: Date } },
    /** Set at publication: capacity in persons, places one household may take, last day to sign up. */
    capacity: { type: Number },
    placesPerHousehold: { type: Number },
    signupDeadline: { type: String },
    noticeId: { type: String },
    publishedAt: { type: Date },
    cancelReason: { type: String },
    cancelledAt: { type: Date },
    finishedAt: { type: Date },
    /** After the day: what was spent, the photos (files module), a short summary, the feedback survey. */
    spent: { type: [moneySchema], default: [] },
    photoIds: { type: [String], default: [] },
    summary: { type: String, default: '' },
    feedbackSurveyId: { type: String },
    createdById: { type: Schema.Types.ObjectId },
    createdByName: { type: String, required: true },
    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'activities' },
);
activitySchema.index({ communityId: 1, status: 1, day: 1 });
activitySchema.index({ communityId: 1, createdAt: -1 });

export const Activity = model('Activity', activitySchema);
export type ActivityDoc = InstanceType<typeof Activity>;

/**
 * A household's sign-up (报名) for an activity: the unit, who signed up, how many places. Confirmed
 * sign-ups hold one ActivitySeat per place (`seatIds`); waiting ones queue in `seq` order (an
 * ObjectId's hex taken on arrival: time-ordered). `_id` comes from the request (createOnce-like: a
 * retry finds it). One standing sign-up per household is kept by a claim of the household
 * (`activity-household:<activity>:<unit>`), given back when it is cancelled. The check-in code is
 * unique per activity (`codeKey`).
 */
const signupSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    activityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    buildingId: { type: Schema.Types.ObjectId },
    unitLabel: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    places: { type: Number, required: true },
    status: { type: String, enum: ACTIVITY_SIGNUP_STATUSES, required: true },
    /** Arrival order (waiting list). */
    seq: { type: String, required: true },
    seatIds: { type: [String], default: [] },
    code: { type: String, required: true },
    /** `<activityId>:<code>`: unique, so a code names one sign-up of one activity. */
    codeKey: { type: String, required: true, unique: true },
    promotedAt: { type: Date },
    cancelledAt: { type: Date },
    checkedInAt: { type: Date },
    checkedInByName: { type: String },
    rev: { type: Number, required: true, default: 0 },
    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'activity_signups' },
);
signupSchema.index({ activityId: 1, status: 1, seq: 1 });
signupSchema.index({ communityId: 1, userId: 1 });
signupSchema.index({ communityId: 1, unitId: 1 });

export const ActivitySignup = model('ActivitySignup', signupSchema);
export type ActivitySignupDoc = InstanceType<typeof ActivitySignup>;

/**
 * One taken place of an activity: `_id` `<activityId>:<n>` (n = 1..capacity). The unique `_id` is what
 * keeps the places within the capacity under concurrency (FerretDB v1's guarded updates are not
 * atomic; an insert of a taken `_id` fails on both databases), like movein's Booking seats.
 * Cancelling a sign-up deletes its seats (the places are free for the waiting list).
 */
const seatSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    activityId: { type: Schema.Types.ObjectId, required: true },
    signupId: { type: Schema.Types.ObjectId, required: true },
    seat: { type: Number, required: true },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'activity_seats' },
);
seatSchema.index({ activityId: 1 });

export const ActivitySeat = model('ActivitySeat', seatSchema);
