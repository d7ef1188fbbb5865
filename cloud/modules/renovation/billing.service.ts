import { addDays, localDay } from '@shared/domain/calendar';
import { RENOVATION_FEE_KIND_LABELS, RENOVATION_FEE_KINDS, type RenovationFeeKind } from '@shared/domain/renovation';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { actorOf, mutateRevision } from '../../lib/revision';
import { accountOf, chargeOneOff } from '../fees';
import { Renovation } from './renovation.model';
import { renovationSettingsOf } from './settings.service';

const { ObjectId } = mongoose.Types;

export interface RenovationBill {
  kind: RenovationFeeKind;
  billId: string;
  itemName: string;
  amountFen: number;
}

interface BillsLean {
  _id: mongoose.Types.ObjectId;
  communityId: mongoose.Types.ObjectId;
  unitId: mongoose.Types.ObjectId;
  status: string;
  rev?: number;
  no: string;
  plannedStart: string;
  bills: RenovationBill[];
}

/**
 * Bill the renovation's fees (called by the approval): each fee item the community configured
 * (装修押金, 装修管理费, 垃圾清运费 — one-off items of the fees module) is charged to THIS unit through
 * fees.chargeOneOff, due on the planned start (today when that has passed). Idempotent: the request id
 * is per renovation and kind, and a kind already billed is skipped, so calling it again (a retry, a
 * second approval attempt) bills nothing twice. The bill ids are stored in `bills`.
 */
export async function billRenovation(caller: Caller, renovationId: string): Promise<RenovationBill[]> {
  const r = (await Renovation.findOne({ _id: new ObjectId(renovationId), communityId: new ObjectId(caller.communityId) }).lean()) as BillsLean | null;
  if (!r) throw new AppError('RENOVATION.NOT_FOUND');
  const settings = await renovationSettingsOf(caller.communityId);
  const today = localDay(now());
  const dueDate = r.plannedStart > today && r.plannedStart <= addDays(today, 366) ? r.plannedStart : today;
  const made: RenovationBill[] = [];
  for (const kind of RENOVATION_FEE_KINDS) {
    const itemId = settings.feeItems[kind];
    if (!itemId || r.bills.some((b) => b.kind === kind)) continue;
    const report = await chargeOneOff(caller, { requestId: `renovation-${String(r._id)}-${kind}`, itemId, unitIds: [String(r.unitId)], dueDate, note: `装修申请${r.no}` });
    made.push({ kind, billId: `${itemId}:${String(r.unitId)}:${report.chargeId}`, itemName: report.itemName || RENOVATION_FEE_KIND_LABELS[kind], amountFen: report.amountFen });
  }
  if (!made.length) return r.bills;
  const { doc } = await mutateRevision<BillsLean>({ kind: 'renovation', model: Renovation as never, notFound: 'RENOVATION.NOT_FOUND' }, r._id, actorOf(caller), (cur) => {
    const fresh = made.filter((m) => !cur.bills.some((b) => b.kind === m.kind));
    if (!fresh.length) return null;
    return { set: { bills: [...cur.bills, ...fresh] } };
  });
  return doc.bills;
}

/** The renovation's bills with whether each is paid, from the unit's fees account. */
export async function billsWithPaid(communityId: mongoose.Types.ObjectId, unitId: mongoose.Types.ObjectId, bills: readonly RenovationBill[]): Promise<(RenovationBill & { paid: boolean })[]> {
  if (!bills.length) return [];
  const account = await accountOf(communityId, unitId);
  return bills.map((b) => {
    const bill = account.bills.find((x) => x.id === b.billId);
    return { kind: b.kind, billId: b.billId, itemName: b.itemName, amountFen: b.amountFen, paid: bill?.status === 'paid' };
  });
}
