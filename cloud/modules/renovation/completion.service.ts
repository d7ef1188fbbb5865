import type { AcceptanceRoundView, RenovationCompletionView } from '@shared/contracts/renovation-completion.contract';
import { yuan } from '@shared/domain/fees';
import { ACCEPTANCE_ITEMS, RENOVATION_MACHINE, waterTestHoursRequired, WATER_TEST_RESULT_LABELS, type AcceptanceItemKey, type WaterTestResult } from '@shared/domain/renovation';
import { routes } from '@shared/routes';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { logger } from '../../lib/logger';
import { actorOf, mutateRevision } from '../../lib/revision';
import { transitionTo } from '../../lib/transition';
import { billsWithPaid } from './billing.service';
import { accountOf, depositReturnOf, returnDeposit } from '../fees';
import { attachPhotos, ownPhotos, photoLinks } from '../files';
import { enqueue } from '../messaging';
import { Renovation } from './renovation.model';

/**
 * Completion (renovation.md "Completion, deposit and the board"): the owner applies for acceptance
 * (完工验收); staff inspect with the checklist (ACCEPTANCE_ITEMS), the 闭水试验 record where the works
 * need one, defects and deductions — fail sends the works back in progress, pass accepts; the manager
 * then gives the deposit back minus the deductions through the fees ledger (fees `returnDeposit`), held
 * while a violation is open, and the renovation is closed.
 */

type Id = mongoose.Types.ObjectId;

const SPEC = { kind: 'renovation', model: Renovation as never, notFound: 'RENOVATION.NOT_FOUND' as const };

interface Round {
  round: number;
  requestId: string;
  outcome: 'pass' | 'fail';
  items: { key: AcceptanceItemKey; ok: boolean; note?: string }[];
  waterTest?: { date: string; hours: number; result: WaterTestResult; photoFileId?: string; note?: string };
  defects: { description: string; photoFileId?: string }[];
  deductions: { reason: string; amountFen: number }[];
  note?: string;
  byName: string;
  at: Date;
}
interface AcceptanceRecord {
  appliedAt?: Date;
  appliedNote?: string;
  applyRequests?: string[];
  rounds?: Round[];
}
interface DepositRecord {
  billId?: string;
  depositFen: number;
  deductedFen: number;
  refundFen: number;
  requestId: string;
  returnedAt: Date;
  byName: string;
}
type Doc = {
  _id: Id;
  communityId: Id;
  unitId: Id;
  unitLabel: string;
  no: string;
  status: string;
  ownerId?: Id | null;
  ownerName: string;
  works: string[];
  forbidden: { key: string }[];
  bills: { kind: string; billId: string; itemName: string; amountFen: number }[];
  openViolations?: number | null;
  acceptance?: AcceptanceRecord | null;
  deposit?: DepositRecord | null;
  rev?: number;
  history: unknown[];
};

async function load(caller: Caller, renovationId: string): Promise<Doc> {
  const d = (await Renovation.findById(renovationId).lean()) as Doc | null;
  if (!d || String(d.communityId) !== caller.communityId) throw new AppError('RENOVATION.NOT_FOUND');
  return d;
}

const depositBillOf = (d: Pick<Doc, 'bills'>) => d.bills.find((b) => b.kind === 'deposit');

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION', message, { issues: [{ path, message }] });
}

/** renovation.completion: the rounds of acceptance and the deposit (held, given back). */
export async function completion(caller: Caller, input: { renovationId: string }): Promise<RenovationCompletionView> {
  return completionOf(await load(caller, input.renovationId));
}

