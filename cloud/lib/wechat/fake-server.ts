import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MINUTE_MS } from '@shared/domain/calendar';
import { now as clockNow } from '../clock';
import { createFakeStorage, FAKE_TCB_ENV, type FakeStorage } from './fake-storage';

/**
 * A fake of WeChat's server APIs: a real HTTP server on 127.0.0.1 that answers like
 * api.weixin.qq.com (same paths, response shapes and error codes) and records what it got.
 * Used by `npm start` (demo mode) and by the tests; nothing else fakes WeChat.
 *
 * Login codes: demo codes (reusable, demo only) map to fixed openids; tests mint one-time codes
 * with `mintCode(openid)` (like wx.login, a code works once and expires after 5 minutes).
 *
 * Endpoints: GET /sns/jscode2session, POST /cgi-bin/stable_token (mini-program and official
 * account), GET /cgi-bin/token (official account, what `wechat-api` uses),
 * POST /cgi-bin/message/subscribe/send, POST /cgi-bin/message/template/send (official account),
 * POST /wxa/msg_sec_check (version 2), CloudBase storage (POST /tcb/uploadfile, /tcb/batchdownloadfile,
 * /tcb/batchdeletefile and the upload and download links they hand out: fake-storage.ts), and
 * GET /__fake/messages (what it accepted, for the demo).
 * Token expiry follows the one clock (cloud/lib/clock.ts), so tests move it with setClock.
 */

/** Subscribe-message field types: the letters of a template key (`thing12` → `thing`). */
export type FieldType =
  | 'thing'
  | 'phrase'
  | 'character_string'
  | 'amount'
  | 'time'
  | 'date'
  | 'phone_number'
  | 'car_number'
  | 'name'
  | 'number'
  | 'letter'
  | 'symbol';

export const FIELD_TYPES: readonly FieldType[] = ['thing', 'phrase', 'character_string', 'amount', 'time', 'date', 'phone_number', 'car_number', 'name', 'number', 'letter', 'symbol'];

/** The type a template key stands for: its letters (`thing12` → `thing`, `character_string3` → `character_string`). */
export function fieldTypeOfKey(key: string): FieldType | undefined {
  const letters = key.replace(/\d+$/, '');
  return (FIELD_TYPES as readonly string[]).includes(letters) ? (letters as FieldType) : undefined;
}

