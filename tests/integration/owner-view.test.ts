import { Types } from 'mongoose';
import type { OwnerLookupResult, OwnerView } from '@shared/contracts/desk-owner-view';
import { setClock } from '../../cloud/lib/clock';
import { logger } from '../../cloud/lib/logger';
import { Building, Unit } from '../../cloud/modules/community/community.model';
import { Resident } from '../../cloud/modules/community/household.model';
import { ViewAudit } from '../../cloud/modules/desk/view-audit.model';
import { Bill } from '../../cloud/modules/fees/fee.model';
import { addCallTasks } from '../../cloud/modules/messaging';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { SenderLink, SentimentIncident } from '../../cloud/modules/sentiment/sentiment.model';
import { loginAs, makeCommunity, makeOwner, makeResident, makeUser } from '../helpers/factories';
import { DAYTIME, err, ok, rid, staff, type Person } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The one owner view (客户一户一档): look-up by full phone, last 4 digits, name or room; the view
 * holds everything of that owner and nothing of anyone else; phones masked for every role, shown
 * by revealPhone (audited); every view audited; technicians and owners refused.
 */
let stack: Stack;
let clock = DAYTIME;
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

const ZHANG_PHONE = '13900001502';
const LI_PHONE = '13900000801';
const WANG_PHONE = '13700001502';

async function unitIn(communityId: Types.ObjectId, buildingId: Types.ObjectId, building: string, room: string) {
  return Unit.create({ communityId, buildingId, entrance: '1', room, label: `${building}1单元${room}`, floor: Number(room.slice(0, -2)), areaM2: 89.5, status: 'occupied' });
}

async function asOwner(user: { _id: Types.ObjectId; name: string }): Promise<Person> {
  return { id: String(user._id), _id: user._id, name: user.name, token: await loginAs(stack, user._id), openid: '' };
}

/**
 * Community A: 张伟 (1栋1单元1502, with a family member), 李娜 next door (1栋1单元1501), 王强 in
 * 2栋1单元1502 (a phone ending in 1502 too), an empty 1栋1单元0801. Community B: another 张伟 with
 * the same phone.
 */
async function town() {
  const c = await makeCommunity();
  const b1 = await Building.create({ communityId: c._id, name: '1栋', floors: 18 });
  const b2 = await Building.create({ communityId: c._id, name: '2栋', floors: 18 });
  const u1 = await unitIn(c._id, b1._id, '1栋', '1502');
  const u2 = await unitIn(c._id, b1._id, '1栋', '1501');
  const u3 = await unitIn(c._id, b2._id, '2栋', '1502');
  const empty = await unitIn(c._id, b1._id, '1栋', '0801');
  const zhangUser = await makeOwner(c._id, [u1._id], '张伟', ZHANG_PHONE);
  const family = await makeResident(c._id, u1._id, { name: '张小明', relation: 'family', phone: '13600002222' });
  const liUser = await makeOwner(c._id, [u2._id], '李娜', LI_PHONE);
  const wangUser = await makeOwner(c._id, [u3._id], '王强', WANG_PHONE);
  const other = await makeCommunity();
  const ob = await Building.create({ communityId: other._id, name: '1栋', floors: 18 });
  const ou = await unitIn(other._id, ob._id, '1栋', '1502');
  const otherZhang = await makeOwner(other._id, [ou._id], '张伟', ZHANG_PHONE);
  const agent = await staff(stack, c._id, { roles: ['agent'], name: '孙客服' });
  const manager = await staff(stack, c._id, { roles: ['manager'], name: '吴经理' });
  const cashier = await staff(stack, c._id, { roles: ['cashier'], name: '钱收费' });
  const tech = await staff(stack, c._id, { roles: ['technician'], name: '周师傅' });
  return { c, b1, u1, u2, u3, empty, zhangUser, family, liUser, wangUser, other, ou, otherZhang, agent, manager, cashier, tech };
}
type Town = Awaited<ReturnType<typeof town>>;

const lookup = async (t: Town, q: string, token = t.agent.token): Promise<OwnerLookupResult> => ok(await stack.invoke('desk', 'lookup', { q }, token), `lookup ${q}`);
const view = async (data: Record<string, string>, token: string): Promise<OwnerView> => ok(await stack.invoke('desk', 'ownerView', data as never, token), 'ownerView');
const residentOf = async (_t: Town, userId: Types.ObjectId) => String((await Resident.findOne({ userId }).lean())!._id);

