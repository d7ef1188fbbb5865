import { setClock } from '../../cloud/lib/clock';
import { BindingRequest } from '../../cloud/modules/community/binding.model';
import { Resident } from '../../cloud/modules/community/household.model';
import { templateByKey } from '../../cloud/lib/wechat/templates';
import { deliverOutbox } from '../../cloud/modules/messaging/delivery.job';
import { User, WechatIdentity } from '../../cloud/modules/identity/user.model';
import { countAllDocuments, loginAs, makeBuilding, makeCommunity, makeOwner, makeResident, makeUnit, makeUser } from '../helpers/factories';
import { runFromDaytime } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

let seq = 0;
/** The start of the current clock hour: the limits' windows are clock hours (lib/rate-limit.ts). */
const startOfHour = () => Math.floor(Date.now() / 3600_000) * 3600_000;
/** A community with a unit whose records hold 吴建国 (owner, phone ending 5678) and a family member. */
async function world() {
  const c = await makeCommunity({ name: '绑定测试小区' });
  const other = await makeCommunity({ name: '隔壁小区' });
  const b = await makeBuilding(c._id, '3栋');
  const unit = await makeUnit(c._id, b._id, { room: '1201' });
  const unit2 = await makeUnit(c._id, b._id, { room: '1202' });
  const owner = await makeResident(c._id, unit._id, { name: '吴建国', relation: 'owner', phone: '13900005678' });
  await makeResident(c._id, unit._id, { name: '吴小雨', relation: 'family', phone: '13700001111' });
  const agent = await makeUser(c._id, { roles: ['agent'], name: '绑定客服' });
  const agentOther = await makeUser(other._id, { roles: ['agent'], name: '隔壁客服' });
  return { c, other, b, unit, unit2, owner, agent, agentOther };
}

/** A first login of a new WeChat user: a guest session. */
async function guest(): Promise<{ token: string; userId: string }> {
  const res = await stack.invoke('auth', 'login', { code: stack.wechat.mintCode(`o_bind_${Date.now()}_${seq++}`) });
  if (!res.ok) throw new Error(res.error.code);
  return { token: res.data.token, userId: res.data.me.userId };
}

describe('binding.options', () => {
  test('When a guest picks step by step, then communities, then buildings of one, then its units come back', async () => {
    const w = await world();
    const g = await guest();

    const step1 = await stack.invoke('binding', 'options', {}, g.token);
    expect(step1.ok && step1.data.communities.map((c) => c.name)).toEqual(expect.arrayContaining(['绑定测试小区', '隔壁小区']));

    const step3 = await stack.invoke('binding', 'options', { communityId: String(w.c._id), buildingId: String(w.b._id) }, g.token);
    expect(step3).toMatchObject({ ok: true, data: { buildings: [{ id: String(w.b._id) }], units: [{ id: String(w.unit._id), name: w.unit.label }, { id: String(w.unit2._id) }] } });
  });

  test('When a guest lists a building\'s units for the 单元 → 楼层 → 房号 picker, then each unit carries its entrance, floor and room, and no one\'s name or phone', async () => {
    const w = await world();
    const g = await guest();
    const res = await stack.invoke('binding', 'options', { communityId: String(w.c._id), buildingId: String(w.b._id) }, g.token);
    if (!res.ok) throw new Error(res.error.code);
    expect(res.data.units).toEqual([
      { id: String(w.unit._id), name: w.unit.label, entrance: w.unit.entrance, floor: w.unit.floor, room: '1201' },
      { id: String(w.unit2._id), name: w.unit2.label, entrance: w.unit2.entrance, floor: w.unit2.floor, room: '1202' },
    ]);
    const text = JSON.stringify(res.data);
    for (const secret of ['吴建国', '吴小雨', '5678', '1111']) expect(text).not.toContain(secret);
  });

  test('When the building is not of the chosen community, then 404', async () => {
    const w = await world();
    const g = await guest();
    const res = await stack.invoke('binding', 'options', { communityId: String(w.other._id), buildingId: String(w.b._id) }, g.token);
    expect(res).toMatchObject({ ok: false, error: { code: 'BUILDING.NOT_FOUND' } });
  });
});

