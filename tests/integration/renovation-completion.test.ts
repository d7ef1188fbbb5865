import type { UnitAccount } from '@shared/contracts/fees.contract';
import type { RenovationView } from '@shared/contracts/renovation.contract';
import type { ContractorHistoryView, RenovationBoardView, RenovationCompletionView } from '@shared/contracts/renovation-completion.contract';
import { ACCEPTANCE_ITEMS } from '@shared/domain/renovation';
import { routes } from '@shared/routes';
import { setClock } from '../../cloud/lib/clock';
import { mongoose } from '../../cloud/lib/db';
import { Bill, Payment, Refund } from '../../cloud/modules/fees/fee.model';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { Renovation } from '../../cloud/modules/renovation/renovation.model';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';
import { codeOf, ok, type Env } from '../helpers/wechat-pay';

/**
 * Completion of a renovation (renovation.md "Completion, deposit and the board"): acceptance applied
 * for, inspected (fail → back in progress, pass with deductions), the 闭水试验 rule, the deposit given
 * back through the fees ledger (bill 已退还, deductions billed and paid by what is kept, the refund on the
 * payment), held while a violation is open; the manager's board and a contractor's history.
 */
let stack: Stack;
let clock = new Date('2026-12-06T02:00:00Z');
let seq = 0;
const rid = () => `req-${Date.now().toString(36)}-${++seq}`;

beforeAll(async () => {
  setClock(() => clock);
  stack = await startStack();
});
afterAll(async () => {
  setClock();
  await stack.stop();
});
beforeEach(() => {
  clock = new Date('2026-12-06T02:00:00Z');
});

const allItems = () => ACCEPTANCE_ITEMS.map((i) => ({ key: i.key, ok: true }));

/**
 * A community with a renovation in progress whose deposit (2000 元) was billed through the fees module's
 * one-off charge and paid at the desk. The renovation record is written through the model (the earlier
 * parts' actions make it in the browser test and the demo).
 */
async function world(opts: { works?: string[]; forbidden?: string[]; company?: string; paid?: boolean; status?: string; plannedEnd?: string } = {}) {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '7栋');
  const unit = await makeUnit(c._id, b._id, { room: '0601' });
  const owner = await makeOwner(c._id, [unit._id], '验收业主');
  const ownerToken = await loginAs(stack, owner._id);
  const manager = await loginAs(stack, (await makeUser(c._id, { roles: ['manager'], name: '管理员老周' }))._id);
  const agent = await loginAs(stack, (await makeUser(c._id, { roles: ['agent'], name: '客服小陈' }))._id);
  const itemId = ok<{ id: string }>(await stack.invoke('fees', 'saveItem', { name: '装修押金', kind: 'one-off', rateFen: 200_000, cycle: 'monthly', dueDay: 1 }, manager)).id;
  ok(await stack.invoke('fees', 'chargeOneOff', { requestId: rid(), itemId, unitIds: [String(unit._id)], dueDate: '2026-12-10', note: '装修押金' }, manager));
  const bill = (await Bill.findOne({ unitId: unit._id }).lean())!;
  if (opts.paid !== false) ok(await stack.invoke('fees', 'recordPayment', { unitId: String(unit._id), amountFen: 200_000, method: 'cash', receiptNo: `ZX-${rid()}` }, manager));
  const r = await Renovation.create({
    communityId: c._id,
    unitId: unit._id,
    buildingId: b._id,
    unitLabel: '7栋0601',
    no: `ZX20261206-${++seq}`,
    openKey: String(unit._id),
    requestKey: `renovation:test:${rid()}`,
    ownerId: owner._id,
    ownerName: '验收业主',
    ownerPhone: '13900000000',
    status: opts.status ?? 'in_progress',
    works: opts.works ?? ['floor', 'painting'],
    forbidden: (opts.forbidden ?? []).map((key) => ({ key, label: key, rule: '规则', reason: '理由', approved: true })),
    contractor: { company: opts.company ?? `美家装饰${seq}`, licence: '91310000MA1K000000', foreman: '王工', phone: '13800000000' },
    plannedStart: '2026-10-01',
    plannedEnd: opts.plannedEnd ?? '2026-12-31',
    bills: [{ kind: 'deposit', billId: bill._id, itemName: '装修押金', amountFen: 200_000 }],
  });
  const id = String(r._id);
  const call = (action: 'completion' | 'applyAcceptance' | 'recordAcceptance' | 'refundDeposit', data: Record<string, unknown>, token: string) => stack.invoke('renovation', action, { renovationId: id, ...data } as never, token) as Promise<Env>;
  const account = async () => ok<UnitAccount[]>(await stack.invoke('fees', 'myAccounts', {}, ownerToken))[0];
  return { c, unit, owner, ownerToken, manager, agent, id, billId: bill._id, call, account, company: opts.company ?? `美家装饰${seq - 1}` };
}

