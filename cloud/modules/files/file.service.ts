import { createHash, randomBytes } from 'node:crypto';
import type { UploadedFile } from '@shared/contracts/files.contract';
import { DAY_MS, HOUR_MS } from '@shared/domain/calendar';
import { uploadFolder } from '@shared/domain/files';
import { documentTypeOfName, DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, isDocumentType, type DocumentType } from '@shared/domain/files';
import { PHOTO_MAX_BYTES, type PhotoType } from '@shared/domain/repairs';
import { AppError } from '../../lib/app-error';
import { claimOutcome } from '../../lib/claim';
import { getConfig } from '../../lib/config';
import { mongoose } from '../../lib/db';
import { rateLimit } from '../../lib/rate-limit';
import type { Caller } from '../../lib/caller';
import { StoredFile } from './file.model';
import { sniffPhoto, sniffType } from './sniff';
import { isFileId } from './file-store';
import { fileStore } from './stores';

const { ObjectId } = mongoose.Types;

/**
 * Per uploader (any role): 60 photos an hour and 200 MB a day (counted per started MB: a 1.2 MB
 * photo counts 2). A repair or complaint takes at most 9 photos and a completion a few, so nobody
 * uploading for real comes near; a script filling the disk stops at 200 MB a day (and what it never
 * attaches is deleted after a day, cleanup.job.ts).
 */
export const uploadCount = rateLimit('files.upload', { limits: [{ max: 60, windowMs: HOUR_MS }], says: { action: '上传照片', unit: '张' } });
export const uploadBytes = rateLimit('files.upload.bytes', { limits: [{ max: 200, windowMs: DAY_MS }], unitBytes: 1024 * 1024, says: { action: '上传照片', unit: 'MB' } });

/** The type of a photo from its bytes, or why it is refused (empty, too large, not JPEG/PNG/WebP). */
function checkPhoto(bytes: Buffer, emptyMessage: string, sizeKnown = true): PhotoType {
  if (bytes.length === 0) throw new AppError('FILE.BAD_TYPE', emptyMessage);
  if (bytes.length > PHOTO_MAX_BYTES) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    throw new AppError('FILE.TOO_LARGE', sizeKnown ? `照片不能超过 ${PHOTO_MAX_BYTES / 1024 / 1024} MB（本张 ${mb(bytes.length)} MB）` : undefined, { limitBytes: PHOTO_MAX_BYTES, ...(sizeKnown ? { size: bytes.length } : {}) });
  }
  const mime = sniffPhoto(bytes);
  if (!mime) throw new AppError('FILE.BAD_TYPE', undefined, { allowed: ['image/jpeg', 'image/png', 'image/webp'] });
  return mime;
}

export const newFileId = () => `f_${randomBytes(12).toString('hex')}`;
/** Where a record's bytes are in the file store: its key, or (local store) its id. */
export const keyOf = (f: { _id: unknown; key?: string | null }): string => f.key ?? String(f._id);

async function linkOf(key: string): Promise<string> {
  return (await fileStore().links([key])).get(key) ?? '';
}

/** gateway mode: one photo sent as base64 is checked, counted, stored, then recorded. */
export async function upload(caller: Caller, input: { purpose: string; fileName: string; contentBase64: string }): Promise<UploadedFile> {
  const bytes = Buffer.from(input.contentBase64, 'base64');
  const mime = checkPhoto(bytes, '文件内容为空或不是 base64');
  const count = await uploadCount.take(caller.userId);
  const size = await uploadBytes.take(caller.userId, bytes.length).catch(async (err: unknown) => {
    await count.giveBack();
    throw err;
  });
  const giveBack = () => Promise.all([count.giveBack(), size.giveBack()]);
  const id = newFileId();
  const store = fileStore();
  let key: string;
  try {
    // Bytes first: a record never points at missing bytes.
    key = await store.put(id, bytes, { mime, communityId: caller.communityId });
  } catch (err) {
    await giveBack();
    throw err;
  }
  try {
    await StoredFile.create({ _id: id, communityId: new ObjectId(caller.communityId), uploaderId: new ObjectId(caller.userId), purpose: input.purpose, fileName: input.fileName, mime, size: bytes.length, attached: false, ...(key !== id ? { key } : {}) });
  } catch (err) {
    await giveBack();
    await store.delete([key]).catch(() => undefined); // else bytes nobody points at
    throw err;
  }
  return { id, url: await linkOf(key), mime, size: bytes.length };
}

