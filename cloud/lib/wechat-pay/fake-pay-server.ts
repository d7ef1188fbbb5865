import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { localDay, localMinute } from '@shared/domain/calendar';
import { now as clockNow } from '../clock';
import { formatTradeBill } from './bill';
import { rfc3339Shanghai } from './client';
import {
  encryptResource,
  MAX_CLOCK_SKEW_SECONDS,
  parseAuthorization,
  platformHeaders,
  privateKeyOf,
  publicKeyOf,
  requestMessage,
  rsaVerify,
  type WechatpaySignatureHeaders,
} from './signing';
import { FAKE_PLATFORM_SERIAL_PREFIX, type RefundStatus, type TradeBillRow, type TradeState } from './types';

/**
 * A fake of WeChat Pay API v3 (api.mch.weixin.qq.com): a real HTTP server on 127.0.0.1 with its
 * own platform RSA key pair. It checks the merchant's request signatures (401 SIGN_ERROR otherwise),
 * issues prepay ids, records orders, lets a test "pay" an order (the owner confirming in WeChat),
 * then POSTs signed, AES-256-GCM encrypted notifications to the order's notify URL — with knobs:
 * delay, duplicate, drop, wrong signature. It answers order queries, close, refunds (and sends
 * REFUND.SUCCESS; ABNORMAL or CLOSED with `setRefundOutcome`), and serves a day's trade bill in
 * WeChat's CSV format. Errors are WeChat's shape: `{code, message}` with the HTTP status. Every
 * answer is signed with the platform key. It never retries a notification (the real one does,
 * over hours): tests call `redeliver`.
 */