test('When an agent looks up a full phone, its last 4 digits, a name or a room, then the matching owners of this community come back with masked phones', async () => {
  const t = await town();
  const byPhone = await lookup(t, '139 0000 1502');
  expect(byPhone.readAs).toEqual(['phone']);
  expect(byPhone.candidates.map((c) => [c.name, c.phone, c.units.map((u) => u.label)])).toEqual([['张伟', '139****1502', ['1栋1单元1502']]]);
  expect(byPhone.candidates[0].view).toEqual({ kind: 'resident', id: await residentOf(t, t.zhangUser._id) });
  expect(byPhone.unknownPhone).toBeUndefined();

  // 1502: the last four digits of two phones, and a room in two buildings.
  const tail = await lookup(t, '1502');
  expect(tail.readAs).toEqual(['phoneTail', 'room']);
  expect(tail.candidates.map((c) => c.name).sort()).toEqual(['张伟', '张小明', '王强'].sort());
  expect(JSON.stringify(tail)).not.toContain(ZHANG_PHONE);

  expect((await lookup(t, '李娜')).candidates.map((c) => [c.name, c.units[0].label])).toEqual([['李娜', '1栋1单元1501']]);
  expect((await lookup(t, '张')).candidates.map((c) => c.name).sort()).toEqual(['张伟', '张小明'].sort());

  for (const room of ['1-1-1502', '1栋1单元1502', '1栋1502', '1#1502']) {
    const found = await lookup(t, room);
    expect(found.readAs).toContain('room');
    expect(found.candidates.map((c) => c.name).sort()).toEqual(['张伟', '张小明'].sort());
  }
  // 15楼02: that room in every building.
  expect((await lookup(t, '15楼02')).candidates.map((c) => c.units[0].label).sort()).toEqual(['1栋1单元1502', '1栋1单元1502', '2栋1单元1502']);
  // A room with nobody on record: offered for 新建业主.
  const empty = await lookup(t, '1栋1单元0801');
  expect(empty.candidates).toEqual([]);
  expect(empty.emptyUnits).toEqual([{ id: String(t.empty._id), label: '1栋1单元0801' }]);
});

test('When a phone is unknown in this community, then the look-up says so and offers to register, even if another community has that phone', async () => {
  const t = await town();
  const unknown = await lookup(t, '13511112222');
  expect(unknown).toMatchObject({ candidates: [], unknownPhone: '13511112222', readAs: ['phone'] });
  // The other community's 张伟 shares the phone of ours: only ours is found, from either side.
  const ours = await lookup(t, ZHANG_PHONE);
  expect(ours.candidates).toHaveLength(1);
  expect(ours.candidates[0].units.map((u) => u.id)).toEqual([String(t.u1._id)]);
  const otherAgent = await staff(stack, t.other._id, { roles: ['agent'], name: '外客服' });
  const theirs = await lookup(t, ZHANG_PHONE, otherAgent.token);
  expect(theirs.candidates.map((c) => c.units[0].id)).toEqual([String(t.ou._id)]);
  // Nothing of the other community by name either.
  expect((await lookup(t, '张伟', otherAgent.token)).candidates.every((c) => c.units.every((u) => u.id === String(t.ou._id)))).toBe(true);
  // Too long or empty: 400.
  expect(err(await stack.invoke('desk', 'lookup', { q: '' }, t.agent.token)).code).toBe('VALIDATION');
  expect(err(await stack.invoke('desk', 'lookup', { q: '1'.repeat(31) }, t.agent.token)).code).toBe('VALIDATION');
});

