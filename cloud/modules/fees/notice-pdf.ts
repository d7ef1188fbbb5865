import { existsSync } from 'node:fs';
import type { ArrearsNotice } from '@shared/domain/fee-notice';
import { AppError } from '../../lib/app-error';
import { getConfig } from '../../lib/config';

// pdfkit's CommonJS build on purpose: its ES build locates data files through import.meta.url,
// which a CommonJS bundle (cloud functions, the gateway) does not have. Required when a notice is
// made, not at load: a bundle that never makes one (repairs, complaints… load the fees module for
// other reasons) then leaves pdfkit and its fonts out (cloud/build.ts).
const loadPdfkit = (): typeof import('pdfkit') => require('pdfkit');

/** A TrueType collection names the face to use; a plain TTF/OTF ignores it. */
const CJK_FACE = 'WenQuanYiMicroHei';

/** One A4 page of a 催缴通知单 (PDF bytes), laid out like the handbook's model form. */
export async function noticePdf(notice: ArrearsNotice): Promise<Buffer> {
  const font = getConfig().pdfFont;
  if (!existsSync(font)) throw new AppError('FEE.NOTICE_FONT_MISSING', undefined, { font });
  // `font: null`: no built-in Helvetica (loaded lazily by a require a bundle cannot see); the CJK font is set next.
  const PDFDocument = loadPdfkit();
  const doc = new PDFDocument({ size: 'A4', margin: 56, font: null as unknown as string, info: { Title: notice.title, Author: notice.signature } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font, font.toLowerCase().endsWith('.ttc') ? CJK_FACE : undefined);
  doc.font('cjk');

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.fontSize(20).text(notice.title, { align: 'center', characterSpacing: 2 });
  doc.moveDown(0.3).fontSize(9).fillColor('#555').text(`编号：${notice.number}`, { align: 'right' }).fillColor('#000');
  doc.moveDown(0.8).fontSize(12).text(notice.salutation);
  doc.moveDown(0.4).text(notice.intro, { indent: 24, lineGap: 4 });

  // The table: fixed column widths, a ruled grid, the header shaded.
  const ratios = [0.22, 0.2, 0.14, 0.14, 0.17, 0.13];
  const widths = ratios.map((r) => r * width);
  const rowHeight = 22;
  let y = doc.y + 10;
  const bottom = doc.page.height - doc.page.margins.bottom;
  const drawRow = (cells: string[], header: boolean) => {
    // A long list continues on a new page.
    if (y + rowHeight > bottom) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    let x = left;
    if (header) doc.rect(left, y, width, rowHeight).fill('#eeeeee').fillColor('#000');
    doc.fontSize(10);
    cells.forEach((cell, i) => {
      doc.rect(x, y, widths[i], rowHeight).lineWidth(0.6).stroke('#333');
      doc.text(cell, x + 3, y + 6, { width: widths[i] - 6, align: 'center', lineBreak: false, ellipsis: true });
      x += widths[i];
    });
    y += rowHeight;
  };
  drawRow(notice.table.header, true);
  for (const row of notice.table.rows) drawRow(row, false);

  doc.fontSize(12).text(notice.total, left, y + 10, { width });
  doc.moveDown(0.6);
  for (const p of notice.body) doc.text(p, { indent: 24, lineGap: 4 }).moveDown(0.3);
  doc.moveDown(2).text(notice.signature, { align: 'right' }).moveDown(0.3).text(notice.date, { align: 'right' });
  doc.end();
  return done;
}