test('When the owner applies for acceptance, staff fail it with a defect, the owner applies again and staff pass it with a deduction, then each step goes through the state machine with history, replays change nothing and the owner is told', async () => {
  const w = await world();
  const apply = { requestId: rid(), note: '已完工，请验收' };
  expect(ok<RenovationView>(await w.call('applyAcceptance', apply, w.ownerToken)).status).toBe('acceptance');
  // The same request again: no second history entry.
  expect(ok<RenovationView>(await w.call('applyAcceptance', apply, w.ownerToken)).status).toBe('acceptance');
  const fail = { requestId: rid(), outcome: 'fail', items: allItems().map((i) => (i.key === 'common_area' ? { ...i, ok: false, note: '走廊墙面破损' } : i)), defects: [{ description: '公共走廊墙面破损未修复' }] };
  expect(ok<RenovationView>(await w.call('recordAcceptance', fail, w.agent)).status).toBe('in_progress');
  expect(ok<RenovationView>(await w.call('recordAcceptance', fail, w.agent)).status).toBe('in_progress');
  expect(ok<RenovationView>(await w.call('applyAcceptance', { requestId: rid() }, w.ownerToken)).status).toBe('acceptance');
  const pass = { requestId: rid(), outcome: 'pass', items: allItems(), deductions: [{ reason: '走廊墙面修补', amountFen: 20_000 }] };
  expect(ok<RenovationView>(await w.call('recordAcceptance', pass, w.agent)).status).toBe('accepted');

  const doc = (await Renovation.findById(w.id).lean())!;
  expect(doc.history.map((h) => h.event)).toEqual(['applyAcceptance', 'failAcceptance', 'applyAcceptance', 'accept']);
  const view = ok<RenovationCompletionView>(await w.call('completion', {}, w.ownerToken));
  expect(view.rounds.map((r) => [r.round, r.outcome])).toEqual([
    [1, 'fail'],
    [2, 'pass'],
  ]);
  expect(view.rounds[0].defects).toEqual([{ description: '公共走廊墙面破损未修复' }]);
  expect(view.deposit).toMatchObject({ amountFen: 200_000, paid: true, deductedFen: 20_000, refundFen: 180_000, state: 'held', heldReason: '验收已通过，待管理员退还押金' });
  const told = await OutboxMessage.find({ eventKey: { $regex: `^renovation:${w.id}:acceptance` } }).lean();
  expect(told.map((m) => m.eventKey).sort()).toEqual([`renovation:${w.id}:acceptance:1`, `renovation:${w.id}:acceptance:2`]);
});

