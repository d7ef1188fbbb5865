/**
 * Context that neutralises: notices from the property office and blockers.
 * - NOTICE_MARKERS near the start of a message (温馨提示：…停水) mark an announcement: its problem
 *   words are damped by NOTICE_DAMPING and contextual escalation terms are ignored.
 * - BLOCKERS are everyday phrases that contain a lexicon term but mean nothing negative
 *   (报警器 contains 报警, 卫生间 contains 卫生). A term or topic keyword inside a blocker is dropped.
 */
export const NOTICE_MARKERS: readonly string[] = ['温馨提示', '通知:', '通知：', '公告:', '公告：', '公示:', '公示：', '通知]', '社区通知', '停水通知', '停电通知'];
export const NOTICE_PREFIX_CHARS = 12;
export const NOTICE_DAMPING = 0.25;

export const BLOCKERS: readonly string[] = [
  '报警器', '警报', '报警电话', '消防演练', '消防设施', '防盗报警', '火灾报警', '电信诈骗', '签名版', '不好意思', '没关系', '没事',
  '不客气', '不用谢', '谢绝', '好的', '好久不见', '收好', '差不多', '不差钱', '差点', '坏人', '接龙购买', '团购接龙', '卫生间', '吵架',
];
