/**
 * One jest, four tiers (projects). `npm test` runs them all; `npm run test:<tier>` runs one.
 * - unit: pure rules — no database, no build, no global setup.
 * - integration: the real database (globalSetup) + the fake WeChat server, in-process gateway.
 * - weapp: the BUILT mini-program (dist/weapp) in miniprogram-simulate against the real database.
 * - e2e: `npm start` (its own database) and the H5 build in Debian's Chromium.
 * integration and weapp name the same globalSetup file: jest runs a global setup module once per
 * run however many projects name it, so `npm test` starts one database.
 * Every tier loads tests/setup/network-guard.cjs: connections to anything but loopback throw.
 */
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] },
  moduleNameMapper: { '^@shared/(.*)$': '<rootDir>/shared/$1' },
  setupFiles: ['<rootDir>/tests/setup/env.ts', '<rootDir>/tests/setup/network-guard.cjs'],
};

const withDatabase = {
  globalSetup: '<rootDir>/tests/setup/global-setup.ts',
  globalTeardown: '<rootDir>/tests/setup/global-teardown.ts',
  // After each file: every query the application sent is served by a declared index (or listed as a scan on purpose).
  setupFilesAfterEnv: ['<rootDir>/tests/setup/index-coverage.ts'],
};

module.exports = {
  testTimeout: 30_000,
  maxWorkers: 2,
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/tests/unit'], testMatch: ['**/*.test.ts'] },
    { ...shared, ...withDatabase, displayName: 'integration', roots: ['<rootDir>/tests/integration'], testMatch: ['**/*.test.ts'] },
    { ...shared, ...withDatabase, displayName: 'weapp', roots: ['<rootDir>/tests/weapp'], testMatch: ['**/*.test.ts'] },
    { ...shared, displayName: 'e2e', roots: ['<rootDir>/tests/e2e'], testMatch: ['**/*.test.ts'] },
  ],
};
