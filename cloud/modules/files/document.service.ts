import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { MINUTE_MS } from '@shared/domain/calendar';
import type { DocumentType } from '@shared/domain/files';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { claimOnce } from '../../lib/claim';
import { now } from '../../lib/clock';
import { getConfig } from '../../lib/config';
import { mongoose } from '../../lib/db';
import { checkDocument, declaredDocumentType, documentTooLarge, newFileId, uploadBytes, uploadCount } from './file.service';
import { StoredFile } from './file.model';
import { fileStore } from './stores';

const { ObjectId } = mongoose.Types;

/**
 * Document uploads (档案文件, up to ARCHIVE_MAX_BYTES) as a raw body rather than base64 in a function
 * call: the module that takes documents (the archive) checks the caller and issues an upload ticket —
 * HMAC-signed (SESSION_SECRET), short-lived (UPLOAD_TICKET_TTL_MS), usable once, bound to the
 * community, the uploader, the purpose, the declared type (from the file name) and size, and the
 * limit. The gateway's `PUT /upload/<ticket>` hands the ticket, the request's Content-Length and its
 * body stream to `receiveDocument`, which refuses an oversized body before reading it and cuts a
 * stream at limit + 1 byte (413: nothing stored, nothing recorded), reads the type from the content,
 * then stores the bytes and records the file (unattached: the cleanup deletes it after a day unless
 * the archive attaches it), counted against the uploader's quota (the photos' rate limits).
 */
export const UPLOAD_TICKET_TTL_MS = 10 * MINUTE_MS;

interface TicketBody {
  /** community, user (uploader), purpose, declared type, declared size, file name, limit, expiry (ms), nonce */
  c: string;
  u: string;
  p: string;
  m: DocumentType;
  s: number;
  n: string;
  x: number;
  e: number;
  j: string;
}

export interface DocumentTicket {
  ticket: string;
  /** Where to send the bytes: `PUT <gateway>/upload/<ticket>` (the client prefixes its gateway base URL). */
  url: string;
  /** The type the file's name declares; the content must be the same. */
  mime: DocumentType;
  maxBytes: number;
  expiresAt: string;
}

export interface ReceivedDocument {
  id: string;
  mime: string;
  size: number;
  fileName: string;
}

const sign = (body: string) => createHmac('sha256', getConfig().sessionSecret).update(`upload:${body}`).digest('base64url');

/**
 * A ticket for one document upload by `caller` (in their active community): the declared type from
 * the name (or `mime`: 400 FILE.BAD_TYPE when neither is a document type), the declared size
 * (413 FILE.DOCUMENT_TOO_LARGE past `maxBytes`, before anything is sent).
 */
export function issueDocumentTicket(caller: Caller, input: { purpose: string; fileName: string; mime?: string; size: number; maxBytes: number }): DocumentTicket {
  const mime = declaredDocumentType(input.fileName, input.mime);
  if (input.size > input.maxBytes) throw documentTooLarge(input.maxBytes, input.size);
  const exp = now().getTime() + UPLOAD_TICKET_TTL_MS;
  const body: TicketBody = { c: caller.communityId, u: caller.userId, p: input.purpose, m: mime, s: input.size, n: input.fileName, x: input.maxBytes, e: exp, j: randomBytes(12).toString('hex') };
  const encoded = Buffer.from(JSON.stringify(body)).toString('base64url');
  const ticket = `${encoded}.${sign(encoded)}`;
  return { ticket, url: `/upload/${ticket}`, mime, maxBytes: input.maxBytes, expiresAt: new Date(exp).toISOString() };
}

/** The ticket's body when it is one this server signed and it has not expired; else 403 FILE.TICKET_INVALID. */
function openTicket(ticket: string): TicketBody {
  const [encoded, sig, ...rest] = ticket.split('.');
  const invalid = () => new AppError('FILE.TICKET_INVALID');
  if (!encoded || !sig || rest.length || encoded.length > 4096) throw invalid();
  const expected = Buffer.from(sign(encoded));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  let body: TicketBody;
  try {
    body = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as TicketBody;
  } catch {
    throw invalid();
  }
  if (typeof body.e !== 'number' || body.e < now().getTime()) throw new AppError('FILE.TICKET_INVALID', '上传凭证已过期，请重新选择文件');
  return body;
}

/**
 * Receive the body of `PUT /upload/<ticket>`: see the module note above. `contentLength` is the
 * request's Content-Length (undefined for a chunked body); `stream` its body.
 */
export async function receiveDocument(ticket: string, contentLength: number | undefined, stream: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): Promise<ReceivedDocument> {
  const t = openTicket(ticket);
  // The declared length first: a body over the limit is refused before one byte of it is read.
  if (contentLength !== undefined && contentLength > t.x) throw documentTooLarge(t.x, contentLength);
  if (!(await claimOnce(`upload-ticket:${t.j}`, { ttlMs: 2 * UPLOAD_TICKET_TTL_MS }))) throw new AppError('FILE.TICKET_INVALID', '上传凭证已使用，请重新选择文件');
  const count = await uploadCount.take(t.u);
  const size = await uploadBytes.take(t.u, Math.min(t.x, contentLength ?? t.s)).catch(async (err: unknown) => {
    await count.giveBack();
    throw err;
  });
  const giveBack = () => Promise.all([count.giveBack(), size.giveBack()]);
  let bytes: Buffer;
  try {
    const parts: Buffer[] = [];
    let read = 0;
    for await (const chunk of stream) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      read += b.length;
      // Cut at limit + 1: nothing past it is kept or read.
      if (read > t.x) throw documentTooLarge(t.x);
      parts.push(b);
    }
    bytes = Buffer.concat(parts);
    if (bytes.length !== t.s && bytes.length > 0) throw new AppError('VALIDATION', `文件大小与选择时不符（${t.s} 字节，收到 ${bytes.length} 字节），请重新选择文件`, { issues: [{ path: 'size', message: '文件大小不符' }] });
    checkDocument(bytes, t.m, t.x);
  } catch (err) {
    await giveBack();
    throw err;
  }
  const id = newFileId();
  const store = fileStore();
  let key: string;
  try {
    // Bytes first: a record never points at missing bytes.
    key = await store.put(id, bytes, { mime: t.m, communityId: t.c });
  } catch (err) {
    await giveBack();
    throw err;
  }
  try {
    await StoredFile.create({ _id: id, communityId: new ObjectId(t.c), uploaderId: new ObjectId(t.u), purpose: t.p, fileName: t.n, mime: t.m, size: bytes.length, attached: false, ...(key !== id ? { key } : {}) });
  } catch (err) {
    await giveBack();
    await store.delete([key]).catch(() => undefined);
    throw err;
  }
  return { id, mime: t.m, size: bytes.length, fileName: t.n };
}
