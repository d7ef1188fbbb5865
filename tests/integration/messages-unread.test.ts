import { setClock } from '../../cloud/lib/clock';
import { enqueue } from '../../cloud/modules/messaging/outbox.service';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';

/** The 消息 tab's badge: messaging.unread counts the events told to me since messaging.markSeen. */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const NOON = new Date('2026-11-27T04:00:00Z');
const values = (n: number) => ({ orderNo: `BX2026112700${n}`, title: '厨房水管漏水', status: '处理中', time: NOON });

async function unread(token: string): Promise<number> {
  const res = await stack.invoke('messaging', 'unread', {}, token);
  if (!res.ok) throw new Error(res.error.code);
  return res.data.count;
}

test('When an owner is told about two events (one of them on two channels), then the badge says 2; after 我的消息 is opened it says 0, and a new event makes it 1', async () => {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id);
  const u = await makeUnit(c._id, b._id, { room: '0301' });
  const owner = await makeOwner(c._id, [u._id], '未读测试');
  const other = await makeOwner(c._id, [u._id], '另一位业主');
  const token = await loginAs(stack, owner._id);
  const otherToken = await loginAs(stack, other._id);
  setClock(() => new Date('2026-11-27T04:00:00Z'));

  expect(await unread(token)).toBe(0);
  await enqueue({ communityId: c._id, eventKey: 'repair:u1:accepted', recipientUserId: owner._id, templateKey: 'repair.progress', values: values(1) });
  await enqueue({ communityId: c._id, eventKey: 'repair:u1:done', recipientUserId: owner._id, templateKey: 'repair.progress', values: values(2) });
  // The same event again on another channel (e.g. the official-account fallback) is no second card.
  const first = await OutboxMessage.findOne({ eventKey: 'repair:u1:done' }).lean();
  await OutboxMessage.create({ ...first, _id: undefined, channel: 'oa' });
  expect(await unread(token)).toBe(2);
  expect(await unread(otherToken)).toBe(0);

  setClock(() => new Date('2026-11-27T04:05:00Z'));
  const seen = await stack.invoke('messaging', 'markSeen', {}, token);
  expect(seen).toEqual({ ok: true, data: { count: 0 } });
  expect(await unread(token)).toBe(0);

  setClock(() => new Date('2026-11-27T04:10:00Z'));
  await enqueue({ communityId: c._id, eventKey: 'repair:u1:rate', recipientUserId: owner._id, templateKey: 'repair.progress', values: values(3) });
  expect(await unread(token)).toBe(1);
});
