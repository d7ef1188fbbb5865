import { Types } from 'mongoose';
import type { Paged } from '@shared/contracts/contract';
import type { BoardNotice, NoticeSummary } from '@shared/contracts/notices.contract';
import type { ComplaintSummary } from '@shared/contracts/complaints.contract';
import type { OutboxItem } from '@shared/contracts/messaging.contract';
import type { RepairSummary } from '@shared/contracts/repairs.contract';
import type { IncidentSummary } from '@shared/contracts/sentiment.contract';
import { COMPLAINT_STATUSES } from '@shared/domain/complaints';
import { INCIDENT_STATUSES } from '@shared/domain/sentiment-incidents';
import { OPEN_STATUSES, REPAIR_STATUSES, URGENCIES, urgencyRank, type RepairStatus } from '@shared/domain/repairs';
import type { Envelope } from '@shared/errors';
import { setClock } from '../../cloud/lib/clock';
import { Complaint } from '../../cloud/modules/complaints/complaint.model';
import { OutboxAttempt, OutboxMessage, OutboxQueue } from '../../cloud/modules/messaging/messaging.model';
import { Notice, NoticeRead } from '../../cloud/modules/notices/notice.model';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { SentimentIncident } from '../../cloud/modules/sentiment/sentiment.model';
import { fillSortKeys } from '../../cloud/runtime/indexes';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit } from '../helpers/factories';
import { DAYTIME, ok, staff, type Person } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Lists page in the database on stored sort keys (cloud/lib/paging.ts): every list that used to sort
 * and slice a community in memory is checked here with more than two pages of documents in every
 * state its order distinguishes — the whole list is in the list's order, page 2 is exactly items
 * 21–40 of it (page 3 the rest), the filters match, and the order follows the writes that change it.
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
const at = (hours: number) => new Date(DAYTIME.getTime() + hours * HOUR);
/** A fixed pseudo-random sequence: the same documents every run. */
function dice(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % n;
  };
}

/** The whole list (one page of 100), and pages 2 and 3 of 20 checked against it. */
async function pagesOf<T extends { id: string }>(fetch: (page: number, pageSize: number) => Promise<Envelope<Paged<T>>>, expected: number): Promise<T[]> {
  const all = ok(await fetch(1, 100), 'page of 100');
  expect(all.total).toBe(expected);
  expect(all.items).toHaveLength(expected);
  expect(new Set(all.items.map((i) => i.id)).size).toBe(expected);
  const two = ok(await fetch(2, 20), 'page 2');
  const three = ok(await fetch(3, 20), 'page 3');
  expect({ page: two.page, pageSize: two.pageSize, total: two.total }).toEqual({ page: 2, pageSize: 20, total: expected });
  expect(two.items.map((i) => i.id)).toEqual(all.items.slice(20, 40).map((i) => i.id));
  expect(three.items.map((i) => i.id)).toEqual(all.items.slice(40, 60).map((i) => i.id));
  return all.items;
}

/** Checks that `items` are in the order `before` defines (negative: a comes first). */
function expectOrder<T extends { id: string }>(items: T[], before: (a: T, b: T) => number): void {
  expect(items.map((i) => i.id)).toEqual([...items].sort(before).map((i) => i.id));
}
const desc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
const time = (iso?: string) => (iso ? Date.parse(iso) : Infinity);

interface Desk {
  communityId: Types.ObjectId;
  agent: Person;
  manager: Person;
  tech: Person;
  unitId: Types.ObjectId;
}

async function desk(): Promise<Desk> {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '9栋');
  const unit = await makeUnit(c._id, b._id, { room: '0101' });
  return {
    communityId: c._id,
    agent: await staff(stack, c._id, { roles: ['agent'], name: '孙客服' }),
    manager: await staff(stack, c._id, { roles: ['manager'], name: '吴经理' }),
    tech: await staff(stack, c._id, { roles: ['technician'], name: '钱师傅', skills: ['水电'], onDuty: true }),
    unitId: unit._id,
  };
}

/** The fields every order of the desk's community has, whatever its state (as the agent recorded it). */
const orderOf = (d: Desk, tag: string, i: number) => ({
  communityId: d.communityId,
  orderNo: `${tag}${String(d.communityId).slice(-6)}${i}`,
  requestKey: `${tag}:${String(d.communityId)}:${i}`,
  channel: 'phone',
  area: 'home',
  unitId: d.unitId,
  location: '9栋-0101',
  category: '水电',
  description: `第${i}单`,
  reporterId: d.agent._id,
  reporterName: '孙客服',
  contactName: '赵业主',
  contactPhone: '13900001111',
  mode: 'manual',
});

