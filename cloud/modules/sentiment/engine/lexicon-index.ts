/**
 * Compiles every lexicon file into ONE Aho-Corasick automaton (automaton.ts) whose keywords are the
 * normalised terms, plus, per keyword, every role the term plays folded together (漏水 is a problem
 * word and a leak keyword; 不太 is a negator and a degree), stored in parallel typed arrays indexed
 * by keyword. Built once, at module load; the per-message code then only reads flat arrays.
 */
import type { EscalationGroup } from '@shared/domain/sentiment';
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
import { type Automaton, buildAutomaton } from './automaton';
import { normalize } from './normalize';

/** What a term contributes to the score, if anything (at most one per term). */
export enum Polarity {
  None = 0,
  Negative = 1,
  Positive = 2,
  Sarcasm = 3,
  Emoji = 4,
  IronicPraise = 5,
  SarcasticEmoji = 6,
}

export class CompiledTerm {
  polarity: Polarity = Polarity.None;
  /** > 0 negative, < 0 positive (for Negative, Positive, Sarcasm, Emoji). */
  weight = 0;
  escalation: EscalationGroup | null = null;
  escalationDirect = false;
  /** 1 << index of `escalation` in ESCALATION_GROUPS, 0 when none. */
  escalationBit = 0;
  negator = false;
  prohibitive = false;
  /** 0 when the term is no degree adverb. */
  degree = 0;
  diminisher = false;
  blocker = false;
  question = false;
  contrast = false;
  notice = false;
  threat = false;
  /** Bit i set = topic SENTIMENT_TOPICS[i]. */
  topics = 0;
  /** Plays a lexical role (sentiment, escalation, modifier, blocker): then a longer term containing it wins. */
  lexical = false;
  /** Starts or ends with a digit: must not touch another digit (110 in 1100). */
  numeric = false;

  constructor(readonly keyword: string) {
    this.numeric = /^[0-9]|[0-9]$/.test(keyword);
  }
}

/** Bits of `TermTable.flags`. */
export const F_LEXICAL = 1;
export const F_NUMERIC = 2;
export const F_NEGATOR = 4;
export const F_PROHIBITIVE = 8;
export const F_DIMINISHER = 16;
export const F_BLOCKER = 32;
export const F_QUESTION = 64;
export const F_CONTRAST = 128;
export const F_NOTICE = 256;
export const F_THREAT = 512;
export const F_ESCALATION_DIRECT = 1024;
/** Any of the context flags that the first pass over the matches reads. */
export const F_CONTEXT = F_QUESTION | F_THREAT | F_NOTICE | F_CONTRAST;

/** Per keyword index, every field of its `CompiledTerm`, flattened. */
export interface TermTable {
  length: Int32Array;
  flags: Int32Array;
  polarity: Uint8Array;
  weight: Float64Array;
  degree: Float64Array;
  /** Index into ESCALATION_GROUPS, -1 when none. */
  escalation: Int8Array;
  escalationBit: Int32Array;
  topics: Int32Array;
}

export interface LexiconIndex {
  automaton: Automaton;
  table: TermTable;
  /** Normalised keywords, in keyword-index order (also the bench's bare-scan lexicon). */
  keywords: readonly string[];
  maxKeywordLength: number;
}

function flatten(compiled: readonly CompiledTerm[]): TermTable {
  const count = compiled.length;
  const table: TermTable = {
    length: new Int32Array(count),
    flags: new Int32Array(count),
    polarity: new Uint8Array(count),
    weight: new Float64Array(count),
    degree: new Float64Array(count),
    escalation: new Int8Array(count),
    escalationBit: new Int32Array(count),
    topics: new Int32Array(count),
  };
  compiled.forEach((t, i) => {
    table.length[i] = t.keyword.length;
    table.flags[i] =
      (t.lexical ? F_LEXICAL : 0) |
      (t.numeric ? F_NUMERIC : 0) |
      (t.negator ? F_NEGATOR : 0) |
      (t.prohibitive ? F_PROHIBITIVE : 0) |
      (t.diminisher ? F_DIMINISHER : 0) |
      (t.blocker ? F_BLOCKER : 0) |
      (t.question ? F_QUESTION : 0) |
      (t.contrast ? F_CONTRAST : 0) |
      (t.notice ? F_NOTICE : 0) |
      (t.threat ? F_THREAT : 0) |
      (t.escalationDirect ? F_ESCALATION_DIRECT : 0);
    table.polarity[i] = t.polarity;
    table.weight[i] = t.weight;
    table.degree[i] = t.degree;
    table.escalation[i] = t.escalation === null ? -1 : ESCALATION_GROUPS.indexOf(t.escalation);
    table.escalationBit[i] = t.escalationBit;
    table.topics[i] = t.topics;
  });
  return table;
}

