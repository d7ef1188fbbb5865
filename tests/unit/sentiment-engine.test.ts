import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Analysis } from '@shared/domain/sentiment';
import { AhoCorasick } from '@monyone/aho-corasick/fast';
import { analyze, BUILTIN_LEXICON_VERSION, MAX_ANALYSED_CHARS } from '../../cloud/modules/sentiment/engine';
import { builtinLexicon } from '../../cloud/modules/sentiment/engine/analyze';
import { findMatches } from '../../cloud/modules/sentiment/engine/automaton';
import { evaluate, parseLabelled } from '../../cloud/modules/sentiment/engine/evaluate';

const FIXTURES = path.resolve(__dirname, '../fixtures/sentiment');

/** Every evidence span must be the exact original text it claims. */
function expectEvidenceInOriginal(text: string, result: Analysis): void {
  for (const e of result.evidence) expect(text.slice(e.start, e.end)).toBe(e.term);
}

function termsOf(result: Analysis, kind?: string): string[] {
  return result.evidence.filter((e) => kind === undefined || e.kind === kind).map((e) => e.term);
}

describe('sentiment engine rules', () => {
  test('When a complaint term is negated, then 不满意 is negative and 不是不满意 / 没问题 are not', () => {
    expect(analyze('对这次维修很不满意').negative).toBe(true);
    expect(analyze('不是不满意，就是想问问进度').negative).toBe(false);
    expect(analyze('没问题，我下午过去拿').level).toBe('none');
    const notQuite = analyze('不太满意这次的维修');
    expect(notQuite.negative).toBe(true);
    // Either 满意 negated by 不太, or an idiom entry that holds the whole phrase.
    expect(notQuite.evidence.some((e) => (e.term === '满意' && e.negated) || (e.kind === 'negative' && e.term.includes('满意')))).toBe(true);
  });

  test('When a degree adverb precedes a term, then 有点慢 is low and 太慢了 is medium with a higher score', () => {
    const mild = analyze('报修进度有点慢');
    const strong = analyze('报修进度太慢了');
    expect(mild.level).toBe('low');
    expect(strong.level).toBe('medium');
    expect(strong.score).toBeGreaterThan(mild.score);
  });

  test('When praise is used ironically in a complaint, then the message is negative; sincere praise is not', () => {
    expect(analyze('物业效率真高啊，报修一周了还没人来').level).toBe('medium');
    expect(analyze('物业效率真高，点赞').negative).toBe(false);
    expect(analyze('管家已读不回，处理了个寂寞').level).toBe('medium');
    expect(analyze('呵呵，电梯又停了').negative).toBe(true);
  });

  test('When a message is a polite question, then it is neutral; a rhetorical complaint question is not', () => {
    expect(analyze('请问明天停水吗？').level).toBe('none');
    expect(analyze('请问楼上漏水到我家，维修费用一般谁承担？').negative).toBe(false);
    expect(analyze('凭什么停车费又涨价了？？？').negative).toBe(true);
  });

  test('When 虽然…但是 contrasts two clauses, then the clause after the contrast decides', () => {
    expect(analyze('虽然前几天有点慢，但是今天师傅很快就修好了，感谢').negative).toBe(false);
    expect(analyze('虽然管家态度还行，但是问题一直没解决，说了等于白说').negative).toBe(true);
  });

  test('When a property notice mentions an outage, then it is not a complaint', () => {
    expect(analyze('温馨提示：因市政管网检修，本周六上午小区停水，请提前储水。').level).toBe('none');
  });

  test('When the message is in Traditional Chinese, then it is analysed like Simplified and evidence points into the original', () => {
    const text = '樓上漏水三個月了，物業一直敷衍，真是服了';
    const result = analyze(text);
    expect(result.level).toBe('medium');
    expect(result.topics).toContain('leak');
    expect(termsOf(result)).toEqual(expect.arrayContaining(['漏水', '敷衍', '真是服了']));
    expectEvidenceInOriginal(text, result);
    expect(analyze('電梯困人了，有小孩在裡面，快來人！').level).toBe('high');
  });

  test('When characters repeat, then the run is read as emphasis and evidence spans the whole run', () => {
    const text = '电梯太太太太慢了！！！';
    const result = analyze(text);
    expect(result.level).toBe('medium');
    expectEvidenceInOriginal(text, result);
    // The run raises the score over the plain sentence; the evidence points at 慢 in the original text.
    expect(result.score).toBeGreaterThan(analyze('电梯太慢了').score);
    expect(result.evidence.filter((e) => e.kind === 'negative')).toEqual([expect.objectContaining({ term: '慢', start: 6, end: 7 })]);
    expect(analyze('谢谢谢谢！').negative).toBe(false);
  });

  test('When digits and letters are full-width, then they match like half-width ones and evidence keeps the original form', () => {
    const text = '楼下ＫＴＶ吵到凌晨，再吵我就打１２３４５';
    const result = analyze(text);
    expect(result.level).toBe('high');
    expect(result.escalation.groups).toContain('government');
    expect(termsOf(result)).toContain('ＫＴＶ');
    expect(result.evidence.some((e) => e.group === 'government' && e.term.includes('１２３４５'))).toBe(true);
    expectEvidenceInOriginal(text, result);
  });

  test('When a number only contains an escalation number, then it does not escalate (110 in 1100元)', () => {
    expect(analyze('这个月交了1100元物业费').level).not.toBe('high');
  });

  test('When WeChat emoji codes carry the mood, then [发怒] is negative, [强] is positive and [微笑] is sarcastic only in a complaint', () => {
    expect(analyze('[发怒]').negative).toBe(true);
    expect(analyze('管家回复很快[强]').negative).toBe(false);
    expect(analyze('[微笑]').negative).toBe(false);
    const sarcastic = analyze('又没人管[微笑]');
    expect(sarcastic.negative).toBe(true);
    expect(termsOf(sarcastic, 'emoji')).toContain('[微笑]');
    expect(analyze('電梯又壞了[發怒]').evidence.some((e) => e.kind === 'emoji' && e.term === '[發怒]')).toBe(true);
  });

  test.each([
    ['government', '漏水一个月都不修，再不处理我就打12345'],
    ['media', '电梯困人半小时没人管，我要发微博曝光这个物业'],
    ['legal', '物业乱收费，我已经咨询了律师，准备起诉'],
    ['police', '有人撬我家门锁，已经报警了'],
    ['collective', '物业不公开账目，我们一起停交物业费'],
    ['safety', '楼道里有很重的燃气味，大家快开窗'],
  ])('When a message threatens escalation of kind %s, then it is high with that group', (group, text) => {
    const result = analyze(text);
    expect(result.level).toBe('high');
    expect(result.escalation.triggered).toBe(true);
    expect(result.escalation.groups).toContain(group);
    expect(result.evidence.some((e) => e.kind === 'escalation' && e.group === group)).toBe(true);
  });

  test('When an escalation term is negated or part of an everyday word, then it does not escalate', () => {
    expect(analyze('没事了，不用报警，是误会').level).not.toBe('high');
    expect(analyze('温馨提示：明天消防演练，届时会有警报声，请勿惊慌').level).toBe('none');
  });

  test('When the text is empty, then the analysis is neutral and empty', () => {
    expect(analyze('')).toEqual({
      negative: false,
      score: 0,
      level: 'none',
      topics: [],
      evidence: [],
      escalation: { triggered: false, groups: [] },
      lexicon: { builtin: BUILTIN_LEXICON_VERSION, overlay: 0 },
    });
  });

  test('When the text is longer than the analysis limit, then only the first part is analysed and nothing throws', () => {
    const head = '电梯又坏了，没人管。';
    const text = head + '啊'.repeat(MAX_ANALYSED_CHARS) + '我要报警';
    const result = analyze(text);
    expect(result.level).toBe('medium');
    expect(result.evidence.every((e) => e.end <= MAX_ANALYSED_CHARS)).toBe(true);
    expectEvidenceInOriginal(text, result);
  });

  test('When evidence is returned, then it is ordered by position and topics follow the fixed topic order', () => {
    const result = analyze('物业费年年涨，电梯天天坏，保安也不管');
    const starts = result.evidence.map((e) => e.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(result.topics).toEqual(['elevator', 'fee', 'security']);
  });
});

describe('sentiment engine on the labelled development set', () => {
  const dev = parseLabelled(readFileSync(path.join(FIXTURES, 'dev.jsonl'), 'utf8'));

  test('When the development set is loaded, then it is large and covers every topic and level', () => {
    expect(dev.length).toBeGreaterThanOrEqual(400);
    expect(dev.filter((m) => m.level === 'high').length).toBeGreaterThanOrEqual(60);
    for (const m of dev) expect(m.negative).toBe(m.level !== 'none');
  });

  test('When the engine labels the development set, then it stays at or above the figures it reached', () => {
    const result = evaluate(dev, analyze);
    // The 2,584-line dev after the fourth tuning wave (H13, on lines 2110–2584): negative F1 0.985, high recall 0.990, topic micro-F1 0.883.
    expect(result.negative.f1).toBeGreaterThanOrEqual(0.98);
    expect(result.high.recall).toBeGreaterThanOrEqual(0.99);
    expect(result.topics.f1).toBeGreaterThanOrEqual(0.88);
  });

  test('When every development message is analysed, then all evidence points into its original text', () => {
    for (const m of dev) expectEvidenceInOriginal(m.text, analyze(m.text));
  });
});

describe('sentiment engine on the held-out sets', () => {
  // holdout.jsonl was looked at when the lexicon was generalised, so it guards regressions only.
  const holdout = parseLabelled(readFileSync(path.join(FIXTURES, 'holdout.jsonl'), 'utf8'));
  // holdout2.jsonl was written after the last lexicon change and never tuned on: the honest figure.
  const holdout2 = parseLabelled(readFileSync(path.join(FIXTURES, 'holdout2.jsonl'), 'utf8'));
  // holdout3.jsonl (issue 26) was written by someone who never saw the engine and committed before it changed.
  const holdout3 = parseLabelled(readFileSync(path.join(FIXTURES, 'holdout3.jsonl'), 'utf8'));

  test('When the second held-out set is loaded, then it is large, consistent and covers every topic and level', () => {
    expect(holdout2.length).toBeGreaterThanOrEqual(120);
    expect(holdout2.filter((m) => m.level === 'high').length).toBeGreaterThanOrEqual(25);
    for (const level of ['none', 'low', 'medium', 'high'] as const) expect(holdout2.some((m) => m.level === level)).toBe(true);
    for (const m of holdout2) expect(m.negative).toBe(m.level !== 'none');
    const topics = new Set(holdout2.flatMap((m) => m.topics));
    expect(topics.size).toBe(14);
  });

  test('When the engine labels the first held-out set, then it stays at or above the figures it reached', () => {
    const result = evaluate(holdout, analyze);
    // Reached after the lexicon was generalised from its misses: negative F1 1.000, high recall 1.000, topic micro-F1 0.915.
    expect(result.negative.f1).toBeGreaterThanOrEqual(0.99);
    expect(result.high.recall).toBeGreaterThanOrEqual(0.99);
    expect(result.topics.f1).toBeGreaterThanOrEqual(0.91);
  });

  test('When the engine labels the second held-out set, then it does not fall below the figures it reached untuned', () => {
    const result = evaluate(holdout2, analyze);
    // Never tuned on. Before issue 26: negative F1 0.899, high recall 0.821, topic micro-F1 0.830;
    // after it: 0.959, 1.000, 0.873.
    expect(result.negative.f1).toBeGreaterThanOrEqual(0.95);
    expect(result.high.recall).toBeGreaterThanOrEqual(0.99);
    expect(result.topics.f1).toBeGreaterThanOrEqual(0.87);
  });

  test('When the third held-out set is loaded, then it is large, consistent and covers every topic and level', () => {
    expect(holdout3.length).toBeGreaterThanOrEqual(300);
    expect(holdout3.filter((m) => m.level === 'high').length).toBeGreaterThanOrEqual(75);
    for (const m of holdout3) expect(m.negative).toBe(m.level !== 'none');
    expect(new Set(holdout3.flatMap((m) => m.topics)).size).toBe(14);
  });

  test('When the engine labels the third held-out set, then it does not fall below the figures it reached untuned', () => {
    const result = evaluate(holdout3, analyze);
    // holdout3 was committed before the issue-26 engine changes and never tuned on. Before: negative
    // F1 0.787 (precision 0.926), high recall 0.716, topic micro-F1 0.741; after: 0.881 (0.946), 0.884, 0.846;
    // after the third tuning wave: 0.886 (0.943), 0.884, 0.851; after the fourth (tuned on dev only): 0.893
    // (0.947), 0.874 — one high message fewer, measured and left as it is (changing the wave because of
    // holdout3 would be tuning on it) — 0.851.
    expect(result.negative.f1).toBeGreaterThanOrEqual(0.87);
    expect(result.negative.precision).toBeGreaterThanOrEqual(0.94);
    expect(result.high.recall).toBeGreaterThanOrEqual(0.87);
    expect(result.topics.f1).toBeGreaterThanOrEqual(0.84);
  });

  test('When every held-out message is analysed, then all evidence points into its original text', () => {
    for (const m of [...holdout, ...holdout2, ...holdout3]) expectEvidenceInOriginal(m.text, analyze(m.text));
  });
});

describe('sentiment automaton', () => {
  test('When it scans text, then it finds exactly the matches of the library automaton over the same keywords, in the same order', () => {
    const library = new AhoCorasick([...builtinLexicon().keywords]);
    const dev = parseLabelled(readFileSync(path.join(FIXTURES, 'dev.jsonl'), 'utf8'));
    const keywords = builtinLexicon().keywords;
    const texts = dev.map((m) => m.text.toLowerCase());
    // Dense keyword soup: overlapping terms, shared prefixes and suffixes, digits next to digits.
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 300; k++) {
      let text = '';
      for (let p = 0; p < 6; p++) text += next(3) === 0 ? '，1' : keywords[next(keywords.length)];
      texts.push(text);
    }
    for (const text of texts) {
      const ours = findMatches(builtinLexicon().automaton, text).map((m) => `${m.begin}-${m.end}-${keywords[m.index]}`);
      const theirs = library.matchInText(text).map((m) => `${m.begin}-${m.end}-${m.keyword}`);
      expect(ours).toEqual(theirs);
    }
  });
});
