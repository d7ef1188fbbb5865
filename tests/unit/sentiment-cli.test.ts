import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function runCli(stdin: string): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'cloud/modules/sentiment/cli.ts'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, code }));
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
  for (const i of [0, 2, 3, 5]) expect(Object.keys(out[i])).toEqual(['id', 'negative', 'score', 'level', 'topics', 'evidence']);
  expect(out[0]).toMatchObject({ id: 'a1', negative: true, level: 'medium', topics: ['elevator'] });
  expect(out[0].evidence).toEqual(expect.arrayContaining([expect.objectContaining({ term: '又坏了', start: 2, end: 5, kind: 'negative' })]));
  expect(out[1]).toEqual({ id: null, error: expect.any(String) });
  expect(out[2]).toEqual({ id: 'a2', negative: false, score: 0, level: 'none', topics: [], evidence: [] });
  expect(out[3]).toMatchObject({ id: 'a3', negative: false, level: 'none', topics: ['utilities'] });
  expect(out[4]).toEqual({ id: null, error: expect.any(String) });
  expect(out[5]).toMatchObject({ id: 'a4', negative: true, level: 'high' });
}, 60_000);

test('When the input is empty, then the CLI writes nothing', async () => {
  const { stdout, code } = await runCli('');
  expect(code).toBe(0);
  expect(stdout).toBe('');
}, 60_000);