test('When the manager gives the deposit back after acceptance with a 200 元 deduction, then the deposit bill shows 已退还, the deduction is a bill paid by what is kept, 1800 元 is refunded on the payment, the unit owes nothing more, the renovation is closed and the owner is told the breakdown', async () => {
  const w = await world();
  const before = await w.account();
  expect(before).toMatchObject({ owedFen: 0, creditFen: 0 });
  ok(await w.call('applyAcceptance', { requestId: rid() }, w.ownerToken));
  ok(await w.call('recordAcceptance', { requestId: rid(), outcome: 'pass', items: allItems(), deductions: [{ reason: '走廊墙面修补', amountFen: 20_000 }] }, w.agent));
  const refund = { requestId: rid() };
  const closed = ok<RenovationView>(await w.call('refundDeposit', refund, w.manager));
  expect(closed.status).toBe('closed');

  const a = await w.account();
  expect(a.owedFen).toBe(0);
  expect(a.creditFen).toBe(0);
  const deposit = a.bills.find((b) => b.id === w.billId)!;
  expect(deposit).toMatchObject({ status: 'returned', dueFen: 0, paidFen: 200_000 });
  expect(deposit.returnNote).toContain('退还 1800.00 元');
  expect(a.bills.find((b) => b.id === `${w.billId}:deduction`)).toMatchObject({ itemName: '装修押金扣款', amountFen: 20_000, status: 'paid', dueFen: 0 });
  expect(a.payments[0]).toMatchObject({ amountFen: 200_000, refundedFen: 180_000 });
  expect(a.payments[0].refunds[0].reason).toContain('退还押金');

  // Again (a retry): nothing twice.
  expect(ok<RenovationView>(await w.call('refundDeposit', refund, w.manager)).status).toBe('closed');
  expect(await Refund.countDocuments({ unitId: w.unit._id })).toBe(1);
  expect(await Bill.countDocuments({ unitId: w.unit._id })).toBe(2);
  const doc = (await Renovation.findById(w.id).lean())!;
  expect(doc.openKey).toBe(`${String(w.unit._id)}:${w.id}`);
  expect(doc.history.at(-1)).toMatchObject({ event: 'close', to: 'closed' });
  const view = ok<RenovationCompletionView>(await w.call('completion', {}, w.ownerToken));
  expect(view.deposit).toMatchObject({ state: 'returned', deductedFen: 20_000, refundFen: 180_000, returnedBy: '管理员老周' });
  const told = await OutboxMessage.findOne({ eventKey: `renovation:${w.id}:deposit` }).lean();
  expect(told).not.toBeNull();
  // The message opens the owner's renovation page (the breakdown is there).
  const pages = [told?.page].filter(Boolean);
  expect(pages.length).toBeGreaterThan(0);
  for (const page of pages) expect(page).toBe(routes.owner.renovation({ id: w.id }));
  // The receipt of the payment follows the same ledger: what is kept paid the deduction.
  const receipt = ok<{ lines: { billId: string; appliedFen: number }[]; refundedFen: number }>(await stack.invoke('fees', 'receipt', { unitId: String(w.unit._id), paymentId: a.payments[0].id }, w.ownerToken));
  expect(receipt.refundedFen).toBe(180_000);
  expect(receipt.lines).toEqual([expect.objectContaining({ billId: `${w.billId}:deduction`, appliedFen: 20_000 })]);
});

test('When a violation of the renovation is open, then giving the deposit back is refused with 409 RENOVATION.VIOLATION_OPEN and the deposit is held on the board; once rectified it is given back', async () => {
  const w = await world();
  ok(await w.call('applyAcceptance', { requestId: rid() }, w.ownerToken));
  ok(await w.call('recordAcceptance', { requestId: rid(), outcome: 'pass', items: allItems() }, w.agent));
  await Renovation.updateOne({ _id: w.id }, { $set: { openViolations: 1, violationCount: 1 } });
  const refused = await w.call('refundDeposit', { requestId: rid() }, w.manager);
  expect(codeOf(refused)).toBe('RENOVATION.VIOLATION_OPEN');
  expect((await w.account()).bills.find((b) => b.id === w.billId)?.status).toBe('paid');
  expect(await Refund.countDocuments({ unitId: w.unit._id })).toBe(0);
  const board = ok<RenovationBoardView>(await stack.invoke('renovation', 'board', {}, w.manager));
  expect(board.depositsHeld).toEqual([expect.objectContaining({ id: w.id, openViolations: 1, heldReason: '1项违规未整改', depositFen: 200_000 })]);
  expect(ok<RenovationCompletionView>(await w.call('completion', {}, w.manager)).deposit?.heldReason).toContain('违规');

  await Renovation.updateOne({ _id: w.id }, { $set: { openViolations: 0 } });
  expect(ok<RenovationView>(await w.call('refundDeposit', { requestId: rid() }, w.manager)).status).toBe('closed');
  expect((await w.account()).bills.find((b) => b.id === w.billId)?.status).toBe('returned');
  expect((await w.account()).payments[0].refundedFen).toBe(200_000);
});

