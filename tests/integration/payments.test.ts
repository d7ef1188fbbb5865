import { getConfig, resetConfig } from '../../cloud/lib/config';
import { setClock } from '../../cloud/lib/clock';
import { generateRsaKeyPair, startFakeWechatPay, type FakeWechatPayServer } from '../../cloud/lib/wechat-pay/fake-pay-server';
import { templateByKey } from '../../cloud/lib/wechat/templates';
import { Payment } from '../../cloud/modules/fees/fee.model';
import { FeeBalance } from '../../cloud/modules/fees/balance.model';
import { LAST_DATE } from '../../cloud/lib/paging';
import { PayBillLock, PayIssue, PayOrder } from '../../cloud/modules/fees/pay.model';
import { runReminders } from '../../cloud/modules/fees/reminder.job';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { PAY_NOTIFY_PATH } from '../../cloud/gateway/server';
import type { Paged } from '@shared/contracts/contract';
import type { PayIssueView, PayOrderView, PayPrepared, UnitAccount } from '@shared/contracts/fees.contract';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { oneItem, total, twoWorkersUntilDone, untilDone } from '../helpers/sliced-runs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Paying bills with WeChat Pay (docs/modules/payments.md "Paying bills"): fees.payPrepare, the notify
 * route of the gateway, fees.payStatus and the closePayOrders job, against the fake WeChat Pay server
 * and the real stack.
 */
const MCHID = '1900000001';
const SERIAL = '3775B6A45ACD588826D15E583A95F5DD00000000';
const API_V3_KEY = 'abcdefghijklmnopqrstuvwxyz012345';
const merchant = generateRsaKeyPair();
const PAY_ENV = ['WECHAT_PAY_API_BASE', 'WECHAT_PAY_MCHID', 'WECHAT_PAY_SERIAL', 'WECHAT_PAY_PRIVATE_KEY', 'WECHAT_PAY_APIV3_KEY', 'WECHAT_PAY_PLATFORM_PUBLIC_KEY', 'WECHAT_PAY_PLATFORM_SERIAL', 'WECHAT_PAY_NOTIFY_URL'];

let stack: Stack;
let pay: FakeWechatPayServer;
let clock = new Date('2026-11-16T02:00:00Z');

function configurePay(): void {
  Object.assign(process.env, {
    WECHAT_PAY_API_BASE: pay.baseUrl,
    WECHAT_PAY_MCHID: MCHID,
    WECHAT_PAY_SERIAL: SERIAL,
    WECHAT_PAY_PRIVATE_KEY: merchant.privateKeyPem,
    WECHAT_PAY_APIV3_KEY: API_V3_KEY,
    WECHAT_PAY_PLATFORM_PUBLIC_KEY: pay.platformPublicKeyPem,
    WECHAT_PAY_PLATFORM_SERIAL: pay.platformSerial,
    WECHAT_PAY_NOTIFY_URL: `${stack.baseUrl}${PAY_NOTIFY_PATH}`,
  });
  resetConfig();
}

function unconfigurePay(): void {
  for (const k of PAY_ENV) delete process.env[k];
  resetConfig();
}

