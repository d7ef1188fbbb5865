import { Types } from 'mongoose';
import type { RepairDetail } from '@shared/contracts/repairs.contract';
import { REPAIR_STATUS_LABELS, REPAIR_TRANSITIONS, type RepairEvent, type RepairStatus } from '@shared/domain/repairs';
import { statusOf, type Envelope, type ErrorBody } from '@shared/errors';
import { setClock } from '../../cloud/lib/clock';
import { FollowUp } from '../../cloud/modules/followups/followup.model';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { loginAs, makeOwner } from '../helpers/factories';
import { DAYTIME, err, ok, orderDoc, queued, rid, world, type Person, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Every transition of the one table through the real entry points: what is allowed leads where
 * the table says (status, history, the order's fields); what is not is a 409 naming both states.
 */
let stack: Stack;
let clock = DAYTIME;
const at = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};
beforeAll(async () => {
  stack = await startStack();
  setClock(() => clock);
});
beforeEach(() => {
  clock = DAYTIME;
  setClock(() => clock);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(14)]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

type Call = (action: string, data?: Record<string, unknown>, token?: string) => Promise<Envelope<RepairDetail>>;
const caller = (id: string): Call => (action, data = {}, token) => stack.invoke('repairs', action as 'get', { repairId: id, ...data } as never, token) as Promise<Envelope<RepairDetail>>;

async function followUpOf(id: string) {
  return FollowUp.findOne({ sourceId: id }).sort({ createdAt: -1, _id: -1 }).lean();
}

async function recordFollowUp(w: World, id: string, outcome: 'satisfied' | 'neutral' | 'unsatisfied' = 'satisfied', note?: string) {
  const task = await followUpOf(id);
  return stack.invoke('followups', 'record', { followUpId: String(task!._id), method: 'phone', outcome, ...(note ? { note } : {}) }, w.agent.token);
}

/**
 * Who reports the next order of `w`: the table's cases make dozens of orders of one unit at one
 * instant, past what one owner may report (10 an hour), so every 10 orders another member of the
 * household reports; `w.owner` still acts on them all as an owner of the unit.
 */
const reporters = new Map<World, { token: Promise<string>; used: number }>();
function reporterOf(w: World): Promise<string> {
  let r = reporters.get(w);
  if (!r || r.used >= 10) {
    r = { token: makeOwner(w.communityId, [new Types.ObjectId(w.unitId)], '赵家人').then((m) => loginAs(stack, m._id)), used: 0 };
    reporters.set(w, r);
  }
  r.used++;
  return r.token;
}

/** An order of `w` in `status` (assigned, when it has been, to the first technician). */
async function drive(w: World, status: RepairStatus): Promise<string> {
  const t0 = w.techs[0];
  const id = (await w.report({}, await reporterOf(w))).id;
  const call = async (action: string, data: Record<string, unknown>, token: string) => ok(await caller(id)(action, data, token), action);
  if (status === 'submitted') return id;
  if (status === 'cancelled') {
    await call('cancel', {}, w.owner.token);
    return id;
  }
  await call('assign', { technicianId: t0.id }, w.agent.token);
  if (status === 'dispatched') return id;
  if (status === 'returned') {
    await call('return', { reason: '缺少专用工具' }, t0.token);
    return id;
  }
  await call('accept', {}, t0.token);
  if (status === 'accepted') return id;
  await call('arrive', {}, t0.token);
  if (status === 'arrived') return id;
  if (status === 'paused') {
    await call('pause', { reason: '等待配件到货' }, t0.token);
    return id;
  }
  await call('complete', { note: '更换插座', materials: [{ name: '插座', quantity: 1, unit: '个' }] }, t0.token);
  if (status === 'completed') return id;
  if (status === 'rated') {
    await call('rate', { overall: 4, speed: 4, attitude: 5 }, w.owner.token);
    return id;
  }
  if (status === 'closed') {
    ok(await recordFollowUp(w, id), 'record');
    return id;
  }
  if (status === 'reopened') {
    await call('reopen', { reason: '插座又松了' }, w.owner.token);
    return id;
  }
  throw new Error(`cannot drive to ${status}`);
}

function expectRefused(e: ErrorBody, from: RepairStatus, to: RepairStatus) {
  expect(e.code).toBe('REPAIR.INVALID_TRANSITION');
  expect(statusOf(e.code)).toBe(409);
  expect(e.message).toContain(`“${REPAIR_STATUS_LABELS[from]}”`);
  expect(e.message).toContain(`“${REPAIR_STATUS_LABELS[to]}”`);
  expect(e.details).toMatchObject({ from, to });
}

/** Who does each event, and how. */
const PERFORM: Record<RepairEvent, { who: (w: World) => Person; run: (w: World, id: string) => Promise<Envelope<unknown>>; note?: RegExp }> = {
  dispatch: { who: (w) => w.agent, run: (w, id) => caller(id)('assign', { technicianId: w.techs[1].id }, w.agent.token), note: /孙客服派给 李师傅/ },
  claim: { who: (w) => w.techs[1], run: (w, id) => caller(id)('claim', {}, w.techs[1].token) },
  accept: { who: (w) => w.techs[0], run: (w, id) => caller(id)('accept', {}, w.techs[0].token) },
  return: { who: (w) => w.techs[0], run: (w, id) => caller(id)('return', { reason: '不是我负责的区域' }, w.techs[0].token), note: /不是我负责的区域/ },
  arrive: { who: (w) => w.techs[0], run: (w, id) => caller(id)('arrive', {}, w.techs[0].token) },
  pause: { who: (w) => w.techs[0], run: (w, id) => caller(id)('pause', { reason: '等待配件到货' }, w.techs[0].token), note: /等待配件到货/ },
  resume: { who: (w) => w.techs[0], run: (w, id) => caller(id)('resume', {}, w.techs[0].token), note: /暂停 \d+ 分钟/ },
  complete: { who: (w) => w.techs[0], run: (w, id) => caller(id)('complete', { note: '更换插座面板', materials: [{ name: '插座', quantity: 1, unit: '个' }] }, w.techs[0].token), note: /更换插座面板/ },
  rate: { who: (w) => w.owner, run: (w, id) => caller(id)('rate', { overall: 5, speed: 4, attitude: 5, comment: '很好' }, w.owner.token), note: /总体5星/ },
  close: { who: (w) => w.agent, run: (w, id) => recordFollowUp(w, id, 'satisfied', '业主满意'), note: /回访：满意/ },
  cancel: { who: (w) => w.owner, run: (w, id) => caller(id)('cancel', { reason: '自己修好了' }, w.owner.token), note: /自己修好了/ },
  reopen: { who: (w) => w.owner, run: (w, id) => caller(id)('reopen', { reason: '问题又出现了' }, w.owner.token), note: /问题又出现了/ },
};

const ALLOWED: [RepairEvent, RepairStatus][] = (Object.keys(REPAIR_TRANSITIONS) as RepairEvent[]).flatMap((e) => (REPAIR_TRANSITIONS[e].from as readonly RepairStatus[]).map((s) => [e, s] as [RepairEvent, RepairStatus]));

/** Fields each event writes on the order. */
async function expectFields(event: RepairEvent, w: World, id: string, before: RepairStatus) {
  const o = await orderDoc(id);
  switch (event) {
    case 'dispatch':
      expect(o).toMatchObject({ assigneeName: '李师傅', inPool: false });
      expect(o.dispatchedAt?.getTime()).toBe(clock.getTime());
      expect(o.deadlines?.accept?.getTime()).toBe(clock.getTime() + 120 * 60_000);
      break;
    case 'claim':
      expect(o).toMatchObject({ assigneeName: '李师傅', inPool: false });
      expect(String(o.assigneeId)).toBe(w.techs[1].id);
      expect(o.acceptedAt?.getTime()).toBe(clock.getTime());
      break;
    case 'accept':
      expect(o.acceptedAt?.getTime()).toBe(clock.getTime());
      break;
    case 'return':
      expect(o.assigneeId).toBeUndefined();
      expect(o.excludedIds.map(String)).toEqual([w.techs[0].id]);
      expect(o.inPool).toBe(true); // pool mode: back into the pool
      break;
    case 'arrive':
      expect(o.arrivedAt?.getTime()).toBe(clock.getTime());
      break;
    case 'pause':
      expect(o).toMatchObject({ pauseReason: '等待配件到货' });
      expect(o.pausedAt?.getTime()).toBe(clock.getTime());
      break;
    case 'resume':
      expect(o.pausedAt).toBeUndefined();
      expect(o.pauseReason).toBeUndefined();
      break;
    case 'complete':
      expect(o).toMatchObject({ completionNote: '更换插座面板', materials: [{ name: '插座', quantity: 1, unit: '个' }] });
      expect(o.completedAt?.getTime()).toBe(clock.getTime());
      break;
    case 'rate':
      expect(o.rating).toMatchObject({ overall: 5, speed: 4, attitude: 5, comment: '很好' });
      break;
    case 'close':
      expect(o.closedAt?.getTime()).toBe(clock.getTime());
      expect(o.rating?.overall ?? null).toBe(before === 'rated' ? 4 : null);
      break;
    case 'cancel':
      expect(o.cancelledAt?.getTime()).toBe(clock.getTime());
      expect(o.inPool).toBe(false);
      break;
    case 'reopen':
      expect(o).toMatchObject({ reopenCount: 1, inPool: true });
      expect(o.assigneeId).toBeUndefined();
      expect(o.completedAt).toBeUndefined();
      expect(o.roundFrom.getTime()).toBe(clock.getTime());
      break;
  }
}

/**
 * The table-driven tests run concurrently and share one pool-mode community (each case makes its
 * own order; the clock stays fixed). Concurrent tests start before nested hooks run: made lazily.
 */
let shared: Promise<World> | undefined;
const poolWorld = () => (shared ??= world(stack, { mode: 'pool', techs: [{ name: '钱师傅' }, { name: '李师傅' }] }));

describe('allowed transitions', () => {
  test.concurrent.each(ALLOWED)('When %s happens to a %s order, then it moves where the table says and the history records it', async (event, from) => {
    const w = await poolWorld();
    const id = await drive(w, from);
    expect((await orderDoc(id)).status).toBe(from);
    ok(await PERFORM[event].run(w, id), event);
    const o = await orderDoc(id);
    const to = REPAIR_TRANSITIONS[event].to;
    expect(o.status).toBe(to);
    const last = o.history[o.history.length - 1];
    expect(last).toMatchObject({ event, from, to, byName: PERFORM[event].who(w).name });
    expect(last.at.getTime()).toBe(clock.getTime());
    if (PERFORM[event].note) expect(last.note).toMatch(PERFORM[event].note!);
    await expectFields(event, w, id, from);
    // The view the owner gets agrees with the document.
    const seen = ok(await caller(id)('get', {}, w.owner.token));
    expect(seen.status).toBe(to);
    expect(seen.history[seen.history.length - 1]).toMatchObject({ event, from, to, byName: PERFORM[event].who(w).name });
  });
});

describe('refused transitions', () => {
  const REFUSED: [RepairEvent, RepairStatus][] = [
    ['dispatch', 'accepted'],
    ['dispatch', 'cancelled'],
    ['claim', 'cancelled'],
    ['accept', 'submitted'],
    ['accept', 'cancelled'],
    ['return', 'arrived'],
    ['arrive', 'dispatched'],
    ['pause', 'accepted'],
    ['resume', 'accepted'],
    ['complete', 'paused'],
    ['complete', 'accepted'],
    ['rate', 'arrived'],
    ['rate', 'rated'],
    ['cancel', 'accepted'],
    ['cancel', 'arrived'],
    ['cancel', 'completed'],
    ['reopen', 'arrived'],
    ['reopen', 'cancelled'],
  ];
  test.concurrent.each(REFUSED)('When %s is tried on a %s order, then it is refused with 409 naming both states and nothing changes', async (event, from) => {
    const w = await poolWorld();
    const id = await drive(w, from);
    const before = await orderDoc(id);
    const e = err(await PERFORM[event].run(w, id));
    expectRefused(e, from, REPAIR_TRANSITIONS[event].to);
    const after = await orderDoc(id);
    expect(after.status).toBe(from);
    expect(after.rev).toBe(before.rev);
    expect(after.history).toHaveLength(before.history.length);
  });

  test('When an order is cancelled after a technician accepted it, then the message says 已接单 and 已取消', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}] });
    const id = await drive(w, 'accepted');
    const e = err(await caller(id)('cancel', {}, w.owner.token));
    expectRefused(e, 'accepted', 'cancelled');
    expect(e.message).toContain('已接单');
    expect(e.message).toContain('已取消');
    // Over HTTP the status is 409 too.
    const res = await stack.http('repairs', { action: 'cancel', data: { repairId: id } }, { token: w.owner.token });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'REPAIR.INVALID_TRANSITION' } });
  });

  test('When a follow-up is recorded for an order that was reopened, then the order stays reopened (the next round closes it)', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}] });
    const id = await drive(w, 'reopened');
    ok(await recordFollowUp(w, id, 'satisfied'));
    expect((await orderDoc(id)).status).toBe('reopened');
  });

  test('When an order is finished, then it cannot be urged', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}] });
    const id = await drive(w, 'completed');
    const e = err(await caller(id)('urge', {}, w.owner.token));
    expect(e.code).toBe('REPAIR.INVALID_TRANSITION');
    expect(e.message).toContain('待评价');
  });
});

