import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { now as clockNow } from '../clock';

/**
 * The CloudBase cloud storage (云存储) part of the fake WeChat server: the tcb HTTP API that lives on
 * api.weixin.qq.com, plus the two hosts it hands out links to, all served by the fake's one HTTP
 * server on 127.0.0.1:
 *
 * - POST /tcb/uploadfile {env, path} → {url, token, authorization, file_id, cos_file_id}: a ticket
 *   for one upload (valid 15 minutes, used once). The bytes then go to `url` as a multipart form with
 *   the fields `key` (= path), `Signature` (= authorization), `x-cos-security-token` (= token),
 *   `x-cos-meta-fileid` (= cos_file_id) and `file` last — as COS's form upload takes them. A wrong or
 *   used ticket answers 403 AccessDenied (XML, as COS does); success 204.
 * - POST /tcb/batchdownloadfile {env, file_list: [{fileid, max_age}]} → file_list [{fileid,
 *   download_url, status, errmsg}]: per file a temporary link that really expires: fetched after
 *   max_age seconds (by the one clock) it answers 403 "Request has expired"; a tampered link 403;
 *   a deleted file 404 NoSuchKey. max_age is capped at a day, as CloudBase does.
 * - POST /tcb/batchdeletefile {env, fileid_list} → delete_list [{fileid, status, errmsg}].
 * Errors as CloudBase answers them: an unknown env -501007 (the whole call); per file -503003
 * STORAGE_FILE_NONEXIST (no such file) and -503002 STORAGE_EXCEED_AUTHORITY (another environment's
 * file); missing fields 40101, bad ones 40097, more than 50 files 40097. The access token is
 * checked by the fake server like every other API (40001, 42001…), and its failNext knobs work on
 * these paths too (`/tcb/uploadfile`…).
 *
 * File ids look like CloudBase's: `cloud://<env>.<bucket>/<path>`, the bucket
 * `<hex of the env's first two letters>-<env>-<appid number>`.
 */

/** The environment the fake knows unless told otherwise (tests and `npm start` use it). */
export const FAKE_TCB_ENV = 'wuye-demo-7g2k9';

const TICKET_TTL_MS = 15 * 60_000;
const MAX_AGE_CAP_S = 86_400;
const MAX_FILES = 50;
const COS_PREFIX = '/__cos/';
const CDN_PREFIX = '/__tcb/';

interface StoredObject {
  bytes: Buffer;
  contentType: string;
  uploadedAt: Date;
}

interface Ticket {
  fileId: string;
  path: string;
  token: string;
  cosFileId: string;
  expiresAt: number;
}

type Json = Record<string, unknown>;

export interface FakeStorage {
  /**
   * What the mini-program's `wx.cloud.uploadFile({ cloudPath, filePath })` does: the bytes are
   * stored at `cloudPath` of `env` (default: the first environment); returns the fileID.
   */
  clientUpload(cloudPath: string, bytes: Buffer, env?: string): string;
  /** The ids of every stored file. */
  fileIds(): string[];
  /** The bytes of a stored file (undefined when there is none). */
  bytesOf(fileId: string): Buffer | undefined;
  /** Make the next `count` COS uploads (the POST of the bytes) answer this HTTP status. */
  failNextUpload(httpStatus: number, count?: number): void;
  /** Downloads (GET of a temporary link) made so far, oldest first. */
  downloads(): { path: string; status: number }[];
}