test('When the works include 防水, then a pass needs a 24-hour 闭水试验 without leaks, and 48 hours when the water-proofing layer was broken (409 RENOVATION.WATER_TEST_REQUIRED otherwise)', async () => {
  const w = await world({ works: ['waterproof', 'kitchen_bath'] });
  ok(await w.call('applyAcceptance', { requestId: rid() }, w.ownerToken));
  const pass = (waterTest?: Record<string, unknown>) => w.call('recordAcceptance', { requestId: rid(), outcome: 'pass', items: allItems(), ...(waterTest ? { waterTest } : {}) }, w.agent);
  expect(codeOf(await pass())).toBe('RENOVATION.WATER_TEST_REQUIRED');
  expect(codeOf(await pass({ date: '2026-12-04', hours: 12, result: 'pass' }))).toBe('RENOVATION.WATER_TEST_REQUIRED');
  expect(codeOf(await pass({ date: '2026-12-04', hours: 24, result: 'leak' }))).toBe('RENOVATION.WATER_TEST_REQUIRED');
  expect((await Renovation.findById(w.id).lean())?.status).toBe('acceptance');
  expect(ok<RenovationView>(await pass({ date: '2026-12-04', hours: 24, result: 'pass', note: '卫生间闭水' })).status).toBe('accepted');
  expect(ok<RenovationCompletionView>(await w.call('completion', {}, w.ownerToken)).rounds[0].waterTest).toMatchObject({ hours: 24, result: 'pass' });

  const broken = await world({ works: ['kitchen_bath'], forbidden: ['waterproof_break'] });
  ok(await broken.call('applyAcceptance', { requestId: rid() }, broken.ownerToken));
  expect(ok<RenovationCompletionView>(await broken.call('completion', {}, broken.agent)).waterTestHours).toBe(48);
  const r = await broken.call('recordAcceptance', { requestId: rid(), outcome: 'pass', items: allItems(), waterTest: { date: '2026-12-04', hours: 24, result: 'pass' } }, broken.agent);
  expect(codeOf(r)).toBe('RENOVATION.WATER_TEST_REQUIRED');
  expect(r.error?.message).toContain('48');
  expect(codeOf(await broken.call('recordAcceptance', { requestId: rid(), outcome: 'pass', items: allItems(), waterTest: { date: '2026-12-04', hours: 48, result: 'pass' } }, broken.agent))).toBe('ok');

  // Works without 防水 need none.
  const dry = await world();
  ok(await dry.call('applyAcceptance', { requestId: rid() }, dry.ownerToken));
  expect(ok<RenovationCompletionView>(await dry.call('completion', {}, dry.agent)).waterTestHours).toBeUndefined();
  expect(codeOf(await dry.call('recordAcceptance', { requestId: rid(), outcome: 'pass', items: allItems() }, dry.agent))).toBe('ok');
});

