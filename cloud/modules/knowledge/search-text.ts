/**
 * Chinese text search without a tokenizer library or a `$text` index (FerretDB/SQLite has none):
 *
 * - `normalise`: one character in, one character out (so offsets in the normalised text are offsets
 *   in the original): Traditional → Simplified (t2s.ts), full-width → half-width, upper → lower case,
 *   a few same-length synonyms (交费 → 缴费), punctuation and spaces → a space.
 * - `indexTerms`: what an article stores in its indexed `terms` array — every character and every
 *   pair of neighbouring characters (bigram) of its Chinese runs, and every Latin word / number.
 * - `queryTerms`: the query without its question words and particles (怎么, 如何, 的 …), its bigrams
 *   (a query of one character: that character), and its words.
 * - `rank`: scores the candidates (articles holding any query term, found with `$in`): each query term
 *   weighs by its rarity among the community’s articles,
 *   coverage = the share of the query's weight an article holds, hits in the title or keywords count
 *   more than hits in the body. An article below MIN_COVERAGE, or matching question words only, is no
 *   answer.
 * - `snippet`: the passage of the body with the most query terms, and the ranges to highlight.
 */
import { SIMPLIFIED, TRADITIONAL } from './t2s';

const T2S = new Map<string, string>();
for (let i = 0; i < TRADITIONAL.length; i++) T2S.set(TRADITIONAL[i], SIMPLIFIED[i]);

/**
 * Same-length rewrites applied to articles and queries alike: owners' words → the articles' words.
 * Only pairs that cannot straddle two words (物管 would turn 宠物管理 into 宠物业理).
 */
const SYNONYMS: ReadonlyArray<readonly [string, string]> = [
  ['交费', '缴费'],
  ['交纳', '缴纳'],
  ['交钱', '缴费'],
  ['泊车', '停车'],
  ['门卡', '门禁'],
];

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff]/;
const WORD_CHAR = /[a-z0-9]/;

/** The text for matching: same length as `text`, character for character. */
export function normalise(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    let c = text[i];
    const code = text.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) c = String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) c = ' ';
    c = T2S.get(c) ?? c;
    if (c >= 'A' && c <= 'Z') c = c.toLowerCase();
    out += CJK.test(c) || WORD_CHAR.test(c) ? c : ' ';
  }
  for (const [from, to] of SYNONYMS) if (out.includes(from)) out = out.split(from).join(to);
  return out;
}

/** The runs of a normalised text: Chinese runs and Latin/number words, with their offsets. */
function runs(norm: string): { text: string; cjk: boolean }[] {
  const out: { text: string; cjk: boolean }[] = [];
  const re = /[\u3400-\u4dbf\u4e00-\u9fff]+|[a-z0-9]+/g;
  for (let m = re.exec(norm); m; m = re.exec(norm)) out.push({ text: m[0], cjk: CJK.test(m[0][0]) });
  return out;
}

/** Latin words and numbers longer than this are cut (a pasted code or URL is no search word). */
const WORD_MAX = 20;

/** The terms an article is found by: every character and bigram of its Chinese runs, every word. */
export function indexTerms(...texts: string[]): string[] {
  const terms = new Set<string>();
  for (const t of texts)
    for (const r of runs(normalise(t))) {
      if (!r.cjk) {
        terms.add(r.text.slice(0, WORD_MAX));
        continue;
      }
      for (let i = 0; i < r.text.length; i++) {
        terms.add(r.text[i]);
        if (i + 1 < r.text.length) terms.add(r.text.slice(i, i + 2));
      }
    }
  return [...terms];
}

/** Words of a question, not of its subject: cut out of a query before its terms are taken. */
const QUESTION_WORDS = ['能不能', '有没有', '怎么办', '怎么', '如何', '什么', '哪里', '哪儿', '哪个', '请问', '是否', '多少', '怎样', '可以', '需要', '一下', '我们', '我家', '你们', '时候'];
/** Particles that never start a subject: cut too. */
const PARTICLES = /[我的了吗呢啊吧]/g;

/**
 * The terms of a query: its question words and particles cut out (物业费怎么交 → 物业费 · 交), then
 * the bigrams of its Chinese runs and its words. A run of one character counts only when it is
 * all the query has (交 alone finds 交; beside 物业费 it is noise).
 */
export function queryTerms(query: string): string[] {
  let norm = normalise(query);
  for (const w of QUESTION_WORDS) if (norm.includes(w)) norm = norm.split(w).join(' ');
  norm = norm.replace(PARTICLES, ' ');
  const all = runs(norm);
  const long = all.some((r) => !r.cjk || r.text.length > 1);
  const terms = new Set<string>();
  for (const r of all) {
    if (!r.cjk) terms.add(r.text.slice(0, WORD_MAX));
    else if (r.text.length === 1) {
      if (!long) terms.add(r.text);
    } else for (let i = 0; i + 1 < r.text.length; i++) terms.add(r.text.slice(i, i + 2));
  }
  return [...terms];
}

