import type { BatchDetail, MyMoveInView } from '@shared/contracts/movein-batches.contract';
import type { Caller } from '../../cloud/lib/caller';
import { setClock } from '../../cloud/lib/clock';
import { addDays, localDay } from '@shared/domain/calendar';
import { Bill, FeeItem } from '../../cloud/modules/fees/fee.model';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { Booking, MoveInBatch } from '../../cloud/modules/movein/batch.model';
import { MoveIn } from '../../cloud/modules/movein/movein.model';
import { book, runMoveInReminders } from '../../cloud/modules/movein';
import { Notice } from '../../cloud/modules/notices/notice.model';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeResident, makeUnit, makeUser } from '../helpers/factories';
import { ok } from '../helpers/repairs';
import type { Envelope } from '@shared/errors';
import { oneItem, total, twoWorkersUntilDone, untilDone } from '../helpers/sliced-runs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Move-in batches and bookings (movein.md "Batches and bookings"): the manager drafts and publishes a
 * batch (a case per unit with its buyer, the one-off bills, the 入住通知), owners book, move and
 * cancel a slot — capacity exact under concurrency —, the refusals, and the day-before reminder.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  setClock();
  await stack.stop();
});
afterEach(() => setClock());

let seq = 0;
const rid = (what: string) => `${what}-${Date.now().toString(36)}-${++seq}`;
type Res<T> = Envelope<T>;
const codeOf = <T>(res: Envelope<T>) => (res.ok ? 'OK' : res.error.code);
const messageOf = <T>(res: Envelope<T>) => (res.ok ? '' : res.error.message);

async function world(units = 4) {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '8栋');
  const other = await makeBuilding(c._id, '9栋');
  const managerUser = await makeUser(c._id, { roles: ['manager'], name: '经理老周' });
  const agentUser = await makeUser(c._id, { roles: ['agent'], name: '前台小陈' });
  const vacant = [];
  for (let i = 1; i <= units; i++) vacant.push(await makeUnit(c._id, b._id, { room: `0${i}01`, status: 'vacant' }));
  const owners = [];
  for (const [i, u] of vacant.entries()) owners.push(await makeOwner(c._id, [u._id], `购房人${'甲乙丙丁戊己庚辛'[i]}`));
  const occupied = await makeUnit(c._id, b._id, { room: '0901', status: 'occupied' });
  await makeResident(c._id, occupied._id, { name: '老住户', relation: 'owner' });
  const noBuyer = await makeUnit(c._id, b._id, { room: '1001', status: 'vacant' });
  const [manager, agent] = await Promise.all([loginAs(stack, managerUser._id), loginAs(stack, agentUser._id)]);
  const property = ok(await stack.invoke('fees', 'saveItem', { name: '物业服务费', kind: 'property', rateFen: 250, cycle: 'monthly', dueDay: 15 }, manager));
  const prepaid = await FeeItem.create({ communityId: c._id, name: '预交物业费', kind: 'one-off', rateFen: 90_000, cycle: 'monthly', dueDay: 15, vacancyPercent: 100, active: true });
  const call = <T>(action: string, data: Record<string, unknown>, token = manager) => stack.invoke('movein', action as never, data as never, token) as unknown as Promise<Res<T>>;
  const today = localDay(new Date());
  const draft = (extra: Record<string, unknown> = {}) => ({
    requestId: rid('batch'),
    name: '8栋集中交付',
    buildingIds: [String(b._id)],
    startDay: today,
    endDay: addDays(today, 6),
    closedDays: [addDays(today, 2)],
    slots: [
      { start: '09:00', end: '12:00', capacity: 2 },
      { start: '14:00', end: '17:00', capacity: 1 },
    ],
    documents: ['购房合同', '业主身份证'],
    feeItemIds: [String(prepaid._id)],
    place: '8栋一楼大堂',
    note: '',
    ...extra,
  });
  return { c, b, other, vacant, owners, occupied, noBuyer, manager, agent, managerUser, property, prepaid, call, today, draft };
}
type World = Awaited<ReturnType<typeof world>>;

