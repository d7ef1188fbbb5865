import { addDays, chineseDate, localDay } from '@shared/domain/calendar';
import { idCheckCharacter } from '@shared/domain/contact';
import { NOTICE_LIBRARY } from '@shared/domain/notice-library';
import { forbiddenCheckKey, PATROL_CHECK_ITEMS } from '@shared/domain/renovation';
import { neighbourUnitIds, NEIGHBOUR_NOTICE_TEMPLATE } from '@shared/domain/renovation-permit';
import { now } from '../cloud/lib/clock';
import type { mongoose } from '../cloud/lib/db';
import { Community, Unit } from '../cloud/modules/community/community.model';
import { recordedOwners, unitsOf } from '../cloud/modules/community';
import { record as recordComplaint } from '../cloud/modules/complaints';
import { accountOf, recordPayment } from '../cloud/modules/fees';
import { upload } from '../cloud/modules/files';
import { User } from '../cloud/modules/identity/user.model';
import { approve, create, recordPatrol, renovationSettingsOf, review, runRenovationPatrols, sign, start, startPatrol, submit, suspend } from '../cloud/modules/renovation';
import { Renovation } from '../cloud/modules/renovation/renovation.model';
import { rgbPng, staffCaller } from './demo-kit';
import { seedPublishedNotice } from './demo-notices';

type Id = mongoose.Types.ObjectId;

const idNumber = (first17: string) => first17 + idCheckCharacter(first17);

/** A signature-like PNG (a dark stroke on white). */
function signaturePng(seed: number, width = 240, height = 90): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height, 255);
  for (let y = 0; y < height; y++) raw[y * (width * 3 + 1)] = 0;
  for (let t = 0; t <= 1; t += 0.002) {
    const x = Math.round(20 + t * 200);
    const y = Math.round(45 + 18 * Math.cos(t * (5 + seed)) - 6 * t);
    for (let dy = -1; dy <= 1; dy++) raw.fill(30, (y + dy) * (width * 3 + 1) + 1 + x * 3, (y + dy) * (width * 3 + 1) + 4 + x * 3);
  }
  return rgbPng(width, height, raw);
}

interface PatrolCase {
  key: 'violation' | 'suspended';
  company: string;
  foreman: string;
  phone: string;
  worker: { name: string; idNumber: string; phone: string };
  works: string[];
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
  const used = new Set<string>();

  for (const [i, c] of CASES.entries()) {
    const requestId = `demo-renovation-patrol-${c.key}`;
    if (await Renovation.exists({ requestKey: `renovation:${String(agent._id)}:${requestId}` })) continue;
    // A unit of 1栋's top floors with a recorded owner and no open renovation.
    let unit: { _id: Id; label: string; buildingId: Id } | null = null;
    let owner: { name: string; phone: string } | undefined;
    for (const label of CANDIDATES) {
      if (used.has(label)) continue;
      const u = await Unit.findOne({ communityId, label }).lean();
      if (!u || (await Renovation.exists({ openKey: String(u._id) }))) continue;
      const [o] = await recordedOwners(communityId, [u._id]);
      if (!o) continue;
      unit = { _id: u._id, label: u.label, buildingId: u.buildingId };
      owner = o;
      used.add(label);
      break;
    }
    if (!unit || !owner) continue;

    const r = await create(agentCaller, {
      requestId,
      unitId: String(unit._id),
      owner: { name: owner.name, phone: owner.phone },
      rooms: ['客厅', '主卧', '次卧', '厨房'],
      works: c.works as never,
      forbidden: [],
      description: '旧房翻新，不涉及主体结构、外立面和燃气管道。',
      contractor: { company: c.company, licence: `9133010${5 + i}MA2PTRL${i}X`, foreman: c.foreman, phone: c.phone },
      workers: [c.worker],
      plannedStart: today,
      plannedEnd: addDays(today, 45),
    });
    const signature = async (seed: number) => (await upload(agentCaller, { purpose: 'signature', fileName: `签名${seed}.png`, contentBase64: signaturePng(seed).toString('base64') })).id;
    await sign(agentCaller, { renovationId: r.id, signer: 'owner', name: owner.name, papers: ['pledge', 'agreement'], fileId: await signature(i * 2 + 11) });
    await sign(agentCaller, { renovationId: r.id, signer: 'contractor', name: c.foreman, papers: ['pledge', 'agreement'], fileId: await signature(i * 2 + 12) });
    await submit(agentCaller, r.id);
    await review(agentCaller, { renovationId: r.id, conditions: ['装修垃圾须袋装，每日运至指定地点，不得堆放在楼道、走廊'], note: '资料齐全' });
    await approve(managerCaller, { renovationId: r.id, exceptions: [], conditions: [] });
    const account = await accountOf(communityId, unit._id);
    const due = account.bills.filter((b) => b.status === 'open').reduce((s, b) => s + b.dueFen, 0);
    if (due > 0) await recordPayment(managerCaller, { unitId: String(unit._id), amountFen: due, method: 'pos', receiptNo: `ZX-P${unit.label.replace(/\D/g, '').slice(-4)}`, note: '装修押金及装修管理费' });
    // The 装修施工告知 as the start publishes it, seeded without WeChat's content check (a seed has no WeChat).
    const units = (await unitsOf({ communityIds: [String(communityId)] })).filter((u) => String(u.buildingId) === String(unit!.buildingId));
    const me = units.find((u) => String(u._id) === String(unit!._id));
    const neighbours = me ? neighbourUnitIds(me, units) : [];
    if (neighbours.length) {
      const t = NOTICE_LIBRARY.find((x) => x.key === NEIGHBOUR_NOTICE_TEMPLATE)!;
      await seedPublishedNotice({
        communityId,
        communityName: community.name,
        manager: { _id: agent._id, name: agent.name },
        requestId: `renovation-start-${r.id}`,
        templateKey: t.key,
        values: { unit: unit.label, startDate: chineseDate(today), endDate: chineseDate(addDays(today, 45)), works: '装修施工', contractor: c.company, contactPhone: '0571-88886666' },
        category: t.category,
        pinned: false,
        target: { kind: 'units', unitIds: neighbours },
        targetText: `${neighbours.length}户相邻住户`,
        unitIds: neighbours,
        publishAt: now(),
      });
    }
    await start(agentCaller, { renovationId: r.id });
    made++;

    // Today's patrol (the task the patrol job would make), recorded by 王芳.
    const task = await startPatrol(agentCaller, { renovationId: r.id });
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
      await suspend(managerCaller, { renovationId: r.id, reason: '擅自拆改承重墙，责令停工，恢复原状并经复查合格后方可复工' });
    }
  }
  // The patrol job's run of today (as the scheduler would): the renovations on site get today's routine task
  // (the other parts' renovation in progress one to do; those patrolled above their next patrol day).
  await runRenovationPatrols({ communityIds: [String(communityId)] });
  return { renovations: made };
}
