import type { DrillCheck, DrillElementResult, DrillForbiddenHit, DrillMarker } from '@shared/contracts/growth-practice-view';
import {
  DRILL_ELEMENT_LABELS,
  DRILL_ELEMENT_POINTS,
  DRILL_ELEMENTS,
  DRILL_FORBIDDEN_PENALTY,
  DRILL_LENGTH_PENALTY,
  DRILL_MARKER_PENALTY,
  DRILL_MARKER_PENALTY_MAX,
  type DrillElement,
} from '@shared/domain/growth';

/**
 * The rule-based check of a drill reply (情景演练): a pure function of the scenario's rubric, the
 * reply, and the negative markers the sentiment engine found in it. No model, no database: the same
 * reply always gets the same feedback (docs/modules/growth.md "Practice drills").
 */

/** One required element: any of its patterns (regular-expression sources) counts. */
export interface ElementRule {
  patterns: readonly string[];
  /** Shown when the element is missing. */
  hint: string;
  /** The next step must say when, in the same sentence: 30分钟内, 今天下午3点前, 明天上午. */
  needsTime?: boolean;
}

/** A phrase the reply must not hold (推诿, 顶撞): a regular-expression source, with what it sounds like. */
export interface ForbiddenRule {
  pattern: string;
  hint: string;
}

export interface Rubric {
  elements: Record<DrillElement, ElementRule>;
  forbidden: readonly ForbiddenRule[];
  minChars: number;
  maxChars: number;
}

/** A negative or sarcastic term the sentiment engine found (its `analyze` evidence). */
export interface MarkerEvidence {
  term: string;
  start: number;
  end: number;
  kind: string;
  weight: number;
}

/**
 * How strong a negative term must be to count as tone: the engine also marks the words of a problem
 * (故障, 问题, 麻烦: weights below 1.5), which a reply must be able to name. Sarcasm always counts.
 */
export const MARKER_MIN_WEIGHT = 1.5;

/** What, right before a match, turns it around: 不是不管 is not 不管, 我不理解 is not 理解. */
const NEGATOR = /(不是|并非|并不|绝不|决不|不会|不要|请勿|没有|无需|不用|不|没|别|勿)$/u;

/** Numbers as agents write them: 30, ３０, 三十, 两, 半. */
const NUM = '[0-9０-９一二两三四五六七八九十百半]+';
const DAY_WORD = '(今天|今日|今晚|明天|明日|后天|本周[一二三四五六日天]?|下周[一二三四五六日天]|周[一二三四五六日天]|星期[一二三四五六日天])';
const PART = '(早上|上午|中午|下午|傍晚|晚上)';

/**
 * A time an agent commits to: a duration with 内 (30分钟内, 半小时内, 2小时内, 两个工作日内), a clock time
 * (下午三点前, 15:00, 3点半, 9点), a day or part of one (明天上午, 今天下午, 今晚, 周五前, 下班前).
 * 马上 / 立即 alone are not a time: say when.
 */
export const TIME_PATTERNS: readonly RegExp[] = [
  new RegExp(`${NUM}\\s*(个)?(分钟|小时|钟头|天|个?工作日|刻钟)(之内|以内|内|左右)`, 'u'),
  new RegExp(`${DAY_WORD}?${PART}${NUM}\\s*[点时](半|整|钟|${NUM}分?)?(前|之前|以前|左右)?`, 'u'),
  new RegExp(`${NUM}\\s*[点时](半|整|钟|[0-9一二三四五六七八九十]+分)?(前|之前|以前)`, 'u'),
  new RegExp(`[0-9]{1,2}\\s*[点时]`, 'u'),
  /[0-9]{1,2}[:：][0-9]{2}/u,
  new RegExp(`${DAY_WORD}${PART}?(之内|以内|内|之前|以前|前)?`, 'u'),
  new RegExp(`${PART}(之前|以前|前)`, 'u'),
  /(下班|天黑|中午|晚饭)(之前|以前|前)/u,
];

/** The first time expression of a text, or null. */
export function findTime(text: string): string | null {
  let best: { at: number; text: string } | null = null;
  for (const re of TIME_PATTERNS) {
    const m = re.exec(text);
    if (m && (best === null || m.index < best.at || (m.index === best.at && m[0].length > best.text.length))) best = { at: m.index, text: m[0] };
  }
  return best?.text ?? null;
}

