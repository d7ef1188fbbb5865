import { deflateRawSync } from 'node:zlib';
import { documentTypeOfName } from '@shared/domain/files';
import { sniffPhoto, sniffType, zipEntryNames } from '../../cloud/modules/files/sniff';

/**
 * The type of a file from its content (files.md "Documents"): magic bytes for PDF and the photos, the
 * zip's entry names for OOXML, the OLE container for the legacy Office types (told apart by the
 * declared type only). The name never decides.
 */

/** A zip of these entries (deflated), with its central directory — or without it (`cut`). */
function zip(names: string[], opts: { cut?: boolean; comment?: string } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const data = deflateRawSync(Buffer.from(`<x>${name}</x>`));
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(name.length + 7, 22);
    local.writeUInt16LE(n.length, 26);
    locals.push(local, n, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const comment = Buffer.from(opts.comment ?? '');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return opts.cut ? Buffer.concat(locals) : Buffer.concat([...locals, dir, end, comment]);
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const OLE = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(100)]);

test('When the bytes start with a known signature, then sniffType names the type: JPEG, PNG, WebP, PDF', () => {
  expect(sniffType(Buffer.from('ffd8ffe000104a464946', 'hex'))).toBe('image/jpeg');
  expect(sniffType(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
  expect(sniffType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
  expect(sniffType(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe('application/pdf');
});

test('When the bytes are a zip, then its entries decide: word/ → docx, xl/ → xlsx, ppt/ → pptx, from the directory or (cut off) the local headers; another zip is unknown', () => {
  expect(sniffType(zip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']))).toBe(DOCX);
  expect(sniffType(zip(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']))).toBe(XLSX);
  expect(sniffType(zip(['[Content_Types].xml', 'ppt/presentation.xml'], { comment: '由 WPS 保存' }))).toBe(PPTX);
  expect(sniffType(zip(['[Content_Types].xml', 'word/document.xml'], { cut: true }))).toBe(DOCX);
  expect(sniffType(zip(['readme.txt', 'photos/a.jpg']))).toBeNull();
  expect(zipEntryNames(zip(['a/b.xml', 'c.xml']))).toEqual(['a/b.xml', 'c.xml']);
  // A truncated zip header does not throw.
  expect(sniffType(Buffer.from('PK\x03\x04garbage-garbage-garbage-garbage', 'latin1'))).toBeNull();
});

test('When the bytes are an OLE compound file, then it is the declared legacy type (doc, xls, ppt), or "ole" that matches nothing else', () => {
  expect(sniffType(OLE, 'application/msword')).toBe('application/msword');
  expect(sniffType(OLE, 'application/vnd.ms-excel')).toBe('application/vnd.ms-excel');
  expect(sniffType(OLE, 'application/vnd.ms-powerpoint')).toBe('application/vnd.ms-powerpoint');
  expect(sniffType(OLE, 'application/pdf')).toBe('ole');
  expect(sniffType(OLE)).toBe('ole');
});

test('When the bytes are text, empty or unknown, then no type; photos keep their subset (a PDF is no photo)', () => {
  expect(sniffType(Buffer.from('just some text'))).toBeNull();
  expect(sniffType(Buffer.alloc(0))).toBeNull();
  expect(sniffType(Buffer.from('%PDF'))).toBeNull();
  expect(sniffPhoto(Buffer.from('%PDF-1.4'))).toBeNull();
  expect(sniffPhoto(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
  expect(sniffPhoto(zip(['word/document.xml']))).toBeNull();
});

test('When a file name is read, then its extension declares the type (any case), and an unknown one none', () => {
  expect(documentTypeOfName('竣工图.PDF')).toBe('application/pdf');
  expect(documentTypeOfName('a.jpeg')).toBe('image/jpeg');
  expect(documentTypeOfName('台账.xlsx')).toBe(XLSX);
  expect(documentTypeOfName('旧表.xls')).toBe('application/vnd.ms-excel');
  expect(documentTypeOfName('setup.exe')).toBeNull();
  expect(documentTypeOfName('noext')).toBeNull();
});
