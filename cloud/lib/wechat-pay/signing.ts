import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, createSign, createVerify, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';

/**
 * WeChat Pay API v3 cryptography, node:crypto only (docs/modules/payments.md):
 * - the merchant signs each request: RSA-SHA256 (PKCS#1 v1.5) over `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`
 *   with its private key, sent as `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",…`;
 * - WeChat Pay signs responses and notifications with its platform key over `TIMESTAMP\nNONCE\nBODY\n`
 *   (headers Wechatpay-Timestamp / -Nonce / -Signature / -Serial);
 * - notification resources are AEAD_AES_256_GCM with the APIv3 key (ciphertext base64, 16-byte tag at the end);
 * - the mini-program's `requestPayment` paySign is RSA-SHA256 over `appId\ntimeStamp\nnonceStr\npackage\n`.
 * The fake WeChat Pay server uses the same functions for its side (sign responses, encrypt resources).
 */

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
/** Signed responses and notifications older (or newer) than this are refused (replays). */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
const TAG_BYTES = 16;

/** A PEM private key (PKCS#8 `BEGIN PRIVATE KEY` as WeChat's 证书工具 writes it, or PKCS#1). */
export function privateKeyOf(pem: string): KeyObject {
  return createPrivateKey(pem);
}

/** A PEM public key (微信支付公钥) or X.509 certificate (平台证书). */
export function publicKeyOf(pem: string): KeyObject {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

/** A random nonce of 32 upper-case letters and digits (WeChat's examples use this shape). */
export function nonceStr(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...randomBytes(32)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Lines joined the v3 way: each followed by `\n`, the last one too. */
export function signatureMessage(lines: readonly string[]): string {
  return lines.map((l) => `${l}\n`).join('');
}

export function rsaSign(message: string, key: KeyObject): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(key, 'base64');
}

export function rsaVerify(message: string, signature: string, key: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(key, signature, 'base64');
  } catch {
    return false;
  }
}

export interface RequestToSign {
  method: string;
  /** Path and query, as sent: `/v3/pay/transactions/out-trade-no/X?mchid=1`. */
  url: string;
  /** '' for GET. */
  body: string;
  timestamp: number;
  nonce: string;
}

export function requestMessage(r: RequestToSign): string {
  return signatureMessage([r.method.toUpperCase(), r.url, String(r.timestamp), r.nonce, r.body]);
}

/** The Authorization header of a request signed by the merchant. */
export function authorization(r: RequestToSign, merchant: { mchid: string; serialNo: string; privateKey: KeyObject }): string {
  const signature = rsaSign(requestMessage(r), merchant.privateKey);
  return `${AUTH_SCHEMA} mchid="${merchant.mchid}",nonce_str="${r.nonce}",signature="${signature}",timestamp="${r.timestamp}",serial_no="${merchant.serialNo}"`;
}

