import type { PayPrepared } from '@shared/contracts/fees.contract';
import type { RenovationView } from '@shared/contracts/renovation.contract';
import type { RenovationCompletionView } from '@shared/contracts/renovation-completion.contract';
import { ACCEPTANCE_ITEMS } from '@shared/domain/renovation';
import { setClock } from '../../cloud/lib/clock';
import type { FakeWechatPayServer } from '../../cloud/lib/wechat-pay/fake-pay-server';
import { Bill, Refund } from '../../cloud/modules/fees/fee.model';
import { PayOrder, PayRefund } from '../../cloud/modules/fees/pay.model';
import { Renovation } from '../../cloud/modules/renovation/renovation.model';
import { loginAs, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';
import { until } from '../helpers/until';
import { ok, payWorld, rid, startPayFixture, type Env, type PayFixture } from '../helpers/wechat-pay';

/**
 * A renovation deposit paid with WeChat Pay and given back (renovation.md "Completion, deposit and the
 * board", fees `returnDeposit`): the refund goes back through WeChat Pay's refund path (退款中 until
 * REFUND.SUCCESS), the deposit bill shows 已退还 at once, the deduction is a bill paid by what is kept —
 * against the fake WeChat Pay server and the real stack.
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

test('When a deposit paid with WeChat Pay is given back with a 300 元 deduction, then WeChat Pay refunds 1700 元 to that order (退款中 until REFUND.SUCCESS), the deposit bill is 已退还, the deduction is paid by what is kept, and the unit owes what it owed before', async () => {
  const w = await payWorld(stack);
  const agent = await loginAs(stack, (await makeUser(w.c._id, { roles: ['agent'], name: '客服小陈' }))._id);
  const itemId = ok<{ id: string }>(await stack.invoke('fees', 'saveItem', { name: '装修押金', kind: 'one-off', rateFen: 200_000, cycle: 'monthly', dueDay: 1 }, w.manager)).id;
  ok(await stack.invoke('fees', 'chargeOneOff', { requestId: rid(), itemId, unitIds: [String(w.unit._id)], dueDate: '2026-11-30', note: '装修押金' }, w.manager));
  const deposit = (await Bill.findOne({ unitId: w.unit._id, itemId }).lean())!;
  // The property bill (200 元) paid at the desk, then the deposit with WeChat Pay.
  ok(await stack.invoke('fees', 'recordPayment', { unitId: String(w.unit._id), amountFen: 20_000, method: 'cash', receiptNo: `C-${rid()}` }, w.manager));
  const order = ok<PayPrepared>(await w.prepare({ billIds: [deposit._id] }));
  expect((await pay.pay(order.orderId))[0].status).toBe(204);
  const paymentId = String((await PayOrder.findById(order.orderId).lean())?.paymentId);
  const before = await w.account();
  expect(before.bills.find((b) => b.id === deposit._id)).toMatchObject({ status: 'paid' });
  expect([before.owedFen, before.creditFen]).toEqual([0, 0]);

  const r = await Renovation.create({
    communityId: w.c._id,
    unitId: w.unit._id,
    buildingId: w.b._id,
    unitLabel: '1栋0801',
    no: `ZX20261116-${rid()}`,
    openKey: String(w.unit._id),
    requestKey: `renovation:test:${rid()}`,
    ownerId: w.owner._id,
    ownerName: '缴费业主',
    ownerPhone: '13900000000',
    status: 'in_progress',
    works: ['floor'],
    contractor: { company: '微信装饰', licence: '', foreman: '王工', phone: '13800000000' },
    plannedStart: '2026-10-01',
    plannedEnd: '2026-11-30',
    bills: [{ kind: 'deposit', billId: deposit._id, itemName: '装修押金', amountFen: 200_000 }],
  });
  const id = String(r._id);
  const call = (action: string, data: Record<string, unknown>, token: string) => stack.invoke('renovation', action as never, { renovationId: id, ...data } as never, token) as Promise<Env>;
  ok(await call('applyAcceptance', { requestId: rid() }, w.ownerToken));
  ok(await call('recordAcceptance', { requestId: rid(), outcome: 'pass', items: ACCEPTANCE_ITEMS.map((i) => ({ key: i.key, ok: true })), deductions: [{ reason: '电梯厅墙面修补', amountFen: 30_000 }] }, agent));

  // WeChat's notification held back: the refund is asked for and waits (退款中).
  pay.setNotifyKnobs({ drop: true });
  const refund = { requestId: rid() };
  const closed = ok<RenovationView>(await call('refundDeposit', refund, w.manager));
  expect(closed.status).toBe('closed');
  expect(pay.refunds().filter((x) => x.outTradeNo === order.orderId).map((x) => x.refundFen)).toEqual([170_000]);
  expect(await PayRefund.find({ paymentId, depositBillId: deposit._id }).lean()).toEqual([expect.objectContaining({ amountFen: 170_000, status: 'pending' })]);
  expect(await Refund.countDocuments({ paymentId })).toBe(0);
  const waiting = await w.account();
  expect(waiting.bills.find((b) => b.id === deposit._id)).toMatchObject({ status: 'returned', dueFen: 0 });
  expect(waiting.payments.find((p) => p.id === paymentId)?.pendingRefunds).toEqual([expect.objectContaining({ amountFen: 170_000, status: 'pending' })]);
  const pendingView = ok<RenovationCompletionView>(await call('completion', {}, w.ownerToken));
  expect(pendingView.deposit).toMatchObject({ state: 'returned', deductedFen: 30_000, refundFen: 170_000, pendingFen: 170_000 });

  // WeChat reports success: the ledger records the refund once (a duplicate adds nothing).
  pay.setNotifyKnobs({});
  const event = await until(() => pay.deliveries().find((d) => d.eventType === 'REFUND.SUCCESS' && d.outTradeNo === order.orderId), { what: 'REFUND.SUCCESS' });
  expect((await pay.redeliver(event.notificationId)).status).toBe(204);
  expect((await pay.redeliver(event.notificationId)).status).toBe(204);
  const after = await w.account();
  const payment = after.payments.find((p) => p.id === paymentId)!;
  expect(payment).toMatchObject({ amountFen: 200_000, refundedFen: 170_000 });
  expect(payment.pendingRefunds).toBeUndefined();
  expect(after.bills.find((b) => b.id === deposit._id)).toMatchObject({ status: 'returned', dueFen: 0, paidFen: 200_000 });
  expect(after.bills.find((b) => b.id === `${deposit._id}:deduction`)).toMatchObject({ itemName: '装修押金扣款', amountFen: 30_000, status: 'paid' });
  expect([after.owedFen, after.creditFen]).toEqual([0, 0]);
  expect(await Refund.countDocuments({ paymentId })).toBe(1);
  const done = ok<RenovationCompletionView>(await call('completion', {}, w.ownerToken));
  expect(done.deposit?.pendingFen).toBeUndefined();

  // Given back again (a retry): WeChat Pay is not asked twice.
  ok(await call('refundDeposit', refund, w.manager));
  expect(pay.refunds().filter((x) => x.outTradeNo === order.orderId)).toHaveLength(1);
  expect(await PayRefund.countDocuments({ paymentId })).toBe(1);
});
