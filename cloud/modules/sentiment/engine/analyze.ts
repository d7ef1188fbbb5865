/**
 * The rule-based sentiment engine: normalise and scan in one loop → slot templates and
 * co-occurrence rules (only when their parts matched) → resolve overlapping terms → negation
 * (scope ends at clause breaks and conditionals), degree, contrast, sarcasm, question and notice
 * rules → level, topics, evidence.
 * Pure: no I/O. A compiled lexicon (lexicon-index.ts) is an automaton plus flat per-term tables;
 * the built-in one is compiled on first use, `compileLexicon` compiles the built-in
 * lexicon plus a community's overlay. The per-message code reads module-level `let` references
 * to the tables of the lexicon it runs with, rebound only when a call comes with a different
 * compiled lexicon than the last one. It runs on module-level typed scratch arrays (the function
 * is synchronous, so they are never shared; they grow to the largest lexicon seen) and allocates
 * nothing but the returned Analysis and its evidence.
 */
import type { Analysis, EscalationGroup, Evidence, EvidenceKind, SentimentLevel, SentimentTopic } from '@shared/domain/sentiment';
import * as domain from '@shared/domain/sentiment';
import type { LexiconEntry, LexiconVersion } from '@shared/domain/sentiment-lexicon';
import { PATTERN_GAP } from '@shared/domain/sentiment-lexicon';
import * as contrast from '../lexicon/contrast';
import * as degree from '../lexicon/degree';
import * as escalation from '../lexicon/escalation';
import * as negators from '../lexicon/negators';
import * as notices from '../lexicon/notices';
import * as questions from '../lexicon/questions';
import { CO_OCCURRENCE_RULES } from '../lexicon/rules';
import * as sarcasm from '../lexicon/sarcasm';
import { CHAR_TABLE } from './char-table';
import * as lexiconIndex from './lexicon-index';
import type { Automaton } from './automaton';
import { Polarity, type LexiconIndex, type RuleTables } from './lexicon-index';
import * as normalizeModule from './normalize';
import { collectTopics, type TopicView } from './topics';

// Imported bindings copied to module constants once: transpiled ES-module imports are property
// getters, and the hot loops read them per character or per match.
const ESCALATION_GROUPS = domain.ESCALATION_GROUPS;
const SENTIMENT_TOPICS = domain.SENTIMENT_TOPICS;
const AFTER_CONTRAST = contrast.AFTER_CONTRAST;
const BEFORE_CONTRAST = contrast.BEFORE_CONTRAST;
const DIMINISHED_MAX = degree.DIMINISHED_MAX;
const REPEAT_MARKERS = degree.REPEAT_MARKERS;
const REPEAT_BONUS = degree.REPEAT_BONUS;
const DIMINISHER_ALONE_WEIGHT = degree.DIMINISHER_ALONE_WEIGHT;
const ESCALATION_WEIGHT = escalation.ESCALATION_WEIGHT;
const NEGATION_WINDOW = negators.NEGATION_WINDOW;
const PROHIBITED_NEGATIVE = negators.PROHIBITED_NEGATIVE;
const NOTICE_DAMPING = notices.NOTICE_DAMPING;
const NOTICE_PREFIX_CHARS = notices.NOTICE_PREFIX_CHARS;
const QUESTION_DAMPING = questions.QUESTION_DAMPING;
const REQUEST_MARKERS = questions.REQUEST_MARKERS;
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
const F_SCOPE_STOP = lexiconIndex.F_SCOPE_STOP;
const F_TOPIC_OVERRIDE = lexiconIndex.F_TOPIC_OVERRIDE;
const F_EXCLUSION = lexiconIndex.F_EXCLUSION;
const F_ANCHOR = lexiconIndex.F_ANCHOR;
const F_PART = lexiconIndex.F_PART;
const F_CALM = lexiconIndex.F_CALM;
const F_FRAME = lexiconIndex.F_FRAME;
const GAP = PATTERN_GAP;
const NONE = Polarity.None;
const NEGATIVE = Polarity.Negative;
const POSITIVE = Polarity.Positive;
const SARCASM = Polarity.Sarcasm;
const EMOJI = Polarity.Emoji;
const IRONIC_PRAISE = Polarity.IronicPraise;
const SARCASTIC_EMOJI = Polarity.SarcasticEmoji;

/** A compiled lexicon: `analyze(text)` with it, and the version its verdicts name. */
export interface Analyzer {
  analyze(text: string): Analysis;
  version: LexiconVersion;
}

/** First 8 hex digits of the SHA-1 of the built-in lexicon's content (computed once). */
export const BUILTIN_LEXICON_VERSION: string = lexiconIndex.builtinLexiconHash();

let builtin: LexiconIndex | null = null;
/**
 * The built-in lexicon, compiled on first use and kept: a process that never analyses a message (a
 * job's function, the reminder run) does not hold its tables (≈ 30 MB of RSS).
 */
export function builtinLexicon(): LexiconIndex {
  return (builtin ??= lexiconIndex.buildLexiconIndex());
}
const BUILTIN_VERSION: LexiconVersion = { builtin: BUILTIN_LEXICON_VERSION, overlay: 0 };

