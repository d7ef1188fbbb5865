import { Types } from 'mongoose';
import { functions } from '../../cloud/functions';
import { Claim } from '../../cloud/lib/claim';
import { setClock } from '../../cloud/lib/clock';
import { getConfig, resetConfig } from '../../cloud/lib/config';
import { templateByKey, TemplateValueError } from '../../cloud/lib/wechat/templates';
import { deliverOutbox, type DeliveryOptions } from '../../cloud/modules/messaging/delivery.job';
import { CallTask, OutboxAttempt, OutboxMessage, OutboxQueue } from '../../cloud/modules/messaging/messaging.model';
import { enqueue } from '../../cloud/modules/messaging/outbox.service';
import { spendCredit } from '../../cloud/modules/messaging/subscription.service';
import { WechatIdentity } from '../../cloud/modules/identity/user.model';
import { cloudbaseContext } from '../helpers/cloudbase';
import { linkWechat, loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';
import { parseLink, routes } from '@shared/routes';

/**
 * Outgoing messages end to end: enqueue → delivery job → the fake WeChat server, with credits,
 * fallbacks (subscribe → official account → a call task), retries, quiet hours and the views.
 */
const SUBSCRIBE = '/cgi-bin/message/subscribe/send';
const NOON = new Date('2026-11-27T04:00:00Z'); // 12:00 in Shanghai
const REPAIR = templateByKey('repair.progress')!;
const values = (n = 1) => ({ orderNo: `BX2026112700${n}`, title: '厨房水管漏水', status: '处理中', time: NOON });
const EMERGENCY = templateByKey('notice.emergency')!;
const emergency = (title = '停水紧急通知') => ({ title, publisher: '物业服务中心', time: NOON, summary: '今晚22点起停水4小时' });

let stack: Stack;
let communityId: Types.ObjectId;
let otherCommunityId: Types.ObjectId;
let seq = 0;
const run = (o: DeliveryOptions = {}) => deliverOutbox({ ratePerSecond: 1000, retryBaseMs: 60_000, ...o });

async function owner(opts: { oa?: boolean; wechat?: boolean } = {}) {
  const b = await makeBuilding(communityId);
  const u = await makeUnit(communityId, b._id);
  const user = await makeOwner(communityId, [u._id], `业主${'甲乙丙丁戊己庚辛壬癸'[seq++ % 10]}${seq}`);
  const openid = opts.wechat === false ? undefined : await linkWechat(user._id);
  const oaOpenid = opts.oa ? `oa_${String(user._id)}` : undefined;
  if (oaOpenid) await WechatIdentity.create({ appId: getConfig().wechat.oa.appId, openid: oaOpenid, userId: user._id });
  return { user, openid, oaOpenid };
}

async function credit(openid: string, templateId = REPAIR.templateId, result: 'accept' | 'reject' | 'ban' = 'accept') {
  const token = await stack.login(stack.wechat.mintCode(openid));
  const res = await stack.invoke('messaging', 'reportSubscription', { results: [{ templateId, result }] }, token);
  if (!res.ok) throw new Error(res.error.code);
  return { token, infos: res.data };
}

const sentTo = (touser: string) => stack.wechat.messages().filter((m) => m.touser === touser);
const attemptsOf = async (id: string) => OutboxAttempt.find({ outboxId: new Types.ObjectId(id) }).sort({ n: 1 }).lean();

beforeAll(async () => {
  stack = await startStack();
  communityId = (await makeCommunity({ name: '消息测试小区' }))._id;
  otherCommunityId = (await makeCommunity({ name: '消息隔壁小区' }))._id;
});
beforeEach(() => {
  setClock(() => NOON);
  stack.wechat.stopFailing();
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

test('When the same event is enqueued twice for a person, then there is one message and one send', async () => {
  const { user, openid } = await owner();
  await credit(openid!);
  await credit(openid!);
  const a = await enqueue({ communityId, eventKey: 'repair:twice', recipientUserId: user._id, templateKey: 'repair.progress', values: values() });
  const b = await enqueue({ communityId, eventKey: 'repair:twice', recipientUserId: user._id, templateKey: 'repair.progress', values: values() });
  expect(a).toMatchObject({ created: true, channel: 'subscribe' });
  expect(b).toEqual({ id: a.id, channel: 'subscribe', created: false });
  expect(await OutboxMessage.countDocuments({ eventKey: 'repair:twice' })).toBe(1);
  expect(await OutboxQueue.countDocuments({ _id: new Types.ObjectId(a.id) })).toBe(1);
  await run();
  expect(sentTo(openid!)).toHaveLength(1);
  expect(sentTo(openid!)[0]).toMatchObject({ api: 'subscribe', templateId: REPAIR.templateId, data: { character_string1: 'BX20261127001', phrase3: '处理中', time4: '2026年11月27日 12:00' } });
});

test('When values are bad for the template, then enqueue throws before writing anything', async () => {
  const { user } = await owner();
  await expect(enqueue({ communityId, eventKey: 'repair:bad', recipientUserId: user._id, templateKey: 'repair.progress', values: { orderNo: 'X', title: 't', status: 'done', time: NOON } })).rejects.toThrow(TemplateValueError);
  expect(await OutboxMessage.countDocuments({ eventKey: 'repair:bad' })).toBe(0);
});

test('When five sends race for one credit, then exactly one spends it', async () => {
  const { openid } = await owner();
  await credit(openid!);
  const spent = await Promise.all(Array.from({ length: 5 }, () => spendCredit(openid!, REPAIR.templateId)));
  expect(spent.filter((n) => n !== null)).toEqual([1]);
});

test('When a person has 2 credits and 3 messages, then 2 go as subscribe messages and the third falls back to the official account', async () => {
  const { user, openid, oaOpenid } = await owner({ oa: true });
  await credit(openid!);
  const { token, infos } = await credit(openid!);
  expect(infos.find((i) => i.templateId === REPAIR.templateId)).toMatchObject({ credits: 2, lastResult: 'accept' });
  for (const n of [1, 2, 3]) await enqueue({ communityId, eventKey: `repair:credits:${n}`, recipientUserId: user._id, templateKey: 'repair.progress', values: values(n) });
  await run();
  await run(); // the OA fallback is due at once
  expect(sentTo(openid!).map((m) => m.api)).toEqual(['subscribe', 'subscribe']);
  expect(sentTo(oaOpenid!).map((m) => m.api)).toEqual(['oa-template']);
  // Which of the three found no credit depends on the order of the concurrent sends; each went exactly once.
  const orderNos = [...sentTo(openid!).map((m) => m.data.character_string1), sentTo(oaOpenid!)[0].data.keyword1].sort();
  expect(orderNos).toEqual(['BX20261127001', 'BX20261127002', 'BX20261127003']);
  expect(sentTo(oaOpenid!)[0].data.first).toBe(REPAIR.oa.first);
  const subs = await stack.invoke('messaging', 'subscriptions', {}, token);
  expect(subs.ok && subs.data.find((i) => i.templateId === REPAIR.templateId)?.credits).toBe(0);
  const mine = await stack.invoke('messaging', 'myMessages', {}, token);
  if (!mine.ok) throw new Error(mine.error.code);
  // One item per event: the one that fell back to the official account shows where it ended.
  expect(mine.data.items.map((m) => `${m.channel}:${m.status}`).sort()).toEqual(['oa:sent', 'subscribe:sent', 'subscribe:sent']);
  const fallen = mine.data.items.find((m) => m.channel === 'oa')!;
  expect(fallen.history).toEqual([expect.objectContaining({ channel: 'subscribe', ok: false, error: expect.stringContaining('无订阅额度') }), expect.objectContaining({ channel: 'oa', ok: true })]);
});

test('When a person has no credit and no official account for an emergency notice, then a staff member gets a call task with the message and a plain reason', async () => {
  const { user, openid } = await owner();
  const { id } = await enqueue({ communityId, eventKey: 'notice:call', recipientUserId: user._id, templateKey: 'notice.emergency', values: emergency() });
  const r = await run();
  expect(r).toMatchObject({ sent: 0, fellBack: 1, callTasks: 1 });
  expect(sentTo(openid!)).toHaveLength(0);
  const task = await CallTask.findOne({ eventKey: 'notice:call' }).lean();
  expect(task).toMatchObject({ name: user.name, phone: user.phone, status: 'open', title: '紧急通知', reason: '未开启消息提醒', kind: 'undelivered', count: 1 });
  expect(task!.lines).toContainEqual({ label: '通知标题', value: '停水紧急通知' });
  expect((await attemptsOf(id))[0]).toMatchObject({ final: 'fallen-back', ok: false });
});

test('When a person has no WeChat at all, then enqueue makes the call task for an emergency notice at once', async () => {
  const { user } = await owner({ wechat: false });
  const e = await enqueue({ communityId, eventKey: 'notice:nowechat', recipientUserId: user._id, templateKey: 'notice.emergency', values: emergency() });
  expect(e.channel).toBe('call');
  expect(await CallTask.findOne({ eventKey: 'notice:nowechat' }).lean()).toMatchObject({ reason: '未绑定微信' });
});

test('When staff alerts and owners\' progress updates cannot be delivered in WeChat, then no call task is made and they stay in the person\'s 我的消息', async () => {
  const agent = await makeUser(communityId, { roles: ['agent'], name: '预警客服' });
  const technician = await makeUser(communityId, { roles: ['technician'], name: '预警师傅' });
  await linkWechat(technician._id);
  const { user: progressOwner } = await owner({ wechat: false });
  const { user: feeOwner, openid: feeOpenid } = await owner();
  const { user: bindOwner } = await owner({ wechat: false });
  const made = [
    await enqueue({ communityId, eventKey: 'repair:alert:x', recipientUserId: agent._id, templateKey: 'repair.alert', values: { orderNo: 'BX20261127009', title: '电梯故障', kind: '即将超时', time: NOON } }),
    await enqueue({ communityId, eventKey: 'repair:assigned:x', recipientUserId: technician._id, templateKey: 'repair.assigned', values: { orderNo: 'BX20261127009', location: '1栋', title: '电梯故障', contact: '张伟', time: NOON } }),
    await enqueue({ communityId, eventKey: 'repair:progress:x', recipientUserId: progressOwner._id, templateKey: 'repair.progress', values: values(9) }),
    await enqueue({ communityId, eventKey: 'fees:x:day', recipientUserId: feeOwner._id, templateKey: 'fee.reminder', values: { item: '物业费', amount: 12850, dueDate: NOON, unit: '1栋' } }),
    await enqueue({ communityId, eventKey: 'binding:x:review', recipientUserId: bindOwner._id, templateKey: 'binding.result', values: { unit: '1栋101', applicant: '王丽', result: '已通过', time: NOON } }),
  ];
  expect(made.filter((m) => m.channel === 'inbox').map((m) => m.skipped)).toEqual([true, true, true]);
  await run(); // the technician's and the fee owner's subscribe sends fail for want of a credit
  expect(sentTo(feeOpenid!)).toHaveLength(0);
  const recipients = [agent._id, technician._id, progressOwner._id, feeOwner._id, bindOwner._id];
  expect(await CallTask.countDocuments({ recipientId: { $in: recipients } })).toBe(0);
  const agentInbox = await stack.invoke('messaging', 'myMessages', {}, await loginAs(stack, agent._id));
  if (!agentInbox.ok) throw new Error(agentInbox.error.code);
  expect(agentInbox.data.items).toEqual([expect.objectContaining({ title: '工单预警提醒', channel: 'inbox', status: 'inbox', attempts: 0 })]);
  // Complete as written: no attempt document, nothing queued.
  const inboxIds = made.filter((m) => m.channel === 'inbox').map((m) => new Types.ObjectId(m.id));
  expect(await OutboxAttempt.countDocuments({ outboxId: { $in: inboxIds } })).toBe(0);
  expect(await OutboxQueue.countDocuments({ _id: { $in: inboxIds } })).toBe(0);
});

test('When the manager filters the outbox by 已放入站内消息, then the messages kept in 我的消息 are listed there and not under 已送达, older ones included', async () => {
  const community = (await makeCommunity({ name: '站内消息小区' }))._id;
  const manager = await makeUser(community, { roles: ['manager'], name: '站内主管' });
  const token = await loginAs(stack, manager._id);
  const agent = await makeUser(community, { roles: ['agent'], name: '站内客服' });
  const fresh = await enqueue({ communityId: community, eventKey: 'repair:alert:inbox-list', recipientUserId: agent._id, templateKey: 'repair.alert', values: { orderNo: 'BX20261127010', title: '门禁故障', kind: '即将超时', time: NOON } });
  expect(fresh.channel).toBe('inbox');
  // A message written before the status existed: its one attempt said `sent` on channel inbox.
  const older = await enqueue({ communityId: community, eventKey: 'repair:alert:inbox-older', recipientUserId: agent._id, templateKey: 'repair.alert', values: { orderNo: 'BX20261127011', title: '路灯不亮', kind: '已超时', time: NOON } });
  await OutboxAttempt.create({ _id: `${older.id}:1`, outboxId: new Types.ObjectId(older.id), communityId: community, n: 1, at: NOON, channel: 'inbox', ok: true, errmsg: '微信无法送达，已放入站内消息', final: 'sent' });
  const listed = async (status: string) => {
    const res = await stack.invoke('messaging', 'outbox', { status, page: 1, pageSize: 20 } as never, token);
    if (!res.ok) throw new Error(res.error.code);
    return res.data.items;
  };
  expect((await listed('inbox')).map((m) => [m.eventKey, m.status]).sort()).toEqual([
    ['repair:alert:inbox-list', 'inbox'],
    ['repair:alert:inbox-older', 'inbox'],
  ]);
  expect(await listed('sent')).toEqual([]);
  const all = await stack.invoke('messaging', 'outbox', { page: 1, pageSize: 20 }, token);
  expect(all.ok && all.data.items.map((m) => m.status)).toEqual(['inbox', 'inbox']);
});

test('When several call-worthy messages for one owner cannot be delivered, then there is one open task per owner and subject with a count, and a done task lets the next open a new one', async () => {
  const agent = await makeUser(communityId, { roles: ['agent'], name: '合并客服' });
  const token = await loginAs(stack, agent._id);
  const { user } = await owner({ wechat: false });
  await enqueue({ communityId, eventKey: 'notice:m1', recipientUserId: user._id, templateKey: 'notice.emergency', values: emergency('停水紧急通知') });
  await enqueue({ communityId, eventKey: 'notice:m2', recipientUserId: user._id, templateKey: 'notice.emergency', values: emergency('停电紧急通知') });
  await enqueue({ communityId, eventKey: 'notice:m2', recipientUserId: user._id, templateKey: 'notice.emergency', values: emergency('停电紧急通知') });
  const mine = async (status: 'open' | 'done') => {
    const list = await stack.invoke('messaging', 'callTasks', { status, pageSize: 50 }, token);
    if (!list.ok) throw new Error(list.error.code);
    return list.data.items.filter((t) => t.name === user.name);
  };
  const [task] = await mine('open');
  expect(await mine('open')).toHaveLength(1);
  expect(task).toMatchObject({ count: 2, kind: 'undelivered', reason: '未绑定微信', lines: expect.arrayContaining([{ label: '通知标题', value: '停电紧急通知' }]) });
  const done = await stack.invoke('messaging', 'completeCallTask', { callTaskId: task.id }, token);
  expect(done.ok).toBe(true);
  await enqueue({ communityId, eventKey: 'notice:m1', recipientUserId: user._id, templateKey: 'notice.emergency', values: emergency('停水紧急通知') });
  expect(await mine('open')).toHaveLength(0); // a replayed event adds nothing
  await enqueue({ communityId, eventKey: 'notice:m3', recipientUserId: user._id, templateKey: 'notice.emergency', values: emergency('燃气紧急通知') });
  expect(await mine('open')).toEqual([expect.objectContaining({ count: 1, title: '紧急通知' })]);
});

test('When WeChat answers 43101 (no subscription on its side), then the message falls back to the official account', async () => {
  const { user, openid, oaOpenid } = await owner({ oa: true });
  await credit(openid!);
  stack.wechat.failNext(SUBSCRIBE, { errcode: 43101, errmsg: 'user refuse to accept the msg' });
  const { id } = await enqueue({ communityId, eventKey: 'repair:43101', recipientUserId: user._id, templateKey: 'repair.progress', values: values() });
  await run();
  await run();
  expect((await attemptsOf(id)).map((a) => [a.errcode, a.final])).toEqual([[43101, 'fallen-back']]);
  expect(sentTo(oaOpenid!)).toHaveLength(1);
});

test.each([
  [40037, 'invalid template_id'],
  [47003, 'argument invalid! data.thing2.value exceeds limit'],
])('When WeChat answers %i, then it is not retried and the message falls back with the error kept', async (errcode, errmsg) => {
  const { user, openid } = await owner();
  await credit(openid!, EMERGENCY.templateId);
  stack.wechat.failNext(SUBSCRIBE, { errcode, errmsg });
  const { id } = await enqueue({ communityId, eventKey: `notice:e${errcode}`, recipientUserId: user._id, templateKey: 'notice.emergency', values: emergency() });
  const r = await run();
  expect(r).toMatchObject({ retried: 0, fellBack: 1, callTasks: 1 });
  const [a] = await attemptsOf(id);
  expect(a).toMatchObject({ errcode, final: 'fallen-back' });
  expect(a.errmsg).toContain(errmsg.slice(0, 15));
  // The agent reads plain words; the error stays in the attempt for the manager's outbox.
  expect((await CallTask.findOne({ eventKey: `notice:e${errcode}` }).lean())!.reason).toBe('微信提醒发送失败');
  // WeChat did not use the subscription: the credit is back
  expect(await spendCredit(openid!, EMERGENCY.templateId)).toBe(1);
});

test('When WeChat fails with -1, HTTP 503 and 45009, then the message is retried with growing backoff and finally sent once', async () => {
  const { user, openid, } = await owner();
  await credit(openid!);
  stack.wechat.failNext(SUBSCRIBE, { errcode: -1, errmsg: 'system error' });
  stack.wechat.failNext(SUBSCRIBE, { httpStatus: 503 });
  stack.wechat.failNext(SUBSCRIBE, { errcode: 45009, errmsg: 'reach max api daily quota limit' });
  const { id } = await enqueue({ communityId, eventKey: 'repair:retry', recipientUserId: user._id, templateKey: 'repair.progress', values: values() });
  let t = NOON.getTime();
  const delays: number[] = [];
  for (let i = 0; i < 4; i++) {
    setClock(() => new Date(t));
    await run({ retryBaseMs: 1000 });
    const q = await OutboxQueue.findById(id).lean();
    if (!q) break;
    expect(await run({ retryBaseMs: 1000 })).toMatchObject({ claimed: 0 }); // nothing due before the backoff
    delays.push(q.notBefore.getTime() - t);
    t = q.notBefore.getTime();
  }
  expect(delays).toEqual([1000, 2000, 4000]);
  expect((await attemptsOf(id)).map((a) => [a.ok, a.errcode ?? 0])).toEqual([[false, -1], [false, -1], [false, 45009], [true, 0]]);
  expect(sentTo(openid!)).toHaveLength(1);
});

test('When the retries are used up, then the message goes to the next channel', async () => {
  const { user, openid, oaOpenid } = await owner({ oa: true });
  await credit(openid!);
  stack.wechat.failNext(SUBSCRIBE, { errcode: -1 }, 2);
  const { id } = await enqueue({ communityId, eventKey: 'repair:exhaust', recipientUserId: user._id, templateKey: 'repair.progress', values: values() });
  await run({ maxAttempts: 2, retryBaseMs: 0 });
  await run({ maxAttempts: 2, retryBaseMs: 0 });
  await run({ maxAttempts: 2, retryBaseMs: 0 });
  expect((await attemptsOf(id)).map((a) => a.final ?? 'retry')).toEqual(['retry', 'fallen-back']);
  expect(sentTo(oaOpenid!)).toHaveLength(1);
});

test('When it is 22:30 in Shanghai, then a non-urgent message waits for 08:00 and an urgent one goes now', async () => {
  const night = new Date('2026-11-27T14:30:00Z');
  setClock(() => night);
  const { user, openid } = await owner();
  await credit(openid!);
  await credit(openid!, templateByKey('notice.published')!.templateId);
  const calm = await enqueue({ communityId, eventKey: 'notice:night', recipientUserId: user._id, templateKey: 'notice.published', values: { title: '明日停水', publisher: '物业', time: night, summary: '9点到12点' } });
  const urgent = await enqueue({ communityId, eventKey: 'notice:urgent', recipientUserId: user._id, templateKey: 'repair.progress', values: values(), urgent: true });
  await run();
  expect((await attemptsOf(urgent.id)).map((a) => a.final)).toEqual(['sent']);
  expect(await attemptsOf(calm.id)).toEqual([]);
  expect((await OutboxQueue.findById(calm.id).lean())!.notBefore.toISOString()).toBe('2026-11-28T00:00:00.000Z');
  setClock(() => new Date('2026-11-28T00:00:00Z'));
  await run();
  expect(sentTo(openid!).map((m) => m.templateId).sort()).toEqual([REPAIR.templateId, templateByKey('notice.published')!.templateId].sort());
});

test('When a person rejects or bans a template, then the answer is kept and no credit is given; an unknown template is refused', async () => {
  const { openid } = await owner();
  const { token, infos } = await credit(openid!, REPAIR.templateId, 'reject');
  expect(infos.find((i) => i.templateId === REPAIR.templateId)).toMatchObject({ credits: 0, lastResult: 'reject' });
  const ban = await stack.invoke('messaging', 'reportSubscription', { results: [{ templateId: REPAIR.templateId, result: 'ban' }] }, token);
  expect(ban.ok && ban.data.find((i) => i.templateId === REPAIR.templateId)?.lastResult).toBe('ban');
  const bad = await stack.invoke('messaging', 'reportSubscription', { results: [{ templateId: 'nope', result: 'accept' }] }, token);
  expect(!bad.ok && bad.error.code).toBe('MESSAGE.UNKNOWN_TEMPLATE');
  const empty = await stack.invoke('messaging', 'reportSubscription', { results: [] } as never, token);
  expect(!empty.ok && empty.error.code).toBe('VALIDATION');
});

test('When staff list and complete call tasks, then only their community shows, a task is done once, and another community is 404', async () => {
  const agent = await makeUser(communityId, { roles: ['agent'], name: '消息客服' });
  const token = await loginAs(stack, agent._id);
  const { user } = await owner({ wechat: false });
  await enqueue({ communityId, eventKey: 'notice:list', recipientUserId: user._id, templateKey: 'notice.emergency', values: emergency() });
  const foreign = await CallTask.create({ communityId: otherCommunityId, eventKey: 'x:foreign', recipientId: new Types.ObjectId(), name: '外小区', title: 't', reason: 'r', createdAt: NOON });
  const list = await stack.invoke('messaging', 'callTasks', {}, token);
  if (!list.ok) throw new Error(list.error.code);
  const mineTask = list.data.items.find((t) => t.name === user.name)!;
  expect(mineTask).toMatchObject({ phone: user.phone, status: 'open', title: '紧急通知' });
  expect(list.data.items.some((t) => t.name === '外小区')).toBe(false);
  const [a, b] = await Promise.all([
    stack.invoke('messaging', 'completeCallTask', { callTaskId: mineTask.id, note: '已电话告知' }, token),
    stack.invoke('messaging', 'completeCallTask', { callTaskId: mineTask.id }, token),
  ]);
  expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
  expect([a, b].find((r) => !r.ok)).toMatchObject({ error: { code: 'CALLTASK.ALREADY_DONE' } });
  const done = await stack.invoke('messaging', 'callTasks', { status: 'done' }, token);
  expect(done.ok && done.data.items.find((t) => t.id === mineTask.id)).toMatchObject({ doneByName: '消息客服' });
  const other = await stack.invoke('messaging', 'completeCallTask', { callTaskId: String(foreign._id) }, token);
  expect(!other.ok && other.error.code).toBe('CALLTASK.NOT_FOUND');
});

test('When the manager opens the outbox and the demo inbox, then they show the community messages and what WeChat received', async () => {
  const manager = await makeUser(communityId, { roles: ['manager'], name: '消息主管' });
  const token = await loginAs(stack, manager._id);
  const { user, openid } = await owner();
  await credit(openid!, templateByKey('binding.result')!.templateId);
  await enqueue({ communityId, eventKey: 'binding:demo', recipientUserId: user._id, templateKey: 'binding.result', values: { unit: '1栋1单元1502', applicant: user.name, result: '通过', time: NOON } });
  await run();
  const box = await stack.invoke('messaging', 'outbox', { status: 'sent' }, token);
  expect(box.ok && box.data.items.find((i) => i.eventKey === 'binding:demo')).toMatchObject({ recipientName: user.name, title: '绑定审核结果', status: 'sent', attempts: 1 });
  const inbox = await stack.invoke('messaging', 'demoInbox', {}, token);
  if (!inbox.ok) throw new Error(inbox.error.code);
  expect(inbox.data.find((m) => m.touser === openid)).toMatchObject({ recipientName: user.name, title: '绑定审核结果', api: 'subscribe' });
  process.env.DEMO_MODE = '0';
  resetConfig();
  try {
    const off = await stack.invoke('messaging', 'demoInbox', {}, token);
    expect(!off.ok && off.error.code).toBe('DEMO.ONLY');
  } finally {
    process.env.DEMO_MODE = '1';
    resetConfig();
  }
});

test('When a CloudBase timer trigger fires, then the jobs function delivers; a client call dressed as a timer is not one', async () => {
  const { user, openid } = await owner();
  await credit(openid!);
  await enqueue({ communityId, eventKey: 'repair:timer', recipientUserId: user._id, templateKey: 'repair.progress', values: values() });
  const res = await functions.jobs({ Type: 'Timer', TriggerName: 'deliverOutbox' }, cloudbaseContext());
  expect(res).toMatchObject({ ok: true, data: { sent: 1 } });
  expect(sentTo(openid!)).toHaveLength(1);
  // A client's call (its WX context has an OPENID) with Type: 'Timer' in its data, even one without userInfo.
  const fake = await functions.jobs({ Type: 'Timer', TriggerName: 'deliverOutbox' }, cloudbaseContext({ openid: openid! }));
  expect(fake).toMatchObject({ ok: false, error: { code: 'ACTION.UNKNOWN' } });
  const unknown = await functions.jobs({ Type: 'Timer', TriggerName: 'nope' }, { request_id: 'timer-3' });
  expect(unknown).toMatchObject({ ok: false, error: { code: 'ACTION.UNKNOWN' } });
  expect(await Claim.countDocuments({ _id: /^send:/ })).toBeGreaterThan(0);
});

test('When a batch is sent in several pipelined chunks (some failing at random), then every message goes exactly once and the queue ends empty', async () => {
  const people = await Promise.all([1, 2, 3, 4].map(() => owner()));
  for (const p of people) for (let i = 0; i < 3; i++) await credit(p.openid!);
  const ids: string[] = [];
  for (const [k, p] of people.entries()) {
    for (let i = 0; i < 3; i++) ids.push((await enqueue({ communityId, eventKey: `repair:chunks:${k}:${i}`, recipientUserId: p.user._id, templateKey: 'repair.progress', values: values() })).id);
  }
  stack.wechat.failRandomly('/cgi-bin/message/subscribe/send', 0.3, { errcode: -1 });
  for (let round = 0; round < 12 && (await OutboxQueue.countDocuments({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } })) > 0; round++) {
    await run({ chunkSize: 2, retryBaseMs: 0 });
  }
  stack.wechat.stopFailing();
  expect(await OutboxQueue.countDocuments({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } })).toBe(0);
  for (const p of people) expect(sentTo(p.openid!)).toHaveLength(3);
});

test('When an event reached an owner through a fallback, then 我的消息 lists it once, with the page it opens, and staff see their own the same way', async () => {
  const { user, openid, oaOpenid } = await owner({ oa: true });
  const token = await stack.login(stack.wechat.mintCode(openid!));
  const repairId = new Types.ObjectId().toHexString();
  await enqueue({ communityId, eventKey: `repair:${repairId}:status:1`, recipientUserId: user._id, templateKey: 'repair.progress', values: values(7), page: routes.owner.repair({ id: repairId }) });
  await run(); // no subscription: falls back to the official account
  await run();
  expect(sentTo(oaOpenid!)).toHaveLength(1);
  expect(await OutboxMessage.countDocuments({ recipientId: user._id })).toBe(2);
  const mine = await stack.invoke('messaging', 'myMessages', {}, token);
  if (!mine.ok) throw new Error(mine.error.code);
  expect(mine.data.total).toBe(1);
  expect(mine.data.items).toEqual([expect.objectContaining({ title: '报修进度通知', status: 'sent', link: `owner/pages/repair/index?id=${repairId}` })]);
  expect(parseLink(mine.data.items[0].link!)).toMatchObject({ route: routes.owner.repair, params: { id: repairId } });

  // A staff alert WeChat cannot deliver: one item in the agent's own 我的消息, no call task.
  const agent = await makeUser(communityId, { roles: ['agent'], name: '分组客服' });
  await enqueue({ communityId, eventKey: `repair:${repairId}:alert`, recipientUserId: agent._id, templateKey: 'repair.alert', values: { orderNo: 'BX20261127007', title: '电梯故障', kind: '即将超时', time: NOON }, page: routes.staff.repair({ id: repairId }) });
  await run();
  const theirs = await stack.invoke('messaging', 'myMessages', {}, await loginAs(stack, agent._id));
  if (!theirs.ok) throw new Error(theirs.error.code);
  expect(theirs.data.items).toEqual([expect.objectContaining({ title: '工单预警提醒', link: `staff/pages/repair/index?id=${repairId}` })]);
  expect(await CallTask.countDocuments({ recipientId: agent._id })).toBe(0);
});
