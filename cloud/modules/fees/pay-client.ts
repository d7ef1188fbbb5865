import { now } from '../../lib/clock';
import { getConfig } from '../../lib/config';
import { createWechatPayClient, type WechatPayClient } from '../../lib/wechat-pay/client';
import type { WechatPaySettings } from '../../lib/wechat-pay/types';

let cached: { settings: WechatPaySettings; client: WechatPayClient } | undefined;

/** The WeChat Pay client of the configured merchant, or null when WeChat Pay is not configured (payments, refunds, reconciliation). */
export function payClient(): WechatPayClient | null {
  const settings = getConfig().wechatPay;
  if (!settings) return null;
  if (cached?.settings !== settings) cached = { settings, client: createWechatPayClient(settings) };
  return cached.client;
}

/** A time WeChat Pay sends (RFC 3339, e.g. success_time), or now when absent or unreadable. */
export function wechatTime(text: string | undefined): Date {
  const t = text ? Date.parse(text) : NaN;
  return Number.isNaN(t) ? now() : new Date(t);
}
