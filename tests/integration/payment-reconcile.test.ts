import type { Paged } from '@shared/contracts/contract';
import type { PayIssueView, PayPrepared } from '@shared/contracts/fees.contract';
import type { PayReconcileReport } from '@shared/contracts/jobs.contract';
import { getConfig } from '../../cloud/lib/config';
import { setClock } from '../../cloud/lib/clock';
import { mongoose } from '../../cloud/lib/db';
import { createWechatPayClient } from '../../cloud/lib/wechat-pay/client';
import type { FakeWechatPayServer } from '../../cloud/lib/wechat-pay/fake-pay-server';
import { reconcilePayments } from '../../cloud/modules/fees';
import { Payment, Refund } from '../../cloud/modules/fees/fee.model';
import { PayIssue, PayOrder, PayRefund } from '../../cloud/modules/fees/pay.model';
import { oneItem, total, twoWorkersUntilDone, untilDone } from '../helpers/sliced-runs';
import { startStack, type Stack } from '../helpers/stack';
import { until } from '../helpers/until';
import { codeOf, ok, payWorld, startPayFixture, type Env, type PayFixture } from '../helpers/wechat-pay';

/**
 * The daily reconciliation (docs/modules/payments.md "Reconciliation"): jobs.reconcilePayments
 * downloads the fake WeChat Pay's trade bill of a day and compares it with the ledger; every
 * difference lands on the cashier's list of its community, once.
 */
let stack: Stack;
let fixture: PayFixture;
let pay: FakeWechatPayServer;
let clock = new Date('2026-11-16T02:00:00Z');
const { ObjectId } = mongoose.Types;

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
  pay.setNotifyKnobs({});
  pay.setRefundOutcome('SUCCESS');
});

type World = Awaited<ReturnType<typeof payWorld>>;

/** 10:00 in Shanghai on `day`. */
const at10 = (day: string) => new Date(`${day}T02:00:00Z`);

async function paidOnline(w: World, aheadFen: number): Promise<{ paymentId: string; orderId: string }> {
  const order = ok<PayPrepared>(await w.prepare({ aheadFen }));
  await pay.pay(order.orderId);
  const saved = await PayOrder.findById(order.orderId).lean();
  return { paymentId: String(saved?.paymentId), orderId: order.orderId };
}
const reconcile = (token: string, day?: string) => stack.invoke('jobs', 'reconcilePayments', day ? { day } : {}, token) as Promise<Env>;
const issuesOf = async (token: string) => ok<Paged<PayIssueView>>(await stack.invoke('fees', 'payIssues', { pageSize: 100 }, token)).items;

test('When the day’s payments and refunds agree with WeChat’s bill, then the reconciliation reports them matched and lists nothing', async () => {
  clock = at10('2026-11-16');
  const w = await payWorld(stack);
  const { paymentId, orderId } = await paidOnline(w, 30000);
  ok(await stack.invoke('fees', 'refund', { paymentId, amountFen: 10000, reason: '多缴退还' }, w.cashier));
  await until(async () => (await Refund.countDocuments({ paymentId })) === 1, { what: 'the refund recorded' });
  expect(pay.refunds().filter((r) => r.outTradeNo === orderId)).toHaveLength(1);

  clock = new Date('2026-11-17T03:00:00Z');
  const report = ok<PayReconcileReport>(await reconcile(w.manager));
  expect(report).toEqual({ day: '2026-11-16', configured: true, billReady: true, lines: 2, matched: 2, differences: 0, added: 0, unassigned: 0, more: false });
  expect(await issuesOf(w.cashier)).toEqual([]);
  // Today's bill does not exist yet: refused with the reason.
  expect(codeOf(await reconcile(w.manager, '2026-11-17'))).toBe('VALIDATION');
});

