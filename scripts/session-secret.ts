import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm start` without SESSION_SECRET: a random 256-bit secret made on the first start and kept in
 * the data directory (`<DATA_DIR>/session-secret`, readable by the owner only), so sessions and
 * photo links survive restarts and no two installations share a secret. Anything else (CloudBase,
 * other entry points) must be given SESSION_SECRET: cloud/lib/config.ts refuses to start without it.
 */
export interface KeptSecret {
  secret: string;
  file: string;
  /** True when this call made the secret (first start). */
  created: boolean;
}

export const SESSION_SECRET_FILE = 'session-secret';

export function ensureSessionSecret(dataDir: string): KeptSecret {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SESSION_SECRET_FILE);
  const secret = randomBytes(32).toString('hex');
  // Written whole under a temporary name, then linked into place only if there is none yet: two
  // first starts at once agree on one secret, and nobody ever reads a half-written file.
  const tmp = `${file}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  writeFileSync(tmp, `${secret}\n`, { mode: 0o600 });
  try {
    linkSync(tmp, file);
    return { secret, file, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
  const kept = readFileSync(file, 'utf8').trim();
  if (kept.length < 32) {
    throw new Error(`会话密钥文件 ${file} 内容无效（应为至少 32 个字符的随机密钥）：请删除它（所有用户需重新登录）或设置 SESSION_SECRET`);
  }
  chmodSync(file, 0o600);
  return { secret: kept, file, created: false };
}
