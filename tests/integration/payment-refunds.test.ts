import type { Paged } from '@shared/contracts/contract';
import type { PayIssueView, PayPrepared, UnitAccount } from '@shared/contracts/fees.contract';
import type { PayRefundsRunReport } from '@shared/contracts/jobs.contract';
import { setClock } from '../../cloud/lib/clock';
import { mongoose } from '../../cloud/lib/db';
import type { FakeWechatPayServer } from '../../cloud/lib/wechat-pay/fake-pay-server';
import { Payment, Refund } from '../../cloud/modules/fees/fee.model';
import { FeeBalance } from '../../cloud/modules/fees/balance.model';
import { PayIssue, PayOrder, PayRefund } from '../../cloud/modules/fees/pay.model';
import { loginAs, makeOwner } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';
import { oneItem, total, twoWorkersUntilDone, untilDone } from '../helpers/sliced-runs';
import { until } from '../helpers/until';
import { codeOf, ok, payWorld, startPayFixture, type Env, type PayFixture } from '../helpers/wechat-pay';

/**
 * Refunds through WeChat Pay (docs/modules/payments.md "Refunds"): a cashier's fees.refund of an
 * online payment, the REFUND.* notifications at the notify route, jobs.settlePayRefunds' queries, and
 * the owner's fees.refundCredit — against the fake WeChat Pay server and the real stack.
 */
let stack: Stack;
let fixture: PayFixture;
let pay: FakeWechatPayServer;
let clock = new Date('2026-11-16T02:00:00Z');

beforeAll(async () => {
  setClock(() => clock);
  stack = await startStack();
  fixture = await startPayFixture(stack);
  pay = fixture.pay;
});
afterAll(async () => {
  await fixture.stop();
  setClock();
  await stack.stop();
});
beforeEach(() => {
  clock = new Date('2026-11-16T02:00:00Z');
  pay.setNotifyKnobs({});
  pay.setRefundOutcome('SUCCESS');
});

type World = Awaited<ReturnType<typeof payWorld>>;

/** The owner pays (the bill by default) and the notification arrives: the payment's and the order's ids. */
async function paidOnline(w: World, data: { billIds?: string[]; aheadFen?: number } = { billIds: [w.billId] }): Promise<{ paymentId: string; orderId: string }> {
  const order = ok<PayPrepared>(await w.prepare(data));
  const [delivery] = await pay.pay(order.orderId);
  expect(delivery.status).toBe(204);
  const saved = await PayOrder.findById(order.orderId).lean();
  return { paymentId: String(saved?.paymentId), orderId: order.orderId };
}

const refund = (w: World, paymentId: string, amountFen: number, reason = '多缴退还') => stack.invoke('fees', 'refund', { paymentId, amountFen, reason }, w.cashier) as Promise<Env>;
const refundsAtWechat = (orderId: string) => pay.refunds().filter((r) => r.outTradeNo === orderId);
const refundEvent = (orderId: string, eventType = 'REFUND.SUCCESS') => until(() => pay.deliveries().find((d) => d.eventType === eventType && d.outTradeNo === orderId), { what: `${eventType} of ${orderId}` });
const paymentOf = (a: UnitAccount, paymentId: string) => a.payments.find((p) => p.id === paymentId)!;
const issuesOf = async (token: string, status: 'open' | 'resolved' = 'open') => ok<Paged<PayIssueView>>(await stack.invoke('fees', 'payIssues', { status }, token)).items;