describe('who may act', () => {
  test("When an owner touches another owner's order, then it is 404 REPAIR.NOT_FOUND for get, urge, rate and cancel", async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}] });
    const other = await w.otherOwner();
    const submitted = await drive(w, 'submitted');
    const completed = await drive(w, 'completed');
    for (const [action, id, data] of [
      ['get', submitted, {}],
      ['urge', submitted, {}],
      ['cancel', submitted, {}],
      ['rate', completed, { overall: 1, speed: 1, attitude: 1 }],
      ['reopen', completed, { reason: '我想重开' }],
    ] as const) {
      const e = err(await caller(id)(action, data, other.token));
      expect([action, e.code]).toEqual([action, 'REPAIR.NOT_FOUND']);
      expect(statusOf(e.code)).toBe(404);
    }
    expect((await orderDoc(submitted)).status).toBe('submitted');
    expect((await orderDoc(completed)).status).toBe('completed');
    const mine = ok(await stack.invoke('repairs', 'mine', {}, other.token));
    expect(mine.total).toBe(0);
  });

  test('When a technician acts on an order assigned to someone else, then it is 403 REPAIR.NOT_ASSIGNEE', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}, {}] });
    const dispatched = await drive(w, 'dispatched');
    const arrived = await drive(w, 'arrived');
    const intruder = w.techs[1];
    for (const [action, id, data] of [
      ['accept', dispatched, {}],
      ['return', dispatched, { reason: '我来退一下' }],
      ['pause', arrived, { reason: '等待配件' }],
      ['complete', arrived, {}],
    ] as const) {
      const e = err(await caller(id)(action, data, intruder.token));
      expect([action, e.code]).toEqual([action, 'REPAIR.NOT_ASSIGNEE']);
      expect(statusOf(e.code)).toBe(403);
    }
    expect((await orderDoc(dispatched)).status).toBe('dispatched');
  });

  test('When an agent assigns to a technician without the skill, then it is 403 REPAIR.NO_SKILL and the order still waits', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{ skills: ['门窗'] }] });
    const id = await drive(w, 'submitted');
    const e = err(await caller(id)('assign', { technicianId: w.techs[0].id }, w.agent.token));
    expect(e.code).toBe('REPAIR.NO_SKILL');
    expect(statusOf(e.code)).toBe(403);
    expect(e.message).toContain('水电');
    expect((await orderDoc(id)).status).toBe('submitted');
    // An agent is not a technician.
    const notTech = err(await caller(id)('assign', { technicianId: w.agent.id }, w.agent.token));
    expect(notTech.code).toBe('REPAIR.NO_SKILL');
  });

  test('When a technician without the skill claims a pool order, then it is 403 REPAIR.NO_SKILL', async () => {
    const w = await world(stack, { mode: 'pool', techs: [{ skills: ['门窗'] }] });
    const id = await drive(w, 'submitted');
    expect((await orderDoc(id)).inPool).toBe(true);
    const e = err(await caller(id)('claim', {}, w.techs[0].token));
    expect(e.code).toBe('REPAIR.NO_SKILL');
    expect(statusOf(e.code)).toBe(403);
    expect((await orderDoc(id)).status).toBe('submitted');
  });
});

