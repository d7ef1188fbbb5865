import { createInflateRaw } from 'node:zlib';

/**
 * The parts of an uploaded XLSX (a zip held in memory), read without trusting its headers: the
 * central directory says what each part unpacks to, and inflating a part stops as soon as it
 * produces more than that (zip bombs lie in their headers). Nothing is unpacked to memory at
 * once: a part is handed on in chunks as it inflates.
 */
export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  /** The uncompressed size the central directory declares. */
  size: number;
  localOffset: number;
}

/** The file is not a zip this reader can open (truncated, encrypted, unknown compression…). */
export class ZipFormatError extends Error {}
/** A part inflates to more than its header declared. */
export class ZipSizeLieError extends Error {}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;

function fail(what: string): never {
  throw new ZipFormatError(what);
}

function u64(bytes: Buffer, at: number): number {
  if (at + 8 > bytes.length) fail('truncated zip64 field');
  const v = bytes.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail('zip64 field out of range');
  return Number(v);
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === EOCD) return at;
  }
  return fail('no end of central directory');
}

/** Every entry of the central directory, with the sizes it declares (zip64 included). */
export function readCentralDirectory(bytes: Buffer): ZipEntry[] {
  if (bytes.length < 22) fail('too short');
  const eocd = findEndOfCentralDirectory(bytes);
  let count = bytes.readUInt16LE(eocd + 10);
  let cdSize = bytes.readUInt32LE(eocd + 12);
  let cdOffset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === U32_MAX || cdOffset === U32_MAX) {
    const locator = eocd - 20;
    if (locator < 0 || bytes.readUInt32LE(locator) !== EOCD64_LOCATOR) fail('zip64 locator missing');
    const at = u64(bytes, locator + 8);
    if (at + 56 > bytes.length || bytes.readUInt32LE(at) !== EOCD64) fail('zip64 end record missing');
    count = u64(bytes, at + 32);
    cdSize = u64(bytes, at + 40);
    cdOffset = u64(bytes, at + 48);
  }
  if (cdOffset + cdSize > bytes.length) fail('central directory out of range');
  const entries: ZipEntry[] = [];
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) fail('bad central directory entry');
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > bytes.length) fail('central directory entry out of range');
    const entry: ZipEntry = {
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
    };
    if (entry.size === U32_MAX || entry.compressedSize === U32_MAX || entry.localOffset === U32_MAX) {
      readZip64Extra(bytes, at + 46 + nameLength, extraLength, entry);
    }
    entries.push(entry);
    at = end;
  }
  return entries;
}

/** The zip64 extended information extra field: the 8-byte values whose 4-byte fields are 0xFFFFFFFF, in order. */
function readZip64Extra(bytes: Buffer, start: number, length: number, entry: ZipEntry): void {
  for (let at = start; at + 4 <= start + length; ) {
    const id = bytes.readUInt16LE(at);
    const size = bytes.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      const next = () => {
        if (p + 8 > at + 4 + size) fail('short zip64 extra field');
        const v = u64(bytes, p);
        p += 8;
        return v;
      };
      if (entry.size === U32_MAX) entry.size = next();
      if (entry.compressedSize === U32_MAX) entry.compressedSize = next();
      if (entry.localOffset === U32_MAX) entry.localOffset = next();
      return;
    }
    at += 4 + size;
  }
  fail('zip64 extra field missing');
}

/** The compressed bytes of an entry, located through its local header. */
function entryData(bytes: Buffer, entry: ZipEntry): Buffer {
  if (entry.flags & 0x0001) fail('encrypted entry');
  const at = entry.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL) fail('bad local header');
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  if (start + entry.compressedSize > bytes.length) fail('entry data out of range');
  return bytes.subarray(start, start + entry.compressedSize);
}

const CHUNK = 64 * 1024;

/**
 * Inflate one entry, handing each chunk to `onChunk` as it comes (a throw there stops inflating and
 * rejects with that error). Rejects with ZipSizeLieError as soon as the output passes the declared size.
 */
export function inflateEntry(bytes: Buffer, entry: ZipEntry, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const data = entryData(bytes, entry);
    if (entry.method === 0) {
      if (data.length !== entry.size) return reject(new ZipSizeLieError(entry.name));
      try {
        for (let i = 0; i < data.length; i += CHUNK) onChunk(data.subarray(i, i + CHUNK));
      } catch (err) {
        return reject(err);
      }
      return resolve();
    }
    if (entry.method !== 8) return reject(new ZipFormatError(`compression method ${entry.method}`));
    const inflater = createInflateRaw({ chunkSize: CHUNK });
    let produced = 0;
    let settled = false;
    const stop = (err?: unknown) => {
      if (settled) return;
      settled = true;
      if (err === undefined) return resolve();
      inflater.destroy();
      reject(err);
    };
    inflater.on('data', (chunk: Buffer) => {
      if (settled) return;
      produced += chunk.length;
      if (produced > entry.size) return stop(new ZipSizeLieError(entry.name));
      try {
        onChunk(chunk);
      } catch (err) {
        stop(err);
      }
    });
    inflater.on('error', (err) => stop(err instanceof ZipSizeLieError ? err : new ZipFormatError(err.message)));
    inflater.on('end', () => stop());
    inflater.end(data);
  });
}
