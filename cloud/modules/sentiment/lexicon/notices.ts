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
  '报警器', '警报', '报警电话', '消防设施', '防盗报警', '火灾报警', '电信诈骗', '签名版', '不好意思', '没关系', '没事',
  '不客气', '不用谢', '谢绝', '好的', '好久不见', '收好', '差不多', '不差钱', '差点', '坏人', '接龙购买', '团购接龙', '卫生间', '卫生纸', '卫生巾', '出差', '吵架', '慢点', '慢一点', '慢慢来', '慢走', '慢行', '减速慢行',
  '反馈给相关部门', '已反馈相关部门', '转给相关部门', '转交相关部门', '朋友圈天天', '朋友圈每天', '朋友圈里', '朋友圈上', '朋友圈看到', '的朋友圈',
];

/**
 * Reassurance and all-clear frames (大家放心, 是误会, 确认过了): a message that says the alarm is
 * over or was never real is calm. Its problem words are damped like a notice's and, unless a
 * threat marker is present (已经报警了，大家放心 stays high), its escalation terms are ignored
 * (新闻里说别的小区电梯掉下来，咱们的刚年检过，大家放心). Matched on the normalised text.
 */
export const CALM_MARKERS: readonly string[] = [
  '大家放心', '请放心', '请大家放心', '大家别担心', '大家不用担心', '不用担心了', '虚惊一场', '是误会', '一场误会', '搞错了', '搞错咗',
  '确认过了', '已经确认', '算解决了', '已经解决了', '已经处理好了', '刚年检过', '刚做完年检', '年检合格',
  // apologies of the one causing the trouble (装修的邻居): 给大家添麻烦了, 敬请谅解
  '给大家添麻烦', '说声抱歉', '敬请谅解', '请大家谅解', '多多包涵', '见谅',
  // H11 wave: aftermath of an incident that is over (误报, 没受伤, 已经搞掂)
  '是误报', '属于误报', '没有受伤', '没受伤', '冇受伤', '已经搞掂', '没有泄漏', '冇泄漏', '大家别慌',
  // H13 wave: drills and tests, already handled, no need, not the property's fault, routine inspections
  '消防演练', '应急演练', '消防演习', '疏散演练', '演练通知', '是演练', '是演习', '只是演练', '只是演习', '系演习', '会放烟雾', '模拟困人', '报警器测试', '测试报警', '消防测试', '试鸣', '安检', '入户安检', '查漏气', '燃气检查',
  '已经送医院', '已经送医', '已经清走', '清走咗', '已经清理好', '已经清理干净', '已经抽干', '已经修好', '已经恢复', '已经处理了', '已经搞定',
  '不用打了', '不用再打', '不用担心', '别慌', '不用慌', '唔使惊', '唔使担心', '应该没事', '应该没问题', '应该不会有事',
  '不是物业的锅', '不是物业的问题', '不是物业的责任', '不怪物业', '怪不得物业', '唔关物业事', '按错了', '看错了', '记错了', '挺及时', '很及时', '非常及时', '好及时', '想自己换', '想自己修', '自己换一个', '打算自己修',
];

/**
 * Mentions of something that happened elsewhere (隔壁小区有人打了12345, 新闻里说…): the escalation
 * terms in such a message are ignored unless a threat marker says the writer acts (我们也要去…).
 * Unlike CALM_MARKERS they do not damp the complaint (隔壁小区的物业比你们强多了 stays negative).
 */
export const ELSEWHERE_MARKERS: readonly string[] = ['隔壁小区', '别的小区', '其他小区', '外地有个小区', '新闻上说', '新闻里说', '听说有个小区', '网上看到'];
