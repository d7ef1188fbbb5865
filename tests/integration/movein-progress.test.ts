import type { Paged } from '@shared/contracts/contract';
import type { CarryOverView } from '@shared/contracts/fees.contract';
import type { BatchProgress, DaySchedule, MoveInCallTask, ResaleInfo, ResaleResult } from '@shared/contracts/movein-progress.contract';
import { Types } from 'mongoose';
import { setClock } from '../../cloud/lib/clock';
import { Contact } from '../../cloud/modules/desk/contact.model';
import { Unit } from '../../cloud/modules/community/community.model';
import { Resident } from '../../cloud/modules/community/household.model';
import { User } from '../../cloud/modules/identity/user.model';
import { MoveInBatch } from '../../cloud/modules/movein/batch.model';
import { MoveInDefect } from '../../cloud/modules/movein/inspection.model';
import { MoveIn } from '../../cloud/modules/movein/movein.model';
import { MoveInCall } from '../../cloud/modules/movein/progress.model';
import { Notice } from '../../cloud/modules/notices/notice.model';
import { makeBuilding, makeOwner, makeResident, makeUnit } from '../helpers/factories';
import { DAYTIME, err, ok, rid, staff, world, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Move-in, part "progress, calls & resale": the manager's progress of a batch by building (booked,
 * done, no-show, never booked, defects open and overdue), the day's schedule, the call tasks with the
 * calls logged at the desk, and the resale (过户) with arrears refused, then carried over by a
 * manager's agreement — or settled — with the old owner unbound, the new case and the notice.
 */
let stack: Stack;
let clock = DAYTIME; // 2026-11-27 10:00 Asia/Shanghai
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

const TODAY = '2026-11-27';
const SLOTS = [
  { id: 'am', start: '09:00', end: '12:00', capacity: 4 },
  { id: 'pm', start: '14:00', end: '17:00', capacity: 4 },
];

type Case = { id: string; unitId: string };

/** A case of the batch as H1's publish makes it (status and booking set as the scenario needs). */
async function caseFor(w: World, batchId: Types.ObjectId, buildingId: Types.ObjectId, room: string, status: 'waiting' | 'in_progress' | 'done' | 'cancelled', booking?: { day: string; slotId: string }): Promise<Case> {
  const unit = await makeUnit(w.communityId, buildingId, { room });
  const _id = new Types.ObjectId();
  const open = status === 'waiting' || status === 'in_progress';
  await MoveIn.create({
    _id,
    communityId: w.communityId,
    unitId: unit._id,
    buildingId,
    unitLabel: unit.label,
    kind: 'batch',
    batchId,
    openKey: open ? String(unit._id) : `${String(unit._id)}:${String(_id)}`,
    requestKey: `batch:${String(batchId)}:${String(unit._id)}`,
    buyer: { name: `购房人${room}`, phone: `1390000${room}`, idNumber: '' },
    status,
    rev: 0,
    ...(booking ? { booking: { ...booking, slotLabel: booking.slotId === 'am' ? '09:00–12:00' : '14:00–17:00', bookedAt: DAYTIME } } : {}),
  });
  return { id: String(_id), unitId: String(unit._id) };
}

async function batchWorld() {
  const w = await world(stack);
  const b3 = (await Unit.findById(w.unitId).lean())!.buildingId as Types.ObjectId;
  const b5 = (await makeBuilding(w.communityId, '5栋'))._id as Types.ObjectId;
  const batch = await MoveInBatch.create({
    communityId: w.communityId,
    requestKey: `test:${rid()}`,
    name: '二期集中入住',
    buildingIds: [b5, b3],
    startDay: '2026-11-25',
    endDay: '2026-12-05',
    closedDays: ['2026-11-29'],
    slots: SLOTS,
    status: 'published',
  });
  const c = {
    done: await caseFor(w, batch._id, b5, '0101', 'done', { day: '2026-11-25', slotId: 'am' }),
    started: await caseFor(w, batch._id, b5, '0102', 'in_progress', { day: TODAY, slotId: 'am' }),
    booked: await caseFor(w, batch._id, b5, '0201', 'waiting', { day: '2026-11-28', slotId: 'pm' }),
    noShow: await caseFor(w, batch._id, b5, '0202', 'waiting', { day: '2026-11-26', slotId: 'pm' }),
    never1: await caseFor(w, batch._id, b5, '0301', 'waiting'),
    never2: await caseFor(w, batch._id, b5, '0302', 'waiting'),
    cancelled: await caseFor(w, batch._id, b5, '0401', 'cancelled'),
    today3: await caseFor(w, batch._id, b3, '1101', 'waiting', { day: TODAY, slotId: 'am' }),
    never3: await caseFor(w, batch._id, b3, '1102', 'waiting'),
  };
  return { w, batchId: String(batch._id), b3: String(b3), b5: String(b5), c };
}

