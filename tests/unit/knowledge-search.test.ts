import { canonicalQuery, highlightsIn, indexTerms, normalise, queryTerms, rank, snippet } from '../../cloud/modules/knowledge/search-text';

/** The knowledge base's Chinese text search: normaliser, terms, ranking and snippets (no database). */

const doc = (title: string, body: string, keywords: string[] = []) => ({ title, body, keywords, terms: indexTerms(title, ...keywords, body) });

test('When text is normalised, then Traditional, full-width, case, punctuation and owners’ words are folded, one character for one', () => {
  const text = '請問ＷＩＦＩ怎麼交費？（急）';
  const norm = normalise(text);
  expect(norm).toHaveLength(text.length);
  expect(norm).toBe('请问wifi怎么缴费  急 ');
  expect(normalise('泊车 宠物管理')).toBe('停车 宠物管理');
});

test('When terms are taken, then articles store characters, bigrams and words, and queries their bigrams without question words', () => {
  expect(indexTerms('停车费 B2')).toEqual(['停', '停车', '车', '车费', '费', 'b2']);
  expect(queryTerms('物业费怎么交？')).toEqual(['物业', '业费']);
  expect(queryTerms('停车')).toEqual(['停车']);
  expect(queryTerms('车')).toEqual(['车']);
  expect(queryTerms('请问我家的门禁卡丢了怎么办')).toEqual(['门禁', '禁卡', '卡丢']);
  expect(queryTerms('？？！')).toEqual([]);
  expect(canonicalQuery(' 火星，移民！ ')).toBe('火星 移民');
});

test('When candidates are ranked, then coverage and title hits decide, and articles holding too little of the query are dropped', () => {
  const fee = doc('物业费标准与缴纳方式', '物业服务费按面积计收。', ['物业费', '缴费']);
  const late = doc('物业费逾期了怎么办', '逾期后会提醒。');
  const parking = doc('停车收费与车位办理', '车位租用请到服务中心办理。停车收费以公示为准。', ['停车', '车位']);
  const repair = doc('报修范围与流程', '紧急情况（漏水、停电）请拨打电话。');
  const all = [fee, late, parking, repair];
  const titles = (q: string) => rank(q, all.filter((d) => d.terms.some((t) => queryTerms(q).includes(t))), all.length).map((r) => r.doc.title);
  expect(titles('物业费怎么交')[0]).toBe('物业费标准与缴纳方式');
  expect(titles('物业费怎么交')).toContain('物业费逾期了怎么办');
  expect(titles('停车')).toEqual(['停车收费与车位办理']);
  expect(titles('车位')).toEqual(['停车收费与车位办理']);
  expect(titles('火星移民签证')).toEqual([]);
  // One word of four that only the body holds: below the coverage floor.
  expect(titles('漏水赔偿标准明细')).toEqual([]);
  // A whole question as owners type it: most of its bigrams are in no article, the answer is still found.
  expect(titles('你好，我家刚买了车想长期停在小区里面，需要去哪里办理车位，每个月大概多少钱')[0]).toBe('停车收费与车位办理');
  expect(titles('我想问一下这个月的物业费是按照什么标准收取的，可以在手机上缴纳吗')[0]).toBe('物业费标准与缴纳方式');
  // A short query with one common word and unknown ones does not match everything with that word.
  expect(titles('火星物业')).toEqual([]);
  const [best] = rank('停车', [parking], 4);
  expect(best.score).toBeGreaterThan(rank('办理', [parking], 4)[0].score);
});

test('When a snippet is cut, then it is the sentence with most hits, highlighted where the terms are', () => {
  const s = snippet('车位租用请到服务中心办理。\n停车收费以公示为准，临时停车首小时免费。', ['停车']);
  expect(s.text).toBe('停车收费以公示为准，临时停车首小时免费。');
  expect(s.highlights).toEqual([
    [0, 2],
    [12, 14],
  ]);
  const long = snippet(`${'很'.repeat(100)}停车${'长'.repeat(100)}`, ['停车']);
  expect(long.text.length).toBeLessThanOrEqual(82);
  expect(long.text.slice(long.highlights[0][0], long.highlights[0][1])).toBe('停车');
  expect(highlightsIn('物业费缴纳', ['物业', '业费'])).toEqual([[0, 3]]);
  expect(snippet('没有相关内容。', ['停车'])).toEqual({ text: '没有相关内容。', highlights: [] });
});