describe('urging', () => {
  test('When the owner urges twice within 30 minutes, then the second is 429; after 30 minutes it works and the managers hear of it too', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}], managers: 2 });
    const id = await drive(w, 'dispatched');
    const first = ok(await caller(id)('urge', {}, w.owner.token));
    expect(first.urgeCount).toBe(1);
    expect(first.can).not.toContain('urge');
    expect(first.history[first.history.length - 1]).toMatchObject({ event: 'urge', from: 'dispatched', to: 'dispatched', byName: '赵业主', note: '第1次催单' });
    // The first urge: only the technician.
    expect(await queued(w.techs[0], 'repair.alert', id)).toHaveLength(1);
    expect(await queued(w.manager, 'repair.alert', id)).toHaveLength(0);

    at(29);
    const tooSoon = err(await caller(id)('urge', {}, w.owner.token));
    expect(tooSoon.code).toBe('REPAIR.URGE_TOO_SOON');
    expect(statusOf(tooSoon.code)).toBe(429);
    expect(tooSoon.message).toContain('1分钟');
    expect((await orderDoc(id)).urgeCount).toBe(1);

    at(1);
    const second = ok(await caller(id)('urge', {}, w.owner.token));
    expect(second.urgeCount).toBe(2);
    expect(await queued(w.techs[0], 'repair.alert', id)).toHaveLength(2);
    const toManagers = await queued(w.manager, 'repair.alert', id);
    expect(toManagers).toHaveLength(1);
    expect(toManagers[0].eventKey).toBe(`repair:${id}:urge:2`);
    const managers = await Repair.db.model('User').find({ communityId: w.communityId, roles: 'manager' }).lean();
    for (const m of managers) expect(await queued(String(m._id), 'repair.alert', id)).toHaveLength(1);
  });

  test('When two urges race, then only one counts', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}] });
    const id = await drive(w, 'dispatched');
    const results = await Promise.all([caller(id)('urge', {}, w.owner.token), caller(id)('urge', {}, w.owner.token), caller(id)('urge', {}, w.owner.token)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(['REPAIR.URGE_TOO_SOON', 'REPAIR.URGE_TOO_SOON']);
    expect((await orderDoc(id)).urgeCount).toBe(1);
  });
});

