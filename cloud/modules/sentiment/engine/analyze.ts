/**
 * The rule-based sentiment engine: normalise → one automaton scan → resolve overlapping terms →
 * negation, degree, contrast, sarcasm, question and notice rules → level, topics, evidence.
 * Pure: no I/O. The automaton is built once when this module loads. The per-message work runs on
 * module-level scratch arrays (the function is synchronous, so they are never shared) to keep the
 * pipeline close to the speed of the bare scan.
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
import { buildLexiconIndex, type CompiledTerm, Polarity } from './lexicon-index';
import { normalize as normalizeText, type Normalized } from './normalize';

// Imported bindings copied to module constants once: transpiled ES-module imports are property
// getters, and this function reads them per match.
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
const normalize = normalizeText;
const NONE = Polarity.None;
const NEGATIVE = Polarity.Negative;
const POSITIVE = Polarity.Positive;
const SARCASM = Polarity.Sarcasm;
const EMOJI = Polarity.Emoji;
const IRONIC_PRAISE = Polarity.IronicPraise;
const SARCASTIC_EMOJI = Polarity.SarcasticEmoji;

export const LEXICON = buildLexiconIndex();
const MAX_TERM_LENGTH = LEXICON.maxKeywordLength;

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

// Scratch space for one message's lexical matches (sentiment, escalation, modifiers, blockers) and
// topic matches, grown on demand. Context-only matches (请问, 但是, 通知:) just set flags.
let capacity = 0;
let starts = new Int32Array(0);
let ends = new Int32Array(0);
let terms: CompiledTerm[] = [];
let used = new Uint8Array(0);
let negated = new Uint8Array(0);
let weights = new Float64Array(0);
let topicStarts = new Int32Array(0);
let topicEnds = new Int32Array(0);
let topicBits = new Int32Array(0);

function ensureCapacity(n: number): void {
  if (n <= capacity) return;
  capacity = Math.max(n, capacity * 2, 64);
  starts = new Int32Array(capacity);
  ends = new Int32Array(capacity);
  used = new Uint8Array(capacity);
  negated = new Uint8Array(capacity);
  weights = new Float64Array(capacity);
  terms = new Array<CompiledTerm>(capacity);
  topicStarts = new Int32Array(capacity);
  topicEnds = new Int32Array(capacity);
  topicBits = new Int32Array(capacity);
}

export function analyze(text: string): Analysis {
  const input = typeof text === 'string' ? text : '';
  const norm = normalize(input);
  const s = norm.text;
  const matches = LEXICON.automaton.matchInText(s);
  ensureCapacity(matches.length);
  const lexicon = LEXICON.terms;

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
  for (let k = 0; k < matches.length; k++) {
    const m = matches[k];
    const term = lexicon.get(m.keyword);
    if (term === undefined) continue;
    const begin = m.begin;
    const end = m.end;
    if (term.numeric && !numberBoundaryOk(s, begin, end)) continue;
    if (term.question) question = true;
    if (term.threat) threat = true;
    if (term.notice && begin < NOTICE_PREFIX_CHARS) notice = true;
    if (term.contrast && (begin > contrastStart || (begin === contrastStart && end > contrastEnd))) {
      contrastStart = begin;
      contrastEnd = end;
    }
    if (term.topics !== 0) {
      topicStarts[topicCount] = begin;
      topicEnds[topicCount] = end;
      topicBits[topicCount++] = term.topics;
    }
    if (!term.lexical) continue;
    if (term.blocker) blockers = true;
    starts[n] = begin;
    ends[n] = end;
    terms[n] = term;
    n++;
  }

  // 2. A lexical term inside a longer one is dropped (满意 in 不满意, 报警 in 报警器, 不 in 没人管).
  //    Survivors are compacted in place, keeping their order (by end).
  let kept = 0;
  for (let i = 0; i < n; i++) {
    if (containedInLonger(i, n)) continue;
    starts[kept] = starts[i];
    ends[kept] = ends[i];
    terms[kept] = terms[i];
    weights[kept] = 0;
    negated[kept] = 0;
    used[kept] = 0;
    kept++;
  }
  n = kept;

  // 3. Weigh each sentiment term with its negator and degree adverb.
  let sarcasmCue = false;
  for (let i = 0; i < n; i++) {
    const term = terms[i];
    const p = term.polarity;
    if (p === NONE && term.escalation === null) continue;
    const negator = modifierBefore(s, i, true);
    if (negator >= 0) negated[i] = 1;
    if (p !== NEGATIVE && p !== POSITIVE && p !== SARCASM && p !== EMOJI) continue;
    let weight = term.weight;
    const degree = modifierBefore(s, i, false);
    if (degree >= 0) {
      used[degree] = 1;
      weight *= terms[degree].degree;
      if (terms[degree].diminisher && weight > 0) weight = Math.min(Math.max(weight, DIMINISHER_ALONE_WEIGHT), DIMINISHED_MAX);
    }
    if (negator >= 0) {
      if (weight < 0) weight = -weight * NEGATED_POSITIVE;
      else weight *= terms[negator].prohibitive ? PROHIBITED_NEGATIVE : NEGATED_NEGATIVE;
    }
    if (p === SARCASM && negator < 0) sarcasmCue = true;
    weights[i] = weight * contrastFactor(i, contrastStart, contrastEnd);
  }

  // 4. Diminishers with nothing to modify (水压有点小) are a mild complaint of their own.
  let complaining = false;
  for (let i = 0; i < n; i++) {
    if (terms[i].diminisher && !used[i]) weights[i] = DIMINISHER_ALONE_WEIGHT * contrastFactor(i, contrastStart, contrastEnd);
    if (weights[i] > 0) complaining = true;
  }

  // 5. Sarcasm: ironic praise and [微笑] count only in a message that complains anyway; under a
  //    sarcasm cue, thanks in a complaint flip to negative (物业真是辛苦了，辛苦到一个月修不好一个灯).
  for (let i = 0; i < n; i++) {
    const p = terms[i].polarity;
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
    if (w < 0 && sarcasmCue && complaining && terms[i].polarity === POSITIVE) weights[i] = w = -w * SARCASTIC_FLIP;
    if (w > 0) negativeSum += w;
    else positiveSum -= w;
    if (w > strongest) strongest = w;
    if (terms[i].escalationDirect && !negated[i]) anyDirect = true;
  }

  // 6. Net negativity with the whole-message rules.
  let net = negativeSum - POSITIVE_OFFSET * positiveSum;
  if (net > 0 && question && strongest < STRONG_TERM) net *= QUESTION_DAMPING;
  if (notice) net *= NOTICE_DAMPING;
  if (net > 0 && norm.emphasis > 0) net *= EMPHASIS_FACTOR;

  // 7. Escalation: direct terms on their own, contextual ones only in a complaint or a threat.
  const contextualFires = !notice && (net >= CONTEXTUAL_ESCALATION_AT || anyDirect || (threat && net > 0));
  let groups = 0;
  for (let i = 0; i < n; i++) {
    const term = terms[i];
    if (term.escalation === null || negated[i] || !(term.escalationDirect || contextualFires)) continue;
    groups |= term.escalationBit;
    if (term.polarity === NONE) weights[i] = ESCALATION_WEIGHT;
  }
  const triggered = groups !== 0;
  if (triggered) net += ESCALATION_WEIGHT;

  const level: SentimentLevel = triggered ? 'high' : net >= MEDIUM_AT ? 'medium' : net >= LOW_AT ? 'low' : 'none';
  const escalationGroups: EscalationGroup[] = [];
  if (triggered) for (let g = 0; g < ESCALATION_GROUPS.length; g++) if (groups & (1 << g)) escalationGroups.push(ESCALATION_GROUPS[g]);
  const evidence: Evidence[] = [];
  const topics = topicCount === 0 ? [] : collectTopics(input, norm, n, topicCount, blockers, evidence);
  collectEvidence(input, norm, n, groups, evidence);
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

/** The closest negator (or degree adverb) ending within the window before lexical match i, no punctuation between. */
function modifierBefore(s: string, i: number, wantNegator: boolean): number {
  const start = starts[i];
  let best = -1;
  // Lexical matches are ordered by end, so the candidates sit just before i.
  for (let j = i - 1; j >= 0; j--) {
    const end = ends[j];
    if (end > start) continue;
    if (end < start - NEGATION_WINDOW) break;
    const term = terms[j];
    if (wantNegator ? !term.negator : term.degree === 0) continue;
    if (best >= 0 && ends[best] >= end) continue;
    if (hasBreak(s, end, start)) continue;
    best = j;
  }
  return best;
}