async function published(w: World, extra: Record<string, unknown> = {}) {
  const d = ok(await w.call<BatchDetail>('saveBatch', w.draft(extra)));
  return ok(await w.call<BatchDetail>('publishBatch', { batchId: d.id }));
}

test('When a manager publishes a batch, then each vacant unit with a buyer gets a case, the others are reported, the fee is billed and the 入住通知 goes out — once', async () => {
  const w = await world(3);
  // An open case of another kind holds one unit already.
  const single = ok(await w.call<{ id: string }>('createCase', { kind: 'single', unitId: String(w.vacant[2]._id), buyer: { name: '购房人丙', phone: '13900000003' }, requestId: rid('single') }, w.agent));

  const draft = ok(await w.call<BatchDetail>('saveBatch', w.draft()));
  expect(draft).toMatchObject({ status: 'draft', cases: 0, actions: ['edit', 'publish'], slots: [{ id: 's1', label: '09:00–12:00' }, { id: 's2', label: '14:00–17:00' }] });
  expect(draft.days.map((d) => d.day)).not.toContain(addDays(w.today, 2));
  expect(draft.capacity).toBe(6 * 3);

  const pub = ok(await w.call<BatchDetail>('publishBatch', { batchId: draft.id }));
  expect(pub.status).toBe('published');
  expect(pub.report?.created).toBe(2);
  expect(pub.report?.skipped.map((s) => [s.unitId, s.reason]).sort()).toEqual(
    [
      [String(w.vacant[2]._id), 'openCase'],
      [String(w.occupied._id), 'occupied'],
      [String(w.noBuyer._id), 'noBuyer'],
    ].sort(),
  );
  const cases = await MoveIn.find({ batchId: pub.id }).lean();
  expect(cases.map((x) => x.buyer?.name).sort()).toEqual(['购房人乙', '购房人甲'].sort());
  expect(cases.every((x) => x.status === 'waiting' && x.kind === 'batch' && x.ownerUserId)).toBe(true);
  expect(await MoveIn.countDocuments({ _id: single.id, status: 'waiting' })).toBe(1);
  // The prepaid fee billed to the two units, due on the first day.
  const bills = await Bill.find({ communityId: w.c._id, itemId: w.prepaid._id }).lean();
  expect(bills.map((x) => String(x.unitId)).sort()).toEqual(cases.map((x) => String(x.unitId)).sort());
  expect(bills.every((x) => x.amountFen === 90_000 && localDay(x.dueDate) === w.today)).toBe(true);
  // The 入住通知 from the library, filled from the batch, to the batch's units.
  const notice = await Notice.findById(pub.noticeId).lean();
  expect(notice).toMatchObject({ templateKey: 'move-in', title: '关于集中办理入住手续的通知' });
  expect(notice!.body).toContain('8栋一楼大堂');
  expect(notice!.body).toContain('购房合同、业主身份证');
  expect(notice!.body).toContain('预交物业费 900.00元');
  expect(notice!.body).toContain('09:00–12:00、14:00–17:00');
  expect(notice!.unitIds.map(String).sort()).toEqual(cases.map((x) => String(x.unitId)).sort());

  // Publishing again (a retry, a second manager) makes nothing twice.
  const again = ok(await w.call<BatchDetail>('publishBatch', { batchId: draft.id }));
  expect(again.noticeId).toBe(pub.noticeId);
  expect(await MoveIn.countDocuments({ batchId: pub.id })).toBe(2);
  expect(await Bill.countDocuments({ communityId: w.c._id, itemId: w.prepaid._id })).toBe(2);
  expect(await Notice.countDocuments({ communityId: w.c._id })).toBe(1);
  // A published batch is not edited.
  expect(codeOf(await w.call('saveBatch', { ...w.draft(), batchId: pub.id }))).toBe('MOVEIN.BATCH_NOT_DRAFT');
});

