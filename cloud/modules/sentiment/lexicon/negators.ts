/**
 * Negators (否定词). A negator ending at most NEGATION_WINDOW characters before a sentiment or
 * escalation term (no punctuation between) flips it: 不太满意 → negative, 不是不满意 / 没问题 → calm,
 * 不用报警 → no escalation. Terms that already contain a negator (不满意, 没人管) are whole entries
 * in the other files and are never negated by their own first character.
 */
export const NEGATORS: readonly string[] = ['不', '没', '没有', '别', '不是', '并不', '并没有', '未', '无', '不太', '不用', '不会', '不必', '没必要', '不要', '不算', '不许', '禁止'];

/** Characters allowed between a negator or degree adverb and the term it modifies. */
export const NEGATION_WINDOW = 2;

/**
 * Prohibitive negators (不要敷衍, 别乱停) do not flip a negative term: telling someone to stop is
 * still a complaint, only softer. They negate positive and escalation terms like other negators.
 */
export const PROHIBITIVES: readonly string[] = ['别', '不要', '不许', '禁止'];
export const PROHIBITED_NEGATIVE = 0.6;
