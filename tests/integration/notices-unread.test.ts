import { Types } from 'mongoose';
import type { NoticeView, UnreadUnit } from '@shared/contracts/notices.contract';
import type { Paged } from '@shared/contracts/contract';
import { setClock } from '../../cloud/lib/clock';
import { countCommands, describeTally } from '../../cloud/lib/db-monitor';
import { Building, Unit } from '../../cloud/modules/community/community.model';
import { Resident } from '../../cloud/modules/community/household.model';
import { CallTask } from '../../cloud/modules/messaging/messaging.model';
import { NoticeRead } from '../../cloud/modules/notices/notice.model';
import { loginAs, makeCommunity, makeUser } from '../helpers/factories';
import { DAYTIME, WATER_VALUES, fromTemplate } from '../helpers/notices';
import { ok, rid } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * 未读房屋 of a notice as pages (issue 25): the unread units in label order a page at a time, only the
 * page's units and owners read — the same commands at any size; the call tasks for all of them made
 * in bounded batches.
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

/**
 * A community of `n` units in 2 buildings; every unit but every tenth has a recorded owner with a phone.
 * Published to everyone; the owners of every third unit have read it.
 */
async function publishedTo(n: number): Promise<{ token: string; notice: NoticeView; readUnits: Set<string>; ownerless: Set<string> }> {
  const c = await makeCommunity();
  const buildings = await Building.insertMany([1, 2].map((b) => ({ communityId: c._id, name: `${b}栋`, floors: 30, sort: b })));
  const units = Array.from({ length: n }, (_, k) => {
    const b = buildings[k % 2];
    const room = String(101 + Math.floor(k / 2));
    return { _id: new Types.ObjectId(), communityId: c._id, buildingId: b._id, entrance: '1', room, label: `${b.name}${room}`, floor: 1, areaM2: 90, status: 'occupied' };
  });
  await Unit.collection.insertMany(units as never[]);
  const ownerless = new Set(units.filter((_, k) => k % 10 === 9).map((u) => String(u._id)));
  await Resident.collection.insertMany(
    units.filter((u) => !ownerless.has(String(u._id))).map((u, k) => ({ communityId: c._id, unitId: u._id, name: `业主${k}`, relation: 'owner', phone: `139${String(k).padStart(8, '0')}`, idNumber: '' })) as never[],
  );
  const manager = await makeUser(c._id, { roles: ['manager'], name: '周经理' });
  const token = await loginAs(stack, manager._id);
  const notice = ok<NoticeView>(await stack.invoke('notices', 'publish', { requestId: rid(), ...fromTemplate('water-outage', WATER_VALUES), category: 'important', target: { kind: 'community' } } as never, token), 'publish');
  const read = units.filter((_, k) => k % 3 === 0);
  await NoticeRead.collection.insertMany(read.map((u) => ({ _id: `${notice.id}:${String(u._id)}`, noticeId: new Types.ObjectId(notice.id), communityId: c._id, userId: new Types.ObjectId(), unitIds: [u._id], revision: 1, at: DAYTIME })) as never[]);
  return { token, notice, readUnits: new Set(read.map((u) => String(u._id))), ownerless };
}

const page = async (token: string, noticeId: string, p: number, pageSize: number) => ok<Paged<UnreadUnit>>(await stack.invoke('notices', 'unread', { noticeId, page: p, pageSize }, token), 'unread');
const byLabel = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });

test('When 60 units have not read a notice, then 未读房屋 comes in pages by label without overlap, leaves out units without an owner on record, and the pages together are every other unread unit', async () => {
  const w = await publishedTo(90);
  const first = await page(w.token, w.notice.id, 1, 20);
  const expected = 60 - [...w.ownerless].filter((u) => !w.readUnits.has(u)).length;
  expect(expected).toBeGreaterThan(40);
  expect(expected).toBeLessThan(60);
  expect(first.total).toBe(expected);
  const second = await page(w.token, w.notice.id, 2, 20);
  const third = await page(w.token, w.notice.id, 3, 20);
  expect([first.items.length, second.items.length, third.items.length]).toEqual([20, 20, expected - 40]);
  const all = [...first.items, ...second.items, ...third.items];
  expect(new Set(all.map((u) => u.unitId)).size).toBe(expected);
  expect(all.some((u) => w.readUnits.has(u.unitId) || w.ownerless.has(u.unitId))).toBe(false);
  const labels = all.map((u) => u.label);
  expect(labels).toEqual([...labels].sort(byLabel));
  for (const u of all) expect(u.phone).toMatch(/^139\*+\d{4}$|\*/);
  expect((await page(w.token, w.notice.id, 4, 20)).items).toEqual([]);
}, 120_000);

test('When 450 units have not read a notice, then callUnread makes a task for each one with an owner in batches, once', async () => {
  const w = await publishedTo(675);
  const unread = await page(w.token, w.notice.id, 1, 20);
  const withOwner = [...Array(675).keys()].filter((k) => k % 3 !== 0 && k % 10 !== 9).length;
  expect(unread.total).toBe(withOwner); // 450 unread, those without an owner on record left out
  const made = await countCommands(() => stack.invoke('notices', 'callUnread', { noticeId: w.notice.id }, w.token));
  expect(ok(made.value)).toEqual({ created: withOwner });
  console.log(`notices.callUnread: 450 unread units ${describeTally(made.tally)}`);
  expect(await CallTask.countDocuments({ eventKey: { $regex: `^notice:${w.notice.id}:unread:` } })).toBe(withOwner);
  expect(ok(await stack.invoke('notices', 'callUnread', { noticeId: w.notice.id }, w.token))).toEqual({ created: 0 });
}, 180_000);

test('When 40 and then 400 units have not read a notice, then a page of 未读房屋 costs the same number of commands', async () => {
  const small = await publishedTo(60);
  const large = await publishedTo(600);
  const a = await countCommands(() => page(small.token, small.notice.id, 1, 20));
  const b = await countCommands(() => page(large.token, large.notice.id, 2, 20));
  const unreadWithOwner = (w: typeof small, unread: number) => unread - [...w.ownerless].filter((u) => !w.readUnits.has(u)).length;
  expect([a.value.total, b.value.total]).toEqual([unreadWithOwner(small, 40), unreadWithOwner(large, 400)]);
  expect([a.value.items.length, b.value.items.length]).toEqual([20, 20]);
  console.log(`notices.unread (page of 20): 40 unread ${describeTally(a.tally)}; 400 unread ${describeTally(b.tally)}`);
  expect(b.tally.commands).toBe(a.tally.commands);
}, 180_000);