/** A registered CloudBase file's id: derived from its fileID, so registering it twice finds the first record. */
const idOfCloudFile = (fileId: string) => `f_${createHash('sha256').update(fileId).digest('hex').slice(0, 24)}`;

/**
 * CloudBase mode: a photo the mini-program uploaded itself (`Taro.cloud.uploadFile`) into the
 * caller's own folder (`uploads/<communityId>/<userId>/`, shared/domain/files.ts) of
 * this environment becomes a stored file: its bytes are read back from storage (at most 5 MB + 1
 * byte), checked like an upload's (type from the bytes, size) and counted against the same quota.
 * A file anywhere else — another environment, another person's or community's folder — is 404
 * FILE.NOT_FOUND, as is one that is not in storage; a refused photo is deleted from storage.
 * Registering the same file again answers the same record (its id is derived from the fileID).
 */
export function register(caller: Caller, input: { purpose: string; fileName: string; fileId: string }): Promise<UploadedFile> {
  return registerAs(caller, input, PHOTO_POLICY);
}

/**
 * CloudBase mode: an archived document the mini-program uploaded itself, registered like a photo
 * (`register`'s path: the caller's own folder, bytes read back, the same quota) under the document
 * policy: at most `maxBytes` (413 FILE.DOCUMENT_TOO_LARGE), type from the content matching the type
 * its name declares (400 FILE.BAD_TYPE / FILE.TYPE_MISMATCH; a refused file is deleted from storage).
 */
export function registerDocument(caller: Caller, input: { purpose: string; fileName: string; fileId: string; maxBytes: number }): Promise<UploadedFile> {
  const declared = declaredDocumentType(input.fileName);
  return registerAs(caller, input, { maxBytes: input.maxBytes, check: (bytes) => checkDocument(bytes, declared, input.maxBytes) });
}

/** What a registered file may be: its largest size and the check of its bytes (→ its type). */
interface TypePolicy {
  maxBytes: number;
  check: (bytes: Buffer) => string;
}
const PHOTO_POLICY: TypePolicy = { maxBytes: PHOTO_MAX_BYTES, check: (bytes) => checkPhoto(bytes, '文件内容为空', false) };

async function registerAs(caller: Caller, input: { purpose: string; fileName: string; fileId: string }, policy: TypePolicy): Promise<UploadedFile> {
  const store = fileStore();
  const { cloudbaseEnv } = getConfig().fileStore;
  if (store.kind !== 'cloudbase' || !cloudbaseEnv) throw new AppError('FILE.WRONG_STORE');
  const m = /^cloud:\/\/([^./]+)\.[^/]+\/(.+)$/.exec(input.fileId);
  const path = m?.[2] ?? '';
  const mine = m?.[1] === cloudbaseEnv && path.startsWith(uploadFolder(caller.communityId, caller.userId)) && !path.split('/').some((s) => s === '' || s === '.' || s === '..');
  if (!mine) throw new AppError('FILE.NOT_FOUND');
  const id = idOfCloudFile(input.fileId);
  const known = async () => {
    const f = await StoredFile.findById(id).lean();
    if (!f) return null;
    if (String(f.uploaderId) !== caller.userId || String(f.communityId) !== caller.communityId) throw new AppError('FILE.NOT_FOUND');
    return { id, url: await linkOf(keyOf(f)), mime: f.mime, size: f.size };
  };
  const before = await known();
  if (before) return before;

  const count = await uploadCount.take(caller.userId);
  let bytes: Buffer | null;
  let mime: string;
  try {
    bytes = await store.get(input.fileId, { maxBytes: policy.maxBytes });
    if (!bytes) throw new AppError('FILE.NOT_FOUND');
    try {
      mime = policy.check(bytes);
    } catch (err) {
      await store.delete([input.fileId]).catch(() => undefined);
      throw err;
    }
  } catch (err) {
    await count.giveBack();
    throw err;
  }
  const size = await uploadBytes.take(caller.userId, bytes.length).catch(async (err: unknown) => {
    await count.giveBack();
    throw err;
  });
  try {
    await StoredFile.create({ _id: id, communityId: new ObjectId(caller.communityId), uploaderId: new ObjectId(caller.userId), purpose: input.purpose, fileName: input.fileName, mime, size: bytes.length, attached: false, key: input.fileId });
  } catch (err) {
    await Promise.all([count.giveBack(), size.giveBack()]);
    // Registered at the same moment by another call of the same person: that record is the answer.
    if ((err as { code?: number }).code === 11000) {
      const other = await known();
      if (other) return other;
    }
    throw err;
  }
  return { id, url: await linkOf(input.fileId), mime, size: bytes.length };
}