test('When acceptance input is bad or the caller may not, then it is refused and nothing changes (deductions over the deposit 409, fail without defects 400, pass with items unchecked 400, negative or fractional amounts 400, wrong state 409, owner 403, agent refunding 403)', async () => {
  const w = await world();
  expect(codeOf(await w.call('recordAcceptance', { requestId: rid(), outcome: 'pass', items: allItems() }, w.agent))).toBe('RENOVATION.INVALID_TRANSITION');
  ok(await w.call('applyAcceptance', { requestId: rid() }, w.ownerToken));
  expect(codeOf(await w.call('applyAcceptance', { requestId: rid() }, w.ownerToken))).toBe('RENOVATION.INVALID_TRANSITION');
  const over = await w.call('recordAcceptance', { requestId: rid(), outcome: 'pass', items: allItems(), deductions: [{ reason: '损坏', amountFen: 150_000 }, { reason: '清运', amountFen: 60_000 }] }, w.agent);
  expect(codeOf(over)).toBe('FEE.DEDUCTION_TOO_LARGE');
  expect(over.error?.message).toContain('2100.00');
  expect(codeOf(await w.call('recordAcceptance', { requestId: rid(), outcome: 'fail', items: allItems(), defects: [] }, w.agent))).toBe('VALIDATION');
  const unchecked = await w.call('recordAcceptance', { requestId: rid(), outcome: 'pass', items: allItems().slice(1) }, w.agent);
  expect(codeOf(unchecked)).toBe('VALIDATION');
  expect(unchecked.error?.message).toContain(ACCEPTANCE_ITEMS[0].label);
  for (const amountFen of [-100, 0, 12.5]) expect(codeOf(await w.call('recordAcceptance', { requestId: rid(), outcome: 'pass', items: allItems(), deductions: [{ reason: 'x', amountFen }] }, w.agent))).toBe('VALIDATION');
  expect(codeOf(await w.call('recordAcceptance', { requestId: rid(), outcome: 'fail', items: allItems(), defects: [{ description: '问题' }], deductions: [{ reason: 'x', amountFen: 100 }] }, w.agent))).toBe('VALIDATION');
  expect(codeOf(await w.call('recordAcceptance', { requestId: rid(), outcome: 'pass', items: allItems() }, w.ownerToken))).toBe('AUTH.FORBIDDEN');
  expect(codeOf(await w.call('refundDeposit', { requestId: rid() }, w.manager))).toBe('RENOVATION.INVALID_TRANSITION');
  expect((await Renovation.findById(w.id).lean())?.status).toBe('acceptance');
  ok(await w.call('recordAcceptance', { requestId: rid(), outcome: 'pass', items: allItems() }, w.agent));
  expect(codeOf(await w.call('refundDeposit', { requestId: rid() }, w.agent))).toBe('AUTH.FORBIDDEN');
  // Another community's manager does not find it.
  const other = await world();
  expect(codeOf(await stack.invoke('renovation', 'refundDeposit', { renovationId: w.id, requestId: rid() }, other.manager))).toBe('RENOVATION.NOT_FOUND');
});

test('When the deposit was not paid in full, then the fees module refuses to give it back (409 FEE.DEPOSIT_UNPAID) and the renovation stays accepted', async () => {
  const w = await world({ paid: false });
  ok(await stack.invoke('fees', 'recordPayment', { unitId: String(w.unit._id), amountFen: 50_000, method: 'cash', receiptNo: `ZX-${rid()}` }, w.manager));
  ok(await w.call('applyAcceptance', { requestId: rid() }, w.ownerToken));
  ok(await w.call('recordAcceptance', { requestId: rid(), outcome: 'pass', items: allItems() }, w.agent));
  const r = await w.call('refundDeposit', { requestId: rid() }, w.manager);
  expect(codeOf(r)).toBe('FEE.DEPOSIT_UNPAID');
  expect((await Renovation.findById(w.id).lean())?.status).toBe('accepted');
  expect(await Refund.countDocuments({ unitId: w.unit._id })).toBe(0);
  expect((await w.account()).owedFen).toBe(150_000);
});

