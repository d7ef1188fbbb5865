import { randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { z } from 'zod';
import { MINUTE_MS } from '@shared/domain/calendar';
import { statusOf, type Envelope } from '@shared/errors';
import { AppError } from '../lib/app-error';
import { pingDb } from '../lib/db';
import type { FunctionMain } from '../lib/transport';
import { logger } from '../lib/logger';
import { serveStatic } from './static';
import { addressLimit } from './address-limit';

/**
 * The self-hosted transport: `POST /fn/<name>` with `{action, data}` and
 * `Authorization: Bearer <token>` runs the same `main(event, context)` CloudBase would.
 * Also serves the H5 build at `/` and `GET /healthz`.
 */
export interface GatewayOptions {
  functions: Record<string, FunctionMain>;
  /** The H5 build to serve at `/`; omitted → only the API. */
  staticDir?: string;
  bodyLimitBytes: number;
  /** Allowed browser origin for CORS; omitted → CORS off. */
  corsOrigin?: string;
  /** Uploaded photos at `GET /files/<id>?exp&sig`: the bytes when the signed link is valid, else null (→ 404). */
  files?: (id: string, exp: string | null, sig: string | null) => Promise<{ bytes: Buffer; mime: string; fileName?: string } | null>;
  /**
   * Document uploads at `PUT /upload/<ticket>` (POST too): the raw body of one file (an archived
   * document), under a ticket the archive issued. The handler gets the ticket, the declared
   * Content-Length (undefined when chunked) and the request as the body stream; it refuses an
   * oversized body before reading it (413) and cuts a stream at its limit. Answered as the envelope
   * `{ok: true, data}`, or an AppError's envelope and status.
   */
  upload?: (ticket: string, contentLength: number | undefined, body: AsyncIterable<Buffer | string>) => Promise<{ id: string; mime: string; size: number; fileName: string }>;
  /**
   * WeChat Pay notifications at `POST /pay/wechat/notify` (WECHAT_PAY_NOTIFY_URL points here): the
   * raw body as received (its signature covers the exact bytes) and the headers; the answer is sent
   * as is (204 handled; else WeChat's `{code, message}` with the status, so that it sends again).
   */
  payNotify?: (header: (name: string) => string | undefined, rawBody: string) => Promise<{ status: number; body?: { code: string; message: string } }>;
  /**
   * Notifications per client address per minute at the notify route (PAY_NOTIFY_LIMIT_PER_MINUTE;
   * 0 or omitted = no limit): more → 429 before the body is read, in memory (address-limit.ts), so a
   * flood of junk never reaches the handler or the database. WeChat Pay sends a refused one again later.
   */
  payNotifyPerMinute?: number;
  /**
   * Demo only — mounted when the system runs the fake WeChat Pay (`npm start`): `POST
   * /demo/wechat-pay/confirm` `{prepayId}` is the H5 模拟支付 sheet's 确认支付, the owner confirming in
   * WeChat: the fake pays that order and sends its notification. Knowing the prepay id is the
   * authorisation, as in WeChat. Answers the envelope `{ok, data: {paid: true}}`, or
   * 404 PAY.ORDER_NOT_FOUND / 409 PAY.ORDER_FINISHED.
   */
  demoPayConfirm?: (prepayId: string) => Promise<'paid' | 'not-found' | 'finished'>;
}

/** The path of the WeChat Pay notify route (docs/modules/payments.md). */
export const PAY_NOTIFY_PATH = '/pay/wechat/notify';
/** The demo's 模拟支付 confirmation (docs/modules/payments.md "Demo mode"); only with the fake WeChat Pay. */
export const DEMO_PAY_CONFIRM_PATH = '/demo/wechat-pay/confirm';
const demoPaySchema = z.object({ prepayId: z.string().regex(/^[\w-]{1,64}$/, 'prepayId 格式不正确') }).strict();

const eventSchema = z
  .object({
    action: z.string({ required_error: '缺少操作名 action' }).min(1, '缺少操作名 action').max(64),
    data: z.unknown().optional(),
  })
  .strict();

const REQUEST_ID = /^[\w-]{8,64}$/;

/** A request URL without its query string (and cut to a sane length) for the logs. */
export function pathOnly(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return (q === -1 ? raw : raw.slice(0, q)).slice(0, 200);
}

/** How long a client should wait before retrying a 503 (the database restarts or reconnects within seconds). */
const RETRY_AFTER_UNAVAILABLE_S = 5;

function sendJson(res: http.ServerResponse, status: number, body: unknown, requestId: string): void {
  const text = JSON.stringify(body);
  if (status === 503 && !res.hasHeader('retry-after')) res.setHeader('retry-after', String(RETRY_AFTER_UNAVAILABLE_S));
  // Answered before the request was read to its end (a 405, 404 or 415 refused on sight): close the
  // connection, or the unread rest of the request poisons the next request a keep-alive client sends on it.
  if (!res.req.complete) res.setHeader('connection', 'close');
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-request-id': requestId,
  });
  res.end(text);
}

