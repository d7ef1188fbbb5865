import { now } from '../clock';
import { getConfig } from '../config';
import { dropToken, readFreshToken, REFRESH_MARGIN_MS, saveToken, tokenKey, type StoredToken } from './token-store';

/**
 * The one WeChat client for mini-program server APIs, over fetch, base URL injectable
 * (the fake WeChat server in demo and tests, api.weixin.qq.com in production).
 *
 * - Stable access token (POST /cgi-bin/stable_token), cached in MongoDB (token-store.ts) so all
 *   function instances share it, refreshed when less than 5 minutes are left; each client keeps a
 *   copy in memory until then (MongoDB is read only when that copy is missing or near expiry).
 * - An API answering 40001/42001: the token is dropped, refreshed, and the call retried once.
 * - -1, 45009/45011, HTTP 5xx, network errors and timeouts: retried with exponential backoff
 *   (`retryAttempts` in all), then thrown.
 * - Everything else becomes a typed WechatApiError (`kind`, `field`, `retryable`).
 * Official-account APIs are in official-account.ts (through the `wechat-api` package).
 */

export type WechatErrorKind = 'bad-code' | 'bad-template' | 'not-subscribed' | 'bad-data' | 'quota' | 'system' | 'token' | 'other';

export interface WechatErrorClass {
  kind: WechatErrorKind;
  /** Worth trying again later (the same request may succeed). */
  retryable: boolean;
  /** For bad-data: the template field WeChat named (`thing12`), when it named one. */
  field?: string;
}

/** Errors WeChat uses for a bad, used or expired login code. */
export const INVALID_CODE_ERRCODES = new Set([40029, 40163, 40226]);
/** The access token is invalid / not the latest (40001, 40014) or expired (42001). */
export const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);
/** Worth retrying with backoff: system busy, quota/frequency limits. */
export const TRANSIENT_ERRCODES = new Set([-1, 45009, 45011]);

/**
 * The template field named in a 47003 errmsg, e.g.
 * "argument invalid! data.thing12.value is empty rid: 6561…" → "thing12".
 */
export function fieldFromErrmsg(errmsg: string): string | undefined {
  const m = /\bdata\.([A-Za-z_]+[0-9]*)(?:\.value)?\b/.exec(errmsg);
  return m ? m[1] : undefined;
}

/** What an errcode means for the caller (the outbox decides retry vs fallback with this). */
export function classifyWechatError(errcode: number, errmsg = ''): WechatErrorClass {
  if (INVALID_CODE_ERRCODES.has(errcode)) return { kind: 'bad-code', retryable: false };
  if (TOKEN_ERRCODES.has(errcode)) return { kind: 'token', retryable: true };
  if (errcode === -1) return { kind: 'system', retryable: true };
  if (errcode === 45009 || errcode === 45011) return { kind: 'quota', retryable: true };
  // 40037 invalid template_id; 40036 invalid template_id size
  if (errcode === 40037 || errcode === 40036) return { kind: 'bad-template', retryable: false };
  // 43101 user refused / no subscription credit; 43004 (official account) user does not follow
  if (errcode === 43101 || errcode === 43004) return { kind: 'not-subscribed', retryable: false };
  if (errcode === 47003 || errcode === 47001) {
    const field = fieldFromErrmsg(errmsg);
    return { kind: 'bad-data', retryable: false, ...(field ? { field } : {}) };
  }
  return { kind: 'other', retryable: false };
}

export class WechatApiError extends Error {
  readonly kind: WechatErrorKind;
  readonly retryable: boolean;
  readonly field?: string;

  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
    /** Set when the failure was not an errcode body: an HTTP status, a timeout or a network error. */
    readonly transport?: { httpStatus?: number; timeout?: boolean; network?: boolean },
  ) {
    super(`WeChat ${api} failed: ${errcode} ${errmsg}`);
    this.name = 'WechatApiError';
    const c = classifyWechatError(errcode, errmsg);
    this.kind = c.kind;
    this.retryable = c.retryable;
    if (c.field) this.field = c.field;
  }
}

/** The classification of any thrown value (non-WeChat errors are 'other', not retryable). */
export function classifyError(err: unknown): WechatErrorClass {
  if (err instanceof WechatApiError) return { kind: err.kind, retryable: err.retryable, ...(err.field ? { field: err.field } : {}) };
  return { kind: 'other', retryable: false };
}