describe('reopening', () => {
  test('When the owner reopens more than 7 days after completion, then it is 409 REPAIR.REOPEN_EXPIRED', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}] });
    const id = await drive(w, 'completed');
    at(7 * 24 * 60 + 1);
    const token = await stack.login(stack.wechat.mintCode(w.owner.openid)); // the old session has expired too
    const e = err(await caller(id)('reopen', { reason: '又漏了' }, token));
    expect(e.code).toBe('REPAIR.REOPEN_EXPIRED');
    expect(statusOf(e.code)).toBe(409);
    expect((await orderDoc(id)).status).toBe('completed');
  });

  test('When the owner reopens within 7 days, then a new round starts and it is dispatched again', async () => {
    const w = await world(stack, { techs: [{}] }); // auto
    const id = (await w.report()).id;
    const call = caller(id);
    const t = w.techs[0];
    expect((await orderDoc(id)).status).toBe('dispatched');
    ok(await call('accept', {}, t.token));
    ok(await call('arrive', {}, t.token));
    ok(await call('complete', {}, t.token));
    ok(await call('rate', { overall: 3, speed: 3, attitude: 3 }, w.owner.token));
    at(6 * 24 * 60);
    const reopened = ok(await call('reopen', { reason: '插座又松了' }, w.owner.token));
    expect(reopened).toMatchObject({ status: 'dispatched', assigneeName: '钱师傅' });
    expect(reopened.flags).toContain('reopened');
    expect(reopened.history.slice(-2).map((h) => [h.event, h.from, h.to])).toEqual([
      ['reopen', 'rated', 'reopened'],
      ['dispatch', 'reopened', 'dispatched'],
    ]);
    const o = await orderDoc(id);
    expect(o.roundFrom.getTime()).toBe(clock.getTime());
    expect(o.deadlines?.complete?.getTime()).toBe(clock.getTime() + 72 * 3600_000);
    expect(o.reopenCount).toBe(1);
    expect(await queued(w.manager, 'repair.alert', id)).toHaveLength(1);
    // The second round gets its own follow-up.
    ok(await call('accept', {}, t.token));
    ok(await call('arrive', {}, t.token));
    ok(await call('complete', {}, t.token));
    expect(await FollowUp.countDocuments({ sourceId: id })).toBe(2);
  });
});

