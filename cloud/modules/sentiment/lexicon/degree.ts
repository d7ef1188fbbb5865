/**
 * Degree adverbs (程度副词): multiply the weight of the next sentiment term (within the window).
 * Diminishers (有点, 稍微) below 1, intensifiers (太, 非常) above 1. A diminisher with no term after it
 * (水压有点小) is itself a mild complaint cue worth DIMINISHER_ALONE_WEIGHT.
 */
export const DEGREE_ADVERBS: Readonly<Record<string, number>> = {
  太: 1.7,
  非常: 1.6,
  特别: 1.5,
  十分: 1.5,
  极其: 1.8,
  超: 1.4,
  超级: 1.5,
  很: 1.3,
  真: 1.3,
  真是: 1.3,
  好: 1.3,
  挺: 1.1,
  这么: 1.3,
  那么: 1.3,
  越来越: 1.4,
  实在: 1.4,
  简直: 1.5,
  完全: 1.4,
  一点都: 1.4,
  有点: 0.8,
  有点儿: 0.8,
  有些: 0.8,
  稍微: 0.7,
  稍: 0.7,
  略: 0.7,
  不太: 0.8,
};

/** Diminishers that mark mild dissatisfaction on their own (有点小, 稍微大声). */
export const DIMINISHERS: readonly string[] = ['有点', '有点儿', '有些', '稍微'];
export const DIMINISHER_ALONE_WEIGHT = 0.85;
/** A diminished complaint is still a complaint: 有点慢 lands in [DIMINISHER_ALONE_WEIGHT, DIMINISHED_MAX]. */
export const DIMINISHED_MAX = 1.5;

/**
 * Repetition markers (又, 老是, 天天, 每次, 成日, 三天两头): a problem that keeps coming back is a
 * clear complaint. When one of them (not negated) stands in a message whose other complaint words
 * already reach `low`, the message gains REPEAT_BONUS (电梯老是有异响 → medium), unless it is a
 * polite request (the request cap keeps 快递柜老是满，希望加几个 low).
 */
export const REPEAT_MARKERS: readonly string[] = ['又', '又是', '老是', '总是', '经常', '天天', '成日', '每次', '每次都', '三天两头', '隔三差五', '动不动就', '次次'];
export const REPEAT_BONUS = 0.8;