export interface Code2SessionResult {
  openid: string;
  sessionKey: string;
  unionid?: string;
}

export type MiniprogramState = 'developer' | 'trial' | 'formal';
export type WechatLang = 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';

export interface SubscribeMessage {
  /** The recipient's mini-program openid. */
  touser: string;
  templateId: string;
  /** Mini-program page opened from the message, e.g. `pages/repairs/detail?id=…`. */
  page?: string;
  /** Template field → value (`{ thing1: '厨房漏水', time2: '2026-11-27 10:30' }`); wrapped as `{ value }`. */
  data: Record<string, string>;
  miniprogramState?: MiniprogramState;
  lang?: WechatLang;
}

export interface MsgSecCheckInput {
  content: string;
  openid: string;
  /** 1 资料, 2 评论, 3 论坛, 4 社交日志 */
  scene: 1 | 2 | 3 | 4;
}

export interface MsgSecCheckResult {
  suggest: 'pass' | 'review' | 'risky';
  label: number;
  traceId: string;
}

/** One file of tcb/batchdownloadfile: a temporary link, or why there is none (status ≠ 0). */
export interface TcbDownloadLink {
  fileid: string;
  download_url?: string;
  status: number;
  errmsg: string;
}

/** One file of tcb/batchdeletefile. */
export interface TcbDeleted {
  fileid: string;
  status: number;
  errmsg: string;
}

/** What tcb/uploadfile answers: where and how to POST the bytes (a COS form upload). */
export interface TcbUploadTicket {
  url: string;
  token: string;
  authorization: string;
  file_id: string;
  cos_file_id: string;
}

export interface WechatClientOptions {
  appId: string;
  secret: string;
  baseUrl: string;
  timeoutMs: number;
  /** Attempts per call on transient failures (default 3; 1 = no retry). */
  retryAttempts?: number;
  /** First backoff delay in ms, doubled per attempt, ±25 % jitter (default 500). */
  retryBaseMs?: number;
  miniprogramState?: MiniprogramState;
  lang?: WechatLang;
}

interface WechatErrorBody {
  errcode?: number;
  errmsg?: string;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Run `fn`, retrying transient WeChat failures (-1, 45009, 5xx, network, timeout) up to `attempts`
 * times with exponential backoff from `baseDelayMs` (±25 % jitter). Token errors are not retried
 * here: the callers refresh the token and retry once themselves. Shared by the mini-program client
 * and the official-account adapter.
 */
export async function retryTransient<T>(fn: () => Promise<T>, attempts: number, baseDelayMs: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const transient = err instanceof WechatApiError && err.retryable && err.kind !== 'token';
      if (!transient || attempt >= attempts) throw err;
      await sleep(Math.round(baseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5)));
    }
  }
}

/** Refreshes in flight in this process, per token key (other instances may refresh too: stable_token allows it). */
const refreshing = new Map<string, Promise<string>>();

