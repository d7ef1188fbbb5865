import type { GroupOverview } from '@shared/contracts/sentiment.contract';
import { Types } from 'mongoose';
import { setClock } from '../../cloud/lib/clock';
import { countCommands, describeTally } from '../../cloud/lib/db-monitor';
import { messageDay, SentimentGroup, SentimentMessage } from '../../cloud/modules/sentiment/sentiment.model';
import { DAYTIME, ok, world, type Person, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The groups' overview (sentiment.groups) counted in the database (issue 25): per group, per local
 * (Asia/Shanghai) day and negative, and per topic, by `$group` — the same commands whatever the
 * number of messages; days follow the stored local day of each message.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  setClock(() => DAYTIME); // 2026-11-27 10:00 in Shanghai
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const tokenOf = (p: Person) => stack.login(stack.wechat.mintCode(p.openid));
let seq = 0;

/** Stored messages as the ingest writes them (raw insert with the local day), `negative` with `topics`. */
async function stored(w: World, groupId: string, items: { at: Date; negative: boolean; topics?: string[]; noDay?: boolean }[]): Promise<void> {
  const communityId = w.communityId as Types.ObjectId;
  await SentimentGroup.updateOne({ _id: `${String(communityId)}:${groupId}` }, { $setOnInsert: { communityId, groupId, name: `${groupId}业主群` } }, { upsert: true });
  const docs = items.map((m) => {
    const id = `m${++seq}`;
    return {
      _id: `${String(communityId)}:${groupId}:${id}`,
      communityId,
      groupId,
      messageId: id,
      senderId: `s${seq % 7}`,
      nickname: `群友${seq % 7}`,
      text: m.negative ? '又停水了，物业不管' : '今天天气不错',
      sentAt: m.at,
      ...(m.noDay ? {} : messageDay({ sentAt: m.at })),
      negative: m.negative,
      score: m.negative ? 0.7 : 0,
      level: m.negative ? 'medium' : 'none',
      topics: m.topics ?? [],
      evidence: [],
      escalation: [],
      source: 'api',
      expiresAt: new Date(m.at.getTime() + 90 * 86_400_000),
    };
  });
  for (let i = 0; i < docs.length; i += 5000) await SentimentMessage.collection.insertMany(docs.slice(i, i + 5000) as never[]);
}

const groupsOf = async (w: World) => ok<GroupOverview[]>(await stack.invoke('sentiment', 'groups', {}, await tokenOf(w.manager)));

test('When messages fall on both sides of local midnight and carry topics, then the overview counts them per Shanghai day, per topic, and counts one without a stored day in the totals only', async () => {
  const w = await world(stack);
  await stored(w, 'g-days', [
    { at: new Date('2026-11-26T15:59:00Z'), negative: true, topics: ['leak', 'noise'] }, // 11-26 23:59 local
    { at: new Date('2026-11-26T16:01:00Z'), negative: true, topics: ['leak'] }, // 11-27 00:01 local
    { at: new Date('2026-11-26T16:30:00Z'), negative: false },
    { at: new Date('2026-11-27T01:00:00Z'), negative: true, topics: ['leak', 'noise'] },
    { at: new Date('2026-11-10T01:00:00Z'), negative: true, topics: ['leak'] }, // before the 14 days
    { at: new Date('2026-11-20T01:00:00Z'), negative: false, noDay: true }, // written before `day` existed
  ]);
  const g = (await groupsOf(w)).find((x) => x.groupId === 'g-days')!;
  expect(g).toMatchObject({ messages: 5, negative: 3, openIncidents: 0 });
  expect(g.days).toHaveLength(14);
  expect(g.days[0].day).toBe('2026-11-14');
  expect(g.days.at(-2)).toEqual({ day: '2026-11-26', messages: 1, negative: 1, share: 1 });
  expect(g.days.at(-1)).toEqual({ day: '2026-11-27', messages: 3, negative: 2, share: 2 / 3 });
  expect(g.days.find((d) => d.day === '2026-11-20')).toEqual({ day: '2026-11-20', messages: 0, negative: 0, share: null });
  const topics = Object.fromEntries(g.topTopics.map((t) => [t.topic, t.count]));
  expect(topics.leak).toBe(3);
  expect(topics.noise).toBe(2);
});

test('When a community has 40 and then 2,000 messages in two groups, then the overview costs the same number of commands and counts them all', async () => {
  const w = await world(stack);
  const spread = (n: number, groupId: string) =>
    stored(
      w,
      groupId,
      Array.from({ length: n }, (_, k) => ({ at: new Date(DAYTIME.getTime() - (k % 14) * 86_400_000 - (k % 50) * 60_000), negative: k % 4 === 0, topics: k % 4 === 0 ? ['leak'] : [] })),
    );
  await spread(20, 'g-a');
  await spread(20, 'g-b');
  const token = await tokenOf(w.manager);
  const small = await countCommands(async () => ok<GroupOverview[]>(await stack.invoke('sentiment', 'groups', {}, token)));
  expect(small.value.map((g) => g.messages).sort()).toEqual([20, 20]);
  await spread(980, 'g-a');
  await spread(980, 'g-b');
  const large = await countCommands(async () => ok<GroupOverview[]>(await stack.invoke('sentiment', 'groups', {}, token)));
  expect(large.value.map((g) => g.messages).sort()).toEqual([1000, 1000]);
  expect(large.value.every((g) => g.days.reduce((s, d) => s + d.messages, 0) === 1000)).toBe(true);
  console.log(`sentiment.groups: 40 messages ${describeTally(small.tally)}; 2,000 messages ${describeTally(large.tally)}`);
  expect(large.tally.commands).toBe(small.tally.commands);
}, 120_000);
