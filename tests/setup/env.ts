import os from 'node:os';
import path from 'node:path';

// Per test file, before any module is loaded: a test configuration.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
process.env.SESSION_SECRET = 'test-session-secret-0123456789abcdef0123';
process.env.DB_TIMEOUT_MS = '1500';
process.env.WECHAT_TIMEOUT_MS = '1500';
delete process.env.MONGODB_URI; // every file gets its own database from tests/helpers/stack.ts
delete process.env.WECHAT_API_BASE;
delete process.env.DEMO_MODE;
// Uploaded photos of this test file go to a temporary folder.
process.env.FILES_DIR = path.join(os.tmpdir(), `wy-test-files-${process.pid}`);
