import type { ComplaintDetail } from '@shared/contracts/complaints.contract';
import { OPEN_COMPLAINT_STATUSES } from '@shared/domain/complaints';
import { setClock } from '../../cloud/lib/clock';
import { Complaint } from '../../cloud/modules/complaints/complaint.model';
import { Bill } from '../../cloud/modules/fees/fee.model';
import { runComplaintSla } from '../../cloud/modules/complaints/sla.job';
import { runReminders } from '../../cloud/modules/fees/reminder.job';
import { linesOf, OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { makeResident } from '../helpers/factories';
import { DAYTIME, err, ok, rid, staff, world, type Person, type World } from '../helpers/repairs';
import { oneItem, total, twoWorkersUntilDone, untilDone } from '../helpers/sliced-runs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Complaints: received → accepted → investigating → replied → followed up → closed, reopened when
 * the owner is still unhappy; deadlines escalate; a fee complaint pauses the unit's reminders.
 */
let stack: Stack;
let clock = DAYTIME;
const later = (hours: number) => {
  clock = new Date(clock.getTime() + hours * 3600_000);
};
beforeAll(async () => {
  stack = await startStack();
});
beforeEach(() => {
  clock = DAYTIME;
  setClock(() => clock);
});
afterEach(async () => {
  // Keep the deadline job's work to this test's complaints.
  await Complaint.updateMany({ status: { $in: OPEN_COMPLAINT_STATUSES } }, { $set: { status: 'closed' } });
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

/** A fresh session at the driven clock (sessions expire). */
const tokenOf = (p: Person) => stack.login(stack.wechat.mintCode(p.openid));
const act = async (action: string, id: string, p: Person, data: Record<string, unknown> = {}): Promise<ComplaintDetail> =>
  ok(await stack.invoke('complaints', action as 'get', { complaintId: id, ...data } as never, await tokenOf(p)), action);
const tryAct = async (action: string, id: string, p: Person, data: Record<string, unknown> = {}) => err(await stack.invoke('complaints', action as 'get', { complaintId: id, ...data } as never, await tokenOf(p)));

async function complain(w: World, data: Record<string, unknown> = {}): Promise<ComplaintDetail> {
  return ok(await stack.invoke('complaints', 'submit', { requestId: rid(), category: 'cleaning', description: '楼道垃圾三天没人清理，味道很大', unitId: w.unitId, ...data } as never, await tokenOf(w.owner)), 'submit');
}
async function complainErr(w: World, data: Record<string, unknown>) {
  return err(await stack.invoke('complaints', 'submit', { requestId: rid(), category: 'fees', description: '物业费账单金额有问题', unitId: w.unitId, ...data } as never, await tokenOf(w.owner)));
}
const messagesAbout = async (id: string, templateKey: string) => (await OutboxMessage.find({ eventKey: { $regex: `^complaint:${id}:` }, templateKey }).lean()).map((m) => ({ ...m, lines: linesOf(m.lines) }));

test('When an owner complains twice with the same request id, then there is one complaint, received with deadlines, and the agents are told', async () => {
  const w = await world(stack);
  const requestId = rid();
  const [a, b] = await Promise.all([complain(w, { requestId }), complain(w, { requestId })]);
  expect(a.id).toBe(b.id);
  expect(await Complaint.countDocuments({ communityId: w.communityId })).toBe(1);
  expect(a).toMatchObject({ status: 'received', category: 'cleaning', channel: 'miniprogram', location: w.unitLabel, urgent: false, deadline: { stage: 'respond', at: new Date(DAYTIME.getTime() + 24 * 3600_000).toISOString() } });
  expect(a.caseNo).toMatch(/^TS261127[0-9A-F]{6}$/);
  expect(a.actions).toEqual([]); // nothing for the owner to do yet
  const alerts = await messagesAbout(a.id, 'complaint.alert');
  expect(alerts.map((m) => String(m.recipientId))).toEqual([w.agent.id]);
  // Words of danger or escalation make it urgent: a 2-hour first response, the managers told at once.
  const urgent = await complain(w, { category: 'security', description: '地下车库有人打人，保安不管，我要报警' });
  expect(urgent).toMatchObject({ urgent: true, deadline: { stage: 'respond', at: new Date(DAYTIME.getTime() + 2 * 3600_000).toISOString() } });
  expect((await messagesAbout(urgent.id, 'complaint.alert')).map((m) => String(m.recipientId)).sort()).toEqual([w.agent.id, w.manager.id].sort());
});

test('When a complaint goes through every step, then each transition is recorded and the owner sees the reply', async () => {
  const w = await world(stack);
  const c = await complain(w);
  // Out of order: refused, naming both states.
  const early = await tryAct('investigate', c.id, w.agent, { note: '安排保洁主管核实' });
  expect(early).toMatchObject({ code: 'COMPLAINT.INVALID_TRANSITION', details: { from: 'received', to: 'investigating', event: 'investigate' } });
  expect(early.message).toContain('待受理');

  later(1);
  const accepted = await act('accept', c.id, w.agent);
  expect(accepted).toMatchObject({ status: 'accepted', handlerName: '孙客服', deadline: { stage: 'reply' } });
  expect(accepted.actions).toEqual(expect.arrayContaining(['investigate', 'reply', 'assign']));
  const investigating = await act('investigate', c.id, w.agent, { note: '安排保洁主管现场核实' });
  expect(investigating.status).toBe('investigating');

  // Replying needs the content and the judgement (409 naming the missing step).
  expect(await tryAct('reply', c.id, w.agent, { validity: 'valid' })).toMatchObject({ code: 'COMPLAINT.STEP_MISSING', details: { missing: 'reply' } });
  expect(await tryAct('reply', c.id, w.agent, { content: '已安排保洁每日清运两次，并处理了异味。' })).toMatchObject({ code: 'COMPLAINT.STEP_MISSING', details: { missing: 'validity' } });
  later(20);
  const replied = await act('reply', c.id, w.agent, { content: '已安排保洁每日清运两次，并处理了异味。', validity: 'valid' });
  expect(replied).toMatchObject({ status: 'replied', validity: 'valid', reply: { content: '已安排保洁每日清运两次，并处理了异味。', byName: '孙客服' }, followUp: { status: 'open' }, deadline: { stage: 'followup' } });
  expect(replied.followUp!.dueAt).toBe(new Date(clock.getTime() + 3 * 24 * 3600_000).toISOString());

  // The owner sees the reply and may confirm or say they are still unhappy.
  const seen = await act('get', c.id, w.owner);
  expect(seen.reply?.content).toContain('每日清运两次');
  expect(seen.actions.sort()).toEqual(['confirm', 'unhappy']);
  const progress = await messagesAbout(c.id, 'complaint.reply');
  expect(progress.map((m) => m.lines.find((l) => l.label === '处理结果')?.value)).toEqual(['处理中', '调查中', '已答复']);

  // Closing before the follow-up: 409 naming it.
  expect(await tryAct('close', c.id, w.agent)).toMatchObject({ code: 'COMPLAINT.STEP_MISSING', details: { missing: 'followup' } });
  // The agent's follow-up (the shared task list) moves it on.
  const tasks = ok(await stack.invoke('followups', 'list', { status: 'open', pageSize: 100 }, await tokenOf(w.agent)));
  const task = tasks.items.find((t) => t.sourceId === c.id)!;
  expect(task).toMatchObject({ source: 'complaint', ownerName: '赵业主', location: w.unitLabel });
  ok(await stack.invoke('followups', 'record', { followUpId: task.id, method: 'phone', outcome: 'satisfied', note: '业主表示满意' }, await tokenOf(w.agent)));
  const followed = await act('get', c.id, w.agent);
  expect(followed).toMatchObject({ status: 'followup', followUp: { status: 'done', outcome: 'satisfied', method: 'phone' } });
  expect(followed.actions).toEqual(['close']);
  const closed = await act('close', c.id, w.agent, { note: '结案' });
  expect(closed.status).toBe('closed');
  expect(closed.history.map((h) => [h.event, h.to])).toEqual([
    ['create', 'received'],
    ['accept', 'accepted'],
    ['investigate', 'investigating'],
    ['reply', 'replied'],
    ['followup', 'followup'],
    ['close', 'closed'],
  ]);
  expect(await tryAct('close', c.id, w.agent)).toMatchObject({ code: 'COMPLAINT.INVALID_TRANSITION' });
});

test('When the owner confirms the reply, then that is the follow-up; when they are still unhappy, then it is reopened with fresh deadlines', async () => {
  const w = await world(stack);
  const handled = async () => {
    const c = await complain(w);
    await act('accept', c.id, w.agent);
    return act('reply', c.id, w.agent, { content: '已与施工方沟通，今晚起22点后停止施工。', validity: 'valid' });
  };
  const a = await handled();
  const confirmed = await act('confirm', a.id, w.owner);
  expect(confirmed).toMatchObject({ status: 'followup', followUp: { status: 'done', method: 'wechat', outcome: 'satisfied' } });
  expect(await tryAct('confirm', a.id, w.owner)).toMatchObject({ code: 'COMPLAINT.INVALID_TRANSITION' });

  const b = await handled();
  later(5);
  const reopened = await act('unhappy', b.id, w.owner, { reason: '晚上还是在施工' });
  expect(reopened.followUp).toBeUndefined();
  expect(reopened).toMatchObject({ status: 'reopened', reopenCount: 1, deadline: { stage: 'respond', at: new Date(clock.getTime() + 24 * 3600_000).toISOString() } });
  expect(reopened.history.at(-1)).toMatchObject({ event: 'reopen', from: 'replied', to: 'reopened' });
  // The handler and the managers hear of it.
  expect((await messagesAbout(b.id, 'complaint.alert')).filter((m) => m.eventKey.endsWith(':reopen:1')).map((m) => String(m.recipientId)).sort()).toEqual([w.agent.id, w.manager.id].sort());
  // A new round: accepted again, replied again, a new follow-up task; an unhappy agent follow-up reopens it again.
  await act('accept', b.id, w.agent);
  const again = await act('reply', b.id, w.agent, { content: '已对施工方处以罚款并加派保安夜间巡查。', validity: 'valid' });
  expect(again.followUp?.status).toBe('open');
  ok(await stack.invoke('followups', 'record', { followUpId: again.followUp!.id, method: 'visit', outcome: 'unsatisfied', note: '仍有噪音' }, await tokenOf(w.agent)));
  expect(await act('get', b.id, w.agent)).toMatchObject({ status: 'reopened', reopenCount: 2 });
});

test('When someone else asks for an owner\'s complaint, then it is 404; an agent records a phoned-in complaint for a bound resident', async () => {
  const w = await world(stack);
  const c = await complain(w);
  const other = await w.otherOwner();
  expect((await tryAct('get', c.id, other)).code).toBe('COMPLAINT.NOT_FOUND');
  expect((await tryAct('unhappy', c.id, other, { reason: '不满意' })).code).toBe('COMPLAINT.NOT_FOUND');
  const mine = ok(await stack.invoke('complaints', 'mine', {}, await tokenOf(other)));
  expect(mine).toEqual([]);
  // Owners cannot handle complaints.
  expect((await tryAct('accept', c.id, w.owner)).code).toBe('AUTH.FORBIDDEN');
  // A related bill must exist and be the unit's (ids that merely look right are refused).
  expect((await complainErr(w, { billId: `x:${w.unitId}:2026-11` })).code).toBe('BILL.NOT_FOUND');
  expect((await complainErr(w, { billId: 'not-a-bill' })).code).toBe('BILL.NOT_FOUND');

  const phone = '13912345678';
  await makeResident(w.communityId, w.unitId, { name: '赵业主', relation: 'owner', phone, userId: w.owner._id });
  const recorded = ok(
    await stack.invoke('complaints', 'record', { requestId: rid(), channel: 'phone', unitId: w.unitId, contactName: '赵业主', contactPhone: phone, category: 'noise', description: '楼上装修每天早上七点就开始电钻' }, await tokenOf(w.agent)),
  );
  expect(recorded).toMatchObject({ channel: 'phone', status: 'received', contactPhone: phone });
  expect(recorded.history[0].note).toBe('电话投诉，孙客服代录');
  // The bound owner sees it among theirs.
  expect(ok(await stack.invoke('complaints', 'mine', {}, await tokenOf(w.owner))).map((s) => s.id)).toContain(recorded.id);
});

test('When deadlines pass, then the handler is warned at 80 % and the managers told at breach, once, even with racing runs', async () => {
  const w = await world(stack);
  const c = await complain(w);
  const alerts = async (suffix: string) => (await messagesAbout(c.id, 'complaint.alert')).filter((m) => m.eventKey.includes(suffix));
  later(19); // 79 %
  await runComplaintSla();
  expect(await alerts(':warn:')).toHaveLength(0);
  later(0.5); // 81 %: the agents (no handler yet)
  await Promise.all([runComplaintSla(), runComplaintSla()]);
  expect((await alerts(':warn:respond')).map((m) => String(m.recipientId))).toEqual([w.agent.id]);
  expect((await act('get', c.id, w.agent)).deadline).toMatchObject({ stage: 'respond', warned: true, overdue: false });
  later(5); // past 24 h
  await Promise.all([runComplaintSla(), runComplaintSla()]);
  await runComplaintSla();
  expect((await alerts(':breach:respond')).map((m) => String(m.recipientId))).toEqual([w.manager.id]);
  const late = await act('get', c.id, w.manager);
  expect(late).toMatchObject({ breached: true, deadline: { overdue: true } });
  const board = ok(await stack.invoke('complaints', 'board', {}, await tokenOf(w.manager)));
  expect(board.overdue.map((s) => s.id)).toContain(c.id);

  // The reply deadline warns the handler (not every agent).
  const second = await staff(stack, w.communityId, { roles: ['agent'], name: '钱客服' });
  await act('accept', c.id, w.agent, { handlerId: second.id });
  later(24 * 7 * 0.8 - 24); // the reply deadline (7 days from receipt) reaches 80 %
  await runComplaintSla();
  expect((await alerts(':warn:reply')).map((m) => String(m.recipientId))).toEqual([second.id]);
});

test('When a unit has an open fee complaint, then its reminder ladder waits until the complaint is closed', async () => {
  const w = await world(stack);
  const manager = await tokenOf(w.manager);
  ok(await stack.invoke('fees', 'saveItem', { name: '物业服务费', kind: 'property', rateFen: 200, cycle: 'monthly', dueDay: 15 }, manager));
  clock = new Date('2026-11-01T02:00:00Z');
  ok(await stack.invoke('fees', 'runBilling', { month: '2026-11' }, await tokenOf(w.manager)));
  const reminders = async () => OutboxMessage.countDocuments({ eventKey: { $regex: `^fees:${w.unitId}:` } });
  const bill = await Bill.findOne({ unitId: w.unitId }).lean();
  const c = await complain(w, { category: 'fees', description: '物业费多收了，面积算错了，要求核对', billId: bill!._id });
  expect(c.relatedBill?.id).toBe(bill!._id);
  clock = new Date('2026-11-16T02:00:00Z');
  expect((await runReminders()).paused).toBeGreaterThanOrEqual(1);
  expect(await reminders()).toBe(0);
  await act('accept', c.id, w.agent);
  await act('reply', c.id, w.agent, { content: '经核对面积无误，已向您说明计费依据。', validity: 'invalid' });
  await act('confirm', c.id, w.owner);
  await act('close', c.id, w.agent);
  await runReminders();
  expect(await reminders()).toBe(1);
});

test('When a repair is rated 2 stars, then a repair-quality complaint is opened for it, once', async () => {
  const w = await world(stack, { techs: [{}] });
  const o = await w.report();
  const tech = w.techs[0];
  for (const a of ['accept', 'arrive', 'complete'] as const) ok(await stack.invoke('repairs', a, { repairId: o.id } as never, await tokenOf(tech)));
  ok(await stack.invoke('repairs', 'rate', { repairId: o.id, overall: 1, speed: 1, attitude: 2, comment: '修完还是漏' }, await tokenOf(w.owner)));
  const made = await Complaint.find({ relatedRepairId: o.id }).lean();
  expect(made).toHaveLength(1);
  expect(made[0]).toMatchObject({ channel: 'rating', category: 'repair', status: 'received', relatedRepairNo: o.orderNo, ownerId: w.owner._id });
  expect(made[0].description).toContain('修完还是漏');
  const detail = await act('get', String(made[0]._id), w.owner);
  expect(detail.relatedRepair).toEqual({ id: o.id, orderNo: o.orderNo });
});

test('When a manager looks at the month, then count, valid share, response and close times, reopen rate and satisfaction add up; deadlines are configurable', async () => {
  const w = await world(stack);
  const a = await complain(w, { category: 'parking' });
  const b = await complain(w, { category: 'noise' });
  later(2);
  await act('accept', a.id, w.agent);
  later(2);
  await act('accept', b.id, w.agent);
  await act('reply', a.id, w.agent, { content: '已调整车位划线，并张贴告示。', validity: 'valid' });
  await act('reply', b.id, w.agent, { content: '经核实为正常装修时段施工。', validity: 'invalid' });
  await act('confirm', a.id, w.owner);
  later(20);
  await act('close', a.id, w.agent);
  await act('unhappy', b.id, w.owner, { reason: '还是很吵' });
  const m = ok(await stack.invoke('complaints', 'monthly', { month: '2026-11' }, await tokenOf(w.manager)));
  expect(m).toMatchObject({ month: '2026-11', count: 2, validShare: 0.5, medianFirstResponseHours: 3, medianCloseDays: 1, reopenRate: 0.5, satisfaction: 0.5 });
  expect(m.byCategory).toEqual(expect.arrayContaining([{ category: 'parking', count: 1 }, { category: 'noise', count: 1 }]));
  const board = ok(await stack.invoke('complaints', 'board', {}, await tokenOf(w.manager)));
  expect(board).toMatchObject({ open: 1, byStatus: { reopened: 1 } });

  const manager = await tokenOf(w.manager);
  expect(ok(await stack.invoke('complaints', 'saveSettings', { firstResponseHours: 12, urgentFirstResponseHours: 1, replyDays: 5, followUpDays: 2 }, manager))).toMatchObject({ firstResponseHours: 12, updatedBy: '吴经理' });
  const bad = err(await stack.invoke('complaints', 'saveSettings', { firstResponseHours: 2, urgentFirstResponseHours: 4, replyDays: 5, followUpDays: 2 }, manager));
  expect(bad.code).toBe('VALIDATION');
  expect(JSON.stringify(bad.details)).toContain('紧急投诉的响应时限不能长于普通投诉');
  const c = await complain(w);
  expect(c.deadline?.at).toBe(new Date(clock.getTime() + 12 * 3600_000).toISOString());
  // The deadline job follows the setting: the agents are warned at 80 % of 12 h (9.6 h), not of 24 h.
  const warnings = async () => (await messagesAbout(c.id, 'complaint.alert')).filter((m) => m.eventKey.includes(':warn:respond')).map((m) => String(m.recipientId));
  later(9.5);
  await runComplaintSla();
  expect(await warnings()).toEqual([]);
  later(0.2);
  await runComplaintSla();
  expect(await warnings()).toEqual([w.agent.id]);
});

describe('in slices', () => {
  test('When each invocation may check one complaint, then repeated invocations warn and breach every complaint exactly once, and two workers at once do too', async () => {
    const w = await world(stack);
    const cs = [];
    for (let i = 0; i < 3; i++) cs.push(await complain(w, { description: `楼上装修噪音第${i + 1}次，早上七点就开始电钻` }));
    const scope = { communityIds: [String(w.communityId)] };
    const alerts = async (id: string, suffix: string) => (await messagesAbout(id, 'complaint.alert')).filter((m) => m.eventKey.includes(suffix));

    later(20.5); // 85 % of the first-response time for all three
    const warned = await untilDone(() => runComplaintSla({ scope, budget: oneItem() }));
    expect(warned.slice(0, -1).every((r) => r.more && r.checked === 1)).toBe(true);
    expect(total(warned, 'warned')).toBe(3);
    expect(total(await twoWorkersUntilDone(() => runComplaintSla({ scope, budget: oneItem() })), 'warned')).toBe(0);

    later(5); // past 24 h
    const breached = await twoWorkersUntilDone(() => runComplaintSla({ scope, budget: oneItem() }));
    expect(total(breached, 'breached')).toBe(3);
    for (const c of cs) {
      expect((await alerts(c.id, ':warn:respond')).map((m) => String(m.recipientId))).toEqual([w.agent.id]);
      expect((await alerts(c.id, ':breach:respond')).map((m) => String(m.recipientId))).toEqual([w.manager.id]);
    }
  }, 120_000);
});