/**
 * Delete these files for good, record and bytes (a module's records that used them are deleted or
 * expired: an owner's papers after the retention). Records first: a failure in between leaves bytes
 * nobody points at, never a record pointing at missing bytes. Returns how many records went.
 */
export async function deleteFiles(ids: readonly string[]): Promise<number> {
  const unique = [...new Set(ids)].filter(isFileId);
  if (!unique.length) return 0;
  const found = await StoredFile.find({ _id: { $in: unique } }, { _id: 1, key: 1 }).lean();
  if (!found.length) return 0;
  const { deletedCount } = await StoredFile.deleteMany({ _id: { $in: found.map((f) => String(f._id)) } });
  await fileStore().delete(found.map(keyOf));
  return deletedCount;
}

/** Purposes whose files only their own module attaches (and nothing else accepts). */
const PRIVATE_PURPOSES = ['paper', 'signature', 'archive'] as const;
type PrivatePurpose = (typeof PRIVATE_PURPOSES)[number];

/**
 * Check that every id is a photo this person uploaded in this community (nobody attaches someone
 * else's photo by guessing its id). Returns the ids in order, without repeats.
 */
export async function ownPhotos(caller: Caller, ids: string[], opts: { private?: PrivatePurpose } = {}): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await StoredFile.find(unique.length === 1 ? { _id: unique[0] } : { _id: { $in: unique } }, { uploaderId: 1, communityId: 1, purpose: 1 }).lean();
  // A private paper is taken only where papers are asked for, and only papers are taken there.
  // (A move-in signature likewise: only the move-in checklist takes it.)
  // (An archived document likewise: only the archive takes it, `{ private: 'archive' }`.)
  const fits = (purpose: string) => (opts.private ? purpose === opts.private : !(PRIVATE_PURPOSES as readonly string[]).includes(purpose));
  const mine = new Set(found.filter((f) => String(f.uploaderId) === caller.userId && String(f.communityId) === caller.communityId && fits(f.purpose)).map((f) => String(f._id)));
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

/**
 * Links to show these photos (in order; one whose bytes the store knows to be gone is left out).
 * Only for records the caller may see: the services that show repairs and complaints call it after
 * their access checks.
 */
export function photoLinks(ids: readonly string[]): Promise<{ id: string; url: string }[]> {
  return linksOf(ids);
}

/**
 * Short-lived links to archived documents (`ttlMs`: ARCHIVE_LINK_TTL_MINUTES), made by the archive
 * after its access check, each time one is opened.
 */
export function documentLinks(ids: readonly string[], ttlMs: number): Promise<{ id: string; url: string }[]> {
  return linksOf(ids, { ttlMs });
}

