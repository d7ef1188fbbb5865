/**
 * The knowledge base (知识库) and the 话术 library: article categories, audiences, limits, and the
 * script contexts (where a script is shown). Pure: shared by the server and the client.
 */
import { COMPLAINT_CATEGORY_LABELS, COMPLAINT_STAGE_LABELS, type ComplaintCategory, type ComplaintStage } from './complaints';
import { LADDER_STAGES, type LadderStage } from './fees';
import { GENERAL_TOPIC, type IncidentTopic } from './sentiment-incidents';
import { TOPIC_LABELS } from './sentiment';

export const ARTICLE_CATEGORIES = ['fees', 'rules', 'procedures', 'hours', 'documents', 'facilities', 'other'] as const;
export type ArticleCategory = (typeof ARTICLE_CATEGORIES)[number];
export const ARTICLE_CATEGORY_LABELS: Record<ArticleCategory, string> = {
  fees: '费用与收费标准',
  rules: '管理规约与制度',
  procedures: '办事流程',
  hours: '服务时间',
  documents: '所需材料',
  facilities: '设施设备',
  other: '其他',
};

/** Who reads an article: owners and staff, or staff only (internal answers, e.g. how to handle a case). */
export const ARTICLE_AUDIENCES = ['all', 'staff'] as const;
export type ArticleAudience = (typeof ARTICLE_AUDIENCES)[number];
export const ARTICLE_AUDIENCE_LABELS: Record<ArticleAudience, string> = { all: '业主与员工', staff: '仅员工' };

/** An article's state: a draft is seen by managers only; archived ones by nobody but the manager's list. */
export const ARTICLE_STATUSES = ['published', 'draft', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const ARTICLE_STATUS_LABELS: Record<ArticleStatus, string> = { published: '已发布', draft: '草稿', archived: '已归档' };

export const ARTICLE_TITLE_MAX = 60;
export const ARTICLE_BODY_MAX = 5000;
export const ARTICLE_KEYWORDS_MAX = 12;
export const ARTICLE_KEYWORD_MAX = 20;
/** A search text: 1–50 characters. */
export const SEARCH_QUERY_MAX = 50;
export const SCRIPT_TITLE_MAX = 40;
export const SCRIPT_TEXT_MAX = 1000;
/** Days the manager's 缺失答案 list looks back. */
export const MISSING_ANSWER_DAYS = 30;

/**
 * Where a script is shown. A script stored with a field left out applies to every value of that
 * field: a complaint script without `category` is shown for every category at its stage.
 */
export type ScriptContext =
  | { context: 'complaint'; category?: ComplaintCategory; stage?: ComplaintStage }
  | { context: 'arrears'; stage?: LadderStage }
  | { context: 'incident'; topic?: IncidentTopic }
  | { context: 'inquiry'; topic?: string }
  | { context: 'phone' }
  | { context: 'general' };
export type ScriptContextKind = ScriptContext['context'];
export const SCRIPT_CONTEXTS = ['phone', 'general', 'complaint', 'arrears', 'incident', 'inquiry'] as const satisfies readonly ScriptContextKind[];
export const SCRIPT_CONTEXT_LABELS: Record<ScriptContextKind, string> = {
  phone: '电话接听',
  general: '常用服务语言',
  complaint: '投诉处理',
  arrears: '费用催缴',
  incident: '业主群舆情',
  inquiry: '咨询答复',
};

/** The label of a script context's qualifier (类别 · 阶段 · 话题), '' for none: e.g. 噪音/邻里 · 书面答复. */
export function scriptContextLabel(c: ScriptContext, inquiryTopicLabel?: (topic: string) => string): string {
  const parts: string[] = [];
  if (c.context === 'complaint') {
    if (c.category) parts.push(COMPLAINT_CATEGORY_LABELS[c.category]);
    if (c.stage) parts.push(COMPLAINT_STAGE_LABELS[c.stage]);
  } else if (c.context === 'arrears') {
    if (c.stage !== undefined) parts.push(LADDER_STAGES[c.stage].label);
  } else if (c.context === 'incident') {
    if (c.topic) parts.push(c.topic === GENERAL_TOPIC ? '其他话题' : TOPIC_LABELS[c.topic]);
  } else if (c.context === 'inquiry') {
    if (c.topic) parts.push(inquiryTopicLabel ? inquiryTopicLabel(c.topic) : c.topic);
  }
  return parts.join(' · ');
}

/** Placeholders a script may hold; a page fills those it knows (the rest stay for the agent to fill). */
export const SCRIPT_PLACEHOLDERS = ['业主称呼', '员工姓名', '小区名称', '服务电话', '金额', '时间'] as const;
export type ScriptPlaceholder = (typeof SCRIPT_PLACEHOLDERS)[number];

/** A script's text with the placeholders given replaced: {业主称呼} → 张先生. Unknown ones stay as written. */
export function fillScript(text: string, values: Partial<Record<ScriptPlaceholder, string>>): string {
  return text.replace(/\{([^{}]{1,8})\}/g, (whole, name: string) => {
    const v = (values as Record<string, string | undefined>)[name];
    return v ? v : whole;
  });
}
