/**
 * The rule-based sentiment engine: normalise and scan in one loop → resolve overlapping terms →
 * negation, degree, contrast, sarcasm, question and notice rules → level, topics, evidence.
 * Pure: no I/O. The automaton and the per-term tables are built once when this module loads.
 * The per-message work runs on module-level typed scratch arrays (the function is synchronous,
 * so they are never shared) and allocates nothing but the returned Analysis and its evidence.
 */
import type { Analysis, EscalationGroup, Evidence, EvidenceKind, SentimentLevel, SentimentTopic } from '@shared/domain/sentiment';
import * as domain from '@shared/domain/sentiment';
import * as contrast from '../lexicon/contrast';
import * as degree from '../lexicon/degree';
import * as escalation from '../lexicon/escalation';
import * as negators from '../lexicon/negators';
import * as notices from '../lexicon/notices';
import * as questions from '../lexicon/questions';
import * as sarcasm from '../lexicon/sarcasm';
import { CHAR_TABLE } from './char-table';
import * as lexiconIndex from './lexicon-index';
import { Polarity } from './lexicon-index';
import * as normalizeModule from './normalize';

// Imported bindings copied to module constants once: transpiled ES-module imports are property
// getters, and the hot loops read them per character or per match.
const ESCALATION_GROUPS = domain.ESCALATION_GROUPS;
const SENTIMENT_TOPICS = domain.SENTIMENT_TOPICS;
const AFTER_CONTRAST = contrast.AFTER_CONTRAST;
const BEFORE_CONTRAST = contrast.BEFORE_CONTRAST;
const DIMINISHED_MAX = degree.DIMINISHED_MAX;
const DIMINISHER_ALONE_WEIGHT = degree.DIMINISHER_ALONE_WEIGHT;
const ESCALATION_WEIGHT = escalation.ESCALATION_WEIGHT;
const NEGATION_WINDOW = negators.NEGATION_WINDOW;
const PROHIBITED_NEGATIVE = negators.PROHIBITED_NEGATIVE;
const NOTICE_DAMPING = notices.NOTICE_DAMPING;
const NOTICE_PREFIX_CHARS = notices.NOTICE_PREFIX_CHARS;
const QUESTION_DAMPING = questions.QUESTION_DAMPING;
const IRONIC_PRAISE_WEIGHT = sarcasm.IRONIC_PRAISE_WEIGHT;
const TABLE = CHAR_TABLE;
const MAX_ANALYSED_CHARS = normalizeModule.MAX_ANALYSED_CHARS;
const F_BLOCKER = lexiconIndex.F_BLOCKER;
const F_CONTEXT = lexiconIndex.F_CONTEXT;
const F_CONTRAST = lexiconIndex.F_CONTRAST;
const F_DIMINISHER = lexiconIndex.F_DIMINISHER;
const F_ESCALATION_DIRECT = lexiconIndex.F_ESCALATION_DIRECT;
const F_LEXICAL = lexiconIndex.F_LEXICAL;
const F_NEGATOR = lexiconIndex.F_NEGATOR;
const F_NOTICE = lexiconIndex.F_NOTICE;
const F_NUMERIC = lexiconIndex.F_NUMERIC;
const F_PROHIBITIVE = lexiconIndex.F_PROHIBITIVE;
const F_QUESTION = lexiconIndex.F_QUESTION;
const F_THREAT = lexiconIndex.F_THREAT;
const NONE = Polarity.None;
const NEGATIVE = Polarity.Negative;
const POSITIVE = Polarity.Positive;
const SARCASM = Polarity.Sarcasm;
const EMOJI = Polarity.Emoji;
const IRONIC_PRAISE = Polarity.IronicPraise;
const SARCASTIC_EMOJI = Polarity.SarcasticEmoji;

