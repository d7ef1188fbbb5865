import { addDays, localDay } from '@shared/domain/calendar';
import { forbiddenCheckKey, PATROL_CHECK_ITEMS, type RenovationWork } from '@shared/domain/renovation';
import { now } from '../cloud/lib/clock';
import type { mongoose } from '../cloud/lib/db';
import { Unit } from '../cloud/modules/community/community.model';
import { recordedOwners } from '../cloud/modules/community';
import { record as recordComplaint } from '../cloud/modules/complaints';
import { recordPatrol, renovationSettingsOf, runRenovationPatrols, startPatrol, suspend } from '../cloud/modules/renovation';
import { demoRenovationExists, demoRenovationStaff, idNumber, nextDemoUnit, seedDemoRenovation } from './demo-renovation-kit';

type Id = mongoose.Types.ObjectId;

interface PatrolCase {
  key: 'violation' | 'suspended';
  company: string;
  foreman: string;
  phone: string;
  worker: { name: string; idNumber: string; phone: string };
  works: RenovationWork[];
}

const CASES: PatrolCase[] = [
  { key: 'violation', company: '杭州宜家装饰工程有限公司', foreman: '郑海波', phone: '13957101401', worker: { name: '郑海波', idNumber: idNumber('33010219820417351'), phone: '13957101401' }, works: ['plumbing_electric', 'floor', 'painting'] },
  { key: 'suspended', company: '杭州速美装修队', foreman: '冯大勇', phone: '13957101502', worker: { name: '冯大勇', idNumber: idNumber('34252319810925673'), phone: '13957101502' }, works: ['wall', 'ceiling', 'painting'] },
];
/**
 * 1栋's middle floors (the other parts use 2栋 and 3栋; 张伟's 1502 stays free of renovations and of
 * their neighbours' notices): the first two units with a recorded owner and no renovation.
 */
const CANDIDATES = ['1栋1单元1001', '1栋1单元1002', '1栋1单元0901', '1栋1单元0902', '1栋1单元1101', '1栋1单元1102'];

/**
 * Demo patrols and violations of 幸福里小区 (renovation.md "Patrols and violations"), through the
 * module's services: two renovations of 1栋's middle floors, applied for by 王芳 (agent) for the owner,
 * signed, reviewed, approved by 孙涛, paid at the desk and started (the neighbours' notice seeded as the
 * start publishes it). The first has an **open violation**: 王芳's patrol found materials in the corridor
 * and rubbish not cleared (一般违规, 整改通知 ZG1, two days to rectify: its re-inspection task waits), and a
 * neighbour's noise complaint names the unit. The second was **suspended** by 孙涛 after a serious
 * violation (a load-bearing wall opened); its re-inspection is due tomorrow. Seeding again changes nothing
 * (a case whose application exists is skipped).
 */
export async function seedDemoRenovationPatrol(communityId: Id): Promise<{ renovations: number }> {
  const staff = await demoRenovationStaff(communityId);
  if (!staff) return { renovations: 0 };
  const { agentCaller, managerCaller } = staff;
  const today = localDay(now());
  let made = 0;
  const used = new Set<string>();

  for (const [i, c] of CASES.entries()) {
    const requestId = `demo-renovation-patrol-${c.key}`;
    if (await demoRenovationExists(staff.agent._id, requestId)) continue;
    // A unit of 1栋's middle floors with a recorded owner and no open renovation.
    const picked = await nextDemoUnit(communityId, CANDIDATES, used, 'open');
    if (!picked) continue;
    const { unit } = picked;

    const id = await seedDemoRenovation(staff, {
      ...picked,
      requestId,
      application: {
        rooms: ['客厅', '主卧', '次卧', '厨房'],
        works: c.works,
        forbidden: [],
        description: '旧房翻新，不涉及主体结构、外立面和燃气管道。',
        contractor: { company: c.company, licence: `9133010${5 + i}MA2PTRL${i}X`, foreman: c.foreman, phone: c.phone },
        workers: [c.worker],
        plannedStart: today,
        plannedEnd: addDays(today, 45),
      },
      signatureSeed: i * 2 + 11,
      until: 'in_progress',
      payment: { receiptNo: `ZX-P${unit.label.replace(/\D/g, '').slice(-4)}`, note: '装修押金及装修管理费' },
      noticeWorks: '装修施工',
    });
    made++;

    // Today's patrol (the task the patrol job would make), recorded by 王芳.
    const task = await startPatrol(agentCaller, { renovationId: id });
    const settings = await renovationSettingsOf(String(communityId));
    const items = [...PATROL_CHECK_ITEMS.map((x) => x.key), ...settings.forbiddenWorks.map((w) => forbiddenCheckKey(w.key))];
    const bad: Record<string, string> =
      c.key === 'violation'
        ? { common_area: '12楼与15楼电梯厅堆放水泥、瓷砖和木料', rubbish: '装修垃圾未袋装，在楼梯间堆放超过一天' }
        : { waterproof_structure: '客厅与主卧之间的承重墙被开洞约1米宽', [forbiddenCheckKey('load_bearing')]: '擅自拆改承重墙，须立即停工并恢复原状' };
    await recordPatrol(agentCaller, {
      patrolId: task.id,
      requestId: `demo-patrol-${c.key}`,
      checks: items.map((key) => (bad[key] ? { key, ok: false, note: bad[key] } : { key, ok: true })),
      photoIds: [],
      note: c.key === 'violation' ? '已当面告知施工负责人，整改通知单已送达' : '已拍照取证，报经理决定停工',
      severity: c.key === 'violation' ? 'minor' : 'serious',
      deadline: addDays(today, c.key === 'violation' ? 2 : 1),
    });

    if (c.key === 'violation') {
      // A neighbour below complains about the noise: 王芳 records it, naming the unit complained about.
      const below = await Unit.findOne({ communityId, label: unit.label.replace(/(\d{2})(\d{2})$/, (_m, f: string, n: string) => `${String(Number(f) - 1).padStart(2, '0')}${n}`) }).lean();
      const [neighbour] = below ? await recordedOwners(communityId, [below._id]) : [];
      if (below && neighbour) {
        await recordComplaint(agentCaller, {
          requestId: `demo-renovation-patrol-complaint`,
          channel: 'phone',
          unitId: String(below._id),
          aboutUnitId: String(unit._id),
          contactName: neighbour.name,
          contactPhone: neighbour.phone,
          category: 'noise',
          description: `楼上${unit.label}装修，中午12点到2点还在电钻，家里老人无法休息`,
          urgent: false,
        });
      }
    } else {
      await suspend(managerCaller, { renovationId: id, reason: '擅自拆改承重墙，责令停工，恢复原状并经复查合格后方可复工' });
    }
  }
  // The patrol job's run of today (as the scheduler would): the renovations on site get today's routine task
  // (the other parts' renovation in progress one to do; those patrolled above their next patrol day).
  await runRenovationPatrols({ scope: { communityIds: [String(communityId)] } });
  return { renovations: made };
}
