import { setClock } from '../../cloud/lib/clock';
import { templateByKey } from '../../cloud/lib/wechat/templates';
import { Complaint } from '../../cloud/modules/complaints/complaint.model';
import * as complaintNotify from '../../cloud/modules/complaints/notify';
import { deliverOutbox } from '../../cloud/modules/messaging/delivery.job';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import * as dispatch from '../../cloud/modules/repairs/dispatch';
import * as repairNotify from '../../cloud/modules/repairs/notify';
import { Repair, type RepairDoc } from '../../cloud/modules/repairs/repair.model';
import { ALERT, ASSIGNED, credits, DAYTIME, ok, PROGRESS, rid, world, type Person, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * A create that crashed after writing its record (the request failed, the record is there) and is
 * submitted again with the same request id: the replay finishes the create's own follow-up steps —
 * routing, alerts, the owner's and the technician's messages — each exactly once, and a replay of a
 * create that finished (or of a record that moved on since) sends nothing new.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
beforeEach(() => {
  setClock(() => DAYTIME);
});
afterEach(() => {
  jest.restoreAllMocks();
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const COMPLAINT_ALERT = templateByKey('complaint.alert')!;
const crash = () => new Error('simulated crash after the record was written');
const tokenOf = (p: Person) => stack.login(stack.wechat.mintCode(p.openid));
const create = async (w: World, requestId: string, description = '卧室插座松动，需要修理') =>
  stack.invoke('repairs', 'create', { requestId, area: 'home', unitId: w.unitId, category: '水电', description }, await tokenOf(w.owner));
const orderOf = async (w: World) => (await Repair.findOne({ communityId: w.communityId }).lean()) as RepairDoc;
/** Messages WeChat received for a person with a template (after delivering the outbox). */
async function received(p: Person, templateId: string) {
  await deliverOutbox({ ratePerSecond: 1000 });
  return stack.wechat.messages().filter((m) => m.touser === p.openid && m.templateId === templateId);
}
const outboxCount = () => OutboxMessage.countDocuments({});

async function subscribed(w: World): Promise<void> {
  await credits(stack, w.owner, PROGRESS.templateId, 4);
  await credits(stack, w.manager, ALERT.templateId, 4);
  for (const t of w.techs) await credits(stack, t, ASSIGNED.templateId, 4);
}

describe('repairs', () => {
  test('When an emergency report was written waiting and crashed before it was routed, then submitting it again dispatches it and the technician, the owner and the managers each hear once', async () => {
    const w = await world(stack, { techs: [{ name: '钱师傅' }] });
    await subscribed(w);
    const requestId = rid();
    // Written waiting (no technician found while the order was made: in automatic dispatch an order
    // is normally inserted dispatched), then the crash before routing it.
    jest.spyOn(dispatch, 'pickTechnician').mockResolvedValueOnce(null);
    jest.spyOn(dispatch, 'route').mockRejectedValueOnce(crash());
    const failed = await create(w, requestId, '厨房燃气泄漏，有很大的煤气味');
    expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await orderOf(w)).toMatchObject({ status: 'submitted', rev: 0, urgency: 'emergency' });

    const replay = ok(await create(w, requestId, '厨房燃气泄漏，有很大的煤气味'), 'replay');
    expect(replay).toMatchObject({ status: 'dispatched', assigneeName: '钱师傅' });
    expect(await received(w.techs[0], ASSIGNED.templateId)).toHaveLength(1);
    expect(await received(w.owner, PROGRESS.templateId)).toHaveLength(1);
    // The emergency alert went out before the crash: not again.
    expect(await received(w.manager, ALERT.templateId)).toHaveLength(1);

    const before = await outboxCount();
    expect(ok(await create(w, requestId, '厨房燃气泄漏，有很大的煤气味'), 'second replay').id).toBe(replay.id);
    expect(await outboxCount()).toBe(before);
    expect(await received(w.techs[0], ASSIGNED.templateId)).toHaveLength(1);
    expect(await received(w.owner, PROGRESS.templateId)).toHaveLength(1);
  });

  test('When an emergency report crashed after it was inserted dispatched but before anyone was told, then submitting it again tells the technician, the owner and the managers once', async () => {
    const w = await world(stack, { techs: [{ name: '钱师傅' }] });
    await subscribed(w);
    const requestId = rid();
    jest.spyOn(dispatch, 'noteDispatchedByCreate').mockRejectedValueOnce(crash());
    expect(await create(w, requestId, '厨房燃气泄漏，有很大的煤气味')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await orderOf(w)).toMatchObject({ status: 'dispatched', rev: 1, urgency: 'emergency' });
    expect(await received(w.manager, ALERT.templateId)).toHaveLength(0);

    expect(ok(await create(w, requestId, '厨房燃气泄漏，有很大的煤气味'), 'replay')).toMatchObject({ status: 'dispatched', assigneeName: '钱师傅' });
    expect(await received(w.techs[0], ASSIGNED.templateId)).toHaveLength(1);
    expect(await received(w.owner, PROGRESS.templateId)).toHaveLength(1);
    expect(await received(w.manager, ALERT.templateId)).toHaveLength(1);
    const before = await outboxCount();
    ok(await create(w, requestId, '厨房燃气泄漏，有很大的煤气味'), 'second replay');
    expect(await outboxCount()).toBe(before);
    expect((await orderOf(w)).rev).toBe(1);
  });

  test('When a report crashed after its dispatch was written but before anyone was told, then submitting it again tells the technician and the owner once', async () => {
    const w = await world(stack, { techs: [{ name: '钱师傅' }] });
    await subscribed(w);
    const requestId = rid();
    jest.spyOn(repairNotify, 'tellDispatched').mockRejectedValueOnce(crash());
    expect(await create(w, requestId)).toMatchObject({ ok: false });
    expect(await orderOf(w)).toMatchObject({ status: 'dispatched', rev: 1 });
    expect(await received(w.techs[0], ASSIGNED.templateId)).toHaveLength(0);

    ok(await create(w, requestId), 'replay');
    const toTech = await received(w.techs[0], ASSIGNED.templateId);
    expect(toTech).toHaveLength(1);
    expect(await received(w.owner, PROGRESS.templateId)).toHaveLength(1);
    expect((await orderOf(w)).rev).toBe(1);
  });

  test('When nobody can take a report and it crashed before the managers were told, then submitting it again tells the managers and the owner once', async () => {
    const w = await world(stack, { techs: [{ name: '钱师傅', onDuty: false }] });
    await subscribed(w);
    const requestId = rid();
    jest.spyOn(repairNotify, 'alertManagers').mockRejectedValueOnce(crash());
    expect(await create(w, requestId)).toMatchObject({ ok: false });
    expect(await orderOf(w)).toMatchObject({ status: 'submitted', rev: 1, flags: ['unassigned'] });

    ok(await create(w, requestId), 'replay');
    const alerts = await received(w.manager, ALERT.templateId);
    expect(alerts).toHaveLength(1);
    expect(JSON.stringify(alerts[0].data)).toContain('无人接单');
    expect(await received(w.owner, PROGRESS.templateId)).toHaveLength(1);

    const before = await outboxCount();
    ok(await create(w, requestId), 'second replay');
    expect(await outboxCount()).toBe(before);
  });

  test('When an order moved on after its create (the technician accepted), then a replay of the create sends nothing and changes nothing', async () => {
    const w = await world(stack, { techs: [{ name: '钱师傅' }] });
    await subscribed(w);
    const requestId = rid();
    const order = ok(await create(w, requestId), 'create');
    ok(await stack.invoke('repairs', 'accept', { repairId: order.id }, await tokenOf(w.techs[0])), 'accept');
    const [messages, doc] = [await outboxCount(), await orderOf(w)];
    expect(ok(await create(w, requestId), 'replay')).toMatchObject({ id: order.id, status: 'accepted' });
    expect(await outboxCount()).toBe(messages);
    expect(await orderOf(w)).toEqual(doc);
  });
});

describe('complaints', () => {
  test('When a complaint crashed before the staff were alerted, then submitting it again alerts the agent and the managers once; once accepted, a replay alerts nobody', async () => {
    const w = await world(stack);
    await credits(stack, w.agent, COMPLAINT_ALERT.templateId, 4);
    await credits(stack, w.manager, COMPLAINT_ALERT.templateId, 4);
    const data = { requestId: rid(), category: 'security' as const, description: '小区门口有人打人，保安不管，太危险了', unitId: w.unitId };
    jest.spyOn(complaintNotify, 'alertStaff').mockRejectedValueOnce(crash());
    expect(await stack.invoke('complaints', 'submit', data, await tokenOf(w.owner))).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await Complaint.findOne({ communityId: w.communityId }).lean()).toMatchObject({ status: 'received', urgent: true });
    expect(await received(w.agent, COMPLAINT_ALERT.templateId)).toHaveLength(0);

    const replay = ok(await stack.invoke('complaints', 'submit', data, await tokenOf(w.owner)), 'replay');
    expect(await received(w.agent, COMPLAINT_ALERT.templateId)).toHaveLength(1);
    expect(await received(w.manager, COMPLAINT_ALERT.templateId)).toHaveLength(1);
    ok(await stack.invoke('complaints', 'submit', data, await tokenOf(w.owner)), 'second replay');
    expect(await received(w.agent, COMPLAINT_ALERT.templateId)).toHaveLength(1);

    ok(await stack.invoke('complaints', 'accept', { complaintId: replay.id }, await tokenOf(w.agent)), 'accept');
    const before = await outboxCount();
    ok(await stack.invoke('complaints', 'submit', data, await tokenOf(w.owner)), 'replay after accept');
    expect(await outboxCount()).toBe(before);
  });
});
