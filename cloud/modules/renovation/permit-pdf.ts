import type { RenovationPermitView, RenovationPdfFile } from '@shared/contracts/renovation-approval.contract';
import { chineseDate, chineseDateTime, localDayDigits } from '@shared/domain/calendar';
import { formatPassCode } from '@shared/domain/pass-code';
import { RENOVATION_WORK_LABELS } from '@shared/domain/renovation';
import { PASS_VERDICT_LABELS } from '@shared/domain/renovation-permit';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { drawTable, renderPdf } from '../../lib/pdf';
import { communityContact } from '../community';
import { loadRenovation, type RenovationLean } from './application.service';
import { permit } from './pass.service';

export const PERMIT_TITLE = '装修许可证';

/**
 * The 装修许可证 (A4), posted at the site's door: the permit's number and dates, the unit, owner and
 * contractor, the works (and the exceptions the manager granted), the working hours, the conditions,
 * the workers with their 出入证 codes (ID numbers masked), and the service centre's issue line.
 */
export async function permitPdfBytes(view: RenovationPermitView, r: Pick<RenovationLean, 'contractor' | 'forbidden' | 'plannedStart' | 'plannedEnd'>, communityName: string): Promise<Buffer> {
  const p = view.permit!;
  return renderPdf(PERMIT_TITLE, { Title: `${PERMIT_TITLE} ${p.no}`, Author: `${communityName}物业服务中心`, Subject: view.unitLabel }, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    doc.fontSize(22).text(PERMIT_TITLE, { align: 'center', characterSpacing: 6 });
    doc.moveDown(0.2).fontSize(10).fillColor('#555').text(`${communityName} · 编号 ${p.no}`, { align: 'center' }).fillColor('#000');
    doc.moveDown(0.8).fontSize(11);
    const line = (label: string, value: string) => doc.text(`${label}：${value}`, { lineGap: 3 });
    line('装修房屋', view.unitLabel);
    line('业主', view.ownerName);
    line('施工单位', [view.contractor.company, r.contractor?.licence ? `（资质/执照 ${r.contractor.licence}）` : ''].join('') || '—');
    line('现场负责人', [view.contractor.foreman, view.contractor.phone].filter(Boolean).join(' ') || '—');
    line('装修项目', view.works.map((w) => RENOVATION_WORK_LABELS[w]).join('、') || '—');
    const granted = r.forbidden.filter((f) => f.approved);
    if (granted.length) line('批准的例外事项', granted.map((f) => f.label).join('、'));
    doc.moveDown(0.2).fontSize(13).text(`有效期：${chineseDate(p.validFrom)} 至 ${chineseDate(p.validTo)}`, { lineGap: 3 });
    doc.fontSize(11).text(view.workingHoursText, { lineGap: 3 });

    doc.moveDown(0.5).fontSize(13).text('施工条件');
    doc.fontSize(10.5);
    const conditions = p.conditions.length ? p.conditions : ['按审批的范围和图纸施工，遵守《装修管理协议书》和《装修施工责任承诺书》'];
    conditions.forEach((c, i) => doc.text(`${i + 1}. ${c}`, { lineGap: 2 }));
    for (const f of granted) doc.text(`· ${f.label}：${f.rule}`, { lineGap: 2 });

    doc.moveDown(0.5).fontSize(13).text('施工人员及出入证', left);
    const widths = [0.18, 0.32, 0.24, 0.26].map((x) => x * width);
    const rows = view.passes.map((ps) => [ps.name, ps.idNumber, formatPassCode(ps.code), ps.status === 'revoked' ? '已撤销' : PASS_VERDICT_LABELS[ps.verdict]]);
    const y = drawTable(doc, left, doc.y + 6, widths, ['姓名', '身份证号', '出入证编码', '状态'], rows.length ? rows : [['—', '—', '—', '—']]);

    doc.fontSize(10).fillColor('#555').text('本证须张贴于施工现场入户门显著位置，施工人员凭出入证出入小区；许可证过期、停工整改期间施工人员不得入场。', left, y + 12, { width, lineGap: 2 }).fillColor('#000');
    doc.moveDown(1.5).fontSize(11).text(`${communityName}物业服务中心`, left, doc.y, { width, align: 'right' });
    doc.moveDown(0.3).text(`签发：${p.byName}　${p.issuedAt ? chineseDateTime(p.issuedAt) : ''}`, { width, align: 'right' });
  });
}

/** renovation.permitPdf: the 装修许可证 printed (owner of the unit, staff); no permit yet → 409. */
export async function permitPdf(caller: Caller, input: { renovationId: string }): Promise<RenovationPdfFile> {
  const r = await loadRenovation(caller, input.renovationId);
  if (!r.permit?.no) throw new AppError('RENOVATION.INVALID_TRANSITION', '装修申请尚未批准，还没有装修许可证', { from: r.status });
  const [view, community] = await Promise.all([permit(caller, input), communityContact(r.communityId)]);
  const pdf = await permitPdfBytes(view, r, community?.name ?? '');
  return { fileName: `装修许可证-${r.unitLabel}-${localDayDigits(now())}.pdf`, mime: 'application/pdf', contentBase64: pdf.toString('base64') };
}
