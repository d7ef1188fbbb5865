/**
 * Compiles every lexicon file — plus the idioms, the rules (lexicon/rules.ts) and a community's
 * overlay entries — into ONE Aho-Corasick automaton (automaton.ts) whose keywords are the
 * normalised terms, plus, per keyword, every role the term plays folded together (漏水 is a problem
 * word and a leak keyword; 不太 is a negator and a degree), stored in parallel typed arrays indexed
 * by keyword. Rules get tables of their own (which keyword anchors which pattern, which keyword is
 * which slot of which co-occurrence rule) and one synthetic term each (indices after the
 * keywords) that carries the verdict of a fired rule. The built-in lexicon is compiled once at
 * module load; an overlay compiles the built-in lexicon again with its entries on top (overlay
 * entries win over built-in roles for the same text). The per-message code only reads flat arrays.
 */
import { createHash } from 'node:crypto';
import type { EscalationGroup, SentimentTopic } from '@shared/domain/sentiment';
import { ESCALATION_GROUPS, SENTIMENT_TOPICS } from '@shared/domain/sentiment';
import type { LexiconEntry } from '@shared/domain/sentiment-lexicon';
import { entryProblem, PATTERN_GAP, parsePattern } from '@shared/domain/sentiment-lexicon';
import * as contrastFile from '../lexicon/contrast';
import * as degreeFile from '../lexicon/degree';
import * as emojiFile from '../lexicon/emoji';
import * as escalationFile from '../lexicon/escalation';
import { IDIOMS } from '../lexicon/idioms';
import * as negativeFile from '../lexicon/negative';
import * as negatorsFile from '../lexicon/negators';
import * as noticesFile from '../lexicon/notices';
import * as positiveFile from '../lexicon/positive';
import * as questionsFile from '../lexicon/questions';
import { CO_OCCURRENCE_RULES, ENTRY_WEIGHTS, PATTERNS, type CooccurrenceRule } from '../lexicon/rules';
import * as rulesFile from '../lexicon/rules';
import * as sarcasmFile from '../lexicon/sarcasm';
import * as topicsFile from '../lexicon/topics';
import { CONTRAST_MARKERS } from '../lexicon/contrast';
import { DEGREE_ADVERBS, DIMINISHERS } from '../lexicon/degree';
import { EMOJI_POLARITY, SARCASTIC_EMOJI } from '../lexicon/emoji';
import { ESCALATION_TERMS, THREAT_MARKERS } from '../lexicon/escalation';
import { NEGATIVE_TERMS } from '../lexicon/negative';
import { NEGATION_STOPS, NEGATORS, NOT_NEGATORS, PROHIBITIVES } from '../lexicon/negators';
import { BLOCKERS, CALM_MARKERS, ELSEWHERE_MARKERS, NOTICE_MARKERS } from '../lexicon/notices';
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
  /** A negator's scope ends here (就, 而是). */
  scopeStop = false;
  /** A reassurance frame (CALM_MARKERS: 大家放心) or a mention of elsewhere (ELSEWHERE_MARKERS: 隔壁小区). */
  calm = false;
  elsewhere = false;
  /** A `topic` entry: the topic keywords inside it count for nothing, its own topics count. */
  topicOverride = false;
  /** An everyday word that contains a rule's part without meaning it (楼梯, 倒垃圾), or a benign entry. */
  exclusion = false;
  /** Patterns anchored on this keyword (indices into LexiconIndex.patterns). */
  anchors: number[] = [];
  /** Co-occurrence slots this keyword fills: rule index, slot index, group index (-1) and topic bits. */
  parts: Array<{ rule: number; slot: number; group: number; topics: number }> = [];

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
export const F_SCOPE_STOP = 2048;
export const F_TOPIC_OVERRIDE = 4096;
export const F_EXCLUSION = 8192;
export const F_ANCHOR = 16384;
export const F_PART = 32768;
export const F_CALM = 65536;
export const F_ELSEWHERE = 131072;
/** Either frame flag (read before the number-boundary check: a frame is matched as plain text). */
export const F_FRAME = F_CALM | F_ELSEWHERE;
/** Any of the context flags that the first pass over the matches reads. */
export const F_CONTEXT = F_QUESTION | F_THREAT | F_NOTICE | F_CONTRAST | F_SCOPE_STOP | F_TOPIC_OVERRIDE | F_EXCLUSION | F_ANCHOR | F_PART;

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

