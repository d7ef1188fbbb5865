import type { Types } from 'mongoose';
import { setClock } from '../../cloud/lib/clock';
import { Inquiry } from '../../cloud/modules/desk/inquiry.model';
import { SearchLog } from '../../cloud/modules/knowledge/knowledge.model';
import { dayStart } from '@shared/domain/calendar';
import { DAYTIME, err, ok, rid, world, type Person } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/** The desk's figures for the manager, from known inquiries, contacts and searches at a fixed clock (2026-11-27 10:00 Shanghai). */
let stack: Stack;
let clock = DAYTIME;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const MIN = 60_000;
/** A local (Asia/Shanghai) time as an instant. */
const local = (text: string) => new Date(`${text}:00+08:00`);
let n = 0;

/** An inquiry as the inquiries module stores one (written directly: these figures read the stored fields). */
async function inquiry(communityId: Types.ObjectId, o: { topic: string; at: string; ackAfter?: number; ackDue: number; answerAfter?: number; answerDue: number; handler?: Person; stars?: number; status?: string }) {
  const createdAt = local(o.at);
  const plus = (m: number) => new Date(createdAt.getTime() + m * MIN);
  n++;
  await Inquiry.collection.insertOne({
    communityId,
    inquiryNo: `ZX-FIG-${rid()}`,
    requestKey: `fig:${rid()}`,
    channel: 'phone',
    topic: o.topic,
    text: `测试咨询${n}`,
    photoIds: [],
    location: '3栋0502',
    callerName: '赵业主',
    callerPhone: '',
    reporterName: '孙客服',
    status: o.status ?? (o.answerAfter !== undefined ? (o.stars ? 'rated' : 'answered') : o.ackAfter !== undefined ? 'acknowledged' : 'received'),
    rev: 1,
    promise: { ackMinutes: o.ackDue, answerHours: o.answerDue / 60 },
    deadlines: { ack: plus(o.ackDue), answer: plus(o.answerDue) },
    warned: [],
    breaches: [],
    ...(o.ackAfter !== undefined ? { acknowledgedAt: plus(o.ackAfter) } : {}),
    ...(o.answerAfter !== undefined ? { answeredAt: plus(o.answerAfter), answer: { text: '答复', at: plus(o.answerAfter), byName: o.handler?.name ?? '' } } : {}),
    ...(o.handler ? { handlerId: o.handler._id, handlerName: o.handler.name } : {}),
    ...(o.stars ? { rating: { stars: o.stars, at: plus((o.answerAfter ?? 0) + 60) } } : {}),
    history: [],
    listDue: new Date('9999-12-31T00:00:00Z'),
    createdAt,
    updatedAt: createdAt,
  } as never);
}