export interface RsaKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** A fresh 2048-bit RSA key pair in PEM (PKCS#8 / SPKI), as WeChat's certificate tool makes them. */
export function generateRsaKeyPair(): RsaKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export { FAKE_PLATFORM_SERIAL_PREFIX };

export interface FakeWechatPayOptions {
  mchid: string;
  appId: string;
  merchantSerial: string;
  /** The merchant's public key: the fake verifies request signatures with it. */
  merchantPublicKeyPem: string;
  apiV3Key: string;
  /** A platform key pair to use (default: a new one). */
  platformKeys?: RsaKeyPair;
  port?: number;
}

export interface FakeOrder {
  outTradeNo: string;
  appid: string;
  mchid: string;
  description: string;
  notifyUrl: string;
  totalFen: number;
  openid: string;
  attach?: string;
  prepayId: string;
  tradeState: TradeState;
  transactionId?: string;
  successTime?: string;
  createdAt: Date;
  paidAt?: Date;
}

export interface FakeRefund {
  outRefundNo: string;
  refundId: string;
  outTradeNo: string;
  refundFen: number;
  notifyUrl?: string;
  status: RefundStatus;
  createdAt: Date;
  successTime?: string;
}

/** How the next notifications are delivered (until changed). */
export interface NotifyKnobs {
  /** Wait this long before sending. */
  delayMs?: number;
  /** Send each notification twice (same id). */
  duplicate?: boolean;
  /** Do not send at all (recorded as dropped). */
  drop?: boolean;
  /** Send with a signature that does not verify. */
  wrongSignature?: boolean;
}

export interface Delivery {
  notificationId: string;
  eventType: string;
  outTradeNo: string;
  url: string;
  /** The HTTP status the notify URL answered; 0 = could not connect; null = dropped. */
  status: number | null;
  body: string;
  headers: WechatpaySignatureHeaders;
}

export interface RecordedPayRequest {
  method: string;
  path: string;
  body: string;
  /** The status the fake answered. */
  status: number;
}

export interface FakeWechatPayServer {
  baseUrl: string;
  platformSerial: string;
  platformPublicKeyPem: string;
  orders(): FakeOrder[];
  order(outTradeNo: string): FakeOrder | undefined;
  refunds(): FakeRefund[];
  requests(): RecordedPayRequest[];
  deliveries(): Delivery[];
  setNotifyKnobs(knobs: NotifyKnobs): void;
  /** How the next refunds end (until changed; default SUCCESS): ABNORMAL (e.g. the payer's card closed) or CLOSED, with their REFUND.* notification. */
  setRefundOutcome(status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED'): void;
  /** The owner pays in WeChat: the order becomes SUCCESS and its notification is sent (resolves when sent, or dropped). */
  pay(outTradeNo: string): Promise<Delivery[]>;
  /** Send a delivered (or dropped) notification again, as WeChat Pay's retries do. */
  redeliver(notificationId: string): Promise<Delivery>;
  close(): Promise<void>;
}

const shanghaiDate = (d: Date) => localDay(d);
/** 'YYYY-MM-DD HH:mm:ss' in Asia/Shanghai, as the bill writes times. */
const shanghaiTime = (d: Date) => `${localMinute(d)}:${String(d.getUTCSeconds()).padStart(2, '0')}`;
const digits = (n: number) => [...randomBytes(n)].map((b) => String(b % 10)).join('');

class PayError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
}

export async function startFakeWechatPay(opts: FakeWechatPayOptions): Promise<FakeWechatPayServer> {
  const keys = opts.platformKeys ?? generateRsaKeyPair();
  const platform = { serial: `${FAKE_PLATFORM_SERIAL_PREFIX}_${randomBytes(8).toString('hex').toUpperCase()}`, privateKey: privateKeyOf(keys.privateKeyPem) };
  // A different key: the signature a "wrong signature" notification carries.
  const impostor = { serial: platform.serial, privateKey: privateKeyOf(generateRsaKeyPair().privateKeyPem) };
  const merchantKey: KeyObject = publicKeyOf(opts.merchantPublicKeyPem);
  const orders = new Map<string, FakeOrder>();
  const refunds = new Map<string, FakeRefund>();
  const bills = new Map<string, string>();
  const recorded: RecordedPayRequest[] = [];
  const delivered: Delivery[] = [];
  let knobs: NotifyKnobs = {};
  let refundOutcome: 'SUCCESS' | 'ABNORMAL' | 'CLOSED' = 'SUCCESS';
  const seconds = () => Math.floor(clockNow().getTime() / 1000);

  function checkSignature(method: string, pathAndQuery: string, body: string, header: string | undefined): void {
    const auth = parseAuthorization(header);
    if (!auth) throw new PayError(401, 'SIGN_ERROR', 'Authorization 不合法');
    if (auth.mchid !== opts.mchid) throw new PayError(401, 'SIGN_ERROR', '商户号与签名不符');
    if (auth.serial_no !== opts.merchantSerial) throw new PayError(401, 'SIGN_ERROR', '商户证书序列号有误');
    const ts = Number(auth.timestamp);
    if (!Number.isInteger(ts) || Math.abs(seconds() - ts) > MAX_CLOCK_SKEW_SECONDS) throw new PayError(401, 'SIGN_ERROR', '签名的时间戳已过期');
    const message = requestMessage({ method, url: pathAndQuery, body, timestamp: ts, nonce: auth.nonce_str });
    if (!rsaVerify(message, auth.signature, merchantKey)) throw new PayError(401, 'SIGN_ERROR', '签名错误');
  }

  const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

  function transactionOf(o: FakeOrder): Record<string, unknown> {
    return {
      appid: o.appid,
      mchid: o.mchid,
      out_trade_no: o.outTradeNo,
      ...(o.transactionId ? { transaction_id: o.transactionId, bank_type: 'OTHERS', success_time: o.successTime, payer: { openid: o.openid } } : {}),
      trade_type: 'JSAPI',
      trade_state: o.tradeState,
      trade_state_desc: { SUCCESS: '支付成功', NOTPAY: '未支付', CLOSED: '已关闭', REFUND: '转入退款', REVOKED: '已撤销', USERPAYING: '用户支付中', PAYERROR: '支付失败' }[o.tradeState],
      ...(o.attach ? { attach: o.attach } : {}),
      amount: o.transactionId ? { total: o.totalFen, payer_total: o.totalFen, currency: 'CNY', payer_currency: 'CNY' } : { total: o.totalFen, currency: 'CNY' },
    };
  }

  function refundOf(r: FakeRefund): Record<string, unknown> {
    const o = orders.get(r.outTradeNo);
    const total = o?.totalFen ?? 0;
    return {
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      transaction_id: o?.transactionId ?? '',
      out_trade_no: r.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      create_time: rfc3339Shanghai(r.createdAt),
      ...(r.successTime ? { success_time: r.successTime } : {}),
      status: r.status,
      amount: { total, refund: r.refundFen, payer_total: total, payer_refund: r.refundFen, settlement_refund: r.refundFen, settlement_total: total, discount_refund: 0, currency: 'CNY' },
    };
  }

  function prepay(body: Record<string, unknown>): Record<string, unknown> {
    const amount = obj(body.amount);
    const payer = obj(body.payer);
    if (!str(body.appid) || !str(body.mchid) || !str(body.description) || !str(body.out_trade_no) || !str(body.notify_url) || !int(amount.total) || !str(payer.openid)) {
      throw new PayError(400, 'PARAM_ERROR', '参数错误：appid、mchid、description、out_trade_no、notify_url、amount.total（整数，单位分）、payer.openid 必填');
    }
    if (body.mchid !== opts.mchid) throw new PayError(400, 'PARAM_ERROR', 'mchid 与请求的商户号不一致');
    if (body.appid !== opts.appId) throw new PayError(400, 'APPID_MCHID_NOT_MATCH', 'appid 和 mchid 不匹配');
    if (amount.total <= 0) throw new PayError(400, 'PARAM_ERROR', '订单金额必须大于 0');
    if (!/^https?:\/\//.test(body.notify_url)) throw new PayError(400, 'PARAM_ERROR', 'notify_url 格式不正确');
    const existing = orders.get(body.out_trade_no);
    if (existing) {
      if (existing.tradeState === 'SUCCESS' || existing.tradeState === 'REFUND') throw new PayError(400, 'ORDERPAID', '该订单已支付');
      if (existing.tradeState === 'CLOSED') throw new PayError(400, 'ORDER_CLOSED', '订单已关闭');
      if (existing.totalFen !== amount.total || existing.openid !== payer.openid) throw new PayError(400, 'INVALID_REQUEST', '201 商户订单号重复');
      return { prepay_id: existing.prepayId };
    }
    const o: FakeOrder = {
      outTradeNo: body.out_trade_no,
      appid: body.appid,
      mchid: body.mchid,
      description: body.description,
      notifyUrl: body.notify_url,
      totalFen: amount.total,
      openid: payer.openid,
      ...(str(body.attach) ? { attach: body.attach } : {}),
      prepayId: `wx${digits(14)}${randomBytes(10).toString('hex')}`,
      tradeState: 'NOTPAY',
      createdAt: clockNow(),
    };
    orders.set(o.outTradeNo, o);
    return { prepay_id: o.prepayId };
  }

  function orderOrThrow(no: string): FakeOrder {
    const o = orders.get(no);
    if (!o) throw new PayError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return o;
  }

  function refund(body: Record<string, unknown>): Record<string, unknown> {
    const amount = obj(body.amount);
    if (!str(body.out_trade_no) || !str(body.out_refund_no) || !int(amount.refund) || !int(amount.total) || amount.refund <= 0) {
      throw new PayError(400, 'PARAM_ERROR', '参数错误：out_trade_no、out_refund_no、amount.refund、amount.total（整数，单位分）必填');
    }
    const existing = refunds.get(body.out_refund_no);
    if (existing) return refundOf(existing);
    const o = orderOrThrow(body.out_trade_no);
    if (o.tradeState !== 'SUCCESS' && o.tradeState !== 'REFUND') throw new PayError(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (amount.total !== o.totalFen) throw new PayError(400, 'PARAM_ERROR', '订单金额与原订单不一致');
    const refunded = [...refunds.values()].filter((r) => r.outTradeNo === o.outTradeNo && r.status !== 'CLOSED').reduce((n, r) => n + r.refundFen, 0);
    if (refunded + amount.refund > o.totalFen) throw new PayError(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    const r: FakeRefund = {
      outRefundNo: body.out_refund_no,
      refundId: `50${digits(27)}`,
      outTradeNo: o.outTradeNo,
      refundFen: amount.refund,
      ...(str(body.notify_url) ? { notifyUrl: body.notify_url } : {}),
      status: 'PROCESSING',
      createdAt: clockNow(),
    };
    refunds.set(r.outRefundNo, r);
    const answer = refundOf(r);
    const outcome = refundOutcome;
    // The refund completes right after the answer (the real one takes seconds to days).
    setImmediate(() => {
      r.status = outcome;
      if (outcome === 'SUCCESS') {
        r.successTime = rfc3339Shanghai(clockNow());
        o.tradeState = 'REFUND';
      }
      const url = r.notifyUrl ?? o.notifyUrl;
      void notify(url, `REFUND.${outcome}`, 'refund', outcome === 'SUCCESS' ? '退款成功' : outcome === 'ABNORMAL' ? '退款异常' : '退款关闭', o.outTradeNo, {
        mchid: o.mchid,
        out_trade_no: o.outTradeNo,
        transaction_id: o.transactionId ?? '',
        out_refund_no: r.outRefundNo,
        refund_id: r.refundId,
        refund_status: outcome,
        ...(r.successTime ? { success_time: r.successTime } : {}),
        user_received_account: '支付用户零钱',
        amount: { total: o.totalFen, refund: r.refundFen, payer_total: o.totalFen, payer_refund: r.refundFen },
      }).catch(() => undefined);
    });
    return answer;
  }

  function tradeBill(billDate: string | null, base: string): Record<string, unknown> {
    if (!billDate || !/^\d{4}-\d{2}-\d{2}$/.test(billDate)) throw new PayError(400, 'PARAM_ERROR', 'bill_date 格式应为 yyyy-MM-dd');
    if (billDate >= shanghaiDate(clockNow())) throw new PayError(400, 'NO_STATEMENT_EXIST', '账单未生成：次日 10 点后可下载');
    const rows: TradeBillRow[] = [];
    for (const o of orders.values()) {
      if (!o.paidAt || shanghaiDate(o.paidAt) !== billDate) continue;
      rows.push({
        tradeTime: shanghaiTime(o.paidAt), appId: o.appid, mchid: o.mchid, transactionId: o.transactionId ?? '', outTradeNo: o.outTradeNo, openid: o.openid,
        tradeType: 'JSAPI', tradeState: 'SUCCESS', settlementFen: o.totalFen, refundId: '', outRefundNo: '', refundFen: 0, refundStatus: '',
        description: o.description, attach: o.attach ?? '', fee: '0.00', orderFen: o.totalFen,
      });
    }
    for (const r of refunds.values()) {
      const o = orders.get(r.outTradeNo);
      if (!o || r.status !== 'SUCCESS' || shanghaiDate(r.createdAt) !== billDate) continue;
      rows.push({
        tradeTime: shanghaiTime(r.createdAt), appId: o.appid, mchid: o.mchid, transactionId: o.transactionId ?? '', outTradeNo: o.outTradeNo, openid: o.openid,
        tradeType: 'JSAPI', tradeState: 'REFUND', settlementFen: 0, refundId: r.refundId, outRefundNo: r.outRefundNo, refundFen: r.refundFen, refundStatus: 'SUCCESS',
        description: o.description, attach: o.attach ?? '', fee: '0.00', orderFen: 0,
      });
    }
    if (!rows.length) throw new PayError(400, 'NO_STATEMENT_EXIST', '当日无交易，账单不存在');
    const text = formatTradeBill(rows);
    const token = randomBytes(12).toString('hex');
    bills.set(token, text);
    return { hash_type: 'SHA1', hash_value: createHash('sha1').update(text, 'utf8').digest('hex'), download_url: `${base}/v3/billdownload/file?token=${token}` };
  }

  async function send(url: string, body: string, headers: WechatpaySignatureHeaders): Promise<number> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Wechatpay-Timestamp': headers.timestamp,
          'Wechatpay-Nonce': headers.nonce,
          'Wechatpay-Signature': headers.signature,
          'Wechatpay-Serial': headers.serial,
        },
        body,
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  }

  async function notify(url: string, eventType: string, resourceType: string, summary: string, outTradeNo: string, resource: Record<string, unknown>): Promise<Delivery[]> {
    const k = knobs;
    const id = `${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(6).toString('hex')}`;
    const envelope = {
      id,
      create_time: rfc3339Shanghai(clockNow()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: encryptResource(JSON.stringify(resource), opts.apiV3Key, resourceType === 'refund' ? 'refund' : 'transaction', resourceType),
    };
    const body = JSON.stringify(envelope);
    if (k.delayMs) await new Promise((r) => setTimeout(r, k.delayMs));
    const headers = platformHeaders(body, k.wrongSignature ? impostor : platform, seconds());
    const out: Delivery[] = [];
    for (let i = 0; i < (k.duplicate ? 2 : 1); i++) {
      const d: Delivery = { notificationId: id, eventType, outTradeNo, url, status: k.drop ? null : await send(url, body, headers), body, headers };
      delivered.push(d);
      out.push(d);
    }
    return out;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const method = req.method ?? 'GET';
      const pathAndQuery = req.url ?? '/';
      const url = new URL(pathAndQuery, 'http://127.0.0.1');
      const reply = (status: number, payload: Record<string, unknown> | string | null, contentType = 'application/json') => {
        const text = payload === null ? '' : typeof payload === 'string' ? payload : JSON.stringify(payload);
        const h = platformHeaders(text, platform, seconds());
        recorded.push({ method, path: url.pathname, body: raw, status });
        res.writeHead(status, {
          ...(text ? { 'Content-Type': contentType } : {}),
          'Request-ID': randomBytes(16).toString('hex'),
          'Wechatpay-Timestamp': h.timestamp,
          'Wechatpay-Nonce': h.nonce,
          'Wechatpay-Signature': h.signature,
          'Wechatpay-Serial': h.serial,
        });
        res.end(text);
      };
      try {
        checkSignature(method, pathAndQuery, raw, req.headers.authorization);
        let body: Record<string, unknown> = {};
        if (raw) {
          try {
            body = obj(JSON.parse(raw));
          } catch {
            throw new PayError(400, 'PARAM_ERROR', '请求体不是合法的 JSON');
          }
        }
        const p = url.pathname;
        let m: RegExpExecArray | null;
        if (method === 'POST' && p === '/v3/pay/transactions/jsapi') return reply(200, prepay(body));
        if (method === 'GET' && (m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(p))) {
          if (url.searchParams.get('mchid') !== opts.mchid) throw new PayError(400, 'PARAM_ERROR', 'mchid 参数错误');
          return reply(200, transactionOf(orderOrThrow(decodeURIComponent(m[1]))));
        }
        if (method === 'POST' && (m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(p))) {
          if (body.mchid !== opts.mchid) throw new PayError(400, 'PARAM_ERROR', 'mchid 参数错误');
          const o = orderOrThrow(decodeURIComponent(m[1]));
          if (o.tradeState === 'SUCCESS' || o.tradeState === 'REFUND') throw new PayError(400, 'ORDERPAID', '订单已支付，不能关闭');
          o.tradeState = 'CLOSED';
          return reply(204, null);
        }
        if (method === 'POST' && p === '/v3/refund/domestic/refunds') return reply(200, refund(body));
        if (method === 'GET' && (m = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(p))) {
          const r = refunds.get(decodeURIComponent(m[1]));
          if (!r) throw new PayError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
          return reply(200, refundOf(r));
        }
        if (method === 'GET' && p === '/v3/bill/tradebill') return reply(200, tradeBill(url.searchParams.get('bill_date'), baseUrl));
        if (method === 'GET' && p === '/v3/billdownload/file') {
          const text = bills.get(url.searchParams.get('token') ?? '');
          if (text === undefined) throw new PayError(404, 'RESOURCE_NOT_EXISTS', '账单链接无效或已过期');
          return reply(200, text, 'text/plain; charset=utf-8');
        }
        throw new PayError(404, 'NOT_FOUND', `fake WeChat Pay: no such API ${method} ${p}`);
      } catch (err) {
        if (err instanceof PayError) return reply(err.status, { code: err.code, message: err.message });
        return reply(500, { code: 'SYSTEM_ERROR', message: (err as Error).message });
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    platformSerial: platform.serial,
    platformPublicKeyPem: keys.publicKeyPem,
    orders: () => [...orders.values()].map((o) => ({ ...o })),
    order: (no) => {
      const o = orders.get(no);
      return o && { ...o };
    },
    refunds: () => [...refunds.values()].map((r) => ({ ...r })),
    requests: () => [...recorded],
    deliveries: () => [...delivered],
    setNotifyKnobs(k) {
      knobs = { ...k };
    },
    setRefundOutcome(status) {
      refundOutcome = status;
    },
    async pay(no) {
      const o = orders.get(no);
      if (!o) throw new Error(`fake WeChat Pay: no order ${no}`);
      if (o.tradeState !== 'NOTPAY') throw new Error(`fake WeChat Pay: order ${no} is ${o.tradeState}`);
      const at = clockNow();
      o.tradeState = 'SUCCESS';
      o.paidAt = at;
      o.transactionId = `42000${digits(23)}`;
      o.successTime = rfc3339Shanghai(at);
      return notify(o.notifyUrl, 'TRANSACTION.SUCCESS', 'transaction', '支付成功', o.outTradeNo, transactionOf(o));
    },
    async redeliver(notificationId) {
      const d = delivered.find((x) => x.notificationId === notificationId);
      if (!d) throw new Error(`fake WeChat Pay: no notification ${notificationId}`);
      const headers = platformHeaders(d.body, platform, seconds());
      const again: Delivery = { ...d, headers, status: await send(d.url, d.body, headers) };
      delivered.push(again);
      return again;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