export async function completionOf(d: Doc): Promise<RenovationCompletionView> {
  const rounds = d.acceptance?.rounds ?? [];
  const photoIds = rounds.flatMap((r) => [...(r.waterTest?.photoFileId ? [r.waterTest.photoFileId] : []), ...r.defects.flatMap((x) => (x.photoFileId ? [x.photoFileId] : []))]);
  const links = new Map((await photoLinks(photoIds)).map((l) => [l.id, l.url]));
  const labelOf = new Map(ACCEPTANCE_ITEMS.map((i) => [i.key as string, i.label]));
  const waterTestHours = waterTestHoursRequired(d.works, d.forbidden.map((f) => f.key));
  const view: RenovationCompletionView = {
    renovationId: String(d._id),
    status: d.status as RenovationCompletionView['status'],
    ...(d.acceptance?.appliedAt ? { appliedAt: new Date(d.acceptance.appliedAt).toISOString() } : {}),
    ...(d.acceptance?.appliedNote ? { appliedNote: d.acceptance.appliedNote } : {}),
    ...(waterTestHours ? { waterTestHours } : {}),
    rounds: rounds.map(
      (r): AcceptanceRoundView => ({
        round: r.round,
        outcome: r.outcome,
        items: r.items.map((i) => ({ key: i.key, label: labelOf.get(i.key) ?? i.key, ok: i.ok, ...(i.note ? { note: i.note } : {}) })),
        ...(r.waterTest
          ? { waterTest: { date: r.waterTest.date, hours: r.waterTest.hours, result: r.waterTest.result, ...(r.waterTest.note ? { note: r.waterTest.note } : {}), ...(r.waterTest.photoFileId && links.get(r.waterTest.photoFileId) ? { photoUrl: links.get(r.waterTest.photoFileId) } : {}) } }
          : {}),
        defects: r.defects.map((x) => ({ description: x.description, ...(x.photoFileId && links.get(x.photoFileId) ? { photoUrl: links.get(x.photoFileId) } : {}) })),
        deductions: r.deductions,
        ...(r.note ? { note: r.note } : {}),
        byName: r.byName,
        at: new Date(r.at).toISOString(),
      }),
    ),
    openViolations: d.openViolations ?? 0,
  };
  const bill = depositBillOf(d);
  if (bill) {
    const last = rounds.at(-1);
    const deductions = last?.outcome === 'pass' ? last.deductions : [];
    const deductedFen = deductions.reduce((s, x) => s + x.amountFen, 0);
    const [withPaid] = await billsWithPaid(d.communityId, d.unitId, [bill as never]);
    const returned = await depositReturnOf(d.communityId, bill.billId);
    const paid = Boolean(withPaid?.paid) || Boolean(returned);
    const accepted = d.status === 'accepted';
    const state = returned ? 'returned' : accepted ? 'held' : paid ? 'paid' : 'unpaid';
    const pendingFen = returned ? (await accountOf(d.communityId, d.unitId)).payments.flatMap((p) => p.pendingRefunds ?? []).reduce((s, r) => s + r.amountFen, 0) : 0;
    view.deposit = {
      billId: bill.billId,
      amountFen: bill.amountFen,
      paid,
      deductedFen: returned ? returned.deductedFen : deductedFen,
      refundFen: returned ? returned.refundFen : bill.amountFen - deductedFen,
      state,
      ...(state === 'held' ? { heldReason: (d.openViolations ?? 0) > 0 ? `尚有${d.openViolations}项违规未整改，押金暂扣` : '验收已通过，待管理员退还押金' } : {}),
      ...(returned ? { returnedAt: returned.at.toISOString(), returnedBy: returned.byName } : {}),
      ...(pendingFen ? { pendingFen } : {}),
    };
  }
  return view;
}

/**
 * renovation.applyAcceptance (owner of the unit, or staff for them): in_progress → acceptance. The
 * same request again changes nothing.
 */
export async function applyAcceptance(caller: Caller, input: { renovationId: string; requestId: string; note?: string }): Promise<void> {
  await load(caller, input.renovationId);
  await mutateRevision<Doc>(SPEC, input.renovationId, actorOf(caller), (d) => {
    if (d.acceptance?.applyRequests?.includes(input.requestId)) return null;
    const to = transitionTo(RENOVATION_MACHINE, d.status, 'applyAcceptance');
    return {
      event: 'applyAcceptance',
      to,
      ...(input.note ? { note: input.note } : {}),
      set: {
        'acceptance.appliedAt': now(),
        'acceptance.appliedNote': input.note ?? '',
        'acceptance.applyRequests': [...(d.acceptance?.applyRequests ?? []), input.requestId].slice(-20),
      },
    };
  });
}