// The tables of the lexicon the engine runs with (see bind()).
let bound: LexiconIndex | null = null;
let MAX_TERM_LENGTH = 0;
let KEYWORD_COUNT = 0;
/** Per raw code unit: (class of its normalised form << 16) | its normalised form (CHAR_TABLE). */
let CHAR_INFO: Int32Array = new Int32Array(0);
let ROOT_NEXT: Int32Array = new Int32Array(0);
let EDGE_START: Int32Array = new Int32Array(0);
let EDGE_CLASS: Uint16Array = new Uint16Array(0);
let EDGE_NEXT: Int32Array = new Int32Array(0);
let FAIL: Int32Array = new Int32Array(0);
let OUT_START: Int32Array = new Int32Array(0);
/** Per automaton output slot k: term outTerms[k], then its flags, length and topics (4 ints). */
let OUT_PACKED: Int32Array = new Int32Array(0);
let TERM_FLAGS: Int32Array = new Int32Array(0);
let TERM_POLARITY: Uint8Array = new Uint8Array(0);
let TERM_ESCALATION: Int8Array = new Int8Array(0);
let TERM_ESCALATION_BIT: Int32Array = new Int32Array(0);
let RULES!: RuleTables;
// The pattern tables of RULES (see RuleTables): read per anchor hit and per pattern step.
let ANCHOR_START: Int32Array = new Int32Array(0);
let ANCHOR_PATTERNS: Int32Array = new Int32Array(0);
let PATTERN_PART_START: Int32Array = new Int32Array(0);
let PATTERN_ANCHOR_PART: Int32Array = new Int32Array(0);
let PATTERN_TERM: Int32Array = new Int32Array(0);
let PATTERN_TOPICS: Int32Array = new Int32Array(0);
let PART_GAP: Uint8Array = new Uint8Array(0);
let PART_ALT_START: Int32Array = new Int32Array(0);
let ALT_CODE_START: Int32Array = new Int32Array(0);
let ALT_CODES: Uint16Array = new Uint16Array(0);
let PART_FIRST_BITS: Int32Array = new Int32Array(0);
let PART_LAST_BITS: Int32Array = new Int32Array(0);
/**
 * The per-term fields the scoring reads, one 64-byte record per term (8 doubles): weight, degree,
 * share, polarity, escalation group index, escalation bit, request kind, flags. The request kind
 * is 1 for a polite request marker or a request frame, 2 for a repetition marker, 3 for a part of
 * a request co-occurrence rule (see requestTermsOf); the share is the part of the rule's weight
 * each part of such a rule carries.
 */
let TERM_REC: Float64Array = new Float64Array(0);
const R_WEIGHT = 0;
const R_DEGREE = 1;
const R_SHARE = 2;
const R_POLARITY = 3;
const R_ESCALATION = 4;
const R_ESCALATION_BIT = 5;
const R_REQUEST = 6;
const R_FLAGS = 7;

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
/**
 * Room for every raw match (at most MATCH_LIMIT are kept: a keyword set whose outputs per
 * position exceed MAX_OUTPUTS_PER_CHAR stops recording there) plus inserted rule matches. Fixed
 * and `const`, so the hot loops see constant arrays whatever lexicon is bound.
 */
const MAX_OUTPUTS_PER_CHAR = 8;
const MATCH_LIMIT = MAX_ANALYSED_CHARS * MAX_OUTPUTS_PER_CHAR;
const matchCapacity = MATCH_LIMIT + 1024;
const matchTerm = new Int32Array(matchCapacity);
const matchEnd = new Int32Array(matchCapacity);
/** Per raw match, copied from OUT_PACKED by the scan: its start, its term's flags and topics. */
const matchBegin = new Int32Array(matchCapacity);
const matchFlags = new Int32Array(matchCapacity);
const matchTopics = new Int32Array(matchCapacity);
const starts = new Int32Array(matchCapacity);
const ends = new Int32Array(matchCapacity);
const lexTerm = new Int32Array(matchCapacity);
/** Co-occurrence rule instance a lexical match belongs to (0 = none). */
const instance = new Int32Array(matchCapacity);
const used = new Uint8Array(matchCapacity);
const negated = new Uint8Array(matchCapacity);
const weights = new Float64Array(matchCapacity);
const topicStarts = new Int32Array(matchCapacity);
const topicEnds = new Int32Array(matchCapacity);
const topicBits = new Int32Array(matchCapacity);
// Context spans of the message: negation scope stops, topic entries, exclusions (楼梯, 倒垃圾);
// rule triggers: the match index k of each pattern anchor and co-occurrence part.
const stopStarts = new Int32Array(matchCapacity);
const overrideStarts = new Int32Array(matchCapacity);
const overrideEnds = new Int32Array(matchCapacity);
const exclusionStarts = new Int32Array(matchCapacity);
const exclusionEnds = new Int32Array(matchCapacity);
const anchorHits = new Int32Array(matchCapacity);
const partHits = new Int32Array(matchCapacity);
// Per rule: the message (stamp) it last fired in; per co-occurrence slot the last hit.
let stamp = 0;
let patternStamp = new Int32Array(0);
let ruleStamp = new Int32Array(0);
const MAX_SLOTS = 8;
let slotHit = new Int32Array(0);
/** Per rule: the message (stamp) of seenSlots, and the bit set of its slots with a raw part hit. */
let seenStamp = new Int32Array(0);
let seenSlots = new Int32Array(0);