interface Match {
  text: string;
  start: number;
  end: number;
}

/** Every match of a pattern that no negator turns around. */
export function affirmedMatches(text: string, pattern: string): Match[] {
  const re = new RegExp(pattern, 'gu');
  const out: Match[] = [];
  for (const m of text.matchAll(re)) {
    if (!m[0]) continue;
    const start = m.index ?? 0;
    if (NEGATOR.test(text.slice(Math.max(0, start - 3), start))) continue;
    out.push({ text: m[0], start, end: start + m[0].length });
  }
  return out;
}

/** The sentences of a reply (a next step and its time must be in the same one). */
function sentences(text: string): string[] {
  return text.split(/[。！？!?；;\n]+/u).filter((s) => s.trim());
}

function firstOf(text: string, patterns: readonly string[]): string[] {
  const found: string[] = [];
  for (const p of patterns) {
    const m = affirmedMatches(text, p)[0];
    if (m && !found.includes(m.text)) found.push(m.text);
  }
  return found;
}

function checkElement(element: DrillElement, rule: ElementRule, reply: string): DrillElementResult {
  const base = { element, label: DRILL_ELEMENT_LABELS[element], points: DRILL_ELEMENT_POINTS[element] };
  if (!rule.needsTime) {
    const matched = firstOf(reply, rule.patterns);
    return { ...base, met: matched.length > 0, hint: matched.length ? '做到了' : rule.hint, matched };
  }
  let actionOnly: string[] = [];
  for (const s of sentences(reply)) {
    const actions = firstOf(s, rule.patterns);
    if (!actions.length) continue;
    const time = findTime(s);
    if (time) return { ...base, met: true, hint: '做到了：说清了做什么、什么时候', matched: [...actions, time] };
    if (!actionOnly.length) actionOnly = actions;
  }
  if (actionOnly.length) {
    return { ...base, met: false, hint: '说了要做什么，但没说什么时候：在同一句里加上时间，如“30分钟内”“今天下午3点前”“明天上午”', matched: actionOnly };
  }
  return { ...base, met: false, hint: rule.hint, matched: [] };
}

/** Characters that count towards the length (spaces and line breaks do not). */
export const replyChars = (reply: string): number => [...reply.replace(/\s+/gu, '')].length;

/**
 * Check a reply against a rubric. `markers` are the sentiment engine's evidence on the reply;
 * `ownerMessage` is the owner's message: a marker that repeats the owner's own words (漏水, 噪音) is
 * the problem restated, not the agent's tone, and does not count.
 */
export function checkReply(rubric: Rubric, reply: string, markers: readonly MarkerEvidence[] = [], ownerMessage = ''): DrillCheck {
  const elements = DRILL_ELEMENTS.map((e) => checkElement(e, rubric.elements[e], reply));

  const forbidden: DrillForbiddenHit[] = [];
  for (const f of rubric.forbidden) {
    for (const m of affirmedMatches(reply, f.pattern)) {
      if (forbidden.some((h) => m.start < h.end && h.start < m.end)) continue;
      forbidden.push({ text: m.text, start: m.start, end: m.end, hint: f.hint });
    }
  }
  forbidden.sort((a, b) => a.start - b.start);

  const toned: DrillMarker[] = markers
    .filter((m) => (m.kind === 'sarcasm' ? m.weight > 0 : m.kind === 'negative' && m.weight >= MARKER_MIN_WEIGHT) && !ownerMessage.includes(m.term))
    .filter((m) => !forbidden.some((h) => m.start < h.end && h.start < m.end))
    .map((m) => ({ text: m.term, kind: m.kind as DrillMarker['kind'], start: m.start, end: m.end }));

  const chars = replyChars(reply);
  const length = { chars, min: rubric.minChars, max: rubric.maxChars, ok: chars >= rubric.minChars && chars <= rubric.maxChars };
  const earned = elements.reduce((sum, e) => sum + (e.met ? e.points : 0), 0);
  const score = Math.max(
    0,
    Math.min(100, earned - forbidden.length * DRILL_FORBIDDEN_PENALTY - Math.min(DRILL_MARKER_PENALTY_MAX, toned.length * DRILL_MARKER_PENALTY) - (length.ok ? 0 : DRILL_LENGTH_PENALTY)),
  );
  const passed = elements.every((e) => e.met) && forbidden.length === 0 && length.ok;
  return { elements, forbidden, markers: toned, length, score, passed };
}
