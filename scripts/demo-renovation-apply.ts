import { addDays, localDay } from '@shared/domain/calendar';
import type { RenovationWork } from '@shared/domain/renovation';
import { now } from '../cloud/lib/clock';
import type { mongoose } from '../cloud/lib/db';
import { Unit } from '../cloud/modules/community/community.model';
import { recordedOwners } from '../cloud/modules/community';
import { cancel, returnApplication } from '../cloud/modules/renovation';
import { Renovation } from '../cloud/modules/renovation/renovation.model';
import { demoRenovationExists, demoRenovationStaff, idNumber, seedDemoRenovation, type DemoRenovationUnit } from './demo-renovation-kit';

type Id = mongoose.Types.ObjectId;

interface DemoApplication {
  key: string;
  until: 'draft' | 'submitted' | 'returned' | 'cancelled';
  works: RenovationWork[];
  rooms: string[];
  description: string;
  forbidden: { key: string; reason?: string }[];
  company: string;
  foreman: string;
  phone: string;
  workers: { name: string; idNumber: string; phone: string }[];
}

const CASES: DemoApplication[] = [
  {
    key: 'draft',
    until: 'draft',
    works: ['painting', 'floor'],
    rooms: ['客厅', '主卧'],
    description: '客厅和主卧墙面重新刷漆，更换木地板。',
    forbidden: [],
    company: '',
    foreman: '',
    phone: '',
    workers: [],
  },
  {
    key: 'submitted',
    until: 'submitted',
    works: ['kitchen_bath', 'waterproof', 'plumbing_electric'],
    rooms: ['厨房', '主卫'],
    description: '主卫移位改造，重做防水层并做48小时闭水试验；厨房水电改造。',
    forbidden: [{ key: 'waterproof_break', reason: '主卫改造须凿除原防水层，完工后重做防水，做48小时闭水试验并请物业验收。' }],
    company: '杭州佳居装饰有限公司',
    foreman: '郑海涛',
    phone: '13957100301',
    workers: [
      { name: '郑海涛', idNumber: idNumber('33010219800416351'), phone: '13957100301' },
      { name: '冯立群', idNumber: idNumber('33072419870923612'), phone: '13957100302' },
    ],
  },
  {
    key: 'returned',
    until: 'returned',
    works: ['wall', 'ceiling', 'painting'],
    rooms: ['次卧', '书房'],
    description: '拆除次卧与书房之间的隔墙，做吊顶。',
    forbidden: [],
    company: '宜家乐装饰工程有限公司',
    foreman: '蒋文斌',
    phone: '13957100311',
    workers: [{ name: '蒋文斌', idNumber: idNumber('34262219820705173'), phone: '13957100311' }],
  },
  {
    key: 'cancelled',
    until: 'cancelled',
    works: ['air_conditioning'],
    rooms: ['主卧'],
    description: '主卧加装一台壁挂空调。',
    forbidden: [],
    company: '城南空调安装服务部',
    foreman: '韩东',
    phone: '13957100321',
    workers: [{ name: '韩东', idNumber: idNumber('33010519900112457'), phone: '13957100321' }],
  },
];

/** 3栋's units in order, skipping the one the binding demo uses (3栋1单元0502). */
const SKIP = new Set(['3栋1单元0502']);

/**
 * Demo applications of 幸福里小区 (renovation.md "Application"), made through the module's services by
 * 王芳 (agent, for the owners at the desk) on 3栋: a **draft** (not signed yet), a **submitted** one
 * waiting for review (a waterproofing exception with its reason), one **returned** by the agent (the
 * reason shown to the owner) and one **cancelled**. 张伟's unit (1栋1单元1502) is left free of any
 * open renovation, so he can apply in the demo and the browser test. Seeding again changes nothing.
 */
export async function seedDemoRenovationApply(communityId: Id): Promise<{ renovations: number }> {
  const staff = await demoRenovationStaff(communityId);
  if (!staff) return { renovations: 0 };
  const caller = staff.agentCaller;
  const today = localDay(now());

  // 张伟's unit stays free: an open renovation there (a demo of an older seed) is cancelled.
  const zhang = await Unit.findOne({ communityId, label: '1栋1单元1502' }, { _id: 1 }).lean();
  const open = zhang ? await Renovation.findOne({ openKey: String(zhang._id) }, { _id: 1, status: 1 }).lean() : null;
  if (open && ['draft', 'submitted', 'reviewed', 'returned', 'approved'].includes(open.status)) await cancel(caller, { renovationId: String(open._id), reason: '演示数据：为张伟的房屋留出装修申请' });

  const units = (await Unit.find({ communityId, label: /^3栋/ }, { label: 1, buildingId: 1 }).lean()).filter((u) => !SKIP.has(u.label)).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN', { numeric: true }));
  let made = 0;
  let next = 0;
  for (const [i, c] of CASES.entries()) {
    const requestId = `demo-renovation-apply-${c.key}`;
    if (await demoRenovationExists(staff.agent._id, requestId)) continue;
    // The next unit of 3栋 with a recorded owner and no open renovation.
    let unit: DemoRenovationUnit | undefined;
    let owner: { name: string; phone: string } | undefined;
    while (next < units.length && !unit) {
      const u = units[next++];
      const [o] = await recordedOwners(communityId, [u._id]);
      if (o?.phone && !(await Renovation.exists({ openKey: String(u._id) }))) [unit, owner] = [u, o];
    }
    if (!unit || !owner) break;

    // A draft (and the one cancelled) is not signed; the others are signed by both and submitted.
    const id = await seedDemoRenovation(staff, {
      requestId,
      unit,
      owner,
      application: {
        rooms: c.rooms,
        works: c.works,
        forbidden: c.forbidden,
        description: c.description,
        contractor: { company: c.company, licence: c.company ? `91330106MA2DEM${i}Y${i}` : '', foreman: c.foreman, phone: c.phone },
        workers: c.workers,
        plannedStart: addDays(today, 5 + i),
        plannedEnd: addDays(today, 50 + i * 10),
      },
      signatureSeed: i * 2 + 1,
      until: c.until === 'draft' || c.until === 'cancelled' ? 'draft' : 'submitted',
    });
    made++;
    if (c.until === 'cancelled') await cancel(caller, { renovationId: id, reason: '业主改期装修，先撤销申请' });
    if (c.until === 'returned') await returnApplication(caller, { renovationId: id, reason: '拆除隔墙须附房屋结构图，确认该墙为非承重墙；请补充施工图纸后重新提交。' });
  }
  return { renovations: made };
}