test('When a manager opens the progress of a batch, then each building counts done, in progress, booked, no-show and never booked, with defects open and overdue', async () => {
  const { w, batchId, b3, b5, c } = await batchWorld();
  // Inspection defects of 5栋 (H3 records them): one whose repair is running, one past its deadline, one repaired and closed, one not yet a repair.
  const running = await w.report({ description: '验房：主卧墙面开裂' });
  const late = await w.report({ description: '验房：卫生间地漏堵塞' });
  const fixed = await w.report({ description: '验房：入户门锁芯卡滞' });
  await MoveIn.db.collection('repairs').updateOne({ _id: new Types.ObjectId(fixed.id) }, { $set: { status: 'closed' } });
  // Today nothing is late yet.
  const defect = (repairId: string | undefined, i: number) =>
    MoveInDefect.create({ communityId: w.communityId, moveInId: new Types.ObjectId(c.started.id), inspectionId: new Types.ObjectId(), unitId: new Types.ObjectId(c.started.unitId), buildingId: new Types.ObjectId(b5), batchId: new Types.ObjectId(batchId), round: 1, index: i, room: 'bathroom', item: 'surfaces', description: '缺陷', ...(repairId ? { repairId: new Types.ObjectId(repairId) } : {}) });
  for (const [i, id] of [running.id, late.id, fixed.id, undefined].entries()) await defect(id, i);
  const overdueBefore = ok<BatchProgress>(await stack.invoke('movein', 'progress', { batchId }, w.manager.token));
  const five = overdueBefore.buildings.find((b) => b.buildingId === b5)!;
  expect(overdueBefore.buildings.map((b) => b.buildingName.slice(0, 2))).toEqual(['3栋', '5栋']);
  expect(five).toMatchObject({ buildingName: expect.stringMatching(/^5栋/), units: 6, done: 1, inProgress: 1, booked: 1, noShow: 1, neverBooked: 2, cancelled: 1, defectsOpen: 3 });
  expect(overdueBefore.buildings.find((b) => b.buildingId === b3)).toMatchObject({ buildingName: expect.stringMatching(/^3栋/), units: 2, done: 0, inProgress: 0, booked: 1, noShow: 0, neverBooked: 1, defectsOpen: 0, defectsOverdue: 0 });
  expect(overdueBefore.total).toMatchObject({ units: 8, done: 1, booked: 2, noShow: 1, neverBooked: 3, defectsOpen: 3, defectsOverdue: 0 });
  expect(overdueBefore.today).toBe(TODAY);
  // Three days later the running deadlines of the two open repairs have passed: overdue (the closed one and the defect without a repair are not).
  clock = new Date(DAYTIME.getTime() + 3 * 24 * 3600_000);
  const later = ok<BatchProgress>(await stack.invoke('movein', 'progress', { batchId }, w.manager.token));
  const fiveLater = later.buildings.find((b) => b.buildingId === b5)!;
  expect(fiveLater.defectsOpen).toBe(3);
  expect(fiveLater.defectsOverdue).toBe(2);
  // The booked day (11-28) has passed too: that owner is a no-show now.
  expect(fiveLater).toMatchObject({ booked: 0, noShow: 2, neverBooked: 2 });
  // Agents use the schedule and calls, not the progress; another community's batch is not found.
  expect(err(await stack.invoke('movein', 'progress', { batchId }, w.agent.token)).code).toBe('AUTH.FORBIDDEN');
  const other = await world(stack);
  expect(err(await stack.invoke('movein', 'progress', { batchId }, other.manager.token)).code).toBe('MOVEIN.BATCH_NOT_FOUND');
});

