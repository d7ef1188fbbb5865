import { DOCUMENT_EXTENSIONS, DOCUMENT_TYPES } from '@shared/domain/files';
import { AppError } from '../../lib/app-error';
import { now } from '../../lib/clock';
import { logger } from '../../lib/logger';
import { wechat, WechatApiError, type WechatClient } from '../../lib/wechat/client';
import type { FileStore } from './file-store';

/**
 * FILE_STORE=cloudbase: CloudBase cloud storage (云存储) of environment CLOUDBASE_ENV, through
 * WeChat's tcb HTTP API and the one WeChat client (its access token, retries and token refresh):
 * - put: POST tcb/uploadfile {env, path} → an upload ticket; the bytes go to the ticket's URL as a
 *   multipart form (key, Signature, x-cos-security-token, x-cos-meta-fileid, file — in that order,
 *   the file last). The key is the fileID it answers (`cloud://<env>.<bucket>/files/<community>/<id>`).
 *   Files the mini-program uploads itself (`Taro.cloud.uploadFile`) are registered by their fileID.
 * - links: POST tcb/batchdownloadfile with max_age = FILE_LINK_TTL_MINUTES (50 files per call);
 *   each process reuses a link while more than half its time is left.
 * - get: a one-minute link, then a GET of it (reading at most `maxBytes` + 1 bytes).
 * - delete: POST tcb/batchdeletefile (50 per call); a file already gone is no error.
 * Every failure (an errcode, a refused upload, HTTP errors, timeouts) is logged and thrown as
 * AppError FILE.STORE_UNAVAILABLE (`details.errcode` / `details.httpStatus`), except in `links`,
 * which leaves out what it could not link (a page still shows, without those photos).
 */
const BATCH = 50;
const TRANSFER_TIMEOUT_MS = 30_000;
/** CloudBase's per-file answer for a file that does not exist. */
const NONEXIST = -503003;
const MAX_CACHED = 5_000;

const EXTENSIONS: Record<string, string> = Object.fromEntries(DOCUMENT_TYPES.map((t) => [t, `.${DOCUMENT_EXTENSIONS[t][0]}`]));

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const isMissing = (f: { status: number; errmsg: string }) => f.status === NONEXIST || /STORAGE_FILE_NONEXIST/.test(f.errmsg);

function failed(op: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  const details = err instanceof WechatApiError ? { errcode: err.errcode, ...(err.transport?.httpStatus ? { httpStatus: err.transport.httpStatus } : {}) } : {};
  logger.warn('file store failed', { store: 'cloudbase', op, ...details, err: (err as Error).message });
  return new AppError('FILE.STORE_UNAVAILABLE', undefined, details);
}

function httpFailed(op: string, status: number): AppError {
  logger.warn('file store failed', { store: 'cloudbase', op, httpStatus: status });
  return new AppError('FILE.STORE_UNAVAILABLE', undefined, { httpStatus: status });
}

/** The body of `res`, reading at most `limit` bytes. */
async function readAtMost(res: Response, limit: number): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(Buffer.from(value));
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(parts).subarray(0, limit);
}

