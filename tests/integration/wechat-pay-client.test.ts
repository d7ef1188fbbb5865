import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicKey, randomBytes } from 'node:crypto';
import { setClock } from '../../cloud/lib/clock';
import { createWechatPayClient, WechatPayError, type NotificationResult, type WechatPayClient } from '../../cloud/lib/wechat-pay/client';
import { generateRsaKeyPair, startFakeWechatPay, type FakeWechatPayServer } from '../../cloud/lib/wechat-pay/fake-pay-server';
import { verifyPaySign } from '../../cloud/lib/wechat-pay/signing';
import type { WechatPaySettings } from '../../cloud/lib/wechat-pay/types';

/**
 * The WeChat Pay client against the fake WeChat Pay server (cloud/lib/wechat-pay/fake-pay-server.ts),
 * with a notify endpoint on 127.0.0.1 that verifies and decrypts what the fake sends.
 */
const MCHID = '1900000001';
const APPID = 'wx0123456789abcdef';
const SERIAL = '3775B6A45ACD588826D15E583A95F5DD00000000';
const API_V3_KEY = 'abcdefghijklmnopqrstuvwxyz012345';
const merchant = generateRsaKeyPair();

let fake: FakeWechatPayServer;
let client: WechatPayClient;
let settings: WechatPaySettings;
let notifyServer: http.Server;
/** What the notify endpoint received, verified and decrypted by the client. */
const received: NotificationResult[] = [];
let notifyStatus = 204;

const orderNo = () => `P${Date.now()}${randomBytes(3).toString('hex')}`;
const openid = 'o_owner_pay_1';

async function until<T>(f: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  notifyServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const h = req.headers;
      received.push(client.parseNotification((n) => {
        const v = h[n.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      }, Buffer.concat(chunks).toString('utf8')));
      res.writeHead(notifyStatus);
      res.end();
    });
  });
  await new Promise<void>((r) => notifyServer.listen(0, '127.0.0.1', r));
  fake = await startFakeWechatPay({ mchid: MCHID, appId: APPID, merchantSerial: SERIAL, merchantPublicKeyPem: merchant.publicKeyPem, apiV3Key: API_V3_KEY });
  settings = {
    apiBase: fake.baseUrl,
    mchid: MCHID,
    appId: APPID,
    merchantSerial: SERIAL,
    privateKeyPem: merchant.privateKeyPem,
    apiV3Key: API_V3_KEY,
    platformSerial: fake.platformSerial,
    platformPublicKeyPem: fake.platformPublicKeyPem,
    notifyUrl: `http://127.0.0.1:${(notifyServer.address() as AddressInfo).port}/pay/notify`,
    timeoutMs: 5000,
  };
  client = createWechatPayClient(settings);
});

afterAll(async () => {
  await fake.close();
  notifyServer.closeAllConnections();
  await new Promise<void>((r) => notifyServer.close(() => r()));
});

beforeEach(() => {
  received.length = 0;
  notifyStatus = 204;
  fake.setNotifyKnobs({});
  setClock();
});

async function prepaid(amountFen = 12345): Promise<{ no: string; prepayId: string }> {
  const no = orderNo();
  const { prepayId } = await client.jsapiPrepay({ description: '物业费 2026年12月', outTradeNo: no, amountFen, payerOpenid: openid, timeExpire: new Date(Date.now() + 30 * 60_000) });
  return { no, prepayId };
}

async function caught(p: Promise<unknown>): Promise<WechatPayError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof WechatPayError)) throw new Error(`expected a WechatPayError, got ${String(err)}`);
  return err;
}

describe('orders', () => {
  test('When a JSAPI order is placed, then the fake records it and the payment parameters verify with the merchant key', async () => {
    const { no, prepayId } = await prepaid(12345);
    expect(prepayId).toMatch(/^wx/);
    expect(fake.order(no)).toMatchObject({ totalFen: 12345, openid, tradeState: 'NOTPAY', notifyUrl: settings.notifyUrl, appid: APPID });
    const params = client.requestPaymentParams(prepayId);
    expect(params.package).toBe(`prepay_id=${prepayId}`);
    expect(verifyPaySign(params, createPublicKey(merchant.publicKeyPem))).toBe(true);
    // The same order again (a retried request): the same prepay id.
    expect((await client.jsapiPrepay({ description: '物业费 2026年12月', outTradeNo: no, amountFen: 12345, payerOpenid: openid })).prepayId).toBe(prepayId);
  });

  test('When an unpaid order is queried, then it is NOTPAY; once paid, SUCCESS with the transaction id and amount', async () => {
    const { no } = await prepaid(500);
    expect(await client.queryByOutTradeNo(no)).toMatchObject({ out_trade_no: no, trade_state: 'NOTPAY', amount: { total: 500 } });
    await fake.pay(no);
    const t = await client.queryByOutTradeNo(no);
    expect(t).toMatchObject({ trade_state: 'SUCCESS', amount: { total: 500, payer_total: 500 }, payer: { openid } });
    expect(t.transaction_id).toBe(fake.order(no)?.transactionId);
  });

  test('When an order is closed, then it queries CLOSED, cannot be placed again, and a paid order cannot be closed', async () => {
    const { no } = await prepaid();
    await client.close(no);
    expect((await client.queryByOutTradeNo(no)).trade_state).toBe('CLOSED');
    expect(await caught(client.jsapiPrepay({ description: 'x', outTradeNo: no, amountFen: 12345, payerOpenid: openid }))).toMatchObject({ status: 400, code: 'ORDER_CLOSED' });
    const paid = await prepaid();
    await fake.pay(paid.no);
    expect(await caught(client.close(paid.no))).toMatchObject({ status: 400, code: 'ORDERPAID' });
  });

  test('When an unknown order is queried, then WeChat Pay answers 404 ORDER_NOT_EXIST', async () => {
    expect(await caught(client.queryByOutTradeNo('NO_SUCH_ORDER'))).toMatchObject({ status: 404, code: 'ORDER_NOT_EXIST' });
  });

  test('When the same order number comes with another amount, then it is refused', async () => {
    const { no } = await prepaid(100);
    expect(await caught(client.jsapiPrepay({ description: 'x', outTradeNo: no, amountFen: 101, payerOpenid: openid }))).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
  });
});