describe('binding.request', () => {
  test('When name and phone digits match the records, then the guest is bound at once and becomes an owner of that unit', async () => {
    const w = await world();
    const g = await guest();

    const res = await stack.invoke('binding', 'request', { unitId: String(w.unit._id), name: ' 吴建国 ', phoneLast4: '5678', relation: 'owner' }, g.token);

    expect(res).toMatchObject({ ok: true, data: { binding: { status: 'approved', auto: true, unitLabel: w.unit.label, communityName: '绑定测试小区' }, triesLeft: 5 } });
    const me = await stack.invoke('auth', 'me', {}, g.token);
    expect(me).toMatchObject({ ok: true, data: { name: '吴建国', roles: ['owner'], communityId: String(w.c._id), unitIds: [String(w.unit._id)] } });
    expect(await Resident.findById(w.owner._id)).toMatchObject({ userId: expect.anything() });
    expect(String((await Resident.findById(w.owner._id))?.userId)).toBe(g.userId);
    const home = await stack.invoke('community', 'myHome', {}, g.token);
    expect(home.ok && home.data.units[0].household.find((m) => m.isMe)).toMatchObject({ name: '吴建国', phone: '139****5678' });
  });

  test('When a family member matches their own record, then they are bound with the recorded relation', async () => {
    const w = await world();
    const g = await guest();
    const res = await stack.invoke('binding', 'request', { unitId: String(w.unit._id), name: '吴小雨', phoneLast4: '1111', relation: 'owner' }, g.token);
    expect(res).toMatchObject({ ok: true, data: { binding: { status: 'approved', relation: 'family' } } });
  });

  test('When the digits are wrong, then an approval task is filed, nothing is bound, and the tries left count down', async () => {
    const w = await world();
    const g = await guest();

    const res = await stack.invoke('binding', 'request', { unitId: String(w.unit._id), name: '吴建国', phoneLast4: '0000', relation: 'owner' }, g.token);

    expect(res).toMatchObject({ ok: true, data: { binding: { status: 'pending', auto: false }, triesLeft: 4 } });
    expect(res.ok && res.data.message).toContain('已提交物业审核');
    expect(await stack.invoke('auth', 'me', {}, g.token)).toMatchObject({ ok: true, data: { roles: ['guest'] } });
    expect(await Resident.findById(w.owner._id)).toMatchObject({ userId: undefined });
    // Asking again for the same unit updates the one open task.
    await stack.invoke('binding', 'request', { unitId: String(w.unit._id), name: '吴建国', phoneLast4: '0001', relation: 'owner' }, g.token);
    expect(await BindingRequest.countDocuments({ userId: g.userId, unitId: w.unit._id, status: 'pending' })).toBe(1);
  });

  test('When a user gets the digits wrong 5 times within a clock hour, then the 6th try is refused with 429 until the hour ends, even if right, and in the next hour it works', async () => {
    const w = await world();
    const g = await guest();
    const start = startOfHour();
    setClock(() => new Date(start));
    try {
      for (let i = 0; i < 5; i++) {
        const r = await stack.invoke('binding', 'request', { unitId: String(w.unit2._id), name: '吴建国', phoneLast4: `900${i}`, relation: 'owner' }, g.token);
        expect(r).toMatchObject({ ok: true, data: { triesLeft: 4 - i } });
      }

      const before = await countAllDocuments();
      const blocked = await stack.http('binding', { action: 'request', data: { unitId: String(w.unit._id), name: '吴建国', phoneLast4: '5678', relation: 'owner' } }, { token: g.token });
      expect(blocked.status).toBe(429);
      expect(blocked.headers.get('retry-after')).toBe('3600');
      expect(blocked.body).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED', message: '尝试次数过多，请60分钟后再试，或联系物业服务中心', details: { retryAfterSeconds: 3600 } } });
      // A refused try writes nothing at all.
      expect(await countAllDocuments()).toEqual(before);
      expect(await Resident.findById(w.owner._id)).toMatchObject({ userId: undefined });

      setClock(() => new Date(start + 60 * 60_000 + 1000));
      const later = await stack.invoke('binding', 'request', { unitId: String(w.unit._id), name: '吴建国', phoneLast4: '5678', relation: 'owner' }, g.token);
      expect(later).toMatchObject({ ok: true, data: { binding: { status: 'approved' } } });
    } finally {
      setClock();
    }
  });

  test('When the matching record is already bound to another WeChat user, then the right digits look and count exactly like wrong ones, and staff get the same filing', async () => {
    const w = await world();
    const first = await guest();
    expect(await stack.invoke('binding', 'request', { unitId: String(w.unit._id), name: '吴建国', phoneLast4: '5678', relation: 'owner' }, first.token)).toMatchObject({ ok: true, data: { binding: { status: 'approved' } } });
    const second = await guest();
    const third = await guest();

    const right = await stack.invoke('binding', 'request', { unitId: String(w.unit._id), name: '吴建国', phoneLast4: '5678', relation: 'owner' }, second.token);
    const wrong = await stack.invoke('binding', 'request', { unitId: String(w.unit._id), name: '吴建国', phoneLast4: '5679', relation: 'owner' }, third.token);

    expect(right).toMatchObject({ ok: true, data: { binding: { status: 'pending', auto: false }, triesLeft: 4 } });
    expect(wrong).toMatchObject({ ok: true, data: { binding: { status: 'pending', auto: false }, triesLeft: 4 } });
    if (!right.ok || !wrong.ok) throw new Error('unreachable');
    expect(right.data.message).toBe(wrong.data.message);
    expect(right.data.message).not.toContain('已绑定');
    const { id: _r, createdAt: _rc, ...rightView } = right.data.binding;
    const { id: _w, createdAt: _wc, ...wrongView } = wrong.data.binding;
    expect(rightView).toEqual(wrongView);
    // Both are open tasks for staff, and the record stays with the first user.
    expect(await BindingRequest.countDocuments({ unitId: w.unit._id, status: 'pending', userId: { $in: [second.userId, third.userId] } })).toBe(2);
    expect(String((await Resident.findById(w.owner._id))?.userId)).toBe(first.userId);
  });

  test('When one guest sends 30 guesses at once, then only 5 are evaluated and a right answer among the late ones is refused with 429', async () => {
    const w = await world();
    const g = await guest();
    const ask = (phoneLast4: string) =>
      stack.http('binding', { action: 'request', data: { unitId: String(w.unit._id), name: '吴建国', phoneLast4, relation: 'owner' } }, { token: g.token });

    const wrong = Array.from({ length: 29 }, (_, i) => ask(String(1000 + i)));
    // The right answer goes out once the first guess has been refused (the limit is used up), while the others are still in flight.
    const refused = new Promise((resolve) => wrong.forEach((p) => void p.then((r) => r.status === 429 && resolve(r))));
    await Promise.race([refused, Promise.all(wrong)]);
    const right = await ask('5678');
    const answers = await Promise.all(wrong);

    expect(answers.filter((r) => r.status === 200)).toHaveLength(5);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(24);
    for (const r of answers.filter((a) => a.status === 429)) expect(r.body).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED', details: { retryAfterSeconds: expect.any(Number) } } });
    expect(right.status).toBe(429);
    expect(await Resident.findById(w.owner._id)).toMatchObject({ userId: undefined });
    expect(await stack.invoke('auth', 'me', {}, g.token)).toMatchObject({ ok: true, data: { roles: ['guest'] } });
    expect(await BindingRequest.countDocuments({ userId: g.userId, status: 'approved' })).toBe(0);
  });

  test('When several WeChat users guess the same unit, then it takes 10 wrong answers an hour in all, then even a right one is refused until the hour has passed', async () => {
    const w = await world();
    const start = startOfHour();
    setClock(() => new Date(start));
    try {
      const guests = [await guest(), await guest(), await guest()];
      const ask = (g: { token: string }, phoneLast4: string, unitId = w.unit._id) => stack.invoke('binding', 'request', { unitId: String(unitId), name: '吴建国', phoneLast4, relation: 'owner' }, g.token);
      // 4 + 4 + 2 wrong answers: 10 for the unit, none of the users at their own limit.
      for (const [g, n] of [[guests[0], 4], [guests[1], 4], [guests[2], 2]] as const) {
        for (let i = 0; i < n; i++) expect(await ask(g, `90${String(i).padStart(2, '0')}`)).toMatchObject({ ok: true, data: { binding: { status: 'pending' } } });
      }

      const newcomer = await guest();
      expect(await ask(newcomer, '5678')).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED', details: { retryAfterSeconds: 3600 } } });
      expect(await ask(guests[0], '5678')).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });
      expect(await Resident.findById(w.owner._id)).toMatchObject({ userId: undefined });
      // The unit's limit costs the users nothing: another unit still takes the newcomer's 5 tries.
      expect(await ask(newcomer, '0000', w.unit2._id)).toMatchObject({ ok: true, data: { triesLeft: 4 } });

      setClock(() => new Date(start + 60 * 60_000 + 1000));
      expect(await ask(newcomer, '5678')).toMatchObject({ ok: true, data: { binding: { status: 'approved' } } });
    } finally {
      setClock();
    }
  });

  test('When two WeChat users give the right answer for the same record at the same moment, then exactly one is bound to it and the other is filed for staff', async () => {
    const w = await world();
    const guests = await Promise.all([guest(), guest(), guest(), guest()]);

    const answers = await Promise.all(guests.map((g) => stack.invoke('binding', 'request', { unitId: String(w.unit._id), name: '吴建国', phoneLast4: '5678', relation: 'owner' }, g.token)));

    const bound = answers.filter((a) => a.ok && a.data.binding.status === 'approved');
    expect(bound).toHaveLength(1);
    expect(answers.filter((a) => a.ok && a.data.binding.status === 'pending')).toHaveLength(3);
    const holders = await User.find({ _id: { $in: guests.map((g) => g.userId) }, unitIds: w.unit._id }).lean();
    expect(holders).toHaveLength(1);
    expect(String((await Resident.findById(w.owner._id).lean())?.userId)).toBe(String(holders[0]._id));
  });

  test('When an owner asks for a unit they already have, or a unit of another community, then a clear 409', async () => {
    const w = await world();
    const owner = await makeOwner(w.c._id, [w.unit2._id], '郑业主', '13600002222');
    const token = await loginAs(stack, owner._id);
    expect(await stack.invoke('binding', 'request', { unitId: String(w.unit2._id), name: '郑业主', phoneLast4: '2222', relation: 'owner' }, token)).toMatchObject({
      ok: false,
      error: { code: 'BINDING.ALREADY_BOUND' },
    });
    const ob = await makeBuilding(w.other._id, '1栋');
    const ou = await makeUnit(w.other._id, ob._id, { room: '101' });
    expect(await stack.invoke('binding', 'request', { unitId: String(ou._id), name: '郑业主', phoneLast4: '2222', relation: 'owner' }, token)).toMatchObject({
      ok: false,
      error: { code: 'BINDING.OTHER_COMMUNITY', message: expect.stringContaining('联系物业服务中心') },
    });
  });

  test('When the input is bad, then VALIDATION names each field in Chinese and nothing is written', async () => {
    const w = await world();
    const g = await guest();
    const before = await countAllDocuments();
    const res = await stack.invoke('binding', 'request', { unitId: String(w.unit._id), name: 'x', phoneLast4: '12a4', relation: 'boss' } as never, g.token);
    expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const issues = !res.ok ? (res.error.details?.issues ?? []) : [];
    expect(issues.map((i) => i.path).sort()).toEqual(['name', 'phoneLast4', 'relation']);
    expect(issues.find((i) => i.path === 'phoneLast4')?.message).toBe('请填写登记手机号的后4位数字');
    expect(await countAllDocuments()).toEqual(before);
  });

  test('When the unit does not exist, then 404 UNIT.NOT_FOUND', async () => {
    const g = await guest();
    const res = await stack.invoke('binding', 'request', { unitId: '0123456789abcdef01234567', name: '吴建国', phoneLast4: '5678', relation: 'owner' }, g.token);
    expect(res).toMatchObject({ ok: false, error: { code: 'UNIT.NOT_FOUND' } });
  });
});

