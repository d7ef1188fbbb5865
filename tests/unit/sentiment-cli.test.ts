import { spawn } from 'node:child_process';
import path from 'node:path';

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { BUILTIN_LEXICON_VERSION } from '../../cloud/modules/sentiment/engine';

const ROOT = path.resolve(__dirname, '../..');

function runCli(stdin: string, args: string[] = []): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'cloud/modules/sentiment/cli.ts', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(stdin);
  });
}

test('When JSON lines are piped to the CLI, then it writes exactly one result line per input and nothing else', async () => {
  const input = [
    JSON.stringify({ id: 'a1', text: '电梯又坏了！！！' }),
    'this is not json',
    JSON.stringify({ id: 'a2' }),
    JSON.stringify({ id: 'a3', text: '請問明天停水嗎？' }),
    JSON.stringify({ text: '没有 id' }),
    JSON.stringify({ id: 'a4', text: '再不修我就打12345' }),
  ].join('\n');

  const { stdout, code } = await runCli(input + '\n');

  expect(code).toBe(0);
  expect(stdout.endsWith('\n')).toBe(true);
  const lines = stdout.slice(0, -1).split('\n');
  expect(lines).toHaveLength(6);
  const out = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const i of [0, 2, 3, 5]) expect(Object.keys(out[i])).toEqual(['id', 'negative', 'score', 'level', 'topics', 'evidence', 'lexicon']);
  expect(out[0].lexicon).toBe(`内置 ${BUILTIN_LEXICON_VERSION}`);
  expect(out[0]).toMatchObject({ id: 'a1', negative: true, level: 'medium', topics: ['elevator'] });
  expect(out[0].evidence).toEqual(expect.arrayContaining([expect.objectContaining({ term: '又坏了', start: 2, end: 5, kind: 'negative' })]));
  expect(out[1]).toEqual({ id: null, error: expect.any(String) });
  expect(out[2]).toEqual({ id: 'a2', negative: false, score: 0, level: 'none', topics: [], evidence: [], lexicon: `内置 ${BUILTIN_LEXICON_VERSION}` });
  expect(out[3]).toMatchObject({ id: 'a3', negative: false, level: 'none', topics: ['utilities'] });
  expect(out[4]).toEqual({ id: null, error: expect.any(String) });
  expect(out[5]).toMatchObject({ id: 'a4', negative: true, level: 'high' });
}, 60_000);

test('When the input is empty, then the CLI writes nothing', async () => {
  const { stdout, code } = await runCli('');
  expect(code).toBe(0);
  expect(stdout).toBe('');
}, 60_000);

test('When an exported overlay file is given with --lexicon, then its entries apply and each verdict names the overlay version', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lexicon-'));
  const file = path.join(dir, 'overlay.json');
  const entries = [{ kind: 'phrase', text: '蓝莓拿铁那一套', level: 'medium', topics: ['service'] }];
  writeFileSync(file, JSON.stringify({ format: 'wuye-sentiment-lexicon', formatVersion: 1, communityName: '幸福里', version: { builtin: 'x', overlay: 4 }, exportedAt: '2026-12-07T00:00:00Z', entries }));
  const text = '物业又在玩蓝莓拿铁那一套';
  const plain = JSON.parse((await runCli(JSON.stringify({ id: 1, text }) + '\n')).stdout) as Record<string, unknown>;
  const { stdout, code } = await runCli(JSON.stringify({ id: 1, text }) + '\n', ['--lexicon', file]);
  expect(code).toBe(0);
  const out = JSON.parse(stdout) as Record<string, unknown>;
  expect(plain.level).toBe('none');
  expect(out).toMatchObject({ id: 1, negative: true, level: 'medium', topics: ['service'], lexicon: `内置 ${BUILTIN_LEXICON_VERSION} + 本小区 v4` });
}, 60_000);

test('When the overlay file has a malformed entry, then the CLI stops with the entry and the reason and writes no verdict', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lexicon-'));
  const file = path.join(dir, 'overlay.json');
  writeFileSync(file, JSON.stringify({ version: { builtin: 'x', overlay: 1 }, entries: [{ kind: 'pattern', text: '(的|了)…吗', level: 'medium', topics: [] }] }));
  const { stdout, stderr, code } = await runCli(JSON.stringify({ id: 1, text: '电梯坏了' }) + '\n', ['--lexicon', file]);
  expect(code).toBe(1);
  expect(stdout).toBe('');
  expect(stderr).toContain('entries.0.text');
  expect(stderr).toContain('过于宽泛');
}, 60_000);
