import { addDays, localDay } from '@shared/domain/calendar';
import { ACCEPTANCE_ITEMS, forbiddenCheckKey, OPEN_RENOVATION_STATUSES, PATROL_CHECK_ITEMS, RENOVATION_STATUSES, RENOVATION_STATUS_LABELS, type RenovationWork } from '@shared/domain/renovation';
import { now } from '../cloud/lib/clock';
import type { mongoose } from '../cloud/lib/db';
import { accountOf, depositReturnOf } from '../cloud/modules/fees';
import { applyAcceptance, recordAcceptance, recordPatrol, refundDeposit, renovationSettingsOf, startPatrol } from '../cloud/modules/renovation';
import { Renovation } from '../cloud/modules/renovation/renovation.model';
import { demoRenovationExists, demoRenovationStaff, idNumber, nextDemoUnit, seedDemoRenovation } from './demo-renovation-kit';

type Id = mongoose.Types.ObjectId;

interface DoneCase {
  key: 'acceptance' | 'accepted' | 'closed';
  company: string;
  foreman: string;
  phone: string;
  worker: { name: string; idNumber: string; phone: string };
  works: RenovationWork[];
  rooms: string[];
  description: string;
}

const CASES: DoneCase[] = [
  {
    // Waiting for acceptance; its works include 防水, so the inspection needs a 24-hour 闭水试验.
    key: 'acceptance',
    company: '杭州匠心家居装饰有限公司',
    foreman: '钱志强',
    phone: '13957102601',
    worker: { name: '钱志强', idNumber: idNumber('33012519790308291'), phone: '13957102601' },
    works: ['waterproof', 'kitchen_bath', 'floor'],
    rooms: ['厨房', '卫生间', '客厅'],
    description: '厨房、卫生间翻新：重做防水、更换瓷砖和洁具，客厅更换木地板。',
  },
  {
    // Accepted with a deduction, the deposit held: a 整改通知 of the works is still open. The contractor is
    // the patrol demo's 宜家 (its history then spans two units and two violations).
    key: 'accepted',
    company: '杭州宜家装饰工程有限公司',
    foreman: '郑海波',
    phone: '13957101401',
    worker: { name: '郑海波', idNumber: idNumber('33010219820417351'), phone: '13957101401' },
    works: ['painting', 'ceiling', 'furniture'],
    rooms: ['客厅', '主卧', '次卧'],
    description: '墙面重新刷漆，客厅做石膏板吊顶，卧室安装定制衣柜。',
  },
  {
    // Closed: a first acceptance failed (rubbish left in the stairwell), the second passed with a
    // deduction, and the deposit was given back minus it.
    key: 'closed',
    company: '杭州安居装饰有限公司',
    foreman: '孔德明',
    phone: '13957102803',
    worker: { name: '孔德明', idNumber: idNumber('33010619850612473'), phone: '13957102803' },
    works: ['floor', 'painting', 'doors_windows'],
    rooms: ['客厅', '主卧', '书房'],
    description: '更换地板和室内门，墙面刷乳胶漆。',
  },
];

/**
 * 1栋's low floors (there is no 7栋 in the demo; 1栋's middle floors are the patrol part's, 2栋 the
 * permit part's, 3栋 the application part's): the first units with a recorded owner and no renovation.
 */
const CANDIDATES = ['1栋1单元0301', '1栋1单元0302', '1栋1单元0401', '1栋1单元0402', '1栋1单元0501', '1栋1单元0502', '1栋1单元0601', '1栋1单元0602'];

const allItemsOk = () => ACCEPTANCE_ITEMS.map((i) => ({ key: i.key, ok: true }));

/**
 * Demo completion of 幸福里小区 (renovation.md "Completion, deposit and the board"), through the
 * module's services, on 1栋's low floors (the community's renovation fees are set before any demo part
 * runs: scripts/demo-renovation-fees.ts): three renovations applied for by 王芳 for the owners, signed,
 * reviewed, approved by 孙涛 (装修押金 2000 元… billed), paid at the desk and started (the neighbours' notice seeded as the start publishes it):
 * - one **in acceptance** (申请验收 by the owner; 防水 works, so the inspection needs a 24-hour 闭水试验);
 * - one **accepted with the deposit held**: a patrol found rubbish in the stairwell (整改通知, open),
 *   acceptance passed with a 200 元 deduction for the lift lobby's wall — 押金暂扣 until it is rectified;
 * - one **closed with a refund**: a first acceptance failed (垃圾未清运), the second passed with a 150 元
 *   deduction, and 孙涛 gave back 1850 元 (the deposit bill 已退还, the deduction billed and paid by what
 *   was kept, the refund on the owner's POS payment).
 * The works' dates start today (a seed cannot move the clock). Seeding again changes nothing (a case whose
 * application exists is skipped).
 */
