import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { zhErrorMap, zodProblems, type ConfigValues } from './config-file';
import { privateKeyOf, publicKeyOf } from './wechat-pay/signing';
import { DEFAULT_WECHAT_PAY_API_BASE, FAKE_PLATFORM_SERIAL_PREFIX, type WechatPaySettings } from './wechat-pay/types';

/**
 * The WeChat Pay merchant block of the configuration (part of cloud/lib/config.ts; docs/configuration.md
 * "微信支付", docs/modules/payments.md). All unset → online payment is off (`wechatPay` undefined).
 * Any of them set → every one is required, each missing one named; keys must parse, the APIv3 key
 * is 32 characters. In production the notify URL must be HTTPS, the API base WeChat's, and the
 * platform key not the fake's. Keys come as PEM text or as a file path (…_FILE), never from code.
 */
export const wechatPaySchema = z.object({
  WECHAT_PAY_API_BASE: z.string().url().default(DEFAULT_WECHAT_PAY_API_BASE),
  /** 商户号. */
  WECHAT_PAY_MCHID: z.string().regex(/^\d{8,12}$/, '应为 8～12 位数字的商户号').optional(),
  /** 商户 API 证书序列号. */
  WECHAT_PAY_SERIAL: z.string().regex(/^[0-9A-Fa-f]{8,64}$/, '应为商户 API 证书的序列号（十六进制）').optional(),
  /** 商户 API 私钥 (PEM text), or … */
  WECHAT_PAY_PRIVATE_KEY: z.string().optional(),
  /** … the path of apiclient_key.pem. */
  WECHAT_PAY_PRIVATE_KEY_FILE: z.string().optional(),
  /** APIv3 密钥. */
  WECHAT_PAY_APIV3_KEY: z.string().optional(),
  /** 微信支付公钥 or 平台证书 (PEM text), or … */
  WECHAT_PAY_PLATFORM_PUBLIC_KEY: z.string().optional(),
  /** … its file path. */
  WECHAT_PAY_PLATFORM_PUBLIC_KEY_FILE: z.string().optional(),
  /** 微信支付公钥 ID (PUB_KEY_ID_…) or 平台证书序列号. */
  WECHAT_PAY_PLATFORM_SERIAL: z.string().optional(),
  WECHAT_PAY_NOTIFY_URL: z.string().url().optional(),
  WECHAT_PAY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
});

/** The settings that switch payment on (WECHAT_PAY_API_BASE and the timeout have defaults). */
const MERCHANT_SETTINGS = ['WECHAT_PAY_MCHID', 'WECHAT_PAY_SERIAL', 'WECHAT_PAY_PRIVATE_KEY', 'WECHAT_PAY_PRIVATE_KEY_FILE', 'WECHAT_PAY_APIV3_KEY', 'WECHAT_PAY_PLATFORM_PUBLIC_KEY', 'WECHAT_PAY_PLATFORM_PUBLIC_KEY_FILE', 'WECHAT_PAY_PLATFORM_SERIAL', 'WECHAT_PAY_NOTIFY_URL'] as const;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1', '0.0.0.0']);
const isLoopback = (url: string) => LOOPBACK.has(new URL(url).hostname);

/** Whether any merchant setting is given (payment is meant to be on). */
export function wechatPayConfigured(values: ConfigValues): boolean {
  return MERCHANT_SETTINGS.some((k) => Boolean(values[k]));
}

/** PEM text from NAME or NAME_FILE (one of them), or a problem. */
function pem(values: ConfigValues, name: string, what: string, problems: string[]): string | undefined {
  const text = values[name];
  const file = values[`${name}_FILE`];
  if (text && file) problems.push(`${name} 与 ${name}_FILE 只能设置一个`);
  if (text) return text.replace(/\\n/g, '\n');
  if (!file) {
    problems.push(`${name}_FILE（或 ${name}）未设置：${what}`);
    return undefined;
  }
  try {
    return readFileSync(path.resolve(file), 'utf8');
  } catch (err) {
    problems.push(`${name}_FILE 读不到：${file}（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）`);
    return undefined;
  }
}