test('When WeChat’s bill and the ledger differ in every way, then each difference is on the cashier’s list of its community, once: running again adds nothing', async () => {
  const day = '2026-11-18';
  clock = at10(day);
  const w = await payWorld(stack);
  // Paid at WeChat, unknown here: the notification was lost and nobody asked.
  pay.setNotifyKnobs({ drop: true });
  const lost = ok<PayPrepared>(await w.prepare({ aheadFen: 12300 }));
  await pay.pay(lost.orderId);
  pay.setNotifyKnobs({});
  // Recorded here, not at WeChat (a payment WeChat never had).
  const ghostOrder = new ObjectId();
  const ghost = await Payment.create({ communityId: w.c._id, unitId: w.unit._id, receiptKey: `${String(w.c._id)}:WX4200000000000000000000000001`, receiptNo: 'WX4200000000000000000000000001', method: 'wechat', amountFen: 8000, cashierId: w.owner._id, cashierName: '微信支付', orderId: ghostOrder, at: clock });
  await PayOrder.create({ _id: ghostOrder, communityId: w.c._id, unitId: w.unit._id, userId: w.owner._id, userName: '缴费业主', openid: 'o_ghost', billIds: [], amountFen: 8000, status: 'paid', expiresAt: clock, transactionId: '4200000000000000000000000001', paymentId: ghost._id, paidAt: clock, createdAt: clock });
  // The ledger's amount differs from WeChat's.
  const altered = await paidOnline(w, 45600);
  await Payment.updateOne({ _id: altered.paymentId }, { $set: { amountFen: 45500 } });
  // A refund made at WeChat whose success never reached us.
  const refunded = await paidOnline(w, 20000);
  pay.setNotifyKnobs({ drop: true });
  ok(await stack.invoke('fees', 'refund', { paymentId: refunded.paymentId, amountFen: 7000, reason: '多缴退还' }, w.cashier));
  await until(() => pay.deliveries().find((d) => d.eventType === 'REFUND.SUCCESS' && d.outTradeNo === refunded.orderId));
  pay.setNotifyKnobs({});
  // A refund in the ledger WeChat never made.
  await PayRefund.create({ _id: `${altered.paymentId}:1`, communityId: w.c._id, unitId: w.unit._id, paymentId: altered.paymentId, orderId: altered.orderId, outRefundNo: `${altered.paymentId}_1`, amountFen: 1000, reason: '补退', source: 'cashier', byId: w.owner._id, byName: '收费员小林', status: 'success', successAt: clock, createdAt: clock });
  await Refund.create({ _id: `${altered.paymentId}:1`, communityId: w.c._id, unitId: w.unit._id, paymentId: altered.paymentId, amountFen: 1000, reason: '补退', byName: '收费员小林', at: clock });
  // The notification's amount differed from the order's: listed then, not again.
  const review = ok<PayPrepared>(await w.prepare({ aheadFen: 5000 }));
  await PayOrder.updateOne({ _id: review.orderId }, { $set: { amountFen: 4999 } });
  await pay.pay(review.orderId);
  expect((await issuesOf(w.cashier)).map((i) => i.kind)).toEqual(['amount-mismatch']);

  clock = new Date('2026-11-19T03:00:00Z');
  const first = ok<PayReconcileReport>(await reconcile(w.manager, day));
  // Bill lines: 5 payments (lost, altered, refunded, review… and the refunded one's refund); matched: the refunded payment.
  expect(first).toMatchObject({ day, lines: 5, matched: 1, differences: 6, added: 5 });
  const issues = await issuesOf(w.cashier);
  const byKind = Object.fromEntries(issues.map((i) => [i.kind, i]));
  expect(Object.keys(byKind).sort()).toEqual(['amount-mismatch', 'paid-unrecorded', 'recorded-not-paid', 'refund-not-at-wechat', 'refund-unrecorded'].sort());
  expect(issues.filter((i) => i.kind === 'amount-mismatch').map((i) => [i.orderId, i.orderFen, i.paidFen]).sort()).toEqual(
    [
      [altered.orderId, 45500, 45600],
      [review.orderId, 4999, 5000],
    ].sort(),
  );
  expect(byKind['paid-unrecorded']).toMatchObject({ orderId: lost.orderId, orderFen: 12300, paidFen: 12300, billDate: day, unitLabel: expect.stringContaining('0801'), status: 'open' });
  expect(byKind['recorded-not-paid']).toMatchObject({ orderId: String(ghostOrder), transactionId: '4200000000000000000000000001', orderFen: 8000 });
  expect(byKind['refund-unrecorded']).toMatchObject({ orderId: refunded.orderId, paymentId: refunded.paymentId, orderFen: 7000, paidFen: 7000, outRefundNo: `${refunded.paymentId}_1` });
  expect(byKind['refund-not-at-wechat']).toMatchObject({ paymentId: altered.paymentId, orderFen: 1000 });

  const count = await PayIssue.countDocuments({ communityId: w.c._id });
  const again = ok<PayReconcileReport>(await reconcile(w.manager, day));
  expect(again).toMatchObject({ lines: 5, matched: 1, differences: 6, added: 0 });
  expect(await PayIssue.countDocuments({ communityId: w.c._id })).toBe(count);

  // Another community's manager and cashier: none of it.
  const other = await payWorld(stack);
  expect(ok<PayReconcileReport>(await reconcile(other.manager, day))).toMatchObject({ lines: 0, matched: 0, differences: 0, added: 0 });
  expect(await issuesOf(other.cashier)).toEqual([]);
});

