import { Types } from 'mongoose';
import { Claim, claimOnce } from '../../cloud/lib/claim';
import { setClock } from '../../cloud/lib/clock';
import { mongoose } from '../../cloud/lib/db';
import { RateSlot, RateTry } from '../../cloud/lib/rate-limit';
import { newSessionId } from '../../cloud/lib/session-token';
import { functions } from '../../cloud/functions';
import { ImportBatch, ImportRows } from '../../cloud/modules/imports/import.model';
import { Session } from '../../cloud/modules/identity/user.model';
import { ReminderPlanItems } from '../../cloud/modules/fees/fee.model';
import { plansOf, writePlan } from '../../cloud/modules/fees/reminder-plans';
import { loginAs, makeCommunity, makeUser } from '../helpers/factories';
import { runHousekeeping } from '../../cloud/modules/housekeeping';
import { oneItem, twoWorkersUntilDone, untilDone } from '../helpers/sliced-runs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * jobs.housekeeping deletes what nobody needs any more — sessions expired over a day ago, rate-limit
 * slots of ended windows (and the old limiter's failed tries), claims whose expiry has passed, import
 * previews never committed within a day — and keeps everything else: live and recently ended sessions, permanent claims
 * (the idempotency guards of reminders, sends, reviews), the import history. A manager's run
 * touches only their own communities' previews.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms);
const CSV = Buffer.from('楼栋,单元,房号,楼层,建筑面积,状态\n清理楼,1,0101,1,90,自住\n', 'utf8').toString('base64');

/** Run the job as the CloudBase timer does (every community). */
async function timerRun() {
  const res = await functions.jobs({ Type: 'Timer', TriggerName: 'housekeeping' }, { request_id: 'timer-housekeeping' });
  if (!res.ok) throw new Error(res.error.code);
  return res.data as { deleted: Record<string, number> };
}

/** A session document as login makes one (inserted directly, to set its times). */
async function session(times: { expiresAt: Date; revokedAt?: Date }): Promise<string> {
  const _id = newSessionId();
  await Session.collection.insertOne({ _id, userId: new Types.ObjectId(), chainId: _id, ...times, ...(times.revokedAt ? { revokedReason: 'rotated' } : {}) } as never);
  return _id;
}

/** A manager of a new community, logged in. */
async function manager(name: string) {
  const c = await makeCommunity({ name });
  const m = await makeUser(c._id, { roles: ['manager'], name: `${name}经理` });
  return { c, token: await loginAs(stack, m._id) };
}

/** An import preview made `age` ago (the clock moved back while it is made). */
async function previewMadeAgo(token: string, age: number, opts: { commit?: boolean } = {}): Promise<string> {
  setClock(() => new Date(Date.now() - age));
  try {
    const p = await stack.invoke('imports', 'preview', { kind: 'units', fileName: '清理.csv', contentBase64: CSV }, token);
    if (!p.ok) throw new Error(p.error.code);
    if (opts.commit) {
      const c = await stack.invoke('imports', 'commit', { importId: p.data.importId, skipBadRows: false }, token);
      if (!c.ok) throw new Error(c.error.code);
    }
    return p.data.importId;
  } finally {
    setClock();
  }
}

const rowsOf = (importId: string) => ImportRows.countDocuments({ batchId: importId });

test('When sessions ended at different times, then only those expired more than a day ago are deleted (revoked ones are kept until then)', async () => {
  const oldExpired = await session({ expiresAt: ago(DAY + HOUR) });
  const oldRevoked = await session({ expiresAt: ago(DAY + HOUR), revokedAt: ago(7 * DAY) });
  const justExpired = await session({ expiresAt: ago(HOUR) });
  // Rotated away long ago but its token still verifies: needed to recognise reuse until it expires.
  const revokedLive = await session({ expiresAt: new Date(Date.now() + DAY), revokedAt: ago(5 * DAY) });
  const live = await session({ expiresAt: new Date(Date.now() + 7 * DAY) });

  const report = await timerRun();

  expect(report.deleted.sessions).toBeGreaterThanOrEqual(2);
  const left = new Set((await Session.find({ _id: { $in: [oldExpired, oldRevoked, justExpired, revokedLive, live] } }, { _id: 1 }).lean()).map((s) => s._id));
  expect([...left].sort()).toEqual([justExpired, revokedLive, live].sort());
});

test('When the limiter before lib/rate-limit.ts left failed tries (collection `failures`), then those over a day old are deleted by collection name', async () => {
  const failures = mongoose.connection.collection('failures');
  await failures.insertMany([
    { key: 'binding:hk-old', at: ago(DAY + HOUR) },
    { key: 'login.address:203.0.113.99', at: ago(3 * DAY) },
    { key: 'binding:hk-recent', at: ago(30 * 60_000) },
    { key: 'login.openid:o_hk_recent', at: ago(20 * HOUR) },
  ] as never[]);

  await timerRun();

  const left = (await failures.find({ key: { $in: ['binding:hk-old', 'login.address:203.0.113.99', 'binding:hk-recent', 'login.openid:o_hk_recent'] } }).toArray()).map((f) => f.key as string);
  expect(left.sort()).toEqual(['binding:hk-recent', 'login.openid:o_hk_recent']);
});

test('When rate-limit windows have ended, then their slots are deleted from both collections; the current windows’ still count', async () => {
  await RateTry.collection.insertMany([
    { _id: 'login.address:203.0.113.98:600:1:1', expiresAt: ago(HOUR) },
    { _id: 'login.address:203.0.113.98:600:9:1', expiresAt: new Date(Date.now() + 60_000) },
  ] as never[]);
  await RateSlot.collection.insertMany([
    { _id: 'login.openid:o_hk:3600:2:1', expiresAt: ago(1000) },
    { _id: 'login.openid:o_hk:3600:3:1', expiresAt: new Date(Date.now() + HOUR) },
    { _id: 'repairs.create:hk-owner:86400:1:1', expiresAt: ago(DAY) },
  ] as never[]);

  const report = await timerRun();

  expect(report.deleted.rateSlots).toBeGreaterThanOrEqual(3);
  expect((await RateSlot.find({ _id: /o_hk|hk-owner/ }).lean()).map((s) => s._id)).toEqual(['login.openid:o_hk:3600:3:1']);
  expect((await RateTry.find({ _id: /203\.0\.113\.98/ }).lean()).map((s) => s._id)).toEqual(['login.address:203.0.113.98:600:9:1']);
});

test('When claims are old, then only those whose claimer declared an expiry that has passed are deleted; permanent guards stay however old', async () => {
  // Permanent idempotency guards, written a year ago: a reminder stage, an outbox send, a review.
  setClock(() => ago(365 * DAY));
  try {
    for (const key of ['remind:hk-bill:1', 'send:hk-msg:1', 'binding.review:hk-req']) expect(await claimOnce(key)).toBe(true);
    expect(await claimOnce('hk-expired', { ttlMs: HOUR })).toBe(true);
  } finally {
    setClock();
  }
  expect(await claimOnce('hk-not-yet', { ttlMs: HOUR })).toBe(true);

  const report = await timerRun();

  expect(report.deleted.claims).toBeGreaterThanOrEqual(1);
  const left = (await Claim.find({ _id: { $in: ['remind:hk-bill:1', 'send:hk-msg:1', 'binding.review:hk-req', 'hk-expired', 'hk-not-yet'] } }).lean()).map((c) => c._id);
  expect(left.sort()).toEqual(['binding.review:hk-req', 'hk-not-yet', 'remind:hk-bill:1', 'send:hk-msg:1']);
  // A forgotten expiring claim can be taken again; a permanent one cannot.
  expect(await claimOnce('hk-expired')).toBe(true);
  expect(await claimOnce('remind:hk-bill:1')).toBe(false);
});

test('When a session is refreshed, then its rotation claim expires with the session and housekeeping forgets it only after that', async () => {
  const { token } = await manager('轮换小区');
  const sid = token.split('.')[1];
  const refreshed = await stack.invoke('auth', 'refresh', {}, token);
  expect(refreshed.ok).toBe(true);
  const claim = await Claim.findById(`session.rotate:${sid}`).lean();
  const stored = await Session.findById(sid).lean();
  expect(claim?.expiresAt?.getTime()).toBeCloseTo(stored?.expiresAt.getTime() ?? 0, -4);

  await timerRun();
  expect(await Claim.exists({ _id: `session.rotate:${sid}` })).not.toBeNull();
  setClock(() => new Date((stored?.expiresAt.getTime() ?? 0) + 1000));
  try {
    await timerRun();
  } finally {
    setClock();
  }
  expect(await Claim.exists({ _id: `session.rotate:${sid}` })).toBeNull();
});

test('When import previews were never committed for over a day, then they and their rows are deleted; fresh previews and committed imports stay', async () => {
  const { token } = await manager('导入清理小区');
  // Newest first: a preview drops the rows of its community's previews older than a day (by its own clock).
  const fresh = await previewMadeAgo(token, HOUR);
  const stale = await previewMadeAgo(token, DAY + HOUR);
  const committed = await previewMadeAgo(token, 3 * DAY, { commit: true });
  expect(await rowsOf(stale)).toBeGreaterThan(0);

  const report = await timerRun();

  expect(report.deleted.importPreviews).toBeGreaterThanOrEqual(1);
  expect(await ImportBatch.exists({ _id: stale })).toBeNull();
  expect(await rowsOf(stale)).toBe(0);
  expect(await ImportBatch.findById(committed).lean()).toMatchObject({ status: 'committed' });
  expect(await ImportBatch.findById(fresh).lean()).toMatchObject({ status: 'previewed' });
  expect(await rowsOf(fresh)).toBeGreaterThan(0);
  const history = await stack.invoke('imports', 'history', {}, token);
  expect(history.ok && history.data.map((h) => h.importId).sort()).toEqual([committed, fresh].sort());
  // A fresh preview can still be committed.
  expect(await stack.invoke('imports', 'commit', { importId: fresh, skipBadRows: false }, token)).toMatchObject({ ok: true });
});

test('When a manager runs housekeeping by hand, then only their own community’s stale previews go; the timer run does every community', async () => {
  const a = await manager('清理甲小区');
  const b = await manager('清理乙小区');
  const previewA = await previewMadeAgo(a.token, 2 * DAY);
  const previewB = await previewMadeAgo(b.token, 2 * DAY);

  const manual = await stack.invoke('jobs', 'housekeeping', {}, a.token);

  expect(manual).toMatchObject({ ok: true, data: { deleted: { importPreviews: 1 } } });
  expect(await ImportBatch.exists({ _id: previewA })).toBeNull();
  expect(await ImportBatch.exists({ _id: previewB })).not.toBeNull();
  expect(await rowsOf(previewB)).toBeGreaterThan(0);

  await timerRun();
  expect(await ImportBatch.exists({ _id: previewB })).toBeNull();
  expect(await rowsOf(previewB)).toBe(0);
});

test('When housekeeping runs twice (or twice at once), then the second run finds nothing more and keeps what the first kept', async () => {
  const { token } = await manager('重复清理小区');
  const fresh = await previewMadeAgo(token, HOUR);
  const stale = await previewMadeAgo(token, 2 * DAY);
  const live = await session({ expiresAt: new Date(Date.now() + DAY) });
  const old = await session({ expiresAt: ago(2 * DAY) });

  const [first, second] = await Promise.all([timerRun(), timerRun()]);
  const third = await timerRun();

  expect(first.deleted.importPreviews + second.deleted.importPreviews).toBeGreaterThanOrEqual(1);
  expect(third.deleted).toMatchObject({ sessions: 0, rateSlots: 0, legacyFailures: 0, claims: 0, importPreviews: 0 });
  expect(Object.values(third.deleted).every((n) => n === 0)).toBe(true);
  expect(await ImportBatch.exists({ _id: stale })).toBeNull();
  expect(await ImportBatch.exists({ _id: fresh })).not.toBeNull();
  expect(await Session.exists({ _id: live })).not.toBeNull();
  expect(await Session.exists({ _id: old })).toBeNull();
});

describe('in slices', () => {
  test('When housekeeping may delete one document per invocation, then repeated runs (alone, or two workers at once) delete every stale preview and expired claim once, and keep the rest', async () => {
    const alone = await manager('分片清理甲小区');
    const pair = await manager('分片清理乙小区');
    const stale: string[] = [];
    for (const m of [alone, pair]) for (let i = 0; i < 3; i++) stale.push(await previewMadeAgo(m.token, DAY + HOUR));
    const kept = await previewMadeAgo(alone.token, HOUR);
    const expired = ['a', 'b', 'c'].map((k) => `hk-slices:${k}`);
    await Claim.collection.insertMany(expired.map((_id) => ({ _id, at: ago(2 * DAY), expiresAt: ago(DAY) })) as never);
    await Claim.collection.insertOne({ _id: 'hk-slices:permanent', at: ago(2 * DAY) } as never);

    const one = await untilDone(() => runHousekeeping({ scope: { communityIds: [String(alone.c._id)] }, budget: oneItem() }));
    expect(one.reduce((n, r) => n + r.deleted.importPreviews, 0)).toBe(3);
    expect(one.length).toBeGreaterThanOrEqual(3 + expired.length);
    const two = await twoWorkersUntilDone(() => runHousekeeping({ scope: { communityIds: [String(pair.c._id)] }, budget: oneItem() }));
    expect(two.reduce((n, r) => n + r.deleted.importPreviews, 0)).toBe(3);
    expect(await ImportBatch.countDocuments({ _id: { $in: stale } })).toBe(0);
    expect(await ImportRows.countDocuments({ batchId: { $in: stale.map((id) => new Types.ObjectId(id)) } })).toBe(0);
    expect(await ImportBatch.findById(kept).lean()).toMatchObject({ status: 'previewed' });
    expect(await Claim.countDocuments({ _id: { $in: expired } })).toBe(0);
    expect(await Claim.exists({ _id: 'hk-slices:permanent' })).not.toBeNull();
  }, 180_000);
});

test('When fee reminder plans are older than 400 days, then housekeeping deletes them with their items and keeps the recent ones', async () => {
  const c = await makeCommunity({ name: '催缴计划小区' });
  const item = (unitId: string) => ({ unitId, billId: `bill-${unitId}`, stage: 1, fen: 18800, itemName: '物业服务费', parking: false, dueDate: new Date('2025-01-15T00:00:00Z') });
  await writePlan({ _id: `${String(c._id)}:old:`, communityId: c._id, day: '2025-01-20', last: 'u2', at: ago(401 * DAY), items: [item('u1'), item('u2')] });
  await writePlan({ _id: `${String(c._id)}:new:`, communityId: c._id, day: '2026-11-20', last: 'u3', at: ago(30 * DAY), items: [item('u3')] });
  expect((await plansOf(c._id, new Date(0))).map((p) => p.items.map((i) => i.unitId))).toEqual([['u1', 'u2'], ['u3']]);

  const report = await timerRun();
  expect(report.deleted.reminderPlans).toBe(1);
  expect((await plansOf(c._id, new Date(0))).map((p) => p._id)).toEqual([`${String(c._id)}:new:`]);
  expect(await ReminderPlanItems.countDocuments({ _id: { $in: [`${String(c._id)}:old:`, `${String(c._id)}:new:`] } })).toBe(1);
  expect((await timerRun()).deleted.reminderPlans).toBe(0);
});
