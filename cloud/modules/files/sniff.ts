import { OLE_TYPES, type DocumentType } from '@shared/domain/files';
import { PHOTO_TYPES, type PhotoType } from '@shared/domain/repairs';

/**
 * What a file is, read from its CONTENT (the name and the client's word are not trusted): JPEG, PNG,
 * WebP, PDF (`%PDF-`), OOXML (a zip — `PK\x03\x04` — whose entries include `word/` → docx, `xl/` →
 * xlsx, `ppt/` → pptx, read from the zip's central directory, or its local headers when the
 * directory is cut off), or a legacy Office OLE compound file (D0 CF 11 E0 A1 B1 1A E1): one
 * container for .doc, .xls and .ppt alike, so it is the `declared` type when that is one of those
 * three, else `'ole'` (which matches no declared type).
 */
export type SniffedType = DocumentType | 'ole';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const OOXML: readonly [string, DocumentType][] = [
  ['word/', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xl/', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt/', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
];
/** At most this many zip entry names are read (an OOXML package has a few dozen). */
const MAX_ENTRIES = 2_000;

export function sniffType(bytes: Buffer, declared?: string): SniffedType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG)) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 5 && bytes.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(OLE)) return declared && (OLE_TYPES as readonly string[]).includes(declared) ? (declared as DocumentType) : 'ole';
  if (bytes.length >= 30 && bytes.readUInt32LE(0) === 0x04034b50) {
    const names = zipEntryNames(bytes);
    for (const [prefix, type] of OOXML) if (names.some((n) => n.startsWith(prefix))) return type;
  }
  return null;
}

/** The photo type of these bytes (JPEG, PNG, WebP), or null: the photo subset of sniffType. */
export function sniffPhoto(bytes: Buffer): PhotoType | null {
  const t = sniffType(bytes);
  return t && (PHOTO_TYPES as readonly string[]).includes(t) ? (t as PhotoType) : null;
}

/** The entry names of a zip: from its central directory (end record found from the end), else by walking the local headers. */
export function zipEntryNames(bytes: Buffer): string[] {
  const names: string[] = [];
  // End of central directory: 22 bytes + a comment of at most 65535.
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= floor; i--) {
    if (bytes.readUInt32LE(i) !== 0x06054b50) continue;
    const count = bytes.readUInt16LE(i + 10);
    let p = bytes.readUInt32LE(i + 16);
    for (let n = 0; n < Math.min(count, MAX_ENTRIES) && p + 46 <= bytes.length && bytes.readUInt32LE(p) === 0x02014b50; n++) {
      const nameLen = bytes.readUInt16LE(p + 28);
      const extra = bytes.readUInt16LE(p + 30);
      const comment = bytes.readUInt16LE(p + 32);
      if (p + 46 + nameLen > bytes.length) break;
      names.push(bytes.toString('utf8', p + 46, p + 46 + nameLen));
      p += 46 + nameLen + extra + comment;
    }
    if (names.length) return names;
    break;
  }
  // No (readable) directory: the local file headers, while their sizes are known.
  let p = 0;
  while (names.length < MAX_ENTRIES && p + 30 <= bytes.length && bytes.readUInt32LE(p) === 0x04034b50) {
    const flags = bytes.readUInt16LE(p + 6);
    const size = bytes.readUInt32LE(p + 18);
    const nameLen = bytes.readUInt16LE(p + 26);
    const extra = bytes.readUInt16LE(p + 28);
    if (p + 30 + nameLen > bytes.length) break;
    names.push(bytes.toString('utf8', p + 30, p + 30 + nameLen));
    // Sizes in a data descriptor after the data (bit 3): the next header's place is unknown.
    if (flags & 0x08) break;
    p += 30 + nameLen + extra + size;
  }
  return names;
}
