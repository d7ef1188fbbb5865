import { mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/**
 * A unit's balance (fees.md "Balances"): what its open bills still owe after its payments less
 * refunds (settled oldest first, like its account) and the due date of its oldest unpaid bill.
 * `_id` is the unit's id. Never incremented: recomputed from the unit's own ledger after every
 * change of it (balance.service.ts `refreshBalances`), so a write repeated or replayed gives the
 * same document. The arrears list and the review list are pages of these documents: in arrears
 * = `oldestDue` before now; the ageing bucket and the days overdue follow from `oldestDue`.
 */
const feeBalanceSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** Absent for a unit without open bills (it owes nothing). */
    buildingId: { type: Schema.Types.ObjectId },
    /** The unit's label (the list's second sort key). */
    unitLabel: { type: String, required: true },
    owedFen: { type: Number, required: true },
    /** The due date of the oldest bill not fully paid; `LAST_DATE` (lib/paging) when nothing is owed. */
    oldestDue: { type: Date, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'fee_balances' },
);
// fees.arrears / fees.reviewList: the community's (or a building's) units overdue, oldest first, then by label.
feeBalanceSchema.index({ communityId: 1, oldestDue: 1, unitLabel: 1, _id: 1 });
feeBalanceSchema.index({ communityId: 1, buildingId: 1, oldestDue: 1, unitLabel: 1, _id: 1 });
export const FeeBalance = model('FeeBalance', feeBalanceSchema);

/** A community whose balances were built from its whole ledger (`_id` = the community id): see `ensureBalances`. */
const feeBalanceBuildSchema = new Schema(
  {
    _id: { type: String, required: true },
    units: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'fee_balance_builds' },
);
export const FeeBalanceBuild = model('FeeBalanceBuild', feeBalanceBuildSchema);