export interface FakeStorageHandler {
  controls: FakeStorage;
  /** The JSON answer of POST /tcb/<api> (the token already checked). */
  api(pathname: string, body: unknown): Json;
  /** Serves a COS upload or a temporary link; false when the request is not one. */
  serve(method: string, url: URL, raw: Buffer, res: http.ServerResponse): boolean;
}

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const rid = () => `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
const err = (errcode: number, errmsg: string): Json => ({ errcode, errmsg: `${errmsg} rid: ${rid()}` });

function cosError(res: http.ServerResponse, status: number, code: string, message: string): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${rid()}</RequestId></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
  res.end(xml);
}

/** A CloudBase path: relative, no empty or dot segments, at most 850 characters. */
function badPath(path: string): boolean {
  return path.length > 850 || path.startsWith('/') || path.split('/').some((s) => s === '' || s === '.' || s === '..') || /[\u0000-\u001f\\]/.test(path);
}

/** COS guesses a file's type from its name when the upload names none. */
const TYPE_BY_EXTENSION: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', pdf: 'application/pdf' };

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

export function createFakeStorage(opts: { envs: string[]; appNumber?: string; baseUrl: () => string }): FakeStorageHandler {
  const secret = randomBytes(32);
  const appNumber = opts.appNumber ?? '1312345678';
  const bucketOf = (env: string) => `${Buffer.from(env.slice(0, 2)).toString('hex')}-${env}-${appNumber}`;
  const buckets = new Map(opts.envs.map((env) => [bucketOf(env), env]));
  /** fileID → object. */
  const objects = new Map<string, StoredObject>();
  const tickets = new Map<string, Ticket>();
  const uploadFailures: number[] = [];
  const downloaded: { path: string; status: number }[] = [];
  const t = () => clockNow().getTime();

  const fileIdOf = (env: string, path: string) => `cloud://${env}.${bucketOf(env)}/${path}`;
  function parseFileId(fileId: unknown): { env: string; bucket: string; path: string } | null {
    const m = typeof fileId === 'string' ? /^cloud:\/\/([^./]+)\.([^/]+)\/(.+)$/.exec(fileId) : null;
    return m ? { env: m[1], bucket: m[2], path: m[3] } : null;
  }
  const sign = (bucket: string, path: string, exp: number) => createHmac('sha256', secret).update(`${bucket}/${path}:${exp}`).digest('hex').slice(0, 32);

  function envError(env: unknown): Json | null {
    if (env === undefined || env === '') return err(40101, 'missing required parameter env');
    if (typeof env !== 'string' || !opts.envs.includes(env)) return err(-501007, 'invalid parameters: [100003] env not exists');
    return null;
  }

  function uploadFile(body: unknown): Json {
    if (!isRecord(body)) return err(44002, 'empty post body');
    const bad = envError(body.env);
    if (bad) return bad;
    if (typeof body.path !== 'string' || !body.path) return err(40101, 'missing required parameter path');
    if (badPath(body.path)) return err(40097, 'invalid args: path');
    const env = body.env as string;
    const bucket = bucketOf(env);
    const ticket: Ticket = {
      fileId: fileIdOf(env, body.path),
      path: body.path,
      token: randomBytes(48).toString('base64url'),
      cosFileId: randomBytes(36).toString('base64'),
      expiresAt: t() + TICKET_TTL_MS,
    };
    const start = Math.floor(t() / 1000);
    const authorization = `q-sign-algorithm=sha1&q-ak=AKIDfake${randomBytes(6).toString('hex')}&q-sign-time=${start};${start + TICKET_TTL_MS / 1000}&q-key-time=${start};${start + TICKET_TTL_MS / 1000}&q-header-list=&q-url-param-list=&q-signature=${randomBytes(20).toString('hex')}`;
    tickets.set(authorization, ticket);
    return {
      errcode: 0,
      errmsg: 'ok',
      url: `${opts.baseUrl()}${COS_PREFIX}${bucket}/${encodePath(body.path)}`,
      token: ticket.token,
      authorization,
      file_id: ticket.fileId,
      cos_file_id: ticket.cosFileId,
    };
  }

  /** Per-file status of a file id for environment `env`. */
  function lookup(env: string, fileid: unknown): { status: number; errmsg: string; object?: StoredObject; parsed?: { bucket: string; path: string } } {
    const parsed = parseFileId(fileid);
    if (!parsed) return { status: -501007, errmsg: 'invalid parameters: fileid' };
    if (parsed.env !== env || buckets.get(parsed.bucket) !== env) return { status: -503002, errmsg: 'STORAGE_EXCEED_AUTHORITY' };
    const object = objects.get(fileid as string);
    if (!object) return { status: -503003, errmsg: 'STORAGE_FILE_NONEXIST' };
    return { status: 0, errmsg: 'ok', object, parsed };
  }

  function batchDownload(body: unknown): Json {
    if (!isRecord(body)) return err(44002, 'empty post body');
    const bad = envError(body.env);
    if (bad) return bad;
    if (!Array.isArray(body.file_list)) return err(40101, 'missing required parameter file_list');
    if (body.file_list.length === 0 || body.file_list.length > MAX_FILES) return err(40097, `invalid args: file_list must hold 1 to ${MAX_FILES} files`);
    const env = body.env as string;
    const out: Json[] = [];
    for (const entry of body.file_list as unknown[]) {
      if (!isRecord(entry) || typeof entry.fileid !== 'string') return err(40097, 'invalid args: file_list[].fileid');
      if (typeof entry.max_age !== 'number' || !Number.isInteger(entry.max_age) || entry.max_age < 1) return err(40097, 'invalid args: file_list[].max_age');
      const found = lookup(env, entry.fileid);
      if (!found.parsed) {
        out.push({ fileid: entry.fileid, download_url: '', status: found.status, errmsg: found.errmsg });
        continue;
      }
      const exp = Math.floor(t() / 1000) + Math.min(entry.max_age, MAX_AGE_CAP_S);
      const { bucket, path } = found.parsed;
      out.push({ fileid: entry.fileid, download_url: `${opts.baseUrl()}${CDN_PREFIX}${bucket}/${encodePath(path)}?sign=${sign(bucket, path, exp)}&t=${exp}`, status: 0, errmsg: 'ok' });
    }
    return { errcode: 0, errmsg: 'ok', file_list: out };
  }

  function batchDelete(body: unknown): Json {
    if (!isRecord(body)) return err(44002, 'empty post body');
    const bad = envError(body.env);
    if (bad) return bad;
    if (!Array.isArray(body.fileid_list)) return err(40101, 'missing required parameter fileid_list');
    if (body.fileid_list.length === 0 || body.fileid_list.length > MAX_FILES) return err(40097, `invalid args: fileid_list must hold 1 to ${MAX_FILES} files`);
    const env = body.env as string;
    const out: Json[] = [];
    for (const fileid of body.fileid_list as unknown[]) {
      if (typeof fileid !== 'string') return err(40097, 'invalid args: fileid_list[]');
      const found = lookup(env, fileid);
      if (found.object) objects.delete(fileid);
      out.push({ fileid, status: found.status, errmsg: found.errmsg });
    }
    return { errcode: 0, errmsg: 'ok', delete_list: out };
  }

  /** POST <url of uploadfile>: COS's form upload. */
  async function cosUpload(url: URL, contentType: string, raw: Buffer, res: http.ServerResponse): Promise<void> {
    const failure = uploadFailures.shift();
    if (failure) return cosError(res, failure, failure >= 500 ? 'InternalError' : 'AccessDenied', 'injected failure');
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    } catch {
      return cosError(res, 400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
    }
    const field = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' ? v : null;
    };
    const ticket = tickets.get(field('Signature') ?? '');
    const [bucket, ...rest] = url.pathname.slice(COS_PREFIX.length).split('/');
    const path = rest.map(decodeURIComponent).join('/');
    if (!ticket || ticket.expiresAt <= t()) return cosError(res, 403, 'AccessDenied', 'Request has expired or the signature is invalid');
    if (field('key') !== ticket.path || path !== ticket.path || `cloud://${buckets.get(bucket)}.${bucket}/${path}` !== ticket.fileId) return cosError(res, 403, 'AccessDenied', 'The key does not match the signature');
    if (field('x-cos-security-token') !== ticket.token) return cosError(res, 403, 'InvalidAccessKeyId', 'The security token is invalid');
    if (field('x-cos-meta-fileid') !== ticket.cosFileId) return cosError(res, 403, 'AccessDenied', 'x-cos-meta-fileid is missing or wrong');
    const file = form.get('file');
    if (!file || typeof file === 'string') return cosError(res, 400, 'InvalidArgument', 'The file field is missing');
    tickets.delete(field('Signature') ?? '');
    objects.set(ticket.fileId, { bytes: Buffer.from(await file.arrayBuffer()), contentType: file.type || 'application/octet-stream', uploadedAt: clockNow() });
    res.writeHead(204, { etag: `"${randomBytes(16).toString('hex')}"` });
    res.end();
  }

  /** GET <download_url>: the bytes while the link is valid. */
  function cdnDownload(url: URL, res: http.ServerResponse, head: boolean): void {
    const [bucket, ...rest] = url.pathname.slice(CDN_PREFIX.length).split('/');
    const path = rest.map(decodeURIComponent).join('/');
    const exp = url.searchParams.get('t') ?? '';
    const given = Buffer.from(url.searchParams.get('sign') ?? '');
    const record = (status: number) => downloaded.push({ path, status });
    const env = buckets.get(bucket);
    const expected = Buffer.from(/^\d{1,12}$/.test(exp) ? sign(bucket, path, Number(exp)) : '');
    if (!env || !expected.length || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      record(403);
      return cosError(res, 403, 'AccessDenied', 'Access Denied: the signature is invalid');
    }
    if (Number(exp) * 1000 <= t()) {
      record(403);
      return cosError(res, 403, 'AccessDenied', 'Request has expired');
    }
    const object = objects.get(`cloud://${env}.${bucket}/${path}`);
    if (!object) {
      record(404);
      return cosError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    }
    record(200);
    res.writeHead(200, { 'content-type': object.contentType, 'content-length': object.bytes.length, 'cache-control': 'private, max-age=0' });
    res.end(head ? undefined : object.bytes);
  }

  return {
    controls: {
      clientUpload(cloudPath, bytes, env = opts.envs[0]) {
        if (badPath(cloudPath)) throw new Error(`bad cloudPath ${cloudPath}`);
        const fileId = fileIdOf(env, cloudPath);
        objects.set(fileId, { bytes: Buffer.from(bytes), contentType: TYPE_BY_EXTENSION[/\.([a-z0-9]+)$/i.exec(cloudPath)?.[1].toLowerCase() ?? ''] ?? 'application/octet-stream', uploadedAt: clockNow() });
        return fileId;
      },
      fileIds: () => [...objects.keys()],
      bytesOf: (fileId) => objects.get(fileId)?.bytes,
      failNextUpload(httpStatus, count = 1) {
        for (let i = 0; i < count; i++) uploadFailures.push(httpStatus);
      },
      downloads: () => [...downloaded],
    },
    api(pathname, body) {
      if (pathname === '/tcb/uploadfile') return uploadFile(body);
      if (pathname === '/tcb/batchdownloadfile') return batchDownload(body);
      if (pathname === '/tcb/batchdeletefile') return batchDelete(body);
      return err(43002, 'no such tcb api');
    },
    serve(method, url, raw, res) {
      if (method === 'POST' && url.pathname.startsWith(COS_PREFIX)) {
        void cosUpload(url, String(res.req.headers['content-type'] ?? ''), raw, res).catch(() => cosError(res, 500, 'InternalError', 'fake storage failed'));
        return true;
      }
      if ((method === 'GET' || method === 'HEAD') && url.pathname.startsWith(CDN_PREFIX)) {
        cdnDownload(url, res, method === 'HEAD');
        return true;
      }
      return false;
    },
  };
}