describe('repairs list (staff)', () => {
  /** Open orders by urgency, then the deadline running now (none: last), then newest; finished ones newest first. */
  const staffOrder = (a: RepairSummary, b: RepairSummary) => {
    const ao = OPEN_STATUSES.includes(a.status);
    const bo = OPEN_STATUSES.includes(b.status);
    if (ao !== bo) return ao ? -1 : 1;
    const byDeadline = ao ? urgencyRank(a.urgency) - urgencyRank(b.urgency) || time(a.deadline?.at) - time(b.deadline?.at) : 0;
    return byDeadline || Date.parse(b.createdAt) - Date.parse(a.createdAt) || desc(a.id, b.id);
  };

  test('When a community has 55 orders in every state, then the list is open work by urgency and running deadline then the rest newest first, page 2 is items 21–40, and "overdue" is exactly the late ones', async () => {
    const d = await desk();
    const roll = dice(7);
    const statuses = REPAIR_STATUSES as readonly RepairStatus[];
    for (let i = 0; i < 55; i++) {
      clock = at(-48 + i);
      const status = statuses[roll(statuses.length)];
      const assigned = ['dispatched', 'accepted', 'arrived', 'paused'].includes(status);
      await Repair.create({
        ...orderOf(d, 'PG', i),
        urgency: URGENCIES[roll(3)],
        status,
        roundFrom: clock,
        // Deadlines from 20 hours ago to a day ahead: some are late.
        deadlines: { accept: at(-20 + roll(40)), arrive: at(-20 + roll(40)), complete: at(-20 + roll(40)) },
        ...(assigned ? { assigneeId: d.tech._id, assigneeName: '钱师傅' } : {}),
        ...(i % 11 === 0 ? { flags: ['overdue'] } : {}),
      });
    }
    clock = at(8);
    const list = (filter: Record<string, unknown>) => (page: number, pageSize: number) => stack.invoke('repairs', 'list', { state: 'all', ...filter, page, pageSize } as never, d.agent.token);
    const all = await pagesOf<RepairSummary>(list({}), 55);
    expectOrder(all, staffOrder);
    expect(all.some((o) => o.deadline?.overdue)).toBe(true);
    expect(all.some((o) => !OPEN_STATUSES.includes(o.status))).toBe(true);
    const late = all.filter((o) => o.deadline?.overdue || o.flags.includes('overdue'));
    const overdue = ok(await list({ overdue: true })(1, 100));
    expect(overdue.items.map((o) => o.id)).toEqual(late.map((o) => o.id));
    expect(overdue.total).toBe(late.length);
    const open = await pagesOf<RepairSummary>(list({ state: 'open' }), all.filter((o) => OPEN_STATUSES.includes(o.status)).length);
    expect(open.map((o) => o.id)).toEqual(all.filter((o) => OPEN_STATUSES.includes(o.status)).map((o) => o.id));
  });

  test('When an order changes state, then its place in the list follows (accepted: the arrival deadline runs; cancelled: among the finished ones)', async () => {
    const d = await desk();
    const made: string[] = [];
    for (let i = 0; i < 45; i++) {
      clock = at(-45 + i);
      const o = await Repair.create({
        ...orderOf(d, 'PC', i),
        urgency: 'normal',
        status: i < 2 ? 'dispatched' : 'submitted',
        roundFrom: clock,
        dispatchedAt: clock,
        // The accept deadline soon, the arrival deadline after every other order's.
        deadlines: { accept: at(i), arrive: at(100 + i), complete: at(200) },
        ...(i < 2 ? { assigneeId: d.tech._id, assigneeName: '钱师傅' } : {}),
      });
      made.push(String(o._id));
    }
    clock = at(0.5);
    const list = (page: number, pageSize: number) => stack.invoke('repairs', 'list', { state: 'all', page, pageSize }, d.agent.token);
    expect((await pagesOf<RepairSummary>(list, 45)).slice(0, 2).map((o) => o.id)).toEqual([made[0], made[1]]);

    ok(await stack.invoke('repairs', 'accept', { repairId: made[0] }, d.tech.token), 'accept');
    ok(await stack.invoke('repairs', 'cancel', { repairId: made[1], reason: '业主已自行修好' }, d.agent.token), 'cancel');
    const after = await pagesOf<RepairSummary>(list, 45);
    expectOrder(after, staffOrder);
    // Accepted: its arrival deadline (the latest of all) now runs: last of the open orders.
    expect(after[43]).toMatchObject({ id: made[0], status: 'accepted', deadline: { stage: 'arrive' } });
    // Cancelled: the one finished order, after every open one.
    expect(after[44]).toMatchObject({ id: made[1], status: 'cancelled' });
    expect(after[0].id).toBe(made[2]);
  });

  test('When orders were written before the list stored its sort keys, then createIndexes fills them and they list in order', async () => {
    const d = await desk();
    const roll = dice(11);
    const raw = Array.from({ length: 42 }, (_, i) => ({
      _id: new Types.ObjectId(),
      ...orderOf(d, 'PO', i),
      urgency: URGENCIES[roll(3)],
      status: (['submitted', 'closed', 'dispatched', 'cancelled'] as const)[roll(4)],
      rev: 0,
      roundFrom: at(-i),
      deadlines: { accept: at(roll(30)), arrive: at(roll(30)), complete: at(roll(30)) },
      createdAt: at(-i),
      updatedAt: at(-i),
    }));
    await Repair.collection.insertMany(raw as never[]);
    expect(await Repair.countDocuments({ communityId: d.communityId, listRank: { $exists: true } })).toBe(0);
    expect(await fillSortKeys()).toBeGreaterThanOrEqual(42);
    expect(await Repair.countDocuments({ communityId: d.communityId, listRank: { $exists: false } })).toBe(0);
    const all = await pagesOf<RepairSummary>((page, pageSize) => stack.invoke('repairs', 'list', { state: 'all', page, pageSize }, d.agent.token), 42);
    expectOrder(all, staffOrder);
  });
});

