import type { Paged } from '@shared/contracts/contract';
import type { MoveInBill, MoveInCaseSummary, MoveInCaseView, MoveInPdfFile } from '@shared/contracts/movein-checklist.contract';
import { localDay, localDayDigits } from '@shared/domain/calendar';
import type { PaymentMethod } from '@shared/domain/fees';
import {
  idMatches,
  missingSteps,
  MOVEIN_MACHINE,
  MOVEIN_STEP_LABELS,
  stepNames,
  stepsFor,
  MOVEIN_STATUS_LABELS,
  type CardKind,
  type MoveInKind,
  type MoveInStatus,
  type MoveInStep,
  type SignedStep,
} from '@shared/domain/movein';
import { maskIdNumber, maskPhone } from '@shared/domain/privacy';
import { UNIT_STATUS_LABELS, type UnitStatus } from '@shared/domain/units';
import { routes } from '@shared/routes';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { claimOnce, releaseClaim } from '../../lib/claim';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { paged } from '../../lib/paging';
import { actorOf, mutateRevision, type Actor, type Change } from '../../lib/revision';
import { transitionTo } from '../../lib/transition';
import { communityContact, recordMoveIn, unitStatusOf } from '../community';
import { accountOf, recordPayment } from '../fees';
import { attachPhotos, ownPhotos, photoLinks } from '../files';
import { enqueue } from '../messaging';
import { Booking, MoveInBatch } from './batch.model';
import { checklistPdf } from './checklist-pdf';
import { MoveIn, type MoveInDoc } from './movein.model';
import { moveInSettingsOf } from './settings.service';

/**
 * The 入伙手续书 (movein.md "The 入伙手续书 (checklist)"): a case's steps ticked by agents on the day,
 * the fees paid or recorded, the owner's signatures, keys and cards, completion (binding the owner in
 * the records) and its PDF; 零散入住 cases. Every change goes through `mutateRevision`; the buyer's
 * ID number is never shown whole nor logged (masked in every view, compared, not echoed).
 */

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

export interface CaseLean {
  _id: Id;
  communityId: Id;
  unitId: Id;
  buildingId: Id;
  unitLabel: string;
  kind: MoveInKind;
  batchId?: Id | null;
  openKey: string;
  buyer: { name: string; phone?: string | null; idNumber?: string | null; residentId?: Id | null };
  ownerUserId?: Id | null;
  status: MoveInStatus;
  rev: number;
  booking?: { day?: string | null; slotId?: string | null; slotLabel?: string | null; bookedAt?: Date | null } | null;
  steps: { key: MoveInStep; required: boolean; done: boolean; doneAt?: Date | null; byId?: Id | null; byName?: string | null; note?: string | null }[];
  signatures: { step: string; signer: string; fileId: string; at: Date }[];
  keys: { name: string; count: number }[];
  cards: { kind: string; number: string }[];
  occupancy?: UnitStatus | null;
  movedInOn?: string | null;
  startedAt?: Date | null;
  doneAt?: Date | null;
  history: { at: Date; event: string; byName: string; note?: string | null }[];
}

const oid = (id: string | Id) => new ObjectId(String(id));

function mutate(id: string | Id, actor: Actor, build: (doc: CaseLean) => Change | null) {
  return mutateRevision<CaseLean>({ kind: 'movein', model: MoveIn as never, notFound: 'MOVEIN.NOT_FOUND' }, id, actor, build);
}

/** A step of the case (a case made before its steps were known gets the community's list on start). */
function stepOf(doc: CaseLean, key: MoveInStep) {
  const step = doc.steps.find((s) => s.key === key);
  if (!step) throw new AppError('VALIDATION', `该入住办理没有“${MOVEIN_STEP_LABELS[key]}”步骤`);
  return step;
}

/** Steps only change while the case is in progress (a waiting case is started first; a finished or cancelled one → 409). */
function requireInProgress(doc: CaseLean, key: MoveInStep): void {
  if (doc.status === 'in_progress') return;
  const state = MOVEIN_STATUS_LABELS[doc.status];
  throw new AppError('MOVEIN.INVALID_TRANSITION', doc.status === 'waiting' ? `入住办理尚未开始，请先开始办理再${MOVEIN_STEP_LABELS[key]}` : `入住办理${state}，不能再修改“${MOVEIN_STEP_LABELS[key]}”`, { from: doc.status, step: key });
}

