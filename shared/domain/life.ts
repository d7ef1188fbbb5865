/**
 * Community life (社区文化): surveys (调研 · 满意度调查), activities (社区活动) and the community's
 * notice boards (宣传栏). Zod-free values shared with the client; each part adds its own values
 * in its section.
 */
import { stateMachine } from './state-machine';

// --- surveys ---

/** What a question asks for: one option, several options, a score 1–5, or free text. */
export const SURVEY_QUESTION_KINDS = ['single', 'multiple', 'rating', 'text'] as const;
export type SurveyQuestionKind = (typeof SURVEY_QUESTION_KINDS)[number];
export const SURVEY_QUESTION_KIND_LABELS: Record<SurveyQuestionKind, string> = { single: '单选', multiple: '多选', rating: '评分（1–5分）', text: '填空' };

/** The service areas the yearly satisfaction survey scores (one rating question each, tagged with its area). */
export const SERVICE_AREAS = ['service', 'repair', 'cleaning', 'greening', 'security', 'fees'] as const;
export type ServiceArea = (typeof SERVICE_AREAS)[number];
export const SERVICE_AREA_LABELS: Record<ServiceArea, string> = { service: '客服', repair: '维修', cleaning: '保洁', greening: '绿化', security: '安保', fees: '收费' };

/** A question of a survey. `key` is stable within the survey (answers refer to it); `area` tags the satisfaction questions. */
export interface SurveyQuestion {
  key: string;
  kind: SurveyQuestionKind;
  title: string;
  /** The options of a single/multiple choice (2–20); empty for rating and text. */
  options: string[];
  required: boolean;
  area?: ServiceArea;
}

/** Who is asked: the whole community, some buildings, or the households checked in at an activity (its feedback survey). */
export const SURVEY_AUDIENCES = ['community', 'buildings', 'activity'] as const;
export type SurveyAudienceKind = (typeof SURVEY_AUDIENCES)[number];
export const SURVEY_AUDIENCE_LABELS: Record<SurveyAudienceKind, string> = { community: '全体业主', buildings: '指定楼栋', activity: '活动参加者' };

/** One answer per owner (every bound owner may answer) or one per unit (the household answers once). */
export const SURVEY_PER = ['owner', 'unit'] as const;
export type SurveyPer = (typeof SURVEY_PER)[number];
export const SURVEY_PER_LABELS: Record<SurveyPer, string> = { owner: '每位业主一份', unit: '每户一份' };

/** A second answer where one is allowed: it replaces the first (until the close) or is refused. */
export const SURVEY_REPEAT = ['replace', 'refuse'] as const;
export type SurveyRepeat = (typeof SURVEY_REPEAT)[number];
export const SURVEY_REPEAT_LABELS: Record<SurveyRepeat, string> = { replace: '截止前可修改答卷', refuse: '提交后不能修改' };

