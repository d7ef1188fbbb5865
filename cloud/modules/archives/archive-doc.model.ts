import { ARCHIVE_CATEGORIES } from '@shared/domain/archives';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/** One version of an archived document: one stored file of the files module. */
const versionSchema = new Schema(
  {
    no: { type: Number, required: true },
    fileId: { type: String, required: true },
    fileName: { type: String, required: true },
    mime: { type: String, required: true },
    size: { type: Number, required: true },
    note: { type: String },
    at: { type: Date, required: true },
    byId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
    /** `version:<creator>:<client request id>` of a version added by `addVersion` (a replay adds nothing). */
    requestKey: { type: String },
  },
  { _id: false },
);

/**
 * An archived document (档案) of a community: its category, title, tags, the unit it belongs to (业主档案),
 * its versions (the last is current), where its paper original is kept, and — while that original is
 * lent — the open loan (the guard of the borrowing log: one loan at a time, set and cleared by guarded
 * single-document updates). Made once per request (`requestKey`); changes through `mutateRevision`.
 */
const archiveDocSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** `archiveDoc:<creator>:<client request id>`. */
    requestKey: { type: String, required: true, unique: true },
    category: { type: String, enum: ARCHIVE_CATEGORIES, required: true },
    title: { type: String, required: true },
    /** Lower-cased title, tags and unit label: what search matches (no text index on FerretDB). */
    searchText: { type: String, required: true },
    tags: { type: [String], default: [] },
    unitId: { type: Schema.Types.ObjectId },
    unitLabel: { type: String },
    note: { type: String },
    versions: { type: [versionSchema], default: [] },
    /** The paper original (纸质原件): where it is kept; absent when there is none. */
    paper: { type: new Schema({ location: { type: String, required: true } }, { _id: false }) },
    /** While the paper original is lent: the open loan. */
    onLoan: {
      type: new Schema({ loanId: { type: Schema.Types.ObjectId, required: true }, borrowerName: { type: String, required: true }, dueOn: { type: String, required: true } }, { _id: false }),
      default: null,
    },
    /** What the document belongs to in another record of this module (`equipment:<id>`, `contract:<id>`). */
    usedBy: { type: [String], default: [] },
    status: { type: String, enum: ['active', 'removed'], required: true, default: 'active' },
    rev: { type: Number, required: true, default: 0 },
    byId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'archive_docs' },
);
archiveDocSchema.index({ communityId: 1, category: 1, status: 1, updatedAt: -1 });
archiveDocSchema.index({ communityId: 1, unitId: 1, category: 1 });
archiveDocSchema.index({ communityId: 1, tags: 1 });

export const ArchiveDoc = model('ArchiveDoc', archiveDocSchema);
export type ArchiveDocRecord = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof archiveDocSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
