import { spawn } from 'node:child_process';
import path from 'node:path';
import { Claim } from '../../cloud/lib/claim';
import { setClock } from '../../cloud/lib/clock';
import { templateByKey } from '../../cloud/lib/wechat/templates';
import { ReminderRun, UnitPause } from '../../cloud/modules/fees/fee.model';
import { ParkingSpace } from '../../cloud/modules/community/household.model';
import { runReminders } from '../../cloud/modules/fees/reminder.job';
import { deliverOutbox } from '../../cloud/modules/messaging/delivery.job';
import { CallTask, OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { withDbName } from '../../scripts/db';
import { startStack, type Stack } from '../helpers/stack';

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
  await deliverOutbox({ ratePerSecond: 1000 });
  const owner = msgs[0].recipient as { openid?: string };
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

/** Run the job in a child process that SIGKILLs itself at `killAt`; resolves with how it ended. */
function killedRun(killAt: 'claimed' | 'queued'): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/fixtures/reminder-worker.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, MONGODB_URI: withDbName(process.env.TEST_DB_SERVER_URI!, stack.dbName), LOG_LEVEL: 'silent', CLOCK: clock.toISOString(), KILL_AT: killAt },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

test('When the job is killed after claiming a stage and before queueing it, then the next run after the lease sends it once (not before, never twice)', async () => {
  const w = await world();
  clock = day('2026-11-16'); // stage 1 (overdue 1 day)
  const dead = await killedRun('claimed');
  expect(dead.signal).toBe('SIGKILL');
  expect(dead.out).not.toContain('finished');
  const runs = await ReminderRun.find({ communityId: w.c._id }).lean();
  expect(runs).toHaveLength(1);
  expect((await Claim.find({ run: runs[0]._id }).lean()).map((c) => c._id)).toEqual([expect.stringMatching(/^remind:.*:1$/)]);
  expect(await messagesOf(w.unit._id)).toHaveLength(0); // the kill lost it for now

  // While the dead run's lease lasts, another run leaves its stage alone.
  await runReminders();
  expect(await messagesOf(w.unit._id)).toHaveLength(0);

  clock = new Date(clock.getTime() + 11 * 60_000);
  expect((await runReminders()).replayed).toBe(1);
  await runReminders();
  const msgs = await messagesOf(w.unit._id);
  expect(msgs.map((m) => [m.eventKey, m.templateKey])).toEqual([[`fees:${String(w.unit._id)}:2026-11-16`, 'fee.overdue']]);
  expect(await ReminderRun.countDocuments({ communityId: w.c._id })).toBe(0);
}, 60_000);

test('When the job is killed after queueing and before closing its journal, then replaying it queues nothing twice', async () => {
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
  const openid = (await messagesOf(w.unit._id))[0].recipient as { openid?: string };
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
  expect(ok<{ unitId: string }[]>(await stack.invoke('fees', 'reviewList', {}, m)).some((u) => u.unitId === String(w.unit._id))).toBe(true);
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