export const LEXICON = lexiconIndex.buildLexiconIndex();
const MAX_TERM_LENGTH = LEXICON.maxKeywordLength;
const AUTOMATON = LEXICON.automaton;
const CLASS_OF = AUTOMATON.classOf;
const ROOT_NEXT = AUTOMATON.rootNext;
const EDGE_START = AUTOMATON.edgeStart;
const EDGE_CLASS = AUTOMATON.edgeClass;
const EDGE_NEXT = AUTOMATON.edgeNext;
const FAIL = AUTOMATON.fail;
const OUT_START = AUTOMATON.outStart;
const OUT_TERMS = AUTOMATON.outTerms;
const TERM_LENGTH = LEXICON.table.length;
const TERM_FLAGS = LEXICON.table.flags;
const TERM_POLARITY = LEXICON.table.polarity;
const TERM_WEIGHT = LEXICON.table.weight;
const TERM_DEGREE = LEXICON.table.degree;
const TERM_ESCALATION = LEXICON.table.escalation;
const TERM_ESCALATION_BIT = LEXICON.table.escalationBit;
const TERM_TOPICS = LEXICON.table.topics;

/** Thresholds on the net negativity. */
const LOW_AT = 0.8;
const MEDIUM_AT = 2;
/** A single term this strong is a complaint even inside a polite question. */
const STRONG_TERM = 2;
/** Negated negative terms turn slightly positive (不差); negated positives turn negative (不及时). */
const NEGATED_NEGATIVE = -0.3;
const NEGATED_POSITIVE = 0.9;
/** Positives offset only part of the negatives: thanks never erase a complaint. */
const POSITIVE_OFFSET = 0.5;
const SARCASTIC_FLIP = 0.8;
const SARCASTIC_EMOJI_WEIGHT = 1;
const SINCERE_IRONIC_PRAISE = -1;
const EMPHASIS_FACTOR = 1.25;
/** Contextual escalation terms need at least this much other negativity (or a threat, or a direct term). */
const CONTEXTUAL_ESCALATION_AT = 0.5;

// Scratch space, allocated once (the function is synchronous, so it is never shared):
// - codes / source: the normalised code units and, for each, its index in the original text
//   (source[n] = analysed length, so the original end of normalised char j is source[j + 1]);
// - matchTerm / matchEnd: every raw automaton match (keyword index, normalised end);
// - starts / ends / lexTerm …: the message's lexical matches (sentiment, escalation, modifiers,
//   blockers); topicStarts …: its topic matches. Context-only matches (请问, 但是, 通知:) set flags.
const codes = new Uint16Array(MAX_ANALYSED_CHARS);
const source = new Int32Array(MAX_ANALYSED_CHARS + 1);
const MATCH_CAPACITY = MAX_ANALYSED_CHARS * Math.max(1, AUTOMATON.maxOutputs);
const matchTerm = new Int32Array(MATCH_CAPACITY);
const matchEnd = new Int32Array(MATCH_CAPACITY);
const starts = new Int32Array(MATCH_CAPACITY);
const ends = new Int32Array(MATCH_CAPACITY);
const lexTerm = new Int32Array(MATCH_CAPACITY);
const used = new Uint8Array(MATCH_CAPACITY);
const negated = new Uint8Array(MATCH_CAPACITY);
const weights = new Float64Array(MATCH_CAPACITY);
const topicStarts = new Int32Array(MATCH_CAPACITY);
const topicEnds = new Int32Array(MATCH_CAPACITY);
const topicBits = new Int32Array(MATCH_CAPACITY);
// Evidence queued before it is built: original span and what it is (lexical match index i ≥ 0,
// or -1 - topic index), then the order by position. Grown on demand (a topic match can carry
// several topics).
let evidenceCapacity = 0;
let evidenceStart = new Int32Array(0);
let evidenceEnd = new Int32Array(0);
let evidenceRef = new Int32Array(0);
let evidenceOrder = new Int32Array(0);
let evidenceCount = 0;

function ensureEvidenceCapacity(needed: number): void {
  if (needed <= evidenceCapacity) return;
  evidenceCapacity = Math.max(needed, evidenceCapacity * 2, 256);
  evidenceStart = new Int32Array(evidenceCapacity);
  evidenceEnd = new Int32Array(evidenceCapacity);
  evidenceRef = new Int32Array(evidenceCapacity);
  evidenceOrder = new Int32Array(evidenceCapacity);
}

/** ! ? and their full-width forms: two in a row already count as emphasis. */
function isMark(c: number): boolean {
  return c === 0x21 || c === 0x3f || c === 0xff01 || c === 0xff1f;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a);
}

// Outputs of the fused scan besides the scratch arrays.
let normalizedLength = 0;
let matchCount = 0;
let emphasis = 0;