test("When the day's schedule is opened, then each slot lists its booked units with where they stand; a closed day has no slots", async () => {
  const { w, batchId, c } = await batchWorld();
  const day = ok<DaySchedule>(await stack.invoke('movein', 'progressDay', { batchId, day: TODAY }, w.agent.token));
  expect(day.closed).toBe(false);
  const am = day.slots.find((s) => s.slotId === 'am')!;
  expect(am).toMatchObject({ label: '09:00–12:00', capacity: 4, booked: 2 });
  expect(am.entries.map((e) => [e.unitId, e.bucket])).toEqual(
    expect.arrayContaining([
      [c.started.unitId, 'inProgress'],
      [c.today3.unitId, 'booked'],
    ]),
  );
  expect(day.slots.find((s) => s.slotId === 'pm')!.booked).toBe(0);
  const yesterday = ok<DaySchedule>(await stack.invoke('movein', 'progressDay', { batchId, day: '2026-11-26' }, w.manager.token));
  expect(yesterday.slots.find((s) => s.slotId === 'pm')!.entries).toEqual([expect.objectContaining({ unitId: c.noShow.unitId, bucket: 'noShow', buyerName: '购房人0202' })]);
  const closed = ok<DaySchedule>(await stack.invoke('movein', 'progressDay', { batchId, day: '2026-11-29' }, w.manager.token));
  expect(closed.closed).toBe(true);
  expect(closed.slots.every((s) => s.entries.length === 0)).toBe(true);
  expect(err(await stack.invoke('movein', 'progressDay', { batchId, day: '2026-02-30' }, w.manager.token)).code).toBe('VALIDATION');
  expect(err(await stack.invoke('movein', 'progressDay', { batchId, day: TODAY }, w.owner.token)).code).toBe('AUTH.FORBIDDEN');
});

