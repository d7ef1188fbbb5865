import type { RepairDetail } from '@shared/contracts/repairs.contract';
import { setClock } from '../../cloud/lib/clock';
import { deliverOutbox } from '../../cloud/modules/messaging/delivery.job';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { ALERT, credits, DAYTIME, err, ok, orderDoc, queued, rid, staff, world, type Person } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Who gets an order: automatic dispatch (fewest open orders, then round-robin; on duty and
 * skilled only), the pool (first claim wins, even among 50 at once), manual dispatch, emergencies.
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
afterAll(async () => {
  setClock();
  await stack.stop();
});

const finish = async (o: RepairDetail, t: Person) => {
  for (const action of ['accept', 'arrive', 'complete'] as const) ok(await stack.invoke('repairs', action, { repairId: o.id }, t.token), action);
};

describe('automatic dispatch', () => {
  test('When technicians carry different loads, then the one with the fewest open orders gets the next order', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{ name: '钱师傅' }, { name: '李师傅' }, { name: '周师傅' }] });
    const [qian, li, zhou] = w.techs;
    // 钱 holds 3 open orders, 李 1, 周 2 (assigned by hand).
    for (const [t, n] of [[qian, 3], [li, 1], [zhou, 2]] as const) {
      for (let i = 0; i < n; i++) {
        at(1);
        ok(await stack.invoke('repairs', 'assign', { repairId: (await w.report()).id, technicianId: t.id }, w.agent.token));
      }
    }
    await w.settings({ dispatchMode: 'auto' });
    at(1);
    const next = await w.report();
    expect(next).toMatchObject({ status: 'dispatched', assigneeName: '李师傅' });
    // Now 李 and 周 both hold 2: 周 was given one longer ago than 李.
    at(1);
    expect(await w.report()).toMatchObject({ assigneeName: '周师傅' });
    // A finished order no longer counts: 钱 completes all three and is the least loaded.
    for (const o of await Repair.find({ assigneeId: qian._id, status: 'dispatched' }).lean()) {
      for (const action of ['accept', 'arrive', 'complete'] as const) ok(await stack.invoke('repairs', action, { repairId: String(o._id) }, qian.token), action);
    }
    at(1);
    expect(await w.report()).toMatchObject({ assigneeName: '钱师傅' });
  });

  test('When 3 technicians share 6 orders, then each gets 2 in rotation', async () => {
    const w = await world(stack, { techs: [{ name: '钱师傅' }, { name: '李师傅' }, { name: '周师傅' }] });
    const got: string[] = [];
    for (let i = 0; i < 6; i++) {
      at(1);
      const o = await w.report();
      expect(o.status).toBe('dispatched');
      got.push(o.assigneeName!);
    }
    expect(new Set(got.slice(0, 3)).size).toBe(3);
    expect(got.slice(3)).toEqual(got.slice(0, 3));
    const board = ok(await stack.invoke('repairs', 'board', {}, w.manager.token));
    expect(board.byTechnician.map((t) => t.open)).toEqual([2, 2, 2]);
  });

  test('When every technician is free again after each order, then round-robin still rotates (the one given an order longest ago goes next)', async () => {
    const w = await world(stack, { techs: [{ name: '钱师傅' }, { name: '李师傅' }, { name: '周师傅' }] });
    const got: string[] = [];
    for (let i = 0; i < 6; i++) {
      at(1);
      const o = await w.report();
      got.push(o.assigneeName!);
      await finish(o, w.techs.find((t) => t.name === o.assigneeName)!);
    }
    expect(new Set(got.slice(0, 3)).size).toBe(3);
    expect(got.slice(3)).toEqual(got.slice(0, 3));
  });

  test('When technicians are off duty or lack the skill, then they are never chosen', async () => {
    const w = await world(stack, {
      techs: [
        { name: '钱师傅', skills: ['水电'], onDuty: true },
        { name: '李师傅', skills: ['水电'], onDuty: false },
        { name: '周师傅', skills: ['门窗'], onDuty: true },
      ],
    });
    for (let i = 0; i < 4; i++) {
      at(1);
      expect(await w.report()).toMatchObject({ status: 'dispatched', assigneeName: '钱师傅' });
    }
    // A disabled technician is not chosen either.
    const disabled = await staff(stack, w.communityId, { roles: ['technician'], name: '吴师傅', skills: ['水电'], onDuty: true });
    await Repair.db.model('User').updateOne({ _id: disabled._id }, { status: 'disabled' });
    at(1);
    expect(await w.report()).toMatchObject({ assigneeName: '钱师傅' });
  });

  test('When nobody can take the order, then it stays submitted, is flagged unassigned and the managers are alerted', async () => {
    const w = await world(stack, { techs: [{ name: '钱师傅', skills: ['门窗'] }, { name: '李师傅', skills: ['水电'], onDuty: false }], managers: 2 });
    await credits(stack, w.manager, ALERT.templateId);
    const o = await w.report();
    expect(o).toMatchObject({ status: 'submitted', inPool: false });
    expect(o.flags).toContain('unassigned');
    const doc = await orderDoc(o.id);
    expect(doc.flags).toContain('unassigned');
    expect(doc.history.map((h) => h.event)).toEqual(['create']);
    const toManager = await queued(w.manager, 'repair.alert', o.id);
    expect(toManager.map((m) => m.eventKey)).toEqual([`repair:${o.id}:unassigned:0`]);
    await deliverOutbox({ ratePerSecond: 1000 });
    const sent = stack.wechat.messages().filter((m) => m.touser === w.manager.openid && m.templateId === ALERT.templateId);
    expect(sent).toHaveLength(1);
    expect(sent[0].data.phrase3).toBe('无人接单');
    expect(sent[0].page).toContain(o.id);
    // The board shows it waiting; an agent assigns it by hand (even to someone off duty).
    const board = ok(await stack.invoke('repairs', 'board', {}, w.agent.token));
    expect(board.unassigned.map((x) => x.id)).toEqual([o.id]);
    const assigned = ok(await stack.invoke('repairs', 'assign', { repairId: o.id, technicianId: w.techs[1].id }, w.agent.token));
    expect(assigned).toMatchObject({ status: 'dispatched', assigneeName: '李师傅' });
    expect(assigned.flags).not.toContain('unassigned');
  });
});