function hasBreak(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
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
function numberBoundaryOk(s: string, begin: number, end: number): boolean {
  if (isDigit(s.charCodeAt(begin)) && begin > 0 && isDigit(s.charCodeAt(begin - 1))) return false;
  if (isDigit(s.charCodeAt(end - 1)) && end < s.length && isDigit(s.charCodeAt(end))) return false;
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

function toOriginalStart(norm: Normalized, start: number): number {
  return norm.starts === null ? start : norm.starts[start];
}

function toOriginalEnd(norm: Normalized, end: number): number {
  return norm.ends === null ? end : norm.ends[end - 1];
}

/** Topics of the message (keywords inside a blocker such as 卫生间 do not count), with their evidence. */
function collectTopics(input: string, norm: Normalized, n: number, topicCount: number, blockers: boolean, evidence: Evidence[]): SentimentTopic[] {
  let mask = 0;
  for (let t = 0; t < topicCount; t++) {
    const bits = topicBits[t];
    if (blockers && insideBlocker(topicStarts[t], topicEnds[t], n)) continue;
    mask |= bits;
    const start = toOriginalStart(norm, topicStarts[t]);
    const end = toOriginalEnd(norm, topicEnds[t]);
    const term = input.slice(start, end);
    for (let rest = bits; rest !== 0; rest &= rest - 1) {
      evidence.push({ term, start, end, kind: 'topic', weight: 0, topic: SENTIMENT_TOPICS[31 - Math.clz32(rest & -rest)] });
    }
  }
  const topics: SentimentTopic[] = [];
  for (let rest = mask; rest !== 0; rest &= rest - 1) topics.push(SENTIMENT_TOPICS[31 - Math.clz32(rest & -rest)]);
  return topics;
}

/** Evidence for every term that moved the score, in original offsets; then all evidence by position. */
function collectEvidence(input: string, norm: Normalized, n: number, groups: number, evidence: Evidence[]): void {
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w === 0) continue;
    const term = terms[i];
    const start = toOriginalStart(norm, starts[i]);
    const end = toOriginalEnd(norm, ends[i]);
    const item: Evidence = { term: input.slice(start, end), start, end, kind: KIND_OF[term.polarity], weight: Math.round(w * 1000) / 1000 };
    if (negated[i]) item.negated = true;
    if (term.escalation !== null && groups & term.escalationBit && !negated[i]) item.group = term.escalation;
    evidence.push(item);
  }
  sortByPosition(evidence);
}

/** Insertion sort: a handful of items, mostly in order already (cheaper than Array.prototype.sort here). */
function sortByPosition(evidence: Evidence[]): void {
  for (let i = 1; i < evidence.length; i++) {
    const item = evidence[i];
    let j = i - 1;
    while (j >= 0 && (evidence[j].start > item.start || (evidence[j].start === item.start && evidence[j].end > item.end))) {
      evidence[j + 1] = evidence[j];
      j--;
    }
    evidence[j + 1] = item;
  }
}

function insideBlocker(start: number, end: number, n: number): boolean {
  for (let j = 0; j < n; j++) {
    if (terms[j].blocker && starts[j] <= start && ends[j] >= end) return true;
  }
  return false;
}
