import type { InquiryDetail } from '@shared/contracts/desk.contract';
import { OPEN_INQUIRY_STATUSES } from '@shared/domain/desk';
import type { Envelope } from '@shared/errors';
import { setClock } from '../../cloud/lib/clock';
import { Complaint } from '../../cloud/modules/complaints/complaint.model';
import { Inquiry } from '../../cloud/modules/desk/inquiry.model';
import { runInquirySla } from '../../cloud/modules/desk/inquiry-sla.job';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { DAYTIME, err, ok, rid, staff, world, type Person, type World } from '../helpers/repairs';
import { oneItem, total, twoWorkersUntilDone, untilDone } from '../helpers/sliced-runs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Inquiries (咨询): an owner asks or an agent records a call; the agent acknowledges (快速反馈) and
 * answers by the promised time; the owner rates once; an inquiry that is really a repair or a
 * complaint becomes one; promises warn at 80 % and tell the managers at breach.
 */
let stack: Stack;
let clock = DAYTIME;
const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};
beforeAll(async () => {
  stack = await startStack();
});
beforeEach(() => {
  clock = DAYTIME;
  setClock(() => clock);
});
afterEach(async () => {
  // Keep the deadline job's work to this test's inquiries.
  await Inquiry.updateMany({ status: { $in: OPEN_INQUIRY_STATUSES } }, { $set: { status: 'closed' } });
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

/** A fresh session at the driven clock (sessions expire). */
const tokenOf = (p: Person) => stack.login(stack.wechat.mintCode(p.openid));
const call = async (action: string, p: Person, data: Record<string, unknown>): Promise<Envelope<unknown>> => stack.invoke('desk', action as 'get', data as never, await tokenOf(p));
const act = async (action: string, id: string, p: Person, data: Record<string, unknown> = {}): Promise<InquiryDetail> => ok(await call(action, p, { inquiryId: id, ...data }), action) as InquiryDetail;
const tryAct = async (action: string, id: string, p: Person, data: Record<string, unknown> = {}) => err(await call(action, p, { inquiryId: id, ...data }));
const ask = async (w: World, data: Record<string, unknown> = {}): Promise<InquiryDetail> =>
  ok(await call('ask', w.owner, { requestId: rid(), topic: 'renovation', text: '装修需要办理哪些手续？要交押金吗？', unitId: w.unitId, ...data }), 'ask') as InquiryDetail;
const messagesAbout = async (id: string, templateKey: string) => OutboxMessage.find({ eventKey: { $regex: `^inquiry:${id}:` }, templateKey }).lean();
const recipients = async (id: string, templateKey: string, key: string) =>
  (await OutboxMessage.find({ eventKey: `inquiry:${id}:${key}`, templateKey }).lean()).map((m) => String(m.recipientId)).sort();

test('When an owner asks twice with the same request id, then there is one inquiry with its promised times, and the agents are told', async () => {
  const w = await world(stack);
  const requestId = rid();
  const [a, b] = await Promise.all([ask(w, { requestId }), ask(w, { requestId })]);
  expect(a.id).toBe(b.id);
  expect(await Inquiry.countDocuments({ communityId: w.communityId })).toBe(1);
  expect(a).toMatchObject({
    status: 'received',
    topic: 'renovation',
    channel: 'miniprogram',
    location: w.unitLabel,
    callerName: '赵业主',
    promise: { ackMinutes: 30, answerHours: 24 },
    deadlines: { ack: new Date(DAYTIME.getTime() + 30 * 60_000).toISOString(), answer: new Date(DAYTIME.getTime() + 24 * 3600_000).toISOString() },
    deadline: { stage: 'ack', overdue: false },
    actions: [],
  });
  expect(a.inquiryNo).toMatch(/^ZX261127[0-9A-F]{6}$/);
  expect((await messagesAbout(a.id, 'inquiry.alert')).map((m) => String(m.recipientId))).toEqual([w.agent.id]);
  // The owner's list has it; a replay later answers with the same inquiry.
  const mine = ok(await call('mine', w.owner, {}), 'mine') as { items: { id: string }[]; total: number };
  expect(mine.items.map((i) => i.id)).toEqual([a.id]);
  expect((await ask(w, { requestId })).id).toBe(a.id);
});

test('When the text is empty, too short or oversized, or the topic unknown, then the ask is refused with 400 and nothing is written', async () => {
  const w = await world(stack);
  for (const data of [{ text: '' }, { text: '   ' }, { text: '停车' }, { text: '问'.repeat(501) }, { topic: 'weather' }]) {
    const e = err(await call('ask', w.owner, { requestId: rid(), topic: 'parking', text: '请问月租车位怎么办理？', unitId: w.unitId, ...data }));
    expect(e.code).toBe('VALIDATION');
  }
  // An agent's answer that is too short, or far too long: 400 as well.
  const i = await ask(w);
  expect((await tryAct('answer', i.id, w.agent, { text: '好' })).code).toBe('VALIDATION');
  expect((await tryAct('answer', i.id, w.agent, { text: '答'.repeat(1001) })).code).toBe('VALIDATION');
  expect(await Inquiry.countDocuments({ communityId: w.communityId })).toBe(1);
});

test("When an owner opens or rates another owner's inquiry, then it answers 404 as if it did not exist", async () => {
  const w = await world(stack);
  const i = await ask(w);
  const other = await w.otherOwner();
  expect((await tryAct('get', i.id, other)).code).toBe('INQUIRY.NOT_FOUND');
  expect((await tryAct('rate', i.id, other, { stars: 1 })).code).toBe('INQUIRY.NOT_FOUND');
  const theirs = ok(await call('mine', other, {}), 'mine') as { total: number };
  expect(theirs.total).toBe(0);
  // Staff of another community cannot reach it either.
  const w2 = await world(stack);
  expect((await tryAct('get', i.id, w2.agent)).code).toBe('INQUIRY.NOT_FOUND');
});

test('When an agent acknowledges and answers citing an article, then the owner is told each time, sees both, and rates once', async () => {
  const w = await world(stack);
  const i = await ask(w);
  // Rating before the answer: refused, naming the state.
  const early = await tryAct('rate', i.id, w.owner, { stars: 5 });
  expect(early).toMatchObject({ code: 'INQUIRY.INVALID_TRANSITION', details: { from: 'received', event: 'rate' } });

  later(5);
  const acked = await act('acknowledge', i.id, w.agent, { text: '您好，您的咨询已收到，正在为您核实。' });
  expect(acked).toMatchObject({ status: 'acknowledged', handlerName: '孙客服', ack: { text: '您好，您的咨询已收到，正在为您核实。', byName: '孙客服' }, deadline: { stage: 'answer' } });
  expect(acked.actions).toEqual(expect.arrayContaining(['answer', 'assign', 'close', 'convert']));
  // Acknowledging twice: refused.
  expect((await tryAct('acknowledge', i.id, w.agent, { text: '再次确认' })).code).toBe('INQUIRY.INVALID_TRANSITION');

  later(60);
  const article = ok(
    await stack.invoke('knowledge', 'saveArticle', { requestId: rid(), title: '装修手续怎么办', body: '装修前请携带房产证明和装修方案到服务中心办理装修许可证。', category: 'procedures' } as never, await tokenOf(w.manager)),
    'saveArticle',
  ) as { id: string };
  // An article that does not exist (or another community's): 404, nothing answered.
  expect((await tryAct('answer', i.id, w.agent, { text: '请看知识库的说明。', articleId: 'a'.repeat(24) })).code).toBe('ARTICLE.NOT_FOUND');
  const answered = await act('answer', i.id, w.agent, { text: '装修前请携带房产证明和装修方案到服务中心办理装修许可证，押金2000元，验收后退还。', articleId: article.id });
  expect(answered).toMatchObject({ status: 'answered', answer: { article: { id: article.id, title: '装修手续怎么办' } } });
  expect(answered.deadline).toBeUndefined();

  const seen = await act('get', i.id, w.owner);
  expect(seen).toMatchObject({ status: 'answered', ack: { text: '您好，您的咨询已收到，正在为您核实。' }, answer: { byName: '孙客服' }, actions: ['rate'] });
  expect(seen.ownerId).toBeUndefined(); // staff-only fields stay out of the owner's view
  const told = await messagesAbout(i.id, 'inquiry.reply');
  expect(told.map((m) => String(m.recipientId))).toEqual([w.owner.id, w.owner.id]);

  const rated = await act('rate', i.id, w.owner, { stars: 4, comment: '回复很清楚' });
  expect(rated).toMatchObject({ status: 'rated', stars: 4, rating: { stars: 4, comment: '回复很清楚' }, actions: [] });
  const twice = await tryAct('rate', i.id, w.owner, { stars: 1 });
  expect(twice).toMatchObject({ code: 'INQUIRY.INVALID_TRANSITION' });
  expect((await Inquiry.findById(i.id).lean())!.rating!.stars).toBe(4);
  // Staff cannot rate for the owner.
  expect((await tryAct('rate', i.id, w.agent, { stars: 5 })).code).toBe('AUTH.FORBIDDEN');
});

test('When an agent records a call for a chosen owner or an unknown caller, then the owner sees it in their list and the unknown caller is kept by name and phone', async () => {
  const w = await world(stack);
  const forOwner = ok(await call('record', w.agent, { requestId: rid(), channel: 'phone', topic: 'fees', text: '物业费今年怎么交，可以按季度交吗？', unitId: w.unitId, ownerId: w.owner.id }), 'record') as InquiryDetail;
  expect(forOwner).toMatchObject({ channel: 'phone', callerName: '赵业主', location: w.unitLabel, ownerId: w.owner.id });
  expect(forOwner.history[0].note).toContain('孙客服代录');
  const mine = ok(await call('mine', w.owner, {}), 'mine') as { items: { id: string }[] };
  expect(mine.items.map((x) => x.id)).toContain(forOwner.id);

  const stranger = ok(await call('record', w.agent, { requestId: rid(), channel: 'visit', topic: 'activities', text: '想了解一下社区周末亲子活动', callerName: '陈先生', callerPhone: '13912345678' }), 'record') as InquiryDetail;
  expect(stranger).toMatchObject({ channel: 'visit', callerName: '陈先生', callerPhone: '13912345678', location: '未关联房屋' });
  expect(stranger.ownerId).toBeUndefined();

  // Neither an owner nor a caller's name and phone: 400; an owner who is not of the unit: 404.
  expect(err(await call('record', w.agent, { requestId: rid(), channel: 'phone', topic: 'fees', text: '物业费今年怎么交？' })).code).toBe('VALIDATION');
  const other = await w.otherOwner();
  expect(err(await call('record', w.agent, { requestId: rid(), channel: 'phone', topic: 'fees', text: '物业费今年怎么交？', unitId: w.unitId, ownerId: other.id })).code).toBe('RESIDENT.NOT_FOUND');
  // Owners cannot record.
  expect(err(await call('record', w.owner, { requestId: rid(), channel: 'phone', topic: 'fees', text: '物业费今年怎么交？', unitId: w.unitId })).code).toBe('AUTH.FORBIDDEN');
});

test('When an inquiry turns out to be a repair, then a repair order (channel 咨询转入) is made from it once, the inquiry links to it, and the owner sees 已转报修 with the order', async () => {
  const w = await world(stack);
  const i = await ask(w, { topic: 'facilities', text: '卫生间的地漏一直往上返水，怎么处理？' });
  const converted = await act('convert', i.id, w.agent, { to: 'repair' });
  expect(converted).toMatchObject({ status: 'toRepair', conversion: { kind: 'repair' } });
  const repair = await Repair.findById(converted.conversion!.id).lean();
  expect(repair).toMatchObject({ channel: 'inquiry', description: '卫生间的地漏一直往上返水，怎么处理？', unitId: expect.anything() });
  expect(String(repair!.unitId)).toBe(w.unitId);
  expect(converted.conversion!.no).toBe(repair!.orderNo);
  // Converting again gives the same link; into a complaint now: refused.
  const again = await act('convert', i.id, w.agent, { to: 'repair' });
  expect(again.conversion).toEqual(converted.conversion);
  expect(await Repair.countDocuments({ communityId: w.communityId })).toBe(1);
  expect((await tryAct('convert', i.id, w.agent, { to: 'complaint' })).code).toBe('INQUIRY.INVALID_TRANSITION');
  // The owner sees the status and the link; the repair reached them as their own order.
  const seen = await act('get', i.id, w.owner);
  expect(seen).toMatchObject({ status: 'toRepair', conversion: { kind: 'repair', id: String(repair!._id), no: repair!.orderNo } });
  expect(ok(await stack.invoke('repairs', 'get', { repairId: String(repair!._id) } as never, await tokenOf(w.owner)), 'repair get')).toMatchObject({ orderNo: repair!.orderNo });
  expect((await messagesAbout(i.id, 'inquiry.reply')).length).toBe(1);
});

test('When an inquiry turns out to be a complaint, then a complaint is made from it naming the inquiry, and the inquiry links to it', async () => {
  const w = await world(stack);
  const i = await ask(w, { topic: 'order', text: '楼下商铺每天晚上十一点还在装卸货，太吵了' });
  const converted = await act('convert', i.id, w.agent, { to: 'complaint', category: 'noise' });
  expect(converted).toMatchObject({ status: 'toComplaint', conversion: { kind: 'complaint' } });
  const complaint = await Complaint.findById(converted.conversion!.id).lean();
  expect(complaint).toMatchObject({ channel: 'inquiry', category: 'noise', sourceRef: `inquiry:${i.id}`, description: '楼下商铺每天晚上十一点还在装卸货，太吵了', contactName: '赵业主' });
  expect(String(complaint!.ownerId)).toBe(w.owner.id);
  expect(converted.conversion!.no).toBe(complaint!.caseNo);
  // The owner reaches the complaint as theirs.
  expect(ok(await stack.invoke('complaints', 'get', { complaintId: String(complaint!._id) } as never, await tokenOf(w.owner)), 'complaint get')).toMatchObject({ caseNo: complaint!.caseNo });
  // An unknown caller without a unit cannot become a complaint: 409 naming what is missing.
  const stranger = ok(await call('record', w.agent, { requestId: rid(), channel: 'wechat', topic: 'other', text: '你们物业的保安态度太差了', callerName: '陈先生', callerPhone: '13912345678' }), 'record') as InquiryDetail;
  expect(await tryAct('convert', stranger.id, w.agent, { to: 'complaint' })).toMatchObject({ code: 'INQUIRY.OWNER_UNKNOWN', details: { missing: ['unitId'] } });
});

test('When a promise nears and passes, then the handler is warned once at 80 % and the managers are told once at breach', async () => {
  const w = await world(stack, { managers: 2 });
  const i = await ask(w); // acknowledgement in 30 minutes, answer in 24 hours
  later(23);
  await runInquirySla();
  expect(await recipients(i.id, 'inquiry.alert', `warn:ack@${new Date(DAYTIME.getTime() + 30 * 60_000).toISOString()}`)).toEqual([]);
  later(1); // 24 minutes: 80 % of the acknowledgement's 30
  const first = await runInquirySla();
  expect(first).toMatchObject({ warned: 1, breached: 0 });
  const ackKey = `ack@${new Date(DAYTIME.getTime() + 30 * 60_000).toISOString()}`;
  expect(await recipients(i.id, 'inquiry.alert', `warn:${ackKey}`)).toEqual([w.agent.id]); // no handler yet: the agents
  expect((await runInquirySla()).warned).toBe(0);
  expect((await act('get', i.id, w.agent)).deadline).toMatchObject({ stage: 'ack', warned: true, overdue: false });

  later(7); // 31 minutes: breached
  const breach = await runInquirySla();
  expect(breach).toMatchObject({ breached: 1 });
  const managers = (await OutboxMessage.find({ eventKey: `inquiry:${i.id}:breach:${ackKey}` }).lean()).map((m) => String(m.recipientId));
  expect(managers).toHaveLength(2);
  expect(managers).toContain(w.manager.id);
  expect((await runInquirySla()).breached).toBe(0);
  expect(await OutboxMessage.countDocuments({ eventKey: `inquiry:${i.id}:breach:${ackKey}` })).toBe(2);
  const overdue = ok(await call('list', w.agent, { overdue: true }), 'list') as { items: { id: string; breached: boolean }[] };
  expect(overdue.items.map((x) => x.id)).toEqual([i.id]);
  expect(overdue.items[0].breached).toBe(true);

  // Acknowledged by the agent: the answer's promise runs; its 80 % warns the handler only.
  await act('acknowledge', i.id, w.agent, { text: '您好，已收到，正在核实。' });
  clock = new Date(DAYTIME.getTime() + 19.3 * 3600_000);
  expect((await runInquirySla()).warned).toBe(1);
  const answerKey = `answer@${new Date(DAYTIME.getTime() + 24 * 3600_000).toISOString()}`;
  expect(await recipients(i.id, 'inquiry.alert', `warn:${answerKey}`)).toEqual([w.agent.id]);
  // Answered in time: nothing more, ever.
  await act('answer', i.id, w.agent, { text: '装修许可证请到服务中心办理，押金2000元。' });
  clock = new Date(DAYTIME.getTime() + 30 * 3600_000);
  expect(await runInquirySla()).toMatchObject({ warned: 0, breached: 0 });
});

test('When a manager changes a topic’s promised times, then new inquiries get them, running ones keep theirs, and agents cannot change them', async () => {
  const w = await world(stack);
  const before = await ask(w, { topic: 'parking', text: '月租车位还有吗？怎么办理？' });
  const saved = ok(await call('saveInquirySettings', w.manager, { promises: { parking: { ackMinutes: 10, answerHours: 4 } } }), 'save') as { promises: Record<string, { ackMinutes: number }>; updatedBy: string };
  expect(saved.promises.parking).toEqual({ ackMinutes: 10, answerHours: 4 });
  expect(saved.promises.fees).toEqual({ ackMinutes: 30, answerHours: 24 });
  expect(saved.updatedBy).toBe('吴经理');
  const after = await ask(w, { topic: 'parking', text: '临时停车怎么收费？' });
  expect(after.promise).toEqual({ ackMinutes: 10, answerHours: 4 });
  expect((await act('get', before.id, w.agent)).promise).toEqual({ ackMinutes: 30, answerHours: 24 });
  // Bad promises: 400; agents: 403.
  expect(err(await call('saveInquirySettings', w.manager, { promises: { parking: { ackMinutes: 300, answerHours: 1 } } })).code).toBe('VALIDATION');
  expect(err(await call('saveInquirySettings', w.agent, { promises: { parking: { ackMinutes: 10, answerHours: 4 } } })).code).toBe('AUTH.FORBIDDEN');
});

test('When an agent hands an inquiry to a colleague and lists by filters, then the colleague is told and finds it under 我的', async () => {
  const w = await world(stack);
  const colleague = await staff(stack, w.communityId, { roles: ['agent'], name: '李客服' });
  const i = await ask(w);
  const assigned = await act('assign', i.id, w.agent, { handlerId: colleague.id });
  expect(assigned).toMatchObject({ handlerName: '李客服', status: 'received' });
  expect(await recipients(i.id, 'inquiry.alert', `handler:${assigned.history.length - 1}`)).toEqual([colleague.id]);
  const theirs = ok(await call('list', colleague, { mine: true }), 'list') as { items: { id: string }[] };
  expect(theirs.items.map((x) => x.id)).toEqual([i.id]);
  const byTopic = ok(await call('list', w.agent, { topic: 'fees' }), 'list') as { total: number };
  expect(byTopic.total).toBe(0);
  const closed = await act('close', i.id, colleague, { note: '业主来电表示已自行解决' });
  expect(closed).toMatchObject({ status: 'closed', actions: [] });
});

describe('in slices', () => {
  test('When each invocation may check one inquiry, then repeated invocations warn and breach every inquiry exactly once, and two workers at once do too', async () => {
    const w = await world(stack, { managers: 2 });
    const asked = [];
    for (let n = 0; n < 3; n++) asked.push(await ask(w));
    const scope = { communityIds: [String(w.communityId)] };
    const ackKey = `ack@${new Date(DAYTIME.getTime() + 30 * 60_000).toISOString()}`;

    later(24); // 80 % of the acknowledgement's 30 minutes, for all three
    const warned = await untilDone(() => runInquirySla({ scope, budget: oneItem() }));
    expect(warned.slice(0, -1).every((r) => r.more && r.checked === 1)).toBe(true);
    expect(total(warned, 'warned')).toBe(3);
    expect(total(await twoWorkersUntilDone(() => runInquirySla({ scope, budget: oneItem() })), 'warned')).toBe(0);

    later(7); // breached
    const breached = await twoWorkersUntilDone(() => runInquirySla({ scope, budget: oneItem() }));
    expect(total(breached, 'breached')).toBe(3);
    for (const i of asked) {
      expect(await recipients(i.id, 'inquiry.alert', `warn:${ackKey}`)).toEqual([w.agent.id]);
      expect(await OutboxMessage.countDocuments({ eventKey: `inquiry:${i.id}:breach:${ackKey}` })).toBe(2);
    }
  }, 120_000);
});
