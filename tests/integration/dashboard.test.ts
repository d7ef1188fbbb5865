import { Types } from 'mongoose';
import { OPEN_STATUSES } from '@shared/domain/repairs';
import { setClock } from '../../cloud/lib/clock';
import { Complaint } from '../../cloud/modules/complaints/complaint.model';
import { Bill, Payment } from '../../cloud/modules/fees/fee.model';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { SentimentIncident, SentimentMessage } from '../../cloud/modules/sentiment/sentiment.model';
import { DAYTIME, err, ok, rid, world, type Person, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * dashboard.manager (the manager home's figures and 6-month trends) and dashboard.desk (urgent
 * first, then by due time), against the real stack with a driven clock. DAYTIME is 2026-11-27
 * 10:00 Asia/Shanghai.
 */
let stack: Stack;
let clock = DAYTIME;
const at = (minutes: number) => {
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
  await Repair.updateMany({ status: { $in: OPEN_STATUSES } }, { $set: { status: 'cancelled' } });
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const tokenOf = (p: Person) => stack.login(stack.wechat.mintCode(p.openid));
const dashboard = async (w: World) => ok(await stack.invoke('dashboard', 'manager', {}, await tokenOf(w.manager)), 'dashboard.manager');
const desk = async (p: Person) => ok(await stack.invoke('dashboard', 'desk', {}, await tokenOf(p)), 'dashboard.desk');

/** Three open orders 110, 20 and 20 minutes old: the first is past its accept deadline, the others not yet. */
async function threeOpenOneOverdue(w: World) {
  const late = await w.report({ description: '厨房水管漏水，需要尽快处理' });
  at(90);
  const a = await w.report({ description: '卫生间地漏堵塞，请师傅来看' });
  const b = await w.report({ description: '客厅灯不亮，开关没反应' });
  at(20);
  expect(late.deadline && a.deadline && b.deadline).toBeTruthy();
  expect(Date.parse(late.deadline!.at)).toBeLessThan(clock.getTime());
  expect(Date.parse(a.deadline!.at)).toBeGreaterThan(clock.getTime());
  return { late, a, b };
}

async function bill(w: World, dueDate: Date, amountFen: number) {
  const unitId = new Types.ObjectId(w.unitId);
  const unit = await Repair.db.collection('units').findOne({ _id: unitId });
  await Bill.create({
    _id: `bill:${w.unitId}:${rid()}`,
    communityId: w.communityId,
    unitId,
    buildingId: unit!.buildingId,
    itemId: new Types.ObjectId(),
    itemName: '物业服务费',
    kind: 'property',
    period: dueDate.toISOString().slice(0, 7),
    amountFen,
    dueDate,
    detail: '测试账单',
    createdAt: dueDate,
  });
}

test('When 3 orders are open and 1 is past its deadline, then the manager figures say 3 open and 1 overdue, and a cancelled order counts for neither', async () => {
  const w = await world(stack);
  await threeOpenOneOverdue(w);
  const gone = await w.report({ description: '阳台晾衣架坏了，需要更换' });
  await Repair.updateOne({ _id: gone.id }, { $set: { status: 'cancelled' } });
  const d = await dashboard(w);
  expect(d).toMatchObject({ month: '2026-11', openRepairs: 3, overdueRepairs: 1, complaintsWaiting: 0, openIncidents: 0, collectionRate: null });
  // This month's bucket counts every order reported in it (the cancelled one too).
  expect(d.trend.map((m) => m.month)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
  expect(d.trend[5].repairs).toBe(4);
});

test('When orders, ratings, complaints and bills fall in different months, then each lands in its own month of the trend', async () => {
  const w = await world(stack);
  const old = await w.report();
  const rated = [await w.report(), await w.report()];
  // Reported in September; completed 5 October (5 stars) and 1 November 01:00 local (2 stars; 31 October in UTC).
  // createdAt is immutable through mongoose: set it on the collection.
  await Repair.collection.updateOne({ _id: new Types.ObjectId(old.id) }, { $set: { createdAt: new Date('2026-09-10T02:00:00Z') } });
  await Repair.updateOne({ _id: rated[0].id }, { $set: { status: 'rated', 'firsts.completedAt': new Date('2026-10-05T02:00:00Z'), rating: { overall: 5, at: new Date('2026-10-06T02:00:00Z') } } });
  await Repair.updateOne({ _id: rated[1].id }, { $set: { status: 'rated', 'firsts.completedAt': new Date('2026-10-31T17:00:00Z'), rating: { overall: 2, at: new Date('2026-11-01T02:00:00Z') } } });
  // A complaint received on 1 November 00:30 local (31 October 16:30 UTC): November in Shanghai.
  const c = ok(await stack.invoke('complaints', 'submit', { requestId: rid(), category: 'attitude', description: '前台服务态度不好，希望改进' }, w.owner.token), 'submit');
  await Complaint.collection.updateOne({ _id: new Types.ObjectId(c.id) }, { $set: { createdAt: new Date('2026-10-31T16:30:00Z') } });
  // October: 1000 billed, 600 paid (the oldest bill first); November: 500 billed, nothing left to pay it.
  await bill(w, new Date('2026-10-15T04:00:00Z'), 100000);
  await bill(w, new Date('2026-11-15T04:00:00Z'), 50000);
  await Payment.create({ communityId: w.communityId, unitId: new Types.ObjectId(w.unitId), receiptKey: rid(), receiptNo: 'R1', method: 'cash', amountFen: 60000, cashierId: new Types.ObjectId(), cashierName: '钱收费', at: clock });

  const d = await dashboard(w);
  const month = (m: string) => d.trend.find((x) => x.month === m)!;
  expect(month('2026-09')).toMatchObject({ repairs: 1, complaints: 0, collectionRate: null, satisfaction: null });
  expect(month('2026-10')).toMatchObject({ repairs: 0, complaints: 0, collectionRate: 0.6, satisfaction: 1 });
  expect(month('2026-11')).toMatchObject({ repairs: 2, complaints: 1, collectionRate: 0, satisfaction: 0 });
  expect(d.collectionRate).toBe(0);
  expect(d.complaintsWaiting).toBe(1);
});

test('When an agent opens the desk, then 紧急 incidents and breached deadlines come first and the rest follows by due time', async () => {
  const w = await world(stack);
  const { late, a, b } = await threeOpenOneOverdue(w);
  const messageKey = `${String(w.communityId)}:desk-g:m1`;
  await SentimentMessage.create({ _id: messageKey, communityId: w.communityId, groupId: 'desk-g', messageId: 'm1', senderId: 's1', nickname: '业主甲', text: '电梯困人了，物业快来', sentAt: clock, negative: true, score: 0.9, level: 'high', topics: ['elevator'], source: 'api', expiresAt: new Date(clock.getTime() + 86_400_000) });
  const urgentIncident = await SentimentIncident.create({ communityId: w.communityId, groupId: 'desk-g', groupName: '3栋业主群', topic: 'elevator', status: 'open', severity: 4, messageIds: [messageKey], firstAt: clock, lastAt: clock });
  await SentimentIncident.create({ communityId: w.communityId, groupId: 'desk-g', groupName: '3栋业主群', topic: 'leak', status: 'open', severity: 2, messageIds: [messageKey], firstAt: clock, lastAt: clock });

  const agentDesk = await desk(w.agent);
  expect(agentDesk.urgent.map((x) => [x.kind, x.id, x.urgent])).toEqual([
    ['incident', String(urgentIncident._id), 'emergency-incident'],
    ['repair', late.id, 'overdue'],
  ]);
  expect(agentDesk.urgent[0]).toMatchObject({ title: '舆情 · 电梯 · 3栋业主群', detail: '【紧急】电梯困人了，物业快来' });
  // The rest: the two orders (due the soonest first, equal deadlines: the older first), then the 关注 incident without a deadline.
  expect(agentDesk.items.map((x) => x.id)).toEqual([a.id, b.id, expect.any(String)]);
  expect(agentDesk.items[2]).toMatchObject({ kind: 'incident', detail: expect.stringContaining('【关注】') });
  expect(Date.parse(agentDesk.items[0].dueAt!)).toBeLessThanOrEqual(Date.parse(agentDesk.items[1].dueAt!));

  // The technician's desk: only his own orders; the overdue one in the banner.
  const techDesk = await desk(w.techs[0]);
  expect(techDesk.urgent.map((x) => x.id)).toEqual([late.id]);
  expect(techDesk.items.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
});

test('When the board is read, then its status counts add up to the 进行中 header and the list totals count every order, not the shown ones', async () => {
  const w = await world(stack);
  await threeOpenOneOverdue(w);
  const done = await w.report();
  await Repair.updateOne({ _id: done.id }, { $set: { status: 'closed' } });
  const board = ok(await stack.invoke('repairs', 'board', {}, await tokenOf(w.manager)), 'board');
  const counted = Object.values(board.byStatus).reduce((n, v) => n + (v ?? 0), 0);
  expect(board.open).toBe(3);
  expect(counted).toBe(board.open);
  expect(board.byStatus.closed).toBeUndefined();
  expect(board.totals).toEqual({ overdue: 1, unassigned: 0, flagged: expect.any(Number) });
  expect(board.overdue).toHaveLength(1);
});

test('When a technician asks for the manager figures, then he is refused', async () => {
  const w = await world(stack);
  const res = await stack.invoke('dashboard', 'manager', {}, await tokenOf(w.techs[0]));
  expect(err(res).code).toBe('AUTH.FORBIDDEN');
});
