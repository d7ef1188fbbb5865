import { spawn } from 'node:child_process';
import path from 'node:path';
import { asApplication, countCommands } from '../../cloud/lib/db-monitor';
import { Budget, JobLease } from '../../cloud/lib/slices';
import { mongoose } from '../../cloud/lib/db';
import { setClock } from '../../cloud/lib/clock';
import { templateByKey } from '../../cloud/lib/wechat/templates';
import { FeeItem, ReminderPlan, ReminderPlanItems, UnitPause } from '../../cloud/modules/fees/fee.model';
import { plansOf, writePlan } from '../../cloud/modules/fees/reminder-plans';
import { Unit } from '../../cloud/modules/community/community.model';
import { User } from '../../cloud/modules/identity/user.model';
import { ParkingSpace } from '../../cloud/modules/community/household.model';
import { runReminders } from '../../cloud/modules/fees/reminder.job';
import { deliverOutbox } from '../../cloud/modules/messaging/delivery.job';
import { CallTask, OutboxMessage, recipientOf } from '../../cloud/modules/messaging/messaging.model';
import { Complaint } from '../../cloud/modules/complaints/complaint.model';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { withDbName } from '../../scripts/db';
import { startStack, type Stack } from '../helpers/stack';
import { routes } from '@shared/routes';

const ROOT = path.resolve(__dirname, '../..');

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
  return { c, unit, owner, manager, managerName: managerUser.name, managerNow };
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
  // WeChat Pay is off here: the messages open 我的账单 (with it on, the pay page: payments-demo.test.ts).
  expect(msgs.map((m) => m.page)).toEqual(Array(3).fill(routes.owner.bills()));
  await deliverOutbox({ ratePerSecond: 1000 });
  const owner = recipientOf(msgs[0].recipient);
  expect(stack.wechat.messages().filter((m) => m.touser === owner.openid).map((m) => m.templateId).sort()).toEqual([templateByKey('fee.reminder')!.templateId, ...Array(2).fill(templateByKey('fee.overdue')!.templateId)].sort());
  // The owner's account lists the reminders, newest first.
  const [account] = ok<{ reminders: { title: string; lines: { label: string; value: string }[] }[] }[]>(await stack.invoke('fees', 'myAccounts', {}, await loginAs(stack, w.owner._id)));
  expect(account.reminders.map((r) => r.title)).toEqual(['欠费催缴通知', '欠费催缴通知', '缴费提醒']);
  expect(account.reminders[0].lines.map((l) => l.value)).toContain('费用催缴通知单已出具，请尽快缴纳');
});

test('When two reminder runs race, then the unit gets one message', async () => {
  const w = await world();
  clock = day('2026-11-16');
  await Promise.all([runReminders(), runReminders()]);
  expect(await messagesOf(w.unit._id)).toHaveLength(1);
});

