/**
 * The BUILT weapp pay page (owner/pages/pay) in miniprogram-simulate against the real gateway, the
 * demo data and the demo's fake WeChat Pay: 微信支付 calls wx.requestPayment with exactly what the
 * server signed (paySign checked with the merchant's public key over appId, timeStamp, nonceStr and
 * package; package = the fake's prepay id); a cancel leaves the bills payable and the next tap offers
 * the same order; paying in WeChat (the fake's pay, its notification) → the result page says 支付成功.
 */
import { createPublicKey, verify } from 'node:crypto';
import { getConfig } from '../../cloud/lib/config';
import type { FakeWechatPayServer } from '../../cloud/lib/wechat-pay/fake-pay-server';
import type { PayPrepared, UnitAccount } from '@shared/contracts/fees.contract';
import { routes } from '@shared/routes';
import { weappSuite } from './weapp-harness';

const suite = weappSuite({ fakePay: true });

beforeEach(async () => {
  await suite.sim.settle();
  suite.sim.requests.length = 0;
  suite.sim.navigations.length = 0;
});

/** The order the page's last payPrepare answered. */
function lastPrepared(): PayPrepared {
  const answer = suite.sim.requests.filter((r) => r.action === 'payPrepare').at(-1)?.body as { ok: boolean; data: PayPrepared } | undefined;
  if (!answer?.ok) throw new Error(`no payPrepare answer: ${JSON.stringify(answer)}`);
  return answer.data;
}

test('When the owner taps 微信支付, then wx.requestPayment gets the parameters the server signed; a cancel keeps the order; paying in WeChat shows 支付成功', async () => {
  const pay = suite.stack.pay as FakeWechatPayServer;
  const { token } = await suite.loginAs('demo-owner2');
  const accounts = await suite.stack.invoke('fees', 'myAccounts', {}, token);
  if (!accounts.ok) throw new Error(accounts.error.code);
  const account = accounts.data.find((a: UnitAccount) => a.owedFen > 0) as UnitAccount;
  expect(account.payOnline).toBe('demo');
  const overdue = account.bills.filter((b) => b.status === 'open' && b.daysOverdue > 0);
  const overdueFen = overdue.reduce((sum, b) => sum + b.dueFen, 0);
  expect(overdueFen).toBeGreaterThan(0);

  const page = await suite.sim.openPage(routes.owner.pay.path, { unitId: account.unitId });
  await page.waitForText('待缴账单');
  await page.waitForText('微信支付');
  // The overdue bills are ticked (this month's too, when billed), oldest first.
  expect(page.findAll('pay-bill--on').length).toBeGreaterThanOrEqual(overdue.length);

  await page.tap('pay__submit');
  await suite.sim.waitFor(() => suite.sim.payments.length === 1, 'wx.requestPayment');
  const prepared = lastPrepared();
  const call = suite.sim.payments[0];
  // Exactly the signed parameters (wx.requestPayment takes no appId: the mini-program's own is signed).
  expect(call.params).toEqual({ timeStamp: prepared.payment.timeStamp, nonceStr: prepared.payment.nonceStr, package: prepared.payment.package, signType: 'RSA', paySign: prepared.payment.paySign });
  const fakeOrder = pay.order(prepared.orderId);
  expect(fakeOrder?.totalFen).toBe(prepared.amountFen);
  expect(call.params.package).toBe(`prepay_id=${fakeOrder?.prepayId}`);
  const settings = getConfig().wechatPay!;
  const merchantPublicKey = createPublicKey(settings.privateKeyPem);
  const message = `${getConfig().wechat.appId}\n${call.params.timeStamp}\n${call.params.nonceStr}\n${call.params.package}\n`;
  expect(verify('RSA-SHA256', Buffer.from(message), merchantPublicKey, Buffer.from(String(call.params.paySign), 'base64'))).toBe(true);
  expect(verify('RSA-SHA256', Buffer.from(message.replace('prepay_id=', 'prepay_id=x')), merchantPublicKey, Buffer.from(String(call.params.paySign), 'base64'))).toBe(false);

  // Closed WeChat's cashier: nothing paid, the page says so and stays.
  call.cancel();
  await page.waitForText('您已取消支付');
  expect(suite.sim.navigations).toEqual([]);
  expect(pay.order(prepared.orderId)?.tradeState).toBe('NOTPAY');

  // Tapped again: the same order (the same prepay id), freshly signed.
  await page.tap('pay__submit');
  await suite.sim.waitFor(() => suite.sim.payments.length === 2, 'the second wx.requestPayment');
  expect(lastPrepared().orderId).toBe(prepared.orderId);
  expect(suite.sim.payments[1].params.package).toBe(call.params.package);

  // The owner pays in WeChat: the fake marks it paid and notifies the gateway; WeChat answers the page.
  const [delivery] = await pay.pay(prepared.orderId);
  expect(delivery.status).toBe(204);
  suite.sim.payments[1].succeed();
  await suite.sim.waitFor(() => suite.sim.navigations.length === 1, 'the way to the result page');
  expect(suite.sim.navigations[0]).toEqual({ api: 'redirectTo', url: routes.owner.payResult.url({ unitId: account.unitId, orderId: prepared.orderId }) });
  await suite.sim.settle();
  page.unload();

  const result = await suite.sim.openPage(routes.owner.payResult.path, { unitId: account.unitId, orderId: prepared.orderId });
  await result.waitForText('支付成功');
  expect(result.text()).toContain(`${(prepared.amountFen / 100).toFixed(2)}元`);
  expect(result.findAll('pay-result__receipt')).toHaveLength(1);
  const after = await suite.stack.invoke('fees', 'myAccounts', {}, token);
  const paidAccount = after.ok ? after.data.find((a) => a.unitId === account.unitId) : undefined;
  expect(paidAccount?.payments.some((p) => p.method === 'wechat' && p.amountFen === prepared.amountFen)).toBe(true);
  expect(paidAccount?.bills.filter((b) => overdue.some((o) => o.id === b.id)).every((b) => b.status === 'paid')).toBe(true);
  await suite.sim.settle();
  result.unload();
});