/** The merchant settings, undefined when payment is not configured; problems are pushed. */
export function wechatPaySettings(values: ConfigValues, appId: string, production: boolean, problems: string[]): WechatPaySettings | undefined {
  const parsed = wechatPaySchema.safeParse(values, { errorMap: zhErrorMap });
  if (!parsed.success) {
    problems.push(...zodProblems(parsed.error));
    return undefined;
  }
  if (!wechatPayConfigured(values)) return undefined;
  const e = parsed.data;
  const before = problems.length;
  const need = <T>(v: T | undefined, name: string, what: string): T | undefined => {
    if (v === undefined || v === '') problems.push(`${name} 未设置：${what}（设置了部分微信支付参数时，其余也必须设置）`);
    return v;
  };
  const mchid = need(e.WECHAT_PAY_MCHID, 'WECHAT_PAY_MCHID', '微信支付商户号');
  const serial = need(e.WECHAT_PAY_SERIAL, 'WECHAT_PAY_SERIAL', '商户 API 证书序列号');
  const apiV3Key = need(e.WECHAT_PAY_APIV3_KEY, 'WECHAT_PAY_APIV3_KEY', 'APIv3 密钥');
  const platformSerial = need(e.WECHAT_PAY_PLATFORM_SERIAL, 'WECHAT_PAY_PLATFORM_SERIAL', '微信支付公钥 ID 或平台证书序列号');
  const notifyUrl = need(e.WECHAT_PAY_NOTIFY_URL, 'WECHAT_PAY_NOTIFY_URL', '支付结果通知地址');
  const privateKeyPem = pem(values, 'WECHAT_PAY_PRIVATE_KEY', '商户 API 私钥 apiclient_key.pem', problems);
  const platformPublicKeyPem = pem(values, 'WECHAT_PAY_PLATFORM_PUBLIC_KEY', '微信支付公钥（或平台证书）', problems);
  if (apiV3Key !== undefined && Buffer.byteLength(apiV3Key, 'utf8') !== 32) problems.push('WECHAT_PAY_APIV3_KEY 应为 32 个字符（商户平台“API 安全 → 设置 APIv3 密钥”）');
  if (privateKeyPem !== undefined) {
    try {
      privateKeyOf(privateKeyPem);
    } catch {
      problems.push('商户 API 私钥不是有效的 PEM 私钥（apiclient_key.pem 的内容）');
    }
  }
  if (platformPublicKeyPem !== undefined) {
    try {
      publicKeyOf(platformPublicKeyPem);
    } catch {
      problems.push('微信支付公钥不是有效的 PEM 公钥或证书');
    }
  }
  if (production) {
    if (notifyUrl && !notifyUrl.startsWith('https://')) problems.push('WECHAT_PAY_NOTIFY_URL 应以 https:// 开头：微信支付只向 HTTPS 地址发送通知');
    else if (notifyUrl && isLoopback(notifyUrl)) problems.push('WECHAT_PAY_NOTIFY_URL 指向本机：微信支付要能从公网访问它');
    if (isLoopback(e.WECHAT_PAY_API_BASE)) problems.push(`WECHAT_PAY_API_BASE 指向本机（模拟微信支付）：应为 ${DEFAULT_WECHAT_PAY_API_BASE}`);
    if (platformSerial?.startsWith(FAKE_PLATFORM_SERIAL_PREFIX)) problems.push('WECHAT_PAY_PLATFORM_SERIAL 是模拟微信支付的公钥 ID，生产环境不能使用');
  }
  if (problems.length > before || !mchid || !serial || !apiV3Key || !platformSerial || !notifyUrl || !privateKeyPem || !platformPublicKeyPem) return undefined;
  return { apiBase: e.WECHAT_PAY_API_BASE.replace(/\/$/, ''), mchid, appId, merchantSerial: serial, privateKeyPem, apiV3Key, platformSerial, platformPublicKeyPem, notifyUrl, timeoutMs: e.WECHAT_PAY_TIMEOUT_MS };
}