describe('request signatures', () => {
  test('When a request is signed with another key, then the fake answers 401 SIGN_ERROR and records no order', async () => {
    const impostor = createWechatPayClient({ ...settings, privateKeyPem: generateRsaKeyPair().privateKeyPem });
    const no = orderNo();
    expect(await caught(impostor.jsapiPrepay({ description: 'x', outTradeNo: no, amountFen: 1, payerOpenid: openid }))).toMatchObject({ status: 401, code: 'SIGN_ERROR' });
    expect(fake.order(no)).toBeUndefined();
  });

  test('When the merchant serial is wrong or the request is too old, then 401 SIGN_ERROR', async () => {
    const wrongSerial = createWechatPayClient({ ...settings, merchantSerial: 'ABCDEF0123456789' });
    expect(await caught(wrongSerial.queryByOutTradeNo('X'))).toMatchObject({ status: 401, code: 'SIGN_ERROR' });
    const real = Date.now();
    let t = real - 10 * 60_000;
    setClock(() => new Date(t));
    const req = client.queryByOutTradeNo('X'); // signed ten minutes ago
    t = real;
    expect(await caught(req)).toMatchObject({ status: 401, code: 'SIGN_ERROR' });
  });

  test('When a request without Authorization reaches the fake, then 401 SIGN_ERROR in WeChat’s error shape', async () => {
    const res = await fetch(`${fake.baseUrl}/v3/pay/transactions/out-trade-no/X?mchid=${MCHID}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 'SIGN_ERROR', message: expect.any(String) });
  });

  test('When a response is not signed by the configured platform key, then the client refuses it', async () => {
    const otherPlatform = createWechatPayClient({ ...settings, platformPublicKeyPem: generateRsaKeyPair().publicKeyPem });
    const { no } = await prepaid();
    expect(await caught(otherPlatform.queryByOutTradeNo(no))).toMatchObject({ code: 'RESPONSE_SIGNATURE_INVALID' });
  });
});

describe('notifications', () => {
  test('When the owner pays, then a signed, encrypted TRANSACTION.SUCCESS reaches the notify URL and decrypts to the order', async () => {
    const { no } = await prepaid(8800);
    const [d] = await fake.pay(no);
    expect(d.status).toBe(204);
    expect(received).toEqual([{ ok: true, event: { kind: 'transaction', id: d.notificationId, eventType: 'TRANSACTION.SUCCESS', transaction: expect.objectContaining({ out_trade_no: no, trade_state: 'SUCCESS', amount: expect.objectContaining({ total: 8800 }) }) } }]);
  });

  test('When the duplicate knob is on, then the same notification is delivered twice', async () => {
    fake.setNotifyKnobs({ duplicate: true });
    const { no } = await prepaid();
    const ds = await fake.pay(no);
    expect(ds).toHaveLength(2);
    expect(received).toHaveLength(2);
    const ids = received.map((r) => (r.ok ? r.event.id : null));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[0]).toBe(ds[0].notificationId);
  });

  test('When the drop knob is on, then nothing arrives, the order still queries SUCCESS, and a redelivery arrives', async () => {
    fake.setNotifyKnobs({ drop: true });
    const { no } = await prepaid();
    const [d] = await fake.pay(no);
    expect(d.status).toBeNull();
    expect(received).toEqual([]);
    expect((await client.queryByOutTradeNo(no)).trade_state).toBe('SUCCESS');
    fake.setNotifyKnobs({});
    expect((await fake.redeliver(d.notificationId)).status).toBe(204);
    expect(received).toEqual([expect.objectContaining({ ok: true })]);
  });

  test('When the wrong-signature knob is on, then the verifier rejects the notification', async () => {
    fake.setNotifyKnobs({ wrongSignature: true });
    const { no } = await prepaid();
    await fake.pay(no);
    expect(received).toEqual([{ ok: false, reason: 'bad-signature' }]);
  });

  test('When the delay knob is on, then the order is paid before the notification arrives', async () => {
    fake.setNotifyKnobs({ delayMs: 200 });
    const { no } = await prepaid();
    const sending = fake.pay(no);
    expect((await client.queryByOutTradeNo(no)).trade_state).toBe('SUCCESS');
    expect(received).toEqual([]);
    await sending;
    expect(received).toHaveLength(1);
  });

  test('When the notify URL answers an error, then the delivery records its status', async () => {
    notifyStatus = 500;
    const { no } = await prepaid();
    const [d] = await fake.pay(no);
    expect(d.status).toBe(500);
  });
});

describe('refunds', () => {
  test('When a paid order is refunded, then the refund is PROCESSING, a REFUND.SUCCESS notification follows and the query says SUCCESS', async () => {
    const { no } = await prepaid(1000);
    await fake.pay(no);
    received.length = 0;
    const outRefundNo = `R${no}`;
    const r = await client.refund({ outTradeNo: no, outRefundNo, refundFen: 300, totalFen: 1000, reason: '多缴退回' });
    expect(r).toMatchObject({ out_refund_no: outRefundNo, out_trade_no: no, status: 'PROCESSING', amount: { refund: 300, total: 1000 } });
    const note = await until(() => received.find((x) => x.ok && x.event.kind === 'refund'), 'the refund notification');
    expect(note).toEqual({ ok: true, event: { kind: 'refund', id: expect.any(String), eventType: 'REFUND.SUCCESS', refund: expect.objectContaining({ out_refund_no: outRefundNo, refund_status: 'SUCCESS', amount: expect.objectContaining({ refund: 300 }) }) } });
    expect(await client.queryRefund(outRefundNo)).toMatchObject({ status: 'SUCCESS', refund_id: r.refund_id });
    expect((await client.queryByOutTradeNo(no)).trade_state).toBe('REFUND');
    // The same refund number again: the same refund, not a second one.
    expect((await client.refund({ outTradeNo: no, outRefundNo, refundFen: 300, totalFen: 1000 })).refund_id).toBe(r.refund_id);
  });

  test('When a refund exceeds what is left, or the order is unpaid, then WeChat Pay refuses it', async () => {
    const { no } = await prepaid(1000);
    expect(await caught(client.refund({ outTradeNo: no, outRefundNo: `R1${no}`, refundFen: 100, totalFen: 1000 }))).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
    await fake.pay(no);
    await client.refund({ outTradeNo: no, outRefundNo: `R2${no}`, refundFen: 800, totalFen: 1000 });
    expect(await caught(client.refund({ outTradeNo: no, outRefundNo: `R3${no}`, refundFen: 201, totalFen: 1000 }))).toMatchObject({ status: 400, code: 'INVALID_REQUEST' });
    expect(await caught(client.refund({ outTradeNo: no, outRefundNo: `R4${no}`, refundFen: 1001, totalFen: 1000 }))).toMatchObject({ code: 'PARAM_ERROR' });
  });

  test('When an unknown refund is queried, then 404 RESOURCE_NOT_EXISTS', async () => {
    expect(await caught(client.queryRefund('NO_SUCH_REFUND'))).toMatchObject({ status: 404, code: 'RESOURCE_NOT_EXISTS' });
  });
});

describe('trade bill', () => {
  test('When yesterday’s bill is downloaded, then it lists that day’s payments and refunds in 分, hash checked', async () => {
    // Pay at a fixed moment of one day, then read its bill the next day.
    const day = new Date('2026-11-20T02:00:00Z'); // 10:00 in Shanghai
    setClock(() => day);
    const a = await prepaid(2500);
    const b = await prepaid(1);
    await fake.pay(a.no);
    await fake.pay(b.no);
    await client.refund({ outTradeNo: a.no, outRefundNo: `R${a.no}`, refundFen: 500, totalFen: 2500 });
    await until(() => (fake.refunds().find((r) => r.outRefundNo === `R${a.no}`)?.status === 'SUCCESS' ? true : undefined), 'the refund');
    setClock(() => new Date('2026-11-21T03:00:00Z'));
    const bill = await client.tradeBill('2026-11-20');
    const mine = bill.rows.filter((r) => r.outTradeNo === a.no || r.outTradeNo === b.no);
    expect(mine.map((r) => [r.outTradeNo, r.tradeState, r.settlementFen, r.refundFen])).toEqual([
      [a.no, 'SUCCESS', 2500, 0],
      [b.no, 'SUCCESS', 1, 0],
      [a.no, 'REFUND', 0, 500],
    ]);
    expect(bill.text).toContain('`');
    expect(bill.summary.count).toBe(bill.rows.length);
  });

  test('When the bill of a day without trades or of today is asked for, then NO_STATEMENT_EXIST', async () => {
    expect(await caught(client.tradeBill('2001-01-01'))).toMatchObject({ status: 400, code: 'NO_STATEMENT_EXIST' });
    setClock(() => new Date('2026-11-20T05:00:00Z'));
    expect(await caught(client.tradeBill('2026-11-20'))).toMatchObject({ status: 400, code: 'NO_STATEMENT_EXIST' });
  });
});