test('When two managers give the same deposit back at once, then it is refunded once', async () => {
  const w = await world();
  ok(await w.call('applyAcceptance', { requestId: rid() }, w.ownerToken));
  ok(await w.call('recordAcceptance', { requestId: rid(), outcome: 'pass', items: allItems(), deductions: [{ reason: '垃圾清运', amountFen: 5_000 }] }, w.agent));
  const results = await Promise.all([w.call('refundDeposit', { requestId: rid() }, w.manager), w.call('refundDeposit', { requestId: rid() }, w.manager)]);
  expect(results.filter((r) => r.ok).length).toBeGreaterThanOrEqual(1);
  const refunds = await Refund.find({ unitId: w.unit._id }).lean();
  expect(refunds.map((r) => r.amountFen)).toEqual([195_000]);
  const a = await w.account();
  expect([a.owedFen, a.creditFen]).toEqual([0, 0]);
  expect(await Payment.countDocuments({ unitId: w.unit._id })).toBe(1);
});

test('When the manager opens the board and a contractor history, then waiting applications, active works with the next patrol, overdue acceptances and held deposits are listed, and the contractor shows its renovations and violations across units', async () => {
  const company = `宏达装饰${Date.now()}`;
  const w = await world({ company, plannedEnd: '2026-12-01' });
  await Renovation.updateOne({ _id: w.id }, { $set: { nextPatrolOn: '2026-12-07', violationCount: 2, openViolations: 1 } });
  const mk = async (status: string, unitRoom: string, extra: Record<string, unknown> = {}) => {
    const b = await makeBuilding(w.c._id, `${unitRoom}栋`);
    const u = await makeUnit(w.c._id, b._id, { room: unitRoom });
    const r = await Renovation.create({ communityId: w.c._id, unitId: u._id, buildingId: b._id, unitLabel: `7栋${unitRoom}`, no: `ZX-${rid()}`, openKey: String(u._id), requestKey: `renovation:test:${rid()}`, ownerName: '业主', status, works: ['floor'], contractor: { company, licence: '', foreman: '', phone: '' }, plannedStart: '2026-11-01', plannedEnd: '2026-12-20', submittedAt: clock, ...extra });
    return String(r._id);
  };
  const waiting = await mk('submitted', '0701');
  const reviewed = await mk('reviewed', '0702');
  const accepted = await mk('accepted', '0801', { violationCount: 1, bills: [{ kind: 'deposit', billId: 'x', itemName: '装修押金', amountFen: 100_000 }] });
  await mk('draft', '0901');
  const b = ok<RenovationBoardView>(await stack.invoke('renovation', 'board', {}, w.manager));
  expect(b.waiting.map((r) => r.id).sort()).toEqual([waiting, reviewed].sort());
  expect(b.active).toEqual([expect.objectContaining({ id: w.id, nextPatrolOn: '2026-12-07', openViolations: 1 })]);
  expect(b.overdue).toEqual([expect.objectContaining({ id: w.id, daysOverdue: 5 })]);
  expect(b.depositsHeld).toEqual([expect.objectContaining({ id: accepted, heldReason: '待退还', depositFen: 100_000 })]);
  expect(b.counts).toEqual({ waiting: 2, active: 1, overdue: 1, depositsHeld: 1 });
  expect(b.contractors.find((x) => x.company === company)).toEqual({ company, renovations: 4, violations: 3 });

  const h = ok<ContractorHistoryView>(await stack.invoke('renovation', 'contractorHistory', { company }, w.manager));
  expect(h.totals).toEqual({ renovations: 4, active: 1, violations: 3, openViolations: 1 });
  expect(h.renovations.map((r) => r.unitLabel).sort()).toEqual(['7栋0601', '7栋0701', '7栋0702', '7栋0801']);
  expect(codeOf(await stack.invoke('renovation', 'board', {}, w.agent))).toBe('AUTH.FORBIDDEN');
  expect(codeOf(await stack.invoke('renovation', 'contractorHistory', { company: '' }, w.manager))).toBe('VALIDATION');
  // Another community's board does not show these.
  const other = await world();
  const ob = ok<RenovationBoardView>(await stack.invoke('renovation', 'board', {}, other.manager));
  expect(ob.waiting).toEqual([]);
  expect(ob.contractors.some((x) => x.company === company)).toBe(false);
});

void mongoose;
