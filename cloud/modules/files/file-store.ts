import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HOUR_MS } from '@shared/domain/calendar';
import { getConfig } from '../../lib/config';
import { now } from '../../lib/clock';

/**
 * Where photo bytes live in gateway mode: one file per id under FILES_DIR, written atomically
 * (temporary name, then rename). They are shown through signed, expiring URLs that the gateway
 * serves at `/files/<id>?exp=<ms>&sig=<hmac>`, so a link cannot be guessed or kept for ever.
 */
const ID = /^f_[a-f0-9]{24}$/;
/** How long a shown link works. */
const URL_TTL_MS = 12 * HOUR_MS;

export function isFileId(id: string): boolean {
  return ID.test(id);
}

function fileOf(id: string): string {
  if (!isFileId(id)) throw new Error(`bad file id ${id}`);
  return path.join(getConfig().filesDir, id.slice(2, 4), id);
}

export async function putFile(id: string, bytes: Buffer): Promise<void> {
  const file = fileOf(id);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, file);
}

export async function getFile(id: string): Promise<Buffer | null> {
  try {
    return await readFile(fileOf(id));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Deletes the bytes (nothing to do when they are gone already). */
export async function deleteFile(id: string): Promise<void> {
  try {
    await unlink(fileOf(id));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function signature(id: string, exp: number): string {
  return createHmac('sha256', getConfig().sessionSecret).update(`file:${id}:${exp}`).digest('base64url');
}

/** A link to show the photo (relative to the gateway). */
export function signedUrl(id: string): string {
  // Whole hours, so a page showing the same photo twice gets the same link (the browser caches it).
  const exp = Math.ceil((now().getTime() + URL_TTL_MS) / HOUR_MS) * HOUR_MS;
  return `/files/${id}?exp=${exp}&sig=${signature(id, exp)}`;
}

export function verifySignedUrl(id: string, exp: string | null, sig: string | null): boolean {
  if (!isFileId(id) || !exp || !sig || !/^\d{1,15}$/.test(exp)) return false;
  if (Number(exp) < now().getTime()) return false;
  const expected = Buffer.from(signature(id, Number(exp)));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
