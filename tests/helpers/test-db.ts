import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** A database name for this test file; refuses anything without "test" in it. */
export function testDbName(): string {
  const file = path.basename(expect.getState().testPath ?? 'unknown').replace(/\W+/g, '_').slice(0, 40);
  const name = `test_${file}_${randomBytes(4).toString('hex')}`;
  assertTestDb(name);
  return name;
}

export function assertTestDb(name: string): void {
  if (!/test/i.test(name)) throw new Error(`refusing to run tests against database "${name}": its name must contain "test"`);
}
