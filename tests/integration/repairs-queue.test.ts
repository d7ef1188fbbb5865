import { Types } from 'mongoose';
import type { TechnicianQueue } from '@shared/contracts/repairs.contract';
import { setClock } from '../../cloud/lib/clock';
import { countCommands, describeTally } from '../../cloud/lib/db-monitor';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { DAYTIME, ok, world, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * A technician's queue (issue 25: every list a page of the database): my orders and the pool orders
 * I could claim, each a bounded query filtered by skills and returned orders and sorted in the
 * database, at most `limit` each with `more`; the same number of commands at any size.
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

const URGENCY = ['normal', 'urgent', 'emergency'] as const;

/** `n` more pool orders like a reported one (copies with their own ids, urgencies cycling, one minute apart). */
async function poolOrders(w: World, n: number, category = '水电'): Promise<string[]> {
  const first = await w.report({ category });
  const doc = (await Repair.findById(first.id).lean())!;
  const { _id, ...rest } = doc;
  void _id;
  const docs = Array.from({ length: n }, (_, k) => ({
    ...rest,
    _id: new Types.ObjectId(),
    orderNo: `${doc.orderNo}-${k}`,
    requestKey: `${doc.requestKey}:${k}`,
    urgency: URGENCY[k % 3],
    createdAt: new Date(DAYTIME.getTime() + (k + 1) * 60_000),
    history: [],
  }));
  // Through the model: the stored sort keys (listRank from the urgency) are derived on validation.
  await Repair.insertMany(docs);
  return [first.id, ...docs.map((d) => String(d._id))];
}

const queue = async (token: string, limit?: number) => ok<TechnicianQueue>(await stack.invoke('repairs', 'queue', limit ? { limit } : {}, token));

test('When the pool holds more orders than the limit, then the queue shows the most urgent first, oldest first among equals, skips other skills and returned orders, and says there are more', async () => {
  const w = await world(stack, { mode: 'pool', techs: [{ name: '钱师傅', skills: ['水电'] }] });
  const ids = await poolOrders(w, 7);
  await poolOrders(w, 2, '门窗'); // not 钱's skill
  // 钱 returned one order: it is not offered to them again.
  const returned = ids[3];
  await Repair.updateOne({ _id: new Types.ObjectId(returned) }, { $set: { excludedIds: [w.techs[0]._id] } });

  const all = await queue(w.techs[0].token, 100);
  expect(all.more).toEqual({ mine: false, pool: false });
  expect(all.pool).toHaveLength(7);
  expect(all.pool.map((o) => o.id)).not.toContain(returned);
  expect(all.pool.every((o) => o.category === '水电')).toBe(true);
  const rank = { emergency: 0, urgent: 1, normal: 2 } as const;
  const keys = all.pool.map((o) => [rank[o.urgency], Date.parse(o.createdAt)]);
  expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));

  const three = await queue(w.techs[0].token, 3);
  expect(three.pool.map((o) => o.id)).toEqual(all.pool.slice(0, 3).map((o) => o.id));
  expect(three.more).toEqual({ mine: false, pool: true });
}, 60_000);

test('When a technician holds more orders than the limit, then my orders come next deadline first, at most the limit, with more', async () => {
  const w = await world(stack, { mode: 'pool', techs: [{ name: '李师傅', skills: ['水电'] }] });
  const ids = await poolOrders(w, 4);
  for (const id of ids) ok(await stack.invoke('repairs', 'claim', { repairId: id }, w.techs[0].token), 'claim');
  const all = await queue(w.techs[0].token);
  expect(all.mine).toHaveLength(5);
  expect(all.pool).toEqual([]);
  const two = await queue(w.techs[0].token, 2);
  expect(two.mine.map((o) => o.id)).toEqual(all.mine.slice(0, 2).map((o) => o.id));
  expect(two.more).toEqual({ mine: true, pool: false });
}, 60_000);

test('When the pool holds 5 and then 120 orders, then the queue costs the same number of commands', async () => {
  const w = await world(stack, { mode: 'pool', techs: [{ name: '周师傅', skills: ['水电'] }] });
  await poolOrders(w, 4);
  const small = await countCommands(() => stack.invoke('repairs', 'queue', {}, w.techs[0].token));
  expect(ok(small.value).pool).toHaveLength(5);
  await poolOrders(w, 114);
  const large = await countCommands(() => stack.invoke('repairs', 'queue', {}, w.techs[0].token));
  const q = ok(large.value);
  expect(q.pool).toHaveLength(50);
  expect(q.more.pool).toBe(true);
  console.log(`repairs.queue: 5 pool orders ${describeTally(small.tally)}; 120 pool orders ${describeTally(large.tally)}`);
  expect(large.tally.commands).toBe(small.tally.commands);
}, 120_000);