test('When the manager asks for the desk figures of a period, then topics, promise times, self-service, busiest hours and per-agent figures come from that period only', async () => {
  const w = await world(stack);
  const elsewhere = await world(stack);
  const c = w.communityId;
  // Answered on time (ack 10 min, answer 2 h), rated 5; late on both (ack 40 > 30 min, answer 30 h > 24 h), rated 3.
  await inquiry(c, { topic: 'fees', at: '2026-11-26T09:00', ackAfter: 10, ackDue: 30, answerAfter: 120, answerDue: 24 * 60, handler: w.agent, stars: 5 });
  await inquiry(c, { topic: 'fees', at: '2026-11-26T14:00', ackAfter: 40, ackDue: 30, answerAfter: 30 * 60, answerDue: 24 * 60, handler: w.agent, stars: 3 });
  // Not acknowledged and its 15-minute promise has passed: late. Its answer is not due yet: not measured.
  await inquiry(c, { topic: 'parking', at: '2026-11-27T09:30', ackDue: 15, answerDue: 24 * 60 });
  // Converted into a repair: acknowledged in 5 minutes, its answer is the repair's.
  await inquiry(c, { topic: 'facilities', at: '2026-11-26T09:10', ackAfter: 5, ackDue: 15, answerDue: 24 * 60, status: 'toRepair', handler: w.manager });
  // Before the period, and another community's: not counted.
  await inquiry(c, { topic: 'other', at: '2026-10-01T09:00', ackAfter: 1, ackDue: 30, answerAfter: 5, answerDue: 60, handler: w.agent, stars: 1 });
  await inquiry(elsewhere.communityId, { topic: 'fees', at: '2026-11-26T09:00', ackAfter: 1, ackDue: 30, answerAfter: 5, answerDue: 60 });

  // Contacts: two calls the agent logs at 09:xx on the 27th, a visit the manager logs at 14:20 on the 26th.
  const logAt = async (at: string, token: string, data: Record<string, unknown>) => {
    clock = local(at);
    setClock(() => clock);
    ok(await stack.invoke('desk', 'logContact', { requestId: rid(), kind: 'call', purpose: '咨询', ...data } as never, token), 'log');
  };
  await logAt('2026-11-27T09:05', w.agent.token, {});
  await logAt('2026-11-27T09:50', w.agent.token, { followUp: { dueAt: local('2026-11-28T09:00').toISOString() } });
  await logAt('2026-11-26T14:20', w.manager.token, { kind: 'visit', visitor: { name: '快递员', purpose: 'delivery' } });
  await logAt('2026-11-27T09:55', elsewhere.agent.token, {});

  // Owners' searches (as the knowledge module counts them): 5 in the period, 3 of them found something.
  const searchLog = (day: string, query: string, count: number, hits: number) => SearchLog.create({ _id: `${String(c)}:${day}:${query}`, communityId: c, day: dayStart(day), query, count, hits });
  await searchLog('2026-11-25', '物业费', 3, 2);
  await searchLog('2026-11-26', '宠物登记', 2, 0);
  await searchLog('2026-11-10', '装修押金', 5, 0);

  clock = DAYTIME;
  setClock(() => clock);
  const f = ok(await stack.invoke('desk', 'figures', { from: '2026-11-20', to: '2026-11-27' }, w.manager.token), 'figures');
  expect(f.from).toBe('2026-11-20');
  expect(f.inquiries).toEqual({
    total: 4,
    byTopic: [
      { topic: 'fees', label: '物业费用', count: 2 },
      { topic: 'parking', label: '停车', count: 1 },
      { topic: 'facilities', label: '设施设备', count: 1 },
    ],
    ack: { median: 10, onTimeShare: 0.5, measured: 4 },
    answer: { median: 960, onTimeShare: 0.5, measured: 2 },
    averageRating: 4,
  });
  expect(f.selfService).toEqual({ searches: 5, hits: 2 + 0 + 1, hitRate: 0.6, missing: [{ query: '宠物登记', count: 2 }] });
  expect(f.byHour.filter((h) => h.contacts || h.inquiries)).toEqual([
    { hour: 9, contacts: 2, inquiries: 3 },
    { hour: 14, contacts: 1, inquiries: 1 },
  ]);
  expect(f.contacts).toEqual({ total: 3, byKind: [{ kind: 'call', count: 2 }, { kind: 'visit', count: 1 }, { kind: 'wechat', count: 0 }], visitors: 1, openFollowUps: 1 });
  expect(f.agents).toEqual([
    { id: w.agent.id, name: '孙客服', inquiriesHandled: 2, onTimeShare: 0.5, averageRating: 4, contactsLogged: 2 },
    { id: w.manager.id, name: '吴经理', inquiriesHandled: 0, onTimeShare: null, averageRating: null, contactsLogged: 1 },
  ]);

  // The default period (the last 30 days) holds the same; an empty period has no medians; bad periods → 400; agents may not.
  const byDefault = ok(await stack.invoke('desk', 'figures', {}, w.manager.token), 'default');
  expect(byDefault).toMatchObject({ from: '2026-10-29', to: '2026-11-27', inquiries: { total: 4 } });
  const none = ok(await stack.invoke('desk', 'figures', { from: '2026-09-01', to: '2026-09-30' }, w.manager.token), 'empty');
  expect(none.inquiries).toMatchObject({ total: 0, ack: { median: null, onTimeShare: null, measured: 0 }, averageRating: null });
  expect(err(await stack.invoke('desk', 'figures', { from: '2026-11-27', to: '2026-11-01' }, w.manager.token)).code).toBe('VALIDATION');
  expect(err(await stack.invoke('desk', 'figures', { from: '2024-01-01', to: '2026-11-01' }, w.manager.token)).code).toBe('VALIDATION');
  expect(err(await stack.invoke('desk', 'figures', {}, w.agent.token)).code).toBe('AUTH.FORBIDDEN');
});
