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

// --- results & satisfaction ---

// --- activities ---

// --- notice boards ---