describe('returning', () => {
  test('When a technician returns an order in auto mode, then it goes to another technician, never back to the returner', async () => {
    const w = await world(stack, { techs: [{ name: '钱师傅' }, { name: '李师傅' }] });
    const first = await w.report();
    const returner = w.techs.find((t) => t.name === first.assigneeName)!;
    const other = w.techs.find((t) => t !== returner)!;
    const back = ok(await caller(first.id)('return', { reason: '今天不在小区' }, returner.token));
    expect(back).toMatchObject({ status: 'dispatched', assigneeName: other.name });
    expect(back.history.slice(-2).map((h) => [h.event, h.from, h.to])).toEqual([
      ['return', 'dispatched', 'returned'],
      ['dispatch', 'returned', 'dispatched'],
    ]);
    // The second technician returns it too: nobody is left, it waits flagged.
    const again = ok(await caller(first.id)('return', { reason: '不会修' }, other.token));
    expect(again).toMatchObject({ status: 'returned' });
    expect(again.flags).toContain('unassigned');
    expect((await orderDoc(first.id)).excludedIds.map(String).sort()).toEqual([returner.id, other.id].sort());
    // The returner cannot be assigned by auto-dispatch again; a manual assignment still works.
    ok(await caller(first.id)('assign', { technicianId: returner.id }, w.agent.token));
  });

  test('When a technician returns an order in pool mode, then it goes back into the pool for the others', async () => {
    const w = await world(stack, { mode: 'pool', techs: [{ name: '钱师傅' }, { name: '李师傅' }] });
    const id = await drive(w, 'accepted');
    const back = ok(await caller(id)('return', { reason: '今天不在小区' }, w.techs[0].token));
    expect(back).toMatchObject({ status: 'returned', inPool: true });
    const q0 = ok(await stack.invoke('repairs', 'queue', {}, w.techs[0].token));
    const q1 = ok(await stack.invoke('repairs', 'queue', {}, w.techs[1].token));
    expect(q0.pool.map((o) => o.id)).not.toContain(id);
    expect(q1.pool.map((o) => o.id)).toContain(id);
    const e = err(await caller(id)('claim', {}, w.techs[0].token));
    expect(e.code).toBe('REPAIR.INVALID_TRANSITION');
    ok(await caller(id)('claim', {}, w.techs[1].token));
  });
});