test('When a batch names a periodic or inactive fee item, then saving is 409 MOVEIN.FEE_ITEM_UNUSABLE naming it; bad days and slots are 400', async () => {
  const w = await world(1);
  const periodic = await w.call('saveBatch', w.draft({ feeItemIds: [w.property.id] }));
  expect(codeOf(periodic)).toBe('MOVEIN.FEE_ITEM_UNUSABLE');
  expect(messageOf(periodic)).toContain('物业服务费');
  await FeeItem.updateOne({ _id: w.prepaid._id }, { $set: { active: false } });
  const inactive = await w.call('saveBatch', w.draft());
  expect(codeOf(inactive)).toBe('MOVEIN.FEE_ITEM_UNUSABLE');
  expect(messageOf(inactive)).toContain('预交物业费');
  expect(codeOf(await w.call('saveBatch', w.draft({ feeItemIds: [], endDay: addDays(w.today, -1), startDay: addDays(w.today, -3), closedDays: [] })))).toBe('VALIDATION');
  expect(codeOf(await w.call('saveBatch', w.draft({ feeItemIds: [], slots: [{ start: '09:00', end: '12:00', capacity: 2 }, { start: '11:00', end: '13:00', capacity: 2 }] })))).toBe('VALIDATION');
  expect(codeOf(await w.call('saveBatch', w.draft({ feeItemIds: [], slots: [{ start: '12:00', end: '09:00', capacity: 2 }] })))).toBe('VALIDATION');
  // A draft edits; an agent cannot.
  const d = ok(await w.call<BatchDetail>('saveBatch', w.draft({ feeItemIds: [] })));
  const edited = ok(await w.call<BatchDetail>('saveBatch', { ...w.draft({ feeItemIds: [], name: '8栋第一批' }), batchId: d.id, rev: d.rev }));
  expect(edited).toMatchObject({ id: d.id, name: '8栋第一批' });
  expect(codeOf(await w.call('saveBatch', { ...w.draft({ feeItemIds: [] }), batchId: d.id, rev: d.rev }))).toBe('STATE.CONFLICT');
  expect(codeOf(await w.call('saveBatch', w.draft({ feeItemIds: [] }), w.agent))).toBe('AUTH.FORBIDDEN');
  // Another community's manager does not see it.
  const c2 = await makeCommunity();
  const m2 = await loginAs(stack, (await makeUser(c2._id, { roles: ['manager'] }))._id);
  expect(codeOf(await w.call('batch', { batchId: d.id }, m2))).toBe('MOVEIN.BATCH_NOT_FOUND');
});

