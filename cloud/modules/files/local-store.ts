import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HOUR_MS, MINUTE_MS } from '@shared/domain/calendar';
import { getConfig } from '../../lib/config';
import { now } from '../../lib/clock';
import { isFileId, type FileStore } from './file-store';

/**
 * FILE_STORE=local: one file per id under FILES_DIR (`<dir>/<2 hex>/<id>`), written atomically
 * (temporary name, then rename). Shown through signed, expiring links that the gateway serves at
 * `/files/<id>?exp=<ms>&sig=<hmac>` (HMAC-SHA256 with SESSION_SECRET), so a link cannot be guessed,
 * pointed at another file, or kept for ever. The key of a file is its id.
 */
export function createLocalStore(dir: string, linkTtlMs: number): FileStore {
  function fileOf(id: string): string {
    if (!isFileId(id)) throw new Error(`bad file id ${id}`);
    return path.join(dir, id.slice(2, 4), id);
  }

  async function readAtMost(file: string, maxBytes: number): Promise<Buffer> {
    const handle = await open(file, 'r');
    try {
      const buf = Buffer.alloc(maxBytes + 1);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  return {
    kind: 'local',
    async put(id, bytes) {
      const file = fileOf(id);
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, file);
      return id;
    },
    async get(key, opts = {}) {
      if (!isFileId(key)) return null;
      try {
        return opts.maxBytes === undefined ? await readFile(fileOf(key)) : await readAtMost(fileOf(key), opts.maxBytes);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async delete(keys) {
      for (const key of keys) {
        if (!isFileId(key)) continue;
        try {
          await unlink(fileOf(key));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
    },
    async links(keys, opts = {}) {
      // Whole hours, so a page showing the same photo twice gets the same link (the browser caches it);
      // a short-lived link (a document's, `ttlMs` under an hour) is rounded up to the minute only.
      const ttl = opts.ttlMs ?? linkTtlMs;
      const step = ttl < HOUR_MS ? MINUTE_MS : HOUR_MS;
      const exp = Math.ceil((now().getTime() + ttl) / step) * step;
      return new Map(keys.filter(isFileId).map((id) => [id, `/files/${id}?exp=${exp}&sig=${signature(id, exp)}`]));
    },
  };
}

function signature(id: string, exp: number): string {
  return createHmac('sha256', getConfig().sessionSecret).update(`file:${id}:${exp}`).digest('base64url');
}

/** Is this a link the local store made, for this id, not yet expired (by the one clock)? */
export function verifySignedUrl(id: string, exp: string | null, sig: string | null): boolean {
  if (getConfig().fileStore.kind !== 'local') return false;
  if (!isFileId(id) || !exp || !sig || !/^\d{1,15}$/.test(exp)) return false;
  if (Number(exp) < now().getTime()) return false;
  const expected = Buffer.from(signature(id, Number(exp)));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