test('When staff call the owners who never booked, then each outcome is recorded once per request, logged at the desk, and the list shows the last call and when to call again', async () => {
  const { w, batchId, b5, c } = await batchWorld();
  const never = ok<Paged<MoveInCallTask>>(await stack.invoke('movein', 'callTasks', { batchId, list: 'neverBooked' }, w.agent.token));
  expect(never.total).toBe(3);
  expect(never.items.map((t) => t.unitId).sort()).toEqual([c.never1.unitId, c.never2.unitId, c.never3.unitId].sort());
  expect(never.items.every((t) => t.calls === 0 && t.due)).toBe(true);
  const page1 = ok<Paged<MoveInCallTask>>(await stack.invoke('movein', 'callTasks', { batchId, list: 'neverBooked', buildingId: b5, pageSize: 1 }, w.agent.token));
  expect([page1.total, page1.items.length]).toEqual([2, 1]);
  const noShow = ok<Paged<MoveInCallTask>>(await stack.invoke('movein', 'callTasks', { batchId, list: 'noShow' }, w.manager.token));
  expect(noShow.items).toEqual([expect.objectContaining({ unitId: c.noShow.unitId, bookedDay: '2026-11-26', phone: '13900000202' })]);

  const requestId = rid();
  const input = { moveInId: c.never1.id, requestId, outcome: 'no_answer' as const, note: '上午10点拨打无人接听', nextCallDay: '2026-11-28' };
  const [first, twin] = await Promise.all([stack.invoke('movein', 'recordCall', input, w.agent.token), stack.invoke('movein', 'recordCall', input, w.agent.token)]);
  const task = ok<MoveInCallTask>(first);
  ok(twin);
  expect(task).toMatchObject({ moveInId: c.never1.id, calls: 1, due: false, lastCall: { outcome: 'no_answer', note: '上午10点拨打无人接听', nextCallDay: '2026-11-28', byName: '孙客服' } });
  expect(await MoveInCall.countDocuments({ moveInId: new Types.ObjectId(c.never1.id) })).toBe(1);
  const logged = await Contact.find({ communityId: w.communityId, unitId: new Types.ObjectId(c.never1.unitId) }).lean();
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatchObject({ kind: 'call', direction: 'out', purpose: '入住办理预约提醒', result: '无人接听；上午10点拨打无人接听；下次致电 2026-11-28', phone: '13900000301', byName: '孙客服' });
  // The next call day comes: the task is due again; a second call that fixes a date.
  clock = new Date(DAYTIME.getTime() + 24 * 3600_000);
  const again = ok<MoveInCallTask>(await stack.invoke('movein', 'recordCall', { moveInId: c.never1.id, requestId: rid(), outcome: 'agreed', note: '业主约定12月1日上午来办理' }, w.manager.token));
  expect(again).toMatchObject({ calls: 2, due: false, lastCall: { outcome: 'agreed', byName: '吴经理' } });
  const listed = ok<Paged<MoveInCallTask>>(await stack.invoke('movein', 'callTasks', { batchId, list: 'neverBooked', buildingId: b5 }, w.agent.token));
  expect(listed.items.find((t) => t.moveInId === c.never1.id)).toMatchObject({ calls: 2, lastCall: { outcome: 'agreed' } });
  // A case already moved in needs no call; a past next-call day and an unknown outcome are refused.
  expect(err(await stack.invoke('movein', 'recordCall', { moveInId: c.done.id, requestId: rid(), outcome: 'reached' }, w.agent.token)).code).toBe('MOVEIN.INVALID_TRANSITION');
  expect(err(await stack.invoke('movein', 'recordCall', { moveInId: c.never2.id, requestId: rid(), outcome: 'reached', nextCallDay: '2026-11-20' }, w.agent.token)).code).toBe('VALIDATION');
  expect(err(await stack.invoke('movein', 'recordCall', { moveInId: c.never2.id, requestId: rid(), outcome: 'maybe' } as never, w.agent.token)).code).toBe('VALIDATION');
  expect(err(await stack.invoke('movein', 'recordCall', { moveInId: c.never2.id, requestId: rid(), outcome: 'reached' }, w.owner.token)).code).toBe('AUTH.FORBIDDEN');
});

/** A unit with arrears: a one-off bill of 200.00 元 charged by the manager. */
async function owing(w: World, unitId: string): Promise<void> {
  const item = ok<{ id: string }>(await stack.invoke('fees', 'saveItem', { name: `装修押金${rid().slice(-4)}`, kind: 'one-off', rateFen: 20000 } as never, w.manager.token));
  ok(await stack.invoke('fees', 'chargeOneOff', { requestId: rid(), itemId: item.id, unitIds: [unitId], dueDate: TODAY } as never, w.manager.token));
}

async function soldUnit(w: World, room: string) {
  const b = await makeBuilding(w.communityId, `${room}栋`);
  const unit = await makeUnit(w.communityId, b._id, { room, status: 'occupied' });
  const seller = await makeOwner(w.communityId, [unit._id], '钱卖家');
  const spouse = await makeResident(w.communityId, unit._id, { name: '孙家属', relation: 'family', phone: '13911112222' });
  const tenant = await makeResident(w.communityId, unit._id, { name: '李租户', relation: 'tenant', phone: '13933334444' });
  return { unitId: String(unit._id), label: unit.label, seller, spouse, tenant };
}

const BUYER = { name: '周新业主', phone: '13855556666', idNumber: '11010519491231002X' };

