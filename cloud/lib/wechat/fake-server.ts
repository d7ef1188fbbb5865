import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake of WeChat's server APIs: a real HTTP server on 127.0.0.1 that answers like
 * api.weixin.qq.com (same paths, response shapes and error codes) and records what it got.
 * Used by `npm start` (demo mode) and by the tests; nothing else fakes WeChat.
 *
 * Login codes: demo codes (reusable, demo only) map to fixed openids; tests mint one-time codes
 * with `mintCode(openid)` (like wx.login, a code works once and expires after 5 minutes).
 */
export interface FakeWechatOptions {
  appId: string;
  secret: string;
  /** Reusable demo login codes → openid. */
  demoCodes?: Map<string, string>;
  /**
   * Demo only: codes `<prefix><suffix>` stand for a new WeChat user each (openid derived from the
   * suffix), so the H5 demo can show a first login without a phone.
   */
  newUserCodePrefix?: string;
  port?: number;
}

export interface RecordedRequest {
  at: Date;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

interface MintedCode {
  openid: string;
  unionid?: string;
  expiresAt: number;
  used: boolean;
}

const CODE_TTL_MS = 5 * 60_000;

export interface FakeWechatServer {
  baseUrl: string;
  /** Like wx.login(): a one-time code for this openid. */
  mintCode(openid: string, unionid?: string): string;
  /** Every request received, oldest first. */
  requests(): RecordedRequest[];
  /** Make the next `count` calls to `path` fail: with an errcode body, HTTP 5xx, or a hang. */
  failNext(path: string, failure: { errcode: number; errmsg?: string } | { httpStatus: number } | { hangMs: number }, count?: number): void;
  close(): Promise<void>;
}

type Failure = Parameters<FakeWechatServer['failNext']>[1];

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startFakeWechat(opts: FakeWechatOptions): Promise<FakeWechatServer> {
  const minted = new Map<string, MintedCode>();
  const recorded: RecordedRequest[] = [];
  const failures = new Map<string, Failure[]>();

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

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query = Object.fromEntries(url.searchParams);
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        /* keep raw text */
      }
      recorded.push({ at: new Date(), method: req.method ?? 'GET', path: url.pathname, query, body });

      const queued = failures.get(url.pathname);
      const failure = queued?.shift();
      if (failure) {
        if ('hangMs' in failure) {
          setTimeout(() => send(res, 200, { errcode: -1, errmsg: 'system error' }), failure.hangMs);
          return;
        }
        if ('httpStatus' in failure) return send(res, failure.httpStatus, { errcode: -1, errmsg: 'system error' });
        return send(res, 200, { errcode: failure.errcode, errmsg: failure.errmsg ?? 'injected failure' });
      }

      if (req.method === 'GET' && url.pathname === '/sns/jscode2session') return send(res, 200, code2Session(query));
      send(res, 404, { errcode: 404, errmsg: `fake WeChat: no such API ${url.pathname}` });
    });
  });
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    mintCode(openid, unionid) {
      const code = `code_${randomBytes(12).toString('hex')}`;
      minted.set(code, { openid, unionid, expiresAt: Date.now() + CODE_TTL_MS, used: false });
      return code;
    },
    requests: () => [...recorded],
    failNext(path, failure, count = 1) {
      failures.set(path, [...(failures.get(path) ?? []), ...Array.from({ length: count }, () => failure)]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
