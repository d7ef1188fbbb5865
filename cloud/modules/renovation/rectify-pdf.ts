import { chineseDate, chineseDateTime } from '@shared/domain/calendar';
import { VIOLATION_SEVERITY_LABELS, type ViolationSeverity } from '@shared/domain/renovation';
import { drawTable, renderPdf } from '../../lib/pdf';

export const RECTIFY_TITLE = '装修整改通知单';

export interface RectifyNotice {
  communityName: string;
  communityPhone: string;
  noticeNo: string;
  unitLabel: string;
  ownerName: string;
  contractor: { company: string; foreman: string; phone: string };
  permitNo: string;
  foundAt: Date;
  byName: string;
  severity: ViolationSeverity;
  items: { label: string; note: string }[];
  deadline: string;
  /** Issued at a re-inspection that found the violation not rectified. */
  reinspection: boolean;
}

/**
 * The 整改通知单 (A4) handed to the contractor (and the owner): what the patrol found, the
 * deadline, the consequences, and receipt lines for the foreman and the owner to sign on paper.
 */
export async function rectifyPdf(n: RectifyNotice): Promise<Buffer> {
  return renderPdf(RECTIFY_TITLE, { Title: `${RECTIFY_TITLE} ${n.noticeNo}`, Author: `${n.communityName}物业服务中心`, Subject: n.unitLabel }, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    doc.fontSize(20).text(RECTIFY_TITLE, { align: 'center', characterSpacing: 4 });
    doc.moveDown(0.2).fontSize(10).fillColor('#555').text(`${n.communityName} · 编号 ${n.noticeNo}`, { align: 'center' }).fillColor('#000');
    doc.moveDown(0.8).fontSize(11);
    const line = (label: string, value: string) => doc.text(`${label}：${value}`, { lineGap: 3 });
    line('房屋', n.unitLabel);
    line('业主', n.ownerName);
    line('施工单位', n.contractor.company || '—');
    line('施工负责人', `${n.contractor.foreman || '—'}${n.contractor.phone ? `（${n.contractor.phone}）` : ''}`);
    if (n.permitNo) line('装修许可证号', n.permitNo);
    line('巡查时间', `${chineseDateTime(n.foundAt)}（巡查人：${n.byName}）`);
    line('违规程度', VIOLATION_SEVERITY_LABELS[n.severity]);

    doc.moveDown(0.6).fontSize(12).text(
      `${n.reinspection ? '经复查，贵户此前被通知整改的问题仍未整改到位。' : '经我中心装修巡查，'}贵户装修施工存在以下违反《装修管理协议书》及《装修施工责任承诺书》的情况：`,
      left,
      doc.y,
      { width, lineGap: 3 },
    );
    const widths = [0.08, 0.32, 0.6].map((r) => r * width);
    const y = drawTable(doc, left, doc.y + 6, widths, ['序号', '违规项目', '具体情况'], n.items.map((i, k) => [String(k + 1), { text: i.label, align: 'left' as const }, { text: i.note, align: 'left' as const }]));
    doc.fontSize(12).text(`请于 ${chineseDate(n.deadline)} 前整改完毕。届时我中心将上门复查；逾期未整改或整改不到位的，将重新下发整改通知，情节严重或多次违规的，将责令停工整改（装修出入证暂停使用），由此造成的损失由业主及施工单位承担，并按协议从装修押金中扣除相应费用。`, left, y + 12, { width, lineGap: 3 });
    doc.moveDown(0.6).text(`如有疑问，请联系物业服务中心${n.communityPhone ? `：${n.communityPhone}` : ''}。`, { width });

    doc.moveDown(2).fontSize(11);
    const signY = doc.y;
    doc.text('施工负责人签收：____________', left, signY);
    doc.text('业主签收：____________', left + width / 2, signY);
    doc.moveDown(1.2);
    const dateY = doc.y;
    doc.text('日期：______年____月____日', left, dateY);
    doc.text('日期：______年____月____日', left + width / 2, dateY);
    doc.moveDown(2).text(`${n.communityName}物业服务中心`, left, doc.y, { width, align: 'right' });
    doc.moveDown(0.3).text(chineseDateTime(n.foundAt), { width, align: 'right' });
  });
}
