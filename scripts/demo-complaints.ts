import { DEFAULT_COMPLAINT_DEADLINES, type ComplaintCategory, type ComplaintEvent, type ComplaintStatus, type ComplaintValidity } from '@shared/domain/complaints';
import { DAY_MS, HOUR_MS, localDayDigits, MINUTE_MS } from '@shared/domain/calendar';
import type { FollowUpOutcome } from '@shared/domain/followups';
import { mongoose } from '../cloud/lib/db';
import { now } from '../cloud/lib/clock';
import { idOfRequest } from '../cloud/lib/idempotent';
import { Unit } from '../cloud/modules/community/community.model';
import { Complaint } from '../cloud/modules/complaints/complaint.model';
import { FollowUp } from '../cloud/modules/followups/followup.model';
import { User } from '../cloud/modules/identity/user.model';

type Id = mongoose.Types.ObjectId;

/**
 * Demo complaints of 幸福里小区, one per stage worth showing:
 * 李娜 — noise from upstairs, just received (王芳 should accept it within 24 h);
 * 张伟 — his parking space taken, accepted, investigated and answered in writing by 王芳 (有效投诉),
 *        waiting for him to confirm or for 王芳's 回访 (the follow-up task is open);
 * 张伟 — a stairwell left uncleaned two weeks ago: answered, followed up (满意) and closed.
 * Written as the complaint service would have written them (ids from the request key, the same
 * history, deadlines and follow-up task), backdated. Upserted by request key: seeding twice changes nothing.
 */
interface Step {
  event: ComplaintEvent | 'assign';
  to: ComplaintStatus;
  /** Milliseconds after the complaint was received. */
  after: number;
  by: string;
  note?: string;
}

interface DemoComplaint {
  key: string;
  owner: string;
  unit: string;
  category: ComplaintCategory;
  description: string;
  /** Milliseconds before now that it was received. */
  ago: number;
  handler?: string;
  steps: Step[];
  reply?: { after: number; content: string; validity: ComplaintValidity };
  followUp?: { status: 'open' } | { status: 'done'; after: number; outcome: FollowUpOutcome; note: string };
}

const PARKING_REPLY =
  '张先生您好：经调取地库监控核实，近几日占用您车位B1-015的是未登记的访客车辆，当班保安未按规定登记、引导。我们已对相关保安进行批评教育，在您的车位加装了“私家车位 请勿占用”提示牌，今后访客车辆一律登记后引导至临时车位。给您带来不便，深表歉意。';
const CLEANING_REPLY =
  '张先生您好：经核实，11月上旬2栋、1栋楼道保洁员请假期间顶岗安排不到位，导致楼道垃圾未及时清运。我们已补充保洁人员，并将楼道清运改为每日两次、由保洁主管每日巡查签字。感谢您的监督。';

const COMPLAINTS: DemoComplaint[] = [
  {
    key: 'demo-complaint-noise',
    owner: '李娜',
    unit: '2栋1单元0801',
    category: 'noise',
    description: '楼上0901每天晚上十一点以后还有拖动家具和小孩跑跳的声音，已经持续一个星期，老人和孩子都休息不好，请物业出面协调。',
    ago: 40 * MINUTE_MS,
    steps: [],
  },
  {
    key: 'demo-complaint-parking',
    owner: '张伟',
    unit: '1栋1单元1502',
    category: 'parking',
    description: '我家车位B1-015这几天连续被外来车辆占用，晚上回来没地方停，找地库保安也没人处理。',
    ago: 2 * DAY_MS,
    handler: '王芳',
    steps: [
      { event: 'accept', to: 'accepted', after: 50 * MINUTE_MS, by: '王芳', note: '负责人：王芳' },
      { event: 'investigate', to: 'investigating', after: 3 * HOUR_MS, by: '王芳', note: '调取地库监控，核实占用车辆并约谈当班保安' },
    ],
    reply: { after: 2 * DAY_MS - 6 * HOUR_MS, content: PARKING_REPLY, validity: 'valid' },
    followUp: { status: 'open' },
  },
  {
    key: 'demo-complaint-cleaning',
    owner: '张伟',
    unit: '1栋1单元1502',
    category: 'cleaning',
    description: '1栋15楼楼道的垃圾两天没人清理了，有很大的异味，希望物业尽快处理并加强管理。',
    ago: 14 * DAY_MS,
    handler: '王芳',
    steps: [{ event: 'accept', to: 'accepted', after: 2 * HOUR_MS, by: '王芳', note: '负责人：王芳' }],
    reply: { after: DAY_MS, content: CLEANING_REPLY, validity: 'valid' },
    followUp: { status: 'done', after: 2 * DAY_MS, outcome: 'satisfied', note: '业主表示楼道已清理干净，对处理满意' },
  },
];

/** The complaint service's id: from the request key (a second submit finds the first). */
const idOf = idOfRequest;
const caseNoOf = (id: Id, at: Date) => `TS${localDayDigits(at).slice(2)}${String(id).slice(-6).toUpperCase()}`;