const CJK = /[\u3400-\u9fff]/;
const ONLY_CJK = /^[\u3400-\u9fff]+$/;
const DATE = String.raw`(?:\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)`;
const CLOCK = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?`;
const TIME_POINT = new RegExp(String.raw`^(?:${DATE}\s*)?${CLOCK}$`);
const DATE_POINT = new RegExp(String.raw`^${DATE}(?:\s*${CLOCK})?$`);

function points(value: string, re: RegExp): boolean {
  const parts = value.split('~').map((p) => p.trim());
  return parts.length <= 2 && parts.every((p) => re.test(p));
}

/**
 * WeChat's value rules for subscribe-message fields (the 订阅消息 参数值内容限制 table).
 * Returns null when the value is acceptable, else why not.
 */
export function fieldValueProblem(type: FieldType, value: string): string | null {
  const chars = [...value];
  const n = chars.length;
  if (n === 0 || value.trim() === '') return 'is empty';
  switch (type) {
    case 'thing':
      return n <= 20 ? null : 'exceeds 20 characters';
    case 'phrase':
      return n <= 5 && ONLY_CJK.test(value) ? null : 'must be at most 5 Chinese characters';
    case 'character_string':
      return n <= 32 && /^[A-Za-z0-9_\-.@]+$/.test(value) ? null : 'must be at most 32 letters, digits or symbols';
    case 'amount':
      return /^[¥￥$]?\d{1,10}(?:\.\d{1,2})?元?$/.test(value) ? null : 'is not an amount';
    case 'time':
      return points(value, TIME_POINT) ? null : 'is not a time';
    case 'date':
      return points(value, DATE_POINT) ? null : 'is not a date';
    case 'phone_number':
      return n <= 17 && /^[\d+\-]+$/.test(value) ? null : 'is not a phone number';
    case 'car_number':
      return n <= 8 && !/\s/.test(value) ? null : 'is not a car number';
    case 'name':
      if (CJK.test(value)) return n <= 10 && ONLY_CJK.test(value.replace(/[·•]/g, '')) ? null : 'must be at most 10 Chinese characters';
      return n <= 20 && /^[A-Za-z .·\-']+$/.test(value) ? null : 'must be at most 20 letters';
    case 'number':
      return n <= 32 && /^\d+(?:\.\d+)?$/.test(value) ? null : 'must be at most 32 digits';
    case 'letter':
      return n <= 32 && /^[A-Za-z]+$/.test(value) ? null : 'must be at most 32 letters';
    case 'symbol':
      return n <= 5 && /^[^\p{L}\p{N}\s]+$/u.test(value) ? null : 'must be at most 5 symbols';
  }
}

export interface FakeWechatOptions {
  appId: string;
  secret: string;
  /** The official account (公众号); defaults match cloud/lib/config.ts. */
  oaAppId?: string;
  oaSecret?: string;
  /** Reusable demo login codes → openid. */
  demoCodes?: Map<string, string>;
  /**
   * Demo only: codes `<prefix><suffix>` stand for a new WeChat user each (openid derived from the
   * suffix), so the H5 demo can show a first login without a phone.
   */
  newUserCodePrefix?: string;
  /** Subscribe-message templates of the mini-program: template_id → field key → type. Unknown ids get 40037. */
  subscribeTemplates?: Record<string, Record<string, FieldType>>;
  /** Official-account templates: template_id → field keys. Unknown ids get 40037. */
  oaTemplates?: Record<string, string[]>;
  /** Lifetime of issued access tokens (WeChat: 7200). */
  tokenTtlSeconds?: number;
  /** msg_sec_check: text containing one of these is risky (default ['测试违规词']) … */
  riskyWords?: string[];
  /** … or needs review (default ['测试可疑词']). */
  reviewWords?: string[];
  /** Randomness for failRandomly (tests may fix it). */
  random?: () => number;
  /** CloudBase environments whose cloud storage exists (default [FAKE_TCB_ENV]). */
  tcbEnvs?: string[];
  port?: number;
}

export interface RecordedRequest {
  at: Date;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/** A message the fake accepted (errcode 0): what a person would have received. */
export interface AcceptedMessage {
  at: Date;
  api: 'subscribe' | 'oa-template';
  touser: string;
  templateId: string;
  page?: string;
  miniprogramState?: string;
  lang?: string;
  url?: string;
  miniprogram?: { appid: string; pagepath: string };
  data: Record<string, string>;
  msgid: number;
}

interface MintedCode {
  openid: string;
  unionid?: string;
  expiresAt: number;
  used: boolean;
}

interface IssuedToken {
  appid: string;
  expiresAt: number;
  revoked: boolean;
}

const CODE_TTL_MS = 5 * MINUTE_MS;
/** WeChat keeps the previous token usable this long after a new one is issued. */
const OVERLAP_MS = 5 * MINUTE_MS;

export const DEFAULT_FAKE_OA_APPID = 'wx_demo_oa_appid';
export const DEFAULT_FAKE_OA_SECRET = 'demo_oa_secret';

export type Failure = { errcode: number; errmsg?: string } | { httpStatus: number } | { hangMs: number };

export interface FakeWechatServer {
  baseUrl: string;
  /** Like wx.login(): a one-time code for this openid. */
  mintCode(openid: string, unionid?: string): string;
  /** Every request received, oldest first. */
  requests(): RecordedRequest[];
  /** Every message accepted (subscribe and official-account template sends), oldest first. */
  messages(): AcceptedMessage[];
  /** Make the next `count` calls to `path` fail: with an errcode body, HTTP 5xx, or a hang. */
  failNext(path: string, failure: Failure, count?: number): void;
  /** Make each call to `path` fail with probability `rate` (0..1), with `failure` (or one of them at random). */
  failRandomly(path: string, rate: number, failure: Failure | Failure[]): void;
  /** Forget every failNext/failRandomly knob. */
  stopFailing(): void;
  /** Every issued token stops working at once with 42001 (as if time had passed). */
  expireTokens(): void;
  /** Every issued token stops working at once with 40001 (as if someone else had reset the secret/token). */
  revokeTokens(): void;
  /** Register (or replace) a subscribe-message template. */
  addSubscribeTemplate(templateId: string, fields: Record<string, FieldType>): void;
  /** Register (or replace) an official-account template. */
  addOaTemplate(templateId: string, keys: string[]): void;
  /** CloudBase cloud storage (the tcb APIs): what it holds, and what a mini-program uploads itself. */
  storage: FakeStorage;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** WeChat appends a request id to every error message. */
function err(errcode: number, errmsg: string): Record<string, unknown> {
  return { errcode, errmsg: `${errmsg} rid: ${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}` };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function startFakeWechat(opts: FakeWechatOptions): Promise<FakeWechatServer> {
  const minted = new Map<string, MintedCode>();
  const recorded: RecordedRequest[] = [];
  const accepted: AcceptedMessage[] = [];
  const failures = new Map<string, Failure[]>();
  const randomFailures = new Map<string, { rate: number; failures: Failure[] }>();
  const random = opts.random ?? Math.random;
  const ttlMs = (opts.tokenTtlSeconds ?? 7200) * 1000;
  const oaAppId = opts.oaAppId ?? DEFAULT_FAKE_OA_APPID;
  const secrets = new Map([
    [opts.appId, opts.secret],
    [oaAppId, opts.oaSecret ?? DEFAULT_FAKE_OA_SECRET],
  ]);
  const subscribeTemplates = new Map(Object.entries(opts.subscribeTemplates ?? {}));
  const oaTemplates = new Map(Object.entries(opts.oaTemplates ?? {}));
  const riskyWords = opts.riskyWords ?? ['测试违规词'];
  const reviewWords = opts.reviewWords ?? ['测试可疑词'];
  const tokens = new Map<string, IssuedToken>();
  /** appid → current token, per issuing API (stable_token and /cgi-bin/token are separate on WeChat). */
  const currentStable = new Map<string, string>();
  const currentPlain = new Map<string, string>();
  let msgid = 3_000_000_000;
  const t = () => clockNow().getTime();
  let baseUrl = '';
  const storage = createFakeStorage({ envs: opts.tcbEnvs ?? [FAKE_TCB_ENV], baseUrl: () => baseUrl });

  function issue(appid: string): string {
    const token = `${randomBytes(3).toString('hex')}_${randomBytes(60).toString('base64url')}`;
    tokens.set(token, { appid, expiresAt: t() + ttlMs, revoked: false });
    return token;
  }

  function checkCredentials(appid: unknown, secret: unknown, grantType: unknown): Record<string, unknown> | null {
    if (typeof appid !== 'string' || !secrets.has(appid)) return err(40013, 'invalid appid');
    if (secrets.get(appid) !== secret) return err(40125, 'invalid appsecret');
    if (grantType !== 'client_credential') return err(40002, 'invalid grant_type');
    return null;
  }

  /** POST /cgi-bin/stable_token: the same token while more than 5 minutes are left; force_refresh replaces it. */
  function stableToken(body: unknown): Record<string, unknown> {
    if (!isRecord(body)) return err(47001, 'data format error');
    const bad = checkCredentials(body.appid, body.secret, body.grant_type);
    if (bad) return bad;
    const appid = body.appid as string;
    const cur = currentStable.get(appid);
    const info = cur ? tokens.get(cur) : undefined;
    if (!body.force_refresh && cur && info && !info.revoked && info.expiresAt - t() > OVERLAP_MS) {
      return { access_token: cur, expires_in: Math.floor((info.expiresAt - t()) / 1000) };
    }
    if (body.force_refresh && info) info.revoked = true;
    const token = issue(appid);
    currentStable.set(appid, token);
    return { access_token: token, expires_in: ttlMs / 1000 };
  }

  /** GET /cgi-bin/token: a new token every call; the previous one keeps working for 5 minutes. */
  function plainToken(q: Record<string, string>): Record<string, unknown> {
    const bad = checkCredentials(q.appid, q.secret, q.grant_type);
    if (bad) return bad;
    const prev = currentPlain.get(q.appid);
    const info = prev ? tokens.get(prev) : undefined;
    if (info) info.expiresAt = Math.min(info.expiresAt, t() + OVERLAP_MS);
    const token = issue(q.appid);
    currentPlain.set(q.appid, token);
    return { access_token: token, expires_in: ttlMs / 1000 };
  }

  function checkToken(accessToken: string | undefined, appid: string): Record<string, unknown> | null {
    if (!accessToken) return err(41001, 'access_token missing');
    const info = tokens.get(accessToken);
    if (!info || info.revoked || info.appid !== appid) return err(40001, 'invalid credential, access_token is invalid or not latest');
    if (info.expiresAt <= t()) return err(42001, 'access_token expired');
    return null;
  }

  /** `{ key: { value } }` → `{ key: value }`, or the 47003 answer for malformed data. */
  function unwrapData(data: unknown): { values: Record<string, string> } | { error: Record<string, unknown> } {
    if (!isRecord(data)) return { error: err(47003, 'argument invalid! data is empty') };
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(data)) {
      if (!isRecord(v) || typeof v.value !== 'string') return { error: err(47003, `argument invalid! data.${k}.value invalid`) };
      values[k] = v.value;
    }
    return { values };
  }

  function subscribeSend(q: Record<string, string>, body: unknown): Record<string, unknown> {
    const tokenError = checkToken(q.access_token, opts.appId);
    if (tokenError) return tokenError;
    if (!isRecord(body)) return err(47001, 'data format error');
    if (typeof body.touser !== 'string' || !body.touser) return err(40003, 'invalid openid');
    const schema = typeof body.template_id === 'string' ? subscribeTemplates.get(body.template_id) : undefined;
    if (!schema) return err(40037, 'invalid template_id');
    const state = body.miniprogram_state ?? 'formal';
    if (state !== 'developer' && state !== 'trial' && state !== 'formal') return err(47003, 'argument invalid! miniprogram_state invalid');
    const lang = body.lang ?? 'zh_CN';
    if (!['zh_CN', 'en_US', 'zh_HK', 'zh_TW'].includes(lang as string)) return err(47003, 'argument invalid! lang invalid');
    if (body.page !== undefined && (typeof body.page !== 'string' || body.page.length > 1024)) return err(47003, 'argument invalid! page invalid');
    const unwrapped = unwrapData(body.data);
    if ('error' in unwrapped) return unwrapped.error;
    const data = unwrapped.values;
    for (const [key, type] of Object.entries(schema)) {
      const value = data[key];
      if (typeof value !== 'string' || value === '') return err(47003, `argument invalid! data.${key}.value is empty`);
      const problem = fieldValueProblem(type, value);
      if (problem) return err(47003, `argument invalid! data.${key}.value invalid (${type} ${problem})`);
    }
    const extra = Object.keys(data).find((k) => !(k in schema));
    if (extra) return err(47003, `argument invalid! data.${extra} is not a field of the template`);
    const id = ++msgid;
    accepted.push({
      at: clockNow(),
      api: 'subscribe',
      touser: body.touser,
      templateId: body.template_id as string,
      ...(typeof body.page === 'string' ? { page: body.page } : {}),
      miniprogramState: state,
      lang: lang as string,
      data,
      msgid: id,
    });
    return { errcode: 0, errmsg: 'ok', msgid: id };
  }

  function templateSend(q: Record<string, string>, body: unknown): Record<string, unknown> {
    const tokenError = checkToken(q.access_token, oaAppId);
    if (tokenError) return tokenError;
    if (!isRecord(body)) return err(47001, 'data format error');
    if (typeof body.touser !== 'string' || !body.touser) return err(40003, 'invalid openid');
    const keys = typeof body.template_id === 'string' ? oaTemplates.get(body.template_id) : undefined;
    if (!keys) return err(40037, 'invalid template_id');
    let miniprogram: { appid: string; pagepath: string } | undefined;
    if (body.miniprogram !== undefined && body.miniprogram !== null) {
      const mp = body.miniprogram;
      if (!isRecord(mp) || mp.appid !== opts.appId) return err(40166, 'invalid weapp appid');
      if (typeof mp.pagepath !== 'string' || !mp.pagepath) return err(40165, 'invalid weapp pagepath');
      miniprogram = { appid: mp.appid, pagepath: mp.pagepath };
    }
    const unwrapped = unwrapData(body.data);
    if ('error' in unwrapped) return unwrapped.error;
    const data = unwrapped.values;
    for (const key of keys) {
      if (!data[key]) return err(47003, `argument invalid! data.${key}.value is empty`);
    }
    const id = ++msgid;
    accepted.push({
      at: clockNow(),
      api: 'oa-template',
      touser: body.touser,
      templateId: body.template_id as string,
      ...(typeof body.url === 'string' && body.url ? { url: body.url } : {}),
      ...(miniprogram ? { miniprogram } : {}),
      data,
      msgid: id,
    });
    return { errcode: 0, errmsg: 'ok', msgid: id };
  }

  function msgSecCheck(q: Record<string, string>, body: unknown): Record<string, unknown> {
    const tokenError = checkToken(q.access_token, opts.appId);
    if (tokenError) return tokenError;
    if (!isRecord(body)) return err(47001, 'data format error');
    if (body.version !== 2) return err(47001, 'data format error: version must be 2');
    if (typeof body.openid !== 'string' || !body.openid) return err(40003, 'invalid openid');
    if (![1, 2, 3, 4].includes(body.scene as number)) return err(47001, 'data format error: scene must be 1, 2, 3 or 4');
    if (typeof body.content !== 'string' || !body.content || body.content.length > 2500) return err(47001, 'data format error: content');
    const content = body.content;
    const risky = riskyWords.find((w) => content.includes(w));
    const review = risky ? undefined : reviewWords.find((w) => content.includes(w));
    const result = risky ? { suggest: 'risky', label: 20006 } : review ? { suggest: 'review', label: 21000 } : { suggest: 'pass', label: 100 };
    const hit = risky ?? review;
    return {
      errcode: 0,
      errmsg: 'ok',
      result,
      detail: [
        { strategy: 'content_model', errcode: 0, suggest: result.suggest, label: result.label, prob: hit ? 90 : 0 },
        { strategy: 'keyword', errcode: 0, suggest: result.suggest, label: result.label, level: hit ? 90 : 0, ...(hit ? { keyword: hit } : {}) },
      ],
      trace_id: `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`,
    };
  }

  function code2Session(q: Record<string, string>): Record<string, unknown> {
    if (q.appid !== opts.appId) return { errcode: 40013, errmsg: 'invalid appid' };
    if (q.secret !== opts.secret) return { errcode: 40125, errmsg: 'invalid appsecret' };
    if (q.grant_type !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' };
    const code = q.js_code ?? '';
    const demoOpenid = opts.demoCodes?.get(code);
    if (demoOpenid) return { openid: demoOpenid, session_key: randomBytes(16).toString('base64') };
    const prefix = opts.newUserCodePrefix;
    if (prefix && code.startsWith(prefix) && /^[A-Za-z0-9_-]{4,40}$/.test(code.slice(prefix.length))) {
      return { openid: `demo-openid-new-${code.slice(prefix.length)}`, session_key: randomBytes(16).toString('base64') };
    }
    const m = minted.get(code);
    if (!m || m.expiresAt < Date.now()) return { errcode: 40029, errmsg: 'invalid code' };
    if (m.used) return { errcode: 40163, errmsg: 'code been used' };
    m.used = true;
    return { openid: m.openid, session_key: randomBytes(16).toString('base64'), ...(m.unionid ? { unionid: m.unionid } : {}) };
  }

  function injectedFailure(path: string): Failure | undefined {
    const queued = failures.get(path)?.shift();
    if (queued) return queued;
    const r = randomFailures.get(path);
    if (r && random() < r.rate) return r.failures[Math.floor(random() * r.failures.length) % r.failures.length];
    return undefined;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query = Object.fromEntries(url.searchParams);
      // Storage's upload and download links (another host at WeChat): bytes, not JSON.
      if (storage.serve(req.method ?? 'GET', url, Buffer.concat(chunks), res)) return;
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        /* keep raw text */
      }
      const method = req.method ?? 'GET';
      if (method === 'GET' && url.pathname === '/__fake/messages') return send(res, 200, accepted);
      recorded.push({ at: new Date(), method, path: url.pathname, query, body });

      const failure = injectedFailure(url.pathname);
      if (failure) {
        if ('hangMs' in failure) {
          const timer = setTimeout(() => send(res, 200, { errcode: -1, errmsg: 'system error' }), failure.hangMs);
          res.on('close', () => clearTimeout(timer));
          return;
        }
        if ('httpStatus' in failure) return send(res, failure.httpStatus, { errcode: -1, errmsg: 'system error' });
        return send(res, 200, err(failure.errcode, failure.errmsg ?? 'injected failure'));
      }

      const route = `${method} ${url.pathname}`;
      switch (route) {
        case 'GET /sns/jscode2session':
          return send(res, 200, code2Session(query));
        case 'POST /cgi-bin/stable_token':
          return send(res, 200, stableToken(body));
        case 'GET /cgi-bin/token':
          return send(res, 200, plainToken(query));
        case 'POST /cgi-bin/message/subscribe/send':
          return send(res, 200, subscribeSend(query, body));
        case 'POST /cgi-bin/message/template/send':
          return send(res, 200, templateSend(query, body));
        case 'POST /wxa/msg_sec_check':
          return send(res, 200, msgSecCheck(query, body));
        case 'POST /tcb/uploadfile':
        case 'POST /tcb/batchdownloadfile':
        case 'POST /tcb/batchdeletefile':
          return send(res, 200, checkToken(query.access_token, opts.appId) ?? storage.api(url.pathname, body));
        default:
          send(res, 404, { errcode: 404, errmsg: `fake WeChat: no such API ${route}` });
      }
    });
  });
  // Keep connections open well past a client's idle time: at 1 s, undici (which lets go 1 s before the
  // server's hint) closes the connection after every response, so each call paid a new TCP connect.
  server.keepAliveTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    storage: storage.controls,
    mintCode(openid, unionid) {
      const code = `code_${randomBytes(12).toString('hex')}`;
      minted.set(code, { openid, unionid, expiresAt: Date.now() + CODE_TTL_MS, used: false });
      return code;
    },
    requests: () => [...recorded],
    messages: () => accepted.map((m) => ({ ...m, data: { ...m.data } })),
    failNext(path, failure, count = 1) {
      failures.set(path, [...(failures.get(path) ?? []), ...Array.from({ length: count }, () => failure)]);
    },
    failRandomly(path, rate, failure) {
      randomFailures.set(path, { rate, failures: Array.isArray(failure) ? failure : [failure] });
    },
    stopFailing() {
      failures.clear();
      randomFailures.clear();
    },
    expireTokens() {
      for (const info of tokens.values()) info.expiresAt = Math.min(info.expiresAt, t());
    },
    revokeTokens() {
      for (const info of tokens.values()) info.revoked = true;
    },
    addSubscribeTemplate(templateId, fields) {
      subscribeTemplates.set(templateId, fields);
    },
    addOaTemplate(templateId, keys) {
      oaTemplates.set(templateId, keys);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