test('When the owner view opens, then it holds the units, household, records, bills, unread notices, incidents and contacts of that owner and nothing of the neighbour', async () => {
  const t = await town();
  const zhang = await asOwner(t.zhangUser);
  const li = await asOwner(t.liUser);
  const cid = t.c._id;
  // Repairs, complaints and inquiries of both owners.
  const myRepair = ok(await stack.invoke('repairs', 'create', { requestId: rid(), area: 'home', unitId: String(t.u1._id), category: '水电', description: '卫生间水龙头漏水，请派人维修' } as never, zhang.token), 'repair');
  const liRepair = ok(await stack.invoke('repairs', 'create', { requestId: rid(), area: 'home', unitId: String(t.u2._id), category: '水电', description: '厨房下水道堵塞，需要疏通' } as never, li.token), 'repair');
  const myComplaint = ok(await stack.invoke('complaints', 'submit', { requestId: rid(), category: 'noise', description: '楼上夜间装修噪音太大，影响休息', unitId: String(t.u1._id) } as never, zhang.token), 'complaint');
  const liComplaint = ok(await stack.invoke('complaints', 'submit', { requestId: rid(), category: 'noise', description: '隔壁装修时间超出规定时段', unitId: String(t.u2._id) } as never, li.token), 'complaint');
  const myInquiry = ok(await stack.invoke('desk', 'ask', { requestId: rid(), topic: 'fees', text: '物业费可以按年交吗？有没有优惠', unitId: String(t.u1._id) } as never, zhang.token), 'ask');
  const liInquiry = ok(await stack.invoke('desk', 'ask', { requestId: rid(), topic: 'parking', text: '想租一个地下车位，怎么办理', unitId: String(t.u2._id) } as never, li.token), 'ask');
  // Bills: 张伟 owes one, 李娜 another.
  const bill = (unitId: Types.ObjectId, amountFen: number) =>
    Bill.create({ _id: `b-${rid()}`, communityId: cid, unitId, buildingId: t.b1._id, itemId: new Types.ObjectId(), itemName: '物业服务费', kind: 'property', period: '2026-10', amountFen, dueDate: new Date(DAYTIME.getTime() - 20 * 86_400_000), detail: '测试', createdAt: DAYTIME });
  await bill(t.u1._id, 26850);
  await bill(t.u2._id, 99900);
  // A notice to every unit, read by 李娜 only.
  const notice = ok(await stack.invoke('notices', 'publish', { requestId: rid(), values: {}, title: '停水通知', body: '尊敬的各位业主：明日上午停水检修。', kind: 'notice', category: 'important', target: { kind: 'community' } } as never, t.manager.token), 'publish');
  ok(await stack.invoke('notices', 'open', { noticeId: notice.id }, li.token), 'open');
  // Messages and call tasks to each.
  const message = (recipientId: Types.ObjectId, title: string) =>
    OutboxMessage.create({ communityId: cid, eventKey: `test:${rid()}`, recipientId, channel: 'subscribe', templateKey: 'repair.progress', title, lines: [], recipient: { name: 'x' }, createdAt: clock });
  await message(t.zhangUser._id, '您的报修已受理');
  await message(t.liUser._id, '李娜的消息');
  await addCallTasks([
    { communityId: cid, eventKey: `test:${rid()}`, recipientId: t.zhangUser._id, name: '张伟', phone: ZHANG_PHONE, title: '请电话告知停水', lines: [], reason: '业主未查看重要通知' },
    { communityId: cid, eventKey: `test:${rid()}`, recipientId: t.liUser._id, name: '李娜', phone: LI_PHONE, title: '李娜的电话通知', lines: [], reason: '测试' },
  ]);
  // Contacts: a call about each, a minute later (the newest of the timeline).
  clock = new Date(DAYTIME.getTime() + 60_000);
  const myCall = ok(await stack.invoke('desk', 'logContact', { requestId: rid(), kind: 'call', unitId: String(t.u1._id), ownerId: zhang.id, phone: ZHANG_PHONE, purpose: '询问停水时间', result: '已告知明日上午' } as never, t.agent.token), 'logContact');
  ok(await stack.invoke('desk', 'logContact', { requestId: rid(), kind: 'call', unitId: String(t.u2._id), ownerId: li.id, phone: LI_PHONE, purpose: '询问车位租金', result: '已告知' } as never, t.agent.token), 'logContact');
  // Owner-group incidents: one with 张伟 among the senders, one with 李娜 only.
  await SenderLink.create({ _id: `${String(cid)}:wx-zhang`, userId: t.zhangUser._id, unitId: t.u1._id, name: '张伟' });
  await SenderLink.create({ _id: `${String(cid)}:wx-li`, userId: t.liUser._id, unitId: t.u2._id, name: '李娜' });
  const incident = (sender: string) =>
    SentimentIncident.create({ communityId: cid, groupId: 'g1', groupName: '业主一群', topic: 'leak', status: 'open', severity: 2, senders: [{ id: sender, nickname: sender }], firstAt: DAYTIME, lastAt: DAYTIME });
  const myIncident = await incident('wx-zhang');
  await incident('wx-li');

  const v = await view({ residentId: await residentOf(t, t.zhangUser._id) }, t.agent.token);
  expect(v.subject).toMatchObject({ name: '张伟', phone: '139****1502', userId: zhang.id, boundToApp: true });
  expect(v.units.map((u) => u.label)).toEqual(['1栋1单元1502']);
  expect(v.units[0].household.map((p) => [p.name, p.phone, p.isSubject])).toEqual([
    ['张伟', '139****1502', true],
    ['张小明', '136****2222', false],
  ]);
  expect(v.units[0].owedFen).toBe(26850);
  expect(v.units[0].openBills.map((b) => b.dueFen)).toEqual([26850]);
  expect(v.repairs.open.map((r) => r.id)).toEqual([myRepair.id]);
  expect(v.complaints.open.map((c) => c.id)).toEqual([myComplaint.id]);
  expect(v.inquiries.map((i) => i.id)).toEqual([myInquiry.id]);
  expect(v.unreadNotices.map((n) => [n.id, n.unitLabels])).toEqual([[notice.id, ['1栋1单元1502']]]);
  expect(v.incidents.map((i) => i.id)).toEqual([String(myIncident._id)]);
  const kinds = new Set(v.timeline.map((e) => e.kind));
  for (const k of ['call', 'message', 'callTask', 'repair', 'complaint', 'inquiry']) expect(kinds).toContain(k);
  expect(v.timeline[0]).toMatchObject({ kind: 'call', title: '来电（呼入） · 询问停水时间', ref: { kind: 'contact', id: myCall.id } });
  const times = v.timeline.map((e) => Date.parse(e.at));
  expect([...times].sort((a, b) => b - a)).toEqual(times);
  // Nothing of 李娜: not her records, not her phone, not her messages.
  const text = JSON.stringify(v);
  for (const leak of [liRepair.id, liComplaint.id, liInquiry.id, '李娜', '99900', LI_PHONE, ZHANG_PHONE, '13600002222', 'wx-li']) expect(text).not.toContain(leak);
  expect(v.canRevealPhone).toBe(true);

  // Her own view holds hers (and her read notice is not unread).
  const lv = await view({ userId: li.id }, t.agent.token);
  expect(lv.repairs.open.map((r) => r.id)).toEqual([liRepair.id]);
  expect(lv.unreadNotices).toEqual([]);
  expect(JSON.stringify(lv)).not.toContain(myRepair.id);
  // By unit: the unit's first owner is the subject.
  const uv = await view({ unitId: String(t.u1._id) }, t.cashier.token);
  expect(uv.subject?.name).toBe('张伟');
  expect(uv.repairs.open.map((r) => r.id)).toEqual([myRepair.id]);
});