/**
 * Normalise and scan in one loop, with no intermediate string: per code unit the CHAR_TABLE
 * lookup, the repeat collapse of normalize.ts (runs of three or more identical characters keep
 * two, except ASCII letters and digits; emphasis counted the same way), then one automaton step
 * on the kept code unit, recording every keyword that ends there.
 */
function scan(input: string): void {
  const length = input.length < MAX_ANALYSED_CHARS ? input.length : MAX_ANALYSED_CHARS;
  const table = TABLE;
  const classOf = CLASS_OF;
  const rootNext = ROOT_NEXT;
  const edgeStart = EDGE_START;
  const edgeClass = EDGE_CLASS;
  const edgeNext = EDGE_NEXT;
  const fail = FAIL;
  const outStart = OUT_START;
  const outTerms = OUT_TERMS;
  let n = 0;
  let m = 0;
  let marks = 0;
  let previous = -1;
  let run = 0;
  let state = 0;
  for (let i = 0; i < length; i++) {
    const c = table[input.charCodeAt(i)];
    if (c === previous) {
      run++;
      if (!isAsciiAlnum(c)) {
        if (run === 3 || (run === 2 && isMark(c))) marks++;
        if (run > 2) continue;
      }
    } else {
      previous = c;
      run = 1;
    }
    codes[n] = c;
    source[n] = i;
    n++;
    const cls = classOf[c];
    if (cls === 0) {
      state = 0;
      continue;
    }
    // Goto with failure links; the root has a dense row.
    let s = state;
    let next = 0;
    while (s !== 0) {
      const last = edgeStart[s + 1];
      let e = edgeStart[s];
      while (e < last && edgeClass[e] !== cls) e++;
      if (e < last) {
        next = edgeNext[e];
        break;
      }
      s = fail[s];
    }
    if (s === 0) next = rootNext[cls];
    state = next;
    const outEnd = outStart[next + 1];
    for (let k = outStart[next]; k < outEnd; k++) {
      matchTerm[m] = outTerms[k];
      matchEnd[m] = n;
      m++;
    }
  }
  source[n] = length;
  normalizedLength = n;
  matchCount = m;
  emphasis = marks;
}

