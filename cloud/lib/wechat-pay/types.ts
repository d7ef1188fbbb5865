import { z } from 'zod';

/**
 * The wire shapes of the WeChat Pay API v3 calls this client makes (snake_case, as WeChat sends
 * them; amounts are integers in 分). Responses are parsed with these schemas, so nothing untyped
 * leaves the client; unknown fields are kept (WeChat adds fields over time).
 */

export const DEFAULT_WECHAT_PAY_API_BASE = 'https://api.mch.weixin.qq.com';

/** The fake WeChat Pay server's platform key ids start with this: production refuses them. */
export const FAKE_PLATFORM_SERIAL_PREFIX = 'PUB_KEY_ID_FAKE';

/** The merchant settings (cloud/lib/config.ts, WECHAT_PAY_*; docs/configuration.md). */
export interface WechatPaySettings {
  /** https://api.mch.weixin.qq.com, or the fake's address. */
  apiBase: string;
  /** 商户号. */
  mchid: string;
  /** The mini-program the payments are made in (WECHAT_APPID). */
  appId: string;
  /** 商户 API 证书序列号. */
  merchantSerial: string;
  /** 商户 API 私钥 (apiclient_key.pem), PEM text. */
  privateKeyPem: string;
  /** APIv3 密钥 (32 characters). */
  apiV3Key: string;
  /** 微信支付公钥 ID (PUB_KEY_ID_…) or 平台证书序列号. */
  platformSerial: string;
  /** 微信支付公钥 or 平台证书, PEM text. */
  platformPublicKeyPem: string;
  /** Where WeChat Pay sends payment and refund notifications (HTTPS, reachable from the internet). */
  notifyUrl: string;
  timeoutMs: number;
}

export const amountSchema = z.object({
  total: z.number().int(),
  payer_total: z.number().int().optional(),
  currency: z.string().default('CNY'),
  payer_currency: z.string().optional(),
}).passthrough();

export const TRADE_STATES = ['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR'] as const;
export type TradeState = (typeof TRADE_STATES)[number];

/** An order as the query returns it and as a TRANSACTION.SUCCESS notification carries it. */
export const transactionSchema = z.object({
  appid: z.string(),
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  trade_type: z.string().optional(),
  trade_state: z.enum(TRADE_STATES),
  trade_state_desc: z.string(),
  bank_type: z.string().optional(),
  attach: z.string().optional(),
  success_time: z.string().optional(),
  payer: z.object({ openid: z.string() }).passthrough().optional(),
  amount: amountSchema.optional(),
}).passthrough();
export type Transaction = z.infer<typeof transactionSchema>;

export const prepaySchema = z.object({ prepay_id: z.string().min(1) }).passthrough();

export const REFUND_STATUSES = ['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const refundSchema = z.object({
  refund_id: z.string(),
  out_refund_no: z.string(),
  transaction_id: z.string(),
  out_trade_no: z.string(),
  channel: z.string().optional(),
  user_received_account: z.string().optional(),
  success_time: z.string().optional(),
  create_time: z.string().optional(),
  status: z.enum(REFUND_STATUSES),
  amount: z.object({
    total: z.number().int(),
    refund: z.number().int(),
    payer_total: z.number().int().optional(),
    payer_refund: z.number().int().optional(),
    currency: z.string().default('CNY'),
  }).passthrough(),
}).passthrough();
export type Refund = z.infer<typeof refundSchema>;

/** The resource of a REFUND.* notification. */
export const refundNotificationSchema = z.object({
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string(),
  out_refund_no: z.string(),
  refund_id: z.string(),
  refund_status: z.enum(REFUND_STATUSES),
  success_time: z.string().optional(),
  user_received_account: z.string().optional(),
  amount: z.object({ total: z.number().int(), refund: z.number().int(), payer_total: z.number().int(), payer_refund: z.number().int() }).passthrough(),
}).passthrough();
export type RefundNotificationResource = z.infer<typeof refundNotificationSchema>;

export const billLinkSchema = z.object({ hash_type: z.string(), hash_value: z.string(), download_url: z.string().url() }).passthrough();

export const errorBodySchema = z.object({ code: z.string(), message: z.string(), detail: z.unknown().optional() }).passthrough();

/** A notification's envelope (POSTed to the notify URL). */
export const notificationSchema = z.object({
  id: z.string(),
  create_time: z.string(),
  event_type: z.string(),
  resource_type: z.string(),
  summary: z.string().optional(),
  resource: z.object({
    algorithm: z.literal('AEAD_AES_256_GCM'),
    ciphertext: z.string(),
    associated_data: z.string().default(''),
    nonce: z.string(),
    original_type: z.string(),
  }),
});
export type NotificationEnvelope = z.infer<typeof notificationSchema>;

export const TRANSACTION_SUCCESS = 'TRANSACTION.SUCCESS';
export const REFUND_EVENTS = ['REFUND.SUCCESS', 'REFUND.ABNORMAL', 'REFUND.CLOSED'] as const;

/** Input of the JSAPI prepay (our names; amounts in 分). */
export interface JsapiPrepayInput {
  description: string;
  outTradeNo: string;
  amountFen: number;
  payerOpenid: string;
  /** When the order expires (WeChat closes it for payment then). */
  timeExpire?: Date;
  attach?: string;
}

export interface RefundInput {
  outTradeNo: string;
  outRefundNo: string;
  refundFen: number;
  /** The order's amount. */
  totalFen: number;
  reason?: string;
}

/** One line of a trade bill (对账单), amounts converted to 分. */
export interface TradeBillRow {
  tradeTime: string;
  appId: string;
  mchid: string;
  transactionId: string;
  outTradeNo: string;
  openid: string;
  tradeType: string;
  /** SUCCESS, REFUND, REVOKED… */
  tradeState: string;
  /** 应结订单金额. */
  settlementFen: number;
  refundId: string;
  outRefundNo: string;
  refundFen: number;
  refundStatus: string;
  description: string;
  attach: string;
  /** 手续费 (a fraction of a 分 is possible: kept as given). */
  fee: string;
  /** 订单金额. */
  orderFen: number;
}

export interface TradeBill {
  billDate: string;
  rows: TradeBillRow[];
  summary: { count: number; settlementFen: number; refundFen: number; fee: string; orderFen: number };
  /** The file as downloaded (UTF-8 text). */
  text: string;
}