test('When a cashier refunds part of a WeChat payment, then WeChat Pay is asked, the account shows it 退款中 until REFUND.SUCCESS, which records it once (a duplicate adds nothing)', async () => {
  const w = await payWorld(stack);
  const { paymentId, orderId } = await paidOnline(w);
  pay.setNotifyKnobs({ drop: true });
  const asked = ok<UnitAccount>(await refund(w, paymentId, 5000));
  expect(paymentOf(asked, paymentId)).toMatchObject({ online: true, refundedFen: 0, refunds: [], pendingRefunds: [expect.objectContaining({ amountFen: 5000, status: 'pending', reason: '多缴退还', byName: '收费员小林' })] });
  expect(refundsAtWechat(orderId).map((r) => [r.outRefundNo, r.refundFen])).toEqual([[`${paymentId}_1`, 5000]]);
  const dropped = await refundEvent(orderId);
  // The owner sees it pending too; the ledger has no refund yet, so the bill stays paid.
  const owners = await w.account();
  expect(paymentOf(owners, paymentId).pendingRefunds?.map((r) => r.status)).toEqual(['pending']);
  expect(owners.owedFen).toBe(0);
  expect(await Refund.countDocuments({ paymentId })).toBe(0);

  pay.setNotifyKnobs({});
  expect((await pay.redeliver(dropped.notificationId)).status).toBe(204);
  expect((await pay.redeliver(dropped.notificationId)).status).toBe(204);
  const done = await w.staffAccount();
  expect(paymentOf(done, paymentId)).toMatchObject({ refundedFen: 5000, refunds: [{ amountFen: 5000, reason: '多缴退还', byName: '收费员小林' }] });
  expect(paymentOf(done, paymentId).pendingRefunds).toBeUndefined();
  expect(done.owedFen).toBe(5000);
  // The unit's stored balance (fees.md "Balances") follows the refund WeChat Pay reported.
  expect(await FeeBalance.findById(done.unitId).lean()).toMatchObject({ owedFen: 5000 });
  expect(await Refund.countDocuments({ paymentId })).toBe(1);
  expect((await PayRefund.findById(`${paymentId}:1`).lean())?.status).toBe('success');
});

test('When the refund notification is lost, then jobs.settlePayRefunds asks WeChat Pay and records it, once; a refund asked under a minute ago is left to its notification', async () => {
  const w = await payWorld(stack);
  const { paymentId, orderId } = await paidOnline(w);
  pay.setNotifyKnobs({ drop: true });
  ok(await refund(w, paymentId, 20000, '业主搬离退费'));
  await refundEvent(orderId);
  const run = async () => ok<PayRefundsRunReport>(await stack.invoke('jobs', 'settlePayRefunds', {}, w.manager));
  expect(await run()).toMatchObject({ asked: 0 });
  clock = new Date(clock.getTime() + 2 * 60_000);
  expect(await run()).toMatchObject({ asked: 1, recorded: 1 });
  expect(await run()).toMatchObject({ asked: 0, recorded: 0 });
  const a = await w.staffAccount();
  expect(paymentOf(a, paymentId)).toMatchObject({ refundedFen: 20000 });
  expect(a.owedFen).toBe(20000);
  expect(await FeeBalance.findById(a.unitId).lean()).toMatchObject({ owedFen: 20000 });
  expect(await Refund.countDocuments({ paymentId })).toBe(1);
});

test('When a refund never reached WeChat Pay (the create went unanswered), then the job asks for it again with the same refund number, and its success is recorded', async () => {
  const w = await payWorld(stack);
  const { paymentId, orderId } = await paidOnline(w);
  const payment = await Payment.findById(paymentId).lean();
  // As left by a create whose answer never came (WeChat never got it).
  await PayRefund.create({ _id: `${paymentId}:1`, communityId: payment!.communityId, unitId: payment!.unitId, paymentId, orderId, outRefundNo: `${paymentId}_1`, amountFen: 3000, reason: '补退', source: 'cashier', byId: new mongoose.Types.ObjectId(), byName: '收费员小林', status: 'pending', createdAt: new Date(clock.getTime() - 5 * 60_000) });
  expect(refundsAtWechat(orderId)).toHaveLength(0);
  const report = ok<PayRefundsRunReport>(await stack.invoke('jobs', 'settlePayRefunds', {}, w.manager));
  expect(report).toMatchObject({ asked: 1 });
  expect(refundsAtWechat(orderId).map((r) => [r.outRefundNo, r.refundFen])).toEqual([[`${paymentId}_1`, 3000]]);
  await until(async () => (await Refund.countDocuments({ paymentId })) === 1, { what: 'the refund in the ledger' });
});

test('When a refund is more than what was paid less earlier and pending refunds, then 409 FEE.REFUND_TOO_LARGE and WeChat Pay is not asked; of two racing refunds of the whole payment one is made', async () => {
  const w = await payWorld(stack);
  const { paymentId, orderId } = await paidOnline(w);
  pay.setNotifyKnobs({ drop: true });
  ok(await refund(w, paymentId, 15000));
  await refundEvent(orderId);
  const tooLarge = await refund(w, paymentId, 5001);
  expect(codeOf(tooLarge)).toBe('FEE.REFUND_TOO_LARGE');
  expect(tooLarge.error?.details).toMatchObject({ leftFen: 5000, heldFen: 15000 });
  expect(refundsAtWechat(orderId)).toHaveLength(1);
  ok(await refund(w, paymentId, 5000));
  expect(codeOf(await refund(w, paymentId, 1))).toBe('FEE.REFUND_TOO_LARGE');
  expect(refundsAtWechat(orderId).map((r) => r.refundFen)).toEqual([15000, 5000]);

  pay.setNotifyKnobs({});
  const other = await payWorld(stack);
  const second = await paidOnline(other);
  const results = await Promise.all([refund(other, second.paymentId, 20000), refund(other, second.paymentId, 20000)]);
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  expect(['STATE.CONFLICT', 'FEE.REFUND_TOO_LARGE']).toContain(codeOf(results.find((r) => !r.ok)!));
  expect(refundsAtWechat(second.orderId)).toHaveLength(1);
});

