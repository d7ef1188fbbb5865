import { MongoClient } from 'mongodb';
import { setClock } from '../../cloud/lib/clock';
import { resetConfig } from '../../cloud/lib/config';
import { connectDb, disconnectDb, isDuplicateKey, mongoose } from '../../cloud/lib/db';
import { Budget, JobLease, JobProgress, runSliced, sliceBatches, type SliceContext } from '../../cloud/lib/slices';
import { withDbName } from '../../scripts/db';
import { assertTestDb, testDbName } from '../helpers/test-db';

/**
 * Jobs in bounded slices (cloud/lib/slices.ts), on its own: the budget of items and time and an
 * aborted signal stop an invocation with its cursor saved, the next resumes there; a period marks
 * communities done; two workers at once share the communities without ever working on one together
 * and do each item once; a worker killed mid-community is taken over when its lease runs out and its
 * successor resumes from the last saved cursor.
 */
const ITEMS = ['a', 'b', 'c', 'd', 'e'];
let uri = '';
const saved = { MONGODB_URI: process.env.MONGODB_URI, JOB_BUDGET_ITEMS: process.env.JOB_BUDGET_ITEMS };
let clock = new Date('2027-03-01T02:00:00Z');

beforeAll(async () => {
  uri = withDbName(process.env.TEST_DB_SERVER_URI as string, testDbName());
  process.env.MONGODB_URI = uri;
  resetConfig();
  await connectDb();
  setClock(() => clock);
});
afterAll(async () => {
  setClock();
  await disconnectDb();
  const client = await MongoClient.connect(uri);
  try {
    assertTestDb(client.db().databaseName);
    await client.db().dropDatabase();
  } finally {
    await client.close();
  }
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfig();
});

let jobNo = 0;
/** A fresh job name per test: its leases and progress are its own. */
const newJob = () => `test-job-${++jobNo}`;
const done = () => mongoose.connection.collection<{ _id: string }>('test_slice_items');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A job's work: the community's items in order from the cursor, one budget item each, saved after
 * each; an item is a keyed insert (done twice, it writes once) and `attempts` counts every try.
 */