describe('complaints list (staff)', () => {
  /** By the deadline running now (none: last), then newest first. */
  const staffOrder = (a: ComplaintSummary, b: ComplaintSummary) => time(a.deadline?.at) - time(b.deadline?.at) || Date.parse(b.createdAt) - Date.parse(a.createdAt) || desc(a.id, b.id);

  test('When a community has 50 complaints in every state, then the list is by running deadline then newest, page 2 is items 21–40, "overdue" is exactly the late ones, and a reply moves one to its follow-up deadline', async () => {
    const d = await desk();
    const roll = dice(3);
    const made: string[] = [];
    for (let i = 0; i < 50; i++) {
      clock = at(-60 + i);
      const status = i === 0 ? 'accepted' : COMPLAINT_STATUSES[roll(COMPLAINT_STATUSES.length)];
      const c = await Complaint.create({
        communityId: d.communityId,
        caseNo: `TSPG${String(d.communityId).slice(-6)}${i}`,
        requestKey: `paging:${String(d.communityId)}:${i}`,
        channel: 'phone',
        category: 'cleaning',
        description: `第${i}件投诉`,
        location: '公共',
        contactName: '赵业主',
        contactPhone: '13900001111',
        reporterName: '孙客服',
        status,
        roundFrom: clock,
        deadlines: { respond: at(-10 + roll(30)), reply: i === 0 ? at(-30) : at(-10 + roll(30)), followup: at(-10 + roll(30)) },
        ...(status !== 'received' ? { handlerId: d.agent._id, handlerName: '孙客服', firstResponseAt: clock } : {}),
      });
      made.push(String(c._id));
    }
    clock = at(0);
    const list = (filter: Record<string, unknown>) => (page: number, pageSize: number) => stack.invoke('complaints', 'list', { status: 'all', ...filter, page, pageSize } as never, d.agent.token);
    const all = await pagesOf<ComplaintSummary>(list({}), 50);
    expectOrder(all, staffOrder);
    expect(all[0]).toMatchObject({ id: made[0], deadline: { stage: 'reply', overdue: true } });
    const late = all.filter((c) => c.deadline?.overdue);
    expect(late.length).toBeGreaterThan(1);
    expect(ok(await list({ overdue: true })(1, 100)).items.map((c) => c.id)).toEqual(late.map((c) => c.id));

    // The reply: the follow-up deadline runs now (set by the revisioned change).
    ok(await stack.invoke('complaints', 'reply', { complaintId: made[0], content: '已安排保洁每日两次清理楼道，感谢您的反馈。', validity: 'valid' }, d.agent.token), 'reply');
    const after = await pagesOf<ComplaintSummary>(list({}), 50);
    expectOrder(after, staffOrder);
    expect(after.find((c) => c.id === made[0])).toMatchObject({ status: 'replied', deadline: { stage: 'followup' } });
    expect(after[0].id).not.toBe(made[0]);
  });
});

