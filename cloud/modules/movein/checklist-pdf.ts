import type { MoveInCaseView } from '@shared/contracts/movein-checklist.contract';
import { chineseDate, chineseDateTime } from '@shared/domain/calendar';
import { AGREEMENT_TITLES, CARD_KIND_LABELS, MOVEIN_KIND_LABELS, MOVEIN_STATUS_LABELS, MOVEIN_STEP_LABELS } from '@shared/domain/movein';
import { UNIT_STATUS_LABELS } from '@shared/domain/units';
import { drawTable, renderPdf, type PdfDoc } from '../../lib/pdf';
import { readPhoto } from '../files';

export const CHECKLIST_TITLE = '入伙手续书';

/** The 入伙手续书 of a case (A4): who moved in where, each step with who did it and when, keys, cards, the signatures. */
export async function checklistPdf(view: MoveInCaseView, communityName: string, signatures: { step: string; signer: string; fileId: string; at: Date }[]): Promise<Buffer> {
  // The images first: the layout is synchronous.
  const images = await Promise.all(signatures.map(async (s) => ({ ...s, image: await readPhoto(s.fileId) })));
  const title = `${CHECKLIST_TITLE} ${view.unitLabel}`;
  return renderPdf(CHECKLIST_TITLE, { Title: title, Author: `${communityName}物业服务中心`, Subject: view.buyerName }, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    doc.fontSize(20).text(CHECKLIST_TITLE, { align: 'center', characterSpacing: 4 });
    doc.moveDown(0.2).fontSize(10).fillColor('#555').text(`${communityName} · ${MOVEIN_KIND_LABELS[view.kind]}${view.batchName ? ` · ${view.batchName}` : ''}`, { align: 'center' }).fillColor('#000');
    doc.moveDown(0.8).fontSize(11);
    const line = (label: string, value: string) => doc.text(`${label}：${value}`, { lineGap: 3 });
    line('房屋', view.unitLabel);
    line('业主（购房人）', view.buyerName);
    if (view.buyer.idNumber) line('身份证号', view.buyer.idNumber);
    line('办理状态', MOVEIN_STATUS_LABELS[view.status]);
    if (view.movedInOn) line('入住日期', chineseDate(view.movedInOn));
    if (view.occupancy) line('房屋状态', UNIT_STATUS_LABELS[view.occupancy]);

    doc.moveDown(0.6).fontSize(13).text('办理步骤');
    const widths = [0.3, 0.08, 0.1, 0.14, 0.2, 0.18].map((r) => r * width);
    const rows = view.steps.map((s) => [
      { text: MOVEIN_STEP_LABELS[s.key], align: 'left' as const },
      s.required ? '必办' : '选办',
      s.done ? '已完成' : '未完成',
      s.byName ?? '',
      s.doneAt ? chineseDateTime(s.doneAt) : '',
      { text: s.note ?? '', align: 'left' as const },
    ]);
    let y = drawTable(doc, left, doc.y + 6, widths, ['步骤', '类别', '状态', '办理人', '时间', '备注'], rows);

    if (view.keys.length) {
      doc.fontSize(13).text('钥匙交接', left, y + 12);
      y = drawTable(doc, left, doc.y + 6, [width * 0.7, width * 0.3], ['钥匙', '数量'], view.keys.map((k) => [{ text: k.name, align: 'left' as const }, `${k.count} 把`]));
    }
    if (view.cards.length) {
      doc.fontSize(13).text('卡证发放', left, y + 12);
      y = drawTable(doc, left, doc.y + 6, [width * 0.4, width * 0.6], ['类别', '卡号'], view.cards.map((c) => [CARD_KIND_LABELS[c.kind], c.number]));
    }

    doc.fontSize(13).text('业主签字', left, y + 12);
    doc.moveDown(0.3);
    const what: Record<string, string> = { agreements: `签署《${AGREEMENT_TITLES.join('》《')}》`, keys: '确认收到钥匙' };
    if (!images.length) doc.fontSize(10).fillColor('#555').text('（尚无签字）').fillColor('#000');
    for (const s of images) drawSignature(doc, left, `${what[s.step] ?? s.step} · ${s.signer} · ${chineseDateTime(s.at)}`, s.image);

    doc.moveDown(1.5).fontSize(11).text(`${communityName}物业服务中心`, left, doc.y, { width, align: 'right' });
    if (view.doneAt) doc.moveDown(0.3).text(chineseDateTime(view.doneAt), { width, align: 'right' });
  });
}

function drawSignature(doc: PdfDoc, left: number, caption: string, image: { bytes: Buffer; mime: string } | null): void {
  const boxH = 70;
  if (doc.y + boxH + 24 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.fontSize(10).text(caption, left, doc.y);
  const top = doc.y + 4;
  doc.rect(left, top, 220, boxH).lineWidth(0.6).stroke('#999');
  // pdfkit embeds PNG and JPEG; a WebP (never drawn by the pad) or a missing file leaves the box empty.
  if (image && image.mime !== 'image/webp') doc.image(image.bytes, left + 4, top + 4, { fit: [212, boxH - 8], align: 'center', valign: 'center' });
  else doc.fontSize(9).fillColor('#999').text('（签名图片不可用）', left + 8, top + 28).fillColor('#000');
  doc.y = top + boxH + 10;
}
