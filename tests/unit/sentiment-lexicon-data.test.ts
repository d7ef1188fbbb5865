/**
 * The built-in idiom and slang lexicon (cloud/modules/sentiment/lexicon/idioms.ts) is data in the
 * staff entry format: every entry must pass the one validation (`entryProblem`), no text may appear
 * twice for one kind (after the engine's normalisation, so 離譜 and 离谱 are the same text), and a
 * few entries of each kind must do what they say through the engine.
 */
import { IDIOMS } from '../../cloud/modules/sentiment/lexicon/idioms';
import { analyze } from '../../cloud/modules/sentiment/engine';
import { normalize } from '../../cloud/modules/sentiment/engine/normalize';
import { entryProblem, type LexiconEntry } from '../../shared/domain/sentiment-lexicon';

function key(entry: LexiconEntry): string {
  return `${entry.kind}:${entry.kind === 'pattern' ? entry.text.trim() : normalize(entry.text.trim()).text}`;
}

describe('built-in idiom lexicon data', () => {
  test('When the idiom lexicon is loaded, then it holds hundreds of entries of every kind and level', () => {
    expect(IDIOMS.length).toBeGreaterThanOrEqual(600);
    for (const kind of ['phrase', 'benign', 'topic', 'pattern'] as const) expect(IDIOMS.some((e) => e.kind === kind)).toBe(true);
    for (const level of ['low', 'medium', 'high'] as const) expect(IDIOMS.filter((e) => e.kind === 'phrase' && e.level === level).length).toBeGreaterThanOrEqual(50);
  });

  test('When every idiom entry is validated, then none has a problem', () => {
    const problems = IDIOMS.map((e) => ({ text: e.text, problem: entryProblem(e) })).filter((p) => p.problem !== null);
    expect(problems).toEqual([]);
  });

  test('When the idiom entries are compared after normalisation, then no text appears twice for one kind', () => {
    const seen = new Set<string>();
    const duplicates: string[] = [];
    for (const e of IDIOMS) {
      const k = key(e);
      if (seen.has(k)) duplicates.push(k);
      seen.add(k);
    }
    expect(duplicates).toEqual([]);
  });

  test('When every high phrase is checked, then it names its escalation group', () => {
    for (const e of IDIOMS) if ((e.kind === 'phrase' || e.kind === 'pattern') && e.level === 'high') expect(e.group).toBeDefined();
  });

  test('When messages use an idiom, slang, a misspelling or Traditional wording, then the engine reads the complaint', () => {
    expect(analyze('报修三次，物业和开发商互相踢皮球').level).toBe('medium');
    expect(analyze('涨价的时候吃相太难看了').level).toBe('medium');
    expect(analyze('tmd 又停水').negative).toBe(true);
    expect(analyze('垃圾物业，赶紧滚').topics).toEqual(['service']);
    expect(analyze('管理處冇人理，講咗好多次都冇搞掂').level).toBe('medium');
  });

  test('When messages paraphrase a threat or an accident, then the engine raises an escalation with its group', () => {
    expect(analyze('明天我就去房管局坐着').escalation.groups).toContain('government');
    expect(analyze('拍下来发到小红书让大家看看').escalation.groups).toContain('media');
    expect(analyze('电梯溜梯了，从十楼滑到七楼').escalation.groups).toContain('safety');
    expect(analyze('电梯溜梯了，从十楼滑到七楼').topics).toContain('elevator');
    expect(analyze('路上的井盖没盖，太危险了').escalation.groups).toContain('safety');
  });

  test('When messages share complaint words but are not complaints, then a benign entry keeps them calm', () => {
    expect(analyze('保安大叔在岗亭刷抖音').level).toBe('none');
    expect(analyze('我家120平，物业费一个月多少').level).toBe('none');
    expect(analyze('温馨提示：严禁飞线充电').level).toBe('none');
    expect(analyze('请问投诉电话是多少').level).toBe('none');
  });
});

test('When owners write 什麼, 什麽 or 幹, then the normaliser reads them as 什么 and 干, so Simplified entries match them', () => {
  expect(normalize('總幹事是做什麼的？什麽').text).toBe('总干事是做什么的？什么');
  for (const t of ['物業是幹什麼吃的', '物业是干什麽吃的', '物业是幹什么吃的']) expect(analyze(t)).toMatchObject({ negative: true, level: analyze('物业是干什么吃的').level });
});

test('When the normaliser maps a character, then its image maps to itself (no chain a → b → c that a message and an entry would take differently)', () => {
  for (let c = 0; c < 0x10000; c++) {
    const once = normalize(String.fromCharCode(c)).text;
    if (once.length === 1 && normalize(once).text !== once) throw new Error(`U+${c.toString(16)} → ${once} → ${normalize(once).text}`);
  }
});
