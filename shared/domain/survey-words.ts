/**
 * The word list of a survey's free-text answers (问卷填空题的高频词): Chinese is written without
 * spaces, so the words are the 2–4-character runs (n-grams) and the short sentences (up to 12
 * characters between punctuation) that recur across answers, minus those that begin or end with a
 * function word (的、了、我…), a few words every answer has (物业、希望、建议…), and pieces that always
 * stand next to the same character (a fragment of a longer phrase, not a word). A shorter phrase inside a
 * longer one found in as many answers is dropped (停车 inside 停车位).
 * Latin words and numbers count as whole words. Counts are of answers, not occurrences: one answer
 * repeating a word counts once. Pure: the same texts always give the same list.
 */

export interface WordCount {
  word: string;
  /** How many answers contain it. */
  count: number;
}

/** Characters that never start or end a word (particles, pronouns, measure words, conjunctions). */
const EDGE_STOP = new Set([...'的了是在和与及或也都就还很太更最我你他她它们这那哪吗呢吧啊呀哦嗯个些把被给对得地着过么啥要会能可以又再才而但却如若让使从向到为于之其等里上下中来去有没']);
/** Words too common in answers to a property company to say anything. */
const STOP_WORDS = new Set([
  '物业', '希望', '建议', '觉得', '认为', '感觉', '可以', '一下', '一些', '一点', '非常', '比较', '目前', '现在', '已经', '还是', '就是', '但是', '因为', '所以',
  '如果', '这个', '那个', '什么', '怎么', '没有', '不是', '自己', '大家', '我们', '你们', '他们', '业主', '小区', '服务', '工作', '问题', '方面', '情况', '有些', '一直',
]);

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const MIN_LEN = 2;
const MAX_LEN = 4;

/** Runs of Chinese characters, and Latin/digit words, of one text. */
function runsOf(text: string): { cjk: string[]; latin: string[] } {
  const cjk: string[] = [];
  const latin: string[] = [];
  for (const m of text.normalize('NFKC').matchAll(/[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z][A-Za-z0-9]*/g)) {
    if (CJK.test(m[0][0] ?? '')) cjk.push(m[0]);
    else if (m[0].length >= 2) latin.push(m[0].toLowerCase());
  }
  return { cjk, latin };
}

/**
 * Running counts of the candidate words: in how many answers each appears, and what stands before and
 * after it (one character, '' at the edge of a run, null once two different ones were seen).
 */
export type WordCounts = Map<string, { count: number; left: string | null; right: string | null }>;

/** A whole run (between punctuation) of up to this many characters is a candidate too: a repeated short sentence. */
const RUN_MAX = 12;

/** The candidate words of one text, each with its neighbours in this text. */
function wordsOf(text: string): Map<string, { left: string | null; right: string | null }> {
  const out = new Map<string, { left: string | null; right: string | null }>();
  const add = (word: string, left: string, right: string) => {
    const seen = out.get(word);
    if (!seen) out.set(word, { left, right });
    else out.set(word, { left: seen.left === left ? left : null, right: seen.right === right ? right : null });
  };
  const { cjk, latin } = runsOf(text);
  for (const w of latin) add(w, '', '');
  for (const run of cjk) {
    const chars = [...run];
    const usable = (gram: string[]) => !EDGE_STOP.has(gram[0] as string) && !EDGE_STOP.has(gram[gram.length - 1] as string) && !STOP_WORDS.has(gram.join(''));
    if (chars.length > MAX_LEN && chars.length <= RUN_MAX && usable(chars)) add(run, '', '');
    for (let n = MIN_LEN; n <= MAX_LEN; n++) {
      for (let i = 0; i + n <= chars.length; i++) {
        const gram = chars.slice(i, i + n);
        if (usable(gram)) add(gram.join(''), chars[i - 1] ?? '', chars[i + n] ?? '');
      }
    }
  }
  return out;
}

/** Add one answer's text to running counts (a word counts once per answer). For streaming many answers. */
export function countWords(counts: WordCounts, text: string): void {
  for (const [w, n] of wordsOf(text)) {
    const seen = counts.get(w);
    if (!seen) counts.set(w, { count: 1, ...n });
    else counts.set(w, { count: seen.count + 1, left: seen.left === n.left ? n.left : null, right: seen.right === n.right ? n.right : null });
  }
}

/** Always the same character on one side (not a run's edge): a piece of a longer phrase, not a word (防通道经 in 消防通道经常). */
const closed = (side: string | null) => side !== null && side !== '';

/**
 * The most frequent words of running counts (at most `limit`), each found in at least `minCount`
 * answers (2 by default: a phrase one owner wrote is not a trend), most frequent first; equal counts:
 * the longer word first, then in Chinese order. A candidate always next to the same character is a
 * piece of a longer phrase and left out; so is one inside a longer listed word found in as many answers.
 */
export function topWords(counts: WordCounts, options: { limit?: number; minCount?: number } = {}): WordCount[] {
  const limit = options.limit ?? 20;
  const minCount = options.minCount ?? 2;
  const frequent = [...counts].filter(([, s]) => s.count >= minCount && !(s.count > 1 && (closed(s.left) || closed(s.right)))).map(([w, s]) => [w, s.count] as const);
  // A word inside a longer frequent word with the same count says nothing more (停车 in 停车位).
  const kept = frequent.filter(([w, n]) => !frequent.some(([longer, m]) => longer.length > w.length && m >= n && longer.includes(w)));
  const collator = new Intl.Collator('zh-CN');
  return kept
    .sort(([a, n], [b, m]) => m - n || [...b].length - [...a].length || collator.compare(a, b))
    .slice(0, limit)
    .map(([word, count]) => ({ word, count }));
}

/** The word list of these texts: `countWords` over each, then `topWords`. */
export function wordList(texts: readonly string[], options: { limit?: number; minCount?: number } = {}): WordCount[] {
  const counts: WordCounts = new Map();
  for (const text of texts) countWords(counts, text);
  return topWords(counts, options);
}