describe('the pool', () => {
  test('When an order is in the pool, then only technicians with the skill see it and are told of it', async () => {
    const w = await world(stack, { mode: 'pool', techs: [{ name: '钱师傅', skills: ['水电'] }, { name: '李师傅', skills: ['门窗'] }, { name: '周师傅', skills: ['水电'], onDuty: false }] });
    const o = await w.report();
    expect(o).toMatchObject({ status: 'submitted', inPool: true });
    const [qian, li, zhou] = await Promise.all(w.techs.map(async (t) => ok(await stack.invoke('repairs', 'queue', {}, t.token))));
    expect(qian.pool.map((x) => x.id)).toEqual([o.id]);
    expect(li.pool).toEqual([]);
    expect(zhou.pool.map((x) => x.id)).toEqual([o.id]); // off duty: not told, but may look and claim
    expect(await queued(w.techs[0], 'repair.alert', o.id)).toHaveLength(1);
    expect(await queued(w.techs[1], 'repair.alert', o.id)).toHaveLength(0);
    expect(await queued(w.techs[2], 'repair.alert', o.id)).toHaveLength(0);
    const seen = ok(await stack.invoke('repairs', 'get', { repairId: o.id }, w.techs[0].token));
    expect(seen.can).toContain('claim');
    const notForLi = ok(await stack.invoke('repairs', 'get', { repairId: o.id }, w.techs[1].token));
    expect(notForLi.can).not.toContain('claim');
  });

  test('When 50 technicians claim the same order at once, then exactly one gets it and 49 are told it is taken', async () => {
    const w = await world(stack, { mode: 'pool', techs: [] });
    const techs: Person[] = [];
    for (let i = 0; i < 50; i++) techs.push(await staff(stack, w.communityId, { roles: ['technician'], name: `师傅${i}`, skills: ['水电'], onDuty: true }));
    const o = await w.report();
    expect(o.inPool).toBe(true);
    const results = await Promise.all(techs.map((t) => stack.invoke('repairs', 'claim', { repairId: o.id }, t.token)));
    const won = results.filter((r) => r.ok);
    const lost = results.filter((r) => !r.ok);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => !r.ok && r.error.code)).toEqual(Array(49).fill('REPAIR.ALREADY_TAKEN'));
    const winner = techs[results.findIndex((r) => r.ok)];
    const doc = await orderDoc(o.id);
    expect(doc).toMatchObject({ status: 'accepted', inPool: false, assigneeName: winner.name });
    expect(String(doc.assigneeId)).toBe(winner.id);
    expect(doc.history.filter((h) => h.event === 'claim')).toHaveLength(1);
    expect(doc.history.filter((h) => h.event === 'claim')[0]).toMatchObject({ from: 'submitted', to: 'accepted', byName: winner.name });
    // The owner hears once that it was taken.
    expect((await queued(w.owner, 'repair.progress', o.id)).filter((m) => m.eventKey !== `repair:${o.id}:received`)).toHaveLength(1);
    // A late claim is told the same.
    expect(err(await stack.invoke('repairs', 'claim', { repairId: o.id }, techs[0] === winner ? techs[1].token : techs[0].token)).code).toBe('REPAIR.ALREADY_TAKEN');
  }, 60_000);
});