describe('incidents list', () => {
  test('When a community has 45 incidents, then they list open first, then acknowledged, then resolved, each by severity and latest activity, page 2 being items 21–40; acknowledging one moves it', async () => {
    const d = await desk();
    const roll = dice(5);
    const made: string[] = [];
    for (let i = 0; i < 45; i++) {
      const i0 = await SentimentIncident.create({
        communityId: d.communityId,
        groupId: `g${roll(3)}`,
        groupName: '业主群',
        topic: 'leak',
        status: i === 0 ? 'open' : INCIDENT_STATUSES[roll(3)],
        severity: i === 0 ? 4 : 1 + roll(4),
        messageIds: [],
        firstAt: at(-30 + i),
        lastAt: at(-30 + i + roll(5)),
      });
      made.push(String(i0._id));
    }
    const order = (a: IncidentSummary, b: IncidentSummary) =>
      INCIDENT_STATUSES.indexOf(a.status) - INCIDENT_STATUSES.indexOf(b.status) || b.severity - a.severity || Date.parse(b.lastAt) - Date.parse(a.lastAt) || desc(a.id, b.id);
    const list = (page: number, pageSize: number) => stack.invoke('sentiment', 'incidents', { status: 'all', page, pageSize }, d.agent.token);
    const all = await pagesOf<IncidentSummary>(list, 45);
    expectOrder(all, order);
    expect(new Set(all.map((i) => i.status))).toEqual(new Set(INCIDENT_STATUSES));

    ok(await stack.invoke('sentiment', 'acknowledge', { incidentId: made[0] }, d.agent.token), 'acknowledge');
    const after = await pagesOf<IncidentSummary>(list, 45);
    expectOrder(after, order);
    expect(after.find((i) => i.id === made[0])!.status).toBe('acknowledged');
    const active = ok(await stack.invoke('sentiment', 'incidents', { status: 'active', page: 1, pageSize: 100 }, d.agent.token));
    expect(active.items.map((i) => i.id)).toEqual(after.filter((i) => i.status !== 'resolved').map((i) => i.id));
  });
});