test('When an owner books, moves and cancels a slot, then the places follow, each request counts once, and the refusals have stable codes', async () => {
  const w = await world(3);
  const batch = await published(w, { feeItemIds: [] });
  const [o1, o2, o3] = await Promise.all(w.owners.map((o) => loginAs(stack, o._id)));
  const mine = ok(await w.call<MyMoveInView[]>('myMoveIn', {}, o1));
  expect(mine).toHaveLength(1);
  const me = mine[0];
  expect(me).toMatchObject({ status: 'waiting', canBook: true, buyerName: '购房人甲', batch: { place: '8栋一楼大堂', documents: ['购房合同', '业主身份证'] }, stepsRequired: 6, stepsDone: 0 });
  expect(me.days[0]).toEqual({ day: w.today, slots: [{ id: 's1', label: '09:00–12:00', capacity: 2, free: 2 }, { id: 's2', label: '14:00–17:00', capacity: 1, free: 1 }] });
  const day = addDays(w.today, 1);

  const requestId = rid('book');
  const booked = ok(await w.call<MyMoveInView>('book', { moveInId: me.id, day, slotId: 's2', requestId }, o1));
  expect(booked.booking).toEqual({ day, slotId: 's2', slotLabel: '14:00–17:00' });
  expect(booked.days.find((d) => d.day === day)?.slots[1].free).toBe(0);
  // The same request again: nothing more.
  ok(await w.call('book', { moveInId: me.id, day, slotId: 's2', requestId }, o1));
  expect(await Booking.countDocuments({ batchId: batch.id })).toBe(1);
  // Full for the next owner.
  const other = ok(await w.call<MyMoveInView[]>('myMoveIn', {}, o2))[0];
  expect(codeOf(await w.call('book', { moveInId: other.id, day, slotId: 's2', requestId: rid('book') }, o2))).toBe('MOVEIN.SLOT_FULL');
  // Moving frees the first place.
  const moved = ok(await w.call<MyMoveInView>('book', { moveInId: me.id, day: addDays(w.today, 3), slotId: 's1', requestId: rid('move') }, o1));
  expect(moved.booking?.day).toBe(addDays(w.today, 3));
  ok(await w.call('book', { moveInId: other.id, day, slotId: 's2', requestId: rid('book') }, o2));
  expect(await Booking.countDocuments({ batchId: batch.id })).toBe(2);
  const history = (await MoveIn.findById(me.id).lean())!.history.map((h) => h.event);
  expect(history).toEqual(['create', 'book', 'rebook']);

  // Outside the batch: a closed day, a day after the end, a slot it does not have → 404; someone else's case → 404.
  const third = ok(await w.call<MyMoveInView[]>('myMoveIn', {}, o3))[0];
  expect(codeOf(await w.call('book', { moveInId: third.id, day: addDays(w.today, 2), slotId: 's1', requestId: rid('b') }, o3))).toBe('MOVEIN.SLOT_NOT_FOUND');
  expect(codeOf(await w.call('book', { moveInId: third.id, day: addDays(w.today, 7), slotId: 's1', requestId: rid('b') }, o3))).toBe('MOVEIN.SLOT_NOT_FOUND');
  expect(codeOf(await w.call('book', { moveInId: third.id, day, slotId: 's9', requestId: rid('b') }, o3))).toBe('MOVEIN.SLOT_NOT_FOUND');
  expect(codeOf(await w.call('book', { moveInId: me.id, day, slotId: 's1', requestId: rid('b') }, o3))).toBe('MOVEIN.NOT_FOUND');
  expect(codeOf(await w.call('cancelBooking', { moveInId: me.id, requestId: rid('c') }, o3))).toBe('MOVEIN.NOT_FOUND');
  // Staff do not book for owners through this action.
  expect(codeOf(await w.call('book', { moveInId: me.id, day, slotId: 's1', requestId: rid('b') }, w.agent))).toBe('AUTH.FORBIDDEN');

  // Cancel: the place is free; cancelling again is harmless.
  const cancelled = ok(await w.call<MyMoveInView>('cancelBooking', { moveInId: me.id, requestId: rid('c') }, o1));
  expect(cancelled.booking).toBeUndefined();
  ok(await w.call('cancelBooking', { moveInId: me.id, requestId: rid('c') }, o1));
  expect(await Booking.countDocuments({ batchId: batch.id, moveInId: me.id })).toBe(0);

  // A past day: 409 (the clock moves two days on).
  const later = new Date(Date.now() + 2 * 86_400_000);
  setClock(() => later);
  expect(codeOf(await w.call('book', { moveInId: third.id, day, slotId: 's1', requestId: rid('b') }, o3))).toBe('MOVEIN.SLOT_PAST');
  setClock();

  // Once the checklist started, the booking is fixed.
  ok(await w.call('startCase', { moveInId: other.id }, w.agent));
  expect(codeOf(await w.call('book', { moveInId: other.id, day: addDays(w.today, 3), slotId: 's1', requestId: rid('b') }, o2))).toBe('MOVEIN.BOOKING_CLOSED');
  expect(codeOf(await w.call('cancelBooking', { moveInId: other.id, requestId: rid('c') }, o2))).toBe('MOVEIN.BOOKING_CLOSED');
  expect(ok(await w.call<MyMoveInView[]>('myMoveIn', {}, o2))[0]).toMatchObject({ status: 'in_progress', canBook: false, days: [] });

  // A closed batch takes no bookings.
  const closed = ok(await w.call<BatchDetail>('closeBatch', { batchId: batch.id }));
  expect(closed).toMatchObject({ status: 'closed', actions: [] });
  expect(codeOf(await w.call('book', { moveInId: third.id, day: addDays(w.today, 3), slotId: 's1', requestId: rid('b') }, o3))).toBe('MOVEIN.BATCH_NOT_OPEN');
});

