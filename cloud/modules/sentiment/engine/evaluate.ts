/**
 * Metrics of the engine against a labelled set (pure: the caller reads the file).
 * Used by the regression test and by `npm run bench:sentiment`.
 */
import type { Analysis, SentimentLevel, SentimentTopic } from '@shared/domain/sentiment';
import { SENTIMENT_LEVELS, SENTIMENT_TOPICS } from '@shared/domain/sentiment';

export interface LabelledMessage {
  text: string;
  negative: boolean;
  level: SentimentLevel;
  topics: SentimentTopic[];
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface Miss {
  text: string;
  expected: { level: SentimentLevel; topics: SentimentTopic[] };
  actual: { level: SentimentLevel; topics: SentimentTopic[] };
}

export interface Evaluation {
  count: number;
  negative: PrecisionRecall;
  high: PrecisionRecall;
  topics: PrecisionRecall;
  levelAccuracy: number;
  misses: Miss[];
}

export function precisionRecall(tp: number, fp: number, fn: number): PrecisionRecall {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, tp, fp, fn };
}

export function evaluate(messages: readonly LabelledMessage[], analyze: (text: string) => Analysis): Evaluation {
  const negative = { tp: 0, fp: 0, fn: 0 };
  const high = { tp: 0, fp: 0, fn: 0 };
  const topics = { tp: 0, fp: 0, fn: 0 };
  let levelHits = 0;
  const misses: Miss[] = [];
  for (const message of messages) {
    const result = analyze(message.text);
    count(negative, message.negative, result.negative);
    count(high, message.level === 'high', result.level === 'high');
    const expected = new Set(message.topics);
    const actual = new Set(result.topics);
    for (const t of actual) if (expected.has(t)) topics.tp++;
    else topics.fp++;
    for (const t of expected) if (!actual.has(t)) topics.fn++;
    if (result.level === message.level) levelHits++;
    const topicsMatch = expected.size === actual.size && [...expected].every((t) => actual.has(t));
    if (result.level !== message.level || !topicsMatch) {
      misses.push({ text: message.text, expected: { level: message.level, topics: message.topics }, actual: { level: result.level, topics: result.topics } });
    }
  }
  return {
    count: messages.length,
    negative: precisionRecall(negative.tp, negative.fp, negative.fn),
    high: precisionRecall(high.tp, high.fp, high.fn),
    topics: precisionRecall(topics.tp, topics.fp, topics.fn),
    levelAccuracy: messages.length === 0 ? 1 : levelHits / messages.length,
    misses,
  };
}

function count(tally: { tp: number; fp: number; fn: number }, expected: boolean, actual: boolean): void {
  if (expected && actual) tally.tp++;
  else if (actual) tally.fp++;
  else if (expected) tally.fn++;
}

/** Parse a JSONL fixture; throws on a malformed line (fixtures are ours). */
export function parseLabelled(jsonl: string): LabelledMessage[] {
  const out: LabelledMessage[] = [];
  for (const line of jsonl.split('\n')) {
    if (line.trim() === '') continue;
    const value: unknown = JSON.parse(line);
    if (!isLabelled(value)) throw new Error(`标注格式错误: ${line}`);
    out.push(value);
  }
  return out;
}

function isLabelled(value: unknown): value is LabelledMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.text === 'string' &&
    typeof v.negative === 'boolean' &&
    typeof v.level === 'string' &&
    (SENTIMENT_LEVELS as readonly string[]).includes(v.level) &&
    Array.isArray(v.topics) &&
    v.topics.every((t) => typeof t === 'string' && (SENTIMENT_TOPICS as readonly string[]).includes(t))
  );
}
