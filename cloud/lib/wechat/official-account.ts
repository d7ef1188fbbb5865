import WechatAPI from 'wechat-api';
import { now } from '../clock';
import { getConfig } from '../config';
import { retryTransient, WechatApiError } from './client';
import { dropToken, readFreshToken, saveToken, tokenKey } from './token-store';

/**
 * Official-account (公众号) template messages through the `wechat-api` package (OA APIs only:
 * the mini-program APIs are in client.ts), wrapped in a promise adapter:
 * - its getToken/saveToken keep the token in MongoDB (`oa:<appid>`), shared by all instances;
 * - errors become the same WechatApiError kinds as the mini-program client;
 * - 40001/42001 drop the stored token and retry once with a new one (wechat-api itself would
 *   retry 40001 with the same stale token, and does not handle 42001);
 * - -1, 45009, HTTP 5xx, network errors and timeouts are retried with backoff.
 */

export interface OaTemplateMessage {
  /** The recipient's official-account openid (not the mini-program one). */
  touser: string;
  templateId: string;
  url?: string;
  /** Opens the mini-program when tapped (the mini-program must be linked to the account). */
  miniprogram?: { appid: string; pagepath: string };
  /** Template key → value; wrapped as `{ value }`. */
  data: Record<string, string>;
}

export interface OfficialAccountOptions {
  appId: string;
  secret: string;
  baseUrl: string;
  timeoutMs: number;
  retryAttempts?: number;
  retryBaseMs?: number;
}


type WechatApiCallbackError = Error & { code?: number; name: string; status?: number };

/** A wechat-api callback error as a WechatApiError. */
export function toWechatApiError(e: WechatApiCallbackError, api: string): WechatApiError {
  if (e.name === 'WeChatAPIError' && typeof e.code === 'number') return new WechatApiError(e.code, e.message, api);
  // urllib errors arrive renamed `WeChatAPI<Name>`: timeouts, connection failures, non-JSON (e.g. a 5xx page)
  const timeout = /Timeout/i.test(e.name);
  const status = typeof e.status === 'number' ? e.status : undefined;
  return new WechatApiError(-1, `${timeout ? 'timeout' : 'network error'}: ${e.message}`, api, timeout ? { timeout: true } : status ? { httpStatus: status } : { network: true });
}

export function createOfficialAccount(opts: OfficialAccountOptions) {
  const attempts = opts.retryAttempts ?? 3;
  const baseDelay = opts.retryBaseMs ?? 500;
  const key = tokenKey('oa', opts.appId);

  const api = new WechatAPI(
    opts.appId,
    opts.secret,
    (callback) => {
      readFreshToken(key).then(
        // wechat-api checks expiry against Date.now(): translate our clock's remaining time.
        (stored) => callback(null, stored ? { accessToken: stored.token, expireTime: Date.now() + (stored.expiresAt.getTime() - now().getTime()) } : null),
        (err: Error) => callback(err),
      );
    },
    (token, callback) => {
      saveToken(key, token.accessToken, token.expireTime - Date.now()).then(
        () => callback(null),
        (err: Error) => callback(err),
      );
    },
  );
  // Not setEndpoint(): it forces https://.
  api.endpoint = opts.baseUrl;
  api.setOpts({ timeout: opts.timeoutMs });

  function sendOnce(msg: OaTemplateMessage): Promise<{ msgid: number; token?: string }> {
    const data = Object.fromEntries(Object.entries(msg.data).map(([k, value]) => [k, { value }]));
    const dest = { ...(msg.url ? { url: msg.url } : {}), ...(msg.miniprogram ? { miniprogram: msg.miniprogram } : {}) };
    return new Promise((resolve, reject) => {
      let token: string | undefined;
      // preRequest sets api.token right before calling the method: note which token this call used.
      const method = (...args: Parameters<WechatAPI['_sendTemplate']>) => {
        token = api.token?.accessToken;
        api._sendTemplate(...args);
      };
      const callback = (err: WechatApiCallbackError | null, result?: { msgid: number }) => {
        if (err) return reject(Object.assign(toWechatApiError(err, 'officialAccount.sendTemplate'), { usedToken: token }));
        resolve({ msgid: result?.msgid ?? 0, token });
      };
      // retried=true: skip wechat-api's own 40001 retry with the same token; we retry below with a new one.
      api.preRequest(method, [msg.touser, msg.templateId, dest, data, callback], true);
    });
  }

  const withRetry = <T,>(fn: () => Promise<T>) => retryTransient(fn, attempts, baseDelay);

  return {
    /** POST /cgi-bin/message/template/send (公众号模板消息). */
    async sendTemplate(msg: OaTemplateMessage): Promise<{ msgid: number }> {
      try {
        const { msgid } = await withRetry(() => sendOnce(msg));
        return { msgid };
      } catch (err) {
        if (!(err instanceof WechatApiError) || err.kind !== 'token') throw err;
        const used = (err as WechatApiError & { usedToken?: string }).usedToken;
        if (used) await dropToken(key, used);
        const { msgid } = await withRetry(() => sendOnce(msg));
        return { msgid };
      }
    },
  };
}

export type OfficialAccount = ReturnType<typeof createOfficialAccount>;

/** The official account configured from the environment. */
export function officialAccount(): OfficialAccount {
  const { wechat: w } = getConfig();
  return createOfficialAccount({
    appId: w.oa.appId,
    secret: w.oa.secret,
    baseUrl: w.apiBase,
    timeoutMs: w.timeoutMs,
    retryAttempts: w.retryAttempts,
    retryBaseMs: w.retryBaseMs,
  });
}
