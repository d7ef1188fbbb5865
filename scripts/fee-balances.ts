/**
 * `npm run fees:balances`: rebuild every unit's stored balance (fees.md "Balances") from the ledger,
 * community by community, in the database MONGODB_URI names. Once after the release that added the
 * balances (without it, the first arrears list of each community rebuilds that community), and as a
 * repair whenever the ledger was written around the fees module (a raw import, a hand edit).
 * Idempotent: a balance is recomputed from its unit's bills, payments and refunds, never added to.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError, resetConfig } from '../cloud/lib/config';
import { connectDb, disconnectDb, mongoose } from '../cloud/lib/db';
import { communityIdsIn } from '../cloud/modules/community';
import { rebuildBalances } from '../cloud/modules/fees';

async function main(): Promise<void> {
  if (!process.env.MONGODB_URI) {
    console.error('请设置 MONGODB_URI（含数据库名），例如 MONGODB_URI=mongodb://user:pass@host:27017/wuye npm run fees:balances');
    process.exit(1);
  }
  process.env.SESSION_SECRET ??= randomBytes(32).toString('hex');
  resetConfig();
  await connectDb();
  try {
    let units = 0;
    const ids = await communityIdsIn();
    for (const id of ids) units += await rebuildBalances(new mongoose.Types.ObjectId(id));
    console.log(`已重算 ${ids.length} 个小区、${units} 户的欠费余额。`);
  } finally {
    await disconnectDb();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `重算欠费余额失败：${(err as Error).message}`);
  process.exit(1);
});
