/**
 * The topic decision: which of the topic matches of a message name what the message is ABOUT.
 * A topic keyword counts fully when it is a subject of the message; it counts less (a "modifier"
 * hit, kept only when the message names no subject at all) when
 * - it only says where something happened: a place word before it (跑到/喺/靠近 地库; also advice
 *   such as 别坐 电梯) or after it (电梯里, 花坛边, 单元门口, 草坪上) — lexicon/topics.ts
 *   TOPIC_PLACE_BEFORE / TOPIC_PLACE_AFTER / TOPIC_NOT_PLACE_AFTER (电梯里的按钮 stays the subject);
 * - it sits inside a quotation (“…”「…」), the quoted notice being context rather than the subject;
 * - it is a modifier keyword (TOPIC_MODIFIER_KEYWORDS: 水管 in 水管爆了 is where the leak is,
 *   管理员 is who was asked).
 * A keyword inside a longer topic keyword or phrase (垃圾 in 装修垃圾, 态度 in 快递员态度) counts for
 * nothing: the longer one names the topic. The service topic (物业 attitude, 不作为, 推诿, replacing
 * the company, 物业不管事) is the fallback subject: it counts only when no concrete topic does
 * (楼上漏水三个月，物业一直敷衍 is about the leak). Several concrete subjects each count; subject
 * or modifier is only worked out when two concrete topics compete (most messages have one).
 * Pure and allocation-free apart from the returned list; the caller (analyze.ts) passes its
 * scratch arrays in a TopicView and reads back `evidenceCount`.
 */
import type { SentimentTopic } from '@shared/domain/sentiment';
import * as domain from '@shared/domain/sentiment';
import * as topicsFile from '../lexicon/topics';
import { normalize } from './normalize';

const SENTIMENT_TOPICS = domain.SENTIMENT_TOPICS;
const FALLBACK_BIT = 1 << SENTIMENT_TOPICS.indexOf(topicsFile.FALLBACK_TOPIC);

/** The message's scratch arrays as analyze.ts holds them (normalised offsets unless noted). */
export interface TopicView {
  /** Normalised code units [0, length) and, per unit, its original offset (source[length] = original end). */
  codes: Uint16Array;
  length: number;
  source: Int32Array;
  /** Topic matches [topicStarts[t], topicEnds[t]) with their topic bits, t < topicCount. */
  topicStarts: Int32Array;
  topicEnds: Int32Array;
  topicBits: Int32Array;
  topicCount: number;
  /** Lexical matches (for blockers such as 卫生间), i < lexicalCount, and the term flags. */
  starts: Int32Array;
  ends: Int32Array;
  lexTerm: Int32Array;
  lexicalCount: number;
  termFlags: Int32Array;
  blockerFlag: number;
  blockers: boolean;
  /** Spans of `topic` entries (their own topics replace the keywords inside them). */
  overrideStarts: Int32Array;
  overrideEnds: Int32Array;
  overrides: number;
  /** Evidence queue: topic evidence is written from evidenceCount on (ref = -1 - topic index). */
  evidenceStart: Int32Array;
  evidenceEnd: Int32Array;
  evidenceRef: Int32Array;
  evidenceCount: number;
}

const toCodes = (words: readonly string[]): Uint16Array[] =>
  [...new Set(words.map((w) => normalize(w).text).filter((w) => w.length > 0))].map((w) => {
    const a = new Uint16Array(w.length);
    for (let i = 0; i < w.length; i++) a[i] = w.charCodeAt(i);
    return a;
  });

const PLACE_BEFORE = toCodes(topicsFile.TOPIC_PLACE_BEFORE);
const PLACE_AFTER = toCodes(topicsFile.TOPIC_PLACE_AFTER);
const NOT_PLACE_AFTER = toCodes(topicsFile.TOPIC_NOT_PLACE_AFTER);
const MODIFIER_KEYWORDS = toCodes(topicsFile.TOPIC_MODIFIER_KEYWORDS);

// Per code unit, what it may start or end (so most hits are decided by one table lookup):
// the last character of a place-before word, the first of a place-after (or not-place-after)
// word, the first of a modifier keyword, an opening or closing quotation mark (“ 「 『 and ” 」 』;
// the character table keeps them as they are).
const ENDS_BEFORE = 1;
const STARTS_AFTER = 2;
const STARTS_MODIFIER = 4;
const OPEN_QUOTE = 8;
const CLOSE_QUOTE = 16;
const CHAR_ROLE = new Uint8Array(65536);
for (const w of PLACE_BEFORE) CHAR_ROLE[w[w.length - 1]] |= ENDS_BEFORE;
for (const w of PLACE_AFTER) CHAR_ROLE[w[0]] |= STARTS_AFTER;
for (const w of NOT_PLACE_AFTER) CHAR_ROLE[w[0]] |= STARTS_AFTER;
for (const w of MODIFIER_KEYWORDS) CHAR_ROLE[w[0]] |= STARTS_MODIFIER;
for (const c of [0x201c, 0x300c, 0x300e]) CHAR_ROLE[c] |= OPEN_QUOTE;
for (const c of [0x201d, 0x300d, 0x300f]) CHAR_ROLE[c] |= CLOSE_QUOTE;
/** A quotation shorter than this (“好”) is an aside, not a quoted notice or reply. */
const MIN_QUOTE = 4;

// Per topic match: 0 dropped, 1 modifier, 2 subject. Grown on demand.
let strength = new Uint8Array(256);

/**
 * Decides the topics of the message and queues the evidence of the matches that carry them.
 * Updates view.evidenceCount.
 */
