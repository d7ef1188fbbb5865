import { createPublicKey } from 'node:crypto';
import { setClock } from '../../cloud/lib/clock';
import { createWechatPayClient } from '../../cloud/lib/wechat-pay/client';
import { generateRsaKeyPair } from '../../cloud/lib/wechat-pay/fake-pay-server';
import {
  authorization,
  decryptResource,
  encryptResource,
  parseAuthorization,
  paymentParams,
  platformHeaders,
  privateKeyOf,
  publicKeyOf,
  requestMessage,
  rsaVerify,
  verifyPaySign,
  verifyPlatformSignature,
} from '../../cloud/lib/wechat-pay/signing';
import type { WechatPaySettings } from '../../cloud/lib/wechat-pay/types';

const merchant = generateRsaKeyPair();
const platformKeys = generateRsaKeyPair();
const merchantKey = privateKeyOf(merchant.privateKeyPem);
const merchantPublic = createPublicKey(merchant.publicKeyPem);
const platform = { serial: 'PUB_KEY_ID_0114232134912410000000000000', privateKey: privateKeyOf(platformKeys.privateKeyPem), publicKey: publicKeyOf(platformKeys.publicKeyPem) };
const API_V3_KEY = 'abcdefghijklmnopqrstuvwxyz012345';
const NOW = 1_765_000_000;

const settings: WechatPaySettings = {
  apiBase: 'http://127.0.0.1:1',
  mchid: '1900000001',
  appId: 'wx0123456789abcdef',
  merchantSerial: '3775B6A45ACD588826D15E583A95F5DD00000000',
  privateKeyPem: merchant.privateKeyPem,
  apiV3Key: API_V3_KEY,
  platformSerial: platform.serial,
  platformPublicKeyPem: platformKeys.publicKeyPem,
  notifyUrl: 'https://wuye.example.com/pay/notify',
  timeoutMs: 1000,
};

afterEach(() => setClock());

describe('request signing', () => {
  test('When a request is signed, then the Authorization header carries every field and its signature verifies with the merchant public key', () => {
    const req = { method: 'POST', url: '/v3/pay/transactions/jsapi', body: '{"a":1}', timestamp: NOW, nonce: 'NONCE123' };
    const header = authorization(req, { mchid: '1900000001', serialNo: 'ABC123', privateKey: merchantKey });
    expect(header).toMatch(/^WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="NONCE123",signature="[A-Za-z0-9+/=]+",timestamp="1765000000",serial_no="ABC123"$/);
    const parts = parseAuthorization(header);
    expect(requestMessage(req)).toBe(`POST\n/v3/pay/transactions/jsapi\n${NOW}\nNONCE123\n{"a":1}\n`);
    expect(parts && rsaVerify(requestMessage(req), parts.signature, merchantPublic)).toBe(true);
    expect(parts && rsaVerify(requestMessage({ ...req, body: '{"a":2}' }), parts.signature, merchantPublic)).toBe(false);
  });

  test('When an Authorization header is not a v3 signature, then it is not parsed', () => {
    expect(parseAuthorization(undefined)).toBeNull();
    expect(parseAuthorization('Bearer x')).toBeNull();
    expect(parseAuthorization('WECHATPAY2-SHA256-RSA2048 mchid="1"')).toBeNull();
  });
});

describe('platform signatures', () => {
  const body = '{"trade_state":"SUCCESS"}';
  const headers = platformHeaders(body, platform, NOW);

  test('When a body is signed by the platform key, then it verifies', () => {
    expect(verifyPlatformSignature(headers, body, platform, NOW + 10)).toBeNull();
  });

  test('When the body was tampered with, then the signature is rejected', () => {
    expect(verifyPlatformSignature(headers, body.replace('SUCCESS', 'SUCCES5'), platform, NOW)).toBe('bad-signature');
  });

  test('When the serial is not the configured platform key, then it is rejected', () => {
    expect(verifyPlatformSignature({ ...headers, serial: 'PUB_KEY_ID_OTHER' }, body, platform, NOW)).toBe('unknown-serial');
  });

  test('When the timestamp is more than 5 minutes old, then it is rejected (even with a valid signature)', () => {
    expect(verifyPlatformSignature(headers, body, platform, NOW + 5 * 60)).toBeNull();
    expect(verifyPlatformSignature(headers, body, platform, NOW + 5 * 60 + 1)).toBe('stale-timestamp');
  });

  test('When signed by another key, or headers are missing, then it is rejected', () => {
    const other = { ...platform, privateKey: privateKeyOf(merchant.privateKeyPem) };
    expect(verifyPlatformSignature(platformHeaders(body, other, NOW), body, platform, NOW)).toBe('bad-signature');
    expect(verifyPlatformSignature(null, body, platform, NOW)).toBe('missing-headers');
  });
});