test('When the timer runs (every community), then each community’s lines are compared and a bill line of no order here is counted as unassigned', async () => {
  const day = '2026-11-21';
  clock = at10(day);
  const a = await payWorld(stack);
  const b = await payWorld(stack);
  await paidOnline(a, 10000);
  pay.setNotifyKnobs({ drop: true });
  const lostB = ok<PayPrepared>(await b.prepare({ aheadFen: 20000 }));
  await pay.pay(lostB.orderId);
  pay.setNotifyKnobs({});
  // An order made at WeChat by something else than this system (another shop of the merchant).
  const stranger = createWechatPayClient(getConfig().wechatPay!);
  await stranger.jsapiPrepay({ description: '其他收款', outTradeNo: 'SHOP-2026-0001', amountFen: 990, payerOpenid: 'o_stranger' });
  pay.setNotifyKnobs({ drop: true });
  await pay.pay('SHOP-2026-0001');
  pay.setNotifyKnobs({});

  clock = new Date('2026-11-22T03:00:00Z');
  const report = await reconcilePayments({});
  expect(report).toMatchObject({ day, lines: 2, matched: 1, differences: 1, added: 1, unassigned: 1 });
  expect((await issuesOf(b.cashier)).map((i) => [i.kind, i.orderId])).toEqual([['paid-unrecorded', lostB.orderId]]);
  expect(await issuesOf(a.cashier)).toEqual([]);
  expect(await reconcilePayments({})).toMatchObject({ added: 0, differences: 1 });
});

describe('in slices', () => {
  test('When the reconciliation runs one item per invocation, then repeated runs (alone, or two workers at once) list each difference once', async () => {
    const day = '2026-11-24';
    clock = at10(day);
    const alone = [await payWorld(stack), await payWorld(stack), await payWorld(stack)];
    const pair = [await payWorld(stack), await payWorld(stack), await payWorld(stack)];
    for (const w of [...alone, ...pair]) {
      await paidOnline(w, 10000); // agrees with WeChat's bill
      pay.setNotifyKnobs({ drop: true });
      await pay.pay(ok<PayPrepared>(await w.prepare({ aheadFen: 20000 })).orderId); // paid at WeChat, unknown here
      pay.setNotifyKnobs({});
    }
    clock = new Date('2026-11-25T03:00:00Z');
    const scopeOf = (ws: World[]) => ({ communityIds: ws.map((w) => String(w.c._id)) });
    const one = await untilDone(() => reconcilePayments({ day }, { scope: scopeOf(alone), budget: oneItem() }));
    expect(total(one, 'added')).toBe(3);
    expect(one.length).toBeGreaterThan(3);
    const two = await twoWorkersUntilDone(() => reconcilePayments({ day }, { scope: scopeOf(pair), budget: oneItem() }));
    expect(total(two, 'added')).toBe(3);
    for (const w of [...alone, ...pair]) expect((await issuesOf(w.cashier)).map((i) => i.kind)).toEqual(['paid-unrecorded']);
    expect(await reconcilePayments({ day }, { scope: scopeOf([...alone, ...pair]) })).toMatchObject({ added: 0, differences: 6, more: false });
  }, 180_000);
});
