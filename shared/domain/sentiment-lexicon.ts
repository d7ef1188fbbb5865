/**
 * Lexicon entries of the sentiment engine that staff can add (a community's overlay, 本小区词库) and
 * that the built-in rule files use too: one format, one validation. Pure and dependency-free.
 *
 * Kinds:
 * - `phrase`  — wording that complains (漏报 fixed): its level, topics and, for `high`, why it is an
 *               escalation risk (group).
 * - `benign`  — wording that is NOT a complaint (误报 fixed): the complaint words inside it count for
 *               nothing (投诉电话是多少, 修好了). Topics inside it still count.
 * - `topic`   — wording whose topics are exactly `topics` (wrong topic fixed): the topic keywords
 *               inside it are replaced by these.
 * - `pattern` — a template with slots: literal text, `(a|b|c)` alternatives and `…` (a gap of up to
 *               PATTERN_GAP characters inside one clause): 这个物业(必须|得|该)换, 再不…就(投诉|曝光).
 *               Level, topics and group as for `phrase`.
 */
import type { AnalysisLexicon, EscalationGroup, SentimentLevel, SentimentTopic } from './sentiment';
import { ESCALATION_GROUPS, SENTIMENT_TOPICS } from './sentiment';

export const LEXICON_ENTRY_KINDS = ['phrase', 'benign', 'topic', 'pattern'] as const;
export type LexiconEntryKind = (typeof LEXICON_ENTRY_KINDS)[number];
export const LEXICON_ENTRY_KIND_LABELS: Record<LexiconEntryKind, string> = {
  phrase: '负面说法',
  benign: '非负面说法',
  topic: '话题说法',
  pattern: '句式',
};

/** What staff say is wrong with a verdict (the correction loop, sentiment-lexicon.contract.ts). */
export const CORRECTION_KINDS = ['missed', 'false_alarm', 'wrong_topic', 'wrong_level'] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];
export const CORRECTION_KIND_LABELS: Record<CorrectionKind, string> = {
  missed: '漏报',
  false_alarm: '误报',
  wrong_topic: '话题不对',
  wrong_level: '级别不对',
};
export const CORRECTION_KIND_HINTS: Record<CorrectionKind, string> = {
  missed: '这条消息是投诉或不满，系统没有识别出来',
  false_alarm: '这条消息并不是负面的，系统却判为负面',
  wrong_topic: '负面判断没错，但话题不对',
  wrong_level: '负面判断没错，但级别偏高或偏低',
};
export const CORRECTION_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];
export const CORRECTION_STATUS_LABELS: Record<CorrectionStatus, string> = { pending: '待审核', accepted: '已采纳', rejected: '未采纳' };

/** Levels a phrase or pattern can carry (none is what `benign` says). */
export const ENTRY_LEVELS = ['low', 'medium', 'high'] as const satisfies readonly SentimentLevel[];
export type EntryLevel = (typeof ENTRY_LEVELS)[number];

export interface PhraseEntry {
  kind: 'phrase';
  text: string;
  level: EntryLevel;
  topics: SentimentTopic[];
  /** Required when level is `high`. */
  group?: EscalationGroup;
}
export interface BenignEntry {
  kind: 'benign';
  text: string;
}
export interface TopicEntry {
  kind: 'topic';
  text: string;
  topics: SentimentTopic[];
}
export interface PatternEntry {
  kind: 'pattern';
  text: string;
  level: EntryLevel;
  topics: SentimentTopic[];
  group?: EscalationGroup;
}
export type LexiconEntry = PhraseEntry | BenignEntry | TopicEntry | PatternEntry;

/** Limits of an entry's text (characters as written). */
export const ENTRY_TEXT_MIN = 2;
export const ENTRY_TEXT_MAX = 30;
/** A pattern's `…` spans at most this many characters, never across a clause break. */
export const PATTERN_GAP = 8;
/** A pattern needs this many literal characters outside its gaps (shortest alternative counted). */
export const PATTERN_MIN_LITERAL = 2;
/** Alternatives per slot, slots per pattern. */
export const PATTERN_MAX_ALTERNATIVES = 12;
export const PATTERN_MAX_SLOTS = 6;
/** Entries in one community's overlay. */
export const OVERLAY_MAX_ENTRIES = 2000;

/** One piece of a parsed pattern: literal alternatives (one for plain text) or a gap. */
export type PatternPart = { alternatives: string[] } | { gap: true };

export type PatternParse = { ok: true; parts: PatternPart[] } | { ok: false; reason: string };

/**
 * Parses a pattern's text into parts, or says in Chinese why it is refused: unbalanced or nested
 * brackets, an empty alternative, a gap at either end or two gaps in a row, too many slots, and a
 * pattern that would match almost everything (fewer than PATTERN_MIN_LITERAL literal characters).
 */
