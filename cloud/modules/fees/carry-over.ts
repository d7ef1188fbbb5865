import type { CarryOverView } from '@shared/contracts/fees.contract';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { claimOutcome } from '../../lib/claim';
import { now } from '../../lib/clock';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { accountOf } from './fee.service';

/**
 * Closing an owner's account (过户, a resale): the unit's bills stay with the unit, so the old owner
 * leaves only when the unit owes nothing — or when a manager has recorded a carry-over agreement
 * (欠费转移协议: who, when, note, the amount) by which the new owner takes those bills over knowingly.
 * Anything else is refused with `409 FEE.ARREARS_OPEN` (`details.owedFen`). An agreement is used by one
 * transfer only (a claim on its id); the same transfer again (a retry) finds it used by itself.
 */
const { Schema, model } = mongoose;
const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

const carryOverSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    /** `<manager>:<client request id>`: one agreement per request. */
    requestKey: { type: String, required: true, unique: true },
    /** What the unit owed when the agreement was recorded (分); the transfer is allowed while the unit owes no more. */
    amountFen: { type: Number, required: true },
    note: { type: String, required: true },
    byId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
    /** The transfer that used it (e.g. `resale:<key>`), and when. */
    usedBy: { type: String },
    usedAt: { type: Date },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'fee_carry_overs' },
);
carryOverSchema.index({ communityId: 1, unitId: 1, at: -1 });

const CarryOver = model('FeeCarryOver', carryOverSchema);
type CarryOverDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof carryOverSchema>> & { _id: Id };

const view = (c: CarryOverDoc): CarryOverView => ({
  id: String(c._id),
  unitId: String(c.unitId),
  amountFen: c.amountFen,
  note: c.note,
  byName: c.byName,
  at: c.at.toISOString(),
  ...(c.usedAt ? { usedAt: c.usedAt.toISOString() } : {}),
});

const owedOf = async (communityId: Id, unitId: Id) => (await accountOf(communityId, unitId)).owedFen;

/** fees.carryOver (manager): record the agreement for exactly what the unit owes now. One per request id. */
export async function recordCarryOver(caller: Caller, input: { unitId: string; requestId: string; amountFen: number; note: string }): Promise<CarryOverView> {
  const communityId = new ObjectId(caller.communityId);
  const unitId = new ObjectId(input.unitId);
  const { doc } = await createOnce<CarryOverDoc>({
    model: CarryOver,
    key: `carryover:${caller.userId}:${input.requestId}`,
    build: async (_id) => {
      const owedFen = await owedOf(communityId, unitId);
      if (owedFen === 0) throw new AppError('FEE.NO_ARREARS');
      if (input.amountFen !== owedFen) throw new AppError('FEE.CARRY_OVER_MISMATCH', `该房屋当前欠费 ${(owedFen / 100).toFixed(2)} 元，协议金额应与之一致`, { owedFen });
      return { _id, communityId, unitId, requestKey: `${caller.userId}:${input.requestId}`, amountFen: owedFen, note: input.note, byId: new ObjectId(caller.userId), byName: caller.name, at: now() };
    },
  });
  return view(doc);
}

/** The unit's newest agreement not used by a transfer yet, if any. */
export async function openCarryOver(communityId: Id | string, unitId: Id | string): Promise<CarryOverView | null> {
  const doc = (await CarryOver.findOne({ communityId: new ObjectId(String(communityId)), unitId: new ObjectId(String(unitId)), usedBy: { $exists: false } })
    .sort({ at: -1 })
    .lean()) as CarryOverDoc | null;
  return doc ? view(doc) : null;
}

export interface TransferCheck {
  owedFen: number;
  /** The agreement that covers the arrears (absent when the unit owes nothing). */
  carryOver?: CarryOverView;
}

/** May the unit's owner leave now? Reads only: 409 FEE.ARREARS_OPEN when it owes more than an open agreement covers. */
export async function transferCheck(communityId: Id | string, unitId: Id | string): Promise<TransferCheck> {
  const owedFen = await owedOf(new ObjectId(String(communityId)), new ObjectId(String(unitId)));
  if (owedFen === 0) return { owedFen };
  const carryOver = await openCarryOver(communityId, unitId);
  if (!carryOver || carryOver.amountFen < owedFen) throw arrearsOpen(owedFen);
  return { owedFen, carryOver };
}

const arrearsOpen = (owedFen: number) =>
  new AppError('FEE.ARREARS_OPEN', `该房屋尚欠费 ${(owedFen / 100).toFixed(2)} 元：请原业主先结清，或由管理员登记欠费转移协议`, { owedFen });

/**
 * Close the old owner's account for a transfer (`transferKey`, e.g. `resale:<request>`): allowed when
 * the unit owes nothing, or by an open agreement that covers the arrears, which this transfer then uses
 * (once: of transfers racing for it, the first one's key is kept, `claimOutcome`). A retry of the same
 * transfer — or its twin — finds the agreement used by itself.
 */
export async function closeAccountForTransfer(communityId: Id | string, unitId: Id | string, transferKey: string): Promise<TransferCheck> {
  const cid = new ObjectId(String(communityId));
  const uid = new ObjectId(String(unitId));
  const owedFen = await owedOf(cid, uid);
  // The open agreement first, then this transfer's own: an agreement leaves the first set only to enter the second.
  const open = await openCarryOver(cid, uid);
  if (open && open.amountFen >= owedFen && owedFen > 0) {
    if ((await claimOutcome(`carryover:${open.id}:used`, transferKey)) !== transferKey) throw arrearsOpen(owedFen);
    const at = now();
    await CarryOver.updateOne({ _id: new ObjectId(open.id) }, { $set: { usedBy: transferKey, usedAt: at } });
    return { owedFen, carryOver: { ...open, usedAt: at.toISOString() } };
  }
  const mine = (await CarryOver.findOne({ communityId: cid, unitId: uid, usedBy: transferKey }).lean()) as CarryOverDoc | null;
  if (mine && mine.amountFen >= owedFen) return { owedFen, carryOver: view(mine) };
  if (owedFen > 0) throw arrearsOpen(owedFen);
  return { owedFen };
}