test('When 200 owners race for a slot of 20 places, then exactly 20 get one and the others are told it is full', async () => {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '10栋');
  const manager = await loginAs(stack, (await makeUser(c._id, { roles: ['manager'] }))._id);
  const unitDocs = await Promise.all(Array.from({ length: 200 }, (_, i) => makeUnit(c._id, b._id, { room: String(101 + i), status: 'vacant' })));
  const owners = await Promise.all(unitDocs.map((u, i) => makeOwner(c._id, [u._id], `业主${String.fromCharCode(0x4e00 + i)}`)));
  const today = localDay(new Date());
  const draft = ok(
    await stack.invoke(
      'movein',
      'saveBatch' as never,
      { requestId: rid('batch'), name: '10栋交付', buildingIds: [String(b._id)], startDay: today, endDay: addDays(today, 3), slots: [{ start: '09:00', end: '11:00', capacity: 20 }], place: '10栋大堂' } as never,
      manager,
    ) as unknown as Res<BatchDetail>,
  );
  ok((await stack.invoke('movein', 'publishBatch' as never, { batchId: draft.id } as never, manager)) as unknown as Res<BatchDetail>);
  const cases = await MoveIn.find({ batchId: draft.id }).lean();
  expect(cases).toHaveLength(200);
  const caseOf = new Map(cases.map((x) => [String(x.unitId), String(x._id)]));
  const day = addDays(today, 1);
  const results = await Promise.allSettled(
    owners.map((o, i) => {
      const caller: Caller = { userId: String(o._id), name: o.name, roles: ['owner'], communityId: String(c._id), communityIds: [String(c._id)], unitIds: [String(unitDocs[i]._id)] };
      return book(caller, { moveInId: caseOf.get(String(unitDocs[i]._id))!, day, slotId: 's1', requestId: rid('race') });
    }),
  );
  const won = results.filter((r) => r.status === 'fulfilled').length;
  const full = results.filter((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'MOVEIN.SLOT_FULL').length;
  expect({ won, full }).toEqual({ won: 20, full: 180 });
  expect(await Booking.countDocuments({ batchId: draft.id, day, slotId: 's1' })).toBe(20);
  expect(await MoveIn.countDocuments({ batchId: draft.id, 'booking.day': day })).toBe(20);
  expect(await MoveInBatch.countDocuments({ _id: draft.id, status: 'published' })).toBe(1);
}, 120_000);

test('When a booking is tomorrow, then the owner is reminded once with the day, time and place', async () => {
  const w = await world(2);
  await published(w, { feeItemIds: [] });
  const o1 = await loginAs(stack, w.owners[0]._id);
  const me = ok(await w.call<MyMoveInView[]>('myMoveIn', {}, o1))[0];
  ok(await w.call('book', { moveInId: me.id, day: addDays(w.today, 1), slotId: 's1', requestId: rid('book') }, o1));
  const first = await runMoveInReminders({ scope: { communityIds: [String(w.c._id)] } });
  expect(first).toMatchObject({ bookings: 1, reminded: 1 });
  await runMoveInReminders({ scope: { communityIds: [String(w.c._id)] } });
  const msgs = await OutboxMessage.find({ communityId: w.c._id, templateKey: 'movein.reminder' }).lean();
  expect(msgs).toHaveLength(1);
  expect(String(msgs[0].recipientId)).toBe(String(w.owners[0]._id));
  expect(JSON.stringify(msgs[0])).toContain('8栋一楼大堂');
});