export function analyze(text: string): Analysis {
  const input = typeof text === 'string' ? text : '';
  scan(input);
  const length = normalizedLength;
  const matches = matchCount;
  const termLength = TERM_LENGTH;
  const termFlags = TERM_FLAGS;
  const termTopics = TERM_TOPICS;

  // 1. One pass over the matches (ordered by end; for one end, longest first): context flags,
  //    topic matches, and lexical matches into the scratch arrays.
  let n = 0;
  let topicCount = 0;
  let question = false;
  let notice = false;
  let threat = false;
  let blockers = false;
  let contrastStart = -1;
  let contrastEnd = -1;
  for (let k = 0; k < matches; k++) {
    const t = matchTerm[k];
    const end = matchEnd[k];
    const begin = end - termLength[t];
    const flags = termFlags[t];
    if ((flags & F_NUMERIC) !== 0 && !numberBoundaryOk(length, begin, end)) continue;
    if ((flags & F_CONTEXT) !== 0) {
      if ((flags & F_QUESTION) !== 0) question = true;
      if ((flags & F_THREAT) !== 0) threat = true;
      if ((flags & F_NOTICE) !== 0 && begin < NOTICE_PREFIX_CHARS) notice = true;
      if ((flags & F_CONTRAST) !== 0 && (begin > contrastStart || (begin === contrastStart && end > contrastEnd))) {
        contrastStart = begin;
        contrastEnd = end;
      }
    }
    const bits = termTopics[t];
    if (bits !== 0) {
      topicStarts[topicCount] = begin;
      topicEnds[topicCount] = end;
      topicBits[topicCount++] = bits;
    }
    if ((flags & F_LEXICAL) === 0) continue;
    if ((flags & F_BLOCKER) !== 0) blockers = true;
    starts[n] = begin;
    ends[n] = end;
    lexTerm[n] = t;
    n++;
  }

  // 2. A lexical term inside a longer one is dropped (满意 in 不满意, 报警 in 报警器, 不 in 没人管).
  //    Survivors are compacted in place, keeping their order (by end).
  let kept = 0;
  for (let i = 0; i < n; i++) {
    if (containedInLonger(i, n)) continue;
    starts[kept] = starts[i];
    ends[kept] = ends[i];
    lexTerm[kept] = lexTerm[i];
    weights[kept] = 0;
    negated[kept] = 0;
    used[kept] = 0;
    kept++;
  }
  n = kept;

  const polarity = TERM_POLARITY;
  const termWeight = TERM_WEIGHT;
  const termDegree = TERM_DEGREE;
  const termEscalation = TERM_ESCALATION;

  // 3. Weigh each sentiment term with its negator and degree adverb.
  let sarcasmCue = false;
  for (let i = 0; i < n; i++) {
    const t = lexTerm[i];
    const p = polarity[t];
    if (p === NONE && termEscalation[t] < 0) continue;
    const negator = modifierBefore(i, F_NEGATOR);
    if (negator >= 0) negated[i] = 1;
    if (p !== NEGATIVE && p !== POSITIVE && p !== SARCASM && p !== EMOJI) continue;
    let weight = termWeight[t];
    const degree = modifierBefore(i, 0);
    if (degree >= 0) {
      used[degree] = 1;
      const d = lexTerm[degree];
      weight *= termDegree[d];
      if ((termFlags[d] & F_DIMINISHER) !== 0 && weight > 0) weight = Math.min(Math.max(weight, DIMINISHER_ALONE_WEIGHT), DIMINISHED_MAX);
    }
    if (negator >= 0) {
      if (weight < 0) weight = -weight * NEGATED_POSITIVE;
      else weight *= (termFlags[lexTerm[negator]] & F_PROHIBITIVE) !== 0 ? PROHIBITED_NEGATIVE : NEGATED_NEGATIVE;
    }
    if (p === SARCASM && negator < 0) sarcasmCue = true;
    weights[i] = weight * contrastFactor(i, contrastStart, contrastEnd);
  }

  // 4. Diminishers with nothing to modify (水压有点小) are a mild complaint of their own.
  let complaining = false;
  for (let i = 0; i < n; i++) {
    if ((termFlags[lexTerm[i]] & F_DIMINISHER) !== 0 && !used[i]) weights[i] = DIMINISHER_ALONE_WEIGHT * contrastFactor(i, contrastStart, contrastEnd);
    if (weights[i] > 0) complaining = true;
  }

  // 5. Sarcasm: ironic praise and [微笑] count only in a message that complains anyway; under a
  //    sarcasm cue, thanks in a complaint flip to negative (物业真是辛苦了，辛苦到一个月修不好一个灯).
  for (let i = 0; i < n; i++) {
    const p = polarity[lexTerm[i]];
    if (p === IRONIC_PRAISE && !negated[i]) {
      const ironic = complaining || sarcasmCue;
      weights[i] = (ironic ? IRONIC_PRAISE_WEIGHT : SINCERE_IRONIC_PRAISE) * contrastFactor(i, contrastStart, contrastEnd);
      if (ironic) sarcasmCue = true;
    } else if (p === SARCASTIC_EMOJI && complaining) {
      weights[i] = SARCASTIC_EMOJI_WEIGHT;
      sarcasmCue = true;
    }
  }
  let negativeSum = 0;
  let positiveSum = 0;
  let strongest = 0;
  let anyDirect = false;
  for (let i = 0; i < n; i++) {
    let w = weights[i];
    const t = lexTerm[i];
    if (w < 0 && sarcasmCue && complaining && polarity[t] === POSITIVE) weights[i] = w = -w * SARCASTIC_FLIP;
    if (w > 0) negativeSum += w;
    else positiveSum -= w;
    if (w > strongest) strongest = w;
    if ((termFlags[t] & F_ESCALATION_DIRECT) !== 0 && !negated[i]) anyDirect = true;
  }

  // 6. Net negativity with the whole-message rules.
  let net = negativeSum - POSITIVE_OFFSET * positiveSum;
  if (net > 0 && question && strongest < STRONG_TERM) net *= QUESTION_DAMPING;
  if (notice) net *= NOTICE_DAMPING;
  if (net > 0 && emphasis > 0) net *= EMPHASIS_FACTOR;

  // 7. Escalation: direct terms on their own, contextual ones only in a complaint or a threat.
  const contextualFires = !notice && (net >= CONTEXTUAL_ESCALATION_AT || anyDirect || (threat && net > 0));
  let groups = 0;
  for (let i = 0; i < n; i++) {
    const t = lexTerm[i];
    if (termEscalation[t] < 0 || negated[i] || !((termFlags[t] & F_ESCALATION_DIRECT) !== 0 || contextualFires)) continue;
    groups |= TERM_ESCALATION_BIT[t];
    if (polarity[t] === NONE) weights[i] = ESCALATION_WEIGHT;
  }
  const triggered = groups !== 0;
  if (triggered) net += ESCALATION_WEIGHT;

  const level: SentimentLevel = triggered ? 'high' : net >= MEDIUM_AT ? 'medium' : net >= LOW_AT ? 'low' : 'none';
  const escalationGroups: EscalationGroup[] = [];
  if (triggered) for (let g = 0; g < ESCALATION_GROUPS.length; g++) if (groups & (1 << g)) escalationGroups.push(ESCALATION_GROUPS[g]);
  evidenceCount = 0;
  ensureEvidenceCapacity(topicCount * SENTIMENT_TOPICS.length + n);
  const topics = topicCount === 0 ? [] : collectTopics(n, topicCount, blockers);
  collectWeighted(n);
  const evidence = buildEvidence(input, groups);
  return { negative: level !== 'none', score: scoreOf(net, triggered), level, topics, evidence, escalation: { triggered, groups: escalationGroups } };
}

