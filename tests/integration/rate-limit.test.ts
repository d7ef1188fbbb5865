import { AppError } from '../../cloud/lib/app-error';
import { setClock } from '../../cloud/lib/clock';
import { rateLimit, RateSlot, type RateLimitSpec } from '../../cloud/lib/rate-limit';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The one rate limiter (lib/rate-limit.ts) on its own: fixed windows, exact under concurrency, several
 * windows per limit, amounts as unit slots, give-backs. Two declarations of one name share its
 * slots but not their hints: like two processes (CloudBase instances) enforcing one limit.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  setClock();
  await stack.stop();
});
afterEach(() => setClock());

const MB = 1024 * 1024;
/** 10:00 in Shanghai. */
const TEN = new Date('2026-11-27T02:00:00Z');
let seq = 0;
const subject = () => `s${Date.now()}_${seq++}`;
const at = (t: Date) => setClock(() => t);
const minutes = (n: number) => new Date(TEN.getTime() + n * 60_000);

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof AppError)) throw new Error(`expected RATE.LIMITED, got ${String(e)}`);
  expect(e.code).toBe('RATE.LIMITED');
  return e;
}

const slotsOf = (name: string, who: string) => RateSlot.find({ _id: new RegExp(`^${name}:${who}:`) }, { _id: 1 }).lean();

test('When 40 takes of one subject race a limit of 15 (in two processes), then exactly 15 pass and 15 slots exist', async () => {
  const spec: RateLimitSpec = { limits: [{ max: 15, windowMs: 3600_000 }], says: { action: '测试', unit: '次' } };
  const a = rateLimit('t-race', spec);
  const b = rateLimit('t-race', spec);
  const who = subject();
  at(TEN);
  const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).take(who)));
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(15);
  for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'RATE.LIMITED' });
  expect(await slotsOf('t-race', who)).toHaveLength(15);
});

test('When a later window refuses, then what the earlier window took is given back and the wait is until the refusing window ends', async () => {
  const spec: RateLimitSpec = { limits: [{ max: 5, windowMs: 3600_000 }, { max: 6, windowMs: 24 * 3600_000 }], says: { action: '测试', unit: '次', hint: '请联系物业' } };
  const first = rateLimit('t-windows', spec);
  const who = subject();
  at(TEN);
  for (let i = 0; i < 5; i++) await first.take(who);
  await refusal(first.take(who)); // the hour is full
  at(minutes(60)); // 11:00: a new hour, the day has 1 left
  expect((await first.take(who)).left).toBe(0);

  // Another process knows nothing: it takes an hour slot first, then the day refuses.
  const other = rateLimit('t-windows', spec);
  const e = await refusal(other.take(who));
  expect(e.details).toEqual({ retryAfterSeconds: 13 * 3600, limit: 6, windowSeconds: 86400 });
  expect(e.message).toBe('每天最多测试6次，请于明天 00:00后再试（约13小时后）。请联系物业');
  // The hours hold the 5 takes of 10:00 and the one of 11:00; the other process's hour slot is gone.
  expect((await slotsOf('t-windows', who)).map((s) => s._id).filter((id) => id.includes(':3600:'))).toHaveLength(6);
  at(minutes(14 * 60)); // midnight
  await other.take(who);
});

test('When amounts are bytes, then each started unit is one slot, a refused amount takes nothing, and a give-back frees its units', async () => {
  const bytes = rateLimit('t-bytes', { limits: [{ max: 10, windowMs: 3600_000 }], unitBytes: MB, says: { action: '上传', unit: 'MB' } });
  const who = subject();
  at(TEN);
  const small = await bytes.take(who, 1.5 * MB);
  expect(small.left).toBe(8);
  expect((await bytes.take(who, 7 * MB)).left).toBe(1);
  const e = await refusal(bytes.take(who, 1.1 * MB));
  expect(e.message).toBe('1小时内最多上传10 MB，请于11:00后再试（约1小时后）');
  expect(await slotsOf('t-bytes', who)).toHaveLength(9);
  await small.giveBack();
  await small.giveBack(); // idempotent
  expect((await bytes.take(who, 3 * MB)).left).toBe(0);
  expect(await slotsOf('t-bytes', who)).toHaveLength(10);
});

test('When a try given back in one process leaves a gap below what another process knows is taken, then the other still finds it', async () => {
  const spec: RateLimitSpec = { limits: [{ max: 3, windowMs: 10 * 60_000 }], says: ({ minutes: m }) => `尝试次数过多，请${m}分钟后再试` };
  const a = rateLimit('t-gap', spec);
  const b = rateLimit('t-gap', spec);
  const who = subject();
  at(minutes(3)); // 10:03
  const one = await a.take(who);
  await a.take(who);
  expect((await b.take(who)).left).toBe(0); // b walked up to 3: it knows 1–3 are taken
  const e = await refusal(b.take(who));
  expect(e.message).toBe('尝试次数过多，请7分钟后再试');
  expect(e.details).toMatchObject({ retryAfterSeconds: 7 * 60 });
  await one.giveBack(); // number 1 is free again
  expect((await b.take(who)).left).toBe(0);
  await refusal(a.take(who));
  at(minutes(10)); // the next 10-minute window
  expect((await a.take(who)).left).toBe(2);
});

test('When a take finds more given-back numbers than it needs, then it keeps what it needs and gives the rest back', async () => {
  const spec: RateLimitSpec = { limits: [{ max: 4, windowMs: 3600_000 }], says: { action: '测试', unit: '次' } };
  const a = rateLimit('t-gaps', spec);
  const b = rateLimit('t-gaps', spec);
  const who = subject();
  at(TEN);
  const taken = [await a.take(who), await a.take(who), await a.take(who), await a.take(who)];
  await refusal(b.take(who)); // b now knows 1–4 are taken
  await taken[0].giveBack();
  await taken[2].giveBack();
  await b.take(who); // finds 1 and 3 free in one command, keeps one
  expect(await slotsOf('t-gaps', who)).toHaveLength(3);
  await b.take(who);
  await refusal(b.take(who));
  expect(await slotsOf('t-gaps', who)).toHaveLength(4);
});