export async function seedDemoComplaints(communityId: Id): Promise<number> {
  const people = new Map((await User.find({ communityId }, { name: 1, phone: 1 }).lean()).map((u) => [u.name, u]));
  const nowMs = now().getTime();
  const d = DEFAULT_COMPLAINT_DEADLINES;
  for (const c of COMPLAINTS) {
    const owner = people.get(c.owner);
    const unit = await Unit.findOne({ communityId, label: c.unit }, { label: 1 }).lean();
    if (!owner || !unit) continue;
    const handler = c.handler ? people.get(c.handler) : undefined;
    const requestKey = `${String(owner._id)}:${c.key}`;
    const _id = idOf(requestKey);
    const received = new Date(nowMs - c.ago);
    const at = (after: number) => new Date(received.getTime() + after);
    const caseNo = caseNoOf(_id, received);

    const history: { at: Date; event: string; from?: string; to: string; byId?: Id; byName: string; note?: string }[] = [
      { at: received, event: 'create', to: 'received', byId: owner._id, byName: owner.name },
    ];
    let status = 'received' as ComplaintStatus;
    const step = (s: { event: string; to: ComplaintStatus; at: Date; by: string; note?: string }) => {
      history.push({ at: s.at, event: s.event, from: status, to: s.to, ...(people.get(s.by) ? { byId: people.get(s.by)!._id } : {}), byName: s.by, ...(s.note ? { note: s.note } : {}) });
      status = s.to;
    };
    for (const s of c.steps) step({ ...s, at: at(s.after) });
    const replyAt = c.reply ? at(c.reply.after) : undefined;
    if (c.reply && replyAt) step({ event: 'reply', to: 'replied', at: replyAt, by: handler?.name ?? '王芳', note: c.reply.content });
    const followupDue = replyAt ? new Date(replyAt.getTime() + d.followUpDays * DAY_MS) : undefined;

    // The follow-up task of round 0, as the reply would have made it.
    let followUpId: Id | undefined;
    const done = c.followUp?.status === 'done' ? c.followUp : undefined;
    if (c.followUp && followupDue) {
      const key = `complaint:${String(_id)}:0`;
      followUpId = idOf(`followup:${key}`);
      const doneAt = done ? at(done.after) : undefined;
      await FollowUp.updateOne(
        { key },
        {
          $setOnInsert: {
            _id: followUpId,
            communityId,
            source: 'complaint',
            sourceId: _id,
            key,
            title: `${caseNo} 投诉回访：${c.description.slice(0, 30)}`,
            ownerId: owner._id,
            ownerName: owner.name,
            phone: owner.phone,
            location: unit.label,
            dueAt: followupDue,
            status: c.followUp.status,
            ...(done && doneAt && handler ? { method: 'phone', outcome: done.outcome, note: done.note, doneById: handler._id, doneByName: handler.name, doneAt } : {}),
            createdAt: replyAt,
            updatedAt: doneAt ?? replyAt,
          },
        },
        { upsert: true, timestamps: false },
      );
      const existing = await FollowUp.findOne({ key }, { _id: 1 }).lean();
      followUpId = existing?._id ?? followUpId;
      if (done && doneAt) {
        step({ event: 'followup', to: 'followup', at: doneAt, by: handler?.name ?? '王芳', note: `回访：满意，${done.note}` });
        step({ event: 'close', to: 'closed', at: new Date(doneAt.getTime() + HOUR_MS), by: handler?.name ?? '王芳' });
      }
    }
    const last = history[history.length - 1].at;
    const firstResponseAt = history.find((h) => h.event === 'accept' || h.event === 'reply')?.at;

    await Complaint.updateOne(
      { requestKey },
      {
        $setOnInsert: {
          _id,
          communityId,
          caseNo,
          requestKey,
          channel: 'miniprogram',
          category: c.category,
          description: c.description,
          photoIds: [],
          unitId: unit._id,
          location: unit.label,
          ownerId: owner._id,
          contactName: owner.name,
          contactPhone: owner.phone,
          reporterId: owner._id,
          reporterName: owner.name,
          urgent: false,
          status,
          rev: history.length - 1,
          ...(handler ? { handlerId: handler._id, handlerName: handler.name } : {}),
          roundFrom: received,
          deadlines: {
            respond: new Date(received.getTime() + d.firstResponseHours * HOUR_MS),
            reply: new Date(received.getTime() + d.replyDays * DAY_MS),
            ...(followupDue ? { followup: followupDue } : {}),
          },
          warned: [],
          breaches: [],
          ...(firstResponseAt ? { firstResponseAt } : {}),
          ...(c.reply && replyAt ? { reply: { content: c.reply.content, at: replyAt, byName: handler?.name ?? '王芳' }, validity: c.reply.validity } : {}),
          ...(followUpId ? { followUpId } : {}),
          ...(status === 'closed' ? { followedUpAt: history.find((h) => h.event === 'followup')?.at, closedAt: last } : {}),
          reopenCount: 0,
          history,
          createdAt: received,
          updatedAt: last,
        },
      },
      { upsert: true, timestamps: false },
    );
  }
  return COMPLAINTS.length;
}
