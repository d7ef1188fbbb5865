/**
 * Negators (否定词). A negator ending at most NEGATION_WINDOW characters before a sentiment or
 * escalation term (no punctuation between) flips it: 不太满意 → negative, 不是不满意 / 没问题 → calm,
 * 不用报警 → no escalation. Terms that already contain a negator (不满意, 没人管) are whole entries
 * in the other files and are never negated by their own first character.
 */
export const NEGATORS: readonly string[] = ['不', '没', '没有', '别', '不是', '并不', '并没有', '未', '无', '不太', '不用', '不会', '不必', '没必要', '不要', '不算', '不许', '禁止', '唔使', '唔洗', '唔好', '唔系', '唔会', '唔驶', '冇', '冇必要'];

/** Characters allowed between a negator or degree adverb and the term it modifies. */
export const NEGATION_WINDOW = 2;

/**
 * Prohibitive negators (不要敷衍, 别乱停) do not flip a negative term: telling someone to stop is
 * still a complaint, only softer. They negate positive and escalation terms like other negators.
 */
export const PROHIBITIVES: readonly string[] = ['别', '不要', '不许', '禁止'];
export const PROHIBITED_NEGATIVE = 0.6;

/**
 * Where a negator's scope ends besides a clause break: a conditional or contrastive connector
 * between the negator and the term. In 不赔就法院见 the 不 negates 赔, never 法院; in 不是…而是…
 * nothing after 而是 is negated.
 */
export const NEGATION_STOPS: readonly string[] = ['就', '才', '那就', '否则', '不然', '要不然', '而是', '而且', '还要', '然后'];

/**
 * Words that start with a negator's character but negate nothing (不但…而且…, 不仅…还…): they swallow
 * the 不 inside them.
 */
export const NOT_NEGATORS: readonly string[] = ['不然', '要不然', '不然的话', '唔系咁', '不但', '不仅', '不光', '不只', '不单', '不论', '不管是', '无论', '有没有', '有冇', '是不是', '会不会', '要不要', '能不能', '可不可以', '行不行', '好不好'];