describe('approval tasks', () => {
  // The decisions' messages go out at once whatever the hour of the run (no quiet hours).
  beforeEach(() => runFromDaytime());
  afterEach(() => setClock());
  async function pendingRequest() {
    const w = await world();
    const g = await guest();
    const res = await stack.invoke('binding', 'request', { unitId: String(w.unit2._id), name: '冯新户', phoneLast4: '4321', relation: 'tenant' }, g.token);
    if (!res.ok) throw new Error(res.error.code);
    return { w, g, bindingId: res.data.binding.id };
  }

  test('When an agent lists tasks, then the request shows next to the recorded residents with masked phones, and other communities see nothing', async () => {
    const { w, bindingId } = await pendingRequest();
    await makeResident(w.c._id, w.unit2._id, { name: '冯老房东', relation: 'owner', phone: '13512345678' });
    const agent = await loginAs(stack, w.agent._id);
    const res = await stack.invoke('binding', 'tasks', {}, agent);
    expect(res.ok && res.data.items.find((t) => t.id === bindingId)).toMatchObject({
      name: '冯新户',
      phoneLast4: '4321',
      relation: 'tenant',
      recorded: [{ name: '冯老房东', phone: '135****5678', bound: false }],
    });

    const outsider = await loginAs(stack, w.agentOther._id);
    const theirs = await stack.invoke('binding', 'tasks', {}, outsider);
    expect(theirs.ok && theirs.data.items.map((t) => t.id)).not.toContain(bindingId);
    expect(await stack.invoke('binding', 'review', { bindingId, decision: 'approve' }, outsider)).toMatchObject({ ok: false, error: { code: 'BINDING.NOT_FOUND' } });
  });

  test('When an agent approves, then the user is bound with a new resident record, the task is closed, and it cannot be decided twice', async () => {
    const { w, g, bindingId } = await pendingRequest();
    const agent = await loginAs(stack, w.agent._id);

    const res = await stack.invoke('binding', 'review', { bindingId, decision: 'approve' }, agent);

    expect(res).toMatchObject({ ok: true, data: { status: 'approved', reviewerName: '绑定客服' } });
    expect(await stack.invoke('auth', 'me', {}, g.token)).toMatchObject({ ok: true, data: { roles: ['owner'], unitIds: [String(w.unit2._id)], name: '冯新户' } });
    expect(await Resident.countDocuments({ unitId: w.unit2._id, name: '冯新户', relation: 'tenant', userId: g.userId })).toBe(1);
    expect(await stack.invoke('binding', 'review', { bindingId, decision: 'reject', reason: '重复' }, agent)).toMatchObject({ ok: false, error: { code: 'STATE.CONFLICT' } });
    const mine = await stack.invoke('binding', 'mine', {}, g.token);
    expect(mine).toMatchObject({ ok: true, data: [{ id: bindingId, status: 'approved' }] });
  });

  test('When an agent decides, then the applicant is told in WeChat (with a credit) or finds it in 我的消息 (without one), never through a call task', async () => {
    const { w, g, bindingId } = await pendingRequest();
    const openid = (await WechatIdentity.findOne({ userId: g.userId }))?.openid ?? '';
    const templateId = templateByKey('binding.result')?.templateId ?? '';
    expect(await stack.invoke('messaging', 'reportSubscription', { results: [{ templateId, result: 'accept' }] }, g.token)).toMatchObject({ ok: true });
    const agent = await loginAs(stack, w.agent._id);

    await stack.invoke('binding', 'review', { bindingId, decision: 'reject', reason: '请携带房产证到物业服务中心办理' }, agent);
    await deliverOutbox({ ratePerSecond: 1000 });

    const told = stack.wechat.messages().filter((m) => m.touser === openid && m.templateId === templateId);
    expect(told).toHaveLength(1);
    expect(Object.values(told[0].data)).toEqual(expect.arrayContaining(['冯新户', '未通过', '请携带房产证到物业服务中心办理']));
    expect(told[0].page).toBe('owner/pages/bind/index');

    // No credit left: the next decision waits in the applicant's 我的消息; a binding result is not worth a call.
    const second = await stack.invoke('binding', 'request', { unitId: String(w.unit._id), name: '冯新户', phoneLast4: '4321', relation: 'tenant' }, g.token);
    if (!second.ok) throw new Error(second.error.code);
    expect(await stack.invoke('binding', 'review', { bindingId: second.data.binding.id, decision: 'approve' }, agent)).toMatchObject({ ok: true, data: { status: 'approved' } });
    await deliverOutbox({ ratePerSecond: 1000 });
    expect(stack.wechat.messages().filter((m) => m.touser === openid && m.templateId === templateId)).toHaveLength(1);
    const calls = await stack.invoke('messaging', 'callTasks', {}, agent);
    if (!calls.ok) throw new Error(calls.error.code);
    expect(calls.data.items.filter((t) => t.title === '绑定审核结果')).toEqual([]);
    const mine = await stack.invoke('messaging', 'myMessages', {}, g.token);
    if (!mine.ok) throw new Error(mine.error.code);
    expect(mine.data.items.filter((m) => m.title === '绑定审核结果').map((m) => m.lines.find((l) => l.value === '已通过')?.value)).toContain('已通过');
  });

  test('When two agents decide the same task at the same moment, then exactly one decision lands', async () => {
    const { w, bindingId } = await pendingRequest();
    const a1 = await loginAs(stack, w.agent._id);
    const a2 = await loginAs(stack, (await makeUser(w.c._id, { roles: ['agent'] }))._id);
    const results = await Promise.all([
      stack.invoke('binding', 'review', { bindingId, decision: 'approve' }, a1),
      stack.invoke('binding', 'review', { bindingId, decision: 'reject', reason: '信息不符' }, a2),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toMatchObject([{ error: { code: 'STATE.CONFLICT' } }]);
  });

  test('When an agent rejects without a reason, then VALIDATION; with one, the owner sees it and stays a guest', async () => {
    const { w, g, bindingId } = await pendingRequest();
    const agent = await loginAs(stack, w.agent._id);
    expect(await stack.invoke('binding', 'review', { bindingId, decision: 'reject' }, agent)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    await stack.invoke('binding', 'review', { bindingId, decision: 'reject', reason: '经核实非本房屋住户' }, agent);

    expect(await stack.invoke('binding', 'mine', {}, g.token)).toMatchObject({ ok: true, data: [{ status: 'rejected', reason: '经核实非本房屋住户' }] });
    expect(await stack.invoke('auth', 'me', {}, g.token)).toMatchObject({ ok: true, data: { roles: ['guest'] } });
  });
});

describe('binding.unbind', () => {
  test('When an owner leaves their only unit, then the record is unlinked and they are a guest again; another owner unit cannot be named', async () => {
    const w = await world();
    const g = await guest();
    await stack.invoke('binding', 'request', { unitId: String(w.unit._id), name: '吴建国', phoneLast4: '5678', relation: 'owner' }, g.token);
    const neighbour = await makeOwner(w.c._id, [w.unit2._id], '邻居', '13600003333');

    expect(await stack.invoke('binding', 'unbind', { unitId: String(w.unit2._id) }, g.token)).toMatchObject({ ok: false, error: { code: 'UNIT.NOT_FOUND' } });
    expect((await User.findById(neighbour._id))?.unitIds.map(String)).toEqual([String(w.unit2._id)]);

    const res = await stack.invoke('binding', 'unbind', { unitId: String(w.unit._id) }, g.token);

    expect(res).toMatchObject({ ok: true, data: { unitIds: [] } });
    expect(await stack.invoke('auth', 'me', {}, g.token)).toMatchObject({ ok: true, data: { roles: ['guest'] } });
    expect((await Resident.findById(w.owner._id))?.userId).toBeUndefined();
  });
});
