import { addDays, localDay } from '@shared/domain/calendar';
import type { RenovationWork } from '@shared/domain/renovation';
import { now } from '../cloud/lib/clock';
import type { mongoose } from '../cloud/lib/db';
import { Unit } from '../cloud/modules/community/community.model';
import { recordedOwners } from '../cloud/modules/community';
import { permit } from '../cloud/modules/renovation';
import { RenovationPass } from '../cloud/modules/renovation/pass.model';
import { Renovation } from '../cloud/modules/renovation/renovation.model';
import { demoRenovationExists, demoRenovationStaff, idNumber, seedDemoRenovation } from './demo-renovation-kit';

type Id = mongoose.Types.ObjectId;

/** The worker pass code people can try at the gate (门岗核验): a worker of 2栋1单元0501's renovation in progress. */
export const DEMO_WORKER_PASS_CODE = 'ZXGK2468';

interface DemoCase {
  key: string;
  unit: string;
  until: 'reviewed' | 'approved' | 'in_progress';
  company: string;
  foreman: string;
  phone: string;
  workers: { name: string; idNumber: string; phone: string }[];
  works: RenovationWork[];
}

/**
 * The three renovations of this part, on 2栋 (0501 is the one the desk log speaks of: its workers' 出入证).
 * Not 李娜's 0801/0802: the browser tests need their arrears, and paying at the desk before 开工 settles
 * every open bill of the unit.
 */
const CASES: DemoCase[] = [
  {
    key: 'reviewed',
    unit: '2栋1单元0602',
    until: 'reviewed',
    company: '杭州美居装饰工程有限公司',
    foreman: '吴国平',
    phone: '13957100601',
    workers: [{ name: '吴国平', idNumber: idNumber('33012219780512341'), phone: '13957100601' }],
    works: ['painting', 'floor', 'furniture'],
  },
  {
    key: 'approved',
    unit: '2栋1单元0401',
    until: 'approved',
    company: '浙江匠心家装有限公司',
    foreman: '钱志刚',
    phone: '13957100401',
    workers: [
      { name: '钱志刚', idNumber: idNumber('33010619800321571'), phone: '13957100401' },
      { name: '孙建新', idNumber: idNumber('34122119850708293'), phone: '13957100402' },
    ],
    works: ['kitchen_bath', 'waterproof', 'plumbing_electric'],
  },
  {
    key: 'in-progress',
    unit: '2栋1单元0501',
    until: 'in_progress',
    company: '安居装饰工程有限公司',
    foreman: '黄建军',
    phone: '13957100501',
    workers: [
      { name: '黄建军', idNumber: idNumber('33012519790915281'), phone: '13957100501' },
      { name: '李小龙', idNumber: idNumber('36042119880210453'), phone: '13957100502' },
      { name: '陈木根', idNumber: idNumber('33082219750603177'), phone: '13957100503' },
    ],
    works: ['plumbing_electric', 'ceiling', 'wall', 'painting'],
  },
];

/**
 * Demo review, approval and passes of 幸福里小区 (renovation.md "Approval, permit and passes"), run
 * through the module's services by 王芳 (agent: application on the owner's behalf, signatures, review,
 * start) and 孙涛 (manager: approval): one renovation **reviewed** (待审批, waiting for 孙涛), one
 * **approved** but not started (许可证 and 出入证 issued, fees billed, unpaid), and one **in progress** —
 * 2栋1单元0501, its fees paid at the desk (with whatever else the unit owed), the neighbours told, three
 * workers' 出入证 valid today; the first worker's code is made the fixed DEMO_WORKER_PASS_CODE so the
 * README can name it for the gate. Seeding again changes nothing (a case whose application exists is
 * skipped).
 */
export async function seedDemoRenovationPermit(communityId: Id): Promise<{ renovations: number; passCode?: string }> {
  const staff = await demoRenovationStaff(communityId);
  if (!staff) return { renovations: 0 };
  const today = localDay(now());
  let made = 0;
  let passCode: string | undefined;

  for (const [i, c] of CASES.entries()) {
    const requestId = `demo-renovation-permit-${c.key}`;
    if (await demoRenovationExists(staff.agent._id, requestId)) continue;
    const unit = await Unit.findOne({ communityId, label: c.unit }).lean();
    if (!unit || (await Renovation.exists({ openKey: String(unit._id) }))) continue;
    const [owner] = await recordedOwners(communityId, [unit._id]);
    if (!owner) continue;

    // The application, filled by the agent for the owner, signed by both on the phone, submitted, reviewed,
    // approved; the one in progress paid at the desk (with whatever else the unit owed) and started.
    const started = c.until === 'in_progress';
    const id = await seedDemoRenovation(staff, {
      requestId,
      unit,
      owner,
      application: {
        rooms: ['客厅', '主卧', '厨房', '卫生间'],
        works: c.works,
        forbidden: [],
        description: '房屋内部翻新：墙面、地面、厨卫和定制家具。',
        contractor: { company: c.company, licence: `9133010${i}MA2DEMO${i}X`, foreman: c.foreman, phone: c.phone },
        workers: c.workers,
        plannedStart: started ? today : addDays(today, 3 + i),
        plannedEnd: addDays(today, started ? 60 : 75),
      },
      signatureSeed: i * 2 + 1,
      review: { conditions: ['施工人员须佩戴装修出入证，不得在小区内留宿', '装修垃圾须袋装，每日运至指定地点，不得堆放在楼道、走廊'], note: '图纸、施工单位资料齐全' },
      approvalConditions: ['运送材料时须对电梯轿厢做好防护'],
      ...(c.until === 'in_progress'
        ? { until: c.until, payment: { receiptNo: `ZX-${c.unit.replace(/\D/g, '').slice(-6)}`, note: '装修押金及装修管理费' }, noticeWorks: '水电改造、吊顶、墙体（非承重墙拆砌）、墙面油漆' }
        : { until: c.until }),
    });
    made++;
    if (c.until !== 'in_progress') continue;

    // The first worker's code, fixed so people can try it at the gate.
    const first = (await permit(staff.agentCaller, { renovationId: id })).passes[0];
    if (first && !(await RenovationPass.exists({ code: DEMO_WORKER_PASS_CODE }))) await RenovationPass.updateOne({ _id: first.id }, { $set: { code: DEMO_WORKER_PASS_CODE } });
    passCode = DEMO_WORKER_PASS_CODE;
  }
  return { renovations: made, ...(passCode ? { passCode } : {}) };
}