describe('manual dispatch', () => {
  test('When the community dispatches by hand, then the order waits until an agent assigns it (the deadline job does not dispatch it)', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{ name: '钱师傅' }] });
    const o = await w.report();
    expect(o).toMatchObject({ status: 'submitted', inPool: false });
    expect(o.flags).not.toContain('unassigned');
    at(5);
    ok(await stack.invoke('jobs', 'repairSla', {}, w.manager.token));
    expect((await orderDoc(o.id)).status).toBe('submitted');
    expect(ok(await stack.invoke('repairs', 'queue', {}, w.techs[0].token))).toEqual({ mine: [], pool: [], more: { mine: false, pool: false } });
    const assigned = ok(await stack.invoke('repairs', 'assign', { repairId: o.id, technicianId: w.techs[0].id }, w.agent.token));
    expect(assigned).toMatchObject({ status: 'dispatched', assigneeName: '钱师傅' });
    expect(assigned.history[assigned.history.length - 1]).toMatchObject({ event: 'dispatch', from: 'submitted', to: 'dispatched', byName: '孙客服' });
    expect(ok(await stack.invoke('repairs', 'queue', {}, w.techs[0].token)).mine.map((x) => x.id)).toEqual([o.id]);
    expect(await queued(w.techs[0], 'repair.assigned', o.id)).toHaveLength(1);
  });
});

describe('emergencies', () => {
  test('When an owner reports a gas smell, then it is an emergency, the managers are alerted at once and it comes first in the pool and the lists', async () => {
    const w = await world(stack, { mode: 'pool', techs: [{ name: '钱师傅', skills: ['水电', '其他'] }] });
    await credits(stack, w.manager, ALERT.templateId);
    const calm = await w.report();
    at(1);
    const gas = await w.report({ category: '其他', description: '厨房闻到燃气味，很浓' });
    expect(gas).toMatchObject({ urgency: 'emergency', status: 'submitted', inPool: true });
    expect(gas.flags).toContain('emergency');
    expect(new Date(gas.deadlines.accept!).getTime()).toBe(clock.getTime() + 15 * 60_000);
    expect((await queued(w.manager, 'repair.alert', gas.id)).map((m) => m.eventKey)).toEqual([`repair:${gas.id}:emergency`]);
    expect(await queued(w.manager, 'repair.alert', calm.id)).toHaveLength(0);
    await deliverOutbox({ ratePerSecond: 1000 });
    const sent = stack.wechat.messages().filter((m) => m.touser === w.manager.openid && m.templateId === ALERT.templateId);
    expect(sent.map((m) => m.data.phrase3)).toEqual(['紧急报修']);

    const q = ok(await stack.invoke('repairs', 'queue', {}, w.techs[0].token));
    expect(q.pool.map((x) => x.id)).toEqual([gas.id, calm.id]);
    const list = ok(await stack.invoke('repairs', 'list', { state: 'open' }, w.agent.token));
    expect(list.items.map((x) => x.id)).toEqual([gas.id, calm.id]);
    const board = ok(await stack.invoke('repairs', 'board', {}, w.manager.token));
    expect(board.unassigned.map((x) => x.id)).toEqual([gas.id, calm.id]);
    expect(board.flagged.map((x) => x.id)).toContain(gas.id);
    // Once claimed, it also leads the technician's own list.
    ok(await stack.invoke('repairs', 'claim', { repairId: calm.id }, w.techs[0].token));
    ok(await stack.invoke('repairs', 'claim', { repairId: gas.id }, w.techs[0].token));
    expect(ok(await stack.invoke('repairs', 'queue', {}, w.techs[0].token)).mine.map((x) => x.id)).toEqual([gas.id, calm.id]);
  });

  test('When an emergency is reported in auto mode, then it is dispatched at once and the managers still hear of it', async () => {
    const w = await world(stack, { techs: [{ name: '钱师傅' }] });
    const o = await w.report({ description: '配电箱冒烟了，有焦糊味', requestId: rid() });
    expect(o).toMatchObject({ urgency: 'emergency', status: 'dispatched', assigneeName: '钱师傅' });
    expect(await queued(w.manager, 'repair.alert', o.id)).toHaveLength(1);
    expect(await queued(w.techs[0], 'repair.assigned', o.id)).toHaveLength(1);
  });
});
