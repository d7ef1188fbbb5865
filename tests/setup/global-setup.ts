import { rmSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startDatabase, type RunningDb } from '../../scripts/db';

/**
 * Brings up the database the same way `npm start` does (MONGODB_URI, else FerretDB, else
 * mongodb-memory-server), in a fresh data directory, and refuses to run tests without it.
 * Each test file then works in its own database (see tests/helpers/stack.ts).
 * Only the tiers that need a database name it (jest.config.js): the unit and e2e tiers start none.
 */
declare global {
  var __TEST_DB__: RunningDb | undefined;
}

export default async function globalSetup(): Promise<void> {
  // The integration and weapp tiers name this file; jest runs it once per run, and this makes sure.
  if (globalThis.__TEST_DB__) return;
  const dataDir = path.resolve(__dirname, '../../.data', `test-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  process.env.TEST_DATA_DIR = dataDir;
  const db = await startDatabase({ dataDir, log: () => undefined });
  globalThis.__TEST_DB__ = db;
  process.env.TEST_DB_SERVER_URI = db.serverUri;
  process.env.TEST_DB_KIND = db.kind;

  const client = new MongoClient(db.serverUri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.db('test_ping').command({ ping: 1 });
  } catch (err) {
    await db.stop();
    throw new Error(`测试数据库不可达（${db.description}）：${(err as Error).message}`);
  } finally {
    await client.close();
  }
}
