import type { ContactView } from '@shared/contracts/desk-log.contract';
import { setClock } from '../../cloud/lib/clock';
import { Contact } from '../../cloud/modules/desk/contact.model';
import { makeUnit, makeBuilding } from '../helpers/factories';
import { DAYTIME, err, ok, rid, staff, world, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The call and visit log (来电 · 来访登记): owners' calls and visits, visitors who are not owners,
 * follow-ups (open ones first), bad input refused, one entry per request id.
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

const HOUR = 3600_000;
const log = (w: World, data: Record<string, unknown>, token = w.agent.token) => stack.invoke('desk', 'logContact', { requestId: rid(), kind: 'call', purpose: '咨询物业费缴纳方式', ...data } as never, token);
const list = async (w: World, data: Record<string, unknown> = {}, token = w.agent.token) => ok(await stack.invoke('desk', 'contacts', data as never, token), 'contacts');

test('When an agent logs an owner call and a visitor, then the log holds both with the owner and visitor details', async () => {
  const w = await world(stack);
  const call = ok(await log(w, { unitId: w.unitId, ownerId: w.owner.id, phone: '139 1234 5678', result: '已告知可在小程序缴费' }), 'log');
  expect(call).toMatchObject({ kind: 'call', direction: 'in', unitId: w.unitId, unitLabel: w.unitLabel, ownerId: w.owner.id, ownerName: '赵业主', phone: '13912345678', purpose: '咨询物业费缴纳方式', result: '已告知可在小程序缴费', byName: '孙客服', at: DAYTIME.toISOString() });
  expect(call.followUp).toBeUndefined();
  clock = new Date(DAYTIME.getTime() + 600_000);
  const visit = ok(await log(w, { kind: 'visit', visitor: { name: '王师傅', company: '顺达装饰', purpose: 'construction' }, purpose: '办理装修施工人员出入登记' }), 'log');
  expect(visit).toMatchObject({ kind: 'visit', visitor: { name: '王师傅', company: '顺达装饰', purpose: 'construction' } });
  expect(visit.unitId).toBeUndefined();
  const page = await list(w, { day: '2026-11-27' });
  expect(page.total).toBe(2);
  expect(page.items.map((c) => c.id)).toEqual([visit.id, call.id]);
  // A cashier sees the log with phones masked; the owner cannot reach it.
  const cashier = await staff(stack, w.communityId, { roles: ['cashier'], name: '钱收费' });
  const seen = await list(w, { day: '2026-11-27' }, cashier.token);
  expect(seen.items.find((c) => c.id === call.id)!.phone).toBe('139****5678');
  expect(err(await stack.invoke('desk', 'contacts', {}, w.owner.token)).code).toBe('AUTH.FORBIDDEN');
});

test('When the log is filtered by day, kind, follow-up and owner, then only the matching entries come back, open follow-ups first', async () => {
  const w = await world(stack);
  const other = await w.otherOwner();
  const plain = ok(await log(w, { unitId: w.unitId }), 'log');
  clock = new Date(DAYTIME.getTime() + HOUR);
  const later = ok(await log(w, { unitId: other.unitId, ownerId: other.id, kind: 'wechat', followUp: { dueAt: new Date(DAYTIME.getTime() + 5 * HOUR).toISOString() } }), 'log');
  const sooner = ok(await log(w, { kind: 'visit', visitor: { name: '李女士', purpose: 'agency' }, purpose: '了解小区房源', followUp: { dueAt: new Date(DAYTIME.getTime() + 3 * HOUR).toISOString(), assigneeId: w.manager.id, note: '回电说明出租登记要求' } }), 'log');
  expect(sooner.followUp).toMatchObject({ assigneeId: w.manager.id, assigneeName: '吴经理', open: true, overdue: false, note: '回电说明出租登记要求' });
  expect(later.followUp).toMatchObject({ assigneeId: w.agent.id, assigneeName: '孙客服', open: true });
  // The next day: an entry of its own.
  clock = new Date(DAYTIME.getTime() + 24 * HOUR);
  const tomorrow = ok(await log(w, { unitId: w.unitId }), 'log');

  const today = await list(w, { day: '2026-11-27' });
  expect(today.items.map((c) => c.id)).toEqual([sooner.id, later.id, plain.id]);
  expect((await list(w, { day: '2026-11-28' })).items.map((c) => c.id)).toEqual([tomorrow.id]);
  expect((await list(w, {})).total).toBe(4);
  expect((await list(w, { kind: 'wechat' })).items.map((c) => c.id)).toEqual([later.id]);
  expect((await list(w, { followUp: true })).items.map((c) => c.id)).toEqual([sooner.id, later.id]);
  expect((await list(w, { ownerId: other.id })).items.map((c) => c.id)).toEqual([later.id]);
  expect((await list(w, { unitId: w.unitId })).items.map((c) => c.id)).toEqual([tomorrow.id, plain.id]);
  // Overdue by now (the next day).
  expect((await list(w, { followUp: true })).items[0].followUp!.overdue).toBe(true);

  // Closing the follow-up: it leaves the open part; a second close changes nothing.
  const closed = ok(await stack.invoke('desk', 'closeFollowUp', { contactId: sooner.id, note: '已回电' }, w.manager.token), 'close');
  expect(closed.followUp).toMatchObject({ open: false, doneByName: '吴经理', doneAt: clock.toISOString() });
  const again = ok(await stack.invoke('desk', 'closeFollowUp', { contactId: sooner.id }, w.agent.token), 'close again');
  expect(again.followUp).toMatchObject({ open: false, doneByName: '吴经理' });
  expect((await list(w, { followUp: true })).items.map((c) => c.id)).toEqual([later.id]);
  expect((await list(w, { day: '2026-11-27' })).items.map((c) => c.id)).toEqual([later.id, sooner.id, plain.id]);
  // An entry without a follow-up: 409.
  expect(err(await stack.invoke('desk', 'closeFollowUp', { contactId: plain.id }, w.agent.token)).code).toBe('CONTACT.NO_FOLLOW_UP');
});

test('When a log entry is bad (empty or oversized texts, an unknown owner or unit, another community), then it is refused and nothing is written', async () => {
  const w = await world(stack);
  const elsewhere = await world(stack);
  const before = await Contact.countDocuments({ communityId: w.communityId });
  const bad: [Record<string, unknown>, number][] = [
    [{ purpose: '' }, 400],
    [{ purpose: '   ' }, 400],
    [{ purpose: '问'.repeat(201) }, 400],
    [{ result: '答'.repeat(501) }, 400],
    [{ result: '' }, 400],
    [{ kind: 'fax' }, 400],
    [{ phone: '12345' }, 400],
    [{ visitor: { name: '', purpose: 'delivery' } }, 400],
    [{ visitor: { name: '张三', purpose: 'sales' } }, 400],
    [{ visitor: { name: '张三', purpose: 'delivery', company: '公'.repeat(61) } }, 400],
    [{ followUp: { dueAt: 'tomorrow' } }, 400],
    [{ extra: 1 }, 400],
    [{ ownerId: w.agent.id }, 404],
    [{ ownerId: elsewhere.owner.id }, 404],
    [{ unitId: elsewhere.unitId }, 404],
    [{ followUp: { dueAt: DAYTIME.toISOString(), assigneeId: elsewhere.agent.id } }, 404],
  ];
  for (const [data, status] of bad) {
    const res = await stack.http('desk', { action: 'logContact', data: { requestId: rid(), kind: 'call', purpose: '咨询停车位', ...data } }, { token: w.agent.token });
    expect([JSON.stringify(data), res.status]).toEqual([JSON.stringify(data), status]);
  }
  expect(await Contact.countDocuments({ communityId: w.communityId })).toBe(before);
  // Another community's entry is not found.
  const theirs = ok(await log(elsewhere, { followUp: { dueAt: DAYTIME.toISOString() } }, elsewhere.agent.token), 'log');
  expect(err(await stack.invoke('desk', 'closeFollowUp', { contactId: theirs.id }, w.agent.token)).code).toBe('CONTACT.NOT_FOUND');
  expect((await list(w, {})).items.map((c) => c.id)).not.toContain(theirs.id);
});

test('When the same log request arrives twice (a double tap, a retry), then there is one entry', async () => {
  const w = await world(stack);
  const requestId = rid();
  const results: ContactView[] = await Promise.all([0, 1, 2].map(async () => ok(await log(w, { requestId, unitId: w.unitId }), 'log')));
  expect(new Set(results.map((r) => r.id)).size).toBe(1);
  const replay = ok(await log(w, { requestId, unitId: w.unitId, purpose: '不同的内容' }), 'replay');
  expect(replay).toMatchObject({ id: results[0].id, purpose: '咨询物业费缴纳方式' });
  expect(await Contact.countDocuments({ communityId: w.communityId })).toBe(1);
  // Another unit of the same community is fine.
  const b = await makeBuilding(w.communityId, '9栋');
  const u = await makeUnit(w.communityId, b._id, { room: '0101' });
  expect(ok(await log(w, { unitId: String(u._id) }), 'log').unitLabel).toBe(u.label);
});
