import { mongoose } from '../../lib/db';
import { IMPORT_FORMATS, IMPORT_KINDS } from '@shared/contracts/imports.contract';

const { Schema, model } = mongoose;

/**
 * One uploaded file (导入批次): what was read from it, its row errors, and once committed what it
 * changed. Kept as the record of who imported what.
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
    /** The normalized rows (valid and invalid), as validated at preview time. */
    rows: { type: [Schema.Types.Mixed], default: [] },
    errors: { type: [Schema.Types.Mixed], default: [] },
    summary: { type: Schema.Types.Mixed, default: {} },
    result: { type: Schema.Types.Mixed },
    committedAt: { type: Date },
  },
  { timestamps: true, suppressReservedKeysWarning: true },
);
importBatchSchema.index({ communityId: 1, createdAt: -1 });

export const ImportBatch = model('ImportBatch', importBatchSchema);
