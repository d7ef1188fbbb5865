/**
 * `npm run db:indexes`: create every model's declared indexes (unique keys included) in the
 * database MONGODB_URI names — once per deployment, before the cloud functions serve (CloudBase
 * functions never create indexes on a cold start), and again after a release that declares new
 * ones. Creating an index that exists is a no-op.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError, resetConfig } from '../cloud/lib/config';
import { disconnectDb } from '../cloud/lib/db';
import { createIndexes } from '../cloud/runtime/indexes';

async function main(): Promise<void> {
  if (!process.env.MONGODB_URI) {
    console.error('请设置 MONGODB_URI（含数据库名），例如 MONGODB_URI=mongodb://user:pass@host:27017/wuye npm run db:indexes');
    process.exit(1);
  }
  // Only the database settings matter here; this process signs nothing, so without a SESSION_SECRET
  // a random one stands in (the configuration refuses to load without one).
  process.env.SESSION_SECRET ??= randomBytes(32).toString('hex');
  resetConfig();
  const host = new URL(process.env.MONGODB_URI).host;
  try {
    const created = await createIndexes();
    for (const { model, indexes } of created) console.log(`${model.padEnd(22)} ${indexes} 个索引`);
    console.log(`已在 ${host} 创建 ${created.length} 个集合的索引。`);
  } finally {
    await disconnectDb();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `创建索引失败：${(err as Error).message}`);
  process.exit(1);
});