/**
 * renovation.recordAcceptance (agent, manager): one round of the inspection. A pass needs every
 * checklist item recorded (else 400 naming `items`), the 闭水试验 the works need — 24 hours for 防水,
 * 48 when the water-proofing layer was broken — done long enough and without leaks (else 409
 * RENOVATION.WATER_TEST_REQUIRED), and deductions within the deposit (else 409 FEE.DEDUCTION_TOO_LARGE);
 * a fail needs its defects (400) and sends the works back in progress. The owner is told.
 */
export async function recordAcceptance(
  caller: Caller,
  input: {
    renovationId: string;
    requestId: string;
    outcome: 'pass' | 'fail';
    items: { key: AcceptanceItemKey; ok: boolean; note?: string }[];
    waterTest?: { date: string; hours: number; result: WaterTestResult; photoFileId?: string; note?: string };
    defects: { description: string; photoFileId?: string }[];
    deductions: { reason: string; amountFen: number }[];
    note?: string;
  },
): Promise<void> {
  const before = await load(caller, input.renovationId);
  if (before.acceptance?.rounds?.some((r) => r.requestId === input.requestId)) return;
  const photos = [...(input.waterTest?.photoFileId ? [input.waterTest.photoFileId] : []), ...input.defects.flatMap((x) => (x.photoFileId ? [x.photoFileId] : []))];
  if (photos.length) await ownPhotos(caller, photos);
  const { doc, changed } = await mutateRevision<Doc>(SPEC, input.renovationId, actorOf(caller), (d) => {
    if (d.acceptance?.rounds?.some((r) => r.requestId === input.requestId)) return null;
    const event = input.outcome === 'pass' ? 'accept' : 'failAcceptance';
    const to = transitionTo(RENOVATION_MACHINE, d.status, event);
    if (input.outcome === 'pass') {
      const missing = ACCEPTANCE_ITEMS.filter((i) => !input.items.some((x) => x.key === i.key));
      if (missing.length) throw invalid('items', `请逐项检查：${missing.map((i) => i.label).join('、')}`);
      const hours = waterTestHoursRequired(d.works, d.forbidden.map((f) => f.key));
      if (hours) {
        const t = input.waterTest;
        if (!t) throw new AppError('RENOVATION.WATER_TEST_REQUIRED', `该装修涉及防水，须先做不少于${hours}小时的闭水试验并登记结果`, { hours });
        if (t.hours < hours) throw new AppError('RENOVATION.WATER_TEST_REQUIRED', `闭水试验须不少于${hours}小时（登记为${t.hours}小时）`, { hours, recorded: t.hours });
        if (t.result !== 'pass') throw new AppError('RENOVATION.WATER_TEST_REQUIRED', `闭水试验${WATER_TEST_RESULT_LABELS[t.result]}，须整改后重做`, { hours, result: t.result });
      }
      const deductedFen = input.deductions.reduce((s, x) => s + x.amountFen, 0);
      const depositFen = depositBillOf(d)?.amountFen ?? 0;
      if (deductedFen > depositFen) throw new AppError('FEE.DEDUCTION_TOO_LARGE', `扣款合计 ${yuan(deductedFen)} 元，超过押金 ${yuan(depositFen)} 元`, { depositFen, deductedFen });
    } else if (input.deductions.length) {
      throw invalid('deductions', '验收不通过时不扣款，扣款在验收通过时登记');
    }
    const rounds = d.acceptance?.rounds ?? [];
    const round: Round = {
      round: rounds.length + 1,
      requestId: input.requestId,
      outcome: input.outcome,
      items: input.items,
      ...(input.waterTest ? { waterTest: input.waterTest } : {}),
      defects: input.defects,
      deductions: input.deductions,
      ...(input.note ? { note: input.note } : {}),
      byName: caller.name,
      at: now(),
    };
    const summary = input.outcome === 'pass' ? `验收通过${input.deductions.length ? `，扣款 ${yuan(input.deductions.reduce((s, x) => s + x.amountFen, 0))} 元` : ''}` : `验收不通过：${input.defects.map((x) => x.description).join('；')}`;
    return { event, to, note: summary.slice(0, 500), set: { 'acceptance.rounds': [...rounds, round] } };
  });
  if (!changed) return;
  if (photos.length) await attachPhotos(photos, `renovation:${String(doc._id)}`);
  const round = doc.acceptance?.rounds?.at(-1);
  if (doc.ownerId && round) {
    const pass = round.outcome === 'pass';
    const deductedFen = round.deductions.reduce((s, x) => s + x.amountFen, 0);
    const deposit = depositBillOf(doc);
    await tell(doc, `acceptance:${round.round}`, 'renovation.acceptance', {
      unit: doc.unitLabel,
      result: pass ? '验收通过' : '验收不通过',
      detail: (pass ? (deposit ? `押金${yuan(deposit.amountFen)}元，扣款${yuan(deductedFen)}元，应退${yuan(deposit.amountFen - deductedFen)}元` : '验收合格') : `待整改：${round.defects.map((x) => x.description).join('；')}`).slice(0, 20),
      time: round.at,
    });
  }
}

