import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { IMPORT_FORMATS, IMPORT_KINDS } from '@shared/contracts/imports.contract';

const { Schema, model } = mongoose;

/**
 * One uploaded file (导入批次): what was read from it, its row errors, and once committed what it
 * changed. Kept as the record of who imported what. The rows themselves live in ImportRows (below),
 * so this document stays small: FerretDB rewrites and re-reads whole documents on every update.
 */
const importBatchSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: IMPORT_KINDS, required: true },
    format: { type: String, enum: IMPORT_FORMATS, required: true },
    fileName: { type: String, required: true },
    byUserId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
    status: { type: String, enum: ['previewed', 'committed'], default: 'previewed' },
    /** Data rows in the file, valid or not. */
    totalRows: { type: Number, required: true },
    /** How many ImportRows chunks hold the normalized rows; 0 once they are dropped. */
    chunks: { type: Number, default: 0 },
    /** When the rows were dropped (after the commit, or unused for a day). */
    rowsDroppedAt: { type: Date },
    /** The column naming the unit in this file (房号 / 房屋编号), for unit-level errors. */
    unitColumn: { type: String, required: true },
    /** Problems of the file itself (found once, at preview): their count, and the first ones. */
    fileErrorCount: { type: Number, default: 0 },
    fileErrors: { type: [Schema.Types.Mixed], default: [] },
    /** The first row errors at the last validation (preview, or a refused commit). */
    errors: { type: [Schema.Types.Mixed], default: [] },
    /** { rows, validRows, creates, updates, unchanged, errors } at the last validation. */
    summary: { type: Schema.Types.Mixed, default: {} },
    /** Commit attempts: each claims `import.commit:<id>:<attempt>`; a stale attempt may be taken over. */
    commitAttempt: { type: Number, default: 0 },
    commitStartedAt: { type: Date },
    /** The result the first commit attempt planned; a retry reports it once it has completed the job. */
    planned: { type: Schema.Types.Mixed },
    result: { type: Schema.Types.Mixed },
    committedAt: { type: Date },
  },
  // Times from the one clock (cloud/lib/clock.ts), so the history orders as the services see time.
  { timestamps: { currentTime: () => now() }, suppressReservedKeysWarning: true },
);
importBatchSchema.index({ communityId: 1, createdAt: -1 });

/**
 * The normalized rows of a batch, in chunks. The id is `<batchId>:<n>`, so every chunk is read
 * by `_id` alone (the one filter FerretDB v1 answers without decoding the whole collection).
 * The rows are opaque to the database and stored as one JSON text: FerretDB stores every field of
 * a document with its type, so 1,000 rows as documents cost ten times more to write and read.
 */
const importRowsSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    batchId: { type: Schema.Types.ObjectId, required: true },
    /** JSON array of rows (import-rows.ts). */
    rows: { type: String, required: true },
  },
  { versionKey: false },
);

export const ImportBatch = model('ImportBatch', importBatchSchema);
// Housekeeping deletes the rows of unused previews by batch.
importRowsSchema.index({ batchId: 1 });
export const ImportRows = model('ImportRows', importRowsSchema);
