import type { DrillElement } from '@shared/domain/growth';
import type { ElementRule, ForbiddenRule } from './check';

/**
 * What every drill reply is checked for unless its scenario says otherwise (handbook ch. 1 §3–4
 * 言谈, ch. 5 沟通三部曲 and the complaint-handling steps): the accepted wordings of each element and
 * the phrases a reply must never hold. Patterns are regular-expression sources.
 */

export const DEFAULT_ELEMENTS: Record<Exclude<DrillElement, 'restate'>, ElementRule> = {
  greeting: {
    patterns: ['您好', '你好', '早上好', '上午好', '下午好', '晚上好', '[\\u4e00-\\u9fa5](先生|女士|阿姨|叔叔|大爷|奶奶|大姐|大哥)'],
    hint: '开头先问好并称呼业主，如“王先生您好”',
  },
  empathy: {
    patterns: ['抱歉', '对不起', '不好意思', '理解您', '能理解', '非常理解', '别着急', '别急', '别慌', '别担心', '别害怕', '给您(带来|造成)(了)?(不便|困扰|麻烦)', '让您久等', '辛苦您', '给您添麻烦', '确实(不方便|影响|让人着急|很着急)'],
    hint: '先致歉或表示理解，如“非常抱歉给您带来不便”“您别着急”',
  },
  nextStep: {
    patterns: ['安排', '派', '上门', '到场', '赶到', '赶过去', '过去', '处理', '维修', '修好', '联系', '核实', '查看', '检查', '协调', '调取', '疏通', '关闭', '查明', '沟通', '清理', '清运', '办理', '答复', '回复', '送到', '发给', '通知', '改正', '更正', '叫停', '巡查'],
    hint: '说清楚接下来做什么、什么时候做，如“马上安排维修师傅，30分钟内上门”',
    needsTime: true,
  },
  followUp: {
    patterns: [
      '回访',
      '跟进',
      '随时(联系|找|打|告诉|微信)',
      '再(跟|给|和|向)您(确认|联系|回电|打电话|说明|反馈)',
      '(告诉|告知|通知|反馈给|回复|答复)您',
      '给您回(个)?电话',
      '及时(告知|通知|反馈|回复)',
      '第一时间',
      '保持(电话|联系)',
      '(进展|结果|情况).{0,8}(告诉|告知|通知|反馈|回复|同步)',
      '不挂(电话)?',
      '一直(在|陪)',
      '(会|再|及时|随时|第一时间)[^，。]{0,6}(反馈|通报)',
    ],
    hint: '承诺跟进结果，如“处理完我给您回个电话”“有进展第一时间告诉您”',
  },
  closing: {
    patterns: ['感谢', '谢谢', '请您放心', '您放心', '祝您', '再见', '您看(这样)?(可以|行)吗', '有(任何|什么)(问题|需要).{0,10}(随时|联系|找)', '辛苦您了', '给您添麻烦了', '理解和支持'],
    hint: '礼貌收尾，如“感谢您的理解，有问题随时联系我”',
  },
};

/** Phrases that push the owner away (推诿) or talk back (顶撞): never in a reply. */
export const DEFAULT_FORBIDDEN: readonly ForbiddenRule[] = [
  { pattern: '不归我们管', hint: '推诿：即使不归物业负责，也要说明由谁负责并帮业主联系' },
  { pattern: '不关我们?的?事', hint: '推诿：业主的事就是我们的事' },
  { pattern: '跟我们?没(有)?关系', hint: '推诿：先接下问题再协调' },
  { pattern: '(我|我们)也没(有)?办法', hint: '推诿：说能做什么，而不是不能做什么' },
  { pattern: '(你|您)(自己)(去)?(找|想办法|解决|处理|联系)', hint: '推诿：由我们去联系、协调，不让业主自己跑' },
  { pattern: '(这|那)?不是我们的(责任|问题)', hint: '推卸责任：先致歉、解决，原因事后查明' },
  { pattern: '不是我负责', hint: '推诿：首问负责，接到就负责到底' },
  { pattern: '随便(你|您)', hint: '顶撞：语气生硬，业主会觉得被怠慢' },
  { pattern: '爱交不交', hint: '顶撞：激化矛盾' },
  { pattern: '爱(投诉|告)就(投诉|告)', hint: '顶撞：激化矛盾' },
  { pattern: '(你|您)爱怎么(样|办)', hint: '顶撞：激化矛盾' },
  { pattern: '管不了|管不着', hint: '推诿：说明能做的事和时间' },
  { pattern: '(我们)?(就|才|可)?不管(了|的)?(?![怎多是什如谁哪])', hint: '推诿：不能说不管' },
  { pattern: '有本事', hint: '顶撞：挑衅业主' },
  { pattern: '(你|您)听不懂', hint: '顶撞：指责业主' },
  { pattern: '早(就)?(跟你|和你)?说过了', hint: '指责业主：换成耐心再说明一次' },
  { pattern: '规定就是规定', hint: '生硬：说明规定的原因和能提供的帮助' },
  { pattern: '那是(你|您)(自己)?的问题', hint: '指责业主' },
  { pattern: '找开发商去', hint: '推诿：由物业出面联系开发商' },
  { pattern: '我(已经)?下班了', hint: '推诿：下班也要交接给值班同事' },
];