/** Rebinds the module-level table references to `index` and grows the scratch arrays to fit it. */
function bind(index: LexiconIndex): void {
  bound = index;
  const automaton = index.automaton;
  KEYWORD_COUNT = index.keywords.length;
  MAX_TERM_LENGTH = index.maxKeywordLength;
  const prepared = preparedOf(index);
  CHAR_INFO = prepared.charInfo;
  ROOT_NEXT = automaton.rootNext;
  EDGE_START = automaton.edgeStart;
  EDGE_CLASS = automaton.edgeClass;
  EDGE_NEXT = automaton.edgeNext;
  FAIL = automaton.fail;
  OUT_START = automaton.outStart;
  OUT_PACKED = prepared.outPacked;
  TERM_FLAGS = index.table.flags;
  TERM_POLARITY = index.table.polarity;
  TERM_ESCALATION = index.table.escalation;
  TERM_ESCALATION_BIT = index.table.escalationBit;
  RULES = index.rules;
  const rules = index.rules;
  ANCHOR_START = rules.anchorStart;
  ANCHOR_PATTERNS = rules.anchorPatterns;
  PATTERN_PART_START = rules.patternPartStart;
  PATTERN_ANCHOR_PART = rules.patternAnchorPart;
  PATTERN_TERM = rules.patternTerm;
  PATTERN_TOPICS = rules.patternTopics;
  PART_GAP = rules.partGap;
  PART_ALT_START = rules.partAltStart;
  ALT_CODE_START = rules.altCodeStart;
  ALT_CODES = rules.altCodes;
  PART_FIRST_BITS = rules.partFirstBits;
  PART_LAST_BITS = rules.partLastBits;
  TERM_REC = prepared.termRecords;
  if (index.rules.patterns.length > patternStamp.length) patternStamp = new Int32Array(index.rules.patterns.length * 2);
  if (index.rules.cooccurrences.length > ruleStamp.length) {
    ruleStamp = new Int32Array(index.rules.cooccurrences.length * 2);
    slotHit = new Int32Array(ruleStamp.length * MAX_SLOTS);
    seenStamp = new Int32Array(ruleStamp.length);
    seenSlots = new Int32Array(ruleStamp.length);
  }
}

function outPackedOf(index: LexiconIndex): Int32Array {
  const outTerms = index.automaton.outTerms;
  const packed = new Int32Array(outTerms.length * 4);
  for (let k = 0; k < outTerms.length; k++) {
    const t = outTerms[k];
    packed[4 * k] = t;
    packed[4 * k + 1] = index.table.flags[t];
    packed[4 * k + 2] = index.table.length[t];
    packed[4 * k + 3] = index.table.topics[t];
  }
  return packed;
}

/**
 * The scan's and the scoring's layouts of a compiled lexicon, derived once per lexicon (a
 * rebind to another community's analyzer is then a handful of assignments).
 */
interface Prepared {
  charInfo: Int32Array;
  outPacked: Int32Array;
  termRecords: Float64Array;
}
const preparedByIndex = new WeakMap<LexiconIndex, Prepared>();
function preparedOf(index: LexiconIndex): Prepared {
  let known = preparedByIndex.get(index);
  if (!known) {
    known = { charInfo: charInfoOf(index.automaton), outPacked: outPackedOf(index), termRecords: termRecordsOf(index) };
    preparedByIndex.set(index, known);
  }
  return known;
}

function termRecordsOf(index: LexiconIndex): Float64Array {
  const request = requestTermsOf(index);
  const table = index.table;
  const count = table.length.length;
  const records = new Float64Array(count * 8);
  for (let t = 0; t < count; t++) {
    const r = 8 * t;
    records[r + R_WEIGHT] = table.weight[t];
    records[r + R_DEGREE] = table.degree[t];
    records[r + R_SHARE] = request.shares[t];
    records[r + R_POLARITY] = table.polarity[t];
    records[r + R_ESCALATION] = table.escalation[t];
    records[r + R_ESCALATION_BIT] = table.escalationBit[t];
    records[r + R_REQUEST] = request.kinds[t];
    records[r + R_FLAGS] = table.flags[t];
  }
  return records;
}

/**
 * CHAR_TABLE and the automaton's class table folded into one lookup per raw code unit (the scan
 * reads both for every character). Computed once per compiled lexicon.
 */
function charInfoOf(automaton: Automaton): Int32Array {
  const info = new Int32Array(0x10000);
  const classOf = automaton.classOf;
  for (let raw = 0; raw < 0x10000; raw++) {
    const c = TABLE[raw];
    info[raw] = (classOf[c] << 16) | c;
  }
  return info;
}

/**
 * Marks the terms that are polite requests: the REQUEST_MARKERS keywords and the synthetic terms
 * of the patterns whose first part's alternatives all start with a request marker (可以修一下). Computed once per
 * compiled lexicon.
 */
function startsWithMarker(text: string, markers: ReadonlySet<string>): boolean {
  for (const m of markers) if (text.startsWith(m)) return true;
  return false;
}

function requestTermsOf(index: LexiconIndex): { kinds: Uint8Array; shares: Float64Array } {
  const marks = new Uint8Array(index.table.length.length);
  const shares = new Float64Array(marks.length).fill(1);
  const markers = new Set(REQUEST_MARKERS.map((m) => normalizeModule.normalize(m).text));
  const repeats = new Set(REPEAT_MARKERS.map((m) => normalizeModule.normalize(m).text));
  index.keywords.forEach((keyword, t) => {
    if (markers.has(keyword)) marks[t] = 1;
    else if (repeats.has(keyword)) marks[t] = 2;
  });
  for (const p of index.rules.patterns) {
    const first = p.parts[0];
    if (first && first.every((a) => startsWithMarker(a, markers)) && p.term >= 0 && p.term < marks.length) marks[p.term] = 1;
  }
  // Built-in co-occurrence rules compile in order (an overlay adds none).
  index.rules.cooccurrences.forEach((rule, r) => {
    if (CO_OCCURRENCE_RULES[r]?.request !== true) return;
    for (const t of rule.groupTerm) {
      if (t < 0 || t >= marks.length) continue;
      marks[t] = 3;
      shares[t] = 1 / rule.slots;
    }
  });
  return { kinds: marks, shares };
}


