import { once } from 'node:events';
import zlib, { createDeflateRaw } from 'node:zlib';

/**
 * Hand-made zips and XLSX files for the import's limits: parts written as streams of chunks (a sheet
 * of millions of rows never exists in memory at once), sizes declared honestly or as a zip bomb lies.
 */
export interface CraftedPart {
  name: string;
  /** The part's bytes, as one buffer or as chunks generated on the fly. */
  data: string | Buffer | Iterable<Buffer>;
  /** Declare this uncompressed size in the headers instead of the real one. */
  declaredSize?: number;
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** zlib's own crc32 (Node ≥ 20.15), else a table one. */
const nativeCrc32 = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;

function crc32(chunk: Buffer, previous = 0): number {
  if (nativeCrc32) return nativeCrc32(chunk, previous);
  let crc = ~previous;
  for (let i = 0; i < chunk.length; i++) crc = CRC_TABLE[(crc ^ chunk[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

async function deflate(data: CraftedPart['data']): Promise<{ compressed: Buffer; size: number; crc: number }> {
  const chunks: Iterable<Buffer> = typeof data === 'string' ? [Buffer.from(data, 'utf8')] : Buffer.isBuffer(data) ? [data] : data;
  const deflater = createDeflateRaw({ level: 6 });
  const out: Buffer[] = [];
  deflater.on('data', (c: Buffer) => out.push(c));
  let size = 0;
  let crc = 0;
  for (const chunk of chunks) {
    size += chunk.length;
    crc = crc32(chunk, crc);
    if (!deflater.write(chunk)) await once(deflater, 'drain');
  }
  deflater.end();
  await once(deflater, 'end');
  return { compressed: Buffer.concat(out), size, crc };
}

/** A zip of deflated parts (no data descriptors, no zip64). */
export async function craftZip(parts: CraftedPart[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const { compressed, size, crc } = await deflate(part.data);
    const declared = part.declaredSize ?? size;
    const name = Buffer.from(part.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface CraftedXlsx {
  /** The first worksheet's XML (`<worksheet>` document). */
  sheet: CraftedPart['data'];
  sharedStrings?: CraftedPart['data'];
  styles?: string;
  /** Declared sizes to lie with, by part: 'sheet' | 'sharedStrings'. */
  declare?: { sheet?: number; sharedStrings?: number };
  /** workbook.xml's <workbookPr> attributes, e.g. 'date1904="1"'. */
  workbookPr?: string;
}

/** A minimal XLSX around the given parts (Excel and ExcelJS both open it). */
export function craftXlsx(x: CraftedXlsx): Promise<Buffer> {
  const parts: CraftedPart[] = [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        (x.sharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
        (x.styles ? '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' : '') +
        '</Types>',
    },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><workbookPr ${x.workbookPr ?? ''}/><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${DOC}/worksheet" Target="worksheets/sheet1.xml"/>` +
        (x.sharedStrings ? `<Relationship Id="rId2" Type="${DOC}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
        (x.styles ? `<Relationship Id="rId3" Type="${DOC}/styles" Target="styles.xml"/>` : '') +
        '</Relationships>',
    },
    { name: 'xl/worksheets/sheet1.xml', data: x.sheet, declaredSize: x.declare?.sheet },
  ];
  if (x.sharedStrings) parts.push({ name: 'xl/sharedStrings.xml', data: x.sharedStrings, declaredSize: x.declare?.sharedStrings });
  if (x.styles) parts.push({ name: 'xl/styles.xml', data: x.styles });
  return craftZip(parts);
}

/** A `<worksheet>` of `count` rows made by `row(n)` (1-based), generated in chunks of 10,000 rows. */
export function* sheetOfRows(count: number, row: (n: number) => string, after = ''): Generator<Buffer> {
  yield Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${NS}><sheetData>`);
  for (let start = 1; start <= count; start += 10_000) {
    const parts: string[] = [];
    for (let n = start; n < Math.min(start + 10_000, count + 1); n++) parts.push(row(n));
    yield Buffer.from(parts.join(''));
  }
  yield Buffer.from(`</sheetData>${after}</worksheet>`);
}

/** A `<worksheet>` of `count` copies of one row's XML (rows without numbers), generated in blocks. */
export function* sheetOfSameRows(count: number, rowXml: string): Generator<Buffer> {
  yield Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${NS}><sheetData>`);
  yield* repeated(rowXml, count);
  yield Buffer.from('</sheetData></worksheet>');
}

/** A shared-strings part of `count` copies of `text` (each its own entry). */
export function* sharedStringsOf(count: number, text = 'x'): Generator<Buffer> {
  yield Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">`);
  yield* repeated(`<si><t>${text}</t></si>`, count);
  yield Buffer.from('</sst>');
}

function* repeated(xml: string, count: number): Generator<Buffer> {
  const per = Math.max(1, Math.floor((1024 * 1024) / xml.length));
  const block = Buffer.from(xml.repeat(per));
  for (let n = 0; n < count; n += per) yield n + per <= count ? block : Buffer.from(xml.repeat(count - n));
}

/** Total bytes of generated chunks (what a part unpacks to). */
export function sizeOf(chunks: Iterable<Buffer>): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}
