import { addDays, localDay } from '@shared/domain/calendar';
import { ARCHIVE_CATEGORY_LABELS, type ArchiveCategory } from '@shared/domain/archives';
import { now } from '../cloud/lib/clock';
import type { Caller } from '../cloud/lib/caller';
import type { mongoose } from '../cloud/lib/db';
import { idOfRequest } from '../cloud/lib/idempotent';
import { renderPdf } from '../cloud/lib/pdf';
import { buildingsOf } from '../cloud/modules/community';
import { Unit } from '../cloud/modules/community/community.model';
import { receiveDocument } from '../cloud/modules/files';
import { contractCreate, createDoc, equipmentCreate, loanCreate, uploadTicket, type CreateDocInput } from '../cloud/modules/archives';
import { ArchiveDoc } from '../cloud/modules/archives/archive-doc.model';
import { ArchiveLoan } from '../cloud/modules/archives/loan.model';
import { demoRenovationStaff } from './demo-renovation-kit';

type Id = mongoose.Types.ObjectId;

interface DemoDoc {
  key: string;
  category: ArchiveCategory;
  title: string;
  tags: string[];
  lines: string[];
  paperLocation?: string;
}

/** A few documents in each category, each a small real PDF (one page, its title and lines). */
const DOCS: DemoDoc[] = [
  { key: 'site-plan', category: 'property', title: '小区总平面竣工图', tags: ['竣工图', '移交'], lines: ['建设单位：幸福里置业有限公司', '竣工日期：2019年6月', '图号：ZP-01'], paperLocation: '档案室A柜1层' },
  { key: 'handover', category: 'property', title: '物业承接查验移交清单', tags: ['移交'], lines: ['共用部位、共用设施设备清单', '移交日期：2019年8月'], paperLocation: '档案室A柜1层' },
  { key: 'lift-manual', category: 'equipment', title: '1号楼客梯使用维护说明书', tags: ['电梯'], lines: ['通力 MonoSpace 500', '额定载重 1000kg，速度 1.75m/s'] },
  { key: 'lift-cert', category: 'equipment', title: '1号楼客梯定期检验报告', tags: ['电梯', '年检'], lines: ['检验结论：合格', '下次检验日期见设备台账'], paperLocation: '档案室B柜2层' },
  { key: 'pump-manual', category: 'equipment', title: '生活水泵机组说明书', tags: ['水泵'], lines: ['格兰富 CR 系列', '变频恒压供水'] },
  { key: 'cleaning', category: 'contract', title: '保洁服务合同', tags: ['保洁'], lines: ['甲方：幸福里物业服务中心', '乙方：杭州洁美保洁服务有限公司', '服务期限一年'], paperLocation: '主管办公室保险柜' },
  { key: 'lift-contract', category: 'contract', title: '电梯维保合同', tags: ['电梯', '维保'], lines: ['乙方：杭州安顺电梯维保有限公司', '半月保养一次，年检配合'], paperLocation: '主管办公室保险柜' },
  { key: 'rules', category: 'rules', title: '档案管理制度', tags: ['制度'], lines: ['档案分类、借阅登记、归还期限', '原件借阅须登记，逾期催还'] },
  { key: 'duty', category: 'rules', title: '客服岗位职责', tags: ['岗位职责'], lines: ['接待、咨询、报修登记、回访'] },
  { key: 'minutes', category: 'minutes', title: '2026年第三季度业委会会议纪要', tags: ['业委会'], lines: ['议题：电梯更新、停车管理', '参会：业委会委员5人、物业主管'], paperLocation: '档案室C柜1层' },
  { key: 'owner-1502', category: 'owner', title: '1栋1单元1502 购房合同复印件', tags: ['购房合同'], lines: ['业主：张伟', '房屋：1栋1单元1502'] },
];

async function pdfOf(d: DemoDoc): Promise<Buffer> {
  return renderPdf(d.title, { Title: d.title, Author: '幸福里物业服务中心', Subject: ARCHIVE_CATEGORY_LABELS[d.category] }, (doc) => {
    doc.fontSize(18).text(d.title, { align: 'center' });
    doc.moveDown();
    doc.fontSize(12);
    for (const l of d.lines) doc.text(l);
    doc.moveDown();
    doc.fontSize(10).text(`${ARCHIVE_CATEGORY_LABELS[d.category]} · 幸福里小区物业档案（演示）`);
  });
}

/** One document, once: skipped (no new file stored) when the document of its request exists. */
async function demoDoc(caller: Caller, d: DemoDoc, unitId?: string): Promise<string> {
  const requestId = `demo-archive-${d.key}`;
  const existing = await ArchiveDoc.findById(idOfRequest(`archiveDoc:${caller.userId}:${requestId}`), { _id: 1 }).lean();
  if (existing) return String(existing._id);
  const bytes = await pdfOf(d);
  const fileName = `${d.title}.pdf`;
  const ticket = uploadTicket(caller, { category: d.category, fileName, mime: 'application/pdf', size: bytes.length });
  const stored = await receiveDocument(ticket.ticket, bytes.length, [bytes]);
  const input: CreateDocInput = { requestId, category: d.category, title: d.title, tags: d.tags, fileId: stored.id, ...(d.paperLocation ? { paperLocation: d.paperLocation } : {}), ...(unitId ? { unitId } : {}) };
  return (await createDoc(caller, input)).id;
}

