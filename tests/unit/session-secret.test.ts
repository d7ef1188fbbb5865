import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../cloud/lib/config';
import { ensureSessionSecret } from '../../scripts/session-secret';

/** `npm start` without SESSION_SECRET: a random secret made once and kept in the data directory. */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'secret-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('When the data directory has no secret yet, then a random 256-bit one is made, kept in <DATA_DIR>/session-secret readable by the owner only, and accepted by the configuration', () => {
  const dataDir = path.join(dir, 'data'); // not there yet

  const kept = ensureSessionSecret(dataDir);

  expect(kept).toMatchObject({ created: true, file: path.join(dataDir, 'session-secret') });
  expect(kept.secret).toMatch(/^[a-f0-9]{64}$/);
  expect(readFileSync(kept.file, 'utf8').trim()).toBe(kept.secret);
  expect(statSync(kept.file).mode & 0o777).toBe(0o600);
  expect(parseConfig({ SESSION_SECRET: kept.secret }).sessionSecret).toBe(kept.secret);
});

test('When the secret file exists, then later starts reuse it (sessions survive a restart) and nothing else is written', () => {
  const first = ensureSessionSecret(dir);
  const again = ensureSessionSecret(dir);
  const third = ensureSessionSecret(dir);

  expect(again).toEqual({ secret: first.secret, file: first.file, created: false });
  expect(third.secret).toBe(first.secret);
  expect(readFileSync(first.file, 'utf8').trim()).toBe(first.secret);
  expect(readdirSync(dir)).toEqual(['session-secret']);
});

test('When two data directories are set up, then their secrets differ', () => {
  const other = mkdtempSync(path.join(os.tmpdir(), 'secret-test-'));
  try {
    expect(ensureSessionSecret(dir).secret).not.toBe(ensureSessionSecret(other).secret);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

test('When the kept file was made readable by others, then reusing it makes it owner-only again', () => {
  const { file } = ensureSessionSecret(dir);
  chmodSync(file, 0o644);
  ensureSessionSecret(dir);
  expect(statSync(file).mode & 0o777).toBe(0o600);
});

test('When the secret file is empty or too short, then it is not used: the error names the file', () => {
  writeFileSync(path.join(dir, 'session-secret'), 'short\n');
  expect(() => ensureSessionSecret(dir)).toThrow(path.join(dir, 'session-secret'));
});
