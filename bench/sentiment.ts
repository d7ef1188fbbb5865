/**
 * `npm run bench:sentiment`: accuracy of the rule-based sentiment engine on the labelled dev set
 * and the held-out sets (holdout3 when present), then throughput of the full pipeline (normalise + scan + rules +
 * evidence) against a bare scan by the `@monyone/aho-corasick` fast automaton built over the same
 * lexicon terms, over the same messages, in the same run.
 */
import { AhoCorasick } from '@monyone/aho-corasick/fast';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze, BUILTIN_LEXICON_VERSION } from '../cloud/modules/sentiment/engine';
import { builtinLexicon } from '../cloud/modules/sentiment/engine/analyze';
import { evaluate, parseLabelled, type Evaluation, type LabelledMessage } from '../cloud/modules/sentiment/engine/evaluate';
import { timed } from './timing';

const FIXTURES = join(__dirname, '..', 'tests', 'fixtures', 'sentiment');
const MIN_MS = 2000;
const ROUND_MS = 200;

function load(name: string): LabelledMessage[] {
  return parseLabelled(readFileSync(join(FIXTURES, name), 'utf8'));
}

function pct(x: number): string {
  return x.toFixed(3);
}

function printAccuracy(name: string, e: Evaluation): void {
  console.log(`\n${name} (${e.count} 条)`);
  console.log(`  负面  precision ${pct(e.negative.precision)}  recall ${pct(e.negative.recall)}  F1 ${pct(e.negative.f1)}`);
  console.log(`  high  recall ${pct(e.high.recall)}  (precision ${pct(e.high.precision)})`);
  console.log(`  话题  micro-F1 ${pct(e.topics.f1)}  (precision ${pct(e.topics.precision)}, recall ${pct(e.topics.recall)})`);
  console.log(`  等级准确率 ${pct(e.levelAccuracy)}`);
}

interface Tally {
  messages: number;
  ms: number;
  sink: number;
}

/** One round: run `fn` over the messages, pass after pass, for at least ROUND_MS. */
function round(texts: readonly string[], fn: (text: string) => number, tally: Tally): void {
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    for (const text of texts) tally.sink += fn(text);
    tally.messages += texts.length;
    elapsed = performance.now() - started;
  }
  tally.ms += elapsed;
}

/**
 * Alternate rounds of the two until each has run at least MIN_MS: another process loading the
 * machine then slows both alike instead of skewing the ratio.
 */
function compare(texts: readonly string[], a: (text: string) => number, b: (text: string) => number): [Tally, Tally] {
  const ta: Tally = { messages: 0, ms: 0, sink: 0 };
  const tb: Tally = { messages: 0, ms: 0, sink: 0 };
  while (ta.ms < MIN_MS || tb.ms < MIN_MS) {
    round(texts, a, ta);
    round(texts, b, tb);
  }
  return [ta, tb];
}

function perSecond(t: Tally): number {
  return (t.messages / t.ms) * 1000;
}

async function main(): Promise<void> {
  const dev = load('dev.jsonl');
  const holdout = load('holdout.jsonl');
  const holdout2 = load('holdout2.jsonl');
  const holdout3 = existsSync(join(FIXTURES, 'holdout3.jsonl')) ? load('holdout3.jsonl') : [];
  console.log(`内置词库版本 ${BUILTIN_LEXICON_VERSION}`);
  printAccuracy('开发集 dev.jsonl', evaluate(dev, analyze));
  printAccuracy('留出集 holdout.jsonl (已看过, 用于补词)', evaluate(holdout, analyze));
  printAccuracy('留出集 holdout2.jsonl (未调参)', evaluate(holdout2, analyze));
  if (holdout3.length > 0) printAccuracy('留出集 holdout3.jsonl (未调参)', evaluate(holdout3, analyze));

  const texts = [...dev, ...holdout, ...holdout2, ...holdout3].map((m) => m.text);
  const averageLength = texts.reduce((sum, t) => sum + t.length, 0) / texts.length;
  console.log(`\n吞吐量: ${texts.length} 条消息 (平均 ${averageLength.toFixed(1)} 字), 每项至少 ${MIN_MS / 1000} s, 词典 ${builtinLexicon().keywords.length} 个词`);
  const pipeline = (text: string): number => analyze(text).evidence.length;
  // The comparison baseline: the library automaton over exactly the engine's lexicon terms.
  const library = new AhoCorasick([...builtinLexicon().keywords]);
  const bareScan = (text: string): number => library.matchInText(text).length;
  // Warm up both paths so the JIT compares optimised code with optimised code.
  for (let i = 0; i < 50; i++) for (const text of texts) pipeline(text) + bareScan(text);

  const { value } = await timed('交替测量 裸扫描 / 全流程', async () => compare(texts, bareScan, pipeline));
  const [scan, full] = value;
  const ratio = perSecond(full) / perSecond(scan);
  console.log(`  裸扫描 automaton.matchInText   ${Math.round(perSecond(scan)).toLocaleString('en-US')} 条/s  (${(scan.ms / 1000).toFixed(2)} s)`);
  console.log(`  全流程 analyze()               ${Math.round(perSecond(full)).toLocaleString('en-US')} 条/s  (${(full.ms / 1000).toFixed(2)} s)`);
  console.log(`  比值 全流程/裸扫描             ${ratio.toFixed(2)} (目标 ≥ 0.80)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