/**
 * Matches come ordered by end, longest first for one end: a longer term containing match i either
 * ends where i ends (and sits just before it) or ends later, within MAX_TERM_LENGTH of i's start.
 */
function containedInLonger(i: number, n: number): boolean {
  const start = starts[i];
  const end = ends[i];
  const length = end - start;
  for (let j = i - 1; j >= 0 && ends[j] === end; j--) {
    if (end - starts[j] > length) return true;
  }
  const limit = start + MAX_TERM_LENGTH;
  for (let j = i + 1; j < n && ends[j] <= limit; j++) {
    if (starts[j] <= start && ends[j] - starts[j] > length) return true;
  }
  return false;
}

/**
 * The closest negator (wantFlag F_NEGATOR) or degree adverb (wantFlag 0) ending within the window
 * before lexical match i, no punctuation between.
 */
function modifierBefore(i: number, wantFlag: number): number {
  const start = starts[i];
  let best = -1;
  // Lexical matches are ordered by end, so the candidates sit just before i.
  for (let j = i - 1; j >= 0; j--) {
    const end = ends[j];
    if (end > start) continue;
    if (end < start - NEGATION_WINDOW) break;
    const t = lexTerm[j];
    if (wantFlag !== 0 ? (TERM_FLAGS[t] & wantFlag) === 0 : TERM_DEGREE[t] === 0) continue;
    if (best >= 0 && ends[best] >= end) continue;
    if (hasBreak(end, start)) continue;
    best = j;
  }
  return best;
}

function hasBreak(from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = codes[i];
    // , . ! ? : ; space ~ newline, and CJK 。、… plus full-width ，！？：；
    if (c === 0x2c || c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3a || c === 0x3b || c === 0x20 || c === 0x7e || c === 0x0a) return true;
    if (c === 0x3002 || c === 0x3001 || c === 0x2026 || c === 0xff0c || c === 0xff01 || c === 0xff1f || c === 0xff1a || c === 0xff1b) return true;
  }
  return false;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** 110 must not match inside 1100: a term that starts/ends with a digit needs non-digit neighbours. */
function numberBoundaryOk(length: number, begin: number, end: number): boolean {
  if (isDigit(codes[begin]) && begin > 0 && isDigit(codes[begin - 1])) return false;
  if (isDigit(codes[end - 1]) && end < length && isDigit(codes[end])) return false;
  return true;
}

function contrastFactor(i: number, contrastStart: number, contrastEnd: number): number {
  if (contrastStart < 0) return 1;
  if (ends[i] <= contrastStart) return BEFORE_CONTRAST;
  if (starts[i] >= contrastEnd) return AFTER_CONTRAST;
  return 1;
}