/** A compiled slot template: per part its normalised alternatives, or null for a gap. */
export interface CompiledPattern {
  parts: ReadonlyArray<readonly string[] | null>;
  /** The part whose alternatives are the automaton keywords that trigger the pattern. */
  anchor: number;
  /** Synthetic term carrying the verdict (level weight or escalation group). */
  term: number;
  topics: number;
  /** Longest span it can match. */
  maxSpan: number;
}

export interface CompiledCooccurrence {
  slots: number;
  maxSpan: number;
  /** Synthetic term per escalation group index (for `high`), or one term at index 0 otherwise. */
  groupTerm: Int32Array;
  /** Group index when no matched word names one (-1 for a non-high rule). */
  defaultGroup: number;
  topics: number;
}

export interface RuleTables {
  patterns: readonly CompiledPattern[];
  /** Patterns anchored on keyword k: anchorPatterns[anchorStart[k] .. anchorStart[k + 1]]. */
  anchorStart: Int32Array;
  anchorPatterns: Int32Array;
  cooccurrences: readonly CompiledCooccurrence[];
  /** Slots keyword k fills: index range partStart[k] .. partStart[k + 1] of the part arrays. */
  partStart: Int32Array;
  partRule: Int32Array;
  partSlot: Int32Array;
  partGroup: Int8Array;
  partTopics: Int32Array;
  /** Longest span a pattern or rule instance can cover (bounds the containment scan). */
  maxRuleSpan: number;
  /**
   * The patterns flattened (the per-message matcher reads only these small typed arrays, not
   * the pattern objects and their alternative strings scattered on the heap):
   * pattern i has the global parts patternPartStart[i] .. patternPartStart[i + 1], its anchor
   * part is patternAnchorPart[i] (global index), its verdict term patternTerm[i] and topics
   * patternTopics[i]; part q is a gap when partGap[q], else its alternatives are
   * partAltStart[q] .. partAltStart[q + 1], alternative a being the code units
   * altCodes[altCodeStart[a] .. altCodeStart[a + 1]] (in the order written: the first that
   * completes the match decides its span).
   */
  patternPartStart: Int32Array;
  patternAnchorPart: Int32Array;
  patternTerm: Int32Array;
  patternTopics: Int32Array;
  partGap: Uint8Array;
  partAltStart: Int32Array;
  altCodeStart: Int32Array;
  altCodes: Uint16Array;
  /** Per part, 64-bit filters (two int32 words) of its alternatives' first and last code units (filterBit). */
  partFirstBits: Int32Array;
  partLastBits: Int32Array;
}

/**
 * Bit (0..63) of code unit c in a part's 64-bit filter of first / last code units (partFirstBits,
 * partLastBits: two int32 words per part). A clear bit means no alternative of the part starts /
 * ends with c, so the matcher skips the part's alternatives (and a gap the position) at one read.
 */
export function filterBit(c: number): number {
  return Math.imul(c, 0x9e3779b1) >>> 26;
}

export interface LexiconIndex {
  automaton: Automaton;
  /** Per term: keywords first (the automaton's indices), then the rules' synthetic terms. */
  table: TermTable;
  /** Normalised keywords, in keyword-index order (also the bench's bare-scan lexicon). */
  keywords: readonly string[];
  maxKeywordLength: number;
  rules: RuleTables;
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
      (t.escalationDirect ? F_ESCALATION_DIRECT : 0) |
      (t.scopeStop ? F_SCOPE_STOP : 0) |
      (t.topicOverride ? F_TOPIC_OVERRIDE : 0) |
      (t.exclusion ? F_EXCLUSION : 0) |
      (t.anchors.length > 0 ? F_ANCHOR : 0) |
      (t.parts.length > 0 ? F_PART : 0) |
      (t.calm ? F_CALM : 0) |
      (t.elsewhere ? F_ELSEWHERE : 0);
    table.polarity[i] = t.polarity;
    table.weight[i] = t.weight;
    table.degree[i] = t.degree;
    table.escalation[i] = t.escalation === null ? -1 : ESCALATION_GROUPS.indexOf(t.escalation);
    table.escalationBit[i] = t.escalationBit;
    table.topics[i] = t.topics;
  });
  return table;
}

