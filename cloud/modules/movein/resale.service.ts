import type { ResaleInfo, ResaleResult } from '@shared/contracts/movein-progress.contract';
import { RESALE_NOTICE_TEMPLATE, type MoveInStatus } from '@shared/domain/movein';
import { maskPhone } from '@shared/domain/privacy';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { communityContact, removeResident, unitDetail } from '../community';
import { accountOf, closeAccountForTransfer, openCarryOver, transferCheck } from '../fees';
import { publishFromLibrary } from '../notices';
import { createCase } from './checklist.service';
import { MoveIn } from './movein.model';
import { MoveInResale, type MoveInResaleDoc } from './progress.model';

/**
 * Resale (过户 · 旧楼盘迁入, movein.md "Progress, calls and resale"): the unit changes owner. The fees
 * module decides whether the old owner may leave (no arrears, or a manager's carry-over agreement:
 * else 409 FEE.ARREARS_OPEN); the old owner's and family's records end (their app accounts lose the
 * unit); the buyer gets a move-in case of kind 'resale' (the 入伙手续书 as for any move-in) and the
 * 新业主迁入办公通知 on the unit's notice board. One resale per request id: the decision is a record
 * made once, the steps after it are keyed, so a retry finishes and never does a step twice.
 */
const { ObjectId } = mongoose.Types;

/** The relations whose records end with the sale (tenants stay until staff remove them). */
const LEAVING = ['owner', 'family'];

async function openCaseOf(communityId: string, unitId: string) {
  return MoveIn.findOne({ communityId: new ObjectId(communityId), openKey: unitId }, { kind: 1, status: 1 }).lean();
}

/** movein.resaleInfo: the owners who would leave, the arrears and the agreement, an open case. */
export async function resaleInfo(caller: Caller, input: { unitId: string }): Promise<ResaleInfo> {
  const [unit, account, carryOver, open] = await Promise.all([
    unitDetail(caller, input.unitId),
    accountOf(new ObjectId(caller.communityId), new ObjectId(input.unitId)),
    openCarryOver(caller.communityId, input.unitId),
    openCaseOf(caller.communityId, input.unitId),
  ]);
  const owedFen = account.owedFen;
  return {
    unitId: input.unitId,
    unitLabel: unit.label,
    owners: unit.residents.filter((r) => LEAVING.includes(r.relation)).map((r) => ({ name: r.name, phone: maskPhone(r.phone), boundToApp: r.boundToApp })),
    owedFen,
    ...(carryOver ? { carryOver } : {}),
    blocked: owedFen > 0 && (!carryOver || carryOver.amountFen < owedFen),
    ...(open ? { openCase: { moveInId: String(open._id), kind: open.kind, status: open.status as MoveInStatus } } : {}),
  };
}

/** movein.resale: decide (refusing with nothing written), then carry the decision out. */
export async function resale(
  caller: Caller,
  input: { unitId: string; requestId: string; buyer: { name: string; phone: string; idNumber?: string }; note?: string },
): Promise<ResaleResult> {
  const key = `${caller.userId}:${input.requestId}`;
  const { doc } = await createOnce<MoveInResaleDoc>({
    model: MoveInResale,
    key: `resale:${key}`,
    build: async (_id) => {
      const unit = await unitDetail(caller, input.unitId);
      if (await openCaseOf(caller.communityId, input.unitId)) throw new AppError('MOVEIN.CASE_OPEN', `${unit.label}还有未办结的入住手续，请先办结或取消后再办理过户`);
      const check = await transferCheck(caller.communityId, input.unitId);
      return {
        _id,
        communityId: new ObjectId(caller.communityId),
        unitId: new ObjectId(input.unitId),
        unitLabel: unit.label,
        requestKey: key,
        requestId: input.requestId,
        buyer: { name: input.buyer.name, phone: input.buyer.phone },
        previousOwners: unit.residents.filter((r) => LEAVING.includes(r.relation)).map((r) => ({ residentId: new ObjectId(r.id), name: r.name, relation: r.relation })),
        owedFen: check.owedFen,
        ...(check.carryOver ? { carryOverId: check.carryOver.id } : {}),
        ...(input.note ? { note: input.note } : {}),
        byId: new ObjectId(caller.userId),
        byName: caller.name,
        at: now(),
      };
    },
  });
  return carryOut(caller, doc, input.buyer);
}

async function carryOut(caller: Caller, doc: MoveInResaleDoc, buyer: { name: string; phone: string; idNumber?: string }): Promise<ResaleResult> {
  const unitId = String(doc.unitId);
  // 1. The old owner's account closes: the arrears' agreement is used by this resale (or 409 if the unit owes more now).
  const closed = await closeAccountForTransfer(caller.communityId, unitId, `resale:${String(doc._id)}`);
  // 2. The buyer's case (the 入伙手续书), keyed by the request — before anyone is unbound: the case's unique
  //    open key holds the unit, so a second resale of it racing this one stops here (409 MOVEIN.CASE_OPEN)
  //    having changed nothing.
  const carried = closed.carryOver;
  const made = await createCase(caller, {
    kind: 'resale',
    unitId,
    buyer: { name: buyer.name, phone: buyer.phone, idNumber: buyer.idNumber ?? '' },
    requestId: doc.requestId,
    resale: {
      previousOwners: doc.previousOwners.map((o) => o.name),
      owedFen: doc.owedFen,
      ...(carried ? { carryOver: { id: carried.id, amountFen: carried.amountFen, note: carried.note, byName: carried.byName, at: carried.at } } : {}),
      ...(doc.note ? { note: doc.note } : {}),
      byName: doc.byName,
      at: doc.at.toISOString(),
    },
  });
  // 3. The old owner's and family's records end; their app accounts lose the unit (community's removeResident).
  for (const o of doc.previousOwners) {
    try {
      await removeResident(caller, String(o.residentId));
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'RESIDENT.NOT_FOUND')) throw err;
    }
  }
  // 4. The 新业主迁入办公通知 on the unit's board (after the old owners left: it reaches only the new household).
  const noticeId = doc.noticeId ? String(doc.noticeId) : await sendNotice(caller, doc);
  await MoveInResale.updateOne({ _id: doc._id }, { $set: { moveInId: new ObjectId(made.id), noticeId: new ObjectId(noticeId) } });
  return {
    moveInId: made.id,
    unitLabel: doc.unitLabel,
    previousOwners: doc.previousOwners.map((o) => o.name ?? ''),
    owedFen: doc.owedFen,
    ...(carried ? { carryOver: carried } : {}),
    noticeId,
  };
}

async function sendNotice(caller: Caller, doc: MoveInResaleDoc): Promise<string> {
  const contact = await communityContact(caller.communityId);
  const values = { ownerName: doc.buyer?.name ?? '', unit: doc.unitLabel, contactPhone: contact?.servicePhone || '物业服务中心前台' };
  const notice = await publishFromLibrary(caller, { requestId: `resale-${String(doc._id)}`, templateKey: RESALE_NOTICE_TEMPLATE, values, target: { kind: 'units', unitIds: [String(doc.unitId)] } });
  return notice.id;
}