function workOf(job: string, opts: { attempts?: Map<string, number>; each?: (communityId: string, item: string) => Promise<void> } = {}) {
  return async (communityId: string, { cursor, budget, save }: SliceContext): Promise<'done' | 'more'> => {
    for (let i = cursor ? ITEMS.indexOf(cursor) + 1 : 0; i < ITEMS.length; i++) {
      if (budget.spent) return 'more';
      const key = `${job}:${communityId}:${ITEMS[i]}`;
      opts.attempts?.set(key, (opts.attempts.get(key) ?? 0) + 1);
      await opts.each?.(communityId, ITEMS[i]);
      try {
        await done().insertOne({ _id: key });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      budget.spend();
      await save(ITEMS[i]);
    }
    return 'done';
  };
}
const doneOf = async (job: string) => (await done().find({ _id: { $regex: `^${job}:` } }).toArray()).map((d) => d._id.slice(job.length + 1)).sort();
const all = (communities: string[]) => communities.flatMap((c) => ITEMS.map((i) => `${c}:${i}`)).sort();
const items = (n: number) => new Budget({ ms: 60_000, items: n });

test('When the budget allows two items, then the invocation stops after two with more, and the next resumes at the saved cursor and finishes', async () => {
  const job = newJob();
  const attempts = new Map<string, number>();
  const first = await runSliced(job, { communityIds: ['c1'], budget: items(2) }, workOf(job, { attempts }));
  expect(first).toEqual({ communities: 1, finished: 0, held: 0, more: true });
  expect(await doneOf(job)).toEqual(['c1:a', 'c1:b']);
  expect(await JobProgress.findById(`${job}:c1`).lean()).toMatchObject({ cursor: 'b', done: false });
  expect(await JobLease.countDocuments({ _id: `${job}:c1` })).toBe(0);

  const second = await runSliced(job, { communityIds: ['c1'], budget: items(100) }, workOf(job, { attempts }));
  expect(second).toEqual({ communities: 1, finished: 1, held: 0, more: false });
  expect(await doneOf(job)).toEqual(all(['c1']));
  expect([...attempts.values()].every((n) => n === 1)).toBe(true);
  // Period '': the pass is over, the cursor is gone, the next invocation starts a new pass from the beginning.
  expect((await JobProgress.findById(`${job}:c1`).lean())?.cursor).toBeUndefined();
  const again = new Map<string, number>();
  expect(await runSliced(job, { communityIds: ['c1'], budget: items(100) }, workOf(job, { attempts: again }))).toMatchObject({ finished: 1, more: false });
  expect(again.size).toBe(5);
});

test('When the budget runs out in the middle of the communities, then the next invocations go on with the next community until all are through', async () => {
  const job = newJob();
  const attempts = new Map<string, number>();
  const reports = [];
  for (let i = 0; i < 20; i++) {
    const r = await runSliced(job, { communityIds: ['c1', 'c2', 'c3'], period: 'p', budget: items(4) }, workOf(job, { attempts }));
    reports.push(r);
    if (!r.more) break;
  }
  // 15 items, 4 an invocation: four invocations (the last finds the rest and stops with nothing left).
  expect(reports.map((r) => r.more)).toEqual([true, true, true, false]);
  expect(await doneOf(job)).toEqual(all(['c1', 'c2', 'c3']));
  expect([...attempts.values()].every((n) => n === 1)).toBe(true);
});

test('When a period is given, then communities done for it are skipped until the period changes', async () => {
  const job = newJob();
  const attempts = new Map<string, number>();
  expect(await runSliced(job, { communityIds: ['c1', 'c2'], period: '2027-03', budget: items(100) }, workOf(job, { attempts }))).toEqual({ communities: 2, finished: 2, held: 0, more: false });
  expect(attempts.size).toBe(10);
  // The same period: nothing is worked on again (not even a lease taken).
  expect(await runSliced(job, { communityIds: ['c1', 'c2'], period: '2027-03', budget: items(100) }, workOf(job, { attempts }))).toEqual({ communities: 0, finished: 0, held: 0, more: false });
  expect([...attempts.values()].every((n) => n === 1)).toBe(true);
  // A community added later in the period is worked on; the others stay done.
  expect(await runSliced(job, { communityIds: ['c1', 'c2', 'c3'], period: '2027-03', budget: items(100) }, workOf(job, { attempts }))).toMatchObject({ communities: 1, finished: 1 });
  // The next period: all again.
  const next = new Map<string, number>();
  expect(await runSliced(job, { communityIds: ['c1', 'c2', 'c3'], period: '2027-04', budget: items(100) }, workOf(job, { attempts: next }))).toMatchObject({ communities: 3, finished: 3, more: false });
  expect(next.size).toBe(15);
  // A cursor of another period is not resumed from: a pass cut short in May starts June at the beginning.
  await runSliced(job, { communityIds: ['c1'], period: '2027-05', budget: items(2) }, workOf(job));
  const may = new Map<string, number>();
  await runSliced(job, { communityIds: ['c1'], period: '2027-06', budget: items(100) }, workOf(job, { attempts: may }));
  expect(may.size).toBe(5);
});

test('When two workers run at once on the same communities, then no community is worked on by both at the same time, and together they do each item exactly once', async () => {
  const job = newJob();
  const communities = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
  const attempts = new Map<string, number>();
  const active = new Map<string, number>();
  let overlaps = 0;
  const each = async (communityId: string) => {
    active.set(communityId, (active.get(communityId) ?? 0) + 1);
    if (active.get(communityId)! > 1) overlaps++;
    await sleep(3);
    active.set(communityId, active.get(communityId)! - 1);
  };
  // Large budgets: each worker goes through every community it can hold.
  const big = await Promise.all([0, 1].map(() => runSliced(job, { communityIds: communities, period: 'p1', budget: items(1000) }, workOf(job, { attempts, each }))));
  expect(overlaps).toBe(0);
  expect(big[0].finished + big[1].finished).toBe(6);
  // Tiny budgets, round after round until both are through.
  const small = newJob();
  const smallAttempts = new Map<string, number>();
  const rounds = [];
  for (let i = 0; i < 100; i++) {
    const pair = await Promise.all([0, 1].map(() => runSliced(small, { communityIds: communities, period: 'p1', budget: items(1) }, workOf(small, { attempts: smallAttempts, each }))));
    rounds.push(pair);
    if (!pair[0].more && !pair[1].more) break;
  }
  expect(overlaps).toBe(0);
  expect(rounds.length).toBeLessThan(100);
  for (const [j, a] of [
    [job, attempts],
    [small, smallAttempts],
  ] as const) {
    expect(await doneOf(j)).toEqual(all(communities));
    expect([...a.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  }
  expect(await JobLease.countDocuments({ _id: { $regex: `^(${job}|${small}):` } })).toBe(0);
});

test('When a worker dies in the middle of a community, then its lease holds the community until it runs out, and the next worker resumes from the last saved cursor', async () => {
  const job = newJob();
  const attempts = new Map<string, number>();
  // The dying worker: saves after a and b, does c (not saved yet) and dies — its lease stays, with its `until`.
  const dying = workOf(job, {
    attempts,
    each: async (_c, item) => {
      if (item === 'c') throw new Error('killed');
    },
  });
  await expect(runSliced(job, { communityIds: ['c1', 'c2'], budget: items(100) }, dying)).rejects.toThrow('killed');
  await JobLease.collection.insertOne({ _id: `${job}:c1`, worker: 'dead-worker', until: new Date(clock.getTime() + 90_000) } as never);
  expect(await JobProgress.findById(`${job}:c1`).lean()).toMatchObject({ cursor: 'b' });

  // Within the lease: the community is held, the others are worked on (the held one is not this run's `more`:
  // running again within a second would find it held again; a scheduled run after the lease ran out takes over).
  const held = await runSliced(job, { communityIds: ['c1', 'c2'], budget: items(100) }, workOf(job, { attempts }));
  expect(held).toEqual({ communities: 1, finished: 1, held: 1, more: false });
  expect(await doneOf(job)).toEqual(['c1:a', 'c1:b', ...ITEMS.map((i) => `c2:${i}`)]);

  // The lease ran out: taken over, resumed after b (c is tried again: the one item after the cursor), a and b not again.
  clock = new Date(clock.getTime() + 91_000);
  const after = await runSliced(job, { communityIds: ['c1', 'c2'], budget: items(100) }, workOf(job, { attempts }));
  expect(after).toMatchObject({ held: 0, more: false });
  expect(await doneOf(job)).toEqual(all(['c1', 'c2']));
  expect(Object.fromEntries([...attempts].filter(([k]) => k.includes(':c1:')).map(([k, n]) => [k.slice(-1), n]))).toEqual({ a: 1, b: 1, c: 2, d: 1, e: 1 });
  expect(await JobLease.countDocuments({ _id: `${job}:c1` })).toBe(0);
});

test('When several workers find the same dead lease, then exactly one takes the community over', async () => {
  const job = newJob();
  await JobLease.collection.insertOne({ _id: `${job}:c1`, worker: 'dead-worker', until: new Date(clock.getTime() - 1) } as never);
  const attempts = new Map<string, number>();
  const active = { n: 0, max: 0 };
  const each = async () => {
    active.n++;
    active.max = Math.max(active.max, active.n);
    await sleep(5);
    active.n--;
  };
  const reports = await Promise.all([0, 1, 2].map(() => runSliced(job, { communityIds: ['c1'], period: 'p', budget: items(100) }, workOf(job, { attempts, each }))));
  expect(active.max).toBe(1);
  expect(reports.reduce((n, r) => n + r.finished, 0)).toBe(1);
  expect([...attempts.values()]).toEqual([1, 1, 1, 1, 1]);
});

test('When the budget’s time runs out, then the invocation stops with more and its cursor, and the next finishes', async () => {
  const job = newJob();
  const attempts = new Map<string, number>();
  const slow = workOf(job, { attempts, each: async () => { await sleep(50); } });
  const first = await runSliced(job, { communityIds: ['c1', 'c2'], budget: new Budget({ ms: 150, items: 1000 }) }, slow);
  expect(first.more).toBe(true);
  const n = (await doneOf(job)).length;
  expect(n).toBeGreaterThanOrEqual(1);
  expect(n).toBeLessThan(10);
  await runSliced(job, { communityIds: ['c1', 'c2'], budget: new Budget({ ms: 60_000, items: 1000 }) }, slow);
  expect(await doneOf(job)).toEqual(all(['c1', 'c2']));
  expect([...attempts.values()].every((k) => k === 1)).toBe(true);
});

test('When the signal is aborted, then the invocation stops after the item in hand (saved), and one aborted before starts nothing', async () => {
  const job = newJob();
  const attempts = new Map<string, number>();
  const stop = new AbortController();
  const stopping = workOf(job, {
    attempts,
    each: async (_c, item) => {
      if (item === 'b') stop.abort();
    },
  });
  const first = await runSliced(job, { communityIds: ['c1', 'c2'], budget: Budget.of({ signal: stop.signal }) }, stopping);
  expect(first).toEqual({ communities: 1, finished: 0, held: 0, more: true });
  expect(await doneOf(job)).toEqual(['c1:a', 'c1:b']);
  expect(await runSliced(job, { communityIds: ['c1', 'c2'], budget: Budget.of({ signal: stop.signal }) }, workOf(job, { attempts }))).toEqual({ communities: 0, finished: 0, held: 0, more: true });
  await runSliced(job, { communityIds: ['c1', 'c2'], budget: Budget.of() }, workOf(job, { attempts }));
  expect(await doneOf(job)).toEqual(all(['c1', 'c2']));
  expect([...attempts.values()].every((k) => k === 1)).toBe(true);
});

test('When the budget comes from the configuration, then JOB_BUDGET_ITEMS limits it and a run may pass smaller limits', () => {
  process.env.JOB_BUDGET_ITEMS = '3';
  resetConfig();
  try {
    expect(Budget.of().itemsLeft).toBe(3);
    expect(Budget.of({ limits: { items: 2 } }).itemsLeft).toBe(2);
    const b = Budget.of();
    b.spend(3);
    expect([b.spent, b.itemsLeft]).toEqual([true, 0]);
  } finally {
    delete process.env.JOB_BUDGET_ITEMS;
    resetConfig();
  }
});

test('When a job reads its items in batches (sliceBatches), then no batch is larger than the items left, the cursor is saved between batches, and a cursor of another pass starts again', async () => {
  const keys = Array.from({ length: 23 }, (_, i) => `k${String(i).padStart(2, '0')}`);
  const read = async (after: string | null, limit: number) => keys.filter((k) => after === null || k > after).slice(0, limit);
  const seen: string[] = [];
  const sizes: number[] = [];
  const savedCursors: string[] = [];
  const slice = (cursor: string | null, budget: Budget): SliceContext => ({
    cursor,
    budget,
    save: async (c) => {
      savedCursors.push(c);
    },
  });
  const handle = async (batch: string[]) => {
    sizes.push(batch.length);
    seen.push(...batch);
  };
  expect(await sliceBatches(slice(null, items(12)), { read, keyOf: (k) => k, batch: 5, pass: 'day1' }, handle)).toBe('more');
  expect(sizes).toEqual([5, 5, 2]);
  expect(savedCursors.at(-1)).toBe('day1|k11');
  // Resumed in the same pass: from k12 to the end; the last (short) batch needs no save.
  savedCursors.length = 0;
  expect(await sliceBatches(slice('day1|k11', items(100)), { read, keyOf: (k) => k, batch: 5, pass: 'day1' }, handle)).toBe('done');
  expect(seen).toEqual(keys);
  expect(savedCursors).toEqual(['day1|k16', 'day1|k21']);
  // A cursor of yesterday's pass: from the beginning.
  seen.length = 0;
  expect(await sliceBatches(slice('day0|k11', items(100)), { read, keyOf: (k) => k, batch: 50, pass: 'day1' }, handle)).toBe('done');
  expect(seen).toEqual(keys);
});