describe('pausing', () => {
  test('When a technician pauses and resumes, then the completion deadline moves by the paused time', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}] });
    const id = await drive(w, 'arrived');
    const due = (await orderDoc(id)).deadlines!.complete!.getTime();
    at(10);
    ok(await caller(id)('pause', { reason: '等待配件到货' }, w.techs[0].token));
    const paused = ok(await caller(id)('get', {}, w.owner.token));
    expect(paused.pauseReason).toBe('等待配件到货');
    expect(paused.deadline).toBeUndefined();
    at(180);
    const resumed = ok(await caller(id)('resume', {}, w.techs[0].token));
    expect(resumed.status).toBe('arrived');
    expect(new Date(resumed.deadlines.complete!).getTime()).toBe(due + 180 * 60_000);
    expect(resumed.deadline).toMatchObject({ stage: 'complete', at: new Date(due + 180 * 60_000).toISOString() });
    expect(resumed.history[resumed.history.length - 1].note).toBe('暂停 180 分钟');
  });
});

describe('reporting', () => {
  test('When the same form is submitted twice, then there is one order', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}] });
    const requestId = rid();
    const a = await w.report({ requestId });
    const b = await w.report({ requestId, description: '第二次提交，内容不同' });
    expect(b.id).toBe(a.id);
    expect(b.description).toBe(a.description);
    expect(await Repair.countDocuments({ communityId: w.communityId })).toBe(1);
  });

  test('When 10 submissions with the same request id arrive at once, then there is one order in the database', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}] });
    const requestId = rid();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => stack.invoke('repairs', 'create', { requestId, area: 'home', unitId: w.unitId, category: '水电', description: '厨房灯不亮了，开关没反应' }, w.owner.token)),
    );
    const ids = new Set(results.map((r) => ok(r).id));
    expect(ids.size).toBe(1);
    expect(await Repair.countDocuments({ communityId: w.communityId })).toBe(1);
  });

  test('When the category is not one of the community, then it is 400 REPAIR.BAD_CATEGORY listing the choices', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}] });
    const e = err(await stack.invoke('repairs', 'create', { requestId: rid(), area: 'home', unitId: w.unitId, category: '宠物', description: '家里的猫跑丢了怎么办' }, w.owner.token));
    expect(e.code).toBe('REPAIR.BAD_CATEGORY');
    expect(statusOf(e.code)).toBe(400);
    expect(e.message).toContain('水电');
    expect(await Repair.countDocuments({ communityId: w.communityId })).toBe(0);
  });

  test("When a home report has no unit or someone else's unit, then it is refused", async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}] });
    const other = await w.otherOwner();
    const noUnit = err(await stack.invoke('repairs', 'create', { requestId: rid(), area: 'home', category: '水电', description: '厨房灯不亮了，开关没反应' }, w.owner.token));
    expect(noUnit.code).toBe('VALIDATION');
    expect(statusOf(noUnit.code)).toBe(400);
    const notMine = err(await stack.invoke('repairs', 'create', { requestId: rid(), area: 'home', unitId: other.unitId, category: '水电', description: '厨房灯不亮了，开关没反应' }, w.owner.token));
    expect(notMine.code).toBe('UNIT.NOT_FOUND');
    expect(statusOf(notMine.code)).toBe(404);
    expect(await Repair.countDocuments({ communityId: w.communityId })).toBe(0);
    // A common-area report needs the place.
    const common = err(await stack.invoke('repairs', 'create', { requestId: rid(), area: 'common', category: '水电', description: '楼道灯不亮了，晚上很黑' }, w.owner.token));
    expect(common.code).toBe('VALIDATION');
    const ok2 = ok(await stack.invoke('repairs', 'create', { requestId: rid(), area: 'common', place: '3栋电梯厅', category: '水电', description: '楼道灯不亮了，晚上很黑' }, w.owner.token));
    expect(ok2).toMatchObject({ area: 'common', location: '3栋电梯厅' });
  });
});

