import { addDays, chineseDate, localDay } from '@shared/domain/calendar';
import { idCheckCharacter } from '@shared/domain/contact';
import { NOTICE_LIBRARY } from '@shared/domain/notice-library';
import { neighbourUnitIds, NEIGHBOUR_NOTICE_TEMPLATE } from '@shared/domain/renovation-permit';
import { now } from '../cloud/lib/clock';
import type { mongoose } from '../cloud/lib/db';
import { Community, Unit } from '../cloud/modules/community/community.model';
import { recordedOwners, unitsOf } from '../cloud/modules/community';
import { accountOf, recordPayment } from '../cloud/modules/fees';
import { upload } from '../cloud/modules/files';
import { User } from '../cloud/modules/identity/user.model';
import { approve, create, permit, review, sign, start, submit } from '../cloud/modules/renovation';
import { RenovationPass } from '../cloud/modules/renovation/pass.model';
import { Renovation } from '../cloud/modules/renovation/renovation.model';
import { rgbPng, staffCaller } from './demo-kit';
import { seedPublishedNotice } from './demo-notices';

type Id = mongoose.Types.ObjectId;

/** The worker pass code people can try at the gate (门岗核验): a worker of 李娜's renovation in progress. */
export const DEMO_WORKER_PASS_CODE = 'ZXGK2468';

/** A made-up but well-formed ID number (valid check character). */
const idNumber = (first17: string) => first17 + idCheckCharacter(first17);

/** A signature-like PNG (a dark stroke on white). */
function signaturePng(seed: number, width = 240, height = 90): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height, 255);
  for (let y = 0; y < height; y++) raw[y * (width * 3 + 1)] = 0;
  for (let t = 0; t <= 1; t += 0.002) {
    const x = Math.round(20 + t * 200);
    const y = Math.round(45 + 20 * Math.sin(t * (7 + seed)) - 8 * t);
    for (let dy = -1; dy <= 1; dy++) raw.fill(30, (y + dy) * (width * 3 + 1) + 1 + x * 3, (y + dy) * (width * 3 + 1) + 4 + x * 3);
  }
  return rgbPng(width, height, raw);
}

interface DemoCase {
  key: string;
  unit: string;
  until: 'reviewed' | 'approved' | 'in_progress';
  company: string;
  foreman: string;
  phone: string;
  workers: { name: string; idNumber: string; phone: string }[];
  works: string[];
}

/** The three renovations of this part, on 2栋 (李娜's 0801 is the one the desk log speaks of: its workers' 出入证). */
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
    unit: '2栋1单元0801',
    until: 'in_progress',
    company: '安居装饰工程有限公司',
    foreman: '黄建军',
    phone: '13957100801',
    workers: [
      { name: '黄建军', idNumber: idNumber('33012519790915281'), phone: '13957100801' },
      { name: '李小龙', idNumber: idNumber('36042119880210453'), phone: '13957100802' },
      { name: '陈木根', idNumber: idNumber('33082219750603177'), phone: '13957100803' },
    ],
    works: ['plumbing_electric', 'ceiling', 'wall', 'painting'],
  },
];

/**
 * Demo review, approval and passes of 幸福里小区 (renovation.md "Approval, permit and passes"), run
 * through the module's services by 王芳 (agent: application on the owner's behalf, signatures, review,
 * start) and 孙涛 (manager: approval): one renovation **reviewed** (待审批, waiting for 孙涛), one
 * **approved** but not started (许可证 and 出入证 issued, fees billed), and one **in progress** — 李娜's
 * 2栋1单元0801, its fees paid, the neighbours told, three workers' 出入证 valid today; the first worker's
 * code is made the fixed DEMO_WORKER_PASS_CODE so the README can name it for the gate. Seeding again
 * changes nothing (a case whose application exists is skipped).
 */