describe('notices', () => {
  async function owned() {
    const c = await makeCommunity();
    const b = await makeBuilding(c._id, '1栋');
    const mine = await makeUnit(c._id, b._id, { room: '0101' });
    const other = await makeUnit(c._id, b._id, { room: '0202' });
    const owner = await makeOwner(c._id, [mine._id], '赵业主');
    return { communityId: c._id, mine: mine._id, other: other._id, owner, token: await loginAs(stack, owner._id), agent: await staff(stack, c._id, { roles: ['agent'], name: '孙客服' }) };
  }
  const notice = (communityId: Types.ObjectId, i: number, fields: Record<string, unknown>) =>
    Notice.create({
      communityId,
      requestKey: `paging:${String(communityId)}:${i}`,
      title: `第${i}号通知`,
      body: '尊敬的各位业主：分页测试正文。',
      signature: '物业服务中心',
      kind: 'notice',
      category: 'normal',
      target: { kind: 'community' },
      targetText: '全体业主',
      authorId: new Types.ObjectId(),
      status: 'published',
      ...fields,
    });

  test('When a community has 48 notices published, scheduled and withdrawn, then the staff list is newest publishing time first with page 2 being items 21–40, and each status filter is its part of that order', async () => {
    const w = await owned();
    const roll = dice(13);
    for (let i = 0; i < 48; i++) {
      const kind = roll(3);
      await notice(w.communityId, i, { unitIds: [w.mine], publishAt: kind === 0 ? at(1 + roll(48)) : at(-1 - roll(48)), status: kind === 2 ? 'withdrawn' : 'published' });
    }
    const list = (status?: string) => (page: number, pageSize: number) => stack.invoke('notices', 'list', { ...(status ? { status } : {}), page, pageSize } as never, w.agent.token);
    const all = await pagesOf<NoticeSummary>(list(), 48);
    expectOrder(all, (a, b) => Date.parse(b.publishAt) - Date.parse(a.publishAt) || desc(a.id, b.id));
    for (const status of ['published', 'scheduled', 'withdrawn'] as const) {
      const part = ok(await list(status)(1, 100));
      expect(part.items.map((n) => n.id)).toEqual(all.filter((n) => n.status === status).map((n) => n.id));
      expect(part.total).toBeGreaterThan(0);
    }
  });

  test("When an owner's board has 46 notices (pinned or not, read or not) among others not for them, then it is pinned first, unread before read, newest first, and page 2 is items 21–40", async () => {
    const w = await owned();
    const roll = dice(17);
    const visible: string[] = [];
    for (let i = 0; i < 46; i++) {
      const n = await notice(w.communityId, i, { unitIds: [w.mine, w.other], publishAt: at(-1 - roll(200)), pinned: i % 4 === 0, ...(roll(3) === 0 ? { expiresAt: at(24) } : {}) });
      visible.push(String(n._id));
    }
    // Not on this owner's board: another unit's, withdrawn, expired, not yet published.
    await notice(w.communityId, 100, { unitIds: [w.other], publishAt: at(-2) });
    await notice(w.communityId, 101, { unitIds: [w.mine], publishAt: at(-2), status: 'withdrawn' });
    await notice(w.communityId, 102, { unitIds: [w.mine], publishAt: at(-30), expiresAt: at(-1) });
    await notice(w.communityId, 103, { unitIds: [w.mine], publishAt: at(2) });
    // The owner opens some (one through the board's own action, the rest as it records them).
    ok(await stack.invoke('notices', 'open', { noticeId: visible[0] }, w.token), 'open');
    // Read: every third (0, 3, 6, …); pinned: every fourth (0, 4, 8, …): all four parts are there.
    for (const id of visible.filter((_, i) => i > 0 && i % 3 === 0)) {
      await NoticeRead.create({ _id: `${id}:${String(w.owner._id)}`, noticeId: new Types.ObjectId(id), communityId: w.communityId, userId: w.owner._id, unitIds: [w.mine], revision: 1, at: at(0) });
    }
    const board = (page: number, pageSize: number) => stack.invoke('notices', 'board', { page, pageSize }, w.token);
    const all = await pagesOf<BoardNotice>(board, 46);
    expect(new Set(all.map((n) => n.id))).toEqual(new Set(visible));
    expectOrder(all, (a, b) => Number(b.pinned) - Number(a.pinned) || Number(a.read) - Number(b.read) || Date.parse(b.publishAt) - Date.parse(a.publishAt) || desc(a.id, b.id));
    // Every part is there.
    for (const pinned of [true, false]) for (const read of [true, false]) expect(all.some((n) => n.pinned === pinned && n.read === read)).toBe(true);
  });
});

describe('outbox list (manager)', () => {
  test('When 45 messages wait and 42 were sent, then each status lists its messages latest first, page 2 being items 21–40', async () => {
    const d = await desk();
    const recipient = new Types.ObjectId();
    for (let i = 0; i < 87; i++) {
      const _id = new Types.ObjectId();
      const createdAt = at(-100 + i);
      await OutboxMessage.create({
        _id,
        communityId: d.communityId,
        eventKey: `paging:${i}`,
        recipientId: recipient,
        channel: 'subscribe',
        templateKey: 'repair.progress',
        title: `第${i}条消息`,
        recipient: { name: '赵业主' },
        createdAt,
      });
      if (i < 45) {
        await OutboxQueue.create({ _id, communityId: d.communityId, channel: 'subscribe', notBefore: createdAt, templateId: 'T', data: {}, createdAt });
      } else {
        await OutboxAttempt.create({ _id: `${String(_id)}:1`, outboxId: _id, communityId: d.communityId, n: 1, at: at(-200 + (i * 7) % 90), channel: 'subscribe', ok: true, final: 'sent' });
      }
    }
    const box = (status: string) => (page: number, pageSize: number) => stack.invoke('messaging', 'outbox', { status, page, pageSize } as never, d.manager.token);
    const queued = await pagesOf<OutboxItem>(box('queued'), 45);
    expect(queued.every((m) => m.status === 'queued')).toBe(true);
    expectOrder(queued, (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || desc(a.id, b.id));
    const sent = await pagesOf<OutboxItem>(box('sent'), 42);
    expect(sent.every((m) => m.status === 'sent')).toBe(true);
    expectOrder(sent, (a, b) => time(b.sentAt) - time(a.sentAt) || desc(a.id, b.id));
  });
});
