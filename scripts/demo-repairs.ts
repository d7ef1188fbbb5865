import { DAY_MS, localDayDigits, MINUTE_MS } from '@shared/domain/calendar';
import { ASSIGNED_STATUSES, DEFAULT_SLA, type RepairStatus, type Urgency } from '@shared/domain/repairs';
import { mongoose } from '../cloud/lib/db';
import { now } from '../cloud/lib/clock';
import { Unit } from '../cloud/modules/community/community.model';
import { FollowUp } from '../cloud/modules/followups/followup.model';
import { User } from '../cloud/modules/identity/user.model';
import { OpenAssignment, Repair } from '../cloud/modules/repairs/repair.model';

type Id = mongoose.Types.ObjectId;

/**
 * Demo repair orders of 幸福里小区, so every role has something to look at on first start:
 * 张伟 — a kitchen drain being fixed by 刘强 (已接单) and a closed, rated order from last week;
 * 李娜 — a window 陈磊 finished yesterday (待评价) with its follow-up task open for 王芳;
 * a common-area light waiting for 刘强 to accept (待接单).
 * Upserted by request key: seeding twice changes nothing.
 */
interface Step {
  event: string;
  to: RepairStatus;
  /** Minutes after the report. */
  after: number;
  by: string;
  note?: string;
}

interface DemoOrder {
  key: string;
  reporter: string;
  unit?: string;
  place?: string;
  category: string;
  description: string;
  urgency: Urgency;
  assignee?: string;
  /** Minutes before now that it was reported. */
  ago: number;
  steps: Step[];
  rating?: { overall: number; speed: number; attitude: number; comment?: string };
  materials?: { name: string; quantity: number; unit: string }[];
  followUp?: 'open' | 'done';
}

const ORDERS: DemoOrder[] = [
  {
    key: 'demo-repair-drain',
    reporter: '张伟',
    unit: '1栋1单元1502',
    category: '管道疏通',
    description: '厨房下水道堵塞，水下不去，有异味',
    urgency: 'urgent',
    assignee: '刘强',
    ago: 50,
    steps: [
      { event: 'dispatch', to: 'dispatched', after: 0, by: '系统', note: '派给 刘强' },
      { event: 'accept', to: 'accepted', after: 6, by: '刘强' },
    ],
  },
  {
    key: 'demo-repair-socket',
    reporter: '张伟',
    unit: '1栋1单元1502',
    category: '水电',
    description: '客厅插座没电，空调插头插上没反应',
    urgency: 'normal',
    assignee: '刘强',
    ago: 8 * 24 * 60,
    steps: [
      { event: 'dispatch', to: 'dispatched', after: 0, by: '系统', note: '派给 刘强' },
      { event: 'accept', to: 'accepted', after: 12, by: '刘强' },
      { event: 'arrive', to: 'arrived', after: 95, by: '刘强' },
      { event: 'complete', to: 'completed', after: 140, by: '刘强', note: '更换插座面板，线路正常' },
      { event: 'rate', to: 'rated', after: 300, by: '张伟', note: '总体5星，速度5星，态度5星：师傅很专业' },
      { event: 'close', to: 'closed', after: 1500, by: '王芳', note: '回访：满意' },
    ],
    rating: { overall: 5, speed: 5, attitude: 5, comment: '师傅很专业' },
    materials: [{ name: '五孔插座面板', quantity: 1, unit: '个' }],
    followUp: 'done',
  },
  {
    key: 'demo-repair-window',
    reporter: '李娜',
    unit: '2栋1单元0801',
    category: '门窗',
    description: '主卧窗户关不严，刮风时有响声',
    urgency: 'normal',
    assignee: '陈磊',
    ago: 26 * 60,
    steps: [
      { event: 'dispatch', to: 'dispatched', after: 0, by: '系统', note: '派给 陈磊' },
      { event: 'accept', to: 'accepted', after: 20, by: '陈磊' },
      { event: 'arrive', to: 'arrived', after: 180, by: '陈磊' },
      { event: 'complete', to: 'completed', after: 230, by: '陈磊', note: '调整合页，更换密封条' },
    ],
    materials: [{ name: '窗户密封条', quantity: 3, unit: '米' }],
    followUp: 'open',
  },
  {
    key: 'demo-repair-light',
    reporter: '李娜',
    place: '3栋一楼电梯厅',
    category: '公共照明',
    description: '3栋一楼电梯厅的灯不亮，晚上很黑',
    urgency: 'normal',
    assignee: '刘强',
    ago: 15,
    steps: [{ event: 'dispatch', to: 'dispatched', after: 0, by: '系统', note: '派给 刘强' }],
  },
];