describe('resource encryption', () => {
  test('When a resource is encrypted with the APIv3 key, then it decrypts back; the tag is the last 16 bytes', () => {
    const plain = JSON.stringify({ out_trade_no: 'P1', amount: { total: 12345 } });
    const r = encryptResource(plain, API_V3_KEY, 'transaction', 'transaction');
    expect(Buffer.from(r.ciphertext, 'base64').length).toBe(Buffer.byteLength(plain) + 16);
    expect(decryptResource(r, API_V3_KEY)).toBe(plain);
  });

  test('When the key or the associated data is wrong, then decryption fails', () => {
    const r = encryptResource('{"x":1}', API_V3_KEY, 'transaction', 'transaction');
    expect(() => decryptResource(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345')).toThrow();
    expect(() => decryptResource({ ...r, associated_data: 'refund' }, API_V3_KEY)).toThrow();
    expect(() => decryptResource(r, 'short')).toThrow('32 bytes');
  });
});

describe('requestPayment parameters', () => {
  test('When payment parameters are made, then paySign verifies with the merchant public key over appId, timeStamp, nonceStr and package', () => {
    const p = paymentParams('wx0123456789abcdef', 'wx2017033010242291fcfe0db70013231072', merchantKey, NOW, 'N1');
    expect(p).toMatchObject({ appId: 'wx0123456789abcdef', timeStamp: String(NOW), nonceStr: 'N1', package: 'prepay_id=wx2017033010242291fcfe0db70013231072', signType: 'RSA' });
    expect(verifyPaySign(p, merchantPublic)).toBe(true);
    expect(rsaVerify(`wx0123456789abcdef\n${NOW}\nN1\nprepay_id=wx2017033010242291fcfe0db70013231072\n`, p.paySign, merchantPublic)).toBe(true);
    expect(verifyPaySign({ ...p, package: 'prepay_id=other' }, merchantPublic)).toBe(false);
    expect(verifyPaySign(p, platform.publicKey)).toBe(false);
  });

  test('When the client makes payment parameters, then they use the configured app id and the clock', () => {
    setClock(() => new Date(NOW * 1000));
    const p = createWechatPayClient(settings).requestPaymentParams('wx_prepay_1');
    expect(p.appId).toBe(settings.appId);
    expect(p.timeStamp).toBe(String(NOW));
    expect(verifyPaySign(p, merchantPublic)).toBe(true);
  });
});

describe('notifications', () => {
  const client = createWechatPayClient(settings);
  const transaction = { appid: settings.appId, mchid: settings.mchid, out_trade_no: 'P1', transaction_id: '4200001', trade_type: 'JSAPI', trade_state: 'SUCCESS', trade_state_desc: '支付成功', success_time: '2026-12-06T10:00:00+08:00', payer: { openid: 'o1' }, amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' } };
  const envelope = (key = API_V3_KEY, eventType = 'TRANSACTION.SUCCESS') =>
    JSON.stringify({ id: 'n1', create_time: '2026-12-06T10:00:01+08:00', resource_type: 'encrypt-resource', event_type: eventType, summary: '支付成功', resource: encryptResource(JSON.stringify(transaction), key, 'transaction', 'transaction') });
  const headerBag = (h: ReturnType<typeof platformHeaders>) => (name: string) =>
    ({ 'wechatpay-timestamp': h.timestamp, 'wechatpay-nonce': h.nonce, 'wechatpay-signature': h.signature, 'wechatpay-serial': h.serial })[name.toLowerCase()];

  test('When a notification is signed and encrypted, then the client returns the decrypted transaction', () => {
    setClock(() => new Date(NOW * 1000));
    const body = envelope();
    const r = client.parseNotification(headerBag(platformHeaders(body, platform, NOW)), body);
    expect(r).toEqual({ ok: true, event: { kind: 'transaction', id: 'n1', eventType: 'TRANSACTION.SUCCESS', transaction: expect.objectContaining({ out_trade_no: 'P1', amount: expect.objectContaining({ total: 100 }) }) } });
  });

  test('When a notification is tampered, replayed late, from another serial or encrypted with another key, then it is refused with the reason', () => {
    setClock(() => new Date(NOW * 1000));
    const body = envelope();
    const h = platformHeaders(body, platform, NOW);
    expect(client.parseNotification(headerBag(h), body.replace('"n1"', '"n2"'))).toEqual({ ok: false, reason: 'bad-signature' });
    expect(client.parseNotification(headerBag({ ...h, serial: 'X' }), body)).toEqual({ ok: false, reason: 'unknown-serial' });
    setClock(() => new Date((NOW + 6 * 60) * 1000));
    expect(client.parseNotification(headerBag(h), body)).toEqual({ ok: false, reason: 'stale-timestamp' });
    setClock(() => new Date(NOW * 1000));
    const otherKey = envelope('ABCDEFGHIJKLMNOPQRSTUVWXYZ012345');
    expect(client.parseNotification(headerBag(platformHeaders(otherKey, platform, NOW)), otherKey)).toEqual({ ok: false, reason: 'undecryptable' });
    const unknown = envelope(API_V3_KEY, 'TRANSACTION.UNKNOWN');
    expect(client.parseNotification(headerBag(platformHeaders(unknown, platform, NOW)), unknown)).toEqual({ ok: false, reason: 'unknown-event' });
  });
});
