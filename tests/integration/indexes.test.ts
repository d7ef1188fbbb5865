import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { resetConfig } from '../../cloud/lib/config';
import { connectDb, disconnectDb, mongoose } from '../../cloud/lib/db';
import { createIndexes } from '../../cloud/runtime/indexes';
import { withDbName } from '../../scripts/db';
import { assertTestDb, testDbName } from '../helpers/test-db';

/**
 * Indexes are made at deploy and seed time, never by a connection: a cloud function's cold start
 * costs no createIndexes per model. createIndexes (npm start, the tests, the demo seed) and
 * `npm run db:indexes` (CloudBase deployments) make every model's declared indexes.
 */
const ROOT = path.resolve(__dirname, '../..');

async function indexNames(uri: string, collection: string): Promise<string[]> {
  const client = await MongoClient.connect(uri);
  try {
    const db = client.db();
    assertTestDb(db.databaseName);
    if (!(await db.listCollections({ name: collection }).hasNext())) return [];
    return (await db.collection(collection).indexes()).map((i) => String(i.name)).sort();
  } finally {
    await client.close();
  }
}

async function dropDb(uri: string): Promise<void> {
  const client = await MongoClient.connect(uri);
  try {
    assertTestDb(client.db().databaseName);
    await client.db().dropDatabase();
  } finally {
    await client.close();
  }
}

test('When a process connects, then no index is created; createIndexes then creates every declared one', async () => {
  const uri = withDbName(process.env.TEST_DB_SERVER_URI as string, testDbName());
  process.env.MONGODB_URI = uri;
  resetConfig();
  try {
    await connectDb();
    expect(await indexNames(uri, 'followups')).toEqual([]);
    expect(await indexNames(uri, 'repairs')).toEqual([]);
    const created = await createIndexes();
    // Every model of every module (and lib's: claims, rate limits, WeChat tokens) is covered.
    expect(created.map((c) => c.model)).toEqual(expect.arrayContaining(['User', 'Unit', 'Repair', 'Complaint', 'Bill', 'FollowUp', 'OutboxMessage', 'SentimentIncident', 'ImportBatch', 'Notice', 'Claim', 'RateSlot', 'WechatToken']));
    expect(created.length).toBe(Object.keys(mongoose.models).length);
    expect(await indexNames(uri, 'followups')).toEqual(expect.arrayContaining(['_id_', 'key_1', 'communityId_1_status_1_dueAt_1']));
    expect(await indexNames(uri, 'outboxmessages')).toEqual(expect.arrayContaining(['eventKey_1_recipientId_1_channel_1']));
  } finally {
    await disconnectDb();
    await dropDb(uri);
  }
});

test('When `npm run db:indexes` runs against a database, then it creates the declared indexes there and says how many', async () => {
  const uri = withDbName(process.env.TEST_DB_SERVER_URI as string, testDbName());
  try {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/db-indexes.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 90_000,
      env: { PATH: process.env.PATH, MONGODB_URI: uri, LOG_LEVEL: 'silent' },
    });
    expect(out).toMatch(/FollowUp\s+\d+ 个索引/);
    expect(out).toContain('创建');
    expect(await indexNames(uri, 'followups')).toEqual(expect.arrayContaining(['key_1', 'communityId_1_status_1_dueAt_1']));
    expect(await indexNames(uri, 'bindingrequests')).toEqual(expect.arrayContaining(['openKey_1']));
  } finally {
    await dropDb(uri);
  }
}, 100_000);
