import { setClock } from '../../cloud/lib/clock';
import { templateByKey } from '../../cloud/lib/wechat/templates';
import { deliverOutbox } from '../../cloud/modules/messaging/delivery.job';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { runFromDaytime } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  runFromDaytime(); // messages go out at once whatever the hour of the run
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

test('When an owner reports a leak, then it is dispatched, done, rated, followed up and closed, and everyone hears of it in WeChat', async () => {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '2栋');
  const unit = await makeUnit(c._id, b._id, { room: '0801' });
  const owner = await makeOwner(c._id, [unit._id], '赵业主');
  const tech = await makeUser(c._id, { roles: ['technician'], name: '钱师傅', skills: ['水电', '管道疏通'] });
  await tech.updateOne({ onDuty: true });
  const agent = await makeUser(c._id, { roles: ['agent'], name: '孙客服' });
  const ownerToken = await loginAs(stack, owner._id);
  const techToken = await loginAs(stack, tech._id);
  const agentToken = await loginAs(stack, agent._id);

  // The owner accepted progress messages 6 times, the technician new-order messages once (wx.requestSubscribeMessage).
  const progress = templateByKey('repair.progress')!;
  const assigned = templateByKey('repair.assigned')!;
  for (let i = 0; i < 6; i++) await stack.invoke('messaging', 'reportSubscription', { results: [{ templateId: progress.templateId, result: 'accept' }] }, ownerToken);
  await stack.invoke('messaging', 'reportSubscription', { results: [{ templateId: assigned.templateId, result: 'accept' }] }, techToken);

  const up = await stack.invoke('files', 'upload', { purpose: 'repair', fileName: 'a.png', contentBase64: PNG.toString('base64') }, ownerToken);
  if (!up.ok) throw new Error(JSON.stringify(up.error));
  const photo = await fetch(`${stack.baseUrl}${up.data.url}`);
  expect(photo.status).toBe(200);
  expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true);

  const created = await stack.invoke(
    'repairs',
    'create',
    { requestId: 'req-flow-000001', area: 'home', unitId: String(unit._id), category: '水电', description: '卫生间水管漏水，地上都是水', photoIds: [up.data.id] },
    ownerToken,
  );
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  expect(created.data).toMatchObject({ status: 'dispatched', urgency: 'urgent', assigneeName: '钱师傅', location: unit.label });
  const again = await stack.invoke('repairs', 'create', { requestId: 'req-flow-000001', area: 'home', unitId: String(unit._id), category: '水电', description: '卫生间水管漏水，地上都是水' }, ownerToken);
  expect(again.ok && again.data.id).toBe(created.data.id);
  const id = created.data.id;

  for (const [action, data] of [
    ['accept', { repairId: id }],
    ['arrive', { repairId: id }],
    ['complete', { repairId: id, materials: [{ name: '水管接头', quantity: 2, unit: '个' }], note: '更换接头' }],
  ] as const) {
    const r = await stack.invoke('repairs', action, data as never, techToken);
    if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r.error)}`);
  }
  const rated = await stack.invoke('repairs', 'rate', { repairId: id, overall: 5, speed: 4, attitude: 5, comment: '师傅很专业' }, ownerToken);
  expect(rated).toMatchObject({ ok: true, data: { status: 'rated', rating: { overall: 5 } } });

  const tasks = await stack.invoke('followups', 'list', { status: 'open' }, agentToken);
  if (!tasks.ok) throw new Error(JSON.stringify(tasks.error));
  const task = tasks.data.items.find((t) => t.sourceId === id)!;
  expect(task).toMatchObject({ ownerName: '赵业主', location: unit.label });
  const done = await stack.invoke('followups', 'record', { followUpId: task.id, method: 'phone', outcome: 'satisfied', note: '业主满意' }, agentToken);
  expect(done).toMatchObject({ ok: true, data: { status: 'done', outcome: 'satisfied' } });

  const closed = await stack.invoke('repairs', 'get', { repairId: id }, ownerToken);
  if (!closed.ok) throw new Error(JSON.stringify(closed.error));
  expect(closed.data.status).toBe('closed');
  expect(closed.data.history.map((h) => h.event)).toEqual(['create', 'dispatch', 'accept', 'arrive', 'complete', 'rate', 'close']);

  await deliverOutbox({ ratePerSecond: 1000 });
  const got = stack.wechat.messages();
  expect(got.filter((m) => m.templateId === assigned.templateId)).toHaveLength(1);
  // Dispatched at once (so no separate 受理 message), accepted, arrived, completed (WeChat does not keep their order).
  const toOwner = got.filter((m) => m.templateId === progress.templateId);
  expect(toOwner.map((m) => m.data.phrase3).sort()).toEqual(['待接单', '已接单', '维修中', '待评价'].sort());
  expect(toOwner[0].page).toBe(`owner/pages/repair/index?id=${id}`);
});

test('When a technician opens an order that is not assigned to him, then the contact phone is masked; its assignee and the desk see it in full', async () => {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '3栋');
  const unit = await makeUnit(c._id, b._id, { room: '0302' });
  const owner = await makeOwner(c._id, [unit._id], '周业主', '13911112222');
  const assignee = await makeUser(c._id, { roles: ['technician'], name: '吴师傅', skills: ['水电'] });
  await assignee.updateOne({ onDuty: true });
  const other = await makeUser(c._id, { roles: ['technician'], name: '郑师傅', skills: ['门窗'] });
  const agent = await makeUser(c._id, { roles: ['agent'], name: '冯客服' });
  const created = await stack.invoke('repairs', 'create', { requestId: 'req-mask-000001', area: 'home', unitId: String(unit._id), category: '水电', description: '厨房插座不通电' }, await loginAs(stack, owner._id));
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  expect(created.data.assigneeName).toBe('吴师傅');
  const phoneAs = async (userId: unknown) => {
    const res = await stack.invoke('repairs', 'get', { repairId: created.data.id }, await loginAs(stack, userId));
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    return res.data.contactPhone;
  };
  expect(await phoneAs(other._id)).toBe('139****2222');
  expect(await phoneAs(assignee._id)).toBe('13911112222');
  expect(await phoneAs(agent._id)).toBe('13911112222');
  const queue = await stack.invoke('repairs', 'queue', {}, await loginAs(stack, other._id));
  expect(queue.ok).toBe(true);
  expect(JSON.stringify(queue)).not.toContain('13911112222');
});