/** Bits of a topic list (bit i = SENTIMENT_TOPICS[i]). */
function topicBitsOf(topics: readonly SentimentTopic[] | undefined): number {
  let bits = 0;
  for (const topic of topics ?? []) {
    const i = SENTIMENT_TOPICS.indexOf(topic);
    if (i >= 0) bits |= 1 << i;
  }
  return bits;
}

/** Drops every role a term plays in the sentiment score (an overlay entry wins over them). */
function resetRoles(t: CompiledTerm): void {
  Object.assign(t, {
    polarity: Polarity.None,
    weight: 0,
    escalation: null,
    escalationDirect: false,
    escalationBit: 0,
    negator: false,
    prohibitive: false,
    degree: 0,
    diminisher: false,
    blocker: false,
    question: false,
    contrast: false,
    notice: false,
    threat: false,
    scopeStop: false,
    lexical: false,
    exclusion: false,
  });
}

/** Gives a term the verdict of a `phrase` / `pattern` entry or a rule: a level weight, or a direct escalation. */
function setVerdict(t: CompiledTerm, level: 'low' | 'medium' | 'high', group: EscalationGroup | undefined): void {
  resetRoles(t);
  t.lexical = true;
  if (level === 'high') {
    const g = group ?? 'collective';
    t.escalation = g;
    t.escalationDirect = true;
    t.escalationBit = 1 << ESCALATION_GROUPS.indexOf(g);
  } else {
    t.polarity = Polarity.Negative;
    t.weight = ENTRY_WEIGHTS[level];
  }
}