test('When WeChat reports REFUND.ABNORMAL, then the refund is on the cashier’s list and still held; REFUND.CLOSED lists it and frees its amount', async () => {
  const w = await payWorld(stack);
  const { paymentId, orderId } = await paidOnline(w);
  pay.setRefundOutcome('ABNORMAL');
  ok(await refund(w, paymentId, 5000, '银行卡已注销的退款'));
  await refundEvent(orderId, 'REFUND.ABNORMAL');
  const abnormal = await until(async () => (await issuesOf(w.cashier)).find((i) => i.kind === 'refund-abnormal'));
  expect(abnormal).toMatchObject({ status: 'open', unitLabel: expect.stringContaining('0801'), paymentId, orderFen: 5000, outRefundNo: `${paymentId}_1` });
  expect(paymentOf(await w.staffAccount(), paymentId)).toMatchObject({ refundedFen: 0, pendingRefunds: [expect.objectContaining({ amountFen: 5000, status: 'abnormal' })] });

  pay.setRefundOutcome('CLOSED');
  ok(await refund(w, paymentId, 5000, '第二次退款'));
  await refundEvent(orderId, 'REFUND.CLOSED');
  await until(async () => (await issuesOf(w.cashier)).some((i) => i.kind === 'refund-closed'));
  const a = await w.staffAccount();
  expect(paymentOf(a, paymentId).pendingRefunds?.map((r) => r.status)).toEqual(['abnormal']);
  expect(await Refund.countDocuments({ paymentId })).toBe(0);
  // 200 元 less the 50 元 still held by the abnormal refund; the closed one holds nothing.
  pay.setRefundOutcome('SUCCESS');
  expect(codeOf(await refund(w, paymentId, 15001))).toBe('FEE.REFUND_TOO_LARGE');
  ok(await refund(w, paymentId, 15000));
  // The notification again changes nothing on the list.
  const closed = pay.deliveries().find((d) => d.eventType === 'REFUND.CLOSED' && d.outTradeNo === orderId)!;
  expect((await pay.redeliver(closed.notificationId)).status).toBe(204);
  expect(await PayIssue.countDocuments({ paymentId: new mongoose.Types.ObjectId(paymentId) })).toBe(2);
});

test('When WeChat Pay refuses a refund, then 502 PAY.REFUND_FAILED, nothing is held and nothing recorded', async () => {
  const w = await payWorld(stack);
  const { paymentId, orderId } = await paidOnline(w);
  // Our order says another total than WeChat's: the fake refuses (PARAM_ERROR).
  await PayOrder.updateOne({ _id: orderId }, { $set: { amountFen: 19999 } });
  const refused = await refund(w, paymentId, 5000);
  expect(codeOf(refused)).toBe('PAY.REFUND_FAILED');
  expect(refused.error?.details).toMatchObject({ wechatCode: 'PARAM_ERROR' });
  expect((await PayRefund.findById(`${paymentId}:1`).lean())?.status).toBe('failed');
  expect(paymentOf(await w.staffAccount(), paymentId)).toMatchObject({ refundedFen: 0 });
  expect(paymentOf(await w.staffAccount(), paymentId).pendingRefunds).toBeUndefined();
});

test('When a cash payment, or a WeChat transfer the cashier recorded, is refunded, then the ledger records it at once and WeChat Pay is not asked', async () => {
  const w = await payWorld(stack);
  const refundCalls = () => pay.requests().filter((r) => r.path === '/v3/refund/domestic/refunds').length;
  const before = refundCalls();
  for (const [method, receiptNo] of [['cash', `C-${Date.now()}`], ['wechat', `WX${Date.now()}`]] as const) {
    const a = ok<UnitAccount>(await stack.invoke('fees', 'recordPayment', { unitId: String(w.unit._id), amountFen: 10000, method, receiptNo }, w.cashier));
    const p = a.payments.find((x) => x.receiptNo === receiptNo)!;
    expect(p.online).toBeUndefined();
    expect(paymentOf(ok<UnitAccount>(await refund(w, p.id, 3000)), p.id)).toMatchObject({ refundedFen: 3000 });
  }
  expect(refundCalls()).toBe(before);
});

