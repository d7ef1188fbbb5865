import { Types } from 'mongoose';
import { setClock } from '../../cloud/lib/clock';
import { getConfig } from '../../cloud/lib/config';
import { countCommands, describeTally, type Tally } from '../../cloud/lib/db-monitor';
import { templateByKey } from '../../cloud/lib/wechat/templates';
import { Building, Unit } from '../../cloud/modules/community/community.model';
import { User, WechatIdentity } from '../../cloud/modules/identity/user.model';
import { SubscribeCredit } from '../../cloud/modules/messaging/messaging.model';
import { loginAs, makeCommunity, makeUser } from '../helpers/factories';
import { DAYTIME, WATER_VALUES, fromTemplate } from '../helpers/notices';
import { ok, rid } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * What a notice push costs the database (issue 25): at most 2 documents written per owner (the
 * outbox message and its queue entry, or its 站内消息 attempt), and a number of commands that does
 * not grow with the owners (no query per owner), measured with the driver's command monitoring
 * around the cloud function's publish.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  setClock(() => DAYTIME);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

type Reach = 'subscribe' | 'none';

/** A community of `n` owners, one unit each, in 4 buildings: every third owner has no WeChat (their push stays in 我的消息, or becomes a call). */
async function community(n: number): Promise<{ managerToken: string; reach: Reach[] }> {
  const appId = getConfig().wechat.appId;
  const c = await makeCommunity();
  const buildings = await Building.insertMany(Array.from({ length: 4 }, (_, b) => ({ communityId: c._id, name: `${b + 1}栋-${rid()}`, floors: 30, sort: b + 1 })));
  const units = Array.from({ length: n }, (_, k) => {
    const b = buildings[k % buildings.length];
    const room = `${String(1 + (k % 30)).padStart(2, '0')}${String(1 + Math.floor(k / 30)).padStart(2, '0')}`;
    return { _id: new Types.ObjectId(), communityId: c._id, buildingId: b._id, entrance: '1', room, label: `${b.name}1单元${room}-${k}`, floor: 1 + (k % 30), areaM2: 90, status: 'occupied' };
  });
  await Unit.collection.insertMany(units as never[]);
  const users = units.map((u, k) => ({ _id: new Types.ObjectId(), communityId: c._id, name: `业主${k}`, phone: `139${String(k).padStart(8, '0')}`, roles: ['owner'], unitIds: [u._id], status: 'active' }));
  await User.collection.insertMany(users as never[]);
  const reach: Reach[] = users.map((_, k) => (k % 3 === 2 ? 'none' : 'subscribe'));
  const linked = users.filter((_, k) => reach[k] === 'subscribe');
  const tag = rid().slice(0, 8);
  await WechatIdentity.collection.insertMany(linked.map((u, k) => ({ appId, openid: `o_cost_${tag}_${k}`, userId: u._id })) as never[]);
  for (const key of ['notice.published', 'notice.emergency']) {
    const templateId = templateByKey(key)!.templateId;
    await SubscribeCredit.collection.insertMany(linked.map((u, k) => ({ _id: `o_cost_${tag}_${k}|${templateId}|1`, openid: `o_cost_${tag}_${k}`, templateId, userId: u._id, at: DAYTIME })) as never[]);
  }
  const manager = await makeUser(c._id, { roles: ['manager'], name: '周经理' });
  return { managerToken: await loginAs(stack, manager._id), reach };
}

/** Publish a notice to the whole community through the cloud function, counting the commands and documents. */
async function publishCounted(managerToken: string, category: 'important' | 'emergency'): Promise<{ tally: Tally; units: number; pushed: number }> {
  const data = { requestId: rid(), ...fromTemplate('water-outage', WATER_VALUES), category, target: { kind: 'community' } };
  const { value, tally } = await countCommands(() => stack.invoke('notices', 'publish', data as never, managerToken));
  const notice = ok(value, 'publish');
  const stats = ok(await stack.invoke('notices', 'stats', { noticeId: notice.id }, managerToken), 'stats');
  return { tally, units: notice.units, pushed: stats.pushed };
}

const perOwner = (t: Tally, owners: number) => describeTally(t, owners);

describe.each([['important' as const], ['emergency' as const]])('a %s notice', (category) => {
  test(`When a manager publishes a ${category} notice to 40 and to 200 owners, then it writes at most 2 documents per owner (4 for one WeChat cannot reach, as a call task) and its commands do not grow with the owners`, async () => {
    const small = await community(40);
    const a = await publishCounted(small.managerToken, category);
    const large = await community(200);
    const b = await publishCounted(large.managerToken, category);
    console.log(`${category} notice: 40 owners ${describeTally(a.tally)}; 200 owners ${describeTally(b.tally)}; per owner at 200: ${perOwner(b.tally, 200)}; written in ${JSON.stringify(b.tally.writtenIn)}`);

    expect([a.units, b.units]).toEqual([40, 200]);
    // Routine news reaches the WeChat owners only (the others keep it in 我的消息); an emergency one reaches everyone.
    const reached = (r: Reach[]) => (category === 'emergency' ? r.length : r.filter((x) => x === 'subscribe').length);
    expect([a.pushed, b.pushed]).toEqual([reached(small.reach), reached(large.reach)]);

    // At most 2 documents per owner WeChat reaches (message + queue entry) or who keeps it in 我的消息
    // (message + its attempt), plus a few per notice (the notice, its push mark, the publish claims).
    // An emergency notice's owner WeChat cannot reach becomes a call task: message, attempt, the task
    // and the claim that holds the person's open task (4).
    const budget = (r: Reach[]) => 2 * r.length + (category === 'emergency' ? 2 * r.filter((x) => x === 'none').length : 0) + 6;
    expect(a.tally.written).toBeLessThanOrEqual(budget(small.reach));
    expect(b.tally.written).toBeLessThanOrEqual(budget(large.reach));
    if (category === 'important') expect(b.tally.written / 200).toBeLessThanOrEqual(2.02);
    // 160 more owners: no command per owner (the reads and inserts are batched).
    expect(b.tally.commands - a.tally.commands).toBeLessThanOrEqual(6);
    expect(b.tally.commands).toBeLessThanOrEqual(36);
  }, 180_000);
});
