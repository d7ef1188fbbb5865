import { DAY_MS, HOUR_MS, localDayDigits, MINUTE_MS } from '@shared/domain/calendar';
import { DEFAULT_INQUIRY_PROMISES, inquiryDeadlines, type InquiryChannel, type InquiryEvent, type InquiryStatus, type InquiryTopic } from '@shared/domain/desk';
import { mongoose } from '../cloud/lib/db';
import { now } from '../cloud/lib/clock';
import { idOfRequest } from '../cloud/lib/idempotent';
import { Unit } from '../cloud/modules/community/community.model';
import { Inquiry } from '../cloud/modules/desk/inquiry.model';
import { User } from '../cloud/modules/identity/user.model';

type Id = mongoose.Types.ObjectId;

/**
 * Demo inquiries (咨询) of 幸福里小区, one per state worth showing:
 * 李娜 — 月租车位, asked 10 minutes ago, waiting for 王芳's quick feedback (the 30-minute promise runs);
 * 张伟 — 装修手续, acknowledged by 王芳 an hour ago, the answer due within the day;
 * 张伟 — 物业费按季度交, answered yesterday, waiting for his stars;
 * 李娜 — 小区游泳池开放时间, answered and rated ★★★★★ three days ago;
 * 陈先生 (no owner, by phone) — 快递柜位置, answered on the phone and closed.
 * Written as the inquiry service would have written them (ids from the request key, the same history
 * and deadlines), backdated. Upserted by request key: seeding twice changes nothing.
 */
interface Step {
  event: InquiryEvent;
  to: InquiryStatus;
  /** Milliseconds after the inquiry was received. */
  after: number;
  note: string;
}

interface DemoInquiry {
  key: string;
  /** An owner's name, or a caller who is no owner (recorded by 王芳). */
  owner?: string;
  caller?: { name: string; phone: string };
  unit?: string;
  channel: InquiryChannel;
  topic: InquiryTopic;
  text: string;
  ago: number;
  steps: Step[];
  stars?: { value: number; comment: string; after: number };
}

const INQUIRIES: DemoInquiry[] = [
  { key: 'demo-inquiry-parking', owner: '李娜', unit: '2栋1单元0801', channel: 'miniprogram', topic: 'parking', text: '请问小区地下车库还有月租车位吗？每月多少钱，需要带什么材料办理？', ago: 10 * MINUTE_MS, steps: [] },
  {
    key: 'demo-inquiry-renovation',
    owner: '张伟',
    unit: '1栋1单元1502',
    channel: 'miniprogram',
    topic: 'renovation',
    text: '下个月准备重新装修卫生间，需要提前办理什么手续？装修押金是多少？',
    ago: 70 * MINUTE_MS,
    steps: [{ event: 'acknowledge', to: 'acknowledged', after: 12 * MINUTE_MS, note: '张先生您好，您的咨询已收到，我们正在为您核实装修手续和押金标准，今天内答复您。' }],
  },
  {
    key: 'demo-inquiry-fees',
    owner: '张伟',
    unit: '1栋1单元1502',
    channel: 'phone',
    topic: 'fees',
    text: '物业费可以按季度交吗？一次交一年有没有优惠？',
    ago: DAY_MS + 3 * HOUR_MS,
    steps: [
      { event: 'acknowledge', to: 'acknowledged', after: 2 * MINUTE_MS, note: '张先生您好，已收到您的问题，稍后给您书面答复。' },
      {
        event: 'answer',
        to: 'answered',
        after: 3 * HOUR_MS,
        note: '张先生您好：物业费可以按月、按季度或按年缴纳，在小程序“缴费”中即可选择账单支付。目前一次缴纳全年物业费暂无折扣，如有优惠活动我们会在通知公告中发布。感谢您的咨询！',
      },
    ],
  },
  {
    key: 'demo-inquiry-pool',
    owner: '李娜',
    unit: '2栋1单元0801',
    channel: 'miniprogram',
    topic: 'facilities',
    text: '小区游泳池冬天还开放吗？开放时间是几点到几点？',
    ago: 3 * DAY_MS,
    steps: [
      {
        event: 'answer',
        to: 'answered',
        after: 25 * MINUTE_MS,
        note: '李女士您好：游泳池冬季（12月至次年2月）暂停开放进行维护保养，3月1日起恢复开放，开放时间为每天9:00—21:00。恢复开放前我们会发布通知，感谢您的关注！',
      },
    ],
    stars: { value: 5, comment: '回复很及时，谢谢', after: 2 * HOUR_MS },
  },
  {
    key: 'demo-inquiry-locker',
    caller: { name: '陈先生', phone: '13912345678' },
    channel: 'phone',
    topic: 'other',
    text: '想问一下小区的快递柜在哪里，晚上几点以后还能取件？',
    ago: 2 * DAY_MS,
    steps: [
      { event: 'answer', to: 'answered', after: 3 * MINUTE_MS, note: '快递柜在小区南门东侧和3栋北侧各有一组，24小时均可取件。' },
      { event: 'close', to: 'closed', after: 5 * MINUTE_MS, note: '已在电话中答复，来电人表示清楚' },
    ],
  },
];

