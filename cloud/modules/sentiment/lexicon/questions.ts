/**
 * Question markers (疑问). A polite information request (请问明天停水吗) damps problem words in it,
 * unless a strong complaint term (weight ≥ 2) is present. Rhetorical complaint questions
 * (凭什么, 到底, 怎么又) are negative terms in negative.ts, not here.
 */
export const POLITE_QUESTION_MARKERS: readonly string[] = [
  '请问',
  '想问',
  '问一下',
  '问下',
  '咨询',
  '请教',
  '有没有人知道',
  '有没有邻居知道',
  '有邻居知道',
  '有人知道',
  '谁知道',
  '求推荐',
  '有推荐',
  '怎么申请',
  '怎么办理',
  '怎么登记',
  '在哪',
  '几点',
  '什么时候开始',
  '是多少',
  '需要办',
  // '一般' only as 'usually' (一般几点/一般多久), not as 'mediocre' (体验一般, 服务一般)
  '一般几', '一般多', '一般要', '一般是', '一般怎么', '一般什么', '一般会', '一般都', '一般谁', '一般在', '一般用', '一般去',
];

/** How much a polite question keeps of the negativity it contains. */
export const QUESTION_DAMPING = 0.35;

/**
 * Polite request markers (能不能修一下, 麻烦清理一下, 希望加几个). A request about a real shortcoming
 * is a mild complaint (`low`): a message whose only complaint is such a request plus mild problem
 * words (each below the engine's STRONG_TERM, no sarcasm, no escalation) stays `low` however many
 * mild words it stacks (单元门关不上，麻烦修一下). Patterns of lexicon/rules.ts that start with one of
 * these markers are request frames too.
 */
export const REQUEST_MARKERS: readonly string[] = [
  '能不能', '可不可以', '能否', '可否', '可唔可以', '可以唔可以', '希望', '麻烦', '建议', '劳烦', '请物业', '请管理处', '能请', '唔该', '可以', '能',
];