export function parsePattern(text: string): PatternParse {
  const parts: PatternPart[] = [];
  let literal = '';
  let i = 0;
  const flush = (): void => {
    if (literal) parts.push({ alternatives: [literal] });
    literal = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '…' || (c === '.' && text.startsWith('...', i))) {
      flush();
      if (parts.length === 0) return { ok: false, reason: '句式不能以“…”开头' };
      if ('gap' in parts[parts.length - 1]) return { ok: false, reason: '句式中不能连续使用“…”' };
      parts.push({ gap: true });
      i += c === '…' ? (text[i + 1] === '…' ? 2 : 1) : 3;
      continue;
    }
    if (c === '(' || c === '（') {
      flush();
      const close = findClose(text, i + 1);
      if (close < 0) return { ok: false, reason: '括号不成对' };
      const inner = text.slice(i + 1, close);
      if (/[()（）]/.test(inner)) return { ok: false, reason: '括号不能嵌套' };
      const alternatives = inner.split(/[|｜]/).map((a) => a.trim());
      if (alternatives.some((a) => a.length === 0)) return { ok: false, reason: '括号中的备选词不能为空' };
      if (alternatives.some((a) => a.includes('…') || a.includes('...'))) return { ok: false, reason: '备选词中不能使用“…”' };
      if (alternatives.length > PATTERN_MAX_ALTERNATIVES) return { ok: false, reason: `每组备选词最多${PATTERN_MAX_ALTERNATIVES}个` };
      parts.push({ alternatives });
      i = close + 1;
      continue;
    }
    if (c === ')' || c === '）') return { ok: false, reason: '括号不成对' };
    if (c === '|' || c === '｜') return { ok: false, reason: '“|”只能用在括号中' };
    literal += c;
    i++;
  }
  flush();
  if (parts.length === 0) return { ok: false, reason: '句式不能为空' };
  if ('gap' in parts[parts.length - 1]) return { ok: false, reason: '句式不能以“…”结尾' };
  const slots = parts.filter((p) => !('gap' in p)).length;
  if (slots > PATTERN_MAX_SLOTS) return { ok: false, reason: `句式最多${PATTERN_MAX_SLOTS}段` };
  // Particles and punctuation (的了吗…) carry no wording: `(的|了)…吗` has no literal character that narrows it.
  const wording = (a: string) => [...a.trim()].filter((ch) => !PARTICLE_OR_PUNCTUATION.test(ch)).length;
  const literalChars = parts.reduce((sum, p) => sum + ('gap' in p ? 0 : Math.min(...p.alternatives.map(wording))), 0);
  if (literalChars < PATTERN_MIN_LITERAL) return { ok: false, reason: `句式过于宽泛，会匹配几乎所有消息：至少需要${PATTERN_MIN_LITERAL}个固定字` };
  return { ok: true, parts };
}

function findClose(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (text[i] === ')' || text[i] === '）') return i;
  return -1;
}

/** One character that carries no wording in a pattern's literal parts. */
const PARTICLE_OR_PUNCTUATION = /^[\s\p{P}\p{S}的了吗呢啊吧呀哦嗯]$/u;

/** Characters that carry no wording: an entry made only of these would match nearly every message. */
const FILLER = /^[\s\p{P}\p{S}a-zA-Z的了吗呢啊吧呀哦嗯]*$/u;

/**
 * Why an entry is refused, or null: empty or blank, too short or too long, a text of only
 * punctuation, digits or particles (matches everything), no topic where one is required, a `high`
 * phrase without its escalation group, a malformed pattern. Shared by the contract (400 with the
 * reason) and by the engine's compiler (built-in rule files are checked by a unit test).
 */
export function entryProblem(entry: LexiconEntry): string | null {
  const text = entry.text.trim();
  if (text.length === 0) return '内容不能为空';
  if (text.length > ENTRY_TEXT_MAX) return `内容最多${ENTRY_TEXT_MAX}字`;
  if (entry.kind !== 'pattern') {
    if (text.length < ENTRY_TEXT_MIN) return `内容至少${ENTRY_TEXT_MIN}个字`;
    // Letters are wording (pinyin initials: tmd, wy), and so is a number of 3+ digits (12345, 110);
    // punctuation, particles and a short number alone are not.
    if ((FILLER.test(text) && !/[a-z]{2,}/i.test(text)) || /^[0-9\s]{0,2}$/.test(text.replace(/\s/g, ''))) return '内容过于宽泛，会匹配几乎所有消息';
  } else {
    const parsed = parsePattern(text);
    if (!parsed.ok) return parsed.reason;
  }
  if (entry.kind === 'topic' && entry.topics.length === 0) return '请选择至少一个话题';
  if ((entry.kind === 'phrase' || entry.kind === 'pattern') && entry.level === 'high' && !entry.group) return '升级风险须注明原因';
  for (const t of 'topics' in entry ? entry.topics : []) if (!SENTIMENT_TOPICS.includes(t)) return '话题无效';
  if ('group' in entry && entry.group && !ESCALATION_GROUPS.includes(entry.group)) return '升级原因无效';
  return null;
}

/** How a verdict names the lexicon it was made with (the built-in hash + the overlay's version). */
export type LexiconVersion = AnalysisLexicon;

export function lexiconVersionLabel(v: LexiconVersion): string {
  return v.overlay > 0 ? `内置 ${v.builtin} + 本小区 v${v.overlay}` : `内置 ${v.builtin}`;
}
