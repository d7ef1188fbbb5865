import { getConfig } from '../../cloud/lib/config';
import { mongoose } from '../../cloud/lib/db';
import { setClock } from '../../cloud/lib/clock';
import { Payment } from '../../cloud/modules/fees/fee.model';
import { PayBillLock, PayOrder } from '../../cloud/modules/fees/pay.model';
import { runReminders } from '../../cloud/modules/fees/reminder.job';
import { templateByKey } from '../../cloud/lib/wechat/templates';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { DEMO_PAY_CONFIRM_PATH, PAY_NOTIFY_PATH } from '../../cloud/gateway/server';
import type { FakeWechatPayServer } from '../../cloud/lib/wechat-pay/fake-pay-server';
import type { PayIssueView, PayOrderView, PayPrepared, ReminderNoticeFile, UnitAccount } from '@shared/contracts/fees.contract';
import type { Paged } from '@shared/contracts/contract';
import type { PayReconcileReport } from '@shared/contracts/jobs.contract';
import { PAY_ONLINE_LINE } from '@shared/domain/fee-notice';
import { routes } from '@shared/routes';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The demo's WeChat Pay and what the pay page relies on (docs/modules/payments.md "The pay page" and
 * "Demo mode"): `npm start`'s wiring (startSystem with the fake WeChat Pay: settings, notify URL, the
 * 模拟支付 route), tapping 微信支付 again after a cancel (the same order, or the old one closed), and
 * the reminders and the 催缴通知单 pointing at the pay page.
 */
let stack: Stack;
let pay: FakeWechatPayServer;
let clock = new Date('2026-11-16T02:00:00Z'); // 10:00 Shanghai

beforeAll(async () => {
  setClock(() => clock);
  stack = await startStack({ fakePay: true });
  pay = stack.pay as FakeWechatPayServer;
});
afterAll(async () => {
  setClock();
  await stack.stop();
});
beforeEach(() => {
  clock = new Date('2026-11-16T02:00:00Z');
  pay.setNotifyKnobs({});
});

type Env = { ok: boolean; data?: unknown; error?: { code: string } };
const ok = <T>(r: Env): T => {
  if (!r.ok) throw new Error(r.error?.code);
  return r.data as T;
};
const codeOf = (r: Env) => (r.ok ? 'ok' : r.error?.code);
let seq = 0;
const rid = () => `demo-pay-${Date.now()}-${++seq}`;
const prepayIdOf = (p: PayPrepared) => p.payment.package.replace(/^prepay_id=/, '');