export async function seedDemoRenovationPermit(communityId: Id): Promise<{ renovations: number; passCode?: string }> {
  const [agent, manager, community] = await Promise.all([
    User.findOne({ communityId, phone: '13800000011' }).lean(),
    User.findOne({ communityId, phone: '13800000041' }).lean(),
    Community.findById(communityId, { name: 1 }).lean(),
  ]);
  if (!agent || !manager || !community) return { renovations: 0 };
  const agentCaller = staffCaller(agent, 'agent', communityId);
  const managerCaller = staffCaller(manager, 'manager', communityId);
  const today = localDay(now());
  let made = 0;
  let passCode: string | undefined;

  for (const [i, c] of CASES.entries()) {
    const requestId = `demo-renovation-permit-${c.key}`;
    if (await Renovation.exists({ requestKey: `renovation:${String(agent._id)}:${requestId}` })) continue;
    const unit = await Unit.findOne({ communityId, label: c.unit }).lean();
    if (!unit || (await Renovation.exists({ openKey: String(unit._id) }))) continue;
    const [owner] = await recordedOwners(communityId, [unit._id]);
    if (!owner) continue;

    // The application, filled by the agent for the owner, signed by both on the phone, submitted.
    const started = c.until === 'in_progress';
    const r = await create(agentCaller, {
      requestId,
      unitId: String(unit._id),
      owner: { name: owner.name, phone: owner.phone },
      rooms: ['客厅', '主卧', '厨房', '卫生间'],
      works: c.works as never,
      forbidden: [],
      description: '房屋内部翻新：墙面、地面、厨卫和定制家具。',
      contractor: { company: c.company, licence: `9133010${i}MA2DEMO${i}X`, foreman: c.foreman, phone: c.phone },
      workers: c.workers,
      plannedStart: started ? today : addDays(today, 3 + i),
      plannedEnd: addDays(today, started ? 60 : 75),
    });
    const signature = async (seed: number) => (await upload(agentCaller, { purpose: 'signature', fileName: `签名${seed}.png`, contentBase64: signaturePng(seed).toString('base64') })).id;
    await sign(agentCaller, { renovationId: r.id, signer: 'owner', name: owner.name, papers: ['pledge', 'agreement'], fileId: await signature(i * 2 + 1) });
    await sign(agentCaller, { renovationId: r.id, signer: 'contractor', name: c.foreman, papers: ['pledge', 'agreement'], fileId: await signature(i * 2 + 2) });
    await submit(agentCaller, r.id);
    await review(agentCaller, { renovationId: r.id, conditions: ['施工人员须佩戴装修出入证，不得在小区内留宿', '装修垃圾须袋装，每日运至指定地点，不得堆放在楼道、走廊'], note: '图纸、施工单位资料齐全' });
    made++;
    if (c.until === 'reviewed') continue;

    await approve(managerCaller, { renovationId: r.id, exceptions: [], conditions: ['运送材料时须对电梯轿厢做好防护'] });
    if (c.until === 'approved') continue;

    // Paid at the desk (everything due on the unit's account: payments settle the oldest bills first).
    const account = await accountOf(communityId, unit._id);
    const due = account.bills.filter((b) => b.status === 'open').reduce((s, b) => s + b.dueFen, 0);
    if (due > 0) await recordPayment(managerCaller, { unitId: String(unit._id), amountFen: due, method: 'pos', receiptNo: `ZX-${c.unit.replace(/\D/g, '').slice(-6)}`, note: '装修押金及装修管理费' });
    // The 装修施工告知 as the start publishes it, seeded without WeChat's content check (a seed has no WeChat).
    const units = (await unitsOf({ communityIds: [String(communityId)] })).filter((u) => String(u.buildingId) === String(unit.buildingId));
    const me = units.find((u) => String(u._id) === String(unit._id))!;
    const neighbours = neighbourUnitIds(me, units);
    if (neighbours.length) {
      const t = NOTICE_LIBRARY.find((x) => x.key === NEIGHBOUR_NOTICE_TEMPLATE)!;
      await seedPublishedNotice({
        communityId,
        communityName: community.name,
        manager: { _id: agent._id, name: agent.name },
        requestId: `renovation-start-${r.id}`,
        templateKey: t.key,
        values: { unit: c.unit, startDate: chineseDate(today), endDate: chineseDate(addDays(today, 60)), works: '水电改造、吊顶、墙体（非承重墙拆砌）、墙面油漆', contractor: c.company, contactPhone: '0571-88886666' },
        category: t.category,
        pinned: false,
        target: { kind: 'units', unitIds: neighbours },
        targetText: `${neighbours.length}户相邻住户`,
        unitIds: neighbours,
        publishAt: now(),
      });
    }
    await start(agentCaller, { renovationId: r.id });
    // The first worker's code, fixed so people can try it at the gate.
    const first = (await permit(agentCaller, { renovationId: r.id })).passes[0];
    if (first && !(await RenovationPass.exists({ code: DEMO_WORKER_PASS_CODE }))) await RenovationPass.updateOne({ _id: first.id }, { $set: { code: DEMO_WORKER_PASS_CODE } });
    passCode = DEMO_WORKER_PASS_CODE;
  }
  return { renovations: made, ...(passCode ? { passCode } : {}) };
}
