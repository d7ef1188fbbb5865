import { spawn } from 'node:child_process';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { withDbName } from '../../scripts/db';
import { testDbName } from '../helpers/test-db';

/**
 * `npm run seed` (scripts/seed.ts): the demo data `npm start` seeds, with every index, into the
 * database MONGODB_URI names; it refuses without one, and refuses a database that has data unless
 * told `--force` (add the demo records, nothing twice) or `--reset` (drop it first).
 */
const ROOT = path.resolve(__dirname, '../..');

let client: MongoClient;
beforeAll(async () => {
  client = new MongoClient(process.env.TEST_DB_SERVER_URI!, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
});
afterAll(() => client.close());

/** Run `npm run seed -- <args>` with MONGODB_URI. */
function seed(args: string[], mongodbUri: string | undefined): Promise<{ code: number | null; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.MONGODB_URI;
  delete env.SESSION_SECRET;
  if (mongodbUri !== undefined) env.MONGODB_URI = mongodbUri;
  const child = spawn('npm', ['run', '--silent', 'seed', '--', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

/** Document count of every collection of the database. */
async function counts(db: Db): Promise<Record<string, number>> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !n.startsWith('system.'));
  const entries = await Promise.all(names.sort().map(async (n) => [n, await db.collection(n).countDocuments()] as const));
  return Object.fromEntries(entries.filter(([, n]) => n > 0));
}

test('When MONGODB_URI is unset or names no database, then the seed says how to set it and exits 1', async () => {
  const unset = await seed([], undefined);
  expect(unset.code).toBe(1);
  expect(unset.err).toContain('请设置 MONGODB_URI');
  expect(unset.out).not.toContain('已初始化');
  const server = new URL(process.env.TEST_DB_SERVER_URI!);
  const bare = await seed([], `mongodb://${server.host}/`);
  expect(bare.code).toBe(1);
  expect(bare.err).toContain('MONGODB_URI 中没有数据库名');
  const typo = await seed(['--forse'], withDbName(process.env.TEST_DB_SERVER_URI!, testDbName()));
  expect(typo).toMatchObject({ code: 1, err: expect.stringContaining('不认识的参数：--forse') });
}, 60_000);

test('When the database is empty, then the demo and every index are created; a database with data is refused unless --force (nothing twice) or --reset (dropped first)', async () => {
  const name = testDbName();
  const uri = withDbName(process.env.TEST_DB_SERVER_URI!, name);
  const db = client.db(name);

  const first = await seed([], uri);
  expect(first.err).toBe('');
  expect(first.code).toBe(0);
  expect(first.out).toMatch(/已初始化演示小区（.*）：4 栋楼、72 套房屋/);
  expect((await db.collection('communities').find({}, { projection: { name: 1 } }).toArray()).map((c) => c.name).sort()).toEqual(['幸福里小区', '阳光花园'].sort());
  // Indexes too: the unique receipt key of payments, the unique unit label of a building's units.
  expect((await db.collection('payments').indexes()).find((i) => i.key.receiptKey === 1)).toMatchObject({ unique: true });
  const seeded = await counts(db);
  expect(seeded).toMatchObject({ units: 84, bills: expect.any(Number), repairs: expect.any(Number) });

  const refused = await seed([], uri);
  expect(refused.code).toBe(1);
  expect(refused.err).toContain(`已有数据`);
  expect(refused.err).toContain('--force');
  expect(refused.err).toContain('--reset');
  expect(await counts(db)).toEqual(seeded);

  const forced = await seed(['--force'], uri);
  expect(forced.code).toBe(0);
  expect(await counts(db)).toEqual(seeded);

  await db.collection('strays').insertOne({ note: '不属于演示数据' });
  await db.collection('units').updateOne({}, { $set: { note: 'changed' } });
  const reset = await seed(['--reset'], uri);
  expect(reset.code).toBe(0);
  expect(reset.out).toContain('已清空数据库');
  expect(await counts(db)).toEqual(seeded);
  expect(await db.collection('units').countDocuments({ note: 'changed' })).toBe(0);
}, 240_000);
