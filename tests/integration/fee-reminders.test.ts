import { setClock } from '../../cloud/lib/clock';
import { templateByKey } from '../../cloud/lib/wechat/templates';
import { UnitPause } from '../../cloud/modules/fees/fee.model';
import { runReminders } from '../../cloud/modules/fees/reminder.job';
import { deliverOutbox } from '../../cloud/modules/messaging/delivery.job';
import { CallTask, OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let clock = new Date('2026-11-12T02:00:00Z');
beforeAll(async () => {
  stack = await startStack();
  setClock(() => clock);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

type Env = { ok: boolean; data?: unknown; error?: { code: string } };
const ok = <T>(r: Env): T => {
  if (!r.ok) throw new Error(r.error?.code);
  return r.data as T;
};
const day = (d: string) => new Date(`${d}T02:00:00Z`); // 10:00 Shanghai

async function world() {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '1栋');
  const unit = await makeUnit(c._id, b._id, { room: '0801', areaM2: 100 });
  const owner = await makeOwner(c._id, [unit._id], '催缴业主');
  const ownerToken = await loginAs(stack, owner._id);
  const managerUser = await makeUser(c._id, { roles: ['manager'] });
  const manager = await loginAs(stack, managerUser._id);
  for (const key of ['fee.reminder', 'fee.overdue']) {
    for (let i = 0; i < 5; i++) ok(await stack.invoke('messaging', 'reportSubscription', { results: [{ templateId: templateByKey(key)!.templateId, result: 'accept' }] }, ownerToken));
  }
  ok(await stack.invoke('fees', 'saveItem', { name: '物业服务费', kind: 'property', rateFen: 200, cycle: 'monthly', dueDay: 15 }, manager));
  clock = day('2026-11-01');
  ok(await stack.invoke('fees', 'runBilling', { month: '2026-11' }, manager));
  /** A fresh manager session at the driven clock (sessions expire after 7 days). */
  const managerNow = () => loginAs(stack, managerUser._id);
  return { c, unit, owner, manager, managerNow };
}

const messagesOf = async (unitId: unknown) => OutboxMessage.find({ eventKey: { $regex: `^fees:${String(unitId)}:` } }).lean();

test('When days pass after the due date, then each stage happens once: due-soon and overdue messages, the formal notice, a call task at 30 days, the review list at 90', async () => {
  const w = await world();
  const count = async () => (await messagesOf(w.unit._id)).length;
  clock = day('2026-11-11'); // 4 days before: nothing yet
  await runReminders();
  expect(await count()).toBe(0);
  clock = day('2026-11-12'); // 3 days before: 到期提醒
  await runReminders();
  await runReminders(); // once per stage
  expect(await count()).toBe(1);
  clock = day('2026-11-16'); // 1 day overdue
  await runReminders();
  expect(await count()).toBe(2);
  clock = day('2026-11-30'); // 15 days: the formal notice
  await runReminders();
  expect(await count()).toBe(3);
  clock = day('2026-12-15'); // 30 days: a call task
  await runReminders();
  expect(await CallTask.countDocuments({ communityId: w.c._id, eventKey: { $regex: '^fees:' } })).toBe(1);
  clock = day('2027-02-13'); // 90 days: the review list (the stage is claimed once)
  await runReminders();
  expect(await count()).toBe(3);
  const msgs = await messagesOf(w.unit._id);
  expect(msgs.map((m) => m.templateKey)).toEqual(['fee.reminder', 'fee.overdue', 'fee.overdue']);
  await deliverOutbox({ ratePerSecond: 1000 });
  const owner = msgs[0].recipient as { openid?: string };
  expect(stack.wechat.messages().filter((m) => m.touser === owner.openid).map((m) => m.templateId).sort()).toEqual([templateByKey('fee.reminder')!.templateId, ...Array(2).fill(templateByKey('fee.overdue')!.templateId)].sort());
});

test('When two reminder runs race, then the unit gets one message', async () => {
  const w = await world();
  clock = day('2026-11-16');
  await Promise.all([runReminders(), runReminders()]);
  expect(await messagesOf(w.unit._id)).toHaveLength(1);
});

test('When the owner promised a date, or a manager paused for hardship, or a repair is in dispute, then no reminder goes until it ends', async () => {
  const w = await world();
  await UnitPause.create({ _id: String(w.unit._id), communityId: w.c._id, kind: 'promise', until: day('2026-11-20'), reason: '承诺11月20日前缴清', byName: '客服', at: clock });
  clock = day('2026-11-16');
  await runReminders();
  expect(await messagesOf(w.unit._id)).toHaveLength(0);
  clock = day('2026-11-21');
  await runReminders();
  expect(await messagesOf(w.unit._id)).toHaveLength(1);
});

test('When the bill is paid, then the ladder stops', async () => {
  const w = await world();
  ok(await stack.invoke('fees', 'recordPayment', { unitId: String(w.unit._id), amountFen: 20000, method: 'cash', receiptNo: `RR-${Date.now()}` }, w.manager));
  clock = day('2026-12-15');
  await runReminders();
  expect(await messagesOf(w.unit._id)).toHaveLength(0);
  expect(await CallTask.countDocuments({ communityId: w.c._id })).toBe(0);
});

test('When bills go unpaid, then the arrears list shows the unit with its age bucket, the review list takes it at 90 days, and a recorded promise pauses the ladder', async () => {
  const w = await world();
  const unitId = String(w.unit._id);
  clock = day('2026-12-20'); // 35 days overdue
  let m = await w.managerNow();
  const report = ok<{ totalFen: number; byBucket: Record<string, { units: number; fen: number }>; items: { unitId: string; bucket: string; daysOverdue: number; owedFen: number }[] }>(await stack.invoke('fees', 'arrears', {}, m));
  const mine = report.items.find((i) => i.unitId === unitId)!;
  expect(mine).toMatchObject({ bucket: '31-90', daysOverdue: 35, owedFen: 20000 });
  expect(ok<{ unitId: string }[]>(await stack.invoke('fees', 'reviewList', {}, m)).some((u) => u.unitId === unitId)).toBe(false);

  const promised = ok<{ paused?: { kind: string }; lastOutcome?: { reason: string } }>(await stack.invoke('fees', 'recordOutcome', { unitId, reason: 'forgot', promiseDate: '2026-12-28', note: '业主说月底前交' }, m));
  expect(promised).toMatchObject({ paused: { kind: 'promise' }, lastOutcome: { reason: 'forgot' } });
  const before = (await messagesOf(w.unit._id)).length;
  await runReminders();
  expect((await messagesOf(w.unit._id)).length).toBe(before);
  expect(await stack.invoke('fees', 'recordOutcome', { unitId, reason: 'forgot', promiseDate: '2026-12-01' }, m)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

  clock = day('2027-02-14'); // 91 days
  m = await w.managerNow();
  expect(ok<{ unitId: string }[]>(await stack.invoke('fees', 'reviewList', {}, m)).some((u) => u.unitId === unitId)).toBe(true);
  // A manager's hardship pause holds until resumed.
  expect(ok<{ paused?: { kind: string } }>(await stack.invoke('fees', 'pause', { unitId, pause: true, reason: '家庭困难' }, m)).paused).toMatchObject({ kind: 'hardship' });
  expect(ok<{ paused?: unknown }>(await stack.invoke('fees', 'pause', { unitId, pause: false, reason: '已恢复' }, m)).paused).toBeUndefined();
});

test('When a month is billed and part is paid after a reminder, then the collection rate and the reminders paid within 7 days are counted', async () => {
  const w = await world();
  clock = day('2026-11-16');
  await runReminders(); // stage 1 for the November bill
  clock = day('2026-11-18');
  ok(await stack.invoke('fees', 'recordPayment', { unitId: String(w.unit._id), amountFen: 10000, method: 'cash', receiptNo: `RS-${Date.now()}` }, w.manager));
  const s = ok<{ billedFen: number; collectedFen: number; rate: number; reminders: { stage: number; sent: number; paidWithin7Days: number }[] }>(await stack.invoke('fees', 'stats', { month: '2026-11' }, w.manager));
  expect(s).toMatchObject({ billedFen: 20000, collectedFen: 10000, rate: 0.5 });
  expect(s.reminders.find((r) => r.stage === 1)).toMatchObject({ sent: 1, paidWithin7Days: 1 });
});
