import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { localDay, localIso, localTime } from '@shared/domain/calendar';
import { now } from '../clock';
import { parseTradeBill } from './bill';
import {
  authorization,
  decryptResource,
  nonceStr,
  paymentParams,
  privateKeyOf,
  publicKeyOf,
  signatureHeadersOf,
  verifyPlatformSignature,
  type RequestPaymentParams,
  type VerifyFailure,
} from './signing';
import {
  billLinkSchema,
  errorBodySchema,
  notificationSchema,
  prepaySchema,
  REFUND_EVENTS,
  refundNotificationSchema,
  refundSchema,
  TRANSACTION_SUCCESS,
  transactionSchema,
  type JsapiPrepayInput,
  type Refund,
  type RefundInput,
  type RefundNotificationResource,
  type TradeBill,
  type Transaction,
  type WechatPaySettings,
} from './types';

/**
 * A small typed WeChat Pay API v3 client (direct merchant, JSAPI in a mini-program), over fetch and
 * node:crypto. Every request is signed with the merchant key; every successful response's
 * signature is verified with the platform public key before its body is believed. Why not a
 * library: docs/modules/payments.md ("Why our own client").
 */

export { DEFAULT_WECHAT_PAY_API_BASE } from './types';

/** An answer of WeChat Pay other than success (`{code, message}` with the HTTP status), or a response we refuse. */
export class WechatPayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: unknown,
  ) {
    super(`WeChat Pay ${status} ${code}: ${message}`);
    this.name = 'WechatPayError';
  }
}

/** The code of a response whose platform signature did not verify (status 0: nothing to believe). */
export const RESPONSE_SIGNATURE_INVALID = 'RESPONSE_SIGNATURE_INVALID';

export type NotificationEvent =
  | { kind: 'transaction'; id: string; eventType: typeof TRANSACTION_SUCCESS; transaction: Transaction }
  | { kind: 'refund'; id: string; eventType: (typeof REFUND_EVENTS)[number]; refund: RefundNotificationResource };

export type NotificationResult =
  | { ok: true; event: NotificationEvent }
  | { ok: false; reason: VerifyFailure | 'malformed' | 'undecryptable' | 'unknown-event' };

/** What the notify URL answers: 204 when handled, otherwise an error so WeChat Pay retries. */
export const NOTIFY_FAIL_BODY = { code: 'FAIL', message: '失败' } as const;

export interface WechatPayClient {
  readonly settings: Readonly<Omit<WechatPaySettings, 'privateKeyPem' | 'apiV3Key'>>;
  /** POST /v3/pay/transactions/jsapi → the prepay id (valid 2 hours). */
  jsapiPrepay(input: JsapiPrepayInput): Promise<{ prepayId: string }>;
  /** The signed parameters for `Taro.requestPayment` of a prepay id. */
  requestPaymentParams(prepayId: string): RequestPaymentParams;
  /** GET /v3/pay/transactions/out-trade-no/{no}?mchid= (404 ORDER_NOT_EXIST when unknown). */
  queryByOutTradeNo(outTradeNo: string): Promise<Transaction>;
  /** POST /v3/pay/transactions/out-trade-no/{no}/close (204). */
  close(outTradeNo: string): Promise<void>;
  /** POST /v3/refund/domestic/refunds. */
  refund(input: RefundInput): Promise<Refund>;
  /** GET /v3/refund/domestic/refunds/{out_refund_no}. */
  queryRefund(outRefundNo: string): Promise<Refund>;
  /** GET /v3/bill/tradebill?bill_date= then the file (SHA1 checked), parsed; `billDate` is YYYY-MM-DD. */
  tradeBill(billDate: string): Promise<TradeBill>;
  /** A notification POSTed to the notify URL: signature (≤ 5 minutes old) verified, resource decrypted. */
  parseNotification(headers: (name: string) => string | null | undefined, rawBody: string): NotificationResult;
}

export interface WechatPayClientOptions {
  fetch?: typeof fetch;
}

const seconds = () => Math.floor(now().getTime() / 1000);

/** RFC 3339 in Beijing time, as WeChat Pay wants time_expire and success_time (the calendar adds the offset). */
export function rfc3339Shanghai(d: Date): string {
  return localIso(localDay(d), `${localTime(d)}:${String(d.getUTCSeconds()).padStart(2, '0')}`);
}

