import type { DrillChannel, DrillElement } from '@shared/domain/growth';
import type { ElementRule, ForbiddenRule, Rubric } from './check';
import { DEFAULT_ELEMENTS, DEFAULT_FORBIDDEN } from './rubric';

/**
 * The built-in drill scenarios (情景演练), written in our own words from the handbook's cases and the
 * desk's everyday work. They live on the server only: the rubric's patterns and the model reply
 * reach the client after an attempt (the model reply) or never (the patterns).
 */
export interface DrillScenario {
  id: string;
  title: string;
  channel: DrillChannel;
  ownerName: string;
  /** What the agent knows before answering. */
  situation: string;
  /** The owner's message, as it arrives. */
  message: string;
  tags: string[];
  /** The problem's words a restatement uses. */
  restate: readonly string[];
  /** Elements this scenario words differently (the greeting of an owner who must be named right). */
  elements?: Partial<Record<Exclude<DrillElement, 'restate'>, ElementRule>>;
  /** Phrases wrong in this scenario only (the wrong 称呼, a threat to cut the water). */
  forbidden?: readonly ForbiddenRule[];
  minChars: number;
  maxChars: number;
  modelReply: string;
}

export const DRILL_SCENARIOS: readonly DrillScenario[] = [
  {
    id: 'leak-angry',
    title: '业主家中漏水',
    channel: 'phone',
    ownerName: '王先生',
    situation: '3号楼1202的王先生来电，楼上1302漏水，他已经打过两次电话。',
    message: '你们物业到底怎么回事！楼上漏水漏到我家卫生间天花板了，滴了一晚上，打了两次电话都没人来！再不来我这个月物业费就不交了！',
    tags: ['投诉处理', '报修', '情绪安抚'],
    restate: ['漏水', '渗水', '滴水', '天花板', '卫生间'],
    minChars: 40,
    maxChars: 300,
    modelReply:
      '王先生您好，非常抱歉让您等了一晚上，也给您家里造成了麻烦。您家卫生间天花板漏水的情况我已经记下了。我马上安排维修师傅，30分钟内先上门到1302关闭水阀、查看漏点，同时联系1302的业主配合。处理完我给您回个电话，之后我们也会回访。感谢您的理解，有任何问题随时打我电话。',
  },
  {
    id: 'fee-refusal',
    title: '业主拒交物业费',
    channel: 'face',
    ownerName: '陈女士',
    situation: '陈女士来服务中心，收费员提醒她本季度物业费还没交。',
    message: '电梯三天两头坏，楼道垃圾也没人及时清，凭什么还要我交物业费？这个季度我不交了，你们先把服务做好再说！',
    tags: ['收费', '沟通三部曲'],
    restate: ['电梯', '垃圾', '楼道', '服务'],
    forbidden: [
      { pattern: '不交就|停水|停电|起诉|律师函|滞纳金', hint: '威胁业主：先解决服务问题，再沟通缴费' },
    ],
    minChars: 40,
    maxChars: 300,
    modelReply:
      '陈女士您好，您反映的电梯经常出故障、楼道垃圾清理不及时的问题，确实影响您的生活，非常抱歉。我今天下午3点前会联系电梯维保单位核实最近的故障记录，并安排保洁主管调整楼道清理时间，明天上午把处理情况告诉您。物业费的事不着急，等问题落实了我们再沟通。感谢您提出意见，有任何问题随时找我。',
  },
  {
    id: 'wrong-title',
    title: '称呼错误导致业主不满',
    channel: 'phone',
    ownerName: '李女士',
    situation: '李女士的报修单上登记成了“李先生”，回访的同事也叫错了，她打电话来投诉。',
    message: '我跟你们说过多少次了，我是李女士，不是什么李先生！报修单上写错，打电话来的人也叫我先生，你们到底有没有把业主当回事？',
    tags: ['礼仪', '称呼', '言谈'],
    restate: ['称呼', '叫错', '写错', '登记', '先生'],
    elements: {
      greeting: { patterns: ['李女士', '李姐', '李阿姨'], hint: '先用正确的称呼问好：“李女士您好”' },
    },
    forbidden: [{ pattern: '李先生|先生您好', hint: '又叫错了称呼：业主是李女士' }],
    minChars: 40,
    maxChars: 300,
    modelReply:
      '李女士您好，真的非常对不起，我们把您的称呼登记错了，回访时又叫错，这是我们工作不细致。我现在就把系统里的登记改正，今天下班前通知所有同事核对，下次联系您一定不会再叫错。改好后我给您回个电话确认。感谢您指出来，也请您放心。',
  },
  {
    id: 'night-noise',
    title: '深夜噪音',
    channel: 'wechat',
    ownerName: '张先生',
    situation: '晚上11点50分，5号楼603的张先生在微信上找客服。',
    message: '都快12点了，楼上还在拖椅子、蹦蹦跳跳，孩子明天要考试根本睡不着！你们到底管不管？',
    tags: ['邻里纠纷', '微信沟通'],
    restate: ['噪音', '吵', '声音', '楼上', '拖椅子', '睡不着'],
    minChars: 30,
    maxChars: 250,
    modelReply:
      '张先生您好，这么晚了还被吵得睡不着，孩子明天还要考试，真的很理解您的着急。楼上的声音我们来处理：我马上联系703的住户，同时安排值班保安10分钟内上楼提醒。处理后我在微信上告诉您结果，如果还有声音请随时发消息给我。感谢您的耐心，祝孩子考试顺利。',
  },
  {
    id: 'elevator-trapped',
    title: '业主被困电梯',
    channel: 'phone',
    ownerName: '刘阿姨',
    situation: '3号楼电梯困人，刘阿姨带着孙子在轿厢里用紧急电话呼叫。',
    message: '我被关在3号楼的电梯里了！电梯突然停了，门打不开，里面就我和我孙子，快来人啊！',
    tags: ['紧急情况', '安全'],
    restate: ['电梯', '被困', '困在', '关在', '门打不开'],
    elements: {
      empathy: { patterns: ['别着急', '别慌', '别害怕', '别担心', '不要慌', '不要害怕', '抱歉'], hint: '先让业主安心：“您别慌，我们马上到”' },
    },
    forbidden: [{ pattern: '扒门|撬门|自己(想办法)?(出来|打开)', hint: '危险：被困时不能让业主自行扒门，等救援' }],
    minChars: 30,
    maxChars: 250,
    modelReply:
      '刘阿姨您好，您别慌，电梯有保护装置，待在轿厢里是安全的。我已经知道您被困在3号楼电梯里了，马上通知维保单位和值班人员，5分钟内就到，请不要扒门，和孙子待在一起。我一直在电话这边陪着您，不挂电话。谢谢您配合。',
  },
  {
    id: 'parking-dispute',
    title: '固定车位被占',
    channel: 'face',
    ownerName: '赵先生',
    situation: '赵先生下班回来，发现自己租的固定车位B-032被一辆外来车占了，来到服务中心。',
    message: '我的固定车位又被别人占了！我每个月交车位费，下班回来没地方停，你们保安是干什么吃的？',
    tags: ['停车', '面对面沟通'],
    restate: ['车位', '被占', '占了', '停车', '停车位'],
    minChars: 30,
    maxChars: 250,
    modelReply:
      '赵先生您好，下班回来车位被占，确实让人着急，非常抱歉。您的固定车位被占的事我马上处理：保安10分钟内到车位旁，通过车牌联系车主挪车，我先帮您在临时车位安排停车。之后我们会加强巡查，处理完我给您回个电话。感谢您的理解。',
  },
  {
    id: 'renovation-noise',
    title: '装修噪音扰民',
    channel: 'phone',
    ownerName: '孙女士',
    situation: '8号楼902的孙女士来电，隔壁903正在装修，今天是周六。',
    message: '隔壁装修从早上7点就开始砸墙，周末也不停，我上夜班白天根本睡不了觉！你们物业就这么放任不管吗？',
    tags: ['装修管理', '电话沟通'],
    restate: ['装修', '砸墙', '噪音', '周末', '声音'],
    minChars: 30,
    maxChars: 300,
    modelReply:
      '孙女士您好，您上夜班白天需要休息，隔壁一大早就砸墙，确实影响您，非常抱歉。按小区的装修规定，周末不能做砸墙这类有噪音的施工，我马上安排装修巡查员，20分钟内到903现场叫停，并联系业主和施工队核实施工时间。处理结果我半小时内给您回电话。谢谢您告诉我们。',
  },
  {
    id: 'group-chat',
    title: '业主群里公开投诉',
    channel: 'wechat',
    ownerName: '周先生',
    situation: '周先生在业主群里@物业，不少业主跟着附和。',
    message: '@物业 小区东门绿化带的垃圾一个星期没人清了，臭气熏天，物业费白交了？大家评评理！',
    tags: ['舆情', '业主群', '微信沟通'],
    restate: ['垃圾', '绿化带', '东门', '清理', '卫生'],
    forbidden: [{ pattern: '(别|不要)在群里|私聊', hint: '在群里回避问题会让更多业主不满：公开回应、公开反馈' }],
    minChars: 30,
    maxChars: 250,
    modelReply:
      '周先生您好，也向各位邻居说声抱歉。东门绿化带的垃圾清理不及时是我们的疏忽，我已经安排保洁班今天下午3点前清理完，并做消杀除味。清理完会在群里发照片反馈，以后每天巡查一次。感谢大家的监督。',
  },
];

/** The rubric a scenario's replies are checked against: the defaults with the scenario's own words. */
export function rubricOf(s: DrillScenario): Rubric {
  return {
    elements: {
      ...DEFAULT_ELEMENTS,
      ...s.elements,
      restate: { patterns: s.restate, hint: `复述业主反映的问题，让业主知道您听明白了（如提到“${s.restate[0]}”）` },
    },
    forbidden: [...DEFAULT_FORBIDDEN, ...(s.forbidden ?? [])],
    minChars: s.minChars,
    maxChars: s.maxChars,
  };
}

export function scenarioById(id: string): DrillScenario | undefined {
  return DRILL_SCENARIOS.find((s) => s.id === id);
}