export function createWechatClient(opts: WechatClientOptions) {
  const attempts = opts.retryAttempts ?? 3;
  const baseDelay = opts.retryBaseMs ?? 500;
  const key = tokenKey('mp', opts.appId);
  /**
   * This client's copy of the shared token: used until 5 minutes before it expires (by the one
   * clock), so a send does not read MongoDB. MongoDB stays the shared store: it is read only when
   * this copy is missing or near expiry, and the copy is dropped when WeChat rejects the token.
   */
  let memo: StoredToken | null = null;
  const remember = (t: StoredToken | null): StoredToken | null => (memo = t);
  const memoFresh = (): string | null => (memo && memo.expiresAt.getTime() - now().getTime() > REFRESH_MARGIN_MS ? memo.token : null);

  /** One HTTP exchange: parsed body, or a WechatApiError (errcode, HTTP status, timeout, network). */
  async function request<T extends WechatErrorBody>(
    api: string,
    path: string,
    query: Record<string, string>,
    body?: unknown,
  ): Promise<T> {
    const qs = new URLSearchParams(query).toString();
    const url = `${opts.baseUrl}${path}${qs ? `?${qs}` : ''}`;
    // One timer per call, cleared when the body is read (AbortSignal.timeout leaves a timer and a
    // weakly held signal behind per call, which costs far more under load).
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(new DOMException(`timeout after ${opts.timeoutMs} ms`, 'TimeoutError')), opts.timeoutMs);
    const timedOut = (e: Error) => e.name === 'TimeoutError' || e.name === 'AbortError' || (ctl.signal.aborted && e.name !== 'SyntaxError');
    let res: Response;
    let parsed: T;
    try {
      try {
        res = await fetch(url, body === undefined ? { method: 'GET', signal: ctl.signal } : { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body), signal: ctl.signal });
      } catch (err) {
        const e = err as Error;
        if (timedOut(e)) throw new WechatApiError(-1, `timeout after ${opts.timeoutMs} ms`, api, { timeout: true });
        throw new WechatApiError(-1, `network error: ${e.message}`, api, { network: true });
      }
      try {
        parsed = (await res.json()) as T;
      } catch (err) {
        const e = err as Error;
        if (timedOut(e)) throw new WechatApiError(-1, `timeout after ${opts.timeoutMs} ms`, api, { timeout: true });
        throw new WechatApiError(-1, `http ${res.status}, body is not JSON`, api, { httpStatus: res.status });
      }
    } finally {
      clearTimeout(timer);
    }
    if (!res.ok) throw new WechatApiError(-1, `http ${res.status}`, api, { httpStatus: res.status });
    if (parsed.errcode) throw new WechatApiError(parsed.errcode, parsed.errmsg ?? '', api);
    return parsed;
  }

  const withRetry = <T,>(fn: () => Promise<T>) => retryTransient(fn, attempts, baseDelay);

  async function fetchStableToken(forceRefresh: boolean): Promise<string> {
    const body = await withRetry(() =>
      request<WechatErrorBody & { access_token?: string; expires_in?: number }>('stableToken', '/cgi-bin/stable_token', {}, {
        grant_type: 'client_credential',
        appid: opts.appId,
        secret: opts.secret,
        force_refresh: forceRefresh,
      }),
    );
    if (!body.access_token || !body.expires_in) throw new WechatApiError(-1, 'response without access_token', 'stableToken');
    remember(await saveToken(key, body.access_token, body.expires_in * 1000));
    return body.access_token;
  }

  function refresh(forceRefresh: boolean): Promise<string> {
    const running = refreshing.get(key);
    if (running) return running;
    const p = fetchStableToken(forceRefresh).finally(() => refreshing.delete(key));
    refreshing.set(key, p);
    return p;
  }

  /** The shared access token: from memory, else MongoDB, while more than 5 minutes are left; else a new stable token. */
  async function accessToken(): Promise<string> {
    const mem = memoFresh();
    if (mem) return mem;
    const stored = remember(await readFreshToken(key));
    if (stored) return stored.token;
    return refresh(false);
  }

  /** WeChat rejected `stale`: use a newer stored token if another instance already has one, else force a new one. */
  async function replaceToken(stale: string): Promise<string> {
    if (memo?.token === stale) memo = null;
    await dropToken(key, stale);
    const stored = await readFreshToken(key);
    if (stored && stored.token !== stale) return remember(stored)!.token;
    return refresh(true);
  }

  /** POST an API that takes ?access_token=: transient retries, and one token refresh on 40001/42001. */
  async function callWithToken<T extends WechatErrorBody>(api: string, path: string, body: unknown): Promise<T> {
    let token = await accessToken();
    let refreshed = false;
    for (;;) {
      try {
        const t = token;
        return await withRetry(() => request<T>(api, path, { access_token: t }, body));
      } catch (err) {
        if (!(err instanceof WechatApiError) || err.kind !== 'token' || refreshed) throw err;
        refreshed = true;
        token = await replaceToken(token);
      }
    }
  }

  return {
    /**
     * GET /sns/jscode2session: exchange a wx.login code for the user's openid.
     * Not retried: a login code works once, and the person is waiting.
     */
    async code2Session(code: string): Promise<Code2SessionResult> {
      const body = await request<WechatErrorBody & { openid?: string; session_key?: string; unionid?: string }>(
        'code2Session',
        '/sns/jscode2session',
        { appid: opts.appId, secret: opts.secret, js_code: code, grant_type: 'authorization_code' },
      );
      if (!body.openid || !body.session_key) throw new WechatApiError(-1, 'response without openid', 'code2Session');
      return { openid: body.openid, sessionKey: body.session_key, ...(body.unionid ? { unionid: body.unionid } : {}) };
    },

    /** The mini-program's access token (stable token, shared through MongoDB). */
    accessToken,

    /** POST /cgi-bin/message/subscribe/send. Spends the user's one-time subscription on WeChat's side. */
    async sendSubscribeMessage(msg: SubscribeMessage): Promise<{ msgid?: number }> {
      const data = Object.fromEntries(Object.entries(msg.data).map(([k, value]) => [k, { value }]));
      const body = await callWithToken<WechatErrorBody & { msgid?: number }>('subscribeMessage.send', '/cgi-bin/message/subscribe/send', {
        touser: msg.touser,
        template_id: msg.templateId,
        ...(msg.page ? { page: msg.page } : {}),
        data,
        miniprogram_state: msg.miniprogramState ?? opts.miniprogramState ?? 'formal',
        lang: msg.lang ?? opts.lang ?? 'zh_CN',
      });
      return typeof body.msgid === 'number' ? { msgid: body.msgid } : {};
    },

    /** POST /wxa/msg_sec_check (version 2): is this user text safe to publish? */
    async msgSecCheck(input: MsgSecCheckInput): Promise<MsgSecCheckResult> {
      const body = await callWithToken<WechatErrorBody & { result?: { suggest?: string; label?: number }; trace_id?: string }>(
        'msgSecCheck',
        '/wxa/msg_sec_check',
        { content: input.content, version: 2, scene: input.scene, openid: input.openid },
      );
      const suggest = body.result?.suggest;
      if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') throw new WechatApiError(-1, 'response without result.suggest', 'msgSecCheck');
      return { suggest, label: body.result?.label ?? 0, traceId: body.trace_id ?? '' };
    },

    /**
     * CloudBase storage (云开发 HTTP API), POST /tcb/uploadfile: permission to upload one file to
     * `path` of environment `env`. The bytes then go to `url` as a multipart form (see
     * cloud/modules/files/cloudbase-store.ts); `file_id` names the file from then on.
     */
    async tcbUploadFile(env: string, path: string): Promise<TcbUploadTicket> {
      const body = await callWithToken<WechatErrorBody & Partial<TcbUploadTicket>>('tcb.uploadfile', '/tcb/uploadfile', { env, path });
      if (!body.url || !body.authorization || !body.file_id || !body.cos_file_id) throw new WechatApiError(-1, 'response without url/authorization/file_id', 'tcb.uploadfile');
      return { url: body.url, token: body.token ?? '', authorization: body.authorization, file_id: body.file_id, cos_file_id: body.cos_file_id };
    },

    /** POST /tcb/batchdownloadfile: temporary links (max_age seconds) for at most 50 files; per file a status (0 = a link). */
    async tcbBatchDownloadFile(env: string, files: { fileid: string; maxAgeSeconds: number }[]): Promise<TcbDownloadLink[]> {
      const body = await callWithToken<WechatErrorBody & { file_list?: TcbDownloadLink[] }>('tcb.batchdownloadfile', '/tcb/batchdownloadfile', {
        env,
        file_list: files.map((f) => ({ fileid: f.fileid, max_age: f.maxAgeSeconds })),
      });
      if (!Array.isArray(body.file_list)) throw new WechatApiError(-1, 'response without file_list', 'tcb.batchdownloadfile');
      return body.file_list;
    },

    /** POST /tcb/batchdeletefile: delete files; per file a status (0 = deleted). */
    async tcbBatchDeleteFile(env: string, fileIds: string[]): Promise<TcbDeleted[]> {
      const body = await callWithToken<WechatErrorBody & { delete_list?: TcbDeleted[] }>('tcb.batchdeletefile', '/tcb/batchdeletefile', { env, fileid_list: fileIds });
      if (!Array.isArray(body.delete_list)) throw new WechatApiError(-1, 'response without delete_list', 'tcb.batchdeletefile');
      return body.delete_list;
    },
  };
}

export type WechatClient = ReturnType<typeof createWechatClient>;

/** The client configured from the environment. */
export function wechat(): WechatClient {
  const { wechat: w } = getConfig();
  return createWechatClient({
    appId: w.appId,
    secret: w.secret,
    baseUrl: w.apiBase,
    timeoutMs: w.timeoutMs,
    retryAttempts: w.retryAttempts,
    retryBaseMs: w.retryBaseMs,
    miniprogramState: w.miniprogramState,
    lang: w.lang,
  });
}
