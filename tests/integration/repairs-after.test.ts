import type { RepairDetail } from '@shared/contracts/repairs.contract';
import { OPEN_STATUSES } from '@shared/domain/repairs';
import { statusOf } from '@shared/errors';
import { setClock } from '../../cloud/lib/clock';
import { deliverOutbox } from '../../cloud/modules/messaging/delivery.job';
import { Complaint } from '../../cloud/modules/complaints/complaint.model';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { runRepairSla } from '../../cloud/modules/repairs/sla.job';
import { ALERT, credits, DAYTIME, err, ok, orderDoc, PROGRESS, queued, staff, world, type Person, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * After the work: the owner is asked to rate, an agent follows up (which closes the order), unhappy
 * owners and low ratings reach the managers, and the board and weekly figures add it all up.
 */
let stack: Stack;
let clock = DAYTIME;
const at = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};
const HOUR = 60;
const DAY = 24 * HOUR;
beforeAll(async () => {
  stack = await startStack();
});
beforeEach(() => {
  clock = DAYTIME;
  setClock(() => clock);
});
afterEach(async () => {
  await Repair.updateMany({ status: { $in: OPEN_STATUSES } }, { $set: { status: 'cancelled' } });
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

/** A fresh session at the driven clock. */
const tokenOf = (p: Person) => stack.login(stack.wechat.mintCode(p.openid));
const act = async (action: string, id: string, p: Person, data: Record<string, unknown> = {}): Promise<RepairDetail> =>
  ok(await stack.invoke('repairs', action as 'get', { repairId: id, ...data } as never, await tokenOf(p)), action);
const techOf = (w: World, o: RepairDetail) => w.techs.find((t) => t.name === o.assigneeName)!;

/** Report and complete an order (auto mode), now. */
async function completed(w: World, data: Record<string, unknown> = {}): Promise<RepairDetail> {
  const o = await w.report(data);
  const t = techOf(w, o);
  for (const action of ['accept', 'arrive', 'complete'] as const) await act(action, o.id, t);
  return act('get', o.id, w.owner);
}

async function taskOf(w: World, repairId: string) {
  const tasks = ok(await stack.invoke('followups', 'list', { status: 'open', pageSize: 100 }, await tokenOf(w.agent)));
  return tasks.items.find((t) => t.sourceId === repairId);
}

test('When the work is completed, then the owner is asked to rate with a link to the order', async () => {
  const w = await world(stack, { techs: [{}] });
  await credits(stack, w.owner, PROGRESS.templateId, 6);
  const o = await completed(w);
  expect(o.status).toBe('completed');
  expect(o.can).toEqual(expect.arrayContaining(['rate', 'reopen']));
  await deliverOutbox({ ratePerSecond: 1000 });
  const got = stack.wechat.messages().filter((m) => m.touser === w.owner.openid && m.templateId === PROGRESS.templateId);
  const done = got.filter((m) => m.data.phrase3 === '待评价');
  expect(done).toHaveLength(1);
  expect(done[0].page).toBe(`owner/pages/repair/index?id=${o.id}`);
  expect(done[0].data.thing5).toContain('评价');
  expect(got.map((m) => m.data.phrase3).sort()).toEqual(['待接单', '已接单', '维修中', '待评价'].sort());
});

test('When the work is completed, then a follow-up is due in 3 days and recording it closes the order', async () => {
  const w = await world(stack, { techs: [{}] });
  const o = await completed(w);
  const task = await taskOf(w, o.id);
  expect(task).toMatchObject({ source: 'repair', status: 'open', ownerName: '赵业主', location: w.unitLabel, overdue: false });
  expect(task!.dueAt).toBe(new Date(clock.getTime() + 3 * DAY * 60_000).toISOString());
  expect(task!.title).toContain(o.orderNo);
  expect(task!.phone).toMatch(/^1\d{10}$/); // in full: the agent calls it
  // Today's list does not have it yet; the list up to its due day does.
  const today = ok(await stack.invoke('followups', 'list', { dueBy: new Date(clock.getTime() + 12 * HOUR * 60_000).toISOString() }, w.agent.token));
  expect(today.items.map((t) => t.id)).not.toContain(task!.id);
  const owners = err(await stack.invoke('followups', 'list', {}, w.owner.token));
  expect(statusOf(owners.code)).toBe(403);

  at(2 * DAY);
  const recorded = ok(await stack.invoke('followups', 'record', { followUpId: task!.id, method: 'phone', outcome: 'satisfied', note: '业主说已经好了' }, await tokenOf(w.agent)));
  expect(recorded).toMatchObject({ status: 'done', outcome: 'satisfied', method: 'phone', doneByName: '孙客服', doneAt: clock.toISOString() });
  const closed = await act('get', o.id, w.owner);
  expect(closed.status).toBe('closed');
  expect(closed.history[closed.history.length - 1]).toMatchObject({ event: 'close', from: 'completed', to: 'closed', byName: '孙客服', note: '回访：满意，业主说已经好了' });
  expect(await taskOf(w, o.id)).toBeUndefined();
  // The owner may still rate? No: a closed order is not rated any more, but it can be reopened within 7 days.
  expect(closed.can).not.toContain('rate');
  expect(closed.can).toContain('reopen');
});

test('When the owner is unsatisfied, then a note is required, the order is flagged unhappy and the managers are alerted', async () => {
  const w = await world(stack, { techs: [{}], managers: 2 });
  const o = await completed(w);
  const task = (await taskOf(w, o.id))!;
  const noNote = err(await stack.invoke('followups', 'record', { followUpId: task.id, method: 'phone', outcome: 'unsatisfied' }, w.agent.token));
  expect(noNote.code).toBe('VALIDATION');
  expect(statusOf(noNote.code)).toBe(400);
  expect(JSON.stringify(noNote.details?.issues)).toContain('业主不满意时请记录原因');
  expect((await orderDoc(o.id)).status).toBe('completed');

  ok(await stack.invoke('followups', 'record', { followUpId: task.id, method: 'visit', outcome: 'unsatisfied', note: '师傅态度不好，地面没清理' }, w.agent.token));
  const doc = await orderDoc(o.id);
  expect(doc.status).toBe('closed');
  expect(doc.flags).toContain('unhappy');
  expect((await queued(w.manager, 'repair.alert', o.id)).map((m) => m.eventKey)).toEqual([`repair:${o.id}:unhappy:0`]);
  const board = ok(await stack.invoke('repairs', 'board', {}, w.manager.token));
  expect(board.flagged.map((x) => x.id)).toContain(o.id);
  // …and it becomes a repair-quality complaint, to be handled and followed up in its own right.
  const complaints = await Complaint.find({ relatedRepairId: o.id }).lean();
  expect(complaints.map((c) => [c.channel, c.category, c.status])).toEqual([['rating', 'repair', 'received']]);
  expect(complaints[0].description).toContain('师傅态度不好，地面没清理');
});

test('When two agents record the same follow-up at once, then one succeeds and the other is told it is done', async () => {
  const w = await world(stack, { techs: [{}] });
  const agent2 = await staff(stack, w.communityId, { roles: ['agent'], name: '郑客服' });
  const o = await completed(w);
  const task = (await taskOf(w, o.id))!;
  const results = await Promise.all([
    stack.invoke('followups', 'record', { followUpId: task.id, method: 'phone', outcome: 'satisfied' }, w.agent.token),
    stack.invoke('followups', 'record', { followUpId: task.id, method: 'visit', outcome: 'neutral' }, agent2.token),
  ]);
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  const loser = results.find((r) => !r.ok);
  expect(loser && !loser.ok && loser.error.code).toBe('FOLLOWUP.ALREADY_DONE');
  expect(statusOf('FOLLOWUP.ALREADY_DONE')).toBe(409);
  const doc = await orderDoc(o.id);
  expect(doc.status).toBe('closed');
  expect(doc.history.filter((h) => h.event === 'close')).toHaveLength(1);
  // And afterwards, too.
  expect(err(await stack.invoke('followups', 'record', { followUpId: task.id, method: 'phone', outcome: 'satisfied' }, w.agent.token)).code).toBe('FOLLOWUP.ALREADY_DONE');
});

test('When the owner rates 2 stars or less, then the order is flagged low-rating and the managers are alerted; 3 stars is not', async () => {
  const w = await world(stack, { techs: [{}] });
  await credits(stack, w.manager, ALERT.templateId, 3);
  const bad = await completed(w);
  const fine = await completed(w);
  const rated = await act('rate', bad.id, w.owner, { overall: 2, speed: 1, attitude: 3, comment: '修了两次才好' });
  expect(rated).toMatchObject({ status: 'rated', rating: { overall: 2, speed: 1, attitude: 3, comment: '修了两次才好' } });
  expect(rated.flags).toContain('low-rating');
  const three = await act('rate', fine.id, w.owner, { overall: 3, speed: 3, attitude: 3 });
  expect(three.flags).not.toContain('low-rating');
  await deliverOutbox({ ratePerSecond: 1000 });
  const toManager = stack.wechat.messages().filter((m) => m.touser === w.manager.openid && m.templateId === ALERT.templateId);
  expect(toManager).toHaveLength(1);
  expect(toManager[0]).toMatchObject({ page: expect.stringContaining(bad.id), data: { phrase3: '差评' } });
  // Rating twice is refused.
  const again = await stack.invoke('repairs', 'rate', { repairId: bad.id, overall: 5, speed: 5, attitude: 5 }, w.owner.token);
  expect(!again.ok && again.error.code).toBe('REPAIR.INVALID_TRANSITION');
  // Only the owner side rates.
  const byAgent = await stack.invoke('repairs', 'rate', { repairId: fine.id, overall: 5, speed: 5, attitude: 5 }, w.agent.token);
  expect(!byAgent.ok && statusOf(byAgent.error.code)).toBe(403);
});

test('When nobody rates within 72 hours, then the order counts as unrated in the weekly figures and never as 5 stars', async () => {
  const w = await world(stack, { techs: [{}] });
  const unrated = await completed(w);
  const five = await completed(w);
  await act('rate', five.id, w.owner, { overall: 5, speed: 5, attitude: 5 });
  at(71 * HOUR);
  let stats = ok(await stack.invoke('repairs', 'stats', { weekOf: '2026-11-27' }, await tokenOf(w.manager)));
  expect(stats).toMatchObject({ completed: 2, unrated: 0, ratings: { '5': 1 }, averageRating: 5 });
  expect((await act('get', unrated.id, w.owner)).unrated).toBe(false);
  at(2 * HOUR);
  stats = ok(await stack.invoke('repairs', 'stats', { weekOf: '2026-11-27' }, await tokenOf(w.manager)));
  expect(stats).toMatchObject({ completed: 2, unrated: 1, ratings: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 1 }, averageRating: 5 });
  expect((await act('get', unrated.id, w.owner)).unrated).toBe(true);
  expect((await act('get', five.id, w.owner)).unrated).toBe(false);
});

test('When the board is opened, then it counts orders by status, lists the late ones and the load of each technician', async () => {
  const w = await world(stack, { techs: [{ name: '钱师傅' }, { name: '李师傅' }] });
  const orders: RepairDetail[] = [];
  for (let i = 0; i < 3; i++) {
    at(1);
    orders.push(await w.report());
  }
  const cancelled = await w.report();
  await act('cancel', cancelled.id, w.owner);
  const first = techOf(w, orders[0]);
  const other = w.techs.find((t) => t !== first)!;
  expect(orders.map((o) => o.assigneeName)).toEqual([first.name, other.name, first.name]);
  await act('accept', orders[0].id, first);
  at(2 * HOUR); // the two unaccepted orders are past their accept time (the job has not run)
  const board = ok(await stack.invoke('repairs', 'board', {}, await tokenOf(w.agent)));
  // Open states only, adding up to the 进行中 header (the cancelled order is not on the live board).
  expect(board.byStatus).toEqual({ accepted: 1, dispatched: 2 });
  expect(board.open).toBe(3);
  expect(board.totals).toEqual({ overdue: 2, unassigned: 0, flagged: 0 });
  expect(board.overdue.map((o) => o.id).sort()).toEqual([orders[1].id, orders[2].id].sort());
  expect(board.overdue.every((o) => o.deadline?.overdue && o.deadline.stage === 'accept')).toBe(true);
  expect(board.unassigned).toEqual([]);
  const load = Object.fromEntries(board.byTechnician.map((t) => [t.name, { open: t.open, overdue: t.overdue, onDuty: t.onDuty }]));
  expect(load).toEqual({ [first.name]: { open: 2, overdue: 1, onDuty: true }, [other.name]: { open: 1, overdue: 1, onDuty: true } });
  const owner = err(await stack.invoke('repairs', 'board', {}, await tokenOf(w.owner)));
  expect(statusOf(owner.code)).toBe(403);
});

test('When a week of orders is done, then the weekly figures give the medians, the breach rate and the reopen rate', async () => {
  const monday = new Date('2026-11-23T02:00:00Z'); // 10:00 Monday in Shanghai
  clock = monday;
  const w = await world(stack, { techs: [{ name: '钱师傅' }] });
  const t = w.techs[0];
  const [a, b, c, d] = [await w.report(), await w.report(), await w.report(), await w.report()];
  const to = (minutes: number) => {
    clock = new Date(monday.getTime() + minutes * 60_000);
  };
  to(5);
  await act('cancel', d.id, w.owner);
  to(10);
  await act('accept', a.id, t);
  to(30);
  await act('accept', b.id, t);
  to(50);
  await act('accept', c.id, t);
  to(60);
  await act('arrive', a.id, t);
  to(120);
  await act('complete', a.id, t);
  to(180);
  await act('arrive', b.id, t);
  to(300);
  await act('complete', b.id, t);
  to(24 * HOUR); // c has not arrived in 24 h: a breach
  await runRepairSla();
  expect((await orderDoc(c.id)).breaches.map((x) => x.stage)).toEqual(['arrive']);
  to(25 * HOUR);
  await act('arrive', c.id, t);
  to(26 * HOUR);
  await act('complete', c.id, t);
  await act('rate', b.id, w.owner, { overall: 5, speed: 5, attitude: 5 });
  await act('rate', c.id, w.owner, { overall: 2, speed: 2, attitude: 2 });
  to(2 * DAY);
  await act('reopen', c.id, w.owner, { reason: '又坏了，还是不行' });

  clock = DAYTIME; // Friday of the same week: a (no rating) is past 72 h
  const stats = ok(await stack.invoke('repairs', 'stats', {}, await tokenOf(w.manager)));
  expect(stats).toEqual({
    weekStart: '2026-11-23',
    weekEnd: '2026-11-29',
    created: 4,
    completed: 3,
    medianMinutes: { accept: 30, arrive: 180, complete: 300 },
    breachRate: 1 / 3,
    ratings: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 },
    unrated: 1,
    averageRating: 3.5,
    reopenRate: 1 / 3,
  });
  const lastWeek = ok(await stack.invoke('repairs', 'stats', { weekOf: '2026-11-16' }, await tokenOf(w.manager)));
  expect(lastWeek).toMatchObject({ weekStart: '2026-11-16', created: 0, completed: 0, medianMinutes: { accept: null, arrive: null, complete: null }, breachRate: null, reopenRate: null, averageRating: null });
  expect(statusOf(err(await stack.invoke('repairs', 'stats', {}, await tokenOf(w.agent))).code)).toBe(403);
});

