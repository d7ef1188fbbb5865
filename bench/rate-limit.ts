/**
 * `npm run bench:rate-limit`: what one take of the rate limiter (cloud/lib/rate-limit.ts) costs, in
 * database commands and milliseconds, on the embedded FerretDB (or MONGODB_URI), with BENCH_SLOTS
 * (10,000) slots of other subjects already in the collection — the cost must not grow with them.
 *
 * Each case runs BENCH_ROUNDS (100) times and prints commands and mean ms per take: a kept take
 * (one and two windows, bytes as units), a take given back (in the shared collection and in the
 * small one of `givesBackOften` limits), a refused take (as a process that knows the window is full
 * and as one that knows nothing), the first take of a process for a subject that already used most
 * of its window, and 30 simultaneous takes against a limit of 10 (checked: exactly 10 pass). For
 * comparison, one count of a subject's records by a non-`_id` filter (what a counting design pays).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mongoose } from '../cloud/lib/db';
import { rateLimit, RateSlot, RateTry, type RateLimitSpec } from '../cloud/lib/rate-limit';
import { startDatabase, withDbName } from '../scripts/db';

const SLOTS = Number(process.env.BENCH_SLOTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

let commands = 0;
const says = { action: '测试', unit: '次' };

async function measure(label: string, rounds: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  const before = commands;
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await fn(i);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`${label.padEnd(66)} ${((commands - before) / rounds).toFixed(1).padStart(6)} commands ${(ms / rounds).toFixed(2).padStart(8)} ms`);
}

const refused = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected RATE.LIMITED');
    },
    (err: { code?: string }) => {
      if (err.code !== 'RATE.LIMITED') throw err;
    },
  );

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-rate-limit-'));
  process.env.LOG_LEVEL = 'silent';
  const db = await startDatabase({ dataDir, log: (l) => console.log(l) });
  try {
    await mongoose.connect(process.env.MONGODB_URI ?? withDbName(db.serverUri, 'bench_rate_limit'), { monitorCommands: true, retryWrites: false });
    mongoose.connection.getClient().on('commandStarted', (e) => {
      if (!['hello', 'isMaster', 'ping', 'endSessions'].includes(e.commandName)) commands++;
    });
    for (const model of [RateSlot, RateTry]) await model.collection.deleteMany({});
    // Other subjects' slots of the current windows (what a busy hour leaves); the small collection holds a few failed logins.
    const fill = async (model: typeof RateSlot, count: number, tag: string) => {
      const expiresAt = new Date(Date.now() + DAY);
      for (let i = 0; i < count; i += 5000) {
        await model.collection.insertMany(Array.from({ length: Math.min(5000, count - i) }, (_, j) => ({ _id: `${tag}:${i + j}:3600:1:1`, expiresAt }) as never));
      }
    };
    await fill(RateSlot, SLOTS, 'other');
    await fill(RateTry, 100, 'other');
    console.log(`FerretDB/MongoDB: ${await RateSlot.estimatedDocumentCount()} slots in RateSlot, ${await RateTry.estimatedDocumentCount()} in RateTry (${db.description})\n`);

    const one: RateLimitSpec = { limits: [{ max: 10, windowMs: HOUR }], says };
    const two: RateLimitSpec = { limits: [{ max: 10, windowMs: HOUR }, { max: 30, windowMs: DAY }], says };
    const kept = rateLimit('b.kept', one);
    await measure('take, kept (1 window)', ROUNDS, (i) => kept.take(`u${i}`));
    const repairs = rateLimit('b.two', two);
    await measure('take, kept (2 windows: 10/hour and 30/day)', ROUNDS, (i) => repairs.take(`u${i}`));
    const bytes = rateLimit('b.bytes', { limits: [{ max: 200, windowMs: DAY }], unitBytes: 1024 * 1024, says });
    await measure('take, kept (2.5 MB as 3 slots of 1 MB)', ROUNDS, (i) => bytes.take(`u${i}`, 2.5 * 1024 * 1024));
    const back = rateLimit('b.back', one);
    await measure(`take + giveBack, shared collection (${SLOTS} slots)`, ROUNDS, async (i) => (await back.take(`u${i}`)).giveBack());
    const login = rateLimit('b.login', { ...one, givesBackOften: true });
    await measure('take + giveBack, givesBackOften (small collection)', ROUNDS, async () => (await login.take('203.0.113.1')).giveBack());
    await fill(RateTry, SLOTS, 'more');
    const tries = rateLimit('b.tries', { ...one, givesBackOften: true });
    await measure(`  the same with ${SLOTS} more slots in the small collection`, 20, async (i) => (await tries.take(`ip${i}`)).giveBack());

    const full = rateLimit('b.full', one);
    for (let i = 0; i < ROUNDS; i++) for (let n = 0; n < 10; n++) await full.take(`u${i}`);
    await measure('take refused (window full, this process knows it)', ROUNDS, (i) => refused(full.take(`u${i}`)));
    await measure('take refused (window full, a process that knows nothing)', ROUNDS, (i) => refused(rateLimit('b.full', one).take(`u${i}`)));
    const nine = rateLimit('b.nine', one);
    for (let i = 0; i < ROUNDS; i++) for (let n = 0; n < 9; n++) await nine.take(`u${i}`);
    await measure("first take of a process for a subject with 9 of 10 used (cold hint)", ROUNDS, (i) => rateLimit('b.nine', one).take(`u${i}`));

    const burst = rateLimit('b.burst', one);
    let passed = 0;
    await measure('30 simultaneous takes against 10 (per burst)', 10, async (i) => {
      const results = await Promise.allSettled(Array.from({ length: 30 }, () => burst.take(`burst${i}`)));
      const ok = results.filter((r) => r.status === 'fulfilled').length;
      if (ok !== 10) throw new Error(`burst ${i}: ${ok} passed, not 10`);
      passed += ok;
    });
    console.log(`  (${passed} of 300 passed: exactly 10 per burst)`);
    await measure(`for comparison: count one subject's slots by a regex on _id (${SLOTS}+)`, 10, (i) => RateSlot.countDocuments({ _id: new RegExp(`^b\\.kept:u${i}:`) }));
  } finally {
    await mongoose.disconnect().catch(() => undefined);
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
