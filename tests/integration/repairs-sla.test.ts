import type { SlaRunReport } from '@shared/contracts/repairs.contract';
import { OPEN_STATUSES } from '@shared/domain/repairs';
import { setClock } from '../../cloud/lib/clock';
import { deliverOutbox } from '../../cloud/modules/messaging/delivery.job';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { runRepairSla } from '../../cloud/modules/repairs/sla.job';
import { ALERT, credits, DAYTIME, ok, orderDoc, queued, world, type Person, type World } from '../helpers/repairs';
import { oneItem, total, twoWorkersUntilDone, untilDone } from '../helpers/sliced-runs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The deadline job with a driven clock: a warning at 80 %, a breach at 100 % (flag, managers,
 * reassignment when not accepted), pool fallback, pauses, and exactly-once under concurrent runs.
 * Defaults: normal accept 2 h / arrive 24 h / complete 72 h.
 */
let stack: Stack;
let clock = DAYTIME;
const at = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};
const HOUR = 60;
beforeAll(async () => {
  stack = await startStack();
});
beforeEach(() => {
  clock = DAYTIME;
  setClock(() => clock);
});
afterEach(async () => {
  // Each test's orders are its own: leave none open for the next test's job runs.
  await Repair.updateMany({ status: { $in: OPEN_STATUSES } }, { $set: { status: 'cancelled' } });
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

/** A fresh session at the driven clock (days pass in these tests). */
const tokenOf = (p: Person) => stack.login(stack.wechat.mintCode(p.openid));
const job = async (w: World): Promise<SlaRunReport> => ok(await stack.invoke('jobs', 'repairSla', {}, await tokenOf(w.manager)), 'repairSla');
const call = async (action: string, id: string, p: Person, data: Record<string, unknown> = {}) => ok(await stack.invoke('repairs', action as 'accept', { repairId: id, ...data } as never, await tokenOf(p)), action);
/** Alerts the fake WeChat server received for a person about an order (after delivering the outbox). */
async function alertsReceived(p: Person, repairId?: string) {
  await deliverOutbox({ ratePerSecond: 1000 });
  return stack.wechat.messages().filter((m) => m.touser === p.openid && m.templateId === ALERT.templateId && (!repairId || (m.page ?? '').includes(repairId)));
}

test('When 80 % of the accept time has passed, then the assignee is warned once, however often the job runs', async () => {
  const w = await world(stack, { techs: [{ name: '钱师傅' }] });
  await credits(stack, w.techs[0], ALERT.templateId, 5);
  const o = await w.report();
  expect(o).toMatchObject({ status: 'dispatched', assigneeName: '钱师傅', deadline: { stage: 'accept', warned: false, overdue: false } });
  at(95); // 79 %
  expect(await job(w)).toMatchObject({ warned: 0, breached: 0 });
  expect(await alertsReceived(w.techs[0], o.id)).toHaveLength(0);
  at(1); // 80 %
  expect(await job(w)).toMatchObject({ warned: 1, breached: 0 });
  expect(await job(w)).toMatchObject({ warned: 0, breached: 0 });
  at(10);
  expect(await job(w)).toMatchObject({ warned: 0, breached: 0 });
  const got = await alertsReceived(w.techs[0], o.id);
  expect(got).toHaveLength(1);
  expect(got[0].data.phrase3).toBe('即将超时');
  expect(got[0].data.thing5).toContain('接单时限');
  expect(ok(await stack.invoke('repairs', 'get', { repairId: o.id }, w.techs[0].token)).deadline).toMatchObject({ stage: 'accept', warned: true, overdue: false });
  expect(await queued(w.manager, 'repair.alert', o.id)).toHaveLength(0);
});

test('When an order is not accepted in time, then it is flagged overdue, the managers are told and another technician gets it', async () => {
  const w = await world(stack, { techs: [{ name: '钱师傅' }, { name: '李师傅' }, { name: '周师傅', onDuty: false }, { name: '吴师傅', skills: ['门窗'] }], managers: 2 });
  await credits(stack, w.manager, ALERT.templateId, 5);
  const o = await w.report();
  const first = w.techs.find((t) => t.name === o.assigneeName)!;
  const second = w.techs.find((t) => t.name === (o.assigneeName === '钱师傅' ? '李师傅' : '钱师傅'))!;
  await credits(stack, first, ALERT.templateId, 5);
  at(2 * HOUR);
  expect(await job(w)).toMatchObject({ breached: 1, reassigned: 1, warned: 0 });
  const doc = await orderDoc(o.id);
  expect(doc).toMatchObject({ status: 'dispatched', assigneeName: second.name });
  expect(doc.flags).toContain('overdue');
  expect(doc.breaches.map((b) => b.stage)).toEqual(['accept']);
  expect(doc.breaches[0].at?.getTime()).toBe(DAYTIME.getTime() + 2 * 3600_000);
  expect(doc.history[doc.history.length - 1]).toMatchObject({ event: 'dispatch', from: 'dispatched', to: 'dispatched', byName: '系统', note: `${first.name}超时未接单，自动改派` });
  // The new technician's accept clock starts now.
  expect(doc.deadlines?.accept?.getTime()).toBe(clock.getTime() + 2 * 3600_000);

  const managerAlerts = await alertsReceived(w.manager, o.id);
  expect(managerAlerts.map((m) => m.data.phrase3)).toEqual(['已超时']);
  expect((await queued(first, 'repair.alert', o.id)).map((m) => m.eventKey)).toEqual([expect.stringMatching(new RegExp(`^repair:${o.id}:taken:`))]);
  const toFirst = await alertsReceived(first, o.id);
  expect(toFirst.map((m) => m.data.phrase3)).toEqual(['已改派']);
  expect(await queued(second, 'repair.assigned', o.id)).toHaveLength(1);
  // The old assignee can no longer accept it.
  const late = await stack.invoke('repairs', 'accept', { repairId: o.id }, first.token);
  expect(!late.ok && late.error.code).toBe('REPAIR.NOT_ASSIGNEE');
  // Running again changes nothing.
  expect(await job(w)).toMatchObject({ breached: 0, reassigned: 0 });
  expect(await alertsReceived(w.manager, o.id)).toHaveLength(1);
  expect(ok(await stack.invoke('repairs', 'list', { overdue: true }, w.agent.token)).items.map((x) => x.id)).toEqual([o.id]);
});

test('When an order is not accepted in time and nobody else can take it, then it stays with its technician and is retried on the next run', async () => {
  const w = await world(stack, { techs: [{ name: '钱师傅' }, { name: '李师傅', onDuty: false }] });
  const o = await w.report();
  expect(o.assigneeName).toBe('钱师傅');
  at(2 * HOUR);
  expect(await job(w)).toMatchObject({ breached: 1, reassigned: 0 });
  expect(await orderDoc(o.id)).toMatchObject({ status: 'dispatched', assigneeName: '钱师傅' });
  await Repair.db.model('User').updateOne({ _id: w.techs[1]._id }, { onDuty: true });
  at(1);
  expect(await job(w)).toMatchObject({ breached: 0, reassigned: 1 });
  expect(await orderDoc(o.id)).toMatchObject({ status: 'dispatched', assigneeName: '李师傅' });
});

test('When nobody claims a pool order within the fallback time, then it is dispatched automatically', async () => {
  const w = await world(stack, { mode: 'pool', techs: [{ name: '钱师傅' }] });
  const o = await w.report();
  expect(o).toMatchObject({ status: 'submitted', inPool: true });
  at(9);
  expect(await job(w)).toMatchObject({ dispatched: 0 });
  expect((await orderDoc(o.id)).inPool).toBe(true);
  at(1);
  expect(await job(w)).toMatchObject({ dispatched: 1 });
  const doc = await orderDoc(o.id);
  expect(doc).toMatchObject({ status: 'dispatched', inPool: false, assigneeName: '钱师傅' });
  expect(doc.history[doc.history.length - 1]).toMatchObject({ event: 'dispatch', from: 'submitted', to: 'dispatched', byName: '系统', note: '抢单池10分钟无人接单，自动派单' });
  expect(await queued(w.techs[0], 'repair.assigned', o.id)).toHaveLength(1);
  expect(await job(w)).toMatchObject({ dispatched: 0 });
  // A shorter fallback from the settings applies.
  await w.settings({ dispatchMode: 'pool', poolFallbackMinutes: 3 });
  const o2 = await w.report();
  at(3);
  expect(await job(w)).toMatchObject({ dispatched: 1 });
  expect((await orderDoc(o2.id)).status).toBe('dispatched');
});

test('When the arrive and complete deadlines pass, then they breach like the accept one but the order stays with its technician', async () => {
  const w = await world(stack, { techs: [{ name: '钱师傅' }, { name: '李师傅' }] });
  await credits(stack, w.manager, ALERT.templateId, 5);
  const o = await w.report();
  const t = w.techs.find((x) => x.name === o.assigneeName)!;
  await credits(stack, t, ALERT.templateId, 5);
  at(30);
  await call('accept', o.id, t);
  at(0.8 * 24 * HOUR - 30); // 80 % of the 24 h to arrive, counted from the report
  expect(await job(w)).toMatchObject({ warned: 1, breached: 0 });
  at(0.2 * 24 * HOUR);
  expect(await job(w)).toMatchObject({ breached: 1, reassigned: 0 });
  let doc = await orderDoc(o.id);
  expect(doc).toMatchObject({ status: 'accepted', assigneeName: t.name });
  expect(doc.flags).toContain('overdue');
  expect(doc.breaches.map((b) => b.stage)).toEqual(['arrive']);

  at(60);
  await call('arrive', o.id, t);
  at(0.8 * 72 * HOUR - 25 * HOUR); // 80 % of the 72 h to complete
  expect(await job(w)).toMatchObject({ warned: 1, breached: 0 });
  at(0.2 * 72 * HOUR); // 72 h after the report
  expect(await job(w)).toMatchObject({ breached: 1, reassigned: 0 });
  doc = await orderDoc(o.id);
  expect(doc).toMatchObject({ status: 'arrived', assigneeName: t.name });
  expect(doc.breaches.map((b) => b.stage)).toEqual(['arrive', 'complete']);
  expect(await job(w)).toMatchObject({ breached: 0 });
  const toManager = await alertsReceived(w.manager, o.id);
  expect(toManager.map((m) => m.data.phrase3)).toEqual(['已超时', '已超时']);
  expect(toManager.map((m) => m.data.thing5.slice(0, 5)).sort()).toEqual(['到场已超时', '完工已超时'].sort());
  const toTech = await alertsReceived(t, o.id);
  expect(toTech.map((m) => m.data.phrase3)).toEqual(['即将超时', '即将超时']); // arrive at 80 %, complete at 80 %
});

test('When an order is paused, then its deadline does not breach while paused and moves by the paused time', async () => {
  const w = await world(stack, { techs: [{ name: '钱师傅' }] });
  const o = await w.report();
  const t = w.techs[0];
  await call('accept', o.id, t);
  at(60);
  await call('arrive', o.id, t);
  at(60);
  await call('pause', o.id, t, { reason: '等待配件到货' });
  at(100 * HOUR); // far past the 72 h to complete
  expect(await job(w)).toMatchObject({ breached: 0, warned: 0 });
  expect((await orderDoc(o.id)).breaches).toEqual([]);
  await call('resume', o.id, t);
  const due = (await orderDoc(o.id)).deadlines!.complete!.getTime();
  expect(due).toBe(DAYTIME.getTime() + 72 * 3600_000 + 100 * 3600_000);
  expect(await job(w)).toMatchObject({ breached: 0 });
  clock = new Date(due);
  expect(await job(w)).toMatchObject({ breached: 1 });
  expect((await orderDoc(o.id)).breaches.map((b) => b.stage)).toEqual(['complete']);
});

test('When two job runs overlap, then every warning and every breach is sent exactly once', async () => {
  const w = await world(stack, { techs: [{ name: '钱师傅' }, { name: '李师傅' }, { name: '周师傅' }], managers: 2 });
  for (const t of w.techs) await credits(stack, t, ALERT.templateId, 10);
  await credits(stack, w.manager, ALERT.templateId, 10);
  const orders = [];
  for (let i = 0; i < 3; i++) orders.push(await w.report());
  expect(new Set(orders.map((o) => o.assigneeName)).size).toBe(3);
  const techOf = (name?: string) => w.techs.find((t) => t.name === name)!;

  at(96); // 80 % of the accept time for all three
  const warned = await Promise.all([runRepairSla(), runRepairSla(), job(w)]);
  expect(warned.reduce((s, r) => s + r.warned, 0)).toBe(3);
  for (const o of orders) expect((await alertsReceived(techOf(o.assigneeName), o.id)).map((m) => m.data.phrase3)).toEqual(['即将超时']);

  at(24); // the accept deadline
  const breached = await Promise.all([runRepairSla(), runRepairSla(), job(w)]);
  expect(breached.reduce((s, r) => s + r.breached, 0)).toBe(3);
  expect(breached.reduce((s, r) => s + r.reassigned, 0)).toBe(3);
  for (const o of orders) {
    const doc = await orderDoc(o.id);
    expect(doc.breaches).toHaveLength(1);
    expect(doc.history.filter((h) => h.event === 'dispatch')).toHaveLength(2);
    expect(doc.assigneeName).not.toBe(o.assigneeName);
    expect((await alertsReceived(w.manager, o.id)).map((m) => m.data.phrase3)).toEqual(['已超时']);
    expect((await alertsReceived(techOf(o.assigneeName), o.id)).map((m) => m.data.phrase3).sort()).toEqual(['即将超时', '已改派'].sort());
  }
});

describe('in slices', () => {
  test('When each invocation may check one order, then repeated invocations warn, breach and reassign every order exactly once, and two workers at once do too', async () => {
    const w = await world(stack, { techs: [{ name: '钱师傅' }, { name: '李师傅' }, { name: '周师傅' }], managers: 2 });
    for (const t of w.techs) await credits(stack, t, ALERT.templateId, 10);
    await credits(stack, w.manager, ALERT.templateId, 10);
    const orders = [];
    for (let i = 0; i < 3; i++) orders.push(await w.report());
    const techOf = (name?: string) => w.techs.find((t) => t.name === name)!;
    const scope = { communityIds: [String(w.communityId)] };

    at(96); // 80 % of the accept time for all three: one order an invocation
    const warned = await untilDone(() => runRepairSla({ scope, budget: oneItem() }));
    expect(warned.length).toBeGreaterThanOrEqual(3);
    expect(warned.slice(0, -1).every((r) => r.more && r.checked === 1)).toBe(true);
    expect(total(warned, 'warned')).toBe(3);
    expect(total(await untilDone(() => runRepairSla({ scope, budget: oneItem() })), 'warned')).toBe(0);

    at(24); // the accept deadline: two workers, one order each an invocation
    const breached = await twoWorkersUntilDone(() => runRepairSla({ scope, budget: oneItem() }));
    expect(total(breached, 'breached')).toBe(3);
    expect(total(breached, 'reassigned')).toBe(3);
    for (const o of orders) {
      const doc = await orderDoc(o.id);
      expect(doc.breaches).toHaveLength(1);
      expect(doc.history.filter((h) => h.event === 'dispatch')).toHaveLength(2);
      expect((await alertsReceived(w.manager, o.id)).map((m) => m.data.phrase3)).toEqual(['已超时']);
      expect((await alertsReceived(techOf(o.assigneeName), o.id)).map((m) => m.data.phrase3).sort()).toEqual(['即将超时', '已改派'].sort());
    }
  }, 120_000);
});