/** What a survey is for: a general survey, the yearly satisfaction survey, an activity's feedback. */
export const SURVEY_KINDS = ['general', 'satisfaction', 'feedback'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
export const SURVEY_KIND_LABELS: Record<SurveyKind, string> = { general: '问卷调研', satisfaction: '满意度调查', feedback: '活动反馈' };

/** A survey's life: drafted, published (answerable between its open and close dates), closed. */
export const SURVEY_STATUSES = ['draft', 'published', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
export const SURVEY_STATUS_LABELS: Record<SurveyStatus, string> = { draft: '草稿', published: '进行中', closed: '已结束' };
export const SURVEY_EVENTS = ['publish', 'close'] as const;
export type SurveyEvent = (typeof SURVEY_EVENTS)[number];
export const SURVEY_EVENT_LABELS: Record<SurveyEvent, string> = { publish: '发布', close: '结束' };
export const SURVEY_MACHINE = stateMachine<SurveyStatus, SurveyEvent>({
  noun: '问卷',
  table: {
    publish: { from: ['draft'], to: 'published' },
    close: { from: ['published'], to: 'closed' },
  },
  states: SURVEY_STATUS_LABELS,
  events: SURVEY_EVENT_LABELS,
  code: 'SURVEY.INVALID_TRANSITION',
});

/** Results of an anonymous survey never show a group (a building, an option's free texts) of fewer answers than this. */
export const ANONYMOUS_MIN_GROUP = 3;
export const SURVEY_QUESTIONS_MAX = 50;
export const SURVEY_OPTIONS_MAX = 20;
export const SURVEY_TEXT_MAX = 500;
// The builder's lengths: a title fits the 问卷调查通知's title (关于开展…的通知, ≤ 40).
export const SURVEY_TITLE_MAX = 30;
export const SURVEY_INTRO_MAX = 1000;
export const SURVEY_QUESTION_TITLE_MAX = 100;
export const SURVEY_OPTION_MAX = 50;

/** A survey the manager starts from: its title, intro and questions. */
export interface SurveyTemplate {
  key: string;
  kind: SurveyKind;
  title: string;
  intro: string;
  questions: SurveyQuestion[];
}

const areaQuestion = (area: ServiceArea, title: string): SurveyQuestion => ({ key: `area-${area}`, kind: 'rating', title, options: [], required: true, area });

/**
 * The yearly satisfaction survey (年度业主满意度调查): one 1–5 rating per service area (tagged, so
 * the manager's dashboard tracks each area's score year over year), the overall score, and what to
 * improve. Answered once per household, anonymously.
 */
export const SATISFACTION_TEMPLATE: SurveyTemplate = {
  key: 'satisfaction',
  kind: 'satisfaction',
  title: '年度业主满意度调查',
  intro:
    '尊敬的业主：为了解您对物业服务的真实评价，持续改进我们的工作，物业服务中心开展本年度满意度调查。问卷不记名，每户填写一份，约需3分钟。请按1分（很不满意）至5分（非常满意）为各项服务打分，感谢您的支持！',
  questions: [
    areaQuestion('service', '客服接待：前台及管家接待是否热情、答复是否及时、办事是否高效'),
    areaQuestion('repair', '维修服务：报修响应是否及时、维修质量如何、师傅是否文明规范'),
    areaQuestion('cleaning', '保洁服务：楼道、电梯、公共区域是否干净，垃圾是否清运及时'),
    areaQuestion('greening', '绿化养护：花草树木修剪养护是否到位、环境是否美观'),
    areaQuestion('security', '秩序维护：门岗出入管理、巡逻、车辆停放管理是否让您安心'),
    areaQuestion('fees', '收费服务：收费是否公开透明、缴费是否方便、账目是否清楚'),
    { key: 'overall', kind: 'rating', title: '总体而言，您对物业服务的满意程度', options: [], required: true },
    { key: 'improve', kind: 'multiple', title: '您最希望我们在哪些方面改进（可多选）', options: ['客服接待', '维修服务', '保洁卫生', '绿化养护', '安全秩序', '停车管理', '收费服务', '社区活动'], required: false },
    { key: 'advice', kind: 'text', title: '您对物业服务还有哪些意见和建议？', options: [], required: false },
  ],
};

/** Community activity needs (社区活动需求调研): the first step of community culture is asking what owners want. */
export const ACTIVITY_NEEDS_TEMPLATE: SurveyTemplate = {
  key: 'activity-needs',
  kind: 'general',
  title: '社区活动需求调研',
  intro:
    '尊敬的业主：为丰富小区文化生活，让社区活动更贴近大家的需要，物业服务中心准备在新的一年里组织一系列社区活动。请您花2分钟填写本问卷，告诉我们您和家人喜欢什么样的活动、什么时间方便参加。感谢您的参与！',
  questions: [
    { key: 'kinds', kind: 'multiple', title: '您和家人希望参加哪些类型的社区活动（可多选）', options: ['节日庆典（迎春、中秋等）', '亲子活动', '体育健身（广场舞、球类、健步走）', '文艺演出与才艺展示', '讲座（健康养生、防诈骗、垃圾分类）', '志愿服务与公益活动', '邻里集市与跳蚤市场', '兴趣小组（书画、摄影、园艺）'], required: true },
    { key: 'time', kind: 'single', title: '您一般什么时间方便参加活动', options: ['工作日晚上', '周六上午', '周六下午', '周日全天', '法定节假日'], required: true },
    { key: 'members', kind: 'multiple', title: '家中会参加活动的成员（可多选）', options: ['老人', '成年人', '青少年', '学龄前儿童'], required: false },
    { key: 'frequency', kind: 'single', title: '您希望社区活动多久举办一次', options: ['每月一次', '每季度一次', '重要节日举办', '无所谓'], required: false },
    { key: 'interest', kind: 'rating', title: '您对参加社区活动的兴趣程度（1分很低，5分很高）', options: [], required: true },
    { key: 'ideas', kind: 'text', title: '您还有哪些活动建议或愿意分享的特长？', options: [], required: false },
  ],
};

/** Parking management opinions (停车管理意见征集). */
export const PARKING_OPINIONS_TEMPLATE: SurveyTemplate = {
  key: 'parking-opinions',
  kind: 'general',
  title: '停车管理意见征集',
  intro:
    '尊敬的业主：近期小区车辆增多，部分时段出现乱停乱放、消防通道被占用的情况。为制定更合理的停车管理办法，物业服务中心向全体业主征集意见。您的意见将作为调整方案的重要依据，谢谢！',
  questions: [
    { key: 'cars', kind: 'single', title: '您家目前有几辆机动车', options: ['没有', '1辆', '2辆', '3辆及以上'], required: true },
    { key: 'where', kind: 'single', title: '您的车辆平时主要停放在', options: ['自有/租用车位', '地面临时车位', '小区外道路', '其他'], required: true },
    { key: 'problems', kind: 'multiple', title: '您认为小区停车最突出的问题是（可多选）', options: ['车位不足', '乱停乱放', '占用消防通道', '外来车辆进出管理不严', '收费标准不合理', '电动车充电不便'], required: true },
    { key: 'measures', kind: 'multiple', title: '您支持以下哪些管理措施（可多选）', options: ['规划增加地面临时车位', '外来车辆登记并限时停放', '加强夜间巡查', '增设电动车集中充电区', '违停车辆张贴提示并通知车主'], required: false },
    { key: 'satisfaction', kind: 'rating', title: '您对目前停车管理的满意程度', options: [], required: true },
    { key: 'advice', kind: 'text', title: '您对停车管理的其他意见和建议', options: [], required: false },
  ],
};

/** The templates the manager starts a survey from (the satisfaction survey first). */
export const SURVEY_TEMPLATES: readonly SurveyTemplate[] = [SATISFACTION_TEMPLATE, ACTIVITY_NEEDS_TEMPLATE, PARKING_OPINIONS_TEMPLATE];

/** The notice library's template that publishes a survey (问卷调查通知). */
export const SURVEY_NOTICE_TEMPLATE = 'survey-invite';
/** The notice's button to the owner's survey page. */
export const SURVEY_NOTICE_LINK_LABEL = '去填写问卷';

/** A reply's problem against its question (400 on the field), or null. Pure: the server and the form check alike. */
export function replyProblem(q: Pick<SurveyQuestion, 'kind' | 'options' | 'required' | 'title'>, r: { choices?: number[]; rating?: number; text?: string } | undefined): string | null {
  const empty = !r || (q.kind === 'single' || q.kind === 'multiple' ? !r.choices?.length : q.kind === 'rating' ? r.rating === undefined : !r.text?.trim());
  if (empty) return q.required ? `请回答“${q.title}”` : null;
  if (q.kind === 'single' || q.kind === 'multiple') {
    const choices = r.choices ?? [];
    if (q.kind === 'single' && choices.length !== 1) return `“${q.title}”只能选一项`;
    if (new Set(choices).size !== choices.length) return `“${q.title}”的选项重复`;
    if (choices.some((c) => !Number.isInteger(c) || c < 0 || c >= q.options.length)) return `“${q.title}”的选项不存在`;
    if (r.rating !== undefined || r.text !== undefined) return `“${q.title}”是选择题`;
    return null;
  }
  if (q.kind === 'rating') {
    if (!Number.isInteger(r.rating) || (r.rating ?? 0) < 1 || (r.rating ?? 0) > 5) return `“${q.title}”请打1–5分`;
    if (r.choices !== undefined || r.text !== undefined) return `“${q.title}”是评分题`;
    return null;
  }
  if ((r.text ?? '').length > SURVEY_TEXT_MAX) return `“${q.title}”最多${SURVEY_TEXT_MAX}字`;
  if (r.choices !== undefined || r.rating !== undefined) return `“${q.title}”是填空题`;
  return null;
}

/** Whether a published survey takes answers on `today` (YYYY-MM-DD): between its open and close days, both included. */
export function surveyOpenOn(s: { status: SurveyStatus; opensOn: string; closesOn: string }, today: string): boolean {
  return s.status === 'published' && s.opensOn <= today && today <= s.closesOn;
}

// --- results & satisfaction ---

/** The word list of free-text answers (a pure function; see survey-words.ts). */
export { countWords, topWords, wordList, type WordCount, type WordCounts } from './survey-words';
/** The fold of an anonymous survey's buildings with fewer than ANONYMOUS_MIN_GROUP answers each. */
export const OTHER_BUILDINGS_LABEL = '其他楼栋';
/** How many of a free-text question's texts the results show (the newest first when the survey is named). */
export const SURVEY_LATEST_TEXTS = 10;

// --- activities ---

/**
 * An activity's life (社区活动): the plan is drafted (agent or manager), submitted for the manager's
 * review, approved or returned with a note (a returned plan is edited and submitted again), published
 * (a notice with 去报名; sign-up opens), finished after the day (photos, spent lines, the feedback
 * survey), or cancelled (owners signed up are told).
 */
export const ACTIVITY_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'published', 'finished', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已批准',
  returned: '已退回',
  published: '报名中',
  finished: '已结束',
  cancelled: '已取消',
};
export const ACTIVITY_EVENTS = ['edit', 'submit', 'approve', 'return', 'publish', 'finish', 'cancel'] as const;
export type ActivityEvent = (typeof ACTIVITY_EVENTS)[number];
export const ACTIVITY_EVENT_LABELS: Record<ActivityEvent | 'create' | 'wrapUp' | 'feedback', string> = {
  create: '创建计划',
  edit: '修改计划',
  submit: '提交审核',
  approve: '批准',
  return: '退回修改',
  publish: '发布报名',
  finish: '活动结束',
  cancel: '取消活动',
  wrapUp: '活动总结',
  feedback: '发送反馈问卷',
};
export const ACTIVITY_MACHINE = stateMachine<ActivityStatus, ActivityEvent>({
  noun: '活动',
  table: {
    edit: { from: ['draft', 'returned'] },
    submit: { from: ['draft', 'returned'], to: 'submitted' },
    approve: { from: ['submitted'], to: 'approved' },
    return: { from: ['submitted'], to: 'returned' },
    publish: { from: ['approved'], to: 'published' },
    finish: { from: ['published'], to: 'finished' },
    cancel: { from: ['draft', 'submitted', 'approved', 'returned', 'published'], to: 'cancelled' },
  },
  states: ACTIVITY_STATUS_LABELS,
  events: ACTIVITY_EVENT_LABELS,
  code: 'ACTIVITY.INVALID_TRANSITION',
});

/** A household's sign-up: confirmed (holds its places), waiting (in order for freed places), cancelled. */
export const ACTIVITY_SIGNUP_STATUSES = ['confirmed', 'waiting', 'cancelled'] as const;
export type ActivitySignupStatus = (typeof ACTIVITY_SIGNUP_STATUSES)[number];
export const ACTIVITY_SIGNUP_STATUS_LABELS: Record<ActivitySignupStatus, string> = { confirmed: '报名成功', waiting: '候补中', cancelled: '已取消' };

/** One line of the programme (活动内容/流程): when, what, who is in charge. */
export interface ActivityProgrammeLine {
  time: string;
  item: string;
  person: string;
}
/** One person on duty (人员安排). */
export interface ActivityStaffLine {
  name: string;
  duty: string;
}
/** One budget or spent line (经费预算 / 实际支出), in 分. */
export interface ActivityMoneyLine {
  item: string;
  amountFen: number;
}

/** The plan (活动计划) as the template gives it and the editor keeps it. */
export interface ActivityPlan {
  title: string;
  /** 活动目的. */
  aim: string;
  /** What owners read on the activity page and in the notice (活动简介). */
  intro: string;
  /** 活动时间: the day (YYYY-MM-DD) and the hours (HH:MM). */
  day: string;
  startTime: string;
  endTime: string;
  /** 活动地点. */
  place: string;
  programme: ActivityProgrammeLine[];
  staff: ActivityStaffLine[];
  budget: ActivityMoneyLine[];
  /** 安全措施. */
  safety: string[];
  /** 宣传方式. */
  publicity: string[];
}

/** A plan the manager starts from (the day is chosen when it is made). */
export interface ActivityTemplate extends Omit<ActivityPlan, 'day'> {
  key: string;
  name: string;
  /** Suggested sign-up figures. */
  capacity: number;
  placesPerHousehold: number;
}

export const ACTIVITY_TEXT_MAX = 500;
export const ACTIVITY_LINES_MAX = 40;
export const ACTIVITY_PHOTOS_MAX = 30;
export const ACTIVITY_CAPACITY_MAX = 2000;
export const ACTIVITY_PLACES_MAX = 10;

/**
 * The plan templates (活动计划范本). The 迎春节 plan comes first: it is the handbook's 范本 of an
 * activity plan, with every section a plan needs.
 */
export const ACTIVITY_TEMPLATES: ActivityTemplate[] = [
  {
    key: 'spring-festival',
    name: '迎春节社区联欢活动',
    title: '“欢乐迎新春 邻里一家亲”迎春节社区活动',
    aim: '营造喜庆祥和的节日氛围，增进邻里交流与业主对物业服务的认同，让业主在家门口感受到社区大家庭的温暖。',
    intro: '新春将至，物业服务中心邀请各位业主及家人共度欢乐时光：现场书写春联、包饺子、猜灯谜，还有少儿才艺表演和幸运抽奖。欢迎报名参加！',
    startTime: '09:30',
    endTime: '11:30',
    place: '小区中心广场（雨天改在会所多功能厅）',
    programme: [
      { time: '09:00', item: '场地布置、签到台就位', person: '客服主管' },
      { time: '09:30', item: '业主签到入场，领取活动券', person: '客服管家' },
      { time: '09:45', item: '物业服务中心经理新春致辞', person: '物业经理' },
      { time: '10:00', item: '书法老师现场书写春联、福字赠送业主', person: '客服管家' },
      { time: '10:20', item: '包饺子比赛与少儿才艺表演', person: '客服主管' },
      { time: '11:00', item: '猜灯谜、幸运抽奖', person: '客服管家' },
      { time: '11:30', item: '活动结束，业主有序离场，清理场地', person: '保洁主管' },
    ],
    staff: [
      { name: '物业经理', duty: '活动总指挥，致辞，协调各部门' },
      { name: '客服主管', duty: '活动流程、主持、物资准备' },
      { name: '客服管家', duty: '签到核验、引导业主、分发礼品' },
      { name: '秩序维护主管', duty: '现场秩序、消防通道、人员疏导' },
      { name: '保洁主管', duty: '场地清洁、垃圾清运' },
    ],
    budget: [
      { item: '春联纸、福字、笔墨', amountFen: 30000 },
      { item: '饺子食材及厨具租用', amountFen: 60000 },
      { item: '灯谜奖品及抽奖礼品', amountFen: 100000 },
      { item: '场地布置（气球、横幅、灯笼）', amountFen: 50000 },
      { item: '音响设备租用', amountFen: 40000 },
    ],
    safety: [
      '活动前检查场地、电源线路和音响设备，电线加装护套',
      '保持消防通道畅通，现场配备灭火器和医药箱',
      '秩序维护人员全程在岗，控制人流，防止拥挤踩踏',
      '儿童须由家长陪同，饺子蒸煮区域设专人看管',
      '遇雨雪天气改在会所多功能厅进行，提前通知业主',
    ],
    publicity: ['小程序发布活动通知（可在线报名）', '各楼栋宣传栏张贴活动海报', '业主微信群转发通知', '大堂及电梯口摆放展架'],
    capacity: 80,
    placesPerHousehold: 3,
  },
  {
    key: 'mid-autumn',
    name: '中秋游园会',
    title: '“花好月圆 情满家园”中秋游园会',
    aim: '弘扬中秋传统文化，丰富业主节日生活，促进邻里和睦。',
    intro: '中秋佳节，物业服务中心举办游园会：手工制作月饼、猜灯谜、投壶套圈等传统游戏，完成游戏可兑换小礼品。欢迎全家参加！',
    startTime: '18:30',
    endTime: '20:30',
    place: '小区南侧花园',
    programme: [
      { time: '18:00', item: '布置灯笼与游戏摊位', person: '客服主管' },
      { time: '18:30', item: '签到入场，领取游园卡', person: '客服管家' },
      { time: '18:45', item: '手工月饼制作', person: '客服管家' },
      { time: '19:30', item: '猜灯谜、投壶、套圈等游园游戏', person: '客服主管' },
      { time: '20:15', item: '凭游园卡兑换礼品', person: '客服管家' },
      { time: '20:30', item: '活动结束，清理场地', person: '保洁主管' },
    ],
    staff: [
      { name: '客服主管', duty: '活动统筹、游戏摊位' },
      { name: '客服管家', duty: '签到、礼品兑换' },
      { name: '秩序维护员', duty: '夜间照明与现场秩序' },
    ],
    budget: [
      { item: '月饼材料及模具', amountFen: 50000 },
      { item: '灯笼与场地布置', amountFen: 40000 },
      { item: '游戏道具及礼品', amountFen: 60000 },
    ],
    safety: ['夜间活动保证照明充足，台阶处设警示标识', '禁止使用明火灯笼', '儿童须由家长陪同'],
    publicity: ['小程序发布活动通知（可在线报名）', '宣传栏张贴海报', '业主微信群转发'],
    capacity: 60,
    placesPerHousehold: 3,
  },
  {
    key: 'summer-family',
    name: '夏日亲子活动',
    title: '“快乐一夏”亲子手工活动',
    aim: '为暑期在家的孩子提供安全有益的活动，增进亲子互动，让家长与物业服务中心多一次面对面交流。',
    intro: '暑假来啦！物业服务中心邀请小朋友和家长一起动手制作环保手工、参加垃圾分类小课堂，作品可带回家。名额有限，先报先得。',
    startTime: '15:00',
    endTime: '16:30',
    place: '会所多功能厅',
    programme: [
      { time: '14:45', item: '签到入场', person: '客服管家' },
      { time: '15:00', item: '垃圾分类小课堂', person: '客服主管' },
      { time: '15:30', item: '亲子环保手工制作', person: '客服管家' },
      { time: '16:15', item: '作品展示与合影', person: '客服主管' },
    ],
    staff: [
      { name: '客服主管', duty: '主持与课堂讲解' },
      { name: '客服管家', duty: '签到、材料发放、协助手工' },
    ],
    budget: [
      { item: '手工材料', amountFen: 30000 },
      { item: '小礼品及饮用水', amountFen: 20000 },
    ],
    safety: ['剪刀等工具由工作人员发放和回收', '室内开空调并保持通风', '儿童全程由家长陪同'],
    publicity: ['小程序发布活动通知（可在线报名）', '宣传栏张贴海报'],
    capacity: 30,
    placesPerHousehold: 2,
  },
];

/** Options of the feedback survey's 最喜欢的环节 question when the programme has too few items. */
const FEEDBACK_FALLBACK_OPTIONS = ['活动内容', '现场氛围', '组织安排', '礼品奖品'];

/**
 * The short feedback survey (活动反馈) sent to the households checked in at an activity: the overall
 * score (its average is the activity's feedback score), the favourite part (the programme's items),
 * suggestions.
 */
export function activityFeedbackTemplate(activityTitle: string, programme: { item: string }[]): SurveyTemplate {
  const items = [...new Set(programme.map((p) => p.item.trim()).filter(Boolean).map((i) => i.slice(0, 50)))].slice(0, SURVEY_OPTIONS_MAX);
  const options = items.length >= 2 ? items : FEEDBACK_FALLBACK_OPTIONS;
  return {
    key: 'activity-feedback',
    kind: 'feedback',
    title: `活动反馈：${activityTitle}`.slice(0, 30),
    intro: '感谢您参加本次社区活动！请花1分钟告诉我们您的感受，帮助我们把下次活动办得更好。',
    questions: [
      { key: 'overall', kind: 'rating', title: '您对本次活动的整体满意度', options: [], required: true },
      { key: 'favourite', kind: 'single', title: '您最喜欢的环节', options, required: false },
      { key: 'advice', kind: 'text', title: '您对今后的社区活动有什么建议？', options: [], required: false },
    ],
  };
}

/** Sum of money lines, in 分. */
export const sumFen = (lines: readonly { amountFen: number }[]): number => lines.reduce((s, l) => s + l.amountFen, 0);


// --- notice boards ---

/** What a board posting is: a notice (from the notice board, or typed), an activity poster, a friendly reminder. */
export const POSTING_KINDS = ['notice', 'poster', 'tip'] as const;
export type PostingKind = (typeof POSTING_KINDS)[number];
export const POSTING_KIND_LABELS: Record<PostingKind, string> = { notice: '通知公告', poster: '活动海报', tip: '温馨提示' };

/** A board (宣传栏) in use, or retired (taken away; kept for its postings' record). */
export const BOARD_STATUSES = ['active', 'retired'] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];
export const BOARD_STATUS_LABELS: Record<BoardStatus, string> = { active: '使用中', retired: '已停用' };
export const BOARD_EVENTS = ['edit', 'retire', 'restore'] as const;
export type BoardEvent = (typeof BOARD_EVENTS)[number];
export const BOARD_EVENT_LABELS: Record<BoardEvent, string> = { edit: '修改', retire: '停用', restore: '恢复使用' };
export const BOARD_MACHINE = stateMachine<BoardStatus, BoardEvent>({
  noun: '宣传栏',
  table: {
    edit: { from: ['active', 'retired'] },
    retire: { from: ['active'], to: 'retired' },
    restore: { from: ['retired'], to: 'active' },
  },
  states: BOARD_STATUS_LABELS,
  events: BOARD_EVENT_LABELS,
  code: 'BOARD.INVALID_TRANSITION',
});