// Evidence queued before it is built: original span and what it is (lexical match index i ≥ 0,
// or -1 - topic index), then the order by position. Grown on demand (a topic match can carry
// several topics).
let evidenceCapacity = 0;
let evidenceStart = new Int32Array(0);
let evidenceEnd = new Int32Array(0);
let evidenceRef = new Int32Array(0);
let evidenceOrder = new Int32Array(0);
let evidenceCount = 0;

/** The view collectTopics reads; the per-message fields are set before each call. */
const topicView: TopicView = {
  codes,
  length: 0,
  source,
  topicStarts,
  topicEnds,
  topicBits,
  topicCount: 0,
  starts,
  ends,
  lexTerm,
  lexicalCount: 0,
  termFlags: new Int32Array(0),
  blockerFlag: F_BLOCKER,
  blockers: false,
  overrideStarts,
  overrideEnds,
  overrides: 0,
  evidenceStart,
  evidenceEnd,
  evidenceRef,
  evidenceCount: 0,
};

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
  const charInfo = CHAR_INFO;
  const rootNext = ROOT_NEXT;
  const edgeStart = EDGE_START;
  const edgeClass = EDGE_CLASS;
  const edgeNext = EDGE_NEXT;
  const fail = FAIL;
  const outStart = OUT_START;
  const outPacked = OUT_PACKED;
  let n = 0;
  let m = 0;
  let marks = 0;
  let previous = -1;
  let run = 0;
  let state = 0;
  for (let i = 0; i < length; i++) {
    const info = charInfo[input.charCodeAt(i)];
    const c = info & 0xffff;
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
    const cls = info >>> 16;
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
    for (let k = outStart[next]; k < outEnd && m < MATCH_LIMIT; k++) {
      // The term's flags, length and topics sit next to it (OUT_PACKED): pass 1 then reads the
      // match arrays in order instead of a term table at random.
      const o = 4 * k;
      matchTerm[m] = outPacked[o];
      matchFlags[m] = outPacked[o + 1];
      matchBegin[m] = n - outPacked[o + 2];
      matchTopics[m] = outPacked[o + 3];
      matchEnd[m] = n;
      m++;
    }
  }
  source[n] = length;
  normalizedLength = n;
  matchCount = m;
  emphasis = marks;
}

/** The built-in analyzer: the built-in lexicon only (compiled on the first call). */
export function analyze(text: string): Analysis {
  return analyzeWith(builtinLexicon(), BUILTIN_VERSION, text);
}

/**
 * Compiles the built-in lexicon plus a community's overlay entries (entries that fail
 * `entryProblem` are skipped; overlay entries win over built-in roles for the same text).
 * Callers cache the Analyzer per (community, overlay version).
 */
export function compileLexicon(entries: readonly LexiconEntry[], overlayVersion: number): Analyzer {
  const index = entries.length === 0 ? builtinLexicon() : lexiconIndex.buildLexiconIndex(entries);
  const version: LexiconVersion = { builtin: BUILTIN_LEXICON_VERSION, overlay: overlayVersion };
  return { analyze: (text: string) => analyzeWith(index, version, text), version };
}

