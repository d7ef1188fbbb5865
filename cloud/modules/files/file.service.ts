import { randomBytes } from 'node:crypto';
import type { UploadedFile } from '@shared/contracts/files.contract';
import { DAY_MS, HOUR_MS } from '@shared/domain/calendar';
import { PHOTO_MAX_BYTES, type PhotoType } from '@shared/domain/repairs';
import { AppError } from '../../lib/app-error';
import { claimOutcome } from '../../lib/claim';
import { mongoose } from '../../lib/db';
import { rateLimit } from '../../lib/rate-limit';
import type { Caller } from '../../lib/caller';
import { StoredFile } from './file.model';
import { getFile, putFile, signedUrl } from './file-store';

const { ObjectId } = mongoose.Types;

/**
 * Per uploader (any role): 60 photos an hour and 200 MB a day (counted per started MB: a 1.2 MB
 * photo counts 2). A repair or complaint takes at most 9 photos and a completion a few, so nobody
 * uploading for real comes near; a script filling the disk stops at 200 MB a day (and what it never
 * attaches is deleted after a day, cleanup.job.ts).
 */
const uploadCount = rateLimit('files.upload', { limits: [{ max: 60, windowMs: HOUR_MS }], says: { action: '上传照片', unit: '张' } });
const uploadBytes = rateLimit('files.upload.bytes', { limits: [{ max: 200, windowMs: DAY_MS }], unitBytes: 1024 * 1024, says: { action: '上传照片', unit: 'MB' } });

/** The photo type from its first bytes (the name and the client's word are not trusted). */
export function sniffPhoto(bytes: Buffer): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export async function upload(caller: Caller, input: { purpose: string; fileName: string; contentBase64: string }): Promise<UploadedFile> {
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length === 0) throw new AppError('FILE.BAD_TYPE', '文件内容为空或不是 base64');
  if (bytes.length > PHOTO_MAX_BYTES) throw new AppError('FILE.TOO_LARGE', `照片不能超过 ${PHOTO_MAX_BYTES / 1024 / 1024} MB（本张 ${(bytes.length / 1024 / 1024).toFixed(1)} MB）`, { limitBytes: PHOTO_MAX_BYTES, size: bytes.length });
  const mime = sniffPhoto(bytes);
  if (!mime) throw new AppError('FILE.BAD_TYPE', undefined, { allowed: ['image/jpeg', 'image/png', 'image/webp'] });
  const count = await uploadCount.take(caller.userId);
  const size = await uploadBytes.take(caller.userId, bytes.length).catch(async (err: unknown) => {
    await count.giveBack();
    throw err;
  });
  const id = `f_${randomBytes(12).toString('hex')}`;
  try {
    // Bytes first: a record never points at a missing file.
    await putFile(id, bytes);
    await StoredFile.create({ _id: id, communityId: new ObjectId(caller.communityId), uploaderId: new ObjectId(caller.userId), purpose: input.purpose, fileName: input.fileName, mime, size: bytes.length, attached: false });
  } catch (err) {
    await Promise.all([count.giveBack(), size.giveBack()]);
    throw err;
  }
  return { id, url: signedUrl(id), mime, size: bytes.length };
}

/**
 * Check that every id is a photo this person uploaded in this community (nobody attaches someone
 * else's photo by guessing its id). Returns the ids in order, without repeats.
 */
export async function ownPhotos(caller: Caller, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await StoredFile.find(unique.length === 1 ? { _id: unique[0] } : { _id: { $in: unique } }, { uploaderId: 1, communityId: 1 }).lean();
  const mine = new Set(found.filter((f) => String(f.uploaderId) === caller.userId && String(f.communityId) === caller.communityId).map((f) => String(f._id)));
  const missing = unique.filter((id) => !mine.has(id));
  if (missing.length) throw new AppError('FILE.NOT_FOUND', undefined, { missing });
  return unique;
}

/** How long the decision "attached or deleted" is kept: the photo's record says it from then on. */
const FATE_TTL_MS = 2 * DAY_MS;
export const photoFateKey = (id: string) => `file:${id}:fate`;

/**
 * Record that `usedBy` (`repair:<id>`, `repair:<id>:after`, `complaint:<id>`) uses these photos
 * (checked with ownPhotos first), just before the record that uses them is written. A photo not yet
 * attached is claimed for good first (the cleanup claims the same key to delete it: one of the two
 * wins), so a photo is never deleted once something uses it; one the cleanup won is gone:
 * 404 FILE.NOT_FOUND, upload it again.
 */
export async function attachPhotos(ids: readonly string[], usedBy: string): Promise<void> {
  if (!ids.length) return;
  const files = await StoredFile.find(ids.length === 1 ? { _id: ids[0] } : { _id: { $in: [...ids] } }, { attached: 1 }).lean();
  const gone: string[] = ids.filter((id) => !files.some((f) => String(f._id) === id));
  for (const f of files) {
    if (f.attached !== false) continue;
    if ((await claimOutcome(photoFateKey(String(f._id)), 'attached', { ttlMs: FATE_TTL_MS })) !== 'attached') gone.push(String(f._id));
  }
  if (gone.length) throw new AppError('FILE.NOT_FOUND', '照片已过期，请重新上传', { missing: gone });
  await StoredFile.updateMany(ids.length === 1 ? { _id: ids[0] } : { _id: { $in: [...ids] } }, { $set: { attached: true }, $addToSet: { usedBy } });
}

export function photoLinks(ids: readonly string[]): { id: string; url: string }[] {
  return ids.map((id) => ({ id, url: signedUrl(id) }));
}

/** The bytes and type of a stored photo (the gateway serves it). */
export async function readPhoto(id: string): Promise<{ bytes: Buffer; mime: string } | null> {
  const meta = await StoredFile.findById(id, { mime: 1 }).lean();
  if (!meta) return null;
  const bytes = await getFile(id);
  return bytes ? { bytes, mime: meta.mime } : null;
}