test('When the owner promised a date, then no reminder goes until it has passed (hardship pauses: below; disputed repairs: at the end)', async () => {
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
  expect(ok<{ items: { unitId: string }[] }>(await stack.invoke('fees', 'reviewList', {}, m)).items.some((u) => u.unitId === unitId)).toBe(false);

  const promised = ok<{ paused?: { kind: string }; lastOutcome?: { reason: string } }>(await stack.invoke('fees', 'recordOutcome', { unitId, reason: 'forgot', promiseDate: '2026-12-28', note: '业主说月底前交' }, m));
  expect(promised).toMatchObject({ paused: { kind: 'promise' }, lastOutcome: { reason: 'forgot' } });
  const before = (await messagesOf(w.unit._id)).length;
  await runReminders();
  expect((await messagesOf(w.unit._id)).length).toBe(before);
  expect(await stack.invoke('fees', 'recordOutcome', { unitId, reason: 'forgot', promiseDate: '2026-12-01' }, m)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

  clock = day('2027-02-14'); // 91 days
  m = await w.managerNow();
  expect(ok<{ items: { unitId: string }[] }>(await stack.invoke('fees', 'reviewList', {}, m)).items.some((u) => u.unitId === unitId)).toBe(true);
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

/** Run the job in a child process that SIGKILLs itself at `killAt`; resolves with how it ended. */
function killedRun(killAt: 'claimed' | 'queued' | 'saved', extra: Record<string, string> = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/fixtures/reminder-worker.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, MONGODB_URI: withDbName(process.env.TEST_DB_SERVER_URI!, stack.dbName), LOG_LEVEL: 'silent', CLOCK: clock.toISOString(), KILL_AT: killAt, ...extra },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

test('When the job is killed after planning a stage and before queueing it, then the next run after the lease sends it once (not before, never twice)', async () => {
  const w = await world();
  clock = day('2026-11-16'); // stage 1 (overdue 1 day)
  const dead = await killedRun('claimed');
  expect(dead.signal).toBe('SIGKILL');
  expect(dead.out).not.toContain('finished');
  const plans = await plansOf(w.c._id, new Date(0));
  expect(plans).toHaveLength(1);
  expect(plans[0].items.map((d) => d.stage)).toEqual([1]);
  expect(await messagesOf(w.unit._id)).toHaveLength(0); // the kill lost it for now

  // While the dead run's lease lasts, another run leaves its stage alone.
  await runReminders();
  expect(await messagesOf(w.unit._id)).toHaveLength(0);

  clock = new Date(clock.getTime() + 11 * 60_000);
  expect((await runReminders()).replayed).toBe(1);
  await runReminders();
  const msgs = await messagesOf(w.unit._id);
  expect(msgs.map((m) => [m.eventKey, m.templateKey])).toEqual([[`fees:${String(w.unit._id)}:2026-11-16`, 'fee.overdue']]);
  expect(await ReminderPlan.countDocuments({ communityId: w.c._id })).toBe(1);
}, 60_000);

test('When the job is killed after queueing and before saving its cursor, then replaying the plan queues nothing twice', async () => {
  const w = await world();
  clock = day('2026-11-16');
  const dead = await killedRun('queued');
  expect(dead.signal).toBe('SIGKILL');
  expect(await messagesOf(w.unit._id)).toHaveLength(1);
  clock = new Date(clock.getTime() + 11 * 60_000);
  expect((await runReminders()).replayed).toBe(1);
  clock = day('2026-11-17');
  await runReminders();
  expect(await messagesOf(w.unit._id)).toHaveLength(1);
  await deliverOutbox({ ratePerSecond: 1000 });
  const openid = recipientOf((await messagesOf(w.unit._id))[0].recipient);
  expect(stack.wechat.messages().filter((m) => m.touser === openid.openid)).toHaveLength(1);
}, 60_000);

test('When a community sets its own ladder days, then the stages start on those days; a ladder out of order is refused', async () => {
  const w = await world();
  const saved = ok<{ stages: { stage: number; days: number; defaultDays: number }[]; updatedBy?: string; updatedAt?: string }>(await stack.invoke('fees', 'saveLadder', { days: [-5, 3, 10, 20, 60] }, w.manager));
  expect(saved.stages.map((st) => [st.days, st.defaultDays])).toEqual([[-5, -3], [3, 1], [10, 15], [20, 30], [60, 90]]);
  expect(saved).toMatchObject({ updatedBy: w.managerName, updatedAt: clock.toISOString() });
  const bad = await stack.invoke('fees', 'saveLadder', { days: [-3, 15, 15, 30, 90] }, w.manager);
  expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  expect(JSON.stringify(bad)).toContain('「催缴通知单」须晚于「逾期提醒」');
  const cashier = await loginAs(stack, (await makeUser(w.c._id, { roles: ['cashier'] }))._id);
  expect(await stack.invoke('fees', 'saveLadder', { days: [-5, 3, 10, 20, 60] }, cashier)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  expect(ok<{ stages: { days: number }[] }>(await stack.invoke('fees', 'ladder', {}, cashier)).stages[0].days).toBe(-5);

  const templates = async () => (await messagesOf(w.unit._id)).map((m) => m.templateKey);
  clock = day('2026-11-10'); // 5 days before the 15th
  await runReminders();
  expect(await templates()).toEqual(['fee.reminder']);
  clock = day('2026-11-16'); // 1 day overdue: the default ladder would remind, this one waits until 3
  await runReminders();
  expect(await templates()).toEqual(['fee.reminder']);
  clock = day('2026-11-18');
  await runReminders();
  expect(await templates()).toEqual(['fee.reminder', 'fee.overdue']);
  clock = day('2026-11-25'); // 10 days: the formal notice
  await runReminders();
  const last = (await messagesOf(w.unit._id)).at(-1)!;
  expect(JSON.stringify(last.lines)).toContain('费用催缴通知单已出具');
  clock = day('2027-01-14'); // 60 days: the review list
  const m = await w.managerNow();
  expect(ok<{ items: { unitId: string }[] }>(await stack.invoke('fees', 'reviewList', {}, m)).items.some((u) => u.unitId === String(w.unit._id))).toBe(true);
});

test('When a parking fee is overdue, then its reminders and its formal notice speak of the parking space (车位使用费催缴通知单)', async () => {
  const w = await world();
  await ParkingSpace.create({ communityId: w.c._id, code: 'B1-015', kind: 'rented', unitId: w.unit._id });
  // Pay the property fee: only parking is owed.
  ok(await stack.invoke('fees', 'recordPayment', { unitId: String(w.unit._id), amountFen: 20000, method: 'cash', receiptNo: `RP-${Date.now()}` }, w.manager));
  clock = day('2026-12-01');
  const m = await w.managerNow();
  ok(await stack.invoke('fees', 'saveItem', { name: '车位使用费', kind: 'parking', rateFen: 30000, cycle: 'monthly', dueDay: 5 }, m));
  ok(await stack.invoke('fees', 'runBilling', { month: '2026-12' }, m));
  clock = day('2026-12-06');
  await runReminders();
  let msgs = await messagesOf(w.unit._id);
  expect(JSON.stringify(msgs.at(-1)!.lines)).toContain('车位使用费');
  expect(JSON.stringify(msgs.at(-1)!.lines)).toContain('可到物业服务中心现金、POS或转账缴纳');
  clock = day('2026-12-20'); // 15 days
  await runReminders();
  msgs = await messagesOf(w.unit._id);
  expect(JSON.stringify(msgs.at(-1)!.lines)).toContain('车位使用费催缴通知单已出具');

  const agent = await loginAs(stack, (await makeUser(w.c._id, { roles: ['agent'] }))._id);
  const file = ok<{ notice: { title: string; salutation: string; intro: string; table: { rows: string[][] }; total: string }; fileName: string; contentBase64: string }>(
    await stack.invoke('fees', 'reminderNotice', { unitId: String(w.unit._id), kind: 'parking' }, agent),
  );
  expect(file.notice.title).toBe('车位使用费催缴通知单');
  expect(file.notice.intro).toContain('B1-015');
  expect(file.notice.table.rows).toEqual([['车位使用费', '2026年12月', '300.00', '300.00', '2026-12-05', '15天']]);
  expect(file.notice.total).toBe('合计欠缴：人民币（大写）叁佰元整（¥300.00）');
  expect(file.fileName).toMatch(/^车位使用费催缴通知单-.+-20261220\.pdf$/);
  const pdf = Buffer.from(file.contentBase64, 'base64');
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(5000); // the Chinese glyphs are embedded
  // The property notice lists the property bills only (November is paid; December is 5 days overdue).
  const property = ok<{ notice: { title: string; table: { rows: string[][] } } }>(await stack.invoke('fees', 'reminderNotice', { unitId: String(w.unit._id), kind: 'property' }, agent));
  expect(property.notice.title).toBe('费用催缴通知单');
  expect(property.notice.table.rows.map((r) => [r[0], r[1], r[5]])).toEqual([['物业服务费', '2026年12月', '5天']]);
  // A unit with nothing overdue gets no notice.
  const other = await makeUnit(w.c._id, (await makeBuilding(w.c._id, '9栋'))._id, { room: '0101' });
  expect(await stack.invoke('fees', 'reminderNotice', { unitId: String(other._id), kind: 'property' }, agent)).toMatchObject({ ok: false, error: { code: 'FEE.NOTHING_OVERDUE' } });
  // An owner cannot print notices.
  expect(await stack.invoke('fees', 'reminderNotice', { unitId: String(w.unit._id), kind: 'parking' }, await loginAs(stack, w.owner._id))).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
});

// ---- A disputed repair pauses the ladder until the dispute is resolved ----

/** The world plus a technician on duty (auto dispatch) and an agent; `as(user)` is a fresh session at the driven clock. */
async function disputeWorld() {
  const w = await world();
  const tech = await makeUser(w.c._id, { roles: ['technician'], name: '钱师傅', skills: ['水电'] });
  await tech.updateOne({ onDuty: true });
  const agent = await makeUser(w.c._id, { roles: ['agent'], name: '孙客服' });
  const as = (user: { _id: unknown }) => loginAs(stack, user._id);
  const repairs = async (action: string, data: Record<string, unknown>, user: { _id: unknown }) => ok<{ id: string; status: string }>(await stack.invoke('repairs', action as 'get', data as never, await as(user)));
  const report = (description: string) => repairs('create', { requestId: `dispute-${Math.random().toString(36).slice(2, 12)}`, area: 'home', unitId: String(w.unit._id), category: '水电', description }, w.owner);
  const complete = async (repairId: string) => {
    for (const action of ['accept', 'arrive', 'complete']) await repairs(action, { repairId }, tech);
  };
  /** The complaint goes through to closing: accepted, replied, the owner content, closed. */
  const settle = async (complaintId: string) => {
    const complaints = async (action: string, data: Record<string, unknown>, user: { _id: unknown }) => ok(await stack.invoke('complaints', action as 'get', { complaintId, ...data } as never, await as(user)));
    await complaints('accept', {}, agent);
    await complaints('reply', { content: '已安排师傅返修并检查，问题已解决。', validity: 'valid' }, agent);
    await complaints('confirm', {}, w.owner);
    await complaints('close', {}, agent);
  };
  const reminders = async () => (await messagesOf(w.unit._id)).length;
  return { ...w, tech, agent, as, repairs, report, complete, settle, reminders };
}

test('When the owner reports a repair angrily, then the ladder waits while the order is open and resumes once it is done', async () => {
  const w = await disputeWorld();
  clock = day('2026-11-14');
  const order = await w.report('卫生间水管又坏了，第三次了，一直没人管！');
  expect((await Repair.findById(order.id).lean())!.flags).toContain('angry');
  clock = day('2026-11-16'); // 1 day overdue
  await runReminders();
  expect(await w.reminders()).toBe(0);
  await w.complete(order.id);
  clock = day('2026-11-17');
  await runReminders();
  expect(await w.reminders()).toBe(1);
});

test('When the owner rates a repair 1 star, then the ladder waits while the complaint it opened is unresolved and resumes once it is closed', async () => {
  const w = await disputeWorld();
  clock = day('2026-11-13');
  const order = await w.report('卧室插座松动，需要修理');
  await w.complete(order.id);
  await w.repairs('rate', { repairId: order.id, overall: 1, speed: 1, attitude: 2, comment: '修完还是松的' }, w.owner);
  const [complaint] = await Complaint.find({ relatedRepairId: order.id }).lean();
  expect(complaint).toMatchObject({ channel: 'rating', status: 'received' });
  clock = day('2026-11-16');
  await runReminders();
  expect(await w.reminders()).toBe(0);
  await w.settle(String(complaint._id));
  await runReminders();
  expect(await w.reminders()).toBe(1);
});

test('When a follow-up finds the owner unhappy, then the ladder waits while the complaint or the reopened order is unresolved, and resumes when both are', async () => {
  const w = await disputeWorld();
  clock = day('2026-11-12');
  const order = await w.report('厨房水龙头漏水，需要更换');
  await w.complete(order.id);
  const tasks = ok<{ items: { id: string; sourceId: string }[] }>(await stack.invoke('followups', 'list', { status: 'open', pageSize: 100 }, await w.as(w.agent)));
  const task = tasks.items.find((t) => t.sourceId === order.id)!;
  clock = day('2026-11-13');
  ok(await stack.invoke('followups', 'record', { followUpId: task.id, method: 'phone', outcome: 'unsatisfied', note: '还在滴水' }, await w.as(w.agent)));
  expect((await Repair.findById(order.id).lean())!.status).toBe('closed');
  const [complaint] = await Complaint.find({ relatedRepairId: order.id }).lean();
  clock = day('2026-11-16');
  await runReminders();
  expect(await w.reminders()).toBe(0);
  // The owner reopens the order; the complaint is closed, but the reopened order is still being worked on.
  expect((await w.repairs('reopen', { repairId: order.id, reason: '关紧了还是滴水' }, w.owner)).status).not.toBe('closed');
  await w.settle(String(complaint._id));
  await runReminders();
  expect(await w.reminders()).toBe(0);
  await w.complete(order.id);
  clock = day('2026-11-17');
  await runReminders();
  expect(await w.reminders()).toBe(1);
});

test('When a one-off charge is unpaid, then the ladder reminds about it like any bill, and the cashier’s payment stops it', async () => {
  const w = await world();
  const unitId = String(w.unit._id);
  // The property bill is paid: only the one-off charge is owed.
  ok(await stack.invoke('fees', 'recordPayment', { unitId, amountFen: 20000, method: 'cash', receiptNo: `RO-${Date.now()}-1` }, await w.managerNow()));
  clock = day('2026-11-10');
  const m = await w.managerNow();
  const item = ok<{ id: string }>(await stack.invoke('fees', 'saveItem', { name: '装修押金', kind: 'one-off', rateFen: 200000 }, m));
  const charged = ok<{ created: number }>(await stack.invoke('fees', 'chargeOneOff', { requestId: 'one-off-remind-1', itemId: item.id, unitIds: [unitId], dueDate: '2026-11-20', note: '0801装修' }, m));
  expect(charged.created).toBe(1);
  const lines = async () => (await messagesOf(w.unit._id)).map((msg) => [msg.templateKey, JSON.stringify(msg.lines)]);
  clock = day('2026-11-17'); // 3 days before: 到期提醒 about the deposit
  await runReminders();
  expect(await lines()).toEqual([['fee.reminder', expect.stringContaining('装修押金')]]);
  clock = day('2026-11-21'); // 1 day overdue
  await runReminders();
  expect((await lines()).map(([t]) => t)).toEqual(['fee.reminder', 'fee.overdue']);
  expect((await lines())[1][1]).toContain('2000.00');
  const cashier = await loginAs(stack, (await makeUser(w.c._id, { roles: ['cashier'] }))._id);
  const paid = ok<{ owedFen: number }>(await stack.invoke('fees', 'recordPayment', { unitId, amountFen: 200000, method: 'pos', receiptNo: `RO-${Date.now()}-2` }, cashier));
  expect(paid.owedFen).toBe(0);
  clock = day('2026-12-06'); // 15 days: no formal notice, it is paid
  await runReminders();
  expect(await lines()).toHaveLength(2);
});

// ---- issue 25: cost per reminder, slices, concurrent workers, kills at the slice boundary ----

/** A community of `n` units, each with one owner and a November property bill (billed by the manager's run). */
async function bigWorld(n: number) {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '1栋');
  const units = Array.from({ length: n }, (_, k) => ({ _id: new mongoose.Types.ObjectId(), communityId: c._id, buildingId: b._id, entrance: '1', room: String(1000 + k), label: `1栋${1000 + k}`, floor: 1, areaM2: 80, status: 'occupied' }));
  await Unit.collection.insertMany(units as never[]);
  await User.collection.insertMany(units.map((u, k) => ({ communityId: c._id, name: `业主${k}`, phone: `138${String(k).padStart(8, '0')}`, roles: ['owner'], unitIds: [u._id], status: 'active' })) as never[]);
  await FeeItem.create({ communityId: c._id, name: '物业服务费', kind: 'property', rateFen: 200, cycle: 'monthly', dueDay: 15, vacancyPercent: 100 });
  const manager = await loginAs(stack, (await makeUser(c._id, { roles: ['manager'] }))._id);
  clock = day('2026-11-01');
  expect(ok<{ created: number }>(await stack.invoke('fees', 'runBilling', { month: '2026-11' }, manager)).created).toBe(n);
  const scope = { communityIds: [String(c._id)] };
  /** Messages per unit of this community. */
  const perUnit = async () => {
    const msgs = await OutboxMessage.find({ communityId: c._id, eventKey: { $regex: '^fees:' } }, { eventKey: 1 }).lean();
    const counts = new Map<string, number>();
    for (const m of msgs) counts.set(m.eventKey, (counts.get(m.eventKey) ?? 0) + 1);
    return { units: counts.size, max: Math.max(0, ...counts.values()), total: msgs.length };
  };
  return { c, scope, perUnit };
}

test('When the ladder reminds many units, then it writes at most 1.5 documents per reminder beyond the message and its commands do not grow with the units', async () => {
  const small = await bigWorld(50);
  const big = await bigWorld(500);
  clock = day('2026-11-16'); // 1 day overdue: one reminder per unit
  // As the job's handler runs it (its queries' shapes go to the index-coverage check).
  const runSmall = await countCommands(() => asApplication(() => runReminders({ scope: small.scope })));
  const runBig = await countCommands(() => asApplication(() => runReminders({ scope: big.scope })));
  expect(runSmall.value).toMatchObject({ messages: 50, more: false });
  expect(runBig.value).toMatchObject({ messages: 500, more: false });
  for (const [{ tally }, n] of [[runSmall, 50], [runBig, 500]] as const) {
    const messages = tally.writtenIn.outboxmessages ?? 0;
    expect(messages).toBe(n);
    // Beyond the message: its queue entry or (no WeChat: 我的消息) its one attempt, the batch's plan, the cursor and lease.
    expect((tally.written - messages) / n).toBeLessThanOrEqual(1.5);
    expect(tally.writtenIn.claims ?? 0).toBe(0);
    expect(tally.writtenIn.fee_reminder_plans).toBe(1);
  }
  // Ten times the units: the same commands, give or take (no query per item).
  expect(runBig.tally.commands).toBeLessThanOrEqual(runSmall.tally.commands + 4);
  expect(await small.perUnit()).toEqual({ units: 50, max: 1, total: 50 });
  expect(await big.perUnit()).toEqual({ units: 500, max: 1, total: 500 });
});

test('When the budget is small, then the run stops with more work left and the next invocations finish it: one message per unit; two workers at once share it without duplicates', async () => {
  const w = await bigWorld(120);
  clock = day('2026-11-16');
  const first = await runReminders({ scope: w.scope, budget: Budget.of({ limits: { items: 25 } }) });
  expect(first).toMatchObject({ messages: 25, more: true });
  let runs = 1;
  for (let more = true; more; runs++) {
    const r = await runReminders({ scope: w.scope, budget: Budget.of({ limits: { items: 25 } }) });
    if (runs > 10) throw new Error('does not finish');
    more = r.more;
  }
  expect(runs).toBeGreaterThanOrEqual(5);
  expect(await w.perUnit()).toEqual({ units: 120, max: 1, total: 120 });

  // Two workers at once, the next day (stage 1 is handled: nothing to send), then a new month's bills due: stage 0 once each.
  const v = await bigWorld(90);
  clock = day('2026-11-16');
  // While both run, one of them finds the community held (`more`: the scheduler runs it again soon).
  for (let i = 0; i < 6; i++) await Promise.all([1, 2].map(() => runReminders({ scope: v.scope, budget: Budget.of({ limits: { items: 20 } }) })));
  expect(await runReminders({ scope: v.scope })).toMatchObject({ messages: 0, more: false });
  expect(await v.perUnit()).toEqual({ units: 90, max: 1, total: 90 });
  expect(await JobLease.countDocuments({ _id: `remindFees:${String(v.c._id)}` })).toBe(0);
}, 120_000);

test('When the job is killed at a slice boundary (cursor saved) or mid-slice (before it), then the next runs lose and repeat nothing', async () => {
  for (const [killAt, n] of [['saved', 2], ['queued', 2], ['claimed', 3]] as const) {
    const w = await bigWorld(60);
    clock = day('2026-11-16');
    // Batches of 10 units: killed in the n-th.
    const dead = await killedRun(killAt, { SCOPE: String(w.c._id), BATCH_UNITS: '10', KILL_N: String(n) });
    expect(dead.signal).toBe('SIGKILL');
    expect((await w.perUnit()).units).toBe(20); // two batches queued ('claimed': the third one's plan written, not queued)
    clock = new Date(clock.getTime() + 2 * 60_000); // past the dead worker's lease
    for (let more = true, runs = 0; more; runs++) {
      if (runs > 12) throw new Error(`${killAt}: does not finish`);
      more = (await runReminders({ scope: w.scope, budget: Budget.of({ limits: { items: 7 } }) })).more;
    }
    expect(await w.perUnit()).toEqual({ units: 60, max: 1, total: 60 });
  }
}, 180_000);

test('When reminder plans were written in an older form (one string or one object per item, items in the header), then they read the same as a plan written now (one string for all items)', async () => {
  const c = await makeCommunity({ name: '旧计划小区' });
  const due = new Date('2026-11-15T00:00:00Z');
  const item = (unitId: string, stage: number) => ({ unitId, billId: `bill-${unitId}`, stage, fen: 18800, itemName: '物业服务费', parking: unitId === 'u2', dueDate: due });
  const at = new Date('2026-11-20T02:00:00Z');
  const header = (id: string, last: string) => ({ _id: `${String(c._id)}:${id}:`, communityId: c._id, day: '2026-11-20', last, at, count: 1 });
  await writePlan({ _id: `${String(c._id)}:now:`, communityId: c._id, day: '2026-11-20', last: 'u1', at, items: [item('u1', 1)] });
  const now = await ReminderPlanItems.findById(`${String(c._id)}:now:`).lean();
  expect(typeof now!.items).toBe('string');
  const row = (d: ReturnType<typeof item>) => JSON.stringify([d.unitId, d.billId, d.stage, d.fen, d.itemName, d.parking ? 1 : 0, d.dueDate.getTime()]);
  await ReminderPlanItems.collection.insertOne({ _id: `${String(c._id)}:strings:`, items: [row(item('u2', 1))] } as never);
  await ReminderPlan.collection.insertOne(header('strings', 'u2') as never);
  await ReminderPlanItems.collection.insertOne({ _id: `${String(c._id)}:objects:`, items: [item('u3', 2)] } as never);
  await ReminderPlan.collection.insertOne(header('objects', 'u3') as never);
  await ReminderPlan.collection.insertOne({ ...header('inside', 'u4'), items: [item('u4', 0)] } as never);
  const plans = await plansOf(c._id, new Date(0));
  expect(plans.map((p) => p.items).sort((a, b) => a[0].unitId.localeCompare(b[0].unitId))).toEqual([[item('u1', 1)], [item('u2', 1)], [item('u3', 2)], [item('u4', 0)]]);
});
