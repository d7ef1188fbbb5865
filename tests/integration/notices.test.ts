import { NOTICE_LIBRARY } from '@shared/domain/notice-library';
import { renderNotice } from '@shared/domain/notices';
import { setClock } from '../../cloud/lib/clock';
import { getConfig } from '../../cloud/lib/config';
import { WechatIdentity } from '../../cloud/modules/identity/user.model';
import { deliverOutbox } from '../../cloud/modules/messaging/delivery.job';
import { CallTask, OutboxMessage, OutboxQueue } from '../../cloud/modules/messaging/messaging.model';
import { Notice } from '../../cloud/modules/notices/notice.model';
import { Building } from '../../cloud/modules/community/community.model';
import { loginAs, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { DAYTIME, EMERGENCY_MSG, MORNING, NIGHT, WATER_VALUES, freeText, fromTemplate, minutes, noticeWorld, outboxOf, pushesOf, type NoticeWorld } from '../helpers/notices';
import { err, ok, rid } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Notices end to end: compose from the library, content security, publish (now, later, to buildings
 * or a saved audience), pushes through the outbox (throttled, quiet hours, no call for routine news),
 * edit, withdraw, the owners' board with read tracking, and the managers' read figures and call list.
 */

let stack: Stack;
let w: NoticeWorld;
const deliver = () => deliverOutbox({ ratePerSecond: 1000 });
const at = (d: Date) => setClock(() => d);

beforeAll(async () => {
  stack = await startStack();
});
beforeEach(async () => {
  at(DAYTIME);
  w = await noticeWorld(stack);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const board = async (token: string) => ok(await stack.invoke('notices', 'board', {}, token), 'board').items;
const sentTo = (noticeId: string, openid: string) => pushesOf(stack, noticeId).filter((m) => m.touser === openid);

test('When an agent publishes a water-outage notice to building A, then exactly its owners get the push and see it, and an owner of building B does not', async () => {
  const { a1, a2, b1 } = w.owners;
  for (const p of [a1, a2, b1]) await w.credit(p);
  const n = await w.published();
  expect(n).toMatchObject({ status: 'published', templateKey: 'water-outage', units: 2, revision: 1, title: '停水通知', signature: `${w.communityName}物业服务中心` });
  expect(n.targetText).toContain('A栋');
  expect(n.body).toContain('定于2026年12月3日 09:00–12:00对全体楼栋暂停供水');
  expect(n.body).toContain('0571-88886666');

  await deliver();
  const pushes = pushesOf(stack, n.id);
  expect(pushes.map((m) => m.touser).sort()).toEqual([a1.openid, a2.openid].sort());
  expect(stack.wechat.messages().filter((m) => m.touser === b1.openid)).toHaveLength(0);
  expect(pushes[0].data).toMatchObject({ thing1: '停水通知', time3: '2026年11月27日 10:00' });

  expect((await board(a1.token)).find((i) => i.id === n.id)).toMatchObject({ title: '停水通知', read: false, updated: false, category: 'important' });
  expect(await board(b1.token)).toEqual([]);
  expect(ok(await stack.invoke('notices', 'stats', { noticeId: n.id }, w.manager.token), 'stats')).toMatchObject({ units: 2, pushed: 2, delivered: 2, read: 0 });
  const opened = err(await stack.invoke('notices', 'open', { noticeId: n.id }, b1.token));
  expect(opened).toMatchObject({ code: 'NOTICE.NOT_FOUND' });
});

test('When the notice is incomplete or aimed wrong, then publishing is refused with the reason and nothing is written', async () => {
  const missing = err(await w.publish({ ...fromTemplate('water-outage', {}) }));
  expect(missing.code).toBe('VALIDATION');
  const paths = (missing.details as { issues: { path: string }[] }).issues.map((i) => i.path).sort();
  expect(paths).toEqual(['values.contactPhone', 'values.date', 'values.timeRange']);

  expect(err(await w.publish({ target: { kind: 'buildings', buildingIds: [w.buildings.empty] } })).code).toBe('NOTICE.EMPTY_AUDIENCE');

  const past = err(await w.publish({ publishAt: minutes(DAYTIME, -120).toISOString() }));
  expect(past.code).toBe('VALIDATION');
  expect((past.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['publishAt']);

  const expiry = err(await w.publish({ publishAt: minutes(DAYTIME, 120).toISOString(), expiresAt: minutes(DAYTIME, 60).toISOString() }));
  expect(expiry.code).toBe('VALIDATION');
  expect((expiry.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['expiresAt']);

  const unknown = await w.publish({ templateKey: 'no-such-template' });
  expect(err(unknown)).toMatchObject({ code: 'NOTICE.TEMPLATE_NOT_FOUND', message: '通知模板不存在' });

  expect(await Notice.countDocuments({ communityId: w.communityId })).toBe(0);
});

test('When WeChat content security says risky, then publishing is blocked with the label; when it says review, then it goes only once confirmed', async () => {
  const risky = err(await w.publish(freeText('小区公告', '本周六组织活动，内含测试违规词，请知悉。')));
  expect(risky.code).toBe('NOTICE.CONTENT_RISKY');
  expect(risky.details).toMatchObject({ label: '违法犯罪' });
  expect(risky.message).toContain('违法犯罪');

  const requestId = rid();
  const review = err(await w.publish({ requestId, ...freeText('小区公告', '本周六组织活动，内含测试可疑词，请知悉。') }));
  expect(review.code).toBe('NOTICE.NEEDS_CONFIRM');
  expect(await Notice.countDocuments({ communityId: w.communityId })).toBe(0);
  const confirmed = await w.published({ requestId, ...freeText('小区公告', '本周六组织活动，内含测试可疑词，请知悉。'), confirmReview: true });
  expect(confirmed.status).toBe('published');
  expect(await Notice.countDocuments({ communityId: w.communityId })).toBe(1);
});

test('When the same request is published twice, or five times at once, then there is one notice and one push per owner', async () => {
  const { a1, a2 } = w.owners;
  for (const p of [a1, a2]) await w.credit(p, 2);
  const requestId = rid();
  const first = await w.published({ requestId });
  const second = await w.published({ requestId });
  expect(second.id).toBe(first.id);

  const burstId = rid();
  const burst = await Promise.all(Array.from({ length: 5 }, () => w.publish({ requestId: burstId, ...fromTemplate('water-outage', { ...WATER_VALUES, date: '2026年12月9日' }) })));
  const ids = burst.map((r) => ok(r, 'burst publish').id);
  expect(new Set(ids).size).toBe(1);
  expect(await Notice.countDocuments({ communityId: w.communityId })).toBe(2);
  for (const id of [first.id, ids[0]]) {
    const msgs = await outboxOf(id);
    expect(msgs.map((m) => String(m.recipientId)).sort()).toEqual([a1.id, a2.id].sort());
  }
  expect((await Notice.findById(ids[0]).lean())!.pushed).toBe(2);

  await deliver();
  at(minutes(DAYTIME, 61)); // the second notice's pushes are throttled by an hour
  await deliver();
  for (const id of [first.id, ids[0]]) for (const p of [a1, a2]) expect(sentTo(id, p.openid)).toHaveLength(1);
});

test('When a publish stopped after writing the notice but before queueing every push, then submitting it again queues the missing pushes and no duplicates', async () => {
  const { a1, a2 } = w.owners;
  const requestId = rid();
  const first = await w.published({ requestId });
  // As if the first run died halfway: one owner's push never queued, the notice not marked done.
  const lost = (await outboxOf(first.id)).find((m) => String(m.recipientId) === a2.id)!;
  await OutboxMessage.deleteOne({ _id: lost._id });
  await OutboxQueue.deleteOne({ _id: lost._id });
  await Notice.updateOne({ _id: first.id }, { $unset: { pushedAt: '' } });

  const again = await w.published({ requestId });
  expect(again.id).toBe(first.id);
  const msgs = await outboxOf(first.id);
  expect(msgs.map((m) => String(m.recipientId)).sort()).toEqual([a1.id, a2.id].sort());
  expect(await Notice.findById(first.id).lean()).toMatchObject({ pushedAt: expect.any(Date), pushed: 2 });
});

test('When a notice is scheduled for 2 hours later, then it is neither on the board nor pushed before then, and is both after', async () => {
  const { a1, a2 } = w.owners;
  for (const p of [a1, a2]) await w.credit(p);
  const publishAt = minutes(DAYTIME, 120);
  const n = await w.published({ publishAt: publishAt.toISOString() });
  expect(n).toMatchObject({ status: 'scheduled', publishAt: publishAt.toISOString() });
  expect(n.history.map((h) => h.event)).toEqual(['schedule']);
  const queued = await OutboxQueue.find({ _id: { $in: (await outboxOf(n.id)).map((m) => m._id) } }).lean();
  expect(queued.map((q) => q.notBefore.toISOString())).toEqual([publishAt.toISOString(), publishAt.toISOString()]);

  expect((await board(a1.token)).map((i) => i.id)).not.toContain(n.id);
  expect(err(await stack.invoke('notices', 'open', { noticeId: n.id }, a1.token)).code).toBe('NOTICE.NOT_FOUND');
  await deliver();
  expect(pushesOf(stack, n.id)).toHaveLength(0);

  at(minutes(publishAt, 1));
  expect((await board(a1.token)).map((i) => i.id)).toContain(n.id);
  const listed = ok(await stack.invoke('notices', 'list', { status: 'published' }, w.agent.token), 'list');
  expect(listed.items.map((i) => i.id)).toContain(n.id);
  await deliver();
  expect(pushesOf(stack, n.id).map((m) => m.touser).sort()).toEqual([a1.openid, a2.openid].sort());
});

test('When two normal notices reach an owner 10 minutes apart, then the second push waits an hour after the first', async () => {
  const { a1 } = w.owners;
  await w.credit(a1, 2);
  const target = { kind: 'units', unitIds: [w.units.a1] };
  const one = await w.published({ ...fromTemplate('fire-drill', { date: '2026年12月5日', timeRange: '15:00–16:30', place: '中心广场', contactPhone: '0571-88886666' }), target });
  at(minutes(DAYTIME, 10));
  const two = await w.published({ ...fromTemplate('elevator-maintenance', { date: '2026年12月6日', timeRange: '09:00–11:00', contactPhone: '0571-88886666' }), target });
  const [q1] = await OutboxQueue.find({ _id: { $in: (await outboxOf(one.id)).map((m) => m._id) } }).lean();
  const [q2] = await OutboxQueue.find({ _id: { $in: (await outboxOf(two.id)).map((m) => m._id) } }).lean();
  expect(q2.notBefore.getTime() - q1.notBefore.getTime()).toBeGreaterThanOrEqual(60 * 60_000);

  await deliver();
  expect(sentTo(one.id, a1.openid)).toHaveLength(1);
  expect(sentTo(two.id, a1.openid)).toHaveLength(0);
  at(minutes(DAYTIME, 61));
  await deliver();
  expect(sentTo(two.id, a1.openid)).toHaveLength(1);
});

test('When a notice is scheduled for tomorrow, then a normal notice published today is not held back until after it', async () => {
  const { a1 } = w.owners;
  await w.credit(a1, 2);
  const target = { kind: 'units', unitIds: [w.units.a1] };
  const tomorrow = minutes(DAYTIME, 24 * 60);
  const later = await w.published({ ...fromTemplate('fire-drill', { date: '2026年12月5日', timeRange: '15:00–16:30', place: '中心广场', contactPhone: '0571-88886666' }), target, publishAt: tomorrow.toISOString() });
  const now = await w.published({ ...fromTemplate('elevator-maintenance', { date: '2026年12月6日', timeRange: '09:00–11:00', contactPhone: '0571-88886666' }), target });
  const [q] = await OutboxQueue.find({ _id: { $in: (await outboxOf(now.id)).map((m) => m._id) } }).lean();
  expect(q.notBefore.toISOString()).toBe(DAYTIME.toISOString());
  await deliver();
  expect(sentTo(now.id, a1.openid)).toHaveLength(1);
  expect(sentTo(later.id, a1.openid)).toHaveLength(0);
  // A third one 30 minutes before the scheduled one waits until an hour after it (one push an hour).
  at(minutes(DAYTIME, 2 * 60));
  const third = await w.published({ ...freeText('绿化修剪温馨提示', '明天上午将修剪中心花园绿植，请勿靠近作业区域。'), target, publishAt: minutes(tomorrow, -30).toISOString() });
  const [q3] = await OutboxQueue.find({ _id: { $in: (await outboxOf(third.id)).map((m) => m._id) } }).lean();
  expect(q3.notBefore.toISOString()).toBe(minutes(tomorrow, 60).toISOString());
});

test('When a normal notice at 22:30 would go at 08:00, half an hour before one scheduled for 08:30, then it waits until 09:30', async () => {
  const target = { kind: 'units', unitIds: [w.units.a1] };
  at(NIGHT);
  const scheduled = await w.published({ ...freeText('绿化修剪温馨提示', '明天上午将修剪中心花园绿植，请勿靠近作业区域。'), target, publishAt: minutes(MORNING, 30).toISOString() });
  const tonight = await w.published({ ...fromTemplate('fire-drill', { date: '2026年12月5日', timeRange: '15:00–16:30', place: '中心广场', contactPhone: '0571-88886666' }), target });
  const notBefore = async (id: string) => (await OutboxQueue.find({ _id: { $in: (await outboxOf(id)).map((m) => m._id) } }).lean()).map((q) => q.notBefore.toISOString());
  expect(await notBefore(scheduled.id)).toEqual([minutes(MORNING, 30).toISOString()]);
  expect(await notBefore(tonight.id)).toEqual([minutes(MORNING, 90).toISOString()]);
});

test('When emergency notices go out at 22:30, then they are delivered at once and not throttled, while a normal one waits until 08:00', async () => {
  const { a1 } = w.owners;
  await w.credit(a1, 1);
  await w.credit(a1, 2, 'notice.emergency');
  at(NIGHT);
  const target = { kind: 'units', unitIds: [w.units.a1] };
  const e1 = await w.published({ ...freeText('紧急停水通知', '因主水管爆裂，A栋现已停水，抢修中，请做好储水准备。', 'emergency'), target });
  at(minutes(NIGHT, 2));
  const e2 = await w.published({ ...freeText('恢复供水通知', '主水管已抢修完毕，A栋已恢复供水，请放水片刻后使用。', 'emergency'), target });
  const calm = await w.published({ ...fromTemplate('fire-drill', { date: '2026年12月5日', timeRange: '15:00–16:30', place: '中心广场', contactPhone: '0571-88886666' }), target });
  await deliver();
  expect(sentTo(e1.id, a1.openid).map((m) => m.templateId)).toEqual([EMERGENCY_MSG.templateId]);
  expect(sentTo(e2.id, a1.openid)).toHaveLength(1);
  expect(sentTo(calm.id, a1.openid)).toHaveLength(0);
  const [q] = await OutboxQueue.find({ _id: { $in: (await outboxOf(calm.id)).map((m) => m._id) } }).lean();
  expect(q.notBefore.toISOString()).toBe(MORNING.toISOString());

  at(minutes(MORNING, -1));
  await deliver();
  expect(sentTo(calm.id, a1.openid)).toHaveLength(0);
  at(MORNING);
  await deliver();
  expect(sentTo(calm.id, a1.openid)).toHaveLength(1);
});

test('When a title is longer than the WeChat field, then the push shortens it to 20 characters with … while the board shows it whole', async () => {
  const { a1 } = w.owners;
  await w.credit(a1);
  const title = '关于小区二期地下车库照明线路改造施工期间临时停电安排的通知';
  expect([...title].length).toBeGreaterThan(20);
  const n = await w.published({ ...freeText(title, '地下车库照明线路改造期间，车库照明将分区临时停电，请车主注意安全。'), target: { kind: 'units', unitIds: [w.units.a1] } });
  await deliver();
  const [m] = sentTo(n.id, a1.openid);
  expect([...m.data.thing1]).toHaveLength(20);
  expect(m.data.thing1).toBe(`${[...title].slice(0, 19).join('')}…`);
  expect((await board(a1.token)).find((i) => i.id === n.id)!.title).toBe(title);
  expect(ok(await stack.invoke('notices', 'open', { noticeId: n.id }, a1.token), 'open').title).toBe(title);
});

test('When an owner has no WeChat, then a normal notice makes no call task and an emergency one does', async () => {
  const unit = await makeUnit(w.communityId, w.buildings.b, { room: '0808' });
  const offline = await makeOwner(w.communityId, [unit._id], '吴大爷');
  // An owner with WeChat but no subscription credit: the normal push fails over to nothing, not a call.
  const target = { kind: 'units', unitIds: [String(unit._id), w.units.b1] };
  const normal = await w.published({ ...freeText('垃圾分类温馨提示', '请各位业主按时分类投放垃圾，感谢配合。'), target });
  expect(normal.units).toBe(2);
  // The owner WeChat can reach gets it; the other one has it in 我的消息 only (站内消息), no call.
  expect((await outboxOf(normal.id)).map((m) => m.channel).sort()).toEqual(['inbox', 'subscribe']);
  await deliver();
  expect(await CallTask.countDocuments({ eventKey: new RegExp(`^notice:${normal.id}`) })).toBe(0);

  const emergency = await w.published({ ...freeText('燃气泄漏紧急通知', 'B栋发现燃气泄漏，请立即关闭燃气阀门并开窗通风，切勿使用明火。', 'emergency'), target });
  const tasks = ok(await stack.invoke('messaging', 'callTasks', { pageSize: 100 }, w.agent.token), 'callTasks').items;
  const mine = tasks.filter((t) => t.name === '吴大爷');
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({ phone: offline.phone, status: 'open', title: EMERGENCY_MSG.title });
  expect(await CallTask.countDocuments({ eventKey: `notice:${emergency.id}`, recipientId: offline._id })).toBe(1);
});

test('When a notice is withdrawn, then it leaves the board, its unsent pushes are cancelled, and withdrawing again is refused', async () => {
  const { a1, a2 } = w.owners;
  for (const p of [a1, a2]) await w.credit(p);
  const n = await w.published();
  expect((await board(a1.token)).map((i) => i.id)).toContain(n.id);
  const withdrawn = ok(await stack.invoke('notices', 'withdraw', { noticeId: n.id, reason: '时间有变，另行通知' }, w.agent.token), 'withdraw');
  expect(withdrawn.status).toBe('withdrawn');
  expect(withdrawn.history.map((h) => h.event)).toEqual(['publish', 'withdraw', 'cancelPushes']);
  expect(withdrawn.history[1]).toMatchObject({ byName: '李客服', note: '时间有变，另行通知' });
  expect(withdrawn.history[2]).toMatchObject({ byName: '系统', note: '2条未发送的推送已取消' });
  // Both changes went through the notice's revision (the engine appends history with the states).
  const stored = await Notice.findById(n.id).lean();
  expect(stored?.rev).toBe(2);
  expect(stored?.history.map((h) => [h.event, h.from ?? null, h.to])).toEqual([
    ['publish', null, 'published'],
    ['withdraw', 'published', 'withdrawn'],
    ['cancelPushes', 'withdrawn', 'withdrawn'],
  ]);

  expect((await board(a1.token)).map((i) => i.id)).not.toContain(n.id);
  expect(err(await stack.invoke('notices', 'open', { noticeId: n.id }, a1.token)).code).toBe('NOTICE.NOT_FOUND');
  const msgs = await outboxOf(n.id);
  expect(msgs).toHaveLength(2);
  expect(await OutboxQueue.countDocuments({ _id: { $in: msgs.map((m) => m._id) } })).toBe(0);
  await deliver();
  expect(pushesOf(stack, n.id)).toHaveLength(0);

  const box = ok(await stack.invoke('messaging', 'outbox', { status: 'cancelled', pageSize: 100 }, w.manager.token), 'outbox').items.filter((i) => i.eventKey === `notice:${n.id}`);
  expect(box.map((i) => i.status)).toEqual(['cancelled', 'cancelled']);
  const { OUTBOX_STATUS_LABELS } = await import('@shared/domain/messaging');
  expect(OUTBOX_STATUS_LABELS.cancelled).toBe('已取消');

  const again = err(await stack.invoke('notices', 'withdraw', { noticeId: n.id, reason: '再撤一次' }, w.agent.token));
  expect(again).toMatchObject({ code: 'NOTICE.WITHDRAWN', details: { from: 'withdrawn', to: 'withdrawn', event: 'withdraw' } });
  expect(again.message).toContain('“已撤回”');
  expect(err(await stack.invoke('notices', 'update', { noticeId: n.id, title: '停水通知', body: '改一下' }, w.agent.token)).code).toBe('NOTICE.WITHDRAWN');
});

test('When a published notice is edited, then it is revision 2, owners see it as updated until they open it again, and the history names the writer', async () => {
  const { a1, a2 } = w.owners;
  const n = await w.published();
  const before = (await outboxOf(n.id)).length;
  ok(await stack.invoke('notices', 'open', { noticeId: n.id }, a1.token), 'open');
  expect((await board(a1.token)).find((i) => i.id === n.id)).toMatchObject({ read: true, updated: false });

  const body = `${n.body}\n\n补充：停水时间调整为09:00–11:00。`;
  const edited = ok(await stack.invoke('notices', 'update', { noticeId: n.id, title: '停水通知（时间调整）', body }, w.agent.token), 'update');
  expect(edited).toMatchObject({ revision: 2, title: '停水通知（时间调整）', body });
  expect(edited.history.map((h) => [h.event, h.byName])).toEqual([
    ['publish', '李客服'],
    ['update', '李客服'],
  ]);
  expect((await outboxOf(n.id)).length).toBe(before); // no new push

  expect((await board(a1.token)).find((i) => i.id === n.id)).toMatchObject({ title: '停水通知（时间调整）', read: true, updated: true });
  expect((await board(a2.token)).find((i) => i.id === n.id)).toMatchObject({ read: false, updated: true });
  const again = ok(await stack.invoke('notices', 'open', { noticeId: n.id }, a1.token), 'open again');
  expect(again).toMatchObject({ body, updated: true });
  expect(again.updatedAt).toBe(DAYTIME.toISOString());
  expect((await board(a1.token)).find((i) => i.id === n.id)).toMatchObject({ read: true, updated: false });
  expect((await board(a2.token)).find((i) => i.id === n.id)).toMatchObject({ updated: true });

  const got = ok(await stack.invoke('notices', 'get', { noticeId: n.id }, w.manager.token), 'get');
  expect(got.history.map((h) => h.event)).toEqual(['publish', 'update']);
});

test('When two writers edit a notice at the same moment, then both edits are kept, each once, through its revision', async () => {
  const n = await w.published();
  const edits = await Promise.all(
    [w.agent, w.manager].map((p, i) => stack.invoke('notices', 'update', { noticeId: n.id, title: `停水通知（第${i + 1}次调整）`, body: `${n.body}\n\n调整${i + 1}` }, p.token)),
  );
  for (const e of edits) ok(e, 'update');
  const stored = await Notice.findById(n.id).lean();
  expect(stored).toMatchObject({ revision: 3, rev: 2 });
  expect(stored?.history.map((h) => h.event)).toEqual(['publish', 'update', 'update']);
  expect(stored?.history.slice(1).map((h) => h.note).sort()).toEqual(['第2版', '第3版']);
});

test('When some owners open a notice, then stats count reads by building, unread lists the rest with masked phones, and the manager calls them once', async () => {
  const { a1, a2, b1 } = w.owners;
  const n = await w.published({ target: { kind: 'buildings', buildingIds: [w.buildings.a, w.buildings.b] } });
  expect(n.units).toBe(3);
  const detail = ok(await stack.invoke('notices', 'open', { noticeId: n.id }, a1.token), 'open');
  expect(detail).toMatchObject({ read: true, body: n.body });
  expect((await board(a1.token)).find((i) => i.id === n.id)!.read).toBe(true);

  const stats = ok(await stack.invoke('notices', 'stats', { noticeId: n.id }, w.agent.token), 'stats');
  expect(stats).toMatchObject({ units: 3, read: 1, pushed: 3 });
  const byBuilding = Object.fromEntries(stats.byBuilding.map((b) => [b.buildingId, [b.units, b.read]]));
  expect(byBuilding).toEqual({ [w.buildings.a]: [2, 1], [w.buildings.b]: [1, 0] });

  const unreadPage = ok(await stack.invoke('notices', 'unread', { noticeId: n.id }, w.agent.token), 'unread');
  expect(unreadPage).toMatchObject({ total: 2, page: 1, pageSize: 20 });
  const unread = unreadPage.items;
  expect(unread.map((u) => u.unitId).sort()).toEqual([w.units.a2, w.units.b1].sort());
  for (const [u, p] of [[unread.find((x) => x.unitId === w.units.a2)!, a2], [unread.find((x) => x.unitId === w.units.b1)!, b1]] as const) {
    expect(u.ownerNames).toEqual([p.name]);
    expect(u.phone).not.toBe(p.phone);
    expect(u.phone).toMatch(/\*/);
    expect(u.phone.slice(-4)).toBe(p.phone.slice(-4));
  }

  expect(err(await stack.invoke('notices', 'callUnread', { noticeId: n.id }, w.agent.token))).toMatchObject({ code: 'AUTH.FORBIDDEN' });
  expect(ok(await stack.invoke('notices', 'callUnread', { noticeId: n.id }, w.manager.token), 'callUnread')).toEqual({ created: 2 });
  expect(ok(await stack.invoke('notices', 'callUnread', { noticeId: n.id }, w.manager.token), 'callUnread again')).toEqual({ created: 0 });
  const tasks = ok(await stack.invoke('messaging', 'callTasks', { pageSize: 100 }, w.agent.token), 'callTasks').items.filter((t) => t.reason === '业主未查看重要通知');
  expect(tasks.map((t) => [t.name, t.phone]).sort()).toEqual([[a2.name, a2.phone], [b1.name, b1.phone]].sort());
  expect(tasks[0].title).toBe(`请电话告知：${n.title}`);
});

test('When the manager copies and edits a template, then the community sees the copy in place of the original; a stray placeholder is refused; preview renders exactly', async () => {
  const list = ok(await stack.invoke('notices', 'templates', {}, w.agent.token), 'templates');
  expect(list).toHaveLength(NOTICE_LIBRARY.length);
  expect(list.map((t) => t.key).sort()).toEqual(NOTICE_LIBRARY.map((t) => t.key).sort());
  expect(list.every((t) => !t.custom)).toBe(true);

  const lib = NOTICE_LIBRARY.find((t) => t.key === 'water-outage')!;
  const copy = {
    basedOn: 'water-outage',
    name: '停水通知（本小区）',
    kind: lib.kind,
    category: lib.category,
    title: lib.title,
    body: `${lib.body}\n\n停水期间可到{{waterPoint}}取水。`,
    signature: '客户服务中心',
    variables: [...lib.variables, { name: 'waterPoint', label: '临时取水点', type: 'place' as const, defaultValue: '南门岗亭' }],
  };
  expect(err(await stack.invoke('notices', 'saveTemplate', copy, w.agent.token)).code).toBe('AUTH.FORBIDDEN');
  const saved = ok(await stack.invoke('notices', 'saveTemplate', copy, w.manager.token), 'saveTemplate');
  expect(saved).toMatchObject({ custom: true, basedOn: 'water-outage', name: '停水通知（本小区）', signature: '客户服务中心' });
  const after = ok(await stack.invoke('notices', 'templates', {}, w.agent.token), 'templates');
  expect(after).toHaveLength(NOTICE_LIBRARY.length);
  expect(after.some((t) => t.key === 'water-outage')).toBe(false);
  expect(after.find((t) => t.key === saved.key)).toMatchObject({ custom: true, basedOn: 'water-outage' });
  // Another community still has the original.
  const other = await makeCommunity();
  const otherManager = await makeUser(other._id, { roles: ['manager'] });
  const otherList = ok(await stack.invoke('notices', 'templates', {}, await loginAs(stack, otherManager._id)), 'other templates');
  expect(otherList.find((t) => t.key === 'water-outage')).toMatchObject({ custom: false });

  const stray = err(await stack.invoke('notices', 'saveTemplate', { ...copy, body: `${copy.body}{{nobody}}` }, w.manager.token));
  expect(stray.code).toBe('VALIDATION');
  expect(stray.message).toContain('{{nobody}}');

  const values = { date: '2026年12月5日' };
  const preview = ok(await stack.invoke('notices', 'preview', { templateKey: 'power-outage', values }, w.agent.token), 'preview');
  const expected = renderNotice(NOTICE_LIBRARY.find((t) => t.key === 'power-outage')!, values);
  expect(preview).toMatchObject({ title: expected.title, body: expected.body, signature: `${w.communityName}物业服务中心`, push: { title: '停电通知' } });
  expect(preview.missing).toEqual([
    { name: 'timeRange', label: '停电时段' },
    { name: 'contactPhone', label: '联系电话' },
  ]);
  const ownPreview = ok(await stack.invoke('notices', 'preview', { templateKey: saved.key, values: WATER_VALUES }, w.agent.token), 'preview copy');
  expect(ownPreview.missing).toEqual([]);
  expect(ownPreview.body).toContain('停水期间可到南门岗亭取水。');
  expect(ownPreview.signature).toBe(`${w.communityName}客户服务中心`);
});

test('When a saved audience picks buildings from floor 10 up, then a notice to it reaches only the units on those floors', async () => {
  const { a1, a2, b1 } = w.owners;
  for (const p of [a1, a2, b1]) await w.credit(p);
  const audience = ok(
    await stack.invoke('notices', 'saveAudience', { name: '高层住户', buildingIds: [w.buildings.a, w.buildings.b], minFloor: 10 }, w.manager.token),
    'saveAudience',
  );
  expect(audience).toMatchObject({ name: '高层住户', minFloor: 10 });
  expect(audience.description).toContain('10 层及以上');
  expect(ok(await stack.invoke('notices', 'audiences', {}, w.agent.token), 'audiences').map((a) => a.id)).toEqual([audience.id]);

  const n = await w.published({ ...fromTemplate('elevator-maintenance', { date: '2026年12月6日', timeRange: '09:00–11:00', contactPhone: '0571-88886666' }), target: { kind: 'audience', audienceId: audience.id } });
  expect(n).toMatchObject({ units: 2, targetText: '高层住户' });
  await deliver();
  expect(pushesOf(stack, n.id).map((m) => m.touser).sort()).toEqual([a2.openid, b1.openid].sort());
  expect((await board(a1.token)).map((i) => i.id)).not.toContain(n.id);
  expect((await board(a2.token)).map((i) => i.id)).toContain(n.id);
  expect((await board(b1.token)).map((i) => i.id)).toContain(n.id);
});

test('When a withdrawal stopped after writing its status (a crash), then the retry cancels the pushes still queued before refusing the repeat', async () => {
  const { a1, a2 } = w.owners;
  for (const p of [a1, a2]) await w.credit(p);
  const n = await w.published();
  // What a withdrawal that died between its two steps leaves behind: withdrawn, pushes still queued.
  await Notice.updateOne({ _id: n.id }, { $set: { status: 'withdrawn' }, $inc: { rev: 1 } });
  expect(await OutboxQueue.countDocuments({ _id: { $in: (await outboxOf(n.id)).map((m) => m._id) } })).toBe(2);

  const retry = err(await stack.invoke('notices', 'withdraw', { noticeId: n.id, reason: '时间有变' }, w.agent.token));

  expect(retry.code).toBe('NOTICE.WITHDRAWN');
  expect(await OutboxQueue.countDocuments({ _id: { $in: (await outboxOf(n.id)).map((m) => m._id) } })).toBe(0);
  await deliver();
  expect(pushesOf(stack, n.id)).toHaveLength(0);
  expect((await Notice.findById(n.id).lean())?.history.map((h) => h.event)).toEqual(['publish', 'cancelPushes']);
});

test("When another community's manager asks for or withdraws this notice, then it is 404", async () => {
  const n = await w.published();
  const other = await makeCommunity();
  const stranger = await makeUser(other._id, { roles: ['manager'], name: '外小区经理' });
  const token = await loginAs(stack, stranger._id);
  for (const action of ['get', 'stats', 'unread'] as const) {
    expect(err(await stack.invoke('notices', action, { noticeId: n.id }, token)).code).toBe('NOTICE.NOT_FOUND');
  }
  expect(err(await stack.invoke('notices', 'withdraw', { noticeId: n.id, reason: '试试' }, token)).code).toBe('NOTICE.NOT_FOUND');
  expect(ok(await stack.invoke('notices', 'list', {}, token), 'list').items).toEqual([]);
  expect((await Notice.findById(n.id).lean())!.status).toBe('published');
});

test('When a water-outage notice names A栋 as its 停水范围, then it cannot go to 全体业主, and it goes to A栋 only', async () => {
  const { a1, a2, b1 } = w.owners;
  for (const p of [a1, a2, b1]) await w.credit(p);
  const aName = (await Building.findById(w.buildings.a).lean())!.name;
  const scoped = fromTemplate('water-outage', { ...WATER_VALUES, buildings: aName });
  const everyone = err(await w.publish({ ...scoped, target: { kind: 'community' } }));
  expect(everyone.code).toBe('VALIDATION');
  expect((everyone.details as { issues: { path: string; message: string }[] }).issues).toEqual([{ path: 'target', message: `通知范围是${aName}，发送对象却是全体业主：请改为指定楼栋` }]);
  expect(await Notice.countDocuments({ communityId: w.communityId })).toBe(0);

  const n = await w.published({ ...scoped, target: { kind: 'buildings', buildingIds: [w.buildings.a] } });
  await deliver();
  expect(pushesOf(stack, n.id).map((m) => m.touser).sort()).toEqual([a1.openid, a2.openid].sort());
  // 全体楼栋 (the default) speaks of everyone: 全体业主 is right.
  expect((await w.published({ ...fromTemplate('water-outage', WATER_VALUES), target: { kind: 'community' } })).units).toBe(3);
});

test('When the manager asks who a notice would reach, then the households of the target and those WeChat can remind now are counted', async () => {
  const { a1, a2 } = w.owners;
  const reach = async (category: 'important' | 'emergency', target: Record<string, unknown> = { kind: 'buildings', buildingIds: [w.buildings.a] }) =>
    ok(await stack.invoke('notices', 'reach', { target, category } as never, w.manager.token), 'reach');
  const A = (await Building.findById(w.buildings.a).lean())!.name;
  // Nobody subscribed and nobody follows the official account.
  expect(await reach('important')).toEqual({ targetText: A, units: 2, wechat: 0 });
  await w.credit(a1);
  expect(await reach('important')).toEqual({ targetText: A, units: 2, wechat: 1 });
  // The routine subscription does not carry an emergency notice (a separate template).
  expect(await reach('emergency')).toEqual({ targetText: A, units: 2, wechat: 0 });
  // Following the official account reaches an owner whatever the template.
  await WechatIdentity.create({ appId: getConfig().wechat.oa.appId, openid: `oa_${a2.id}`, userId: a2._id });
  expect(await reach('emergency')).toEqual({ targetText: A, units: 2, wechat: 1 });
  expect(await reach('important', { kind: 'community' })).toEqual({ targetText: '全体业主', units: 3, wechat: 2 });
  // Once a1's one subscription is spent by a push, WeChat can no longer remind them.
  await w.published({ category: 'important' });
  await deliver();
  expect(await reach('important')).toEqual({ targetText: A, units: 2, wechat: 1 });
  expect(err(await stack.invoke('notices', 'reach', { target: { kind: 'buildings', buildingIds: [w.buildings.a] }, category: 'important' }, a1.token)).code).toBe('AUTH.FORBIDDEN');
});