export function collectTopics(view: TopicView): SentimentTopic[] {
  const count = view.topicCount;
  if (strength.length < count) strength = new Uint8Array(count * 2);
  const starts = view.topicStarts;
  const ends = view.topicEnds;
  const bitsOf = view.topicBits;
  let all = 0;
  for (let t = 0; t < count; t++) {
    const start = starts[t];
    const end = ends[t];
    strength[t] = 0;
    if (view.blockers && insideBlocker(view, start, end)) continue;
    if (view.overrides > 0 && insideOverride(view, start, end)) continue;
    if (count > 1 && insideLongerTopic(view, start, end)) continue;
    strength[t] = 2;
    all |= bitsOf[t];
  }
  // Subject or modifier only matters when two concrete topics compete.
  const concrete = all & ~FALLBACK_BIT;
  let subject = all;
  let modifier = 0;
  if ((concrete & (concrete - 1)) !== 0) {
    const codes = view.codes;
    const length = view.length;
    let quoteStart = 0;
    let quoteEnd = 0;
    for (let i = 0; i < length; i++) {
      if ((CHAR_ROLE[codes[i]] & OPEN_QUOTE) === 0) continue;
      let j = i + 1;
      while (j < length && (CHAR_ROLE[codes[j]] & CLOSE_QUOTE) === 0) j++;
      if (j < length && j - i > MIN_QUOTE) {
        quoteStart = i;
        quoteEnd = j;
        break;
      }
    }
    subject = 0;
    for (let t = 0; t < count; t++) {
      if (strength[t] === 0) continue;
      const start = starts[t];
      const end = ends[t];
      const weak =
        ((CHAR_ROLE[codes[start]] & STARTS_MODIFIER) !== 0 && isModifierKeyword(codes, start, end)) ||
        (start > 0 && (CHAR_ROLE[codes[start - 1]] & ENDS_BEFORE) !== 0 && placeBefore(codes, start)) ||
        (end < length && (CHAR_ROLE[codes[end]] & STARTS_AFTER) !== 0 && placeAfter(codes, end, length)) ||
        (quoteEnd > 0 && start > quoteStart && end <= quoteEnd);
      strength[t] = weak ? 1 : 2;
      if (weak) modifier |= bitsOf[t];
      else subject |= bitsOf[t];
    }
  }
  // Concrete subjects, else concrete modifiers, else the fallback (service).
  let mask = subject & ~FALLBACK_BIT;
  if (mask === 0) mask = modifier & ~FALLBACK_BIT;
  if (mask === 0) mask = (subject | modifier) & FALLBACK_BIT;

  let e = view.evidenceCount;
  const source = view.source;
  for (let t = 0; t < count; t++) {
    if (strength[t] === 0) continue;
    const bits = bitsOf[t] & mask;
    if (bits === 0) continue;
    const start = source[starts[t]];
    const end = source[ends[t]];
    for (let rest = bits; rest !== 0; rest &= rest - 1) {
      view.evidenceStart[e] = start;
      view.evidenceEnd[e] = end;
      view.evidenceRef[e++] = -1 - (31 - Math.clz32(rest & -rest));
    }
  }
  view.evidenceCount = e;
  const topics: SentimentTopic[] = [];
  for (let rest = mask; rest !== 0; rest &= rest - 1) topics.push(SENTIMENT_TOPICS[31 - Math.clz32(rest & -rest)]);
  return topics;
}

function literalAt(codes: Uint16Array, word: Uint16Array, at: number, length: number): boolean {
  if (at < 0 || at + word.length > length) return false;
  for (let i = 0; i < word.length; i++) if (codes[at + i] !== word[i]) return false;
  return true;
}

function isModifierKeyword(codes: Uint16Array, start: number, end: number): boolean {
  for (let k = 0; k < MODIFIER_KEYWORDS.length; k++) {
    const word = MODIFIER_KEYWORDS[k];
    if (word.length === end - start && literalAt(codes, word, start, end)) return true;
  }
  return false;
}

function placeBefore(codes: Uint16Array, start: number): boolean {
  for (let k = 0; k < PLACE_BEFORE.length; k++) {
    const word = PLACE_BEFORE[k];
    if (literalAt(codes, word, start - word.length, start)) return true;
  }
  return false;
}

function placeAfter(codes: Uint16Array, end: number, length: number): boolean {
  for (let k = 0; k < NOT_PLACE_AFTER.length; k++) if (literalAt(codes, NOT_PLACE_AFTER[k], end, length)) return false;
  for (let k = 0; k < PLACE_AFTER.length; k++) if (literalAt(codes, PLACE_AFTER[k], end, length)) return true;
  return false;
}

/** A topic match inside a longer one (垃圾 in 装修垃圾, 电梯 in 电梯口): the longer one decides. */
function insideLongerTopic(view: TopicView, start: number, end: number): boolean {
  for (let o = 0; o < view.topicCount; o++) {
    const s = view.topicStarts[o];
    const f = view.topicEnds[o];
    if (s <= start && f >= end && f - s > end - start) return true;
  }
  return false;
}

function insideBlocker(view: TopicView, start: number, end: number): boolean {
  for (let j = 0; j < view.lexicalCount; j++) {
    if ((view.termFlags[view.lexTerm[j]] & view.blockerFlag) !== 0 && view.starts[j] <= start && view.ends[j] >= end) return true;
  }
  return false;
}

function insideOverride(view: TopicView, start: number, end: number): boolean {
  for (let o = 0; o < view.overrides; o++) {
    if (view.overrideStarts[o] <= start && view.overrideEnds[o] >= end && view.overrideEnds[o] - view.overrideStarts[o] > end - start) return true;
  }
  return false;
}