/** A posting is up (张贴) until taken down (撤下). */
export const POSTING_STATUSES = ['posted', 'removed'] as const;
export type PostingStatus = (typeof POSTING_STATUSES)[number];
export const POSTING_EVENTS = ['takeDown'] as const;
export type PostingEvent = (typeof POSTING_EVENTS)[number];
export const POSTING_MACHINE = stateMachine<PostingStatus, PostingEvent>({
  noun: '张贴',
  table: { takeDown: { from: ['posted'], to: 'removed' } },
  states: { posted: '张贴中', removed: '已撤下' },
  events: { takeDown: '撤下' },
  code: 'BOARD.INVALID_TRANSITION',
});

/** Where a posting stands on a day: not up yet, up, past its removal date and still up (to take down), taken down. */
export const POSTING_STATES = ['upcoming', 'current', 'expired', 'removed'] as const;
export type PostingState = (typeof POSTING_STATES)[number];
export const POSTING_STATE_LABELS: Record<PostingState, string> = { upcoming: '待张贴', current: '张贴中', expired: '已到期待撤下', removed: '已撤下' };

export function postingState(p: { status: PostingStatus | string; postedOn: string; removeOn: string }, today: string): PostingState {
  if (p.status === 'removed') return 'removed';
  if (p.removeOn < today) return 'expired';
  return p.postedOn > today ? 'upcoming' : 'current';
}