export interface AuthorizationParts {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

/** The fields of an Authorization header, or null when it is not a v3 signature. */
export function parseAuthorization(header: string | undefined): AuthorizationParts | null {
  if (!header?.startsWith(`${AUTH_SCHEMA} `)) return null;
  const fields = new Map<string, string>();
  for (const m of header.slice(AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) fields.set(m[1], m[2]);
  const get = (k: keyof AuthorizationParts) => fields.get(k);
  const [mchid, nonce, signature, timestamp, serial] = [get('mchid'), get('nonce_str'), get('signature'), get('timestamp'), get('serial_no')];
  if (!mchid || !nonce || !signature || !timestamp || !serial) return null;
  return { mchid, nonce_str: nonce, signature, timestamp, serial_no: serial };
}

/** The Wechatpay-* headers of a signed response or notification. */
export interface WechatpaySignatureHeaders {
  timestamp: string;
  nonce: string;
  signature: string;
  serial: string;
}

export const HEADER_NAMES = {
  timestamp: 'wechatpay-timestamp',
  nonce: 'wechatpay-nonce',
  signature: 'wechatpay-signature',
  serial: 'wechatpay-serial',
} as const;

/** Reads the Wechatpay-* headers from any header bag (lower- or mixed-case names). */
export function signatureHeadersOf(get: (name: string) => string | null | undefined): WechatpaySignatureHeaders | null {
  const timestamp = get(HEADER_NAMES.timestamp);
  const nonce = get(HEADER_NAMES.nonce);
  const signature = get(HEADER_NAMES.signature);
  const serial = get(HEADER_NAMES.serial);
  if (!timestamp || !nonce || !signature || !serial) return null;
  return { timestamp, nonce, signature, serial };
}

/** Signs a body the platform's way (the fake's responses and notifications). */
export function platformHeaders(body: string, platform: { serial: string; privateKey: KeyObject }, timestamp: number, nonce = nonceStr()): WechatpaySignatureHeaders {
  return { timestamp: String(timestamp), nonce, serial: platform.serial, signature: rsaSign(signatureMessage([String(timestamp), nonce, body]), platform.privateKey) };
}

export type VerifyFailure = 'missing-headers' | 'unknown-serial' | 'stale-timestamp' | 'bad-signature';

/**
 * Whether a response or notification body was signed by the platform key of `serial`, no more
 * than 5 minutes from `nowSeconds`. Returns null when it was, else why not.
 */
export function verifyPlatformSignature(
  headers: WechatpaySignatureHeaders | null,
  body: string,
  platform: { serial: string; publicKey: KeyObject },
  nowSeconds: number,
): VerifyFailure | null {
  if (!headers) return 'missing-headers';
  if (headers.serial !== platform.serial) return 'unknown-serial';
  const ts = Number(headers.timestamp);
  if (!/^\d+$/.test(headers.timestamp) || Math.abs(nowSeconds - ts) > MAX_CLOCK_SKEW_SECONDS) return 'stale-timestamp';
  return rsaVerify(signatureMessage([headers.timestamp, headers.nonce, body]), headers.signature, platform.publicKey) ? null : 'bad-signature';
}

/** An encrypted notification resource (AEAD_AES_256_GCM). */
export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
  original_type: string;
}

function apiV3KeyBytes(apiV3Key: string): Buffer {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('APIv3 key must be 32 bytes');
  return key;
}

/** Decrypts a resource with the APIv3 key (throws when the key, the data or the tag do not match). */
export function decryptResource(resource: Pick<EncryptedResource, 'ciphertext' | 'associated_data' | 'nonce'>, apiV3Key: string): string {
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length < TAG_BYTES) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', apiV3KeyBytes(apiV3Key), Buffer.from(resource.nonce, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  decipher.setAAD(Buffer.from(resource.associated_data, 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** Encrypts a resource as WeChat Pay does (the fake's notifications; a 12-character nonce). */
export function encryptResource(plaintext: string, apiV3Key: string, associatedData: string, originalType: string, nonce = nonceStr().slice(0, 12)): EncryptedResource {
  const cipher = createCipheriv('aes-256-gcm', apiV3KeyBytes(apiV3Key), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: associatedData, nonce, original_type: originalType };
}

/** What `Taro.requestPayment` / `wx.requestPayment` takes for a JSAPI prepay id. */
export interface RequestPaymentParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export function paymentParams(appId: string, prepayId: string, privateKey: KeyObject, timestamp: number, nonce = nonceStr()): RequestPaymentParams {
  const pkg = `prepay_id=${prepayId}`;
  const timeStamp = String(timestamp);
  return { appId, timeStamp, nonceStr: nonce, package: pkg, signType: 'RSA', paySign: rsaSign(signatureMessage([appId, timeStamp, nonce, pkg]), privateKey) };
}

/** Whether `paySign` of the parameters was made by the merchant key (tests, the fake). */
export function verifyPaySign(p: RequestPaymentParams, merchantPublicKey: KeyObject): boolean {
  return rsaVerify(signatureMessage([p.appId, p.timeStamp, p.nonceStr, p.package]), p.paySign, merchantPublicKey);
}
