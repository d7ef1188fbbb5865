/**
 * Compiles every lexicon file into ONE Aho-Corasick automaton (double-array, `fast` variant) whose
 * keywords are the normalised terms, plus a map keyword → the lexicon entries it stands for
 * (漏水 is both a problem word and a leak keyword). Built once, at module load.
 */
import { AhoCorasick } from '@monyone/aho-corasick/fast';
import type { EscalationGroup, SentimentTopic } from '@shared/domain/sentiment';
import { ESCALATION_GROUPS, SENTIMENT_TOPICS } from '@shared/domain/sentiment';
import { CONTRAST_MARKERS } from '../lexicon/contrast';
import { DEGREE_ADVERBS, DIMINISHERS } from '../lexicon/degree';
import { EMOJI_POLARITY, SARCASTIC_EMOJI } from '../lexicon/emoji';
import { ESCALATION_TERMS, THREAT_MARKERS } from '../lexicon/escalation';
import { NEGATIVE_TERMS } from '../lexicon/negative';
import { NEGATORS, PROHIBITIVES } from '../lexicon/negators';
import { BLOCKERS, NOTICE_MARKERS } from '../lexicon/notices';
import { POSITIVE_TERMS } from '../lexicon/positive';
import { POLITE_QUESTION_MARKERS } from '../lexicon/questions';
import { IRONIC_PRAISE, SARCASM_MARKERS } from '../lexicon/sarcasm';
import { TOPIC_KEYWORDS } from '../lexicon/topics';
import { normalize } from './normalize';

/** Sentiment-bearing entries: they carry a weight (> 0 negative, < 0 positive). */
export type SentimentEntry =
  | { kind: 'negative'; weight: number }
  | { kind: 'positive'; weight: number }
  | { kind: 'sarcasm'; weight: number }
  | { kind: 'emoji'; weight: number }
  | { kind: 'ironic' }
  | { kind: 'sarcastic-emoji' }
  | { kind: 'escalation'; group: EscalationGroup; direct: boolean };

/** Entries that only shape how sentiment entries count. */
export type ModifierEntry =
  | { kind: 'negator'; prohibitive: boolean }
  | { kind: 'degree'; factor: number; diminisher: boolean }
  | { kind: 'blocker' };

/** Whole-message context flags: never suppressed by a longer term. */
export type ContextEntry = { kind: 'question' } | { kind: 'contrast' } | { kind: 'notice' } | { kind: 'threat' };

export type TopicEntry = { kind: 'topic'; topic: SentimentTopic };

export type LexiconEntry = SentimentEntry | ModifierEntry | ContextEntry | TopicEntry;

export interface LexiconIndex {
  automaton: AhoCorasick;
  entries: ReadonlyMap<string, readonly LexiconEntry[]>;
  /** Normalised keywords, for the bench's bare scan. */
  keywords: readonly string[];
}

export function buildLexiconIndex(): LexiconIndex {
  const entries = new Map<string, LexiconEntry[]>();
  const add = (term: string, entry: LexiconEntry): void => {
    const key = normalize(term).text;
    if (key.length === 0) return;
    const list = entries.get(key);
    if (!list) entries.set(key, [entry]);
    else if (!list.some((e) => sameEntry(e, entry))) list.push(entry);
  };

  for (const [term, weight] of Object.entries(NEGATIVE_TERMS)) add(term, { kind: 'negative', weight });
  for (const [term, weight] of Object.entries(POSITIVE_TERMS)) add(term, { kind: 'positive', weight: -weight });
  for (const [term, weight] of Object.entries(SARCASM_MARKERS)) add(term, { kind: 'sarcasm', weight });
  for (const term of IRONIC_PRAISE) add(term, { kind: 'ironic' });
  for (const [term, weight] of Object.entries(EMOJI_POLARITY)) add(term, { kind: 'emoji', weight });
  for (const term of SARCASTIC_EMOJI) add(term, { kind: 'sarcastic-emoji' });
  for (const group of ESCALATION_GROUPS) {
    for (const term of ESCALATION_TERMS[group].direct) add(term, { kind: 'escalation', group, direct: true });
    for (const term of ESCALATION_TERMS[group].contextual) add(term, { kind: 'escalation', group, direct: false });
  }
  for (const term of NEGATORS) add(term, { kind: 'negator', prohibitive: PROHIBITIVES.includes(term) });
  for (const [term, factor] of Object.entries(DEGREE_ADVERBS)) add(term, { kind: 'degree', factor, diminisher: DIMINISHERS.includes(term) });
  for (const term of BLOCKERS) add(term, { kind: 'blocker' });
  for (const term of POLITE_QUESTION_MARKERS) add(term, { kind: 'question' });
  for (const term of CONTRAST_MARKERS) add(term, { kind: 'contrast' });
  for (const term of NOTICE_MARKERS) add(term, { kind: 'notice' });
  for (const term of THREAT_MARKERS) add(term, { kind: 'threat' });
  for (const topic of SENTIMENT_TOPICS) for (const term of TOPIC_KEYWORDS[topic]) add(term, { kind: 'topic', topic });

  const keywords = [...entries.keys()];
  return { automaton: new AhoCorasick(keywords), entries, keywords };
}

/** Two spellings that normalise alike (谢谢/谢) keep the first entry of each kind. */
function sameEntry(a: LexiconEntry, b: LexiconEntry): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'topic' && b.kind === 'topic') return a.topic === b.topic;
  if (a.kind === 'escalation' && b.kind === 'escalation') return a.group === b.group;
  return true;
}