function sendError(res: http.ServerResponse, err: AppError, requestId: string): void {
  const body: Envelope<never> = { ok: false, error: err.toBody(requestId) };
  sendJson(res, err.status, body, requestId);
}

/** Read the body up to `limit` bytes; rejects with REQUEST.TOO_LARGE past it. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new AppError('REQUEST.TOO_LARGE', `请求内容过大（上限 ${limit} 字节）`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new AppError('REQUEST.TOO_LARGE', `请求内容过大（上限 ${limit} 字节）`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => failed || resolve(Buffer.concat(chunks)));
    req.on('error', (e) => failed || reject(e));
  });
}

async function parseEvent(req: http.IncomingMessage, limit: number): Promise<z.infer<typeof eventSchema>> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) throw new AppError('REQUEST.UNSUPPORTED_MEDIA');
  const raw = await readBody(req, limit);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('REQUEST.MALFORMED_JSON');
  }
  const parsed = eventSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new AppError('VALIDATION', undefined, { issues });
  }
  return parsed.data;
}

/** The request target as a URL; one that cannot be read (`//`, `//[`, `//host:99999`) is a 400, not a crash. */
function requestUrl(target: string | undefined): URL {
  try {
    return new URL(target ?? '/', 'http://gateway.local');
  } catch {
    throw new AppError('REQUEST.BAD_URL');
  }
}

