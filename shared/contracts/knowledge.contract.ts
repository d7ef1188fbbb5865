import { z } from 'zod';
import { COMPLAINT_CATEGORIES, COMPLAINT_STAGES } from '../domain/complaints';
import { LADDER_STAGES } from '../domain/fees';
import {
  ARTICLE_AUDIENCES,
  ARTICLE_BODY_MAX,
  ARTICLE_CATEGORIES,
  ARTICLE_KEYWORD_MAX,
  ARTICLE_KEYWORDS_MAX,
  ARTICLE_STATUSES,
  ARTICLE_TITLE_MAX,
  SCRIPT_TEXT_MAX,
  SCRIPT_TITLE_MAX,
  SEARCH_QUERY_MAX,
  type ArticleAudience,
  type ArticleCategory,
  type ArticleStatus,
  type ScriptContext,
} from '../domain/knowledge';
import { GENERAL_TOPIC } from '../domain/sentiment-incidents';
import { SENTIMENT_TOPICS } from '../domain/sentiment';
import { action, community, objectId, page, pageSize, type Paged } from './contract';

/**
 * knowledge — the knowledge base (知识库: answers owners search before asking and agents search while
 * answering) and the 话术 library (service scripts shown in context on the desk's pages).
 */

export interface ArticleSummary {
  id: string;
  title: string;
  category: ArticleCategory;
  audience: ArticleAudience;
  status: ArticleStatus;
  keywords: string[];
  /** Copied from the starter library (and maybe edited since). */
  starter: boolean;
  updatedAt: string;
  updatedByName: string;
  /** Owners' votes (有帮助 / 没帮助). */
  helpful: number;
  notHelpful: number;
}

export interface ArticleDetail extends ArticleSummary {
  body: string;
  /** The caller's own vote, if any (owners). */
  myFeedback?: boolean;
}

export interface SearchHit {
  id: string;
  title: string;
  category: ArticleCategory;
  /** 0–100: coverage of the query, more when the hits are in the title or keywords. */
  score: number;
  /** The matching passage of the body; `highlights` are [start, end) ranges of `text`. */
  snippet: { text: string; highlights: [number, number][] };
  titleHighlights: [number, number][];
}

export interface MissingAnswer {
  query: string;
  count: number;
  lastDay: string;
}

/** A 话术 script as a page shows it. */
export interface ScriptView {
  /** The community's own script, or its saved version of a starter script. */
  scriptId?: string;
  /** The starter script it is (edited or not). */
  starterKey?: string;
  where: ScriptContext;
  title: string;
  text: string;
  order: number;
  /** From the starter library; `edited` when the community saved its own version. */
  starter: boolean;
  edited: boolean;
  /** Taken out of the community's library (managers' list only). */
  hidden: boolean;
  updatedByName?: string;
}

const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const articleId = { articleId: objectId };
const starterKey = z.string().regex(/^[\w.-]{1,60}$/, '话术编号格式不正确');

/** Where a script is shown (shared/domain/knowledge.ts ScriptContext). */
export const scriptContext = z.discriminatedUnion(
  'context',
  [
    z.object({ context: z.literal('complaint'), category: z.enum(COMPLAINT_CATEGORIES).optional(), stage: z.enum(COMPLAINT_STAGES).optional() }).strict(),
    z.object({ context: z.literal('arrears'), stage: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional() }).strict(),
    z.object({ context: z.literal('incident'), topic: z.enum([...SENTIMENT_TOPICS, GENERAL_TOPIC]).optional() }).strict(),
    z.object({ context: z.literal('inquiry'), topic: z.string().regex(/^[a-z]{1,20}$/, '咨询类别格式不正确').optional() }).strict(),
    z.object({ context: z.literal('phone') }).strict(),
    z.object({ context: z.literal('general') }).strict(),
  ],
  { message: '请选择话术场景' },
);
// LADDER_STAGES has exactly the stages 0–4 the union lists.
void LADDER_STAGES;