test('When staff cancel a booked case, then its place is free for the next owner, the owner no longer sees or books it, and the unit takes a new case', async () => {
  const w = await world(2);
  const batch = await published(w, { feeItemIds: [] });
  const [o1, o2] = await Promise.all(w.owners.map((o) => loginAs(stack, o._id)));
  const first = ok(await w.call<MyMoveInView[]>('myMoveIn', {}, o1))[0];
  const second = ok(await w.call<MyMoveInView[]>('myMoveIn', {}, o2))[0];
  const day = addDays(w.today, 1);
  ok(await w.call('book', { moveInId: first.id, day, slotId: 's2', requestId: rid('book') }, o1));
  expect(codeOf(await w.call('book', { moveInId: second.id, day, slotId: 's2', requestId: rid('book') }, o2))).toBe('MOVEIN.SLOT_FULL');
  // A reason is required.
  expect(codeOf(await w.call('cancelCase', { moveInId: first.id, reason: ' ' }, w.agent))).toBe('VALIDATION');
  const cancelled = ok(await w.call<{ status: string }>('cancelCase', { moveInId: first.id, reason: '购房合同解除' }, w.agent));
  expect(cancelled.status).toBe('cancelled');
  expect(await Booking.countDocuments({ batchId: batch.id })).toBe(0);
  ok(await w.call('book', { moveInId: second.id, day, slotId: 's2', requestId: rid('book') }, o2));
  // The owner's page no longer offers the cancelled case.
  expect(ok(await w.call<MyMoveInView[]>('myMoveIn', {}, o1)).find((m) => m.id === first.id)).toBeUndefined();
  expect(codeOf(await w.call('book', { moveInId: first.id, day: addDays(w.today, 3), slotId: 's1', requestId: rid('book') }, o1))).not.toBe('OK');
  // Cancelling again changes nothing; the unit takes a new case.
  ok(await w.call('cancelCase', { moveInId: first.id, reason: '重复操作' }, w.agent));
  expect((await MoveIn.findById(first.id).lean())!.history.filter((h) => h.event === 'cancel')).toHaveLength(1);
  ok(await w.call('createCase', { kind: 'single', unitId: String(w.vacant[0]._id), buyer: { name: '新购房人', phone: '13811112222' }, requestId: rid('single') }, w.agent));
});

describe('in slices', () => {
  test('When each invocation may handle one booking, then repeated invocations remind every owner booked for tomorrow exactly once, and two workers at once add nothing', async () => {
    const w = await world(3);
    await published(w, { feeItemIds: [] });
    const tomorrow = addDays(w.today, 1);
    for (const [i, o] of w.owners.entries()) {
      const token = await loginAs(stack, o._id);
      const me = ok(await w.call<MyMoveInView[]>('myMoveIn', {}, token))[0];
      ok(await w.call('book', { moveInId: me.id, day: tomorrow, slotId: i < 2 ? 's1' : 's2', requestId: rid('book') }, token));
    }
    const scope = { communityIds: [String(w.c._id)] };
    const runs = await untilDone(() => runMoveInReminders({ scope, budget: oneItem() }));
    expect(runs.slice(0, 3).every((r) => r.more && r.bookings === 1)).toBe(true);
    expect(total(runs, 'reminded')).toBe(3);
    const again = await twoWorkersUntilDone(() => runMoveInReminders({ scope, budget: oneItem() }));
    expect(total(again, 'bookings')).toBeGreaterThanOrEqual(3); // looked at again: the keyed messages are not queued twice
    const msgs = await OutboxMessage.find({ communityId: w.c._id, templateKey: 'movein.reminder' }).lean();
    expect(msgs.map((m) => String(m.recipientId)).sort()).toEqual(w.owners.map((o) => String(o._id)).sort());
  }, 120_000);
});
