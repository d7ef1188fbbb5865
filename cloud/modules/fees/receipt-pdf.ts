import type { ReceiptView } from '@shared/contracts/fees.contract';
import { chineseDateTime, formatTime } from '@shared/domain/calendar';
import { PAYMENT_METHOD_LABELS, yuan } from '@shared/domain/fees';
import { receiptDocumentTitle } from '@shared/domain/receipts';
import { drawTable, renderPdf, type PdfCell } from '../../lib/pdf';

const SEAL_RED = '#d4282d';

/**
 * One A4 page of a 收款收据 (PDF bytes), laid out like a paper receipt: the payee and title, the
 * number (red) and date, who paid for which unit and how, the bills it settled and the credit left,
 * the total in capitals and figures, refunds, and the payee's seal line. The document's title is
 * 「收款收据 <receipt number>」 (receiptDocumentTitle), so a saved file names its receipt.
 */
export async function receiptPdf(r: ReceiptView): Promise<Buffer> {
  const info = { Title: receiptDocumentTitle(r.receiptNo), Author: r.payee, Subject: `${r.unitLabel} ${PAYMENT_METHOD_LABELS[r.method]} ${yuan(r.amountFen)}元` };
  return renderPdf('收据 PDF', info, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    const cols = (...ratios: number[]) => ratios.map((x) => x * width);
    const l = (text: string): PdfCell => ({ text, align: 'left' });

    doc.fontSize(12).fillColor('#333').text(r.payee, { align: 'center' });
    doc.moveDown(0.2).fontSize(22).fillColor('#000').text(r.title, { align: 'center', characterSpacing: 8 });
    // The double rule under the title.
    const rule = doc.y + 2;
    doc.moveTo(left + width * 0.32, rule).lineTo(left + width * 0.68, rule).lineWidth(1).stroke('#000');
    doc.moveTo(left + width * 0.32, rule + 3).lineTo(left + width * 0.68, rule + 3).lineWidth(0.5).stroke('#000');

    const top = rule + 18;
    doc.fontSize(10).fillColor('#000').text(`收款日期：${chineseDateTime(r.at)}`, left, top, { width: width / 2 });
    doc.fillColor(SEAL_RED).text(`No. ${r.receiptNo}`, left + width / 2, top, { width: width / 2, align: 'right' }).fillColor('#000');

    let y = drawTable(doc, left, top + 20, cols(0.14, 0.36, 0.14, 0.36), null, [
      ['交款人', l(r.payer), '房屋', l(r.unitLabel)],
      ['收款方式', l(PAYMENT_METHOD_LABELS[r.method]), '经办人', l(r.cashierName)],
    ]);

    const rows: PdfCell[][] = r.lines.map((x) => [l(x.itemName), x.periodLabel, { text: yuan(x.billFen), align: 'right' }, { text: yuan(x.appliedFen), align: 'right' }]);
    if (r.creditFen > 0) rows.push([l('预存款（抵以后的账单）'), '—', '—', { text: yuan(r.creditFen), align: 'right' }]);
    if (!rows.length) rows.push([l('已全额退款'), '—', '—', { text: '0.00', align: 'right' }]);
    y = drawTable(doc, left, y + 12, cols(0.36, 0.24, 0.2, 0.2), ['收费项目', '所属期间', '账单金额（元）', r.refundedFen > 0 ? '本次抵扣（退款后）' : '本次抵扣（元）'], rows);
    y = drawTable(doc, left, y, cols(0.14, 0.6, 0.26), null, [['合计金额', l(`人民币（大写）${r.amountCapitals}`), { text: `¥${yuan(r.amountFen)}`, align: 'right' }]], 26);

    doc.fontSize(10).text('', left, y + 10, { width });
    if (r.note) doc.text(`备注：${r.note}`, { width }).moveDown(0.3);
    for (const x of r.refunds) doc.fillColor(SEAL_RED).text(`退款：${formatTime(x.at)} 退回 ${yuan(x.amountFen)} 元（${x.reason}），经办：${x.byName}`, { width }).fillColor('#000');
    if (r.refundedFen > 0) doc.text(`退款后实收：¥${yuan(r.amountFen - r.refundedFen)}`, { width }).moveDown(0.3);
    if (r.invoice?.status === 'issued' && r.invoice.invoiceNo) doc.text(`发票：已开具，发票号码 ${r.invoice.invoiceNo}`, { width });

    // The seal line, and a seal-like mark of the payee beside it.
    const sign = Math.max(doc.y + 36, y + 60);
    doc.fontSize(12).fillColor('#000').text(`收款单位（盖章）：${r.payee}`, left, sign, { width: width * 0.7 });
    const cx = left + width - 70;
    const cy = sign + 6;
    const radius = 44;
    doc.save();
    doc.circle(cx, cy, radius).lineWidth(2).strokeColor(SEAL_RED).stroke();
    doc.fillColor(SEAL_RED).fontSize(r.payee.length > 10 ? 8 : 9).text(r.payee, cx - radius + 10, cy - 16, { width: 2 * radius - 20, align: 'center' });
    doc.fontSize(9).text('电子收据', cx - radius + 10, cy + 10, { width: 2 * radius - 20, align: 'center' });
    doc.restore();
    doc.fillColor('#888').fontSize(8).text('本收据由物业收费系统根据收款记录生成；业主可在小程序“我的账单”中查看并申请发票。', left, sign + 64, { width });
  });
}