/**
 * Demo archive of 幸福里小区 (archives.md): documents in every category (small PDFs stored through the files
 * module), the equipment ledger — 1号楼1号客梯 with its inspection due in 6 days, 生活水泵1号 due in 25,
 * 消防主机 later — a cleaning contract ending in 28 days and an elevator maintenance contract, and the
 * paper 竣工图 lent to 业委会 and overdue. Seeding again changes nothing: every request id is fixed.
 */
export async function seedDemoArchives(communityId: Id): Promise<{ docs: number; equipment: number; contracts: number; loans: number }> {
  const staff = await demoRenovationStaff(communityId);
  if (!staff) return { docs: 0, equipment: 0, contracts: 0, loans: 0 };
  const manager = staff.managerCaller;
  const today = localDay(now());
  const ids = new Map<string, string>();
  const unit = await Unit.findOne({ communityId, label: '1栋1单元1502' }, { _id: 1 }).lean();
  for (const d of DOCS) {
    if (d.category === 'owner' && !unit) continue;
    ids.set(d.key, await demoDoc(manager, d, d.category === 'owner' && unit ? String(unit._id) : undefined));
  }
  const [b1] = await buildingsOf(communityId);

  await equipmentCreate(manager, {
    requestId: 'demo-equipment-lift-1',
    kind: 'elevator',
    name: '1号楼1号客梯',
    code: 'DT-01',
    location: '1号楼大堂',
    ...(b1 ? { buildingId: String(b1._id) } : {}),
    maker: '通力电梯',
    modelNo: 'MonoSpace 500',
    maintainer: '杭州安顺电梯维保有限公司',
    maintainerPhone: '0571-88886666',
    installedOn: '2019-06-01',
    cycleDays: 365,
    lastMaintainedOn: addDays(today, -359),
    nextDueOn: addDays(today, 6),
    docIds: [ids.get('lift-manual'), ids.get('lift-cert')].filter((x): x is string => Boolean(x)),
  });
  await equipmentCreate(manager, {
    requestId: 'demo-equipment-pump-1',
    kind: 'pump',
    name: '生活水泵1号',
    code: 'SB-01',
    location: '地下一层生活泵房',
    maker: '格兰富',
    modelNo: 'CR 10-6',
    maintainer: '杭州清源机电工程有限公司',
    maintainerPhone: '0571-86660011',
    installedOn: '2019-05-20',
    cycleDays: 90,
    lastMaintainedOn: addDays(today, -65),
    nextDueOn: addDays(today, 25),
    docIds: [ids.get('pump-manual')].filter((x): x is string => Boolean(x)),
  });
  await equipmentCreate(manager, {
    requestId: 'demo-equipment-fire-1',
    kind: 'fire',
    name: '消防报警主机',
    code: 'XF-01',
    location: '消防控制室',
    maker: '海湾安全',
    maintainer: '浙江安消消防技术服务有限公司',
    installedOn: '2019-05-10',
    cycleDays: 180,
    lastMaintainedOn: addDays(today, -30),
    docIds: [],
  });
  await contractCreate(manager, {
    requestId: 'demo-contract-cleaning',
    title: '保洁服务合同',
    party: '杭州洁美保洁服务有限公司',
    kind: 'cleaning',
    startOn: addDays(today, -337),
    endOn: addDays(today, 28),
    amountFen: 36_000_000,
    note: '含公共区域日常保洁、垃圾清运',
    docIds: [ids.get('cleaning')].filter((x): x is string => Boolean(x)),
  });
  await contractCreate(manager, {
    requestId: 'demo-contract-lift',
    title: '电梯维保合同',
    party: '杭州安顺电梯维保有限公司',
    kind: 'maintenance',
    startOn: addDays(today, -200),
    endOn: addDays(today, 165),
    amountFen: 4_800_000,
    docIds: [ids.get('lift-contract')].filter((x): x is string => Boolean(x)),
  });
  // The paper 竣工图 lent to 业委会 three weeks ago, due back a week ago: overdue (lent today through the service, then dated back).
  const sitePlan = ids.get('site-plan');
  let loans = 0;
  if (sitePlan) {
    const loan = await loanCreate(staff.agentCaller, { requestId: 'demo-loan-site-plan', docId: sitePlan, borrowerName: '业委会 陈主任', purpose: '核对车位规划', dueOn: today });
    if (loan.lentOn === today && loan.status === 'open') {
      const lentOn = addDays(today, -21);
      const dueOn = addDays(today, -7);
      await ArchiveLoan.updateOne({ _id: loan.id }, { $set: { lentOn, dueOn } });
      await ArchiveDoc.updateOne({ _id: sitePlan, 'onLoan.loanId': loan.id }, { $set: { 'onLoan.dueOn': dueOn } });
    }
    loans = 1;
  }
  return { docs: DOCS.length, equipment: 3, contracts: 2, loans };
}