const text = (label: string, max: number) =>
  z
    .string({ message: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}最多${max}字`);

export const knowledgeContract = {
  // --- articles ---
  /** The community's articles by category: published ones the caller may read (managers: any status). Newest first. */
  list: action<Paged<ArticleSummary>>()(
    z
      .object({ category: z.enum(ARTICLE_CATEGORIES).optional(), status: z.enum([...ARTICLE_STATUSES, 'all']).optional(), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community(['owner', 'agent', 'technician', 'cashier', 'manager']),
  ),
  get: action<ArticleDetail>()(z.object(articleId).strict(), community(['owner', 'agent', 'technician', 'cashier', 'manager'], { articleId: 'article' })),
  /** Search the published articles the caller may read (owners: not the staff-only ones); an owner's search is counted. */
  search: action<Paged<SearchHit>>()(
    z
      .object({
        q: z.string({ message: '请输入要查找的问题' }).trim().min(1, '请输入要查找的问题').max(SEARCH_QUERY_MAX, `最多${SEARCH_QUERY_MAX}字`),
        category: z.enum(ARTICLE_CATEGORIES).optional(),
        page,
        pageSize,
      })
      .strict(),
    community(['owner', 'agent', 'technician', 'cashier', 'manager']),
  ),
  /** Manager: create (with `requestId`, idempotent) or edit (`articleId`) an article. */
  saveArticle: action<ArticleDetail>()(
    z
      .object({
        articleId: objectId.optional(),
        requestId: requestId.optional(),
        title: text('标题', ARTICLE_TITLE_MAX),
        body: text('正文', ARTICLE_BODY_MAX),
        category: z.enum(ARTICLE_CATEGORIES, { message: '请选择分类' }),
        keywords: z.array(z.string().trim().min(1).max(ARTICLE_KEYWORD_MAX, `关键词最多${ARTICLE_KEYWORD_MAX}字`)).max(ARTICLE_KEYWORDS_MAX, `最多${ARTICLE_KEYWORDS_MAX}个关键词`).default([]),
        audience: z.enum(ARTICLE_AUDIENCES).default('all'),
        status: z.enum(['published', 'draft']).default('published'),
      })
      .strict()
      .refine((v) => Boolean(v.articleId) !== Boolean(v.requestId), { message: '新建须带请求编号，修改须带条目编号', path: ['requestId'] }),
    community(['manager'], { articleId: 'article' }),
  ),
  /** Manager: take an article out of the knowledge base (kept, listed as 已归档; saving it publishes it again). */
  archiveArticle: action<ArticleDetail>()(z.object(articleId).strict(), community(['manager'], { articleId: 'article' })),
  /** Owner: 有帮助 / 没帮助 (one vote per owner and article; voting again changes it). */
  feedback: action<ArticleDetail>()(z.object({ ...articleId, helpful: z.boolean() }).strict(), community(['owner'], { articleId: 'article' })),
  /** Manager: the owners' most frequent searches that found nothing, in the last 30 days. */
  missingAnswers: action<MissingAnswer[]>()(z.object({}).strict().optional().default({}), community(['manager'])),
  // --- scripts ---
  /** The scripts for a page's context (the community's edits replacing the starter ones), in order. */
  scripts: action<ScriptView[]>()(z.object({ where: scriptContext }).strict(), community(['agent', 'cashier', 'manager'])),
  /** Manager: every script of one context kind, hidden ones included, for editing. */
  scriptLibrary: action<ScriptView[]>()(z.object({ context: z.enum(['phone', 'general', 'complaint', 'arrears', 'incident', 'inquiry']) }).strict(), community(['manager'])),
  /**
   * Manager: save a script — a new one of the community (`requestId`, idempotent), an edit of its own
   * (`scriptId`), or its version of a starter script (`starterKey`), which replaces the starter one.
   */
  saveScript: action<ScriptView>()(
    z
      .object({
        scriptId: objectId.optional(),
        starterKey: starterKey.optional(),
        requestId: requestId.optional(),
        where: scriptContext,
        title: text('标题', SCRIPT_TITLE_MAX),
        text: text('话术内容', SCRIPT_TEXT_MAX),
        order: z.number().int().min(0).max(999).default(100),
      })
      .strict()
      .refine((v) => [v.scriptId, v.starterKey, v.requestId].filter(Boolean).length === 1, { message: '新建须带请求编号，修改须带话术编号', path: ['requestId'] }),
    community(['manager'], { scriptId: 'script' }),
  ),
  /** Manager: take a script out of the library: the community's own is deleted, a starter one hidden until restored. */
  removeScript: action<{ removed: true }>()(
    z
      .object({ scriptId: objectId.optional(), starterKey: starterKey.optional() })
      .strict()
      .refine((v) => Boolean(v.scriptId) !== Boolean(v.starterKey), { message: '请指定话术', path: ['scriptId'] }),
    community(['manager'], { scriptId: 'script' }),
  ),
  /** Manager: a starter script back as shipped (the community's edit or hiding undone). */
  restoreScript: action<ScriptView>()(z.object({ starterKey }).strict(), community(['manager'])),
};

export type KnowledgeContract = typeof knowledgeContract;