export function createCloudbaseStore(env: string, linkTtlMs: number, client: () => WechatClient = memoClient()): FileStore {
  const ownKey = (key: string) => key.startsWith(`cloud://${env}.`);
  const cached = new Map<string, { url: string; until: number }>();
  const maxAgeSeconds = Math.floor(linkTtlMs / 1000);

  function remember(key: string, url: string, until: number): void {
    if (cached.size >= MAX_CACHED) cached.delete(cached.keys().next().value as string);
    cached.set(key, { url, until });
  }

  async function tempUrl(key: string, seconds: number, op: string): Promise<string | null> {
    let file;
    try {
      [file] = await client().tcbBatchDownloadFile(env, [{ fileid: key, maxAgeSeconds: seconds }]);
    } catch (err) {
      throw failed(op, err);
    }
    if (!file || isMissing(file)) return null;
    if (file.status !== 0 || !file.download_url) throw failed(op, new WechatApiError(file.status, file.errmsg, 'tcb.batchdownloadfile'));
    return file.download_url;
  }

  return {
    kind: 'cloudbase',
    async put(id, bytes, meta) {
      const path = `files/${meta.communityId}/${id}${EXTENSIONS[meta.mime] ?? ''}`;
      let ticket;
      try {
        ticket = await client().tcbUploadFile(env, path);
      } catch (err) {
        throw failed('put', err);
      }
      const form = new FormData();
      form.append('key', path);
      form.append('Signature', ticket.authorization);
      form.append('x-cos-security-token', ticket.token);
      form.append('x-cos-meta-fileid', ticket.cos_file_id);
      form.append('file', new Blob([new Uint8Array(bytes)], { type: meta.mime }), path.split('/').pop());
      let res: Response;
      try {
        res = await fetch(ticket.url, { method: 'POST', body: form, signal: AbortSignal.timeout(TRANSFER_TIMEOUT_MS) });
        await res.arrayBuffer();
      } catch (err) {
        throw failed('put', err);
      }
      if (!res.ok) throw httpFailed('put', res.status);
      return ticket.file_id;
    },

    async get(key, opts = {}) {
      if (!ownKey(key)) return null;
      const url = await tempUrl(key, 60, 'get');
      if (!url) return null;
      let res: Response;
      try {
        res = await fetch(url, { signal: AbortSignal.timeout(TRANSFER_TIMEOUT_MS) });
        if (res.status === 404) {
          await res.arrayBuffer();
          return null;
        }
        if (!res.ok) {
          await res.arrayBuffer();
          throw httpFailed('get', res.status);
        }
        return opts.maxBytes === undefined ? Buffer.from(await res.arrayBuffer()) : await readAtMost(res, opts.maxBytes + 1);
      } catch (err) {
        throw failed('get', err);
      }
    },

    async delete(keys) {
      const own = keys.filter(ownKey);
      for (const key of own) cached.delete(key);
      for (const batch of chunks(own, BATCH)) {
        let answers;
        try {
          answers = await client().tcbBatchDeleteFile(env, batch);
        } catch (err) {
          throw failed('delete', err);
        }
        const bad = answers.find((a) => a.status !== 0 && !isMissing(a));
        if (bad) throw failed('delete', new WechatApiError(bad.status, bad.errmsg, 'tcb.batchdeletefile'));
      }
    },

    async links(keys, opts = {}) {
      const at = now().getTime();
      const out = new Map<string, string>();
      const wanted: string[] = [];
      // A custom lifetime (a document's short link): max_age = ttlMs, never from or into the cache.
      const custom = opts.ttlMs !== undefined && opts.ttlMs !== linkTtlMs;
      const maxAge = custom ? Math.max(60, Math.floor((opts.ttlMs as number) / 1000)) : maxAgeSeconds;
      for (const key of new Set(keys)) {
        if (!ownKey(key)) continue;
        const hit = custom ? undefined : cached.get(key);
        if (hit && hit.until - at > linkTtlMs / 2) out.set(key, hit.url);
        else wanted.push(key);
      }
      for (const batch of chunks(wanted, BATCH)) {
        try {
          const files = await client().tcbBatchDownloadFile(env, batch.map((fileid) => ({ fileid, maxAgeSeconds: maxAge })));
          for (const f of files) {
            if (f.status !== 0 || !f.download_url) {
              if (!isMissing(f)) logger.warn('file link refused', { store: 'cloudbase', status: f.status, errmsg: f.errmsg });
              continue;
            }
            out.set(f.fileid, f.download_url);
            if (!custom) remember(f.fileid, f.download_url, at + maxAgeSeconds * 1000);
          }
        } catch (err) {
          failed('links', err); // logged; these files are shown without a link
        }
      }
      return out;
    },
  };
}

/** One WeChat client per store (it keeps its copy of the access token). */
function memoClient(): () => WechatClient {
  let c: WechatClient | null = null;
  return () => (c ??= wechat());
}
