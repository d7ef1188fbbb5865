import { BOARD_STATUSES, POSTING_KINDS, POSTING_STATUSES } from '@shared/domain/life';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/**
 * A notice board (宣传栏) of a community: a name (1号宣传栏), the building it stands at (none: the
 * community's public area, e.g. the main gate), where exactly. Made once per request (createOnce,
 * `requestKey`); changes (edit, retire, restore) through `mutateRevision` with BOARD_MACHINE.
 */
const boardSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** `board:<creator>:<client request id>`. */
    requestKey: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    buildingId: { type: Schema.Types.ObjectId },
    buildingName: { type: String },
    location: { type: String, default: '' },
    status: { type: String, enum: BOARD_STATUSES, required: true },
    rev: { type: Number, required: true, default: 0 },
    byId: { type: Schema.Types.ObjectId },
    byName: { type: String },
    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'life_boards' },
);
boardSchema.index({ communityId: 1, status: 1, name: 1 });

/**
 * What is posted on a board: a notice (its id and title; `_id` derived from the notice and the
 * board, so a notice is posted on a board once whatever the retries), an activity poster or a
 * reminder typed by staff (`_id` derived from the request and the board). Up from `postedOn` to
 * `removeOn` (days, Asia/Shanghai, both included); past it and still up, the weekly check lists it
 * to take down. Taken down once (`mutateRevision` with POSTING_MACHINE).
 */
const postingSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    boardId: { type: Schema.Types.ObjectId, required: true },
    boardName: { type: String, required: true },
    kind: { type: String, enum: POSTING_KINDS, required: true },
    title: { type: String, required: true },
    text: { type: String },
    noticeId: { type: Schema.Types.ObjectId },
    postedOn: { type: String, required: true },
    removeOn: { type: String, required: true },
    photoIds: { type: [String], default: [] },
    byId: { type: Schema.Types.ObjectId },
    byName: { type: String, required: true },
    status: { type: String, enum: POSTING_STATUSES, required: true },
    removedAt: { type: Date },
    removedByName: { type: String },
    rev: { type: Number, required: true, default: 0 },
    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'life_board_postings' },
);
postingSchema.index({ communityId: 1, boardId: 1, status: 1, removeOn: 1 });
postingSchema.index({ communityId: 1, noticeId: 1 });
postingSchema.index({ communityId: 1, status: 1, removeOn: 1 });

/**
 * The weekly check (宣传栏周检) of a community: `_id` `<communityId>:<Monday>`, so the job run twice
 * (or staff starting it by hand) makes one check a week. It records what it found — the postings
 * past their removal date still up, the boards in use with nothing up — and who was told; ticking an
 * item takes the posting down (the posting's own state shows it ticked).
 */
const checkSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    week: { type: String, required: true },
    /** The day it was made, YYYY-MM-DD (the removal dates are compared with it). */
    day: { type: String, required: true },
    expired: {
      type: [{ postingId: Schema.Types.ObjectId, boardId: Schema.Types.ObjectId, boardName: String, title: String, kind: String, removeOn: String, _id: false }],
      default: [],
    },
    emptyBoards: { type: [{ boardId: Schema.Types.ObjectId, boardName: String, location: String, _id: false }], default: [] },
    byName: { type: String, required: true },
    notified: { type: Number, default: 0 },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'life_board_checks' },
);
checkSchema.index({ communityId: 1, week: -1 });

export const Board = model('LifeBoard', boardSchema);
export type BoardDoc = InstanceType<typeof Board>;
export const BoardPosting = model('LifeBoardPosting', postingSchema);
export type BoardPostingDoc = InstanceType<typeof BoardPosting>;
export const BoardCheck = model('LifeBoardCheck', checkSchema);
export type BoardCheckDoc = InstanceType<typeof BoardCheck>;
