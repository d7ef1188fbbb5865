import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

// Per test file, before any module is loaded: a test configuration.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
// A random secret per test file: no test may depend on a known one (as no installation may).
process.env.SESSION_SECRET = randomBytes(32).toString('hex');
delete process.env.LOGIN_LIMIT_PER_HOUR; // the default (a file may raise it: the worker process is shared)
process.env.DB_TIMEOUT_MS = '1500';
process.env.WECHAT_TIMEOUT_MS = '1500';
delete process.env.MONGODB_URI; // every file gets its own database from tests/helpers/stack.ts
delete process.env.WECHAT_API_BASE;
delete process.env.DEMO_MODE;
delete process.env.WUYE_CONFIG; // no configuration file of the machine's: the demo's WeChat settings
// Uploaded photos of this test file go to a temporary folder, in the local store unless a file says otherwise.
process.env.FILES_DIR = path.join(os.tmpdir(), `wy-test-files-${process.pid}`);
delete process.env.FILE_STORE;
delete process.env.CLOUDBASE_ENV;
delete process.env.FILE_LINK_TTL_MINUTES;