test('When follow-ups are done or not, then their figures give the completion and satisfaction rates', async () => {
  const w = await world(stack, { techs: [{}] });
  const orders = [await completed(w), await completed(w), await completed(w), await completed(w)];
  const tasks = await Promise.all(orders.map((o) => taskOf(w, o.id)));
  // Two on time, one late, one never.
  at(1 * DAY);
  ok(await stack.invoke('followups', 'record', { followUpId: tasks[0]!.id, method: 'phone', outcome: 'satisfied' }, await tokenOf(w.agent)));
  ok(await stack.invoke('followups', 'record', { followUpId: tasks[1]!.id, method: 'wechat', outcome: 'neutral' }, await tokenOf(w.agent)));
  at(3 * DAY);
  ok(await stack.invoke('followups', 'record', { followUpId: tasks[2]!.id, method: 'visit', outcome: 'unsatisfied', note: '还有异味' }, await tokenOf(w.agent)));
  const open = ok(await stack.invoke('followups', 'list', {}, await tokenOf(w.agent)));
  expect(open.items.map((t) => [t.id, t.overdue])).toEqual([[tasks[3]!.id, true]]);
  const stats = ok(await stack.invoke('followups', 'stats', { days: 30 }, await tokenOf(w.manager)));
  expect(stats).toEqual({
    due: 4,
    done: 3,
    doneOnTime: 2,
    completionRate: 3 / 4,
    outcomes: { satisfied: 1, neutral: 1, unsatisfied: 1 },
    satisfactionRate: 1 / 3,
  });
  at(1 * DAY + 1); // none falls due in the last day
  const none = ok(await stack.invoke('followups', 'stats', { days: 1 }, await tokenOf(w.manager)));
  expect(none).toMatchObject({ due: 0, completionRate: null, satisfactionRate: null });
});