const inquiryNoOf = (id: Id, at: Date) => `ZX${localDayDigits(at).slice(2)}${String(id).slice(-6).toUpperCase()}`;

export async function seedDemoInquiries(communityId: Id): Promise<number> {
  const people = new Map((await User.find({ communityId }, { name: 1, phone: 1 }).lean()).map((u) => [u.name, u]));
  const agent = people.get('王芳');
  if (!agent) return 0;
  const nowMs = now().getTime();
  let seeded = 0;
  for (const q of INQUIRIES) {
    const owner = q.owner ? people.get(q.owner) : undefined;
    const unit = q.unit ? await Unit.findOne({ communityId, label: q.unit }, { label: 1 }).lean() : null;
    if ((q.owner && !owner) || (q.unit && !unit)) continue;
    const reporter = q.channel === 'miniprogram' && owner ? owner : agent;
    const requestKey = `${String(reporter._id)}:${q.key}`;
    const _id = idOfRequest(requestKey);
    const received = new Date(nowMs - q.ago);
    const at = (after: number) => new Date(received.getTime() + after);
    const promise = DEFAULT_INQUIRY_PROMISES[q.topic];
    const history: { at: Date; event: string; from?: string; to: string; byId?: Id; byName: string; note?: string }[] = [
      { at: received, event: 'create', to: 'received', byId: reporter._id, byName: reporter.name, ...(reporter === agent ? { note: `${q.channel === 'phone' ? '电话' : '来访'}咨询，王芳代录` } : {}) },
    ];
    let status: InquiryStatus = 'received';
    for (const s of q.steps) {
      history.push({ at: at(s.after), event: s.event, from: status, to: s.to, byId: agent._id, byName: agent.name, note: s.note });
      status = s.to;
    }
    const ack = q.steps.find((s) => s.event === 'acknowledge');
    const answer = q.steps.find((s) => s.event === 'answer');
    const closed = q.steps.find((s) => s.event === 'close');
    if (q.stars) {
      history.push({ at: at(q.stars.after), event: 'rate', from: status, to: 'rated', byId: owner?._id, byName: owner?.name ?? '', note: `${q.stars.value}星：${q.stars.comment}` });
      status = 'rated';
    }
    const first = ack ?? answer;
    await Inquiry.updateOne(
      { requestKey },
      {
        $setOnInsert: {
          _id,
          communityId,
          inquiryNo: inquiryNoOf(_id, received),
          requestKey,
          channel: q.channel,
          topic: q.topic,
          text: q.text,
          photoIds: [],
          ...(unit ? { unitId: unit._id } : {}),
          location: unit?.label ?? '未关联房屋',
          ...(owner ? { ownerId: owner._id } : {}),
          callerName: owner?.name ?? q.caller?.name ?? '',
          callerPhone: owner?.phone ?? q.caller?.phone ?? '',
          reporterId: reporter._id,
          reporterName: reporter.name,
          status,
          rev: history.length - 1,
          ...(q.steps.length ? { handlerId: agent._id, handlerName: agent.name } : {}),
          promise,
          deadlines: inquiryDeadlines(received, promise),
          warned: [],
          breaches: [],
          ...(ack ? { ack: { text: ack.note, at: at(ack.after), byName: agent.name } } : {}),
          ...(first ? { acknowledgedAt: at(first.after) } : {}),
          ...(answer ? { answer: { text: answer.note, at: at(answer.after), byName: agent.name }, answeredAt: at(answer.after) } : {}),
          ...(q.stars ? { rating: { stars: q.stars.value, comment: q.stars.comment, at: at(q.stars.after) } } : {}),
          ...(closed ? { closedAt: at(closed.after) } : {}),
          history,
          createdAt: received,
          updatedAt: history[history.length - 1].at,
        },
      },
      { upsert: true, timestamps: false },
    );
    seeded++;
  }
  return seeded;
}
