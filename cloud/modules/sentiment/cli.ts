/**
 * `npm run --silent sentiment`: JSON lines in, JSON lines out.
 * Input, one per line:  {"id":"…","text":"…"}
 * Output, one per input line, in order: {"id","negative","score","level","topics","evidence"}.
 * A line that is not a JSON object with a string or number id gives {"id":null,"error":"…"};
 * an id without a text analyses the empty text. Blank lines are not inputs and are skipped.
 * Streams line by line and waits for stdout to drain, so inputs of any size run in constant memory.
 * Writes nothing else to stdout.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { analyze } from './engine';

type Id = string | number;

export function processLine(line: string): string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return errorLine('不是合法的 JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return errorLine('每行必须是一个 JSON 对象');
  const record = value as Record<string, unknown>;
  const id = record.id;
  if (!isId(id)) return errorLine('缺少 id，或 id 不是字符串/数字');
  const text = record.text;
  if (text !== undefined && text !== null && typeof text !== 'string') return errorLine('text 必须是字符串');
  const result = analyze(typeof text === 'string' ? text : '');
  return JSON.stringify({
    id,
    negative: result.negative,
    score: result.score,
    level: result.level,
    topics: result.topics,
    evidence: result.evidence,
  });
}

function isId(value: unknown): value is Id {
  return (typeof value === 'string' && value.length > 0) || (typeof value === 'number' && Number.isFinite(value));
}

function errorLine(reason: string): string {
  return JSON.stringify({ id: null, error: reason });
}

export async function run(input: NodeJS.ReadableStream, output: Writable): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (!output.write(processLine(line) + '\n')) await once(output, 'drain');
  }
}

if (require.main === module) {
  run(process.stdin, process.stdout).catch((error: unknown) => {
    process.stderr.write(`sentiment: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