export async function seedDemoRenovationDone(communityId: Id): Promise<{ renovations: number }> {
  const staff = await demoRenovationStaff(communityId);
  if (!staff) return { renovations: 0 };
  const { agentCaller, managerCaller } = staff;
  const today = localDay(now());
  let made = 0;
  const used = new Set<string>();

  for (const [i, c] of CASES.entries()) {
    const requestId = `demo-renovation-done-${c.key}`;
    if (await demoRenovationExists(staff.agent._id, requestId)) continue;
    const picked = await nextDemoUnit(communityId, CANDIDATES, used, 'any');
    if (!picked) continue;
    const { unit } = picked;

    const id = await seedDemoRenovation(staff, {
      ...picked,
      requestId,
      application: {
        rooms: c.rooms,
        works: c.works,
        forbidden: [],
        description: c.description,
        contractor: { company: c.company, licence: `9133010${6 + i}MA2DONE${i}X`, foreman: c.foreman, phone: c.phone },
        workers: [c.worker],
        plannedStart: today,
        plannedEnd: addDays(today, 30),
      },
      signatureSeed: i * 2 + 21,
      until: 'in_progress',
      payment: { receiptNo: `ZX-D${unit.label.replace(/\D/g, '').slice(-4)}`, note: '装修押金、装修管理费及垃圾清运费' },
      noticeWorks: '装修施工',
    });
    made++;

    if (c.key === 'accepted') {
      // A patrol finds rubbish in the stairwell: a 整改通知 with a deadline, still open.
      const task = await startPatrol(agentCaller, { renovationId: id });
      const settings = await renovationSettingsOf(String(communityId));
      const keys = [...PATROL_CHECK_ITEMS.map((x) => x.key), ...settings.forbiddenWorks.map((w) => forbiddenCheckKey(w.key))];
      await recordPatrol(agentCaller, {
        patrolId: task.id,
        requestId: `demo-patrol-done-${c.key}`,
        checks: keys.map((key) => (key === 'rubbish' ? { key, ok: false, note: '吊顶拆下的石膏板和包装箱堆在3楼楼梯间，未袋装清运' } : { key, ok: true })),
        photoIds: [],
        note: '已电话告知施工负责人郑海波',
        severity: 'minor',
        deadline: addDays(today, 2),
      });
    }

    await applyAcceptance(agentCaller, { renovationId: id, requestId: `demo-apply-${c.key}-1`, note: '业主来电：已完工，垃圾已清运，请安排验收' });
    if (c.key === 'acceptance') continue;

    if (c.key === 'closed') {
      await recordAcceptance(agentCaller, {
        renovationId: id,
        requestId: `demo-acceptance-${c.key}-1`,
        outcome: 'fail',
        items: allItemsOk().map((x) => (x.key === 'rubbish' ? { ...x, ok: false, note: '楼梯间仍有旧地板和门框未清运' } : x)),
        defects: [{ description: '楼梯间遗留旧地板、门框等装修垃圾，须清运干净' }],
        deductions: [],
      });
      await applyAcceptance(agentCaller, { renovationId: id, requestId: `demo-apply-${c.key}-2`, note: '垃圾已清运完毕' });
    }
    await recordAcceptance(agentCaller, {
      renovationId: id,
      requestId: `demo-acceptance-${c.key}-pass`,
      outcome: 'pass',
      items: allItemsOk(),
      defects: [],
      deductions: c.key === 'accepted' ? [{ reason: '电梯厅墙面被材料刮花，修补及重新刷漆', amountFen: 20_000 }] : [{ reason: '搬运材料时碰坏楼道扶手，更换一段', amountFen: 15_000 }],
      note: c.key === 'accepted' ? '楼梯间垃圾整改复查通过后退还押金' : '复验合格',
    });
    if (c.key === 'closed') await refundDeposit(managerCaller, { renovationId: id, requestId: `demo-deposit-${c.key}` });
  }
  return { renovations: made };
}

/**
 * What does not hold in the demo's renovations (empty: coherent): every status of the machine shown by
 * at least one renovation (the four demo parts together), at most one open renovation per unit (and
 * `openKey` matching the status), accepted and closed ones with a passed acceptance, closed ones with
 * their deposit given back in the fees ledger (bill 已退还), held deposits not given back.
 */
export async function demoRenovationProblems(communityId: Id): Promise<string[]> {
  const problems: string[] = [];
  const all = (await Renovation.find({ communityId }).lean()) as unknown as {
    _id: Id;
    unitId: Id;
    unitLabel: string;
    status: string;
    openKey: string;
    bills?: { kind: string; billId: string }[];
    acceptance?: { rounds?: { outcome: string }[] } | null;
    deposit?: { refundFen: number } | null;
  }[];
  for (const s of RENOVATION_STATUSES) if (!all.some((r) => r.status === s)) problems.push(`没有处于“${RENOVATION_STATUS_LABELS[s]}”的装修`);
  const openByUnit = new Map<string, string[]>();
  for (const r of all) {
    const open = OPEN_RENOVATION_STATUSES.includes(r.status as never);
    if (open) openByUnit.set(String(r.unitId), [...(openByUnit.get(String(r.unitId)) ?? []), String(r._id)]);
    if (open !== (r.openKey === String(r.unitId))) problems.push(`${r.unitLabel}：openKey 与状态“${r.status}”不符`);
    const last = r.acceptance?.rounds?.at(-1);
    if (['accepted', 'closed'].includes(r.status) && last?.outcome !== 'pass') problems.push(`${r.unitLabel}：${r.status} 但没有通过的验收`);
    const deposit = r.bills?.find((b) => b.kind === 'deposit');
    if (deposit) {
      const returned = await depositReturnOf(communityId, deposit.billId);
      const bill = (await accountOf(communityId, r.unitId)).bills.find((b) => b.id === deposit.billId);
      if (r.status === 'closed' && (!returned || !r.deposit || bill?.status !== 'returned')) problems.push(`${r.unitLabel}：已结案但押金未在账上退还`);
      if (r.status !== 'closed' && returned) problems.push(`${r.unitLabel}：押金已退还但装修未结案`);
    }
  }
  for (const [unitId, ids] of openByUnit) if (ids.length > 1) problems.push(`房屋 ${unitId} 有${ids.length}个未结束的装修`);
  return problems;
}