test('When a unit with arrears is resold, then it is refused until a manager records the carry-over agreement; then the old owner is unbound, the buyer gets a resale case and the 新业主迁入办公通知, once per request', async () => {
  const w = await world(stack);
  const sold = await soldUnit(w, '0808');
  await owing(w, sold.unitId);
  const info = ok<ResaleInfo>(await stack.invoke('movein', 'resaleInfo', { unitId: sold.unitId }, w.agent.token));
  expect(info).toMatchObject({ unitLabel: sold.label, owedFen: 20000, blocked: true });
  expect(info.owners.map((o) => o.name).sort()).toEqual(['孙家属', '钱卖家']);
  expect(info.owners.find((o) => o.name === '孙家属')!.phone).toBe('139****2222');

  const requestId = rid();
  const refused = err(await stack.invoke('movein', 'resale', { unitId: sold.unitId, requestId, buyer: BUYER }, w.agent.token));
  expect(refused).toMatchObject({ code: 'FEE.ARREARS_OPEN' });
  expect(refused.details).toMatchObject({ owedFen: 20000 });
  // Nothing happened: the seller still owns the unit, no case.
  expect((await User.findById(sold.seller._id).lean())!.unitIds.map(String)).toContain(sold.unitId);
  expect(await MoveIn.countDocuments({ unitId: new Types.ObjectId(sold.unitId) })).toBe(0);

  // Only a manager records the agreement, for exactly what is owed.
  const agreement = { unitId: sold.unitId, requestId: rid(), amountFen: 20000, note: '买卖双方约定：欠费由新业主承担，入住时一并结清' };
  expect(err(await stack.invoke('fees', 'carryOver', agreement, w.agent.token)).code).toBe('AUTH.FORBIDDEN');
  expect(err(await stack.invoke('fees', 'carryOver', { ...agreement, amountFen: 10000 }, w.manager.token))).toMatchObject({ code: 'FEE.CARRY_OVER_MISMATCH', details: { owedFen: 20000 } });
  const carry = ok<CarryOverView>(await stack.invoke('fees', 'carryOver', agreement, w.manager.token));
  expect(carry).toMatchObject({ unitId: sold.unitId, amountFen: 20000, byName: '吴经理', at: DAYTIME.toISOString() });
  expect(ok<CarryOverView>(await stack.invoke('fees', 'carryOver', agreement, w.manager.token)).id).toBe(carry.id);
  expect(ok<ResaleInfo>(await stack.invoke('movein', 'resaleInfo', { unitId: sold.unitId }, w.agent.token))).toMatchObject({ blocked: false, carryOver: { id: carry.id } });

  // The same request again now goes through (its refusal wrote nothing); twins make one resale.
  const input = { unitId: sold.unitId, requestId, buyer: BUYER, note: '已核验不动产权证书' };
  const [a, b] = await Promise.all([stack.invoke('movein', 'resale', input, w.agent.token), stack.invoke('movein', 'resale', input, w.agent.token)]);
  const done = ok<ResaleResult>(a);
  expect(ok<ResaleResult>(b).moveInId).toBe(done.moveInId);
  expect(done).toMatchObject({ unitLabel: sold.label, owedFen: 20000, carryOver: { id: carry.id, amountFen: 20000 } });
  expect(done.previousOwners.sort()).toEqual(['孙家属', '钱卖家']);
  const replay = ok<ResaleResult>(await stack.invoke('movein', 'resale', input, w.agent.token));
  expect(replay).toMatchObject({ moveInId: done.moveInId, noticeId: done.noticeId });

  // The old owner's binding ended (records and app account); the tenant stays for staff to decide.
  const residents = await Resident.find({ unitId: new Types.ObjectId(sold.unitId) }).lean();
  expect(residents.map((r) => r.name)).toEqual(['李租户']);
  const seller = (await User.findById(sold.seller._id).lean())!;
  expect(seller.unitIds.map(String)).not.toContain(sold.unitId);
  // The buyer's case of kind 'resale' (one), holding the agreement.
  const cases = await MoveIn.find({ unitId: new Types.ObjectId(sold.unitId) }).lean();
  expect(cases).toHaveLength(1);
  expect(cases[0]).toMatchObject({ kind: 'resale', status: 'waiting', buyer: { name: '周新业主', phone: '13855556666' } });
  expect(cases[0].resale).toMatchObject({ owedFen: 20000, carryOver: { amountFen: 20000, byName: '吴经理' } });
  // The 新业主迁入办公通知 on the unit's board, once.
  const notices = await Notice.find({ communityId: w.communityId, templateKey: 'movein-resale' }).lean();
  expect(notices).toHaveLength(1);
  expect(notices[0].title).toBe('新业主迁入办公通知');
  expect(notices[0].body).toContain('周新业主先生/女士，您好！');
  expect(notices[0].body).toContain(sold.label);
  expect(notices[0].unitIds.map(String)).toEqual([sold.unitId]);
  // The agreement is used: it cannot carry a second resale; the open case blocks one anyway.
  expect(ok<ResaleInfo>(await stack.invoke('movein', 'resaleInfo', { unitId: sold.unitId }, w.agent.token))).toMatchObject({ blocked: true, openCase: { moveInId: done.moveInId, kind: 'resale' } });
  expect(err(await stack.invoke('movein', 'resale', { ...input, requestId: rid() }, w.manager.token)).code).toBe('MOVEIN.CASE_OPEN');
});