export function buildLexiconIndex(overlay: readonly LexiconEntry[] = []): LexiconIndex {
  const terms = new Map<string, CompiledTerm>();
  const term = (raw: string): CompiledTerm | null => {
    const key = normalize(raw.trim()).text;
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
  for (const raw of NOT_NEGATORS) {
    const t = term(raw);
    if (t) t.lexical = true;
  }
  for (const raw of NEGATION_STOPS) {
    const t = term(raw);
    if (t) t.scopeStop = true;
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
  // Context frames only (no role of their own): recognised by the scan instead of a second pass
  // over the message's characters.
  for (const raw of CALM_MARKERS) {
    const t = term(raw);
    if (t) t.calm = true;
  }
  for (const raw of ELSEWHERE_MARKERS) {
    const t = term(raw);
    if (t) t.elsewhere = true;
  }
  SENTIMENT_TOPICS.forEach((topic, bit) => {
    for (const raw of TOPIC_KEYWORDS[topic]) {
      const t = term(raw);
      if (t) t.topics |= 1 << bit;
    }
  });

  // Rules: synthetic terms get their final indices (after the keywords) at the end.
  const synthetic: CompiledTerm[] = [];
  const newSynthetic = (): number => {
    synthetic.push(new CompiledTerm(''));
    return synthetic.length - 1;
  };
  const cooccurrences = CO_OCCURRENCE_RULES.map((rule, r) => compileCooccurrence(rule, r, term, newSynthetic, synthetic));

  const patterns: CompiledPattern[] = [];
  const patternByText = new Map<string, number>();
  const applyEntry = (entry: LexiconEntry): void => {
    if (entryProblem(entry) !== null) return;
    if (entry.kind === 'pattern') {
      const known = patternByText.get(entry.text.trim());
      if (known !== undefined) {
        const p = patterns[known];
        setVerdict(synthetic[p.term], entry.level, entry.group);
        p.topics = topicBitsOf(entry.topics);
        return;
      }
      const compiled = compilePattern(entry.text, term, patterns.length);
      if (!compiled) return;
      compiled.term = newSynthetic();
      setVerdict(synthetic[compiled.term], entry.level, entry.group);
      compiled.topics = topicBitsOf(entry.topics);
      patternByText.set(entry.text.trim(), patterns.length);
      patterns.push(compiled);
      return;
    }
    const t = term(entry.text);
    if (!t) return;
    if (entry.kind === 'phrase') {
      setVerdict(t, entry.level, entry.group);
      if (entry.topics.length > 0) t.topics = topicBitsOf(entry.topics);
    } else if (entry.kind === 'benign') {
      resetRoles(t);
      t.lexical = true;
      t.exclusion = true;
    } else {
      t.topics = topicBitsOf(entry.topics);
      t.topicOverride = true;
    }
  };
  for (const entry of IDIOMS) applyEntry(entry);
  for (const entry of PATTERNS) applyEntry(entry);
  for (const entry of overlay) applyEntry(entry);

  const keywords = [...terms.keys()];
  const compiledTerms = [...terms.values()];
  const offset = keywords.length;
  for (const p of patterns) p.term += offset;
  for (const c of cooccurrences) for (let g = 0; g < c.groupTerm.length; g++) if (c.groupTerm[g] >= 0) c.groupTerm[g] += offset;
  const maxKeywordLength = keywords.reduce((max, k) => Math.max(max, k.length), 0);
  const rules = ruleTables(compiledTerms, patterns, cooccurrences);
  return { automaton: buildAutomaton(keywords), table: flatten([...compiledTerms, ...synthetic]), keywords, maxKeywordLength, rules };
}

function compileCooccurrence(
  rule: CooccurrenceRule,
  r: number,
  term: (raw: string) => CompiledTerm | null,
  newSynthetic: () => number,
  synthetic: CompiledTerm[],
): CompiledCooccurrence {
  const groupTerm = new Int32Array(ESCALATION_GROUPS.length).fill(-1);
  const defaultGroup = rule.level === 'high' ? ESCALATION_GROUPS.indexOf(rule.group ?? 'collective') : -1;
  const synthFor = (g: number): void => {
    if (groupTerm[g] >= 0) return;
    groupTerm[g] = newSynthetic();
    setVerdict(synthetic[groupTerm[g]], rule.level, rule.level === 'high' ? ESCALATION_GROUPS[g] : undefined);
  };
  synthFor(Math.max(0, defaultGroup));
  rule.slots.forEach((slot, s) => {
    for (const word of slot.words) {
      const spec = typeof word === 'string' ? { text: word } : word;
      const t = term(spec.text);
      if (!t) continue;
      const group = rule.level === 'high' && spec.group ? ESCALATION_GROUPS.indexOf(spec.group) : -1;
      if (group >= 0) synthFor(group);
      t.parts.push({ rule: r, slot: s, group, topics: topicBitsOf(spec.topics) });
    }
  });
  for (const raw of rule.exclusions ?? []) {
    const t = term(raw);
    if (t) t.exclusion = true;
  }
  return { slots: rule.slots.length, maxSpan: rule.maxSpan ?? 0, groupTerm, defaultGroup, topics: topicBitsOf(rule.topics) };
}

/** Parses and normalises a pattern; its anchor part is the one with the longest shortest alternative. */
function compilePattern(text: string, term: (raw: string) => CompiledTerm | null, index: number): CompiledPattern | null {
  const parsed = parsePattern(text.trim());
  if (!parsed.ok) return null;
  const parts: Array<string[] | null> = [];
  for (const part of parsed.parts) {
    if ('gap' in part) {
      parts.push(null);
      continue;
    }
    const alternatives = [...new Set(part.alternatives.map((a) => normalize(a.trim()).text).filter((a) => a.length > 0))];
    if (alternatives.length === 0) return null;
    parts.push(alternatives);
  }
  let anchor = -1;
  let best = -1;
  parts.forEach((alternatives, i) => {
    if (!alternatives) return;
    const score = Math.min(...alternatives.map((a) => a.length)) * 100 - alternatives.length;
    if (score > best) {
      best = score;
      anchor = i;
    }
  });
  if (anchor < 0) return null;
  for (const alternative of parts[anchor] ?? []) term(alternative)?.anchors.push(index);
  const maxSpan = parts.reduce((sum, alternatives) => sum + (alternatives ? Math.max(...alternatives.map((a) => a.length)) : PATTERN_GAP), 0);
  return { parts, anchor, term: -1, topics: 0, maxSpan };
}

function ruleTables(terms: readonly CompiledTerm[], patterns: readonly CompiledPattern[], cooccurrences: readonly CompiledCooccurrence[]): RuleTables {
  const count = terms.length;
  const anchorStart = new Int32Array(count + 1);
  const partStart = new Int32Array(count + 1);
  let anchors = 0;
  let parts = 0;
  for (let k = 0; k < count; k++) {
    anchorStart[k] = anchors;
    partStart[k] = parts;
    anchors += terms[k].anchors.length;
    parts += terms[k].parts.length;
  }
  anchorStart[count] = anchors;
  partStart[count] = parts;
  const anchorPatterns = new Int32Array(anchors);
  const partRule = new Int32Array(parts);
  const partSlot = new Int32Array(parts);
  const partGroup = new Int8Array(parts);
  const partTopics = new Int32Array(parts);
  for (let k = 0; k < count; k++) {
    anchorPatterns.set(terms[k].anchors, anchorStart[k]);
    terms[k].parts.forEach((p, i) => {
      const at = partStart[k] + i;
      partRule[at] = p.rule;
      partSlot[at] = p.slot;
      partGroup[at] = p.group;
      partTopics[at] = p.topics;
    });
  }
  const maxRuleSpan = Math.max(0, ...patterns.map((p) => p.maxSpan), ...cooccurrences.map((c) => c.maxSpan));
  const flat = flattenPatterns(patterns);
  return { patterns, anchorStart, anchorPatterns, cooccurrences, partStart, partRule, partSlot, partGroup, partTopics, maxRuleSpan, ...flat };
}

function flattenPatterns(patterns: readonly CompiledPattern[]): Pick<
  RuleTables,
  'patternPartStart' | 'patternAnchorPart' | 'patternTerm' | 'patternTopics' | 'partGap' | 'partAltStart' | 'altCodeStart' | 'altCodes' | 'partFirstBits' | 'partLastBits'
> {
  const partCount = patterns.reduce((sum, p) => sum + p.parts.length, 0);
  const altCount = patterns.reduce((sum, p) => sum + p.parts.reduce((n, a) => n + (a ? a.length : 0), 0), 0);
  const codeCount = patterns.reduce((sum, p) => sum + p.parts.reduce((n, a) => n + (a ? a.reduce((l, x) => l + x.length, 0) : 0), 0), 0);
  const patternPartStart = new Int32Array(patterns.length + 1);
  const patternAnchorPart = new Int32Array(patterns.length);
  const patternTerm = new Int32Array(patterns.length);
  const patternTopics = new Int32Array(patterns.length);
  const partGap = new Uint8Array(partCount);
  const partAltStart = new Int32Array(partCount + 1);
  const altCodeStart = new Int32Array(altCount + 1);
  const altCodes = new Uint16Array(codeCount);
  const partFirstBits = new Int32Array(2 * partCount);
  const partLastBits = new Int32Array(2 * partCount);
  let q = 0;
  let a = 0;
  let c = 0;
  patterns.forEach((p, i) => {
    patternPartStart[i] = q;
    patternAnchorPart[i] = q + p.anchor;
    patternTerm[i] = p.term;
    patternTopics[i] = p.topics;
    for (const alternatives of p.parts) {
      partAltStart[q] = a;
      if (alternatives === null) partGap[q] = 1;
      for (const alternative of alternatives ?? []) {
        altCodeStart[a++] = c;
        for (let k = 0; k < alternative.length; k++) altCodes[c++] = alternative.charCodeAt(k);
        const first = filterBit(alternative.charCodeAt(0));
        const last = filterBit(alternative.charCodeAt(alternative.length - 1));
        partFirstBits[2 * q + (first >>> 5)] |= 1 << (first & 31);
        partLastBits[2 * q + (last >>> 5)] |= 1 << (last & 31);
      }
      q++;
    }
  });
  patternPartStart[patterns.length] = q;
  partAltStart[q] = a;
  altCodeStart[a] = c;
  return { patternPartStart, patternAnchorPart, patternTerm, patternTopics, partGap, partAltStart, altCodeStart, altCodes, partFirstBits, partLastBits };
}

/** JSON with sorted keys: the same content gives the same text whatever the module loader. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .filter((k) => k !== '__esModule' && record[k] !== undefined && typeof record[k] !== 'function')
      .map((k) => `${JSON.stringify(k)}:${stableStringify(record[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * First 8 hex digits of the SHA-1 of the built-in lexicon's content: every lexicon file's exports
 * (terms, weights, rules, idioms). A release that changes any of them changes the version.
 */
export function builtinLexiconHash(): string {
  const content = stableStringify({
    contrast: { ...contrastFile },
    degree: { ...degreeFile },
    emoji: { ...emojiFile },
    escalation: { ...escalationFile },
    idioms: IDIOMS,
    negative: { ...negativeFile },
    negators: { ...negatorsFile },
    notices: { ...noticesFile },
    positive: { ...positiveFile },
    questions: { ...questionsFile },
    rules: { ...rulesFile },
    sarcasm: { ...sarcasmFile },
    topics: { ...topicsFile },
  });
  return createHash('sha1').update(content).digest('hex').slice(0, 8);
}