/**
 * renovation.refundDeposit (manager): the deposit given back minus the last round's deductions, through
 * the fees ledger (fees `returnDeposit`: the bill marked 已退还, the deductions billed and paid by what is
 * kept, the refund recorded — WeChat Pay's refund path for an online payment); refused while a violation
 * is open (409 RENOVATION.VIOLATION_OPEN, the deposit is held). accepted → closed; the owner is told the
 * breakdown. The same request again (or after a stop halfway) finishes it once.
 */
export async function refundDeposit(caller: Caller, input: { renovationId: string; requestId: string }): Promise<void> {
  const d = await load(caller, input.renovationId);
  if (d.status === 'closed' && d.deposit?.requestId === input.requestId) return;
  transitionTo(RENOVATION_MACHINE, d.status, 'close');
  if ((d.openViolations ?? 0) > 0) throw new AppError('RENOVATION.VIOLATION_OPEN', `该装修尚有${d.openViolations}项违规未整改完毕，押金暂不退还`, { openViolations: d.openViolations });
  const last = d.acceptance?.rounds?.at(-1);
  const deductions = last?.outcome === 'pass' ? last.deductions : [];
  const bill = depositBillOf(d);
  let figures = { depositFen: 0, deductedFen: 0, refundFen: 0 };
  if (bill) {
    const r = await returnDeposit(caller, { billId: bill.billId, deductions, reason: `装修验收通过，退还押金（${d.no}）` });
    figures = { depositFen: r.depositFen, deductedFen: r.deductedFen, refundFen: r.refundFen };
  }
  const { doc, changed } = await mutateRevision<Doc>(SPEC, input.renovationId, actorOf(caller), (x) => {
    if (x.status === 'closed') return null;
    const to = transitionTo(RENOVATION_MACHINE, x.status, 'close');
    if ((x.openViolations ?? 0) > 0) throw new AppError('RENOVATION.VIOLATION_OPEN', undefined, { openViolations: x.openViolations });
    const deposit: DepositRecord = { ...(bill ? { billId: bill.billId } : {}), ...figures, requestId: input.requestId, returnedAt: now(), byName: caller.name };
    return {
      event: 'close',
      to,
      note: bill ? `押金 ${yuan(figures.depositFen)} 元，扣款 ${yuan(figures.deductedFen)} 元，退还 ${yuan(figures.refundFen)} 元` : '无押金，结案',
      set: { deposit, closedAt: now(), openKey: `${String(x.unitId)}:${String(x._id)}` },
    };
  });
  if (changed && doc.ownerId && bill) {
    await tell(doc, 'deposit', 'renovation.deposit', {
      unit: doc.unitLabel,
      deposit: figures.depositFen,
      deducted: figures.deductedFen,
      refund: figures.refundFen,
      reason: (deductions.map((x) => x.reason).join('；') || '无扣款').slice(0, 20),
      time: now(),
    });
  }
}

async function tell(d: Doc, what: string, templateKey: 'renovation.acceptance' | 'renovation.deposit', values: Record<string, string | number | Date>): Promise<void> {
  try {
    await enqueue({
      communityId: d.communityId,
      eventKey: `renovation:${String(d._id)}:${what}`,
      recipientUserId: d.ownerId!,
      templateKey,
      values,
      page: routes.owner.renovation({ id: String(d._id) }),
    });
  } catch (err) {
    // The change is written; its history and the board show it.
    logger.error('renovation message not queued', { renovationId: String(d._id), what, err: (err as Error).message });
  }
}
