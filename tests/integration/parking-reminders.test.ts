import { Claim } from '../../cloud/lib/claim';
import { setClock } from '../../cloud/lib/clock';
import { getConfig } from '../../cloud/lib/config';
import { formatField, templateByKey } from '../../cloud/lib/wechat/templates';
import { ParkingReminderRun, ParkingSpace } from '../../cloud/modules/community/household.model';
import { runParkingReminders } from '../../cloud/modules/community/parking-reminder.job';
import { WechatIdentity } from '../../cloud/modules/identity/user.model';
import { deliverOutbox } from '../../cloud/modules/messaging/delivery.job';
import { CallTask, linesOf, OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { oneItem, total, twoWorkersUntilDone, untilDone } from '../helpers/sliced-runs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * 车位到期提醒 with a controllable clock: each stage of the ladder once per lease (also when two runs
 * race or a run dies after claiming), the message as WeChat receives it (subscribe message, and the
 * official account for an owner without the mini-program), a call task the day after an unrenewed
 * lease ended, a renewal restarting the ladder, nothing for released, sold or open-ended spaces.
 */
let stack: Stack;
let clock = new Date('2026-12-01T02:00:00Z');
beforeAll(async () => {
  stack = await startStack();
  setClock(() => clock);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

type Env = { ok: boolean; data?: unknown; error?: { code: string; message: string } };
const ok = <T>(r: Env): T => {
  if (!r.ok) throw new Error(`${r.error?.code}: ${r.error?.message}`);
  return r.data as T;
};
/** 10:00 in Shanghai on that day (outside quiet hours). */
const day = (d: string) => new Date(`${d}T02:00:00Z`);
const TEMPLATE = () => templateByKey('parking.expiring')!;
/** WeChat's key of one of our fields in the configured template (thing1, date3, …). */
const keyOf = (name: string) => TEMPLATE().fields.find((f) => f.name === name)!.key;

/** A unit with two owners and space B1-008 assigned as `kind`, ending on `leaseEndsOn` (null: no end). */
async function world(opts: { leaseEndsOn?: string | null; kind?: 'rented' | 'temporary' | 'owned' } = {}) {
  clock = day('2026-12-01');
  const c = await makeCommunity({ name: '到期提醒小区' });
  const b = await makeBuilding(c._id, '3栋');
  const unit = await makeUnit(c._id, b._id, { room: '0502' });
  // The owner on record (with a phone), bound and subscribed to 车位到期提醒.
  const owner = await makeOwner(c._id, [unit._id], '车位业主', '13800005502');
  const ownerToken = await loginAs(stack, owner._id);
  for (let i = 0; i < 6; i++) ok(await stack.invoke('messaging', 'reportSubscription', { results: [{ templateId: TEMPLATE().templateId, result: 'accept' }] }, ownerToken));
  // A family member bound to the unit who follows only the official account.
  const family = await makeUser(c._id, { roles: ['owner'], unitIds: [unit._id], name: '公众号家属', phone: '13800005503' });
  const oaOpenid = `oa_${String(family._id)}`;
  await WechatIdentity.create({ appId: getConfig().wechat.oa.appId, openid: oaOpenid, userId: family._id });
  const agent = await loginAs(stack, (await makeUser(c._id, { roles: ['agent'], name: '提醒客服' }))._id);
  const managerUser = await makeUser(c._id, { roles: ['manager'], name: '提醒主管' });
  const space = await ParkingSpace.create({ communityId: c._id, code: 'B1-008', kind: 'unassigned' });
  const spaceId = String(space._id);
  const kind = opts.kind ?? 'rented';
  ok(await stack.invoke('community', 'assignParkingSpace', { spaceId, unitId: String(unit._id), kind, ...(kind === 'owned' || opts.leaseEndsOn === null ? {} : { leaseEndsOn: opts.leaseEndsOn ?? '2027-01-31' }) }, agent));
  const ownerOpenid = (await WechatIdentity.findOne({ userId: owner._id, appId: getConfig().wechat.appId }).lean())!.openid;
  return { c, unit, owner, family, ownerOpenid, oaOpenid, agent, managerUser, spaceId };
}

const messagesOf = (communityId: unknown) => OutboxMessage.find({ communityId, templateKey: 'parking.expiring' }).sort({ createdAt: 1, _id: 1 }).lean();
const callsOf = (communityId: unknown) => CallTask.find({ communityId, eventKey: { $regex: '^parking:' } }).lean();
/** The remark of each reminder the owner's outbox holds, in order. */
const remarks = async (communityId: unknown, recipientId: unknown) =>
  (await messagesOf(communityId)).filter((m) => String(m.recipientId) === String(recipientId)).map((m) => linesOf(m.lines).find((l) => l.label === '温馨提示')?.value);

test('When days pass before a lease ends, then each stage (30, 15, 7, 1 days) goes once to every owner of the unit, and the day after the end an unrenewed lease becomes one call task', async () => {
  const w = await world({ leaseEndsOn: '2027-01-31' });
  const steps: [string, number][] = [
    ['2026-12-31', 0], // 31 days before: nothing yet
    ['2027-01-01', 1], // 30 days
    ['2027-01-05', 1], // 26 days: still the 30-day stage, already sent
    ['2027-01-16', 2], // 15 days
    ['2027-01-24', 3], // 7 days
    ['2027-01-30', 4], // 1 day
    ['2027-01-31', 4], // the last day: the 1-day stage was sent
  ];
  for (const [d, stages] of steps) {
    clock = day(d);
    await runParkingReminders();
    await runParkingReminders(); // a re-run sends nothing again
    expect({ d, count: (await remarks(w.c._id, w.owner._id)).length }).toEqual({ d, count: stages });
  }
  expect(await remarks(w.c._id, w.owner._id)).toEqual(['还有30天到期，请及时到物业服务中心续租', '还有15天到期，请及时到物业服务中心续租', '还有7天到期，请及时到物业服务中心续租', '还有1天到期，请及时到物业服务中心续租']);
  expect(await remarks(w.c._id, w.family._id)).toHaveLength(4);
  expect(await callsOf(w.c._id)).toHaveLength(0);

  clock = day('2027-02-01'); // the day after the end, not renewed
  const report = await runParkingReminders();
  await runParkingReminders();
  expect(report).toMatchObject({ leases: 1, callTasks: 1, messages: 0 });
  const calls = await callsOf(w.c._id);
  expect(calls).toHaveLength(1);
  expect(calls[0]).toMatchObject({ name: '车位业主', phone: '13800005502', unitLabel: w.unit.label, title: '车位租期已到未续：B1-008', status: 'open' });
  expect(calls[0].lines.map((l) => l.value)).toEqual(['B1-008（租用）', w.unit.label, '2027年1月31日']);
  expect(await messagesOf(w.c._id)).toHaveLength(8);
}, 60_000);

test('When the reminders are delivered, then WeChat receives the space, the unit, the end date and the days left: a subscribe message for the subscribed owner, the official account’s template for the other', async () => {
  const w = await world({ leaseEndsOn: '2027-01-31' });
  clock = day('2027-01-24');
  await runParkingReminders();
  await deliverOutbox({ ratePerSecond: 1000 });

  const toOwner = stack.wechat.messages().filter((m) => m.touser === w.ownerOpenid);
  expect(toOwner).toHaveLength(1);
  expect(toOwner[0]).toMatchObject({ api: 'subscribe', templateId: TEMPLATE().templateId });
  expect(toOwner[0].data).toEqual({
    [keyOf('space')]: 'B1-008（租用）',
    [keyOf('unit')]: formatField('thing', w.unit.label),
    [keyOf('dueDate')]: '2027年1月31日',
    [keyOf('remark')]: '还有7天到期，请及时到物业服务中心续租',
  });
  expect(toOwner[0].page).toBe('owner/pages/home/index');
  const toFamily = stack.wechat.messages().filter((m) => m.touser === w.oaOpenid);
  expect(toFamily).toHaveLength(1);
  expect(toFamily[0]).toMatchObject({ api: 'oa-template', templateId: TEMPLATE().oa.templateId });
  expect(toFamily[0].data).toMatchObject({ first: '您的车位租期即将到期', keyword1: 'B1-008（租用）', keyword2: formatField('thing', w.unit.label), keyword3: '2027年1月31日', remark: '续租请到物业服务中心办理' });
});

test('When two reminder runs race, then each owner gets the stage once', async () => {
  const w = await world({ leaseEndsOn: '2027-01-31' });
  clock = day('2027-01-16');
  const scope = { communityIds: [String(w.c._id)] };
  const reports = await Promise.all([runParkingReminders({ scope }), runParkingReminders({ scope }), runParkingReminders({ scope })]);
  expect(reports.reduce((n, r) => n + r.leases, 0)).toBe(1);
  expect(await remarks(w.c._id, w.owner._id)).toEqual(['还有15天到期，请及时到物业服务中心续租']);
  expect(await remarks(w.c._id, w.family._id)).toHaveLength(1);
  expect(await ParkingReminderRun.countDocuments({ communityId: w.c._id })).toBe(0);
});

test('When a lease is renewed, then its ladder starts again for the new end date and the old end brings no call task', async () => {
  const w = await world({ leaseEndsOn: '2027-01-31' });
  clock = day('2027-01-24'); // the 7-day stage of the old end
  await runParkingReminders();
  expect(await remarks(w.c._id, w.owner._id)).toEqual(['还有7天到期，请及时到物业服务中心续租']);

  ok(await stack.invoke('community', 'renewParkingLease', { spaceId: w.spaceId, leaseEndsOn: '2027-02-20' }, await loginAs(stack, w.managerUser._id)));
  await runParkingReminders(); // 27 days before the new end: its 30-day stage
  clock = day('2027-02-01'); // the old end has passed: no call
  await runParkingReminders();
  clock = day('2027-02-06'); // 14 days: the 15-day stage
  await runParkingReminders();

  expect(await remarks(w.c._id, w.owner._id)).toEqual(['还有7天到期，请及时到物业服务中心续租', '还有27天到期，请及时到物业服务中心续租', '还有14天到期，请及时到物业服务中心续租']);
  expect(await callsOf(w.c._id)).toHaveLength(0);
});

test('When a space is released, or sold, or held temporarily without an end, then no reminder and no call task come', async () => {
  const released = await world({ leaseEndsOn: '2027-01-31' });
  ok(await stack.invoke('community', 'releaseParkingSpace', { spaceId: released.spaceId }, released.agent));
  const sold = await world({ kind: 'owned' });
  const open = await world({ kind: 'temporary', leaseEndsOn: null });
  for (const d of ['2027-01-01', '2027-01-30', '2027-02-01', '2027-03-01']) {
    clock = day(d);
    await runParkingReminders();
  }
  for (const w of [released, sold, open]) {
    expect(await messagesOf(w.c._id)).toHaveLength(0);
    expect(await callsOf(w.c._id)).toHaveLength(0);
  }
});

test('When a temporary space has an end date, then it is reminded like a rented one', async () => {
  const w = await world({ kind: 'temporary', leaseEndsOn: '2026-12-08' });
  clock = day('2026-12-01'); // assigned with 7 days left: the 7-day stage at once (no catch-up of 30 and 15)
  await runParkingReminders();
  expect(await remarks(w.c._id, w.owner._id)).toEqual(['还有7天到期，请及时到物业服务中心续租']);
  expect(linesOf((await messagesOf(w.c._id))[0].lines)).toEqual(expect.arrayContaining([{ label: '车位', value: 'B1-008（临时）' }]));
});

test('When a community sets its own days, then its leases are reminded on those days', async () => {
  const w = await world({ leaseEndsOn: '2027-01-31' });
  ok(await stack.invoke('community', 'saveParkingLadder', { days: [10, 2] }, await loginAs(stack, w.managerUser._id)));
  for (const d of ['2027-01-01', '2027-01-16', '2027-01-21', '2027-01-24', '2027-01-29']) {
    clock = day(d);
    await runParkingReminders();
  }
  expect(await remarks(w.c._id, w.owner._id)).toEqual(['还有10天到期，请及时到物业服务中心续租', '还有2天到期，请及时到物业服务中心续租']);
});

test('When a run dies after claiming its stages, then a later run replays its journal and the stage goes out once', async () => {
  const w = await world({ leaseEndsOn: '2027-01-31' });
  clock = day('2027-01-01');
  await expect(
    runParkingReminders({
      checkpoint: () => {
        throw new Error('the process died here');
      },
    }),
  ).rejects.toThrow('the process died here');
  expect(await messagesOf(w.c._id)).toHaveLength(0);
  expect(await ParkingReminderRun.countDocuments({ communityId: w.c._id })).toBe(1);
  const claimKeys = (await Claim.find({ _id: { $regex: '^parking:' }, run: { $regex: `^parking:${String(w.c._id)}:` } }).lean()).map((c) => c._id);
  expect(claimKeys).toHaveLength(1);

  // Within the run's lease: the journal may still be finishing; the stage stays claimed and is not sent twice.
  clock = new Date(clock.getTime() + 5 * 60_000);
  await runParkingReminders();
  expect(await messagesOf(w.c._id)).toHaveLength(0);
  clock = new Date(clock.getTime() + 6 * 60_000);
  const report = await runParkingReminders();
  await runParkingReminders();
  expect(report.replayed).toBe(1);
  expect(await remarks(w.c._id, w.owner._id)).toEqual(['还有30天到期，请及时到物业服务中心续租']);
  expect(await ParkingReminderRun.countDocuments({ communityId: w.c._id })).toBe(0);
});

test('When a manager runs the job by hand, then only the leases of their communities are reminded', async () => {
  const mine = await world({ leaseEndsOn: '2027-01-31' });
  const theirs = await world({ leaseEndsOn: '2027-01-31' });
  clock = day('2027-01-16');
  const manager = await loginAs(stack, mine.managerUser._id);
  const res = ok<{ leases: number }>(await stack.invoke('jobs', 'parkingReminders', {}, manager));
  expect(res.leases).toBe(1);
  expect(await messagesOf(mine.c._id)).toHaveLength(2);
  expect(await messagesOf(theirs.c._id)).toHaveLength(0);
});

describe('in slices', () => {
  test('When each invocation may handle one space, then repeated invocations remind every lease exactly once, and two workers at once do too', async () => {
    const w = await world({ leaseEndsOn: '2027-01-31' });
    for (const code of ['B1-009', 'B1-010']) {
      const space = await ParkingSpace.create({ communityId: w.c._id, code, kind: 'unassigned' });
      ok(await stack.invoke('community', 'assignParkingSpace', { spaceId: String(space._id), unitId: String(w.unit._id), kind: 'rented', leaseEndsOn: '2027-01-31' }, w.agent));
    }
    const scope = { communityIds: [String(w.c._id)] };

    clock = day('2027-01-16'); // the 15-day stage of all three
    const first = await untilDone(() => runParkingReminders({ scope, budget: oneItem() }));
    expect(first.slice(0, 3).every((r) => r.more && r.leases === 1)).toBe(true);
    expect(total(first, 'leases')).toBe(3);
    expect(total(first, 'messages')).toBe(6); // two owners each
    expect(total(await untilDone(() => runParkingReminders({ scope, budget: oneItem() })), 'leases')).toBe(0);

    clock = day('2027-01-24'); // the 7-day stage: two workers
    const second = await twoWorkersUntilDone(() => runParkingReminders({ scope, budget: oneItem() }));
    expect(total(second, 'leases')).toBe(3);
    const remarksNow = await remarks(w.c._id, w.owner._id);
    expect(remarksNow.filter((r) => r?.startsWith('还有15天'))).toHaveLength(3);
    expect(remarksNow.filter((r) => r?.startsWith('还有7天'))).toHaveLength(3);
    expect(await remarks(w.c._id, w.family._id)).toHaveLength(6);
    expect(await ParkingReminderRun.countDocuments({ communityId: w.c._id })).toBe(0);
  }, 120_000);
});