export async function seedDemoRepairs(communityId: Id): Promise<number> {
  const people = new Map((await User.find({ communityId }, { name: 1, phone: 1 }).lean()).map((u) => [u.name, u]));
  const at = now().getTime();
  for (const o of ORDERS) {
    const reporter = people.get(o.reporter)!;
    const assignee = o.assignee ? people.get(o.assignee) : undefined;
    const unit = o.unit ? await Unit.findOne({ communityId, label: o.unit }, { label: 1 }).lean() : null;
    const reported = new Date(at - o.ago * MINUTE_MS);
    const stepAt = (s: Step) => new Date(reported.getTime() + s.after * MINUTE_MS);
    const when = (event: string) => o.steps.find((s) => s.event === event);
    const sla = DEFAULT_SLA[o.urgency];
    const last = o.steps[o.steps.length - 1];
    const _id = new mongoose.Types.ObjectId(Math.floor(reported.getTime() / 1000));
    const done = (e: string) => (when(e) ? stepAt(when(e)!) : undefined);
    const existing = await Repair.findOneAndUpdate(
      { requestKey: `${String(reporter._id)}:${o.key}` },
      {
        $setOnInsert: {
          _id,
          communityId,
          orderNo: `BX${localDayDigits(reported).slice(2)}${String(_id).slice(-6).toUpperCase()}`,
          requestKey: `${String(reporter._id)}:${o.key}`,
          channel: 'miniprogram',
          area: unit ? 'home' : 'common',
          ...(unit ? { unitId: unit._id } : { place: o.place }),
          location: unit?.label ?? o.place,
          category: o.category,
          description: o.description,
          urgency: o.urgency,
          triageTerms: [],
          photoIds: [],
          reporterId: reporter._id,
          reporterName: reporter.name,
          ownerId: reporter._id,
          contactName: reporter.name,
          contactPhone: reporter.phone,
          status: last.to,
          rev: o.steps.length,
          mode: 'auto',
          inPool: false,
          ...(assignee ? { assigneeId: assignee._id, assigneeName: assignee.name, assigneePhone: assignee.phone } : {}),
          roundFrom: reported,
          dispatchedAt: done('dispatch'),
          ...(done('accept') ? { acceptedAt: done('accept') } : {}),
          ...(done('arrive') ? { arrivedAt: done('arrive') } : {}),
          ...(done('complete') ? { completedAt: done('complete') } : {}),
          ...(done('close') ? { closedAt: done('close') } : {}),
          firsts: { dispatchedAt: done('dispatch'), acceptedAt: done('accept'), arrivedAt: done('arrive'), completedAt: done('complete') },
          deadlines: {
            accept: new Date(reported.getTime() + sla.accept * MINUTE_MS),
            arrive: new Date(reported.getTime() + sla.arrive * MINUTE_MS),
            complete: new Date(reported.getTime() + sla.complete * MINUTE_MS),
          },
          ...(o.rating ? { rating: { ...o.rating, at: done('rate') } } : {}),
          ...(o.materials ? { materials: o.materials, afterPhotoIds: [], completionNote: when('complete')?.note } : {}),
          flags: [],
          history: [
            { at: reported, event: 'create', to: 'submitted', byId: reporter._id, byName: reporter.name },
            ...o.steps.map((s, i) => ({ at: stepAt(s), event: s.event, from: i === 0 ? 'submitted' : o.steps[i - 1].to, to: s.to, byName: s.by, ...(s.note ? { note: s.note } : {}) })),
          ],
        },
      },
      { upsert: true, new: true },
    ).lean();
    if (existing && assignee && ASSIGNED_STATUSES.includes(last.to)) {
      await OpenAssignment.updateOne({ _id: existing._id }, { $set: { communityId, userId: assignee._id } }, { upsert: true });
    }
    if (o.followUp && existing) {
      const completedAt = done('complete')!;
      const agent = people.get('王芳')!;
      await FollowUp.updateOne(
        { key: `repair:${String(existing._id)}:0` },
        {
          $setOnInsert: {
            communityId,
            source: 'repair',
            sourceId: existing._id,
            key: `repair:${String(existing._id)}:0`,
            title: `${existing.orderNo} ${o.category}：${o.description}`,
            ownerId: reporter._id,
            ownerName: reporter.name,
            phone: reporter.phone,
            location: existing.location,
            dueAt: new Date(completedAt.getTime() + 3 * DAY_MS),
            status: o.followUp,
            ...(o.followUp === 'done' ? { method: 'phone', outcome: 'satisfied', note: '业主表示满意', doneById: agent._id, doneByName: agent.name, doneAt: done('close') } : {}),
          },
        },
        { upsert: true },
      );
    }
  }
  return ORDERS.length;
}
