import { CONTRACT_KINDS, CONTRACT_STATUSES } from '@shared/domain/archives';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/**
 * A service contract (合同) of a community — managers only: its title, the other party (对方单位),
 * kind, term (start and end days, YYYY-MM-DD), amount in 分, note and documents (ArchiveDocs of
 * category contract). Made once per request (`requestKey`); changes (edit, end) through `mutateRevision`.
 */
const contractSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** `archiveContract:<creator>:<client request id>`. */
    requestKey: { type: String, required: true, unique: true },
    title: { type: String, required: true },
    party: { type: String, required: true },
    kind: { type: String, enum: CONTRACT_KINDS, required: true },
    startOn: { type: String, required: true },
    endOn: { type: String, required: true },
    amountFen: { type: Number, required: true },
    note: { type: String },
    docIds: { type: [Schema.Types.ObjectId], default: [] },
    status: { type: String, enum: CONTRACT_STATUSES, required: true },
    endedOn: { type: String },
    rev: { type: Number, required: true, default: 0 },
    byId: { type: Schema.Types.ObjectId },
    byName: { type: String, required: true },
    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'archive_contracts' },
);
contractSchema.index({ communityId: 1, status: 1, endOn: 1 });
// The reminder job: every community's contracts in force by end date.
contractSchema.index({ status: 1, endOn: 1 });

export const ArchiveContract = model('ArchiveContract', contractSchema);
export type ContractRecord = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof contractSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