export function buildLexiconIndex(): LexiconIndex {
  const terms = new Map<string, CompiledTerm>();
  const term = (raw: string): CompiledTerm | null => {
    const key = normalize(raw).text;
    if (key.length === 0) return null;
    let compiled = terms.get(key);
    if (!compiled) terms.set(key, (compiled = new CompiledTerm(key)));
    return compiled;
  };
  // The first file that gives a term a polarity wins (谢谢 before 谢 keeps 谢谢's weight).
  const polar = (raw: string, polarity: Polarity, weight: number): void => {
    const t = term(raw);
    if (!t || t.polarity !== Polarity.None) return;
    t.polarity = polarity;
    t.weight = weight;
    t.lexical = true;
  };

  for (const [raw, weight] of Object.entries(NEGATIVE_TERMS)) polar(raw, Polarity.Negative, weight);
  for (const [raw, weight] of Object.entries(POSITIVE_TERMS)) polar(raw, Polarity.Positive, -weight);
  for (const [raw, weight] of Object.entries(SARCASM_MARKERS)) polar(raw, Polarity.Sarcasm, weight);
  for (const raw of IRONIC_PRAISE) polar(raw, Polarity.IronicPraise, 0);
  for (const [raw, weight] of Object.entries(EMOJI_POLARITY)) polar(raw, weight > 0 ? Polarity.Emoji : Polarity.Positive, weight);
  for (const raw of SARCASTIC_EMOJI) polar(raw, Polarity.SarcasticEmoji, 0);
  for (const group of ESCALATION_GROUPS) {
    const { direct, contextual } = ESCALATION_TERMS[group];
    for (const [list, isDirect] of [[direct, true], [contextual, false]] as const) {
      for (const raw of list) {
        const t = term(raw);
        if (!t || t.escalation) continue;
        t.escalation = group;
        t.escalationDirect = isDirect;
        t.escalationBit = 1 << ESCALATION_GROUPS.indexOf(group);
        t.lexical = true;
      }
    }
  }
  for (const raw of NEGATORS) {
    const t = term(raw);
    if (t) Object.assign(t, { negator: true, prohibitive: PROHIBITIVES.includes(raw), lexical: true });
  }
  for (const [raw, factor] of Object.entries(DEGREE_ADVERBS)) {
    const t = term(raw);
    if (t) Object.assign(t, { degree: factor, diminisher: DIMINISHERS.includes(raw), lexical: true });
  }
  for (const raw of BLOCKERS) {
    const t = term(raw);
    if (t) Object.assign(t, { blocker: true, lexical: true });
  }
  for (const raw of POLITE_QUESTION_MARKERS) {
    const t = term(raw);
    if (t) t.question = true;
  }
  for (const raw of CONTRAST_MARKERS) {
    const t = term(raw);
    if (t) t.contrast = true;
  }
  for (const raw of NOTICE_MARKERS) {
    const t = term(raw);
    if (t) t.notice = true;
  }
  for (const raw of THREAT_MARKERS) {
    const t = term(raw);
    if (t) t.threat = true;
  }
  SENTIMENT_TOPICS.forEach((topic, bit) => {
    for (const raw of TOPIC_KEYWORDS[topic]) {
      const t = term(raw);
      if (t) t.topics |= 1 << bit;
    }
  });

  const keywords = [...terms.keys()];
  const maxKeywordLength = keywords.reduce((max, k) => Math.max(max, k.length), 0);
  return { automaton: buildAutomaton(keywords), table: flatten([...terms.values()]), keywords, maxKeywordLength };
}