test('When each staff role opens the view, then phones are masked for all; technicians and owners are refused; another community’s owner is 404', async () => {
  const t = await town();
  const residentId = await residentOf(t, t.zhangUser._id);
  for (const who of [t.agent, t.manager, t.cashier]) {
    const v = await view({ residentId }, who.token);
    expect(v.units[0].household.every((p) => p.phone.includes('****'))).toBe(true);
    expect(JSON.stringify(v)).not.toContain(ZHANG_PHONE);
  }
  const zhang = await asOwner(t.zhangUser);
  for (const token of [t.tech.token, zhang.token]) {
    expect(err(await stack.invoke('desk', 'ownerView', { residentId }, token)).code).toBe('AUTH.FORBIDDEN');
    expect(err(await stack.invoke('desk', 'revealPhone', { residentId }, token)).code).toBe('AUTH.FORBIDDEN');
    expect(err(await stack.invoke('desk', 'lookup', { q: ZHANG_PHONE }, token)).code).toBe('AUTH.FORBIDDEN');
  }
  expect(err(await stack.invoke('desk', 'viewAudit', {}, t.agent.token)).code).toBe('AUTH.FORBIDDEN');
  // The other community's records: 404, whichever way.
  const theirResident = await residentOf(t, t.otherZhang._id);
  expect(err(await stack.invoke('desk', 'ownerView', { residentId: theirResident }, t.agent.token)).code).toBe('RESIDENT.NOT_FOUND');
  expect(err(await stack.invoke('desk', 'ownerView', { unitId: String(t.ou._id) }, t.agent.token)).code).toBe('UNIT.NOT_FOUND');
  expect(err(await stack.invoke('desk', 'ownerView', { userId: String(t.otherZhang._id) }, t.agent.token)).code).toBe('OWNER.NOT_FOUND');
  expect(err(await stack.invoke('desk', 'revealPhone', { residentId: theirResident }, t.agent.token)).code).toBe('RESIDENT.NOT_FOUND');
  // A staff member is no owner: 404.
  expect(err(await stack.invoke('desk', 'ownerView', { userId: t.agent.id }, t.agent.token)).code).toBe('OWNER.NOT_FOUND');
  // Exactly one of unit, user, resident.
  expect(err(await stack.invoke('desk', 'ownerView', {}, t.agent.token)).code).toBe('VALIDATION');
  expect(err(await stack.invoke('desk', 'ownerView', { residentId, unitId: String(t.u1._id) }, t.agent.token)).code).toBe('VALIDATION');
});