describe('photos', () => {
  const upload = (p: Person, bytes: Buffer, fileName = 'a.png') => stack.invoke('files', 'upload', { purpose: 'repair', fileName, contentBase64: bytes.toString('base64') }, p.token);

  test('When PNG, JPEG and WebP photos are uploaded, then they are accepted by their bytes and can be attached and shown', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}] });
    const png = ok(await upload(w.owner, PNG, 'x.jpg'));
    const jpeg = ok(await upload(w.owner, JPEG, 'x.jpg'));
    const webp = ok(await upload(w.owner, WEBP, 'x.webp'));
    expect([png.mime, jpeg.mime, webp.mime]).toEqual(['image/png', 'image/jpeg', 'image/webp']);
    const order = await w.report({ photoIds: [png.id, jpeg.id, webp.id] });
    expect(order.photos.map((p) => p.id)).toEqual([png.id, jpeg.id, webp.id]);
    const res = await fetch(`${stack.baseUrl}${order.photos[1].url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer()).equals(JPEG)).toBe(true);
    // A tampered signature, a changed expiry or no signature: 404.
    const url = new URL(order.photos[1].url, stack.baseUrl);
    const sig = url.searchParams.get('sig')!;
    url.searchParams.set('sig', `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`);
    expect((await fetch(url)).status).toBe(404);
    const longer = new URL(order.photos[1].url, stack.baseUrl);
    longer.searchParams.set('exp', String(Number(longer.searchParams.get('exp')) + 3600_000));
    expect((await fetch(longer)).status).toBe(404);
    expect((await fetch(`${stack.baseUrl}/files/${jpeg.id}`)).status).toBe(404);
  });

  test('When a GIF or a text file is uploaded, then it is 400 FILE.BAD_TYPE', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}] });
    for (const bytes of [GIF, Buffer.from('这不是图片，只是一段文字')]) {
      const e = err(await upload(w.owner, bytes, 'photo.png'));
      expect(e.code).toBe('FILE.BAD_TYPE');
      expect(statusOf(e.code)).toBe(400);
    }
  });

  test('When a photo is larger than 5 MB, then it is refused with a message naming 5 MB', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}] });
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 + 1 - PNG.length)]);
    const e = err(await upload(w.owner, big));
    expect(['VALIDATION', 'FILE.TOO_LARGE']).toContain(e.code);
    expect(statusOf(e.code)).toBe(400);
    expect(e.message).toContain('5 MB');
    // Exactly 5 MB is fine.
    const edge = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 - PNG.length)]);
    expect(ok(await upload(w.owner, edge)).size).toBe(5 * 1024 * 1024);
  });

  test('When an owner attaches a photo someone else uploaded, then it is 404 FILE.NOT_FOUND and no order is made', async () => {
    const w = await world(stack, { mode: 'manual', techs: [{}] });
    const other = await w.otherOwner();
    const theirs = ok(await upload(other, PNG));
    const mine = ok(await upload(w.owner, PNG));
    const e = err(await stack.invoke('repairs', 'create', { requestId: rid(), area: 'home', unitId: w.unitId, category: '水电', description: '厨房灯不亮了，开关没反应', photoIds: [mine.id, theirs.id] }, w.owner.token));
    expect(e.code).toBe('FILE.NOT_FOUND');
    expect(statusOf(e.code)).toBe(404);
    expect(await Repair.countDocuments({ communityId: w.communityId })).toBe(0);
    // Completion photos: the technician's own only.
    const id = await drive(w, 'arrived');
    const notTheirs = err(await caller(id)('complete', { afterPhotoIds: [mine.id] }, w.techs[0].token));
    expect(notTheirs.code).toBe('FILE.NOT_FOUND');
    const techPhoto = ok(await upload(w.techs[0], JPEG));
    const done = ok(await caller(id)('complete', { afterPhotoIds: [techPhoto.id] }, w.techs[0].token));
    expect(done.afterPhotos.map((p) => p.id)).toEqual([techPhoto.id]);
  });
});

describe('settings', () => {
  test('When a manager saves settings, then categories, mode and deadlines change; bad deadlines and owners are refused', async () => {
    const w = await world(stack, { techs: [{}] });
    const before = ok(await stack.invoke('repairs', 'settings', {}, w.owner.token));
    expect(before.dispatchMode).toBe('auto');
    const sla = { emergency: { accept: 10, arrive: 20, complete: 120 }, urgent: { accept: 20, arrive: 60, complete: 600 }, normal: { accept: 60, arrive: 600, complete: 3000 } };
    const saved = await w.settings({ categories: ['水电', '灯具'], dispatchMode: 'pool', poolFallbackMinutes: 5, sla });
    expect(saved).toEqual({ categories: ['水电', '灯具'], dispatchMode: 'pool', poolFallbackMinutes: 5, sla });
    expect(ok(await stack.invoke('repairs', 'settings', {}, w.techs[0].token))).toEqual(saved);
    // They apply to new orders: category list, pool mode, the normal deadlines.
    const order = await w.report({ category: '灯具' });
    expect(order).toMatchObject({ status: 'submitted', inPool: true, category: '灯具' });
    expect(new Date(order.deadlines.arrive!).getTime()).toBe(clock.getTime() + 600 * 60_000);
    expect(err(await stack.invoke('repairs', 'create', { requestId: rid(), area: 'home', unitId: w.unitId, category: '门窗', description: '窗户关不上了，漏风' }, w.owner.token)).code).toBe('REPAIR.BAD_CATEGORY');

    const bad = err(await stack.invoke('repairs', 'saveSettings', { ...saved, sla: { ...sla, normal: { accept: 120, arrive: 60, complete: 3000 } } }, w.manager.token));
    expect(bad.code).toBe('VALIDATION');
    expect(statusOf(bad.code)).toBe(400);
    expect(JSON.stringify(bad.details?.issues)).toContain('接单 ≤ 到场 ≤ 完工');
    const missing = err(await stack.invoke('repairs', 'saveSettings', { ...saved, sla: { normal: sla.normal } } as never, w.manager.token));
    expect(missing.code).toBe('VALIDATION');
    const byOwner = err(await stack.invoke('repairs', 'saveSettings', saved, w.owner.token));
    expect(statusOf(byOwner.code)).toBe(403);
    const byAgent = err(await stack.invoke('repairs', 'saveSettings', saved, w.agent.token));
    expect(statusOf(byAgent.code)).toBe(403);
    expect(ok(await stack.invoke('repairs', 'settings', {}, w.owner.token))).toEqual(saved);
  });
});
