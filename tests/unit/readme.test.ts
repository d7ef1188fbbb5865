import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * README.md is the front door: what the platform is, the two commands, the demo logins, a map of
 * the code, how to run one tier, the documentation list. Everything else lives in docs/, so the
 * README stays short enough to read at once.
 */
const README = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const MAX_LINES = 200;

/** Lines as an editor numbers them (a final newline does not start another line). */
const lineCount = (text: string) => text.replace(/\n$/, '').split('\n').length;

test(`When README.md is read, then it has at most ${MAX_LINES} lines (more belongs in docs/)`, () => {
  expect(lineCount(README)).toBeLessThanOrEqual(MAX_LINES);
});

test('When README.md is read, then it keeps the front door: the two commands, the demo logins, the map of the code, one tier, the documentation', () => {
  const headings = README.split('\n').filter((l) => l.startsWith('## ') || l.startsWith('### '));
  expect(headings).toEqual(expect.arrayContaining(['## The two commands', '### Demo logins (demo mode only)', '## A map of the code', '## Running one test tier', '## Documentation']));
  expect(README).toContain('npm start');
  expect(README).toContain('npm test');
});

test('When lines are counted, then a final newline is not a line of its own', () => {
  // Guards the count itself.
  expect(lineCount('a\nb\n')).toBe(2);
  expect(lineCount('a\nb')).toBe(2);
  expect(lineCount(README)).toBeGreaterThan(20);
});