test('When the view is opened and a phone revealed, then each is audited (who, role, owner, units, when) and the manager lists them by staff member or owner', async () => {
  const t = await town();
  const residentId = await residentOf(t, t.zhangUser._id);
  await view({ residentId }, t.agent.token);
  clock = new Date(DAYTIME.getTime() + 60_000);
  const shown = ok(await stack.invoke('desk', 'revealPhone', { residentId }, t.cashier.token), 'revealPhone');
  expect(shown).toEqual({ residentId, name: '张伟', phone: ZHANG_PHONE });
  clock = new Date(DAYTIME.getTime() + 120_000);
  await view({ unitId: String(t.u2._id) }, t.manager.token);

  const all = ok(await stack.invoke('desk', 'viewAudit', {}, t.manager.token), 'viewAudit');
  expect(all.total).toBe(3);
  expect(all.items.map((e) => [e.action, e.staffName, e.role, e.ownerName, e.unitLabels, e.at])).toEqual([
    ['view', '吴经理', 'manager', '李娜', ['1栋1单元1501'], new Date(DAYTIME.getTime() + 120_000).toISOString()],
    ['revealPhone', '钱收费', 'cashier', '张伟', ['1栋1单元1502'], new Date(DAYTIME.getTime() + 60_000).toISOString()],
    ['view', '孙客服', 'agent', '张伟', ['1栋1单元1502'], DAYTIME.toISOString()],
  ]);
  expect(JSON.stringify(all)).not.toContain(ZHANG_PHONE);
  const byStaff = ok(await stack.invoke('desk', 'viewAudit', { staffId: t.cashier.id }, t.manager.token), 'viewAudit');
  expect(byStaff.items.map((e) => e.action)).toEqual(['revealPhone']);
  const byOwner = ok(await stack.invoke('desk', 'viewAudit', { residentId }, t.manager.token), 'viewAudit');
  expect(byOwner.items.map((e) => e.staffName)).toEqual(['钱收费', '孙客服']);
  const byUnit = ok(await stack.invoke('desk', 'viewAudit', { unitId: String(t.u2._id) }, t.manager.token), 'viewAudit');
  expect(byUnit.items.map((e) => e.ownerName)).toEqual(['李娜']);
  // Another community's manager sees none of it.
  const otherManager = await staff(stack, t.other._id, { roles: ['manager'], name: '外经理' });
  expect(ok(await stack.invoke('desk', 'viewAudit', {}, otherManager.token), 'viewAudit').total).toBe(0);
});

test('When the audit entry of a revealed phone cannot be written, then the number is not shown; a view still answers and its entry goes to the log', async () => {
  const t = await town();
  const residentId = await residentOf(t, t.zhangUser._id);
  const spy = jest.spyOn(ViewAudit, 'create').mockRejectedValue(new Error('disk full') as never);
  const logged = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  try {
    expect(err(await stack.invoke('desk', 'revealPhone', { residentId }, t.agent.token)).code).toBe('DESK.AUDIT_FAILED');
    const v = await view({ residentId }, t.agent.token);
    expect(v.subject?.name).toBe('张伟');
    const entries = logged.mock.calls.filter(([msg]) => msg === 'view-audit.write-failed');
    expect(entries).toHaveLength(1);
    expect(entries[0][1]).toMatchObject({ action: 'view', staffName: '孙客服', role: 'agent', ownerName: '张伟', unitLabels: ['1栋1单元1502'] });
    expect(JSON.stringify(entries[0][1])).not.toContain(ZHANG_PHONE);
    // Tried twice each time.
    expect(spy).toHaveBeenCalledTimes(4);
  } finally {
    spy.mockRestore();
    logged.mockRestore();
  }
  expect(await ViewAudit.countDocuments({ communityId: t.c._id })).toBe(0);
});

test('When a bound owner has no phone on record, then the view still opens and there is nothing to reveal but an empty number', async () => {
  const t = await town();
  const u = await makeUser(t.c._id, { roles: ['owner'], unitIds: [t.empty._id], name: '赵空号' });
  await makeResident(t.c._id, t.empty._id, { name: '赵空号', relation: 'owner', userId: u._id });
  const v = await view({ userId: String(u._id) }, t.agent.token);
  expect(v.units[0].household).toEqual([expect.objectContaining({ name: '赵空号', phone: '', hasPhone: false, isSubject: true })]);
});
