import { randomBytes } from 'node:crypto';
import type { UploadedFile } from '@shared/contracts/files.contract';
import { PHOTO_MAX_BYTES, type PhotoType } from '@shared/domain/repairs';
import { AppError } from '../../lib/app-error';
import { mongoose } from '../../lib/db';
import type { Caller } from '../identity/session.service';
import { StoredFile } from './file.model';
import { getFile, putFile, signedUrl } from './file-store';

const { ObjectId } = mongoose.Types;

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
  const id = `f_${randomBytes(12).toString('hex')}`;
  // Bytes first: a record never points at a missing file.
  await putFile(id, bytes);
  await StoredFile.create({ _id: id, communityId: new ObjectId(caller.communityId), uploaderId: new ObjectId(caller.userId), purpose: input.purpose, fileName: input.fileName, mime, size: bytes.length });
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