beforeAll(async () => {
  setClock(() => clock);
  stack = await startStack();
  pay = await startFakeWechatPay({ mchid: MCHID, appId: getConfig().wechat.appId, merchantSerial: SERIAL, merchantPublicKeyPem: merchant.publicKeyPem, apiV3Key: API_V3_KEY });
  configurePay();
  expect(getConfig().wechatPay).toBeDefined();
});
afterAll(async () => {
  unconfigurePay();
  setClock();
  await pay.close();
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
const rid = () => `pay-test-${Date.now()}-${++seq}`;

/** A community with a property fee billed for November (due 11-15: overdue on 11-16), an owner and a cashier. */
async function world() {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '1栋');
  const unit = await makeUnit(c._id, b._id, { room: '0801', areaM2: 100 });
  const owner = await makeOwner(c._id, [unit._id], '缴费业主');
  const ownerToken = await loginAs(stack, owner._id);
  const manager = await loginAs(stack, (await makeUser(c._id, { roles: ['manager'] }))._id);
  const cashier = await loginAs(stack, (await makeUser(c._id, { roles: ['cashier'] }))._id);
  for (const key of ['fee.reminder', 'fee.overdue']) ok(await stack.invoke('messaging', 'reportSubscription', { results: [{ templateId: templateByKey(key)!.templateId, result: 'accept' }] }, ownerToken));
  ok(await stack.invoke('fees', 'saveItem', { name: '物业服务费', kind: 'property', rateFen: 200, cycle: 'monthly', dueDay: 15 }, manager));
  ok(await stack.invoke('fees', 'runBilling', { month: '2026-11' }, manager));
  const account = async (): Promise<UnitAccount> => ok<UnitAccount[]>(await stack.invoke('fees', 'myAccounts', {}, ownerToken))[0];
  const billId = (await account()).bills[0].id;
  const prepare = (data: { billIds?: string[]; aheadFen?: number; requestId?: string; unitId?: string }, token = ownerToken) =>
    stack.invoke('fees', 'payPrepare', { unitId: String(unit._id), requestId: rid(), ...data }, token) as Promise<Env>;
  return { c, b, unit, owner, ownerToken, manager, cashier, account, billId, prepare };
}

const paymentsOf = (unitId: unknown) => Payment.countDocuments({ unitId });
const statusOf = async (orderId: string) => (await PayOrder.findById(orderId).lean())?.status;

test('When an owner pays an overdue bill and the notification arrives, then the bill is paid, one wechat payment is recorded and the reminder ladder no longer sends for it', async () => {
  const w = await world();
  const order = ok<PayPrepared>(await w.prepare({ billIds: [w.billId] }));
  expect(order.amountFen).toBe(20000);
  expect(order.payment.package).toMatch(/^prepay_id=/);
  expect(pay.order(order.orderId)?.totalFen).toBe(20000);
  const deliveries = await pay.pay(order.orderId);
  expect(deliveries.map((d) => d.status)).toEqual([204]);
  const account = await w.account();
  expect(account.bills[0].status).toBe('paid');
  expect(account.payments.map((p) => [p.method, p.amountFen])).toEqual([['wechat', 20000]]);
  // The unit's stored balance (fees.md "Balances") follows the online payment: out of the arrears list.
  expect(await FeeBalance.findById(w.unit._id).lean()).toMatchObject({ owedFen: 0, oldestDue: LAST_DATE });
  expect(await statusOf(order.orderId)).toBe('paid');
  expect(await PayBillLock.countDocuments({ orderId: order.orderId })).toBe(0);
  await runReminders();
  expect(await OutboxMessage.countDocuments({ eventKey: { $regex: `^fees:${String(w.unit._id)}:` } })).toBe(0);
  expect(codeOf(await w.prepare({ billIds: [w.billId] }))).toBe('PAY.BILL_PAID');
});

test('When the same request is sent twice, then it answers the same order; a bill in a pending order cannot be put in another owner’s order (409)', async () => {
  const w = await world();
  const requestId = rid();
  const a = ok<PayPrepared>(await w.prepare({ billIds: [w.billId], requestId }));
  const b = ok<PayPrepared>(await w.prepare({ billIds: [w.billId], requestId }));
  expect(b.orderId).toBe(a.orderId);
  expect(b.payment.package).toBe(a.payment.package);
  expect(pay.orders().filter((o) => o.outTradeNo === a.orderId)).toHaveLength(1);
  // Another owner of the unit (the same owner tapping again gets this order again: payments-demo.test.ts).
  const spouse = await loginAs(stack, (await makeOwner(w.c._id, [w.unit._id], '同住业主'))._id);
  expect(codeOf(await w.prepare({ billIds: [w.billId] }, spouse))).toBe('PAY.BILL_IN_ORDER');
});

test('When the notification is sent twice, then one payment is recorded', async () => {
  const w = await world();
  const order = ok<PayPrepared>(await w.prepare({ billIds: [w.billId] }));
  pay.setNotifyKnobs({ duplicate: true });
  const deliveries = await pay.pay(order.orderId);
  expect(deliveries.map((d) => d.status)).toEqual([204, 204]);
  expect(await paymentsOf(w.unit._id)).toBe(1);
  expect((await w.account()).owedFen).toBe(0);
});

test('When the notification and the owner’s result page (payStatus) race, then one payment is recorded', async () => {
  const w = await world();
  const order = ok<PayPrepared>(await w.prepare({ billIds: [w.billId] }));
  pay.setNotifyKnobs({ drop: true });
  const [dropped] = await pay.pay(order.orderId);
  expect(dropped.status).toBeNull();
  expect(await paymentsOf(w.unit._id)).toBe(0);
  const [redelivered, s1, s2] = await Promise.all([
    pay.redeliver(dropped.notificationId),
    stack.invoke('fees', 'payStatus', { unitId: String(w.unit._id), orderId: order.orderId }, w.ownerToken),
    stack.invoke('fees', 'payStatus', { unitId: String(w.unit._id), orderId: order.orderId }, w.ownerToken),
  ]);
  expect(redelivered.status).toBe(204);
  expect([ok<PayOrderView>(s1).status, ok<PayOrderView>(s2).status]).toEqual(['paid', 'paid']);
  expect(await paymentsOf(w.unit._id)).toBe(1);
  expect((await w.account()).bills[0].status).toBe('paid');
});

test('When payStatus is asked about an order still unpaid, then it stays pending and nothing is recorded; another owner cannot see it (404)', async () => {
  const w = await world();
  const order = ok<PayPrepared>(await w.prepare({ billIds: [w.billId] }));
  expect(ok<PayOrderView>(await stack.invoke('fees', 'payStatus', { unitId: String(w.unit._id), orderId: order.orderId }, w.ownerToken)).status).toBe('pending');
  const other = await world();
  expect(codeOf(await stack.invoke('fees', 'payStatus', { unitId: String(other.unit._id), orderId: order.orderId }, other.ownerToken))).toBe('PAY.ORDER_NOT_FOUND');
  expect(codeOf(await stack.invoke('fees', 'payStatus', { unitId: String(w.unit._id), orderId: order.orderId }, other.ownerToken))).toBe('UNIT.NOT_FOUND');
  expect(await paymentsOf(w.unit._id)).toBe(0);
});

test('When a notification’s signature does not verify, then the route answers 401 SIGN_ERROR and nothing is recorded', async () => {
  const w = await world();
  const order = ok<PayPrepared>(await w.prepare({ billIds: [w.billId] }));
  pay.setNotifyKnobs({ wrongSignature: true });
  const [delivery] = await pay.pay(order.orderId);
  expect(delivery.status).toBe(401);
  // The answer's body, as WeChat Pay reads it.
  const res = await fetch(`${stack.baseUrl}${PAY_NOTIFY_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...delivery.headers }, body: delivery.body });
  expect(res.status).toBe(401);
  expect(await res.json()).toMatchObject({ code: 'SIGN_ERROR' });
  expect(await paymentsOf(w.unit._id)).toBe(0);
  expect(await statusOf(order.orderId)).toBe('pending');
});

test('When the amount WeChat reports differs from the order’s, then nothing is recorded and the payment is on the cashier’s list', async () => {
  const w = await world();
  const order = ok<PayPrepared>(await w.prepare({ billIds: [w.billId] }));
  // Our record says otherwise than what WeChat charged (e.g. a tampered or broken order).
  await PayOrder.updateOne({ _id: order.orderId }, { $set: { amountFen: 19999 } });
  pay.setNotifyKnobs({ duplicate: true });
  const deliveries = await pay.pay(order.orderId);
  expect(deliveries.map((d) => d.status)).toEqual([204, 204]);
  expect(await paymentsOf(w.unit._id)).toBe(0);
  expect(await statusOf(order.orderId)).toBe('review');
  const issues = ok<Paged<PayIssueView>>(await stack.invoke('fees', 'payIssues', {}, w.cashier)).items;
  expect(issues.map((i) => [i.kind, i.orderId, i.orderFen, i.paidFen])).toEqual([['amount-mismatch', order.orderId, 19999, 20000]]);
  expect(await PayIssue.countDocuments({ orderId: order.orderId })).toBe(1);
});

test('When an owner names someone else’s bill or unit, then 404; a paid or voided bill, then 409', async () => {
  const w = await world();
  const other = await world();
  const ordersBefore = pay.orders().length;
  expect(codeOf(await w.prepare({ billIds: [other.billId] }))).toBe('BILL.NOT_FOUND');
  expect(codeOf(await w.prepare({ billIds: [other.billId], unitId: String(other.unit._id) }))).toBe('UNIT.NOT_FOUND');
  ok(await stack.invoke('fees', 'recordPayment', { unitId: String(w.unit._id), amountFen: 20000, method: 'cash', receiptNo: `R-${Date.now()}` }, w.cashier));
  expect(codeOf(await w.prepare({ billIds: [w.billId] }))).toBe('PAY.BILL_PAID');
  ok(await stack.invoke('fees', 'cancelBill', { billId: other.billId, reason: '误出账单' }, other.manager));
  expect(codeOf(await other.prepare({ billIds: [other.billId] }))).toBe('FEE.BILL_CANCELLED');
  expect(pay.orders().length).toBe(ordersBefore);
  expect(await PayOrder.countDocuments({ unitId: { $in: [w.unit._id, other.unit._id] } })).toBe(0);
});

test('When an order expires unpaid, then the job closes it (at WeChat too) and its bills are payable again; one paid meanwhile is recorded instead', async () => {
  const w = await world();
  const order = ok<PayPrepared>(await w.prepare({ billIds: [w.billId] }));
  const spouse = await loginAs(stack, (await makeOwner(w.c._id, [w.unit._id], '同住业主'))._id);
  expect(codeOf(await w.prepare({ billIds: [w.billId] }, spouse))).toBe('PAY.BILL_IN_ORDER');
  clock = new Date(clock.getTime() + 16 * 60_000);
  const report = ok<{ expired: number; closed: number; paid: number }>(await stack.invoke('jobs', 'closePayOrders', {}, await loginAs(stack, (await makeUser(w.c._id, { roles: ['manager'] }))._id)));
  expect(report).toMatchObject({ expired: 1, closed: 1, paid: 0 });
  expect(await statusOf(order.orderId)).toBe('closed');
  expect(pay.order(order.orderId)?.tradeState).toBe('CLOSED');
  const again = ok<PayPrepared>(await w.prepare({ billIds: [w.billId] }));
  expect(again.orderId).not.toBe(order.orderId);

  // Paid at WeChat, notification lost: the job's query records it.
  pay.setNotifyKnobs({ drop: true });
  await pay.pay(again.orderId);
  clock = new Date(clock.getTime() + 16 * 60_000);
  const { closeExpiredPayOrders } = await import('../../cloud/modules/fees');
  expect(await closeExpiredPayOrders({ scope: { communityIds: [String(w.c._id)] } })).toMatchObject({ expired: 1, paid: 1, closed: 0 });
  expect(await statusOf(again.orderId)).toBe('paid');
  expect(await paymentsOf(w.unit._id)).toBe(1);
});

test('When the bills of an order were paid at the desk before the online payment arrived, then the online payment is recorded as prepayment credit', async () => {
  const w = await world();
  const order = ok<PayPrepared>(await w.prepare({ billIds: [w.billId] }));
  ok(await stack.invoke('fees', 'recordPayment', { unitId: String(w.unit._id), amountFen: 20000, method: 'cash', receiptNo: `D-${Date.now()}` }, w.cashier));
  await pay.pay(order.orderId);
  const account = await w.account();
  expect(account.payments.map((p) => p.method).sort()).toEqual(['cash', 'wechat']);
  expect(account.owedFen).toBe(0);
  expect(account.creditFen).toBe(20000);
});

test('When an owner pays an amount ahead, then it is recorded as prepayment credit', async () => {
  const w = await world();
  ok(await stack.invoke('fees', 'recordPayment', { unitId: String(w.unit._id), amountFen: 20000, method: 'cash', receiptNo: `A-${Date.now()}` }, w.cashier));
  const order = ok<PayPrepared>(await w.prepare({ aheadFen: 50000 }));
  expect(order.billIds).toEqual([]);
  await pay.pay(order.orderId);
  expect((await w.account()).creditFen).toBe(50000);
});

test('When WeChat Pay is not configured, then payPrepare answers PAY.NOT_CONFIGURED and the notify route 404', async () => {
  const w = await world();
  unconfigurePay();
  try {
    expect(codeOf(await w.prepare({ billIds: [w.billId] }))).toBe('PAY.NOT_CONFIGURED');
    const res = await fetch(`${stack.baseUrl}${PAY_NOTIFY_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404);
  } finally {
    configurePay();
  }
});

describe('in slices', () => {
  test('When the close job runs one order per invocation, then repeated runs (alone, or two workers at once) end each expired order once: closed, or its lost payment recorded once', async () => {
    const { closeExpiredPayOrders } = await import('../../cloud/modules/fees');
    const alone = [await world(), await world(), await world()];
    const pair = [await world(), await world(), await world()];
    const orders = new Map<string, string>();
    for (const w of [...alone, ...pair]) orders.set(String(w.unit._id), ok<PayPrepared>(await w.prepare({ billIds: [w.billId] })).orderId);
    // The first of each trio paid at WeChat, its notification lost.
    pay.setNotifyKnobs({ drop: true });
    for (const w of [alone[0], pair[0]]) await pay.pay(orders.get(String(w.unit._id)) as string);
    clock = new Date(clock.getTime() + 16 * 60_000);
    const scopeOf = (ws: typeof alone) => ({ communityIds: ws.map((w) => String(w.c._id)) });
    const one = await untilDone(() => closeExpiredPayOrders({ scope: scopeOf(alone), budget: oneItem() }));
    expect({ expired: total(one, 'expired'), paid: total(one, 'paid'), closed: total(one, 'closed') }).toEqual({ expired: 3, paid: 1, closed: 2 });
    const two = await twoWorkersUntilDone(() => closeExpiredPayOrders({ scope: scopeOf(pair), budget: oneItem() }));
    expect({ paid: total(two, 'paid'), closed: total(two, 'closed') }).toEqual({ paid: 1, closed: 2 });
    for (const ws of [alone, pair]) {
      expect(await statusOf(orders.get(String(ws[0].unit._id)) as string)).toBe('paid');
      expect(await paymentsOf(ws[0].unit._id)).toBe(1);
      for (const w of ws.slice(1)) {
        expect(await statusOf(orders.get(String(w.unit._id)) as string)).toBe('closed');
        expect(await paymentsOf(w.unit._id)).toBe(0);
      }
    }
  }, 180_000);
});
