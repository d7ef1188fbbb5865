/**
 * `npm run --silent sentiment`: JSON lines in, JSON lines out.
 * Input, one per line:  {"id":"…","text":"…"}
 * Output, one per input line, in order: {"id","negative","score","level","topics","evidence","lexicon"}
 * (`lexicon` names the lexicon of the verdict: 内置 a1b2c3d4, or 内置 a1b2c3d4 + 本小区 v3).
 * `npm run --silent sentiment -- --lexicon overlay.json` applies a community's overlay exported from
 * 本小区词库 (the file `sentiment.exportLexicon` writes); a malformed file stops with the reason on stderr.
 * A line that is not a JSON object with a string or number id gives {"id":null,"error":"…"};
 * an id without a text analyses the empty text. Blank lines are not inputs and are skipped.
 * Streams line by line and waits for stdout to drain, so inputs of any size run in constant memory.
 * Writes nothing else to stdout.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { lexiconEntrySchema } from '@shared/contracts/sentiment-lexicon.contract';
import { lexiconVersionLabel } from '@shared/domain/sentiment-lexicon';
import { analyze, compileLexicon, type Analyzer } from './engine';

type Id = string | number;

/** An exported overlay file (LexiconFile), checked entry by entry like `importLexicon`. */
const overlayFile = z.object({ version: z.object({ overlay: z.number().int().min(0) }).passthrough(), entries: z.array(lexiconEntrySchema) }).passthrough();

/** The analyzer of an exported overlay file; throws with the first problem's path and reason. */
export function analyzerFromFile(path: string): Analyzer {
  const parsed = overlayFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`词库文件无效：${issue.path.join('.')} ${issue.message}`);
  }
  return compileLexicon(parsed.data.entries, Math.max(1, parsed.data.version.overlay));
}

export function processLine(line: string, analyzer: Pick<Analyzer, 'analyze'> = { analyze }): string {
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
  const result = analyzer.analyze(typeof text === 'string' ? text : '');
  return JSON.stringify({
    id,
    negative: result.negative,
    score: result.score,
    level: result.level,
    topics: result.topics,
    evidence: result.evidence,
    lexicon: lexiconVersionLabel(result.lexicon),
  });
}

function isId(value: unknown): value is Id {
  return (typeof value === 'string' && value.length > 0) || (typeof value === 'number' && Number.isFinite(value));
}

function errorLine(reason: string): string {
  return JSON.stringify({ id: null, error: reason });
}

export async function run(input: NodeJS.ReadableStream, output: Writable, analyzer: Pick<Analyzer, 'analyze'> = { analyze }): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (!output.write(processLine(line, analyzer) + '\n')) await once(output, 'drain');
  }
}

if (require.main === module) {
  const at = process.argv.indexOf('--lexicon');
  Promise.resolve()
    .then(() => run(process.stdin, process.stdout, at > 0 && process.argv[at + 1] ? analyzerFromFile(process.argv[at + 1]) : { analyze }))
    .catch((error: unknown) => {
    process.stderr.write(`sentiment: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