export const BOARD_NAME_MAX = 20;
export const BOARD_LOCATION_MAX = 60;
export const BOARDS_MAX = 200;
export const POSTING_TITLE_MAX = 40;
export const POSTING_TEXT_MAX = 500;
/** Boards one posting request may cover (a notice posted on every board of the community). */
export const POSTING_BOARDS_MAX = 50;
/** A posting stays up at most this long; its dates lie within this many days of today. */
export const POSTING_DAYS_MAX = 366;

/** What is wrong with a posting's dates (removal before posting, too long, too far from today), on the field. */
export function postingDatesProblem(postedOn: string, removeOn: string, today: string): { path: 'postedOn' | 'removeOn'; message: string } | null {
  const days = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
  const real = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
  if (!real(postedOn)) return { path: 'postedOn', message: '张贴日期不是有效日期' };
  if (!real(removeOn)) return { path: 'removeOn', message: '撤下日期不是有效日期' };
  if (Math.abs(days(today, postedOn)) > POSTING_DAYS_MAX) return { path: 'postedOn', message: `张贴日期须在今天前后${POSTING_DAYS_MAX}天内` };
  if (removeOn < postedOn) return { path: 'removeOn', message: '撤下日期不能早于张贴日期' };
  if (days(postedOn, removeOn) > POSTING_DAYS_MAX) return { path: 'removeOn', message: `张贴时间最长${POSTING_DAYS_MAX}天` };
  return null;
}