test('When the owner asks for the credit a WeChat payment left back (its bill was paid at the desk meanwhile), then it goes back through WeChat Pay; with no credit left 409 PAY.NO_CREDIT', async () => {
  const w = await payWorld(stack);
  const order = ok<PayPrepared>(await w.prepare({ billIds: [w.billId] }));
  const cash = ok<UnitAccount>(await stack.invoke('fees', 'recordPayment', { unitId: String(w.unit._id), amountFen: 20000, method: 'cash', receiptNo: `D-${Date.now()}` }, w.cashier));
  await pay.pay(order.orderId);
  const paymentId = String((await PayOrder.findById(order.orderId).lean())?.paymentId);
  expect((await w.account()).creditFen).toBe(20000);
  const ask = (id: string, token = w.ownerToken, unitId = String(w.unit._id)) => stack.invoke('fees', 'refundCredit', { unitId, paymentId: id, reason: '已在前台缴费' }, token) as Promise<Env>;

  expect(codeOf(await ask(cash.payments[0].id))).toBe('PAY.NOT_ONLINE');
  pay.setNotifyKnobs({ drop: true });
  const asked = ok<UnitAccount>(await ask(paymentId));
  expect(paymentOf(asked, paymentId).pendingRefunds).toEqual([expect.objectContaining({ amountFen: 20000, status: 'pending', byName: '缴费业主', reason: '业主申请退还预存余额：已在前台缴费' })]);
  expect(refundsAtWechat(order.orderId).map((r) => r.refundFen)).toEqual([20000]);
  // The credit is taken while the refund is pending: asking again finds none.
  expect(codeOf(await ask(paymentId))).toBe('PAY.NO_CREDIT');
  const dropped = await refundEvent(order.orderId);
  pay.setNotifyKnobs({});
  await pay.redeliver(dropped.notificationId);
  const after = await w.account();
  expect(after).toMatchObject({ creditFen: 0, owedFen: 0 });
  expect(paymentOf(after, paymentId).refundedFen).toBe(20000);
  expect(codeOf(await ask(paymentId))).toBe('PAY.NO_CREDIT');

  // Another owner's unit or payment: 404, as if it did not exist.
  const other = await payWorld(stack);
  expect(codeOf(await ask(paymentId, other.ownerToken))).toBe('UNIT.NOT_FOUND');
  expect(codeOf(await ask(paymentId, other.ownerToken, String(other.unit._id)))).toBe('PAYMENT.NOT_FOUND');
  // A cashier may not ask in the owner's place (the cashier refunds with fees.refund).
  expect(codeOf(await ask(paymentId, w.cashier))).toBe('AUTH.FORBIDDEN');
});

test('When the credit is less than the WeChat payment, then only the credit goes back; two taps at once make one refund', async () => {
  const w = await payWorld(stack);
  // 500 元 ahead while the 200 元 bill is owed: the payment pays it, 300 元 is credit.
  const { paymentId, orderId } = await paidOnline(w, { aheadFen: 50000 });
  expect((await w.account()).creditFen).toBe(30000);
  pay.setNotifyKnobs({ drop: true });
  const taps = await Promise.all([0, 1].map(() => stack.invoke('fees', 'refundCredit', { unitId: String(w.unit._id), paymentId, reason: '不再预存' }, w.ownerToken) as Promise<Env>));
  expect(taps.filter((t) => t.ok)).toHaveLength(1);
  // The other tap is refused by whichever check it meets first: the claim, the unit's credit or what is left of the payment.
  expect(['STATE.CONFLICT', 'PAY.NO_CREDIT', 'FEE.REFUND_TOO_LARGE']).toContain(codeOf(taps.find((t) => !t.ok)!));
  expect(refundsAtWechat(orderId).map((r) => r.refundFen)).toEqual([30000]);
  const dropped = await refundEvent(orderId);
  pay.setNotifyKnobs({});
  await pay.redeliver(dropped.notificationId);
  expect(await w.account()).toMatchObject({ creditFen: 0, owedFen: 0 });
});