export function createWechatPayClient(settings: WechatPaySettings, opts: WechatPayClientOptions = {}): WechatPayClient {
  const doFetch = opts.fetch ?? fetch;
  const privateKey = privateKeyOf(settings.privateKeyPem);
  const platform = { serial: settings.platformSerial, publicKey: publicKeyOf(settings.platformPublicKeyPem) };
  const merchant = { mchid: settings.mchid, serialNo: settings.merchantSerial, privateKey };
  const base = settings.apiBase.replace(/\/$/, '');

  async function call(method: 'GET' | 'POST', url: string, body?: unknown, verify = true): Promise<{ status: number; text: string }> {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const target = new URL(url, `${base}/`);
    const signedUrl = `${target.pathname}${target.search}`;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': 'wuye-wechat-pay/1',
      Authorization: authorization({ method, url: signedUrl, body: payload, timestamp: seconds(), nonce: nonceStr() }, merchant),
    };
    if (payload) headers['Content-Type'] = 'application/json';
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), settings.timeoutMs);
    let status: number;
    let text: string;
    let res: Response;
    try {
      res = await doFetch(target, { method, headers, ...(payload ? { body: payload } : {}), signal: ctl.signal });
      status = res.status;
      text = await res.text();
    } catch (err) {
      throw new WechatPayError(0, 'NETWORK_ERROR', (err as Error).message);
    } finally {
      clearTimeout(timer);
    }
    if (status >= 300) {
      const parsed = errorBodySchema.safeParse(safeJson(text));
      throw parsed.success ? new WechatPayError(status, parsed.data.code, parsed.data.message, parsed.data.detail) : new WechatPayError(status, 'HTTP_ERROR', text.slice(0, 200));
    }
    if (verify) {
      const failure = verifyPlatformSignature(signatureHeadersOf((n) => res.headers.get(n)), text, platform, seconds());
      if (failure) throw new WechatPayError(0, RESPONSE_SIGNATURE_INVALID, `response signature ${failure}`);
    }
    return { status, text };
  }

  async function json<S extends z.ZodTypeAny>(schema: S, method: 'GET' | 'POST', url: string, body?: unknown): Promise<z.output<S>> {
    const { text } = await call(method, url, body);
    const parsed = schema.safeParse(safeJson(text));
    if (!parsed.success) throw new WechatPayError(0, 'UNEXPECTED_RESPONSE', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return parsed.data as z.output<S>;
  }

  const enc = encodeURIComponent;
  const mchidQuery = `mchid=${enc(settings.mchid)}`;

  return {
    settings: { apiBase: base, mchid: settings.mchid, appId: settings.appId, merchantSerial: settings.merchantSerial, platformSerial: settings.platformSerial, platformPublicKeyPem: settings.platformPublicKeyPem, notifyUrl: settings.notifyUrl, timeoutMs: settings.timeoutMs },
    async jsapiPrepay(input) {
      if (!Number.isInteger(input.amountFen) || input.amountFen <= 0) throw new WechatPayError(0, 'PARAM_ERROR', 'amount must be a positive integer in 分');
      const r = await json(prepaySchema, 'POST', '/v3/pay/transactions/jsapi', {
        appid: settings.appId,
        mchid: settings.mchid,
        description: input.description,
        out_trade_no: input.outTradeNo,
        ...(input.timeExpire ? { time_expire: rfc3339Shanghai(input.timeExpire) } : {}),
        ...(input.attach ? { attach: input.attach } : {}),
        notify_url: settings.notifyUrl,
        amount: { total: input.amountFen, currency: 'CNY' },
        payer: { openid: input.payerOpenid },
      });
      return { prepayId: r.prepay_id };
    },
    requestPaymentParams: (prepayId) => paymentParams(settings.appId, prepayId, privateKey, seconds()),
    queryByOutTradeNo: (no) => json(transactionSchema, 'GET', `/v3/pay/transactions/out-trade-no/${enc(no)}?${mchidQuery}`),
    async close(no) {
      await call('POST', `/v3/pay/transactions/out-trade-no/${enc(no)}/close`, { mchid: settings.mchid });
    },
    refund(input) {
      if (!Number.isInteger(input.refundFen) || input.refundFen <= 0 || !Number.isInteger(input.totalFen) || input.refundFen > input.totalFen) {
        return Promise.reject(new WechatPayError(0, 'PARAM_ERROR', 'refund must be a positive integer in 分, at most the order total'));
      }
      return json(refundSchema, 'POST', '/v3/refund/domestic/refunds', {
        out_trade_no: input.outTradeNo,
        out_refund_no: input.outRefundNo,
        ...(input.reason ? { reason: input.reason } : {}),
        notify_url: settings.notifyUrl,
        amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
      });
    },
    queryRefund: (no) => json(refundSchema, 'GET', `/v3/refund/domestic/refunds/${enc(no)}`),
    async tradeBill(billDate) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(billDate)) throw new WechatPayError(0, 'PARAM_ERROR', 'bill_date must be YYYY-MM-DD');
      const link = await json(billLinkSchema, 'GET', `/v3/bill/tradebill?bill_date=${billDate}&bill_type=ALL`);
      // The download is signed by us but not by WeChat Pay: the SHA1 of the link's answer vouches for it.
      const { text } = await call('GET', link.download_url, undefined, false);
      const hash = createHash(link.hash_type.toLowerCase() === 'sha1' ? 'sha1' : link.hash_type.toLowerCase()).update(text, 'utf8').digest('hex');
      if (hash !== link.hash_value.toLowerCase()) throw new WechatPayError(0, 'BILL_HASH_MISMATCH', `bill ${billDate}: ${link.hash_type} differs`);
      return parseTradeBill(text, billDate);
    },
    parseNotification(headers, rawBody) {
      const failure = verifyPlatformSignature(signatureHeadersOf(headers), rawBody, platform, seconds());
      if (failure) return { ok: false, reason: failure };
      const envelope = notificationSchema.safeParse(safeJson(rawBody));
      if (!envelope.success) return { ok: false, reason: 'malformed' };
      let plain: string;
      try {
        plain = decryptResource(envelope.data.resource, settings.apiV3Key);
      } catch {
        return { ok: false, reason: 'undecryptable' };
      }
      const { id, event_type: eventType } = envelope.data;
      if (eventType === TRANSACTION_SUCCESS) {
        const t = transactionSchema.safeParse(safeJson(plain));
        return t.success ? { ok: true, event: { kind: 'transaction', id, eventType, transaction: t.data } } : { ok: false, reason: 'malformed' };
      }
      const refundEvent = REFUND_EVENTS.find((e) => e === eventType);
      if (refundEvent) {
        const r = refundNotificationSchema.safeParse(safeJson(plain));
        return r.success ? { ok: true, event: { kind: 'refund', id, eventType: refundEvent, refund: r.data } } : { ok: false, reason: 'malformed' };
      }
      return { ok: false, reason: 'unknown-event' };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