/** The normalised query as logged and counted (missing answers): its runs joined by one space. */
export function canonicalQuery(query: string): string {
  return runs(normalise(query))
    .map((r) => r.text)
    .join(' ')
    .slice(0, 50);
}

/** Question words in an article's text are not highlighted. */
const QUESTION_TERMS = new Set(QUESTION_WORDS);
/** An article holding less than this share of the query's weight is no answer. */
export const MIN_COVERAGE = 0.3;
/**
 * A whole question typed by an owner (请问我家车想长期停在小区里要办什么手续…) has many bigrams that
 * no article holds (words joined across their boundary): past this many terms the floor on the
 * query's whole weight falls in proportion, while the floor on the weight of the terms the community's
 * articles do hold stays MIN_COVERAGE — so a long question still finds its answer and a short one
 * with one common word (火星物业) does not match everything with that word.
 */
const SHORT_QUERY_TERMS = 6;
/** Where a term is found adds to its weight: in the title, in the keywords, in the body. */
const TITLE_BOOST = 3;
const KEYWORD_BOOST = 1.5;
const BODY_BOOST = 0.5;
const MAX_BOOST = TITLE_BOOST + KEYWORD_BOOST + BODY_BOOST;

export interface RankDoc {
  title: string;
  keywords: readonly string[];
  terms: readonly string[];
}

export interface Ranked<D> {
  doc: D;
  /** 0–100. */
  score: number;
  /** The query terms the article holds. */
  matched: string[];
}

/**
 * The candidates that answer the query, best first. `total` is how many articles the caller may
 * see in the community (the rarity of a term is measured against it).
 */
export function rank<D extends RankDoc>(query: string, candidates: readonly D[], total: number): Ranked<D>[] {
  const q = queryTerms(query);
  if (!q.length) return [];
  const sets = candidates.map((d) => new Set(d.terms));
  const n = Math.max(total, candidates.length, 1);
  const weight = new Map<string, number>();
  for (const t of q) {
    const df = sets.reduce((k, s) => k + (s.has(t) ? 1 : 0), 0);
    // Rarer terms weigh more; a term no article holds still weighs (it lowers coverage).
    weight.set(t, Math.log(1 + n / Math.max(df, 1)));
  }
  const sum = [...weight.values()].reduce((a, b) => a + b, 0);
  const known = q.filter((t) => sets.some((s) => s.has(t)));
  const sumKnown = known.reduce((a, t) => a + (weight.get(t) ?? 0), 0);
  const floor = MIN_COVERAGE * Math.min(1, SHORT_QUERY_TERMS / q.length);
  const out: Ranked<D>[] = [];
  candidates.forEach((d, i) => {
    const matched = q.filter((t) => sets[i].has(t));
    const held = matched.reduce((a, t) => a + (weight.get(t) ?? 0), 0);
    const coverage = held / sum;
    if (!matched.length || coverage < floor || held / sumKnown < MIN_COVERAGE) return;
    const title = new Set(indexTerms(d.title));
    const keywords = new Set(indexTerms(...d.keywords));
    const boosted = matched.reduce((a, t) => a + (weight.get(t) ?? 0) * ((title.has(t) ? TITLE_BOOST : 0) + (keywords.has(t) ? KEYWORD_BOOST : 0) + BODY_BOOST), 0);
    // coverage (0–1) × where the hits are (0.1–1).
    const score = Math.round(100 * coverage * (boosted / held / MAX_BOOST));
    out.push({ doc: d, score, matched });
  });
  return out.sort((a, b) => b.score - a.score);
}

export interface Snippet {
  text: string;
  /** [start, end) ranges of `text` to highlight. */
  highlights: [number, number][];
}

/** Where the terms occur in a text: merged [start, end) ranges. */
export function highlightsIn(text: string, terms: readonly string[]): [number, number][] {
  const norm = normalise(text);
  const ranges: [number, number][] = [];
  for (const t of terms) {
    if (QUESTION_TERMS.has(t)) continue;
    for (let at = norm.indexOf(t); at >= 0; at = norm.indexOf(t, at + 1)) ranges.push([at, at + t.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

export const SNIPPET_MAX = 80;

/** The sentence of the body holding most of the matched terms (cut around its first hit), highlighted. */
export function snippet(body: string, matched: readonly string[]): Snippet {
  const sentences = body.split(/(?<=[。！？!?；;\n])/).map((s) => s.trim()).filter(Boolean);
  let best = sentences[0] ?? '';
  let bestHits = -1;
  for (const s of sentences) {
    const norm = normalise(s);
    const hits = matched.filter((t) => !QUESTION_TERMS.has(t) && norm.includes(t)).length;
    if (hits > bestHits) {
      best = s;
      bestHits = hits;
    }
  }
  let text = best;
  if (text.length > SNIPPET_MAX) {
    const first = highlightsIn(text, matched)[0]?.[0] ?? 0;
    const start = Math.max(0, Math.min(first - 10, text.length - SNIPPET_MAX));
    text = `${start > 0 ? '…' : ''}${text.slice(start, start + SNIPPET_MAX)}…`;
  }
  return { text, highlights: bestHits > 0 ? highlightsIn(text, matched) : [] };
}