function analyzeWith(index: LexiconIndex, version: LexiconVersion, text: string): Analysis {
  if (bound !== index) bind(index);
  const input = typeof text === 'string' ? text : '';
  scan(input);
  const length = normalizedLength;
  const matches = matchCount;
  stamp++;

  // 1. One pass over the matches (ordered by end; for one end, longest first): context flags,
  //    context spans, rule triggers, topic matches, and lexical matches into the scratch arrays.
  let n = 0;
  let topicCount = 0;
  let question = false;
  let notice = false;
  let threat = false;
  let blockers = false;
  let contrastStart = -1;
  let contrastEnd = -1;
  let stops = 0;
  let overrides = 0;
  let exclusions = 0;
  let anchors = 0;
  let parts = 0;
  let frames = 0;
  for (let k = 0; k < matches; k++) {
    const end = matchEnd[k];
    const flags = matchFlags[k];
    const begin = matchBegin[k];
    if ((flags & F_FRAME) !== 0) frames |= flags;
    if ((flags & F_NUMERIC) !== 0 && !numberBoundaryOk(length, begin, end)) continue;
    if ((flags & F_CONTEXT) !== 0) {
      if ((flags & F_QUESTION) !== 0) question = true;
      if ((flags & F_THREAT) !== 0) threat = true;
      if ((flags & F_NOTICE) !== 0 && begin < NOTICE_PREFIX_CHARS) notice = true;
      if ((flags & F_CONTRAST) !== 0 && (begin > contrastStart || (begin === contrastStart && end > contrastEnd))) {
        contrastStart = begin;
        contrastEnd = end;
      }
      if ((flags & F_SCOPE_STOP) !== 0) stopStarts[stops++] = begin;
      if ((flags & F_TOPIC_OVERRIDE) !== 0) {
        overrideStarts[overrides] = begin;
        overrideEnds[overrides++] = end;
      }
      if ((flags & F_EXCLUSION) !== 0) {
        exclusionStarts[exclusions] = begin;
        exclusionEnds[exclusions++] = end;
      }
      if ((flags & F_ANCHOR) !== 0) anchorHits[anchors++] = k;
      if ((flags & F_PART) !== 0) partHits[parts++] = k;
    }
    const bits = matchTopics[k];
    if (bits !== 0) {
      topicStarts[topicCount] = begin;
      topicEnds[topicCount] = end;
      topicBits[topicCount++] = bits;
    }
    if ((flags & F_LEXICAL) === 0) continue;
    if ((flags & F_BLOCKER) !== 0) blockers = true;
    starts[n] = begin;
    ends[n] = end;
    lexTerm[n] = matchTerm[k];
    instance[n] = 0;
    n++;
  }
  stopCount = stops;

  // 1b. Rules, only when one of their parts matched: slot templates, then co-occurrences. Each
  //     fired rule inserts its synthetic term(s) into the lexical matches, in order.
  let spanLimit = MAX_TERM_LENGTH;
  instances = 0;
  if (anchors > 0) {
    for (let h = 0; h < anchors; h++) {
      const k = anchorHits[h];
      const t = matchTerm[k];
      const end = matchEnd[k];
      const begin = matchBegin[k];
      for (let a = ANCHOR_START[t]; a < ANCHOR_START[t + 1]; a++) {
        const p = ANCHOR_PATTERNS[a];
        if (patternStamp[p] === stamp) continue;
        const anchorPart = PATTERN_ANCHOR_PART[p];
        const last = matchForward(anchorPart + 1, PATTERN_PART_START[p + 1], end, length);
        if (last < 0) continue;
        const first = matchBackward(anchorPart - 1, PATTERN_PART_START[p], begin);
        if (first < 0) continue;
        patternStamp[p] = stamp;
        n = insertLexical(n, first, last, PATTERN_TERM[p], 0);
        if (last - first > spanLimit) spanLimit = last - first;
        const patternTopics = PATTERN_TOPICS[p];
        if (patternTopics !== 0) {
          topicStarts[topicCount] = first;
          topicEnds[topicCount] = last;
          topicBits[topicCount++] = patternTopics;
        }
      }
    }
  }
  if (parts > 0) {
    const fired = cooccurrences(parts, exclusions, n, topicCount);
    n = fired >> 16;
    topicCount = fired & 0xffff;
  }

  // 2. A lexical term inside a longer one is dropped (满意 in 不满意, 报警 in 报警器, 不 in 没人管),
  //    and so is a term with exactly the span of a rule's part. Survivors are compacted in place,
  //    keeping their order (by end).
  let kept = 0;
  for (let i = 0; i < n; i++) {
    if (containedInLonger(i, n, spanLimit)) continue;
    starts[kept] = starts[i];
    ends[kept] = ends[i];
    lexTerm[kept] = lexTerm[i];
    instance[kept] = instance[i];
    weights[kept] = 0;
    negated[kept] = 0;
    used[kept] = 0;
    kept++;
  }
  n = kept;

  // Per-term fields from here on come from one record per term (TERM_REC): a term's first
  // read brings all of them in one cache line.
  const rec = TERM_REC;

  // 3. Weigh each sentiment term with its negator and degree adverb.
  let sarcasmCue = false;
  for (let i = 0; i < n; i++) {
    const t = lexTerm[i];
    const p = rec[8 * t + R_POLARITY];
    if (p === NONE && rec[8 * t + R_ESCALATION] < 0) continue;
    const negator = modifierBefore(i, F_NEGATOR);
    if (negator >= 0) negated[i] = 1;
    if (p !== NEGATIVE && p !== POSITIVE && p !== SARCASM && p !== EMOJI) continue;
    let weight = rec[8 * t + R_WEIGHT];
    const degree = modifierBefore(i, 0);
    if (degree >= 0) {
      used[degree] = 1;
      const d = lexTerm[degree];
      weight *= rec[8 * d + R_DEGREE];
      if ((rec[8 * d + R_FLAGS] & F_DIMINISHER) !== 0 && weight > 0) weight = Math.min(Math.max(weight, DIMINISHER_ALONE_WEIGHT), DIMINISHED_MAX);
    }
    if (negator >= 0) {
      if (weight < 0) weight = -weight * NEGATED_POSITIVE;
      else weight *= (rec[8 * lexTerm[negator] + R_FLAGS] & F_PROHIBITIVE) !== 0 ? PROHIBITED_NEGATIVE : NEGATED_NEGATIVE;
    }
    if (p === SARCASM && negator < 0) sarcasmCue = true;
    weights[i] = weight * rec[8 * t + R_SHARE] * contrastFactor(i, contrastStart, contrastEnd);
  }

  // A co-occurrence rule with a negated part is negated as a whole, with every term inside its
  // span (不要大家一起去街道办: neither the rule nor 街道办 escalates).
  if (instances > 0) {
    for (let i = 0; i < n; i++) {
      if (instance[i] === 0 || !negated[i]) continue;
      let first = starts[i];
      let last = ends[i];
      for (let j = 0; j < n; j++) {
        if (instance[j] !== instance[i]) continue;
        if (starts[j] < first) first = starts[j];
        if (ends[j] > last) last = ends[j];
      }
      for (let j = 0; j < n; j++) {
        if (instance[j] === instance[i] || (starts[j] >= first && ends[j] <= last)) {
          negated[j] = 1;
          if (weights[j] > 0) weights[j] *= NEGATED_NEGATIVE;
        }
      }
    }
  }

  // 4. Diminishers with nothing to modify (水压有点小) are a mild complaint of their own.
  let complaining = false;
  for (let i = 0; i < n; i++) {
    if ((rec[8 * lexTerm[i] + R_FLAGS] & F_DIMINISHER) !== 0 && !used[i]) weights[i] = DIMINISHER_ALONE_WEIGHT * contrastFactor(i, contrastStart, contrastEnd);
    if (weights[i] > 0) complaining = true;
  }

  // 5. Sarcasm: ironic praise and [微笑] count only in a message that complains anyway; under a
  //    sarcasm cue, thanks in a complaint flip to negative (物业真是辛苦了，辛苦到一个月修不好一个灯).
  for (let i = 0; i < n; i++) {
    const p = rec[8 * lexTerm[i] + R_POLARITY];
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
  let request = false;
  let requestFrame = false;
  let repeated = false;
  let repeatWeight = 0;
  for (let i = 0; i < n; i++) {
    let w = weights[i];
    const t = lexTerm[i];
    const requestKind = rec[8 * t + R_REQUEST];
    if ((requestKind === 1 || requestKind === 3) && w > 0) {
      request = true;
      if (t >= KEYWORD_COUNT) requestFrame = true;
    } else if (requestKind === 2 && w > 0) {
      repeated = true;
      repeatWeight += w;
    }
    if (w < 0 && sarcasmCue && complaining && rec[8 * t + R_POLARITY] === POSITIVE) weights[i] = w = -w * SARCASTIC_FLIP;
    if (w > 0) negativeSum += w;
    else positiveSum -= w;
    if (w > strongest) strongest = w;
    if ((rec[8 * t + R_FLAGS] & F_ESCALATION_DIRECT) !== 0 && !negated[i]) anyDirect = true;
  }

  // 6. Net negativity with the whole-message rules.
  let net = negativeSum - POSITIVE_OFFSET * positiveSum;
  // A problem that keeps coming back (老是, 又, 每次) is a clear complaint.
  if (repeated && net - repeatWeight >= LOW_AT) net += REPEAT_BONUS;
  if (net > 0 && question && strongest < STRONG_TERM) net *= QUESTION_DAMPING;
  if (notice) net *= NOTICE_DAMPING;
  if (net > 0 && emphasis > 0) net *= EMPHASIS_FACTOR;

  // 6b. A reassurance / all-clear frame calms the message: problem words damped like a notice's,
  //     escalation ignored unless a threat marker says someone acts (已经报警了，大家放心). A mention
  //     of something elsewhere (隔壁小区有人打了12345) only ignores the escalation.
  let calm = false;
  if (net >= CONTEXTUAL_ESCALATION_AT || anyDirect || instances > 0) {
    if ((frames & F_FRAME) !== 0) calm = true;
    if ((frames & F_CALM) !== 0 && net > 0) net *= NOTICE_DAMPING;
  }

  // 7. Escalation: direct terms on their own, contextual ones only in a complaint or a threat.
  const contextualFires = !notice && (net >= CONTEXTUAL_ESCALATION_AT || anyDirect || (threat && net > 0));
  let groups = 0;
  for (let i = 0; i < n; i++) {
    const t = lexTerm[i];
    if (rec[8 * t + R_ESCALATION] < 0 || negated[i] || (calm && !threat) || !((rec[8 * t + R_FLAGS] & F_ESCALATION_DIRECT) !== 0 || contextualFires)) continue;
    groups |= rec[8 * t + R_ESCALATION_BIT];
    if (rec[8 * t + R_POLARITY] === NONE) weights[i] = ESCALATION_WEIGHT;
  }
  const triggered = groups !== 0;
  if (triggered) net += ESCALATION_WEIGHT;

  let level: SentimentLevel = triggered ? 'high' : net >= MEDIUM_AT ? 'medium' : net >= LOW_AT ? 'low' : 'none';
  // 8. A polite request about a shortcoming (麻烦修一下, 能不能别…) is `low`: thanks do not cancel
  //    it, and mild problem words stacked around it do not make it `medium` (no strong term, no
  //    sarcasm, no emphasis).
  if (!triggered && request) {
    if (level === 'none' && requestFrame && !notice) level = 'low';
    else if (level === 'medium' && strongest < STRONG_TERM && !sarcasmCue && emphasis === 0) level = 'low';
  }
  const escalationGroups: EscalationGroup[] = [];
  if (triggered) for (let g = 0; g < ESCALATION_GROUPS.length; g++) if (groups & (1 << g)) escalationGroups.push(ESCALATION_GROUPS[g]);
  evidenceCount = 0;
  ensureEvidenceCapacity(topicCount * SENTIMENT_TOPICS.length + n);
  let topics: SentimentTopic[] = [];
  if (topicCount > 0) {
    // One view object for every call (its arrays are the scratch arrays): no allocation.
    const view = topicView;
    view.length = length;
    view.topicCount = topicCount;
    view.lexicalCount = n;
    view.termFlags = TERM_FLAGS;
    view.blockers = blockers;
    view.overrides = overrides;
    view.evidenceStart = evidenceStart;
    view.evidenceEnd = evidenceEnd;
    view.evidenceRef = evidenceRef;
    view.evidenceCount = evidenceCount;
    topics = collectTopics(view);
    evidenceCount = view.evidenceCount;
  }
  collectWeighted(n);
  const evidence = buildEvidence(input, groups);
  return {
    negative: level !== 'none',
    score: scoreOf(net, triggered),
    level,
    topics,
    evidence,
    escalation: { triggered, groups: escalationGroups },
    lexicon: { builtin: version.builtin, overlay: version.overlay },
  };
}

/**
 * Matches come ordered by end, longest first for one end: a longer term containing match i either
 * ends where i ends (and sits just before it) or ends later, within `limit` of i's start. A rule's
 * synthetic match (index ≥ KEYWORD_COUNT) takes the place of a keyword with exactly its span; a
 * co-occurrence part is never dropped.
 */
function containedInLonger(i: number, n: number, limitLength: number): boolean {
  if (instance[i] !== 0) return false;
  const start = starts[i];
  const end = ends[i];
  const length = end - start;
  const synthetic = lexTerm[i] >= KEYWORD_COUNT;
  for (let j = i - 1; j >= 0 && ends[j] === end; j--) {
    const other = end - starts[j];
    if (other > length || (other === length && !synthetic && lexTerm[j] >= KEYWORD_COUNT)) return true;
  }
  const limit = start + limitLength;
  for (let j = i + 1; j < n && ends[j] <= limit; j++) {
    if (starts[j] <= start && ends[j] - starts[j] > length) return true;
  }
  return false;
}

/**
 * Inserts a lexical match [begin, end) of term t at its place in the order (by end; for one end,
 * longest first, a synthetic one before a keyword with the same span). Returns the new count.
 */
function insertLexical(n: number, begin: number, end: number, t: number, ruleInstance: number): number {
  if (n + 1 >= matchCapacity) return n;
  let at = n;
  while (at > 0 && (ends[at - 1] > end || (ends[at - 1] === end && ends[at - 1] - starts[at - 1] <= end - begin))) at--;
  // A few elements move (the insertion point is near the end): a loop beats four builtin calls.
  for (let j = n; j > at; j--) {
    starts[j] = starts[j - 1];
    ends[j] = ends[j - 1];
    lexTerm[j] = lexTerm[j - 1];
    instance[j] = instance[j - 1];
  }
  starts[at] = begin;
  ends[at] = end;
  lexTerm[at] = t;
  instance[at] = ruleInstance;
  return n + 1;
}

/** Co-occurrence instances fired in the current message (their ids are 1..instances). */
let instances = 0;
let stopCount = 0;

/**
 * Co-occurrence rules over the part hits (in order of end): per rule and slot the latest hit
 * counts; when every slot of a rule has one in the same clause (and within the rule's span), the
 * rule fires once, each part becoming a synthetic lexical match of the rule's verdict (the group
 * named by a part, else the rule's) and bringing its topics. A hit inside a longer exclusion
 * (楼梯, 倒垃圾) does not count. Returns (lexical count << 16) | topic count.
 */
function cooccurrences(parts: number, exclusions: number, n: number, topicCount: number): number {
  const rules = RULES;
  // Most part hits (人, 门, 请) come without the rest of their rule: unless some rule has a hit in
  // every slot (a necessary condition), nothing can fire.
  let possible = false;
  for (let h = 0; h < parts && !possible; h++) {
    const t = matchTerm[partHits[h]];
    for (let q = rules.partStart[t]; q < rules.partStart[t + 1]; q++) {
      const r = rules.partRule[q];
      if (seenStamp[r] !== stamp) {
        seenStamp[r] = stamp;
        seenSlots[r] = 0;
      }
      seenSlots[r] |= 1 << rules.partSlot[q];
      if (seenSlots[r] === (1 << rules.cooccurrences[r].slots) - 1) possible = true;
    }
  }
  if (!possible) return (n << 16) | topicCount;
  for (let h = 0; h < parts; h++) {
    const k = partHits[h];
    const t = matchTerm[k];
    const end = matchEnd[k];
    const begin = matchBegin[k];
    if (exclusions > 0 && insideExclusion(begin, end, exclusions)) continue;
    if (insideLongerPart(h, parts, begin, end)) continue;
    for (let q = rules.partStart[t]; q < rules.partStart[t + 1]; q++) {
      const r = rules.partRule[q];
      if (ruleStamp[r] === stamp) continue;
      const base = r * MAX_SLOTS;
      const rule = rules.cooccurrences[r];
      if (ruleStamp[r] !== -stamp) {
        ruleStamp[r] = -stamp;
        for (let s = 0; s < rule.slots; s++) slotHit[base + s] = -1;
      }
      // A hit inside the slot's previous hit (梯 in 电梯, 街道 in 街道办 come later) keeps the longer one.
      const previous = slotHit[base + rules.partSlot[q]];
      if (previous < 0 || !(matchEnd[partHits[previous]] === end && matchBegin[partHits[previous]] < begin)) slotHit[base + rules.partSlot[q]] = h;
      let first = begin;
      let complete = true;
      for (let s = 0; s < rule.slots; s++) {
        const other = slotHit[base + s];
        if (other < 0) {
          complete = false;
          break;
        }
        const ko = partHits[other];
        const bo = matchBegin[ko];
        if (bo < first) first = bo;
      }
      if (!complete || hasClauseBreak(first, end) || (rule.maxSpan > 0 && end - first > rule.maxSpan)) continue;
      // Fire: the group named by a part (else the rule's), one synthetic match per part.
      let group = -1;
      for (let s = 0; s < rule.slots && group < 0; s++) {
        const ko = partHits[slotHit[base + s]];
        const g = partGroupOf(matchTerm[ko], r, s);
        if (g >= 0) group = g;
      }
      const synthetic = rule.groupTerm[group >= 0 && rule.groupTerm[group] >= 0 ? group : Math.max(0, rule.defaultGroup)];
      ruleStamp[r] = stamp;
      instances++;
      for (let s = 0; s < rule.slots; s++) {
        const ko = partHits[slotHit[base + s]];
        const to = matchTerm[ko];
        const eo = matchEnd[ko];
        const bo = matchBegin[ko];
        n = insertLexical(n, bo, eo, synthetic, instances);
        const bits = partTopicsOf(to, r, s) | rule.topics;
        if (bits !== 0) {
          topicStarts[topicCount] = bo;
          topicEnds[topicCount] = eo;
          topicBits[topicCount++] = bits;
        }
      }
    }
  }
  return (n << 16) | topicCount;
}

function partGroupOf(t: number, r: number, s: number): number {
  for (let q = RULES.partStart[t]; q < RULES.partStart[t + 1]; q++) if (RULES.partRule[q] === r && RULES.partSlot[q] === s) return RULES.partGroup[q];
  return -1;
}

function partTopicsOf(t: number, r: number, s: number): number {
  for (let q = RULES.partStart[t]; q < RULES.partStart[t + 1]; q++) if (RULES.partRule[q] === r && RULES.partSlot[q] === s) return RULES.partTopics[q];
  return 0;
}

/** A part hit inside a longer one (街道 in 街道办, 梯 in 电梯) leaves the slot to the longer one. */
function insideLongerPart(h: number, parts: number, begin: number, end: number): boolean {
  for (let o = h - 1; o >= 0 && matchEnd[partHits[o]] === end; o--) if (matchBegin[partHits[o]] < begin) return true;
  for (let o = h + 1; o < parts; o++) {
    const e = matchEnd[partHits[o]];
    if (e - begin > MAX_TERM_LENGTH) break;
    if (e > end && matchBegin[partHits[o]] <= begin) return true;
  }
  return false;
}

function insideExclusion(begin: number, end: number, exclusions: number): boolean {
  for (let x = 0; x < exclusions; x++) {
    if (exclusionStarts[x] <= begin && exclusionEnds[x] >= end && exclusionEnds[x] - exclusionStarts[x] > end - begin) return true;
  }
  return false;
}

/** Does alternative a (ALT_CODES[ALT_CODE_START[a] ..]) sit in the normalised text at [at, at + l) within [0, length)? */
function alternativeAt(a: number, at: number, length: number): boolean {
  const from = ALT_CODE_START[a];
  const l = ALT_CODE_START[a + 1] - from;
  if (at < 0 || at + l > length) return false;
  for (let i = 0; i < l; i++) if (codes[at + i] !== ALT_CODES[from + i]) return false;
  return true;
}

/** Can an alternative of part q start with code unit c? (false: certainly not; see filterBit) */
function mayStart(q: number, c: number): boolean {
  const bit = Math.imul(c, 0x9e3779b1) >>> 26;
  return ((PART_FIRST_BITS[2 * q + (bit >>> 5)] >>> (bit & 31)) & 1) !== 0;
}

/** Can an alternative of part q end with code unit c? */
function mayEnd(q: number, c: number): boolean {
  const bit = Math.imul(c, 0x9e3779b1) >>> 26;
  return ((PART_LAST_BITS[2 * q + (bit >>> 5)] >>> (bit & 31)) & 1) !== 0;
}

/** Matches global parts q .. last - 1 of a pattern from `at` on; returns the end of the match or -1. */
function matchForward(q: number, last: number, at: number, length: number): number {
  if (q >= last) return at;
  if (PART_GAP[q] !== 0) {
    // A gap: the next part starts 0..GAP characters later, within the clause (a literal next part
    // only where one of its alternatives may start).
    const literalNext = q + 1 < last && PART_GAP[q + 1] === 0;
    for (let skip = 0; skip <= GAP && at + skip <= length; skip++) {
      if (skip > 0 && isClauseBreak(codes[at + skip - 1])) break;
      if (literalNext && (at + skip >= length || !mayStart(q + 1, codes[at + skip]))) continue;
      const end = matchForward(q + 1, last, at + skip, length);
      if (end >= 0) return end;
    }
    return -1;
  }
  if (at >= length || !mayStart(q, codes[at])) return -1;
  for (let a = PART_ALT_START[q]; a < PART_ALT_START[q + 1]; a++) {
    if (!alternativeAt(a, at, length)) continue;
    const end = matchForward(q + 1, last, at + ALT_CODE_START[a + 1] - ALT_CODE_START[a], length);
    if (end >= 0) return end;
  }
  return -1;
}

/** Matches global parts first .. q of a pattern ending at `at`; returns the start of the match or -1. */
function matchBackward(q: number, first: number, at: number): number {
  if (q < first) return at;
  if (PART_GAP[q] !== 0) {
    const literalBefore = q > first && PART_GAP[q - 1] === 0;
    for (let skip = 0; skip <= GAP && at - skip >= 0; skip++) {
      if (skip > 0 && isClauseBreak(codes[at - skip])) break;
      if (literalBefore && (at - skip <= 0 || !mayEnd(q - 1, codes[at - skip - 1]))) continue;
      const start = matchBackward(q - 1, first, at - skip);
      if (start >= 0) return start;
    }
    return -1;
  }
  if (at <= 0 || !mayEnd(q, codes[at - 1])) return -1;
  for (let a = PART_ALT_START[q]; a < PART_ALT_START[q + 1]; a++) {
    const l = ALT_CODE_START[a + 1] - ALT_CODE_START[a];
    if (!alternativeAt(a, at - l, at)) continue;
    const start = matchBackward(q - 1, first, at - l);
    if (start >= 0) return start;
  }
  return -1;
}

/** ，。！？；and their ASCII forms, and a new line: where a clause ends. */
function isClauseBreak(c: number): boolean {
  return c === 0x2c || c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b || c === 0x0a || c === 0x3002 || c === 0xff0c || c === 0xff01 || c === 0xff1f || c === 0xff1b;
}

function hasClauseBreak(from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isClauseBreak(codes[i])) return true;
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
    if (wantFlag !== 0 ? (TERM_REC[8 * t + R_FLAGS] & wantFlag) === 0 : TERM_REC[8 * t + R_DEGREE] === 0) continue;
    if (best >= 0 && ends[best] >= end) continue;
    if (hasBreak(end, start)) continue;
    if (wantFlag !== 0 && stopCount > 0 && stopBetween(end, start)) continue;
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

/** A negation scope stop (就, 而是) starting in [from, to). */
function stopBetween(from: number, to: number): boolean {
  for (let s = 0; s < stopCount; s++) if (stopStarts[s] >= from && stopStarts[s] < to) return true;
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