/** A unit billed for October and November (both overdue on 11-16), its owner, a second owner of it, a manager. */
async function world() {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '1栋');
  const unit = await makeUnit(c._id, b._id, { room: '0801', areaM2: 100 });
  const owner = await makeOwner(c._id, [unit._id], '缴费业主');
  const ownerToken = await loginAs(stack, owner._id);
  const spouse = await loginAs(stack, (await makeOwner(c._id, [unit._id], '同住业主'))._id);
  const manager = await loginAs(stack, (await makeUser(c._id, { roles: ['manager'] }))._id);
  ok(await stack.invoke('fees', 'saveItem', { name: '物业服务费', kind: 'property', rateFen: 200, cycle: 'monthly', dueDay: 15 }, manager));
  ok(await stack.invoke('fees', 'runBilling', { month: '2026-10' }, manager));
  ok(await stack.invoke('fees', 'runBilling', { month: '2026-11' }, manager));
  const account = async (token = ownerToken): Promise<UnitAccount> => ok<UnitAccount[]>(await stack.invoke('fees', 'myAccounts', {}, token))[0];
  const [oct, nov] = [...(await account()).bills].sort((x, y) => x.dueDate.localeCompare(y.dueDate)).map((bill) => bill.id);
  const prepare = (data: { billIds?: string[]; aheadFen?: number }, token = ownerToken) =>
    stack.invoke('fees', 'payPrepare', { unitId: String(unit._id), requestId: rid(), ...data }, token) as Promise<Env>;
  const confirm = (prepayId: unknown) => fetch(`${stack.baseUrl}${DEMO_PAY_CONFIRM_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prepayId }) });
  return { c, unit, owner, ownerToken, spouse, manager, account, oct, nov, prepare, confirm };
}

const statusOf = async (orderId: string) => (await PayOrder.findById(orderId).lean())?.status;

test('When the system runs the demo’s fake WeChat Pay, then payment is on against it (notify URL = this gateway), 我的账单 says demo, and 确认支付 on the 模拟支付 route pays the order once', async () => {
  const settings = getConfig().wechatPay;
  expect(settings?.apiBase).toBe(pay.baseUrl);
  expect(settings?.notifyUrl).toBe(`${stack.baseUrl}${PAY_NOTIFY_PATH}`);
  expect(settings?.platformSerial).toBe(pay.platformSerial);

  const w = await world();
  expect((await w.account()).payOnline).toBe('demo');
  const order = ok<PayPrepared>(await w.prepare({ billIds: [w.oct] }));

  // Only a known prepay id pays, and only by POST with a JSON body.
  const unknown = await w.confirm('wx000000000000000000000000000000');
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'PAY.ORDER_NOT_FOUND' } });
  expect((await w.confirm('not a prepay id!')).status).toBe(400);
  expect((await fetch(`${stack.baseUrl}${DEMO_PAY_CONFIRM_PATH}`)).status).toBe(405);
  expect((await w.account()).owedFen).toBe(40000);

  const paid = await w.confirm(prepayIdOf(order));
  expect(paid.status).toBe(200);
  expect(await paid.json()).toEqual({ ok: true, data: { paid: true } });
  // The fake's notification reached the gateway before the route answered: recorded already.
  const account = await w.account();
  expect(account.bills.find((b) => b.id === w.oct)?.status).toBe('paid');
  expect(account.payments.map((p) => [p.method, p.amountFen, p.cashierName])).toEqual([['wechat', 20000, '微信支付']]);
  const view = ok<PayOrderView>(await stack.invoke('fees', 'payStatus', { unitId: String(w.unit._id), orderId: order.orderId }, w.ownerToken));
  expect(view).toMatchObject({ status: 'paid', amountFen: 20000, paymentId: account.payments[0].id });

  const twice = await w.confirm(prepayIdOf(order));
  expect(twice.status).toBe(409);
  expect(await twice.json()).toMatchObject({ ok: false, error: { code: 'PAY.ORDER_FINISHED' } });
  expect(await Payment.countDocuments({ unitId: w.unit._id })).toBe(1);

  // The next morning the day's reconciliation (the manager's run; default: yesterday) is clean: the
  // fake's trade bill holds the one payment, the ledger agrees, the cashier's list stays empty.
  clock = new Date('2026-11-17T03:00:00Z'); // 11:00 Shanghai, the bill is ready
  const report = ok<PayReconcileReport>(await stack.invoke('jobs', 'reconcilePayments', {}, w.manager));
  expect(report).toMatchObject({ day: '2026-11-16', configured: true, billReady: true, lines: 1, matched: 1, differences: 0, added: 0 });
  expect(ok<Paged<PayIssueView>>(await stack.invoke('fees', 'payIssues', { status: 'open' }, w.manager)).total).toBe(0);
});

test('When the owner cancels and taps 微信支付 again (a new request), then the same order is offered again; other bills close the old order (at WeChat too) and make a new one; another owner of the unit gets 409', async () => {
  const w = await world();
  const first = ok<PayPrepared>(await w.prepare({ billIds: [w.oct, w.nov] }));
  expect(first.amountFen).toBe(40000);

  // Cancelled in WeChat, tapped again: the same order and prepay id, freshly signed.
  const again = ok<PayPrepared>(await w.prepare({ billIds: [w.nov, w.oct] }));
  expect(again.orderId).toBe(first.orderId);
  expect(again.payment.package).toBe(first.payment.package);
  expect(pay.orders().filter((o) => o.outTradeNo === first.orderId)).toHaveLength(1);

  // Another owner of the unit may not take the bills while the order is pending.
  expect(codeOf(await w.prepare({ billIds: [w.oct] }, w.spouse))).toBe('PAY.BILL_IN_ORDER');

  // The owner changes the selection: the first order is ended, a new one takes the bill.
  const fewer = ok<PayPrepared>(await w.prepare({ billIds: [w.oct] }));
  expect(fewer.orderId).not.toBe(first.orderId);
  expect(fewer.amountFen).toBe(20000);
  expect(await statusOf(first.orderId)).toBe('closed');
  expect(pay.order(first.orderId)?.tradeState).toBe('CLOSED');
  expect((await PayBillLock.find({ _id: { $in: [w.oct, w.nov] } }).lean()).map((l) => [l._id, String(l.orderId)])).toEqual([[w.oct, fewer.orderId]]);

  await pay.pay(fewer.orderId);
  const account = await w.account();
  expect(account.bills.filter((b) => b.status === 'paid').map((b) => b.id)).toEqual([w.oct]);
  expect(account.owedFen).toBe(20000);
});

test('When the pending order was paid meanwhile (its notification lost) and the owner taps again, then that payment is recorded and nothing is charged twice (409 PAY.BILL_PAID)', async () => {
  const w = await world();
  const order = ok<PayPrepared>(await w.prepare({ billIds: [w.oct] }));
  pay.setNotifyKnobs({ drop: true });
  await pay.pay(order.orderId);
  expect(await Payment.countDocuments({ unitId: w.unit._id })).toBe(0);
  const ordersAtWechat = pay.orders().length;

  expect(codeOf(await w.prepare({ billIds: [w.oct] }))).toBe('PAY.BILL_PAID');
  expect(await statusOf(order.orderId)).toBe('paid');
  expect(await Payment.countDocuments({ unitId: w.unit._id })).toBe(1);
  expect(pay.orders()).toHaveLength(ordersAtWechat);
});

test('When the pending order is about to expire, or WeChat no longer knows it (a restarted fake), then tapping again makes a new order and closes the old one', async () => {
  const w = await world();
  const old = ok<PayPrepared>(await w.prepare({ billIds: [w.oct] }));
  clock = new Date(clock.getTime() + 14 * 60_000); // 1 minute left of 15
  const fresh = ok<PayPrepared>(await w.prepare({ billIds: [w.oct] }));
  expect(fresh.orderId).not.toBe(old.orderId);
  expect(await statusOf(old.orderId)).toBe('closed');

  // A pending order WeChat does not know (the demo's fake was restarted: its orders live in memory).
  await pay.pay(fresh.orderId); // (this one is paid: out of the way)
  const forgotten = new mongoose.Types.ObjectId();
  const at = clock;
  await PayOrder.collection.insertOne({ _id: forgotten, communityId: w.c._id, unitId: w.unit._id, userId: w.owner._id, userName: '缴费业主', openid: 'o-forgotten', billIds: [w.nov], amountFen: 20000, status: 'pending', expiresAt: new Date(at.getTime() + 15 * 60_000), prepayId: 'wx-forgotten', createdAt: at } as never);
  await PayBillLock.collection.insertOne({ _id: w.nov, orderId: forgotten, at } as never);
  const lost = ok<PayPrepared>(await w.prepare({ billIds: [w.nov] }));
  expect(lost.orderId).not.toBe(String(forgotten));
  expect(await statusOf(String(forgotten))).toBe('closed');
  expect(lost.payment.package).not.toBe('prepay_id=wx-forgotten');
  expect(pay.order(lost.orderId)?.tradeState).toBe('NOTPAY');
});

test('When WeChat Pay is on, then the fee reminders open the unit’s pay page and say so, and the 催缴通知单 tells the owner to pay in the mini-program', async () => {
  const w = await world();
  for (const key of ['fee.reminder', 'fee.overdue']) ok(await stack.invoke('messaging', 'reportSubscription', { results: [{ templateId: templateByKey(key)!.templateId, result: 'accept' }] }, w.ownerToken));
  await runReminders();
  const messages = await OutboxMessage.find({ eventKey: { $regex: `^fees:${String(w.unit._id)}:` } }).lean();
  expect(messages.length).toBeGreaterThan(0);
  for (const m of messages) {
    expect(m.page).toBe(routes.owner.pay({ unitId: String(w.unit._id) }));
    expect(JSON.stringify(m.lines)).toContain('微信支付');
  }
  const agent = await loginAs(stack, (await makeUser(w.c._id, { roles: ['agent'] }))._id);
  const notice = ok<ReminderNoticeFile>(await stack.invoke('fees', 'reminderNotice', { unitId: String(w.unit._id), kind: 'property' }, agent));
  expect(notice.notice.body).toContain(PAY_ONLINE_LINE);
});