export function createGateway(opts: GatewayOptions): http.Server {
  const staticRoot = opts.staticDir ? path.resolve(opts.staticDir) : undefined;
  const notifyLimit = opts.payNotifyPerMinute ? addressLimit({ max: opts.payNotifyPerMinute, windowMs: MINUTE_MS }) : undefined;

  async function route(req: http.IncomingMessage, res: http.ServerResponse, requestId: string): Promise<void> {
    const url = requestUrl(req.url);
    const method = req.method ?? 'GET';

    if (opts.corsOrigin && req.headers.origin === opts.corsOrigin) {
      res.setHeader('access-control-allow-origin', opts.corsOrigin);
      res.setHeader('vary', 'origin');
      if (method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'POST, GET, PUT',
          'access-control-allow-headers': 'content-type, authorization, x-request-id',
          'access-control-max-age': '600',
        });
        res.end();
        return;
      }
    }

    const fnMatch = /^\/fn\/([^/]+)\/?$/.exec(url.pathname);
    if (fnMatch) {
      const fn = opts.functions[fnMatch[1]];
      if (!fn || !Object.prototype.hasOwnProperty.call(opts.functions, fnMatch[1])) {
        return sendError(res, new AppError('FN.NOT_FOUND', `云函数不存在：${fnMatch[1]}`), requestId);
      }
      if (method !== 'POST') return sendError(res, new AppError('METHOD.NOT_ALLOWED', '云函数只接受 POST 请求'), requestId);
      const event = await parseEvent(req, opts.bodyLimitBytes);
      const result = await fn(
        { action: event.action, data: event.data },
        { transport: 'gateway', requestId, authorization: req.headers.authorization, clientIp: req.socket.remoteAddress },
      );
      const retryAfter = result.ok ? undefined : result.error.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
      return sendJson(res, result.ok ? 200 : statusOf(result.error.code), result, requestId);
    }

    const fileMatch = /^\/files\/([\w-]{1,64})$/.exec(url.pathname);
    if (fileMatch && opts.files && (method === 'GET' || method === 'HEAD')) {
      const file = await opts.files(fileMatch[1], url.searchParams.get('exp'), url.searchParams.get('sig'));
      if (!file) return sendError(res, new AppError('FILE.NOT_FOUND'), requestId);
      res.writeHead(200, {
        'content-type': file.mime,
        'content-length': file.bytes.length,
        'cache-control': 'private, max-age=3600',
        'x-content-type-options': 'nosniff',
        // An archived document: opened in place (PDF, images) or saved under its own name (Office files).
        ...(file.fileName ? { 'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}` } : {}),
      });
      res.end(method === 'HEAD' ? undefined : file.bytes);
      return;
    }

    const uploadMatch = /^\/upload\/([\w.-]{1,8192})$/.exec(url.pathname);
    if (uploadMatch && opts.upload) {
      if (method !== 'PUT' && method !== 'POST') return sendError(res, new AppError('METHOD.NOT_ALLOWED', '上传只接受 PUT 或 POST 请求'), requestId);
      const raw = req.headers['content-length'];
      const declared = raw === undefined ? undefined : Number(raw);
      if (declared !== undefined && !Number.isSafeInteger(declared)) throw new AppError('VALIDATION', 'Content-Length 无效');
      const data = await opts.upload(uploadMatch[1], declared, req);
      return sendJson(res, 200, { ok: true, data }, requestId);
    }

    if (url.pathname === PAY_NOTIFY_PATH && opts.payNotify) {
      if (method !== 'POST') return sendError(res, new AppError('METHOD.NOT_ALLOWED', '支付通知只接受 POST 请求'), requestId);
      const wait = notifyLimit?.take(req.socket.remoteAddress) ?? null;
      if (wait !== null) {
        res.setHeader('retry-after', String(wait));
        return sendJson(res, 429, { code: 'FREQUENCY_LIMITED', message: '通知过于频繁，请稍后重发' }, requestId);
      }
      const raw = await readBody(req, opts.bodyLimitBytes);
      const answer = await opts.payNotify((name) => {
        const v = req.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      }, raw.toString('utf8'));
      if (answer.status === 204 || !answer.body) {
        res.writeHead(answer.status, { 'x-request-id': requestId });
        res.end();
        return;
      }
      return sendJson(res, answer.status, answer.body, requestId);
    }

    if (url.pathname === DEMO_PAY_CONFIRM_PATH && opts.demoPayConfirm) {
      if (method !== 'POST') return sendError(res, new AppError('METHOD.NOT_ALLOWED', '模拟支付只接受 POST 请求'), requestId);
      if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) throw new AppError('REQUEST.UNSUPPORTED_MEDIA');
      let json: unknown;
      try {
        json = JSON.parse((await readBody(req, opts.bodyLimitBytes)).toString('utf8'));
      } catch (err) {
        throw err instanceof AppError ? err : new AppError('REQUEST.MALFORMED_JSON');
      }
      const parsed = demoPaySchema.safeParse(json);
      if (!parsed.success) throw new AppError('VALIDATION', undefined, { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
      const outcome = await opts.demoPayConfirm(parsed.data.prepayId);
      if (outcome === 'not-found') throw new AppError('PAY.ORDER_NOT_FOUND');
      if (outcome === 'finished') throw new AppError('PAY.ORDER_FINISHED');
      return sendJson(res, 200, { ok: true, data: { paid: true } }, requestId);
    }

    if (url.pathname === '/healthz' && (method === 'GET' || method === 'HEAD')) {
      const up = await pingDb();
      return sendJson(res, up ? 200 : 503, { ok: up, db: up ? 'up' : 'down' }, requestId);
    }

    if ((method === 'GET' || method === 'HEAD') && staticRoot && (await serveStatic(staticRoot, req, res, url.pathname))) return;
    return sendError(res, new AppError('ROUTE.NOT_FOUND', `页面不存在：${url.pathname}`), requestId);
  }

  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The path only: query strings carry signed links (/files/<id>?exp&sig) and must not reach the logs.
      logger.info('request', { requestId, method: req.method, path: pathOnly(req.url), status: res.statusCode, ms: Math.round(ms * 10) / 10 });
    });
    route(req, res, requestId).catch((err: unknown) => {
      const appError = err instanceof AppError ? err : new AppError('INTERNAL');
      if (!(err instanceof AppError)) logger.error('gateway error', { requestId, err: err instanceof Error ? err.stack : String(err) });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // Don't keep reading an oversized or broken upload.
      if (appError.code === 'REQUEST.TOO_LARGE' || appError.code === 'FILE.DOCUMENT_TOO_LARGE') res.setHeader('connection', 'close');
      sendError(res, appError, requestId);
    });
  });
  server.keepAliveTimeout = 5000;
  return server;
}

export function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
