import { existsSync } from 'node:fs';
import { AppError } from './app-error';
import { getConfig } from './config';

// pdfkit's CommonJS build on purpose: its ES build locates data files through import.meta.url,
// which a CommonJS bundle (cloud functions, the gateway) does not have. Required when a document is
// made, not at load: a bundle that never makes one (repairs, complaints… load the fees module for
// other reasons) then leaves pdfkit and its fonts out (cloud/build.ts).
const loadPdfkit = (): typeof import('pdfkit') => require('pdfkit');

/** A TrueType collection names the face to use; a plain TTF/OTF ignores it. */
const CJK_FACE = 'WenQuanYiMicroHei';

export type PdfDoc = PDFKit.PDFDocument;

/**
 * THE set-up of every printed document (fees' 催缴通知单 and 收款收据, move-in's 入伙手续书): A4, the CJK font
 * (`PDF_FONT`, registered as 'cjk' and selected), the document information, the bytes collected.
 * `draw` lays the pages out; `what` names the document in the 503 when the font is missing.
 */
export async function renderPdf(what: string, info: { Title: string; Author?: string; Subject?: string }, draw: (doc: PdfDoc) => void): Promise<Buffer> {
  const font = getConfig().pdfFont;
  if (!existsSync(font)) throw new AppError('PDF.FONT_MISSING', `服务器缺少打印所需的中文字体，暂时无法生成${what}`, { font });
  // `font: null`: no built-in Helvetica (loaded lazily by a require a bundle cannot see); the CJK font is set next.
  const PDFDocument = loadPdfkit();
  const doc = new PDFDocument({ size: 'A4', margin: 56, font: null as unknown as string, info });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font, font.toLowerCase().endsWith('.ttc') ? CJK_FACE : undefined);
  doc.font('cjk');
  draw(doc);
  doc.end();
  return done;
}

/** Cells of one table row: text, and how it is aligned (centre by default). */
export type PdfCell = string | { text: string; align?: 'left' | 'center' | 'right' };

/**
 * A ruled table from (`x`, `y`): fixed column widths, the header row shaded; a long table continues
 * on a new page. Returns the y below it.
 */
export function drawTable(doc: PdfDoc, x: number, y: number, widths: readonly number[], header: readonly PdfCell[] | null, rows: readonly (readonly PdfCell[])[], rowHeight = 22): number {
  const width = widths.reduce((s, w) => s + w, 0);
  const bottom = doc.page.height - doc.page.margins.bottom;
  const drawRow = (cells: readonly PdfCell[], shaded: boolean) => {
    if (y + rowHeight > bottom) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    let left = x;
    if (shaded) doc.rect(x, y, width, rowHeight).fill('#eeeeee').fillColor('#000');
    doc.fontSize(10);
    cells.forEach((cell, i) => {
      const c = typeof cell === 'string' ? { text: cell } : cell;
      doc.rect(left, y, widths[i], rowHeight).lineWidth(0.6).stroke('#333');
      doc.text(c.text, left + 3, y + 6, { width: widths[i] - 6, align: c.align ?? 'center', lineBreak: false, ellipsis: true });
      left += widths[i];
    });
    y += rowHeight;
  };
  if (header) drawRow(header, true);
  for (const row of rows) drawRow(row, false);
  return y;
}