test('When a cashier resolves an issue with a note, then it moves to the resolved list with who and when; again → 409; another community’s cashier cannot see or resolve it', async () => {
  const w = await payWorld(stack);
  const { paymentId, orderId } = await paidOnline(w);
  pay.setRefundOutcome('CLOSED');
  ok(await refund(w, paymentId, 5000));
  await refundEvent(orderId, 'REFUND.CLOSED');
  const issue = await until(async () => (await issuesOf(w.cashier)).find((i) => i.kind === 'refund-closed'));
  const other = await payWorld(stack);
  expect(await issuesOf(other.cashier)).toEqual([]);
  expect(codeOf(await stack.invoke('fees', 'resolvePayIssue', { issueId: issue.id, note: '已联系业主' }, other.cashier))).toBe('PAY.ISSUE_NOT_FOUND');
  expect(codeOf(await stack.invoke('fees', 'resolvePayIssue', { issueId: issue.id, note: '已联系业主' }, w.ownerToken))).toBe('AUTH.FORBIDDEN');

  const resolved = ok<PayIssueView>(await stack.invoke('fees', 'resolvePayIssue', { issueId: issue.id, note: '已联系业主，改为现金退款' }, w.cashier));
  expect(resolved).toMatchObject({ id: issue.id, status: 'resolved', resolved: { byName: '收费员小林', at: clock.toISOString(), note: '已联系业主，改为现金退款' } });
  expect((await issuesOf(w.cashier)).map((i) => i.id)).not.toContain(issue.id);
  expect((await issuesOf(w.cashier, 'resolved')).map((i) => i.id)).toEqual([issue.id]);
  expect(codeOf(await stack.invoke('fees', 'resolvePayIssue', { issueId: issue.id, note: '再处理一次' }, w.manager))).toBe('PAY.ISSUE_RESOLVED');
});

test('When a co-owner of the unit who did not pay asks for its credit back, then it goes back through WeChat Pay (to the account that paid)', async () => {
  // Owners of one unit share its account and its credit.
  const w = await payWorld(stack);
  const order = ok<PayPrepared>(await w.prepare({ aheadFen: 10000 }));
  ok(await stack.invoke('fees', 'recordPayment', { unitId: String(w.unit._id), amountFen: 20000, method: 'cash', receiptNo: `E-${Date.now()}` }, w.cashier));
  await pay.pay(order.orderId);
  const paymentId = String((await PayOrder.findById(order.orderId).lean())?.paymentId);
  const spouse = await loginAs(stack, (await makeOwner(w.c._id, [w.unit._id], '同住业主'))._id);
  ok(await stack.invoke('fees', 'refundCredit', { unitId: String(w.unit._id), paymentId, reason: '不再预存' }, spouse));
  expect(refundsAtWechat(order.orderId).map((r) => r.refundFen)).toEqual([10000]);
});

describe('in slices', () => {
  test('When the settle job runs one refund per invocation, then repeated runs (alone, or two workers at once) record each lost refund once', async () => {
    const { settlePayRefunds } = await import('../../cloud/modules/fees');
    const alone = [await payWorld(stack), await payWorld(stack), await payWorld(stack)];
    const pair = [await payWorld(stack), await payWorld(stack), await payWorld(stack)];
    const paid = new Map<World, { paymentId: string; orderId: string }>();
    for (const w of [...alone, ...pair]) paid.set(w, await paidOnline(w));
    // Every refund's notification is lost: only the job can record them.
    pay.setNotifyKnobs({ drop: true });
    for (const w of [...alone, ...pair]) {
      const { paymentId, orderId } = paid.get(w)!;
      ok(await refund(w, paymentId, 10000));
      await refundEvent(orderId);
    }
    clock = new Date(clock.getTime() + 2 * 60_000);
    const scopeOf = (ws: World[]) => ({ communityIds: ws.map((w) => String(w.c._id)) });
    const one = await untilDone(() => settlePayRefunds({ scope: scopeOf(alone), budget: oneItem() }));
    expect(total(one, 'recorded')).toBe(3);
    expect(one.length).toBeGreaterThan(3); // one refund per invocation, then the one that finds nothing left
    const two = await twoWorkersUntilDone(() => settlePayRefunds({ scope: scopeOf(pair), budget: oneItem() }));
    expect(total(two, 'recorded')).toBeGreaterThanOrEqual(3);
    for (const w of [...alone, ...pair]) {
      const { paymentId } = paid.get(w)!;
      expect(await Refund.countDocuments({ paymentId })).toBe(1);
      expect(paymentOf(await w.staffAccount(), paymentId)).toMatchObject({ refundedFen: 10000 });
    }
    expect(await settlePayRefunds({ scope: scopeOf([...alone, ...pair]) })).toMatchObject({ asked: 0, recorded: 0, more: false });
  }, 180_000);
});
