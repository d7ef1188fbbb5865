import { ARCHIVE_CATEGORIES, LOAN_STATUSES } from '@shared/domain/archives';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/**
 * A loan of a paper original (借阅): which document (its title and category kept for the list),
 * who has it — a staff member of the community (`borrowerId`) or someone from outside by name
 * (业委会…) — what for, when it went out and is due back, and its return. `_id` derived from the
 * request (`requestKey`); the document's `onLoan` holds the open loan (one at a time).
 */
const loanSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** `archiveLoan:<keeper>:<client request id>`. */
    requestKey: { type: String, required: true, unique: true },
    docId: { type: Schema.Types.ObjectId, required: true },
    docTitle: { type: String, required: true },
    docCategory: { type: String, enum: ARCHIVE_CATEGORIES, required: true },
    paperLocation: { type: String },
    borrowerId: { type: Schema.Types.ObjectId },
    borrowerName: { type: String, required: true },
    purpose: { type: String, required: true },
    lentOn: { type: String, required: true },
    dueOn: { type: String, required: true },
    status: { type: String, enum: LOAN_STATUSES, required: true },
    returnedAt: { type: Date },
    returnedByName: { type: String },
    returnNote: { type: String },
    rev: { type: Number, required: true, default: 0 },
    byId: { type: Schema.Types.ObjectId },
    byName: { type: String, required: true },
    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'archive_loans' },
);
loanSchema.index({ communityId: 1, status: 1, dueOn: 1 });
loanSchema.index({ communityId: 1, docId: 1, createdAt: -1 });
loanSchema.index({ communityId: 1, borrowerId: 1, status: 1 });
// The reminder job: every community's open loans by due date.
loanSchema.index({ status: 1, dueOn: 1 });

export const ArchiveLoan = model('ArchiveLoan', loanSchema);
export type LoanRecord = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof loanSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