/** What the archive keeps of each of these files in its versions: name, type, size (missing ones left out). */
export async function fileMetas(ids: readonly string[]): Promise<Map<string, { fileName: string; mime: string; size: number }>> {
  const found = await Promise.all([...new Set(ids)].map((id) => StoredFile.findById(id, { fileName: 1, mime: 1, size: 1 }).lean()));
  return new Map(found.flatMap((f) => (f ? [[String(f._id), { fileName: f.fileName, mime: f.mime, size: f.size }] as const] : [])));
}

async function linksOf(ids: readonly string[], opts: { ttlMs?: number } = {}): Promise<{ id: string; url: string }[]> {
  if (!ids.length) return [];
  const store = fileStore();
  const keys = new Map<string, string>();
  if (store.kind === 'local') for (const id of ids) keys.set(id, id);
  else {
    // One _id equality each (the lookup every engine indexes; a record shows at most a dozen photos).
    const found = await Promise.all([...new Set(ids)].map((id) => StoredFile.findById(id, { key: 1 }).lean()));
    for (const f of found) if (f) keys.set(String(f._id), keyOf(f));
  }
  const links = await store.links([...keys.values()], opts);
  return ids.flatMap((id) => {
    const url = links.get(keys.get(id) ?? '');
    return url ? [{ id, url }] : [];
  });
}

/** The bytes and type of a stored photo (the gateway serves it behind a signed local link). */
export async function readPhoto(id: string): Promise<{ bytes: Buffer; mime: string; fileName?: string } | null> {
  if (!isFileId(id)) return null;
  const meta = await StoredFile.findById(id, { mime: 1, key: 1, purpose: 1, fileName: 1 }).lean();
  if (!meta) return null;
  const bytes = await fileStore().get(keyOf(meta));
  // An archived document keeps its name (the browser saves a .docx under it); photos need none.
  return bytes ? { bytes, mime: meta.mime, ...(meta.purpose === 'archive' ? { fileName: meta.fileName } : {}) } : null;
}

/** The document type a file name declares (by its extension), or 400 FILE.BAD_TYPE naming the types taken. */
export function declaredDocumentType(fileName: string, mime?: string): DocumentType {
  const t = documentTypeOfName(fileName) ?? (mime && isDocumentType(mime) ? mime : null);
  if (!t) throw new AppError('FILE.BAD_TYPE', '只支持 PDF、图片（JPG、PNG、WebP）和 Office 文件（Word、Excel、PPT）', { allowed: [...DOCUMENT_TYPES] });
  return t;
}

/** 413 FILE.DOCUMENT_TOO_LARGE with the limit. */
export function documentTooLarge(maxBytes: number, size?: number): AppError {
  return new AppError('FILE.DOCUMENT_TOO_LARGE', `文件不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB`, { limitBytes: maxBytes, ...(size !== undefined ? { size } : {}) });
}

/**
 * The type of a document from its bytes — the content, not the name: empty or unknown → 400
 * FILE.BAD_TYPE (with the types taken), another type than declared → 400 FILE.TYPE_MISMATCH naming
 * both, larger than `maxBytes` → 413.
 */
export function checkDocument(bytes: Buffer, declared: DocumentType, maxBytes: number): DocumentType {
  if (bytes.length > maxBytes) throw documentTooLarge(maxBytes);
  if (bytes.length === 0) throw new AppError('FILE.BAD_TYPE', '文件内容为空', { allowed: [...DOCUMENT_TYPES] });
  const actual = sniffType(bytes, declared);
  if (!actual) throw new AppError('FILE.BAD_TYPE', '无法识别的文件内容：只支持 PDF、图片（JPG、PNG、WebP）和 Office 文件（Word、Excel、PPT）', { allowed: [...DOCUMENT_TYPES] });
  if (actual !== declared) {
    const label = (t: string) => (isDocumentType(t) ? DOCUMENT_TYPE_LABELS[t] : 'Office 97-2003 文件');
    throw new AppError('FILE.TYPE_MISMATCH', `文件名是${label(declared)}，内容却是${label(actual)}，请确认文件未被改名`, { declared, actual });
  }
  return actual;
}