/** The steps with one marked done (by the actor, now, with a note) — or undone. */
function withStep(doc: CaseLean, key: MoveInStep, actor: Actor, done: boolean, note?: string) {
  return doc.steps.map((s) =>
    s.key !== key
      ? s
      : done
        ? { key: s.key, required: s.required, done: true, doneAt: now(), ...(actor.id ? { byId: oid(actor.id) } : {}), byName: actor.name, ...(note ? { note } : {}) }
        : { key: s.key, required: s.required, done: false },
  );
}

function tickChange(doc: CaseLean, key: MoveInStep, actor: Actor, note: string | undefined, extra: Record<string, unknown> = {}): Change {
  return { event: 'step', note: `${MOVEIN_STEP_LABELS[key]}${note ? `：${note}` : ''}`, set: { steps: withStep(doc, key, actor, true, note), ...extra } };
}

// --- views ---

function summaryOf(d: CaseLean): MoveInCaseSummary {
  return {
    id: String(d._id),
    unitId: String(d.unitId),
    unitLabel: d.unitLabel,
    kind: d.kind,
    status: d.status,
    buyerName: d.buyer.name,
    buyerPhone: maskPhone(d.buyer.phone ?? ''),
    ...(d.booking?.day ? { booking: { day: d.booking.day, slotLabel: d.booking.slotLabel ?? '' } } : {}),
    stepsDone: d.steps.filter((s) => s.done).length,
    stepsTotal: d.steps.length,
    missing: missingSteps(d.steps),
  };
}

/** The bills due at move-in: of the batch's fee items (a batch case), else every bill of the unit not paid. */
async function billsOf(d: CaseLean, feeItemIds: readonly string[] | null): Promise<{ bills: MoveInBill[]; dueFen: number }> {
  const account = await accountOf(d.communityId, d.unitId);
  const mine = account.bills.filter((b) => b.status !== 'cancelled' && (feeItemIds ? feeItemIds.some((i) => b.id.startsWith(`${i}:`)) : b.status === 'open'));
  const bills = mine.map((b) => ({ id: b.id, itemName: b.itemName, periodLabel: b.periodLabel, amountFen: b.amountFen, dueFen: b.dueFen, status: b.status as 'open' | 'paid' }));
  return { bills, dueFen: bills.reduce((s, b) => s + b.dueFen, 0) };
}

async function batchOfCase(d: CaseLean): Promise<{ name: string; documents: string[]; feeItemIds: string[] } | null> {
  if (!d.batchId) return null;
  const b = await MoveInBatch.findOne({ _id: d.batchId, communityId: d.communityId }, { name: 1, documents: 1, feeItemIds: 1 }).lean();
  return b ? { name: b.name, documents: [...(b.documents ?? [])], feeItemIds: (b.feeItemIds ?? []).map(String) } : null;
}

export async function viewOf(d: CaseLean): Promise<MoveInCaseView> {
  const batch = await batchOfCase(d);
  const [fees, links] = await Promise.all([billsOf(d, batch ? batch.feeItemIds : null), photoLinks(d.signatures.map((s) => s.fileId))]);
  const url = new Map(links.map((l) => [l.id, l.url]));
  return {
    ...summaryOf(d),
    buyer: { name: d.buyer.name, phone: d.buyer.phone ?? '', idNumber: maskIdNumber(d.buyer.idNumber ?? ''), bound: Boolean(d.ownerUserId) },
    ...(batch ? { batchName: batch.name } : {}),
    documents: batch?.documents ?? [],
    steps: d.steps.map((s) => ({
      key: s.key,
      required: s.required,
      done: s.done,
      ...(s.doneAt ? { doneAt: s.doneAt.toISOString() } : {}),
      ...(s.byName ? { byName: s.byName } : {}),
      ...(s.note ? { note: s.note } : {}),
    })),
    fees,
    signatures: d.signatures.map((s) => ({ step: s.step, signer: s.signer, at: s.at.toISOString(), url: url.get(s.fileId) ?? '' })),
    keys: d.keys.map((k) => ({ name: k.name, count: k.count })),
    cards: d.cards.map((c) => ({ kind: c.kind as CardKind, number: c.number })),
    ...(d.occupancy ? { occupancy: d.occupancy } : {}),
    ...(d.movedInOn ? { movedInOn: d.movedInOn } : {}),
    ...(d.startedAt ? { startedAt: d.startedAt.toISOString() } : {}),
    ...(d.doneAt ? { doneAt: d.doneAt.toISOString() } : {}),
    history: d.history.map((h) => ({ at: h.at.toISOString(), event: h.event, byName: h.byName, ...(h.note ? { note: h.note } : {}) })),
  };
}

