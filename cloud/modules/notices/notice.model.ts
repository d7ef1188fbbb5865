import { NOTICE_CATEGORIES, NOTICE_KINDS, NOTICE_TARGETS, NOTICE_VARIABLE_TYPES } from '@shared/domain/notices';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/**
 * A notice on the owners' board. Changes (edit, withdraw, cancelled pushes) go through its revision
 * (`mutateRevision`, lib/revision.ts: claims `notice:<id>:rev:<rev>`, writes by `_id`), which appends
 * the history entry.
 */
const noticeSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** `<author>:<client request id>`; the notice's _id is derived from it (one notice per submit). */
    requestKey: { type: String, required: true, unique: true },
    templateKey: { type: String },
    values: { type: Schema.Types.Mixed, default: {} },
    title: { type: String, required: true },
    body: { type: String, required: true },
    signature: { type: String, required: true },
    kind: { type: String, enum: NOTICE_KINDS, required: true },
    category: { type: String, enum: NOTICE_CATEGORIES, required: true },
    target: {
      kind: { type: String, enum: NOTICE_TARGETS, required: true },
      buildingIds: { type: [Schema.Types.ObjectId], default: undefined },
      unitIds: { type: [Schema.Types.ObjectId], default: undefined },
      audienceId: { type: Schema.Types.ObjectId },
    },
    targetText: { type: String, required: true },
    /** The units it was published to (resolved at publishing). */
    unitIds: { type: [Schema.Types.ObjectId], default: [] },
    pinned: { type: Boolean, default: false },
    /** A button under the notice to the page it is about (a survey to answer, an activity to sign up for): its text and message link (shared/routes.ts). */
    link: { label: String, path: String },
    publishAt: { type: Date, required: true },
    expiresAt: { type: Date },
    status: { type: String, enum: ['published', 'withdrawn'], required: true },
    /** Content revision: 1 when published, +1 per edit (owners see 已更新). */
    revision: { type: Number, default: 1 },
    revisedAt: { type: Date },
    rev: { type: Number, required: true, default: 0 },
    pushed: { type: Number, default: 0 },
    /** Set once every push is queued (a retried publish finishes the pushes when it is missing). */
    pushedAt: { type: Date },
    history: { type: [historyEntrySchema], default: [] },
    authorId: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: CLOCK_TIMESTAMPS },
);
noticeSchema.index({ communityId: 1, publishAt: -1, _id: -1 });
// The owners' board (notice.service.ts board): published, pinned first, newest first.
noticeSchema.index({ communityId: 1, status: 1, pinned: -1, publishAt: -1, _id: -1 });

/** A community's own copy of a template (edited from the library, or new). */
const noticeTemplateSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    key: { type: String, required: true },
    basedOn: { type: String },
    name: { type: String, required: true },
    kind: { type: String, enum: NOTICE_KINDS, required: true },
    category: { type: String, enum: NOTICE_CATEGORIES, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    signature: { type: String, required: true },
    variables: { type: [{ name: String, label: String, type: { type: String, enum: NOTICE_VARIABLE_TYPES }, defaultValue: String, hint: String, _id: false }], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'notice_templates' },
);
noticeTemplateSchema.index({ communityId: 1, key: 1 }, { unique: true });

/** One owner opened one notice (first time; `_id` = `<noticeId>:<userId>`). */
const noticeReadSchema = new Schema(
  {
    _id: { type: String, required: true },
    noticeId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    unitIds: { type: [Schema.Types.ObjectId], default: [] },
    /** The revision read (a later edit shows 已更新 again). */
    revision: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'notice_reads' },
);
noticeReadSchema.index({ noticeId: 1 });
noticeReadSchema.index({ communityId: 1, userId: 1 });

/** A saved audience (常用对象): buildings and/or units from a floor up. */
const noticeAudienceSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    buildingIds: { type: [Schema.Types.ObjectId], default: [] },
    minFloor: { type: Number },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'notice_audiences' },
);
noticeAudienceSchema.index({ communityId: 1, name: 1 }, { unique: true });

export const Notice = model('Notice', noticeSchema);
export const NoticeTemplate = model('NoticeTemplate', noticeTemplateSchema);
export const NoticeRead = model('NoticeRead', noticeReadSchema);
export const NoticeAudience = model('NoticeAudience', noticeAudienceSchema);

export type NoticeDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof noticeSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
