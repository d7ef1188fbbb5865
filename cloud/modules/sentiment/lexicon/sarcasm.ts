/**
 * Sarcasm (反讽/阴阳怪气).
 * - SARCASM_MARKERS are negative on their own (呵呵, 处理了个寂寞) and also act as a sarcasm cue.
 * - IRONIC_PRAISE is praise that owners use ironically in complaints (效率真高啊). It counts as
 *   negative (IRONIC_PRAISE_WEIGHT) when the message has any other negative signal or sarcasm cue,
 *   and as nothing otherwise.
 * Under a sarcasm cue, ordinary positive terms (辛苦了) flip to negative too.
 */
export const SARCASM_MARKERS: Readonly<Record<string, number>> = {
  呵呵: 1.8,
  呵: 1.2,
  服了: 1.8,
  真是服了: 2.2,
  真服了: 2.2,
  处理了个寂寞: 2.5,
  个寂寞: 2.2,
  处理个鬼: 2.5,
  厉害了: 1.5,
  厉害了我的: 2.2,
  真行: 1.8,
  可真行: 2,
  好样的: 1.2,
  '666': 1,
  无语: 1.8,
  醉了: 1.8,
  绝了: 1.2,
  佩服: 1,
  完美地: 1.2,
  辛苦到: 2,
  比谁都积极: 1.8,
  笑话: 1.5,
  真是笑话: 2,
};

export const IRONIC_PRAISE: readonly string[] = [
  '效率真高',
  '效率高',
  '真及时',
  '真是及时',
  '回复真及时',
  '真是辛苦了',
  '真是好样的',
  '真负责',
  '真厉害',
  '真棒',
  '真贴心',
  '感人',
  '真感人',
];
export const IRONIC_PRAISE_WEIGHT = 2;