async function load(caller: Caller, moveInId: string): Promise<CaseLean> {
  const d = (await MoveIn.findOne({ _id: oid(moveInId), communityId: oid(caller.communityId) }).lean()) as CaseLean | null;
  if (!d) throw new AppError('MOVEIN.NOT_FOUND');
  return d;
}

/** movein.caseDetail: the whole 入伙手续书 (staff). */
export async function caseDetail(caller: Caller, input: { moveInId: string }): Promise<MoveInCaseView> {
  return viewOf(await load(caller, input.moveInId));
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** movein.cases: the day's booked cases (by slot), or the community's cases whose unit label holds `q`. */
export async function cases(caller: Caller, input: { day?: string; q?: string; page: number; pageSize: number }): Promise<Paged<MoveInCaseSummary>> {
  const communityId = oid(caller.communityId);
  const map = (docs: CaseLean[]) => docs.map(summaryOf);
  if (input.q) {
    return paged<CaseLean, MoveInCaseSummary>({ model: MoveIn as never, filter: { communityId, status: { $ne: 'cancelled' }, unitLabel: { $regex: literal(input.q), $options: 'i' } }, sort: { unitLabel: 1 } }, input, map);
  }
  const day = input.day ?? localDay(now());
  return paged<CaseLean, MoveInCaseSummary>({ model: MoveIn as never, filter: { communityId, 'booking.day': day, status: { $ne: 'cancelled' } }, sort: { 'booking.slotLabel': 1, unitLabel: 1 } }, input, map);
}

// --- making a case ---

/** The steps a new case of the community copies (its settings' required ones; the others optional). */
export async function newCaseSteps(communityId: string | Id): Promise<{ key: MoveInStep; required: boolean; done: boolean }[]> {
  return stepsFor((await moveInSettingsOf(String(communityId))).requiredSteps);
}

export interface NewCase {
  kind: 'single' | 'resale';
  unitId: string;
  buyer: { name: string; phone: string; idNumber?: string };
  requestId: string;
  resale?: Record<string, unknown>;
}

/**
 * A case without a batch (零散入住, or a resale's 旧楼盘迁入 made by the resale flow), once per request:
 * the unit must have no open case (409 MOVEIN.CASE_OPEN) and — unless a resale — not be moved into
 * already (自住/出租 in the records or a finished move-in: 409 MOVEIN.UNIT_OCCUPIED).
 */
export async function createCase(caller: Caller, input: NewCase): Promise<MoveInCaseView> {
  const communityId = oid(caller.communityId);
  const unitId = oid(input.unitId);
  try {
    const { doc } = await createOnce<CaseLean>({
      model: MoveIn,
      key: `movein:${caller.userId}:${input.requestId}`,
      build: async (_id) => {
        const unit = await unitStatusOf(communityId, unitId);
        if (!unit) throw new AppError('UNIT.NOT_FOUND');
        if (await MoveIn.exists({ openKey: String(unitId) })) throw new AppError('MOVEIN.CASE_OPEN', `${unit.label}已有正在办理的入住手续`);
        if (input.kind !== 'resale' && (unit.status !== 'vacant' || (await MoveIn.exists({ communityId, unitId, status: 'done', kind: { $ne: 'resale' } })))) {
          throw new AppError('MOVEIN.UNIT_OCCUPIED', `${unit.label}已办理入住，不能重复办理`);
        }
        const at = now();
        return {
          _id,
          communityId,
          unitId,
          buildingId: unit.buildingId,
          unitLabel: unit.label,
          kind: input.kind,
          openKey: String(unitId),
          requestKey: `${caller.userId}:${input.requestId}`,
          buyer: { name: input.buyer.name, phone: input.buyer.phone, idNumber: input.buyer.idNumber ?? '' },
          status: 'waiting',
          rev: 0,
          steps: await newCaseSteps(communityId),
          ...(input.resale ? { resale: input.resale } : {}),
          history: [{ at, event: 'create', to: 'waiting', byId: oid(caller.userId), byName: caller.name, note: input.kind === 'resale' ? '旧楼盘迁入' : '零散入住' }],
        };
      },
    });
    return viewOf(doc);
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('MOVEIN.CASE_OPEN');
    throw err;
  }
}

// --- the steps ---

/** movein.startCase: 开始办理 (waiting → in progress); started already → as it is. */
export async function startCase(caller: Caller, input: { moveInId: string }): Promise<MoveInCaseView> {
  await load(caller, input.moveInId);
  const steps = await newCaseSteps(caller.communityId);
  const { doc } = await mutate(input.moveInId, actorOf(caller), (d) => {
    if (d.status === 'in_progress') return null;
    const to = transitionTo(MOVEIN_MACHINE, d.status, 'start');
    return { event: 'start', to, set: { startedAt: now(), ...(d.steps.length ? {} : { steps }) } };
  });
  return viewOf(doc);
}

/**
 * A step done, for the other parts of the module (验房 submitted: movein.md "Inspection"): a waiting
 * case is started first; a step done already stays as it was.
 */
export async function markStep(caller: Caller, moveInId: string, key: MoveInStep, note?: string): Promise<MoveInCaseView> {
  const d = await load(caller, moveInId);
  if (d.status === 'waiting') await startCase(caller, { moveInId });
  const { doc } = await mutate(moveInId, actorOf(caller), (cur) => {
    requireInProgress(cur, key);
    if (stepOf(cur, key).done) return null;
    return tickChange(cur, key, actorOf(caller), note);
  });
  return viewOf(doc);
}

/** movein.tickStep: 收取资料, 缴纳费用 (only when nothing is due: else 409 MOVEIN.FEES_OPEN), 验房. */
export async function tickStep(caller: Caller, input: { moveInId: string; step: MoveInStep; note?: string }): Promise<MoveInCaseView> {
  const d = await load(caller, input.moveInId);
  if (input.step === 'fees') {
    const batch = await batchOfCase(d);
    const { dueFen } = await billsOf(d, batch ? batch.feeItemIds : null);
    if (dueFen > 0) throw new AppError('MOVEIN.FEES_OPEN', `入住费用还有 ${(dueFen / 100).toFixed(2)} 元未缴清`, { dueFen });
  }
  const { doc } = await mutate(input.moveInId, actorOf(caller), (cur) => {
    requireInProgress(cur, input.step);
    if (stepOf(cur, input.step).done) return null;
    return tickChange(cur, input.step, actorOf(caller), input.note);
  });
  return viewOf(doc);
}

/** movein.undoStep: a step ticked by mistake is open again (the history keeps both). */
export async function undoStep(caller: Caller, input: { moveInId: string; step: MoveInStep; reason?: string }): Promise<MoveInCaseView> {
  const { doc } = await mutate(input.moveInId, actorOf(caller), (cur) => {
    requireInProgress(cur, input.step);
    if (!stepOf(cur, input.step).done) return null;
    return { event: 'undoStep', note: `${MOVEIN_STEP_LABELS[input.step]}${input.reason ? `：${input.reason}` : ''}`, set: { steps: withStep(cur, input.step, actorOf(caller), false) } };
  });
  return viewOf(doc);
}

/**
 * movein.checkIdentity: the ID card shown is the buyer's (the number typed from it equals the recorded
 * one; none recorded: it is recorded now). A different number → 409 MOVEIN.IDENTITY_MISMATCH, which
 * names neither number.
 */
export async function checkIdentity(caller: Caller, input: { moveInId: string; idNumber: string }): Promise<MoveInCaseView> {
  const { doc } = await mutate(input.moveInId, actorOf(caller), (cur) => {
    requireInProgress(cur, 'identity');
    const recorded = cur.buyer.idNumber ?? '';
    if (!idMatches(recorded, input.idNumber)) throw new AppError('MOVEIN.IDENTITY_MISMATCH');
    if (stepOf(cur, 'identity').done) return null;
    return tickChange(cur, 'identity', actorOf(caller), `身份证 ${maskIdNumber(input.idNumber)} 核对一致`, recorded ? {} : { 'buyer.idNumber': input.idNumber });
  });
  return viewOf(doc);
}

/**
 * movein.payFees: the owner pays at the desk — a payment in the fees ledger (fees' recordPayment, its
 * receipt number unique), once per request id (a replay records nothing more). The fees step is done
 * as soon as nothing due at move-in is left.
 */
export async function payFees(caller: Caller, input: { moveInId: string; amountFen: number; method: PaymentMethod; receiptNo: string; requestId: string }): Promise<MoveInCaseView> {
  const d = await load(caller, input.moveInId);
  requireInProgress(d, 'fees');
  const claim = `movein:${String(d._id)}:pay:${input.requestId}`;
  if (await claimOnce(claim)) {
    try {
      await recordPayment(caller, { unitId: String(d.unitId), amountFen: input.amountFen, method: input.method, receiptNo: input.receiptNo, note: `入住缴费（${d.unitLabel}）` });
    } catch (err) {
      await releaseClaim(claim);
      throw err;
    }
  }
  const batch = await batchOfCase(d);
  const { dueFen } = await billsOf(d, batch ? batch.feeItemIds : null);
  const { doc } = await mutate(input.moveInId, actorOf(caller), (cur) => {
    if (dueFen > 0 || stepOf(cur, 'fees').done) return null;
    return tickChange(cur, 'fees', actorOf(caller), `现场缴费，收据号 ${input.receiptNo}`);
  });
  return viewOf(doc);
}

/** A signature image the caller uploaded (purpose 'signature'), now used by the case (never deleted as unattached). */
async function useSignature(caller: Caller, moveInId: string, step: SignedStep, fileId: string): Promise<void> {
  await ownPhotos(caller, [fileId], { private: 'signature' });
  await attachPhotos([fileId], `movein:${moveInId}:${step}`);
}

/** movein.signAgreements: the owner signed the 业主公约 and the 前期物业服务协议 (one signature for both). */
export async function signAgreements(caller: Caller, input: { moveInId: string; signer: string; fileId: string }): Promise<MoveInCaseView> {
  const d = await load(caller, input.moveInId);
  requireInProgress(d, 'agreements');
  await useSignature(caller, input.moveInId, 'agreements', input.fileId);
  const { doc } = await mutate(input.moveInId, actorOf(caller), (cur) => {
    requireInProgress(cur, 'agreements');
    if (cur.signatures.some((s) => s.fileId === input.fileId) && stepOf(cur, 'agreements').done) return null;
    return tickChange(cur, 'agreements', actorOf(caller), `${input.signer}签署《业主公约》《前期物业服务协议》`, {
      signatures: [...cur.signatures.filter((s) => s.fileId !== input.fileId), { step: 'agreements', signer: input.signer, fileId: input.fileId, at: now() }],
    });
  });
  return viewOf(doc);
}

/** movein.handOverKeys: which keys, how many, signed for by the owner. */
export async function handOverKeys(caller: Caller, input: { moveInId: string; keys: { name: string; count: number }[]; signer: string; fileId: string }): Promise<MoveInCaseView> {
  const d = await load(caller, input.moveInId);
  requireInProgress(d, 'keys');
  await useSignature(caller, input.moveInId, 'keys', input.fileId);
  const keys = input.keys.map((k) => ({ name: k.name, count: k.count }));
  const { doc } = await mutate(input.moveInId, actorOf(caller), (cur) => {
    requireInProgress(cur, 'keys');
    if (cur.signatures.some((s) => s.fileId === input.fileId) && stepOf(cur, 'keys').done) return null;
    return tickChange(cur, 'keys', actorOf(caller), keys.map((k) => `${k.name}×${k.count}`).join('、'), {
      keys,
      signatures: [...cur.signatures.filter((s) => s.fileId !== input.fileId), { step: 'keys', signer: input.signer, fileId: input.fileId, at: now() }],
    });
  });
  return viewOf(doc);
}

/** movein.issueCards: 业主卡 / 门禁卡 numbers (the list as given replaces the one before). */
export async function issueCards(caller: Caller, input: { moveInId: string; cards: { kind: CardKind; number: string }[] }): Promise<MoveInCaseView> {
  const cards = input.cards.map((c) => ({ kind: c.kind, number: c.number }));
  const { doc } = await mutate(input.moveInId, actorOf(caller), (cur) => {
    requireInProgress(cur, 'cards');
    const same = JSON.stringify(cur.cards.map((c) => ({ kind: c.kind, number: c.number }))) === JSON.stringify(cards);
    if (same && stepOf(cur, 'cards').done) return null;
    const labels: Record<string, string> = { owner: '业主卡', access: '门禁卡' };
    return tickChange(cur, 'cards', actorOf(caller), cards.map((c) => `${labels[c.kind]} ${c.number}`).join('、'), { cards });
  });
  return viewOf(doc);
}

// --- completion ---

/**
 * movein.cancelCase: 取消办理 — the purchase fell through, the case was made for the wrong unit or
 * buyer. Waiting or in progress → cancelled with the reason; the unit is free for a new case (the
 * open key moves aside) and a held booking gives its place back. Cancelled already → as it is.
 */
export async function cancelCase(caller: Caller, input: { moveInId: string; reason: string }): Promise<MoveInCaseView> {
  await load(caller, input.moveInId);
  const { doc } = await mutate(input.moveInId, actorOf(caller), (cur) => {
    if (cur.status === 'cancelled') return null;
    const to = transitionTo(MOVEIN_MACHINE, cur.status, 'cancel');
    return { event: 'cancel', to, note: input.reason, set: { openKey: `${String(cur.unitId)}:${String(cur._id)}` } };
  });
  if (doc.batchId) await Booking.deleteMany({ batchId: doc.batchId, moveInId: doc._id });
  return viewOf(doc);
}

/**
 * movein.completeCase: 办结入住 — every required step done (else 409 MOVEIN.STEPS_MISSING naming them),
 * then the owner bound in the records (community's recordMoveIn: the unit's owner, move-in day, the
 * status chosen) and told 已入住. A completion replayed (same or another request) runs the binding and
 * the message again, which change nothing the second time (the message is keyed by the case).
 */
export async function completeCase(caller: Caller, input: { moveInId: string; occupancy: UnitStatus; movedInOn?: string; requestId: string }): Promise<MoveInCaseView> {
  await load(caller, input.moveInId);
  const movedInOn = input.movedInOn ?? localDay(now());
  const { doc } = await mutate(input.moveInId, actorOf(caller), (cur) => {
    if (cur.status === 'done') return null;
    const to = transitionTo(MOVEIN_MACHINE, cur.status, 'complete');
    const missing = missingSteps(cur.steps);
    if (missing.length) throw new AppError('MOVEIN.STEPS_MISSING', `还有必办步骤未完成：${stepNames(missing)}`, { missing });
    return {
      event: 'complete',
      to,
      note: `${UNIT_STATUS_LABELS[input.occupancy]}，入住日期 ${movedInOn}`,
      set: { occupancy: input.occupancy, movedInOn, doneAt: now(), openKey: `${String(cur.unitId)}:${String(cur._id)}` },
    };
  });
  await finishMoveIn(doc);
  return viewOf(doc);
}

/** After completion: the records and the 已入住 message (both idempotent). */
async function finishMoveIn(d: CaseLean): Promise<void> {
  const bound = await recordMoveIn(
    d.communityId,
    d.unitId,
    {
      name: d.buyer.name,
      phone: d.buyer.phone ?? '',
      idNumber: d.buyer.idNumber ?? '',
      ...(d.buyer.residentId ? { residentId: d.buyer.residentId } : {}),
      ...(d.ownerUserId ? { userId: d.ownerUserId } : {}),
    },
    d.occupancy ?? 'occupied',
    d.movedInOn ?? localDay(d.doneAt ?? now()),
  );
  if (!d.buyer.residentId || (bound.userId && !d.ownerUserId)) {
    await MoveIn.updateOne({ _id: d._id }, { $set: { 'buyer.residentId': bound.residentId, ...(bound.userId ? { ownerUserId: bound.userId } : {}) } });
  }
  const recipient = d.ownerUserId ?? bound.userId;
  if (recipient) {
    await enqueue({
      communityId: d.communityId,
      eventKey: `movein:${String(d._id)}:done`,
      recipientUserId: recipient,
      templateKey: 'movein.done',
      values: { unit: d.unitLabel, owner: d.buyer.name, status: '已入住', time: d.doneAt ?? now() },
      page: routes.owner.movein(),
    });
  }
}

/** movein.casePdf: the 入伙手续书 printed (A4, steps with who and when, keys, cards, the signatures). */
export async function casePdf(caller: Caller, input: { moveInId: string }): Promise<MoveInPdfFile> {
  const d = await load(caller, input.moveInId);
  const [view, community] = await Promise.all([viewOf(d), communityContact(d.communityId)]);
  const pdf = await checklistPdf(view, community?.name ?? '', d.signatures.map((s) => ({ step: s.step, signer: s.signer, fileId: s.fileId, at: s.at })));
  return { fileName: `入伙手续书-${d.unitLabel}-${localDayDigits(now())}.pdf`, mime: 'application/pdf', contentBase64: pdf.toString('base64') };
}

export type { MoveInDoc };
