/** One jest for the whole repo: unit, integration (real DB + fake WeChat), e2e (Chromium), weapp (miniprogram-simulate). */
module.exports = {
  rootDir: __dirname,
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json' }] },
  moduleNameMapper: { '^@shared/(.*)$': '<rootDir>/shared/$1' },
  globalSetup: '<rootDir>/tests/setup/global-setup.ts',
  globalTeardown: '<rootDir>/tests/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/tests/setup/env.ts'],
  testTimeout: 30_000,
  maxWorkers: 2,
};
