import type { ArrearsNotice } from '@shared/domain/fee-notice';
import { drawTable, renderPdf } from '../../lib/pdf';

/** One A4 page of a 催缴通知单 (PDF bytes), laid out like the handbook's model form. */
export async function noticePdf(notice: ArrearsNotice): Promise<Buffer> {
  return renderPdf(notice.title, { Title: notice.title, Author: notice.signature }, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    doc.fontSize(20).text(notice.title, { align: 'center', characterSpacing: 2 });
    doc.moveDown(0.3).fontSize(9).fillColor('#555').text(`编号：${notice.number}`, { align: 'right' }).fillColor('#000');
    doc.moveDown(0.8).fontSize(12).text(notice.salutation);
    doc.moveDown(0.4).text(notice.intro, { indent: 24, lineGap: 4 });

    // The table: fixed column widths, a ruled grid, the header shaded.
    const widths = [0.22, 0.2, 0.14, 0.14, 0.17, 0.13].map((r) => r * width);
    const y = drawTable(doc, left, doc.y + 10, widths, notice.table.header, notice.table.rows);

    doc.fontSize(12).text(notice.total, left, y + 10, { width });
    doc.moveDown(0.6);
    for (const p of notice.body) doc.text(p, { indent: 24, lineGap: 4 }).moveDown(0.3);
    doc.moveDown(2).text(notice.signature, { align: 'right' }).moveDown(0.3).text(notice.date, { align: 'right' });
  });
}
