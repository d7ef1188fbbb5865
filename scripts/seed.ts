/**
 * `npm run seed`: the demo data that `npm start` seeds on its first run (幸福里小区 with its buildings,
 * units, owners and households, parking, a staff of five, repairs, notices, fees, complaints and an
 * owners' group chat; plus 阳光花园) into the database MONGODB_URI names, with every declared index.
 *
 *     MONGODB_URI=mongodb://127.0.0.1:27017/wuye_demo npm run seed
 *     npm run seed -- --force    # the database has data: add the demo records anyway (nothing twice)
 *     npm run seed -- --reset    # drop the whole database first, then seed
 *
 * A database that already holds data is refused (exit 1) unless `--force` or `--reset` is given, so
 * a production database is never filled with demo people by mistake. The seed upserts every record by
 * a natural key: with `--force` the demo records that exist are kept as they are and the rest is left
 * alone. The demo logins (demo-owner, demo-manager…) work with the fake WeChat server (`npm start`
 * without WECHAT_API_BASE).
 */
import { randomBytes } from 'node:crypto';
import { ConfigError, resetConfig } from '../cloud/lib/config';
import { connectDb, disconnectDb } from '../cloud/lib/db';
import { createIndexes } from '../cloud/runtime/indexes';
import { seedDemo } from './demo-data';

const USAGE = '用法：MONGODB_URI=mongodb://主机:端口/数据库名 npm run seed [-- --force | --reset]';

class SeedRefused extends Error {}

/** The database name in a MongoDB URI ('' when it names none). */
function dbNameOf(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname.replace(/^\//, ''));
  } catch {
    return '';
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !['--force', '--reset'].includes(a));
  if (unknown.length) throw new SeedRefused(`不认识的参数：${unknown.join(' ')}\n${USAGE}`);
  const force = args.includes('--force');
  const reset = args.includes('--reset');
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new SeedRefused(`请设置 MONGODB_URI（含数据库名），演示数据将写入该数据库。\n${USAGE}`);
  const dbName = dbNameOf(uri);
  if (!dbName) throw new SeedRefused(`MONGODB_URI 中没有数据库名（例如 mongodb://127.0.0.1:27017/wuye_demo）。\n${USAGE}`);
  // This process signs nothing: without a SESSION_SECRET a random one stands in (the configuration refuses to load without one).
  process.env.SESSION_SECRET ??= randomBytes(32).toString('hex');
  resetConfig();
  const where = `${new URL(uri).host}/${dbName}`;

  const m = await connectDb();
  try {
    const db = m.connection.db;
    if (!db) throw new Error('数据库连接未就绪');
    const filled: string[] = [];
    for (const c of await db.listCollections({}, { nameOnly: true }).toArray()) {
      if (c.name.startsWith('system.')) continue;
      if (await db.collection(c.name).findOne({}, { projection: { _id: 1 } })) filled.push(c.name);
    }
    if (filled.length && reset) {
      await db.dropDatabase();
      console.log(`已清空数据库 ${where}（--reset）。`);
    } else if (filled.length && !force) {
      const shown = filled.sort().slice(0, 5).join('、') + (filled.length > 5 ? ` 等 ${filled.length} 个集合` : '');
      throw new SeedRefused(
        `数据库 ${where} 已有数据（${shown}），未写入演示数据。\n` +
          '要在现有数据上补充演示数据（已有的演示记录保持不变，其他数据不动），请加 --force：npm run seed -- --force\n' +
          '要清空该数据库后重新初始化（删除其中全部数据），请加 --reset：npm run seed -- --reset',
      );
    }
    const indexes = await createIndexes();
    const s = await seedDemo();
    console.log(`已创建 ${indexes.length} 个集合的索引。`);
    console.log(
      `已初始化演示小区（${where}）：${s.buildings} 栋楼、${s.units} 套房屋、${s.owners} 位业主（住户记录 ${s.residents} 条）、${s.vehicles} 辆车、${s.staff} 位员工、${s.repairs} 张报修单、${s.complaints} 件投诉`,
    );
  } finally {
    await disconnectDb();
  }
}

main().catch((err: unknown) => {
  if (err instanceof SeedRefused || err instanceof ConfigError) console.error(err.message);
  else console.error(`初始化演示数据失败：${(err as Error).message}`);
  process.exit(1);
});