test('When the seller settles the arrears at the desk, then the resale goes through without an agreement; an owner cannot resell', async () => {
  const w = await world(stack);
  const sold = await soldUnit(w, '0909');
  await owing(w, sold.unitId);
  expect(err(await stack.invoke('movein', 'resale', { unitId: sold.unitId, requestId: rid(), buyer: BUYER }, w.manager.token)).code).toBe('FEE.ARREARS_OPEN');
  ok(await stack.invoke('fees', 'recordPayment', { unitId: sold.unitId, amountFen: 20000, method: 'cash', receiptNo: `R-${rid()}` } as never, w.manager.token));
  expect(err(await stack.invoke('fees', 'carryOver', { unitId: sold.unitId, requestId: rid(), amountFen: 20000, note: '无欠费不应登记' }, w.manager.token)).code).toBe('FEE.NO_ARREARS');
  const done = ok<ResaleResult>(await stack.invoke('movein', 'resale', { unitId: sold.unitId, requestId: rid(), buyer: BUYER }, w.manager.token));
  expect(done.owedFen).toBe(0);
  expect(done.carryOver).toBeUndefined();
  expect(await MoveIn.countDocuments({ unitId: new Types.ObjectId(sold.unitId), kind: 'resale' })).toBe(1);
  const seller = await staff(stack, w.communityId, { roles: ['cashier'], name: '钱收费' });
  expect(err(await stack.invoke('movein', 'resale', { unitId: sold.unitId, requestId: rid(), buyer: BUYER }, seller.token)).code).toBe('AUTH.FORBIDDEN');
  expect(err(await stack.invoke('movein', 'resale', { unitId: sold.unitId, requestId: rid(), buyer: BUYER }, w.owner.token)).code).toBe('AUTH.FORBIDDEN');
});

test('When two different resales of the same unit race, then one goes through and the other is refused with 409, leaving one case and one notice', async () => {
  const w = await world(stack);
  const sold = await soldUnit(w, '1010');
  const [a, b] = await Promise.all([
    stack.invoke('movein', 'resale', { unitId: sold.unitId, requestId: rid(), buyer: BUYER }, w.agent.token),
    stack.invoke('movein', 'resale', { unitId: sold.unitId, requestId: rid(), buyer: { name: '吴另一买家', phone: '13877778888' } }, w.manager.token),
  ]);
  const outcomes = [a, b].map((r) => (r.ok ? 'ok' : r.error.code)).sort();
  expect(outcomes).toEqual(['MOVEIN.CASE_OPEN', 'ok']);
  const winner = (a.ok ? a : b) as { ok: true; data: ResaleResult };
  const cases = await MoveIn.find({ unitId: new Types.ObjectId(sold.unitId) }).lean();
  expect(cases.map((c) => String(c._id))).toEqual([winner.data.moveInId]);
  expect(await Notice.countDocuments({ communityId: w.communityId, templateKey: 'movein-resale', unitIds: new Types.ObjectId(sold.unitId) })).toBe(1);
  expect((await Resident.find({ unitId: new Types.ObjectId(sold.unitId) }).lean()).map((r) => r.name)).toEqual(['李租户']);
});