function scoreOf(net: number, triggered: boolean): number {
  const positive = net > 0 ? net : 0;
  const saturation = positive / (positive + 2.5);
  const score = triggered ? 0.85 + 0.15 * saturation : Math.min(0.84, saturation);
  return Math.round(score * 1000) / 1000;
}



const KIND_OF: Record<Polarity, EvidenceKind> = {
  [Polarity.None]: 'escalation',
  [Polarity.Negative]: 'negative',
  [Polarity.Positive]: 'positive',
  [Polarity.Sarcasm]: 'sarcasm',
  [Polarity.Emoji]: 'emoji',
  [Polarity.IronicPraise]: 'sarcasm',
  [Polarity.SarcasticEmoji]: 'emoji',
};

/** Topics of the message (keywords inside a blocker such as 卫生间 do not count); queues their evidence. */
function collectTopics(n: number, topicCount: number, blockers: boolean): SentimentTopic[] {
  let mask = 0;
  let e = evidenceCount;
  for (let t = 0; t < topicCount; t++) {
    const bits = topicBits[t];
    if (blockers && insideBlocker(topicStarts[t], topicEnds[t], n)) continue;
    mask |= bits;
    const start = source[topicStarts[t]];
    const end = source[topicEnds[t]];
    for (let rest = bits; rest !== 0; rest &= rest - 1) {
      evidenceStart[e] = start;
      evidenceEnd[e] = end;
      evidenceRef[e++] = -1 - (31 - Math.clz32(rest & -rest));
    }
  }
  evidenceCount = e;
  const topics: SentimentTopic[] = [];
  for (let rest = mask; rest !== 0; rest &= rest - 1) topics.push(SENTIMENT_TOPICS[31 - Math.clz32(rest & -rest)]);
  return topics;
}

/** Queues evidence for every term that moved the score, in original offsets. */
function collectWeighted(n: number): void {
  let e = evidenceCount;
  for (let i = 0; i < n; i++) {
    if (weights[i] === 0) continue;
    evidenceStart[e] = source[starts[i]];
    evidenceEnd[e] = source[ends[i]];
    evidenceRef[e++] = i;
  }
  evidenceCount = e;
}

/**
 * The queued evidence ordered by position (stable insertion sort on the typed arrays: a handful
 * of items, mostly in order already), then built as objects, each with all its fields at once.
 */
function buildEvidence(input: string, groups: number): Evidence[] {
  const count = evidenceCount;
  for (let i = 0; i < count; i++) evidenceOrder[i] = i;
  for (let i = 1; i < count; i++) {
    const item = evidenceOrder[i];
    const start = evidenceStart[item];
    const end = evidenceEnd[item];
    let j = i - 1;
    while (j >= 0 && (evidenceStart[evidenceOrder[j]] > start || (evidenceStart[evidenceOrder[j]] === start && evidenceEnd[evidenceOrder[j]] > end))) {
      evidenceOrder[j + 1] = evidenceOrder[j];
      j--;
    }
    evidenceOrder[j + 1] = item;
  }
  const evidence: Evidence[] = new Array<Evidence>(count);
  for (let k = 0; k < count; k++) {
    const item = evidenceOrder[k];
    const start = evidenceStart[item];
    const end = evidenceEnd[item];
    const term = input.slice(start, end);
    const ref = evidenceRef[item];
    if (ref < 0) {
      evidence[k] = { term, start, end, kind: 'topic', weight: 0, topic: SENTIMENT_TOPICS[-1 - ref] };
      continue;
    }
    const t = lexTerm[ref];
    const kind = KIND_OF[TERM_POLARITY[t] as Polarity];
    const weight = Math.round(weights[ref] * 1000) / 1000;
    const g = TERM_ESCALATION[t];
    if (negated[ref]) evidence[k] = { term, start, end, kind, weight, negated: true };
    else if (g >= 0 && (groups & TERM_ESCALATION_BIT[t]) !== 0) evidence[k] = { term, start, end, kind, weight, group: ESCALATION_GROUPS[g] };
    else evidence[k] = { term, start, end, kind, weight };
  }
  return evidence;
}

function insideBlocker(start: number, end: number, n: number): boolean {
  for (let j = 0; j < n; j++) {
    if ((TERM_FLAGS[lexTerm[j]] & F_BLOCKER) !== 0 && starts[j] <= start && ends[j] >= end) return true;
  }
  return false;
}
