import { z } from 'zod';
import {
  SERVICE_AREAS,
  SURVEY_AUDIENCES,
  SURVEY_INTRO_MAX,
  SURVEY_OPTION_MAX,
  SURVEY_QUESTION_TITLE_MAX,
  SURVEY_TITLE_MAX,
  SURVEY_OPTIONS_MAX,
  SURVEY_PER,
  SURVEY_QUESTION_KINDS,
  SURVEY_QUESTIONS_MAX,
  SURVEY_REPEAT,
  SURVEY_STATUSES,
  SURVEY_TEXT_MAX,
  type SurveyTemplate,
} from '../domain/life';
import { action, calendarDay, community, objectId, page, type Paged, pageSize } from './contract';
import type { SurveySummary, SurveyView } from './life-survey-view';

/**
 * The surveys part of community life (life.md "Surveys"): templates, the manager's builder
 * (drafts), publishing with a notice to the audience, closing, the owner's list, the survey and the
 * answer — named, or anonymous with a token only the owner's phone holds.
 */

/** How many units a survey's publishing notice reaches (the confirm before 发布). */
export interface SurveyReach {
  audienceText: string;
  units: number;
  wechat: number;
}

const MANAGER = ['manager'] as const;
const STAFF_OWNER = ['owner', 'agent', 'manager'] as const;
const ref = { surveyId: 'survey' } as const;
const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const day = (label: string) => calendarDay(label);
const line = (label: string, max: number) => z.string({ message: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}最多${max}字`);

const questionInput = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][\w-]{0,30}$/, '题目编号格式不正确')
      .optional(),
    kind: z.enum(SURVEY_QUESTION_KINDS),
    title: line('题目', SURVEY_QUESTION_TITLE_MAX),
    options: z.array(line('选项', SURVEY_OPTION_MAX)).max(SURVEY_OPTIONS_MAX, `选项最多${SURVEY_OPTIONS_MAX}个`).default([]),
    required: z.boolean().default(false),
    area: z.enum(SERVICE_AREAS).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const choice = q.kind === 'single' || q.kind === 'multiple';
    if (choice && q.options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: '选择题至少需要2个选项' });
    if (!choice && q.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: '评分题和填空题没有选项' });
    if (new Set(q.options).size !== q.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: '选项不能重复' });
    if (q.area && q.kind !== 'rating') ctx.addIssue({ code: 'custom', path: ['area'], message: '服务领域只用于评分题' });
  });

/** The fields of a survey (the builder sends them all; a draft's update replaces them). */
const surveyFields = {
  title: line('问卷名称', SURVEY_TITLE_MAX),
  intro: z.string().trim().max(SURVEY_INTRO_MAX, `问卷说明最多${SURVEY_INTRO_MAX}字`).default(''),
  questions: z
    .array(questionInput)
    .min(1, '请至少添加一道题目')
    .max(SURVEY_QUESTIONS_MAX, `题目最多${SURVEY_QUESTIONS_MAX}道`)
    .superRefine((qs, ctx) => {
      const keys = qs.flatMap((q) => (q.key ? [q.key] : []));
      if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', message: '题目编号重复' });
    }),
  // `activity` is for an activity's feedback survey (made by the activities part), not the builder.
  audience: z
    .object({
      kind: z.enum(SURVEY_AUDIENCES).refine((k) => k !== 'activity', '请选择全体业主或指定楼栋'),
      buildingIds: z.array(objectId).max(200).default([]),
    })
    .strict()
    .refine((a) => a.kind !== 'buildings' || a.buildingIds.length > 0, { message: '请选择楼栋', path: ['buildingIds'] }),
  per: z.enum(SURVEY_PER),
  repeat: z.enum(SURVEY_REPEAT),
  anonymous: z.boolean(),
  opensOn: day('开始日期'),
  closesOn: day('截止日期'),
  year: z.number().int().min(2000).max(2100).optional(),
  templateKey: z
    .string()
    .regex(/^[a-z][\w-]{0,40}$/)
    .optional(),
};
const datesInOrder = (v: { opensOn: string; closesOn: string }) => v.closesOn >= v.opensOn;
const datesMessage = { message: '截止日期不能早于开始日期', path: ['closesOn'] };

const replyInput = z
  .object({
    key: z.string().regex(/^[a-z][\w-]{0,30}$/, '题目编号格式不正确'),
    choices: z.array(z.number().int().min(0).max(SURVEY_OPTIONS_MAX)).max(SURVEY_OPTIONS_MAX).optional(),
    rating: z.number().optional(),
    text: z.string().max(SURVEY_TEXT_MAX, `回答最多${SURVEY_TEXT_MAX}字`).optional(),
  })
  .strict();

export const lifeSurveyActions = {
  /** Manager: the templates to start from (年度满意度调查, 社区活动需求调研, 停车管理意见征集). */
  surveyTemplates: action<SurveyTemplate[]>()(z.object({}).strict().optional().default({}), community([...MANAGER])),
  /**
   * Manager: a draft survey (blank, or from a template: `templateKey`). A satisfaction survey (from
   * its template) has a `year`, one per community and year (409 SURVEY.YEAR_TAKEN). One per `requestId`.
   */
  surveyCreate: action<SurveyView>()(z.object({ requestId, ...surveyFields }).strict().refine(datesInOrder, datesMessage), community([...MANAGER])),
  /** Manager: change a draft (the fields as given replace the ones before). */
  surveyUpdate: action<SurveyView>()(z.object({ surveyId: objectId, ...surveyFields }).strict().refine(datesInOrder, datesMessage), community([...MANAGER], ref)),
  /** Staff: a survey with everything; owner: a survey of my audience with `mine` (per unit: `unitId` picks my unit). */
  surveyGet: action<SurveyView>()(z.object({ surveyId: objectId, unitId: objectId.optional() }).strict(), community([...STAFF_OWNER], ref)),
  /** Staff: the community's surveys (by status), newest first; owner: the surveys I am asked — open first, then answered and closed. */
  surveyList: action<Paged<SurveySummary>>()(z.object({ status: z.enum(SURVEY_STATUSES).optional(), page, pageSize }).strict(), community([...STAFF_OWNER])),
  /** Manager: how many units the publishing notice would reach (the 发布 confirm). */
  surveyReach: action<SurveyReach>()(z.object({ surveyId: objectId }).strict(), community([...MANAGER], ref)),
  /** Manager: draft → published; the 问卷调查通知 goes to the audience with 去填写问卷. One per `requestId`. */
  surveyPublish: action<SurveyView>()(z.object({ surveyId: objectId, requestId }).strict(), community([...MANAGER], ref)),
  /** Manager: published → closed (the daily job closes the ones past their close day). */
  surveyClose: action<SurveyView>()(z.object({ surveyId: objectId }).strict(), community([...MANAGER], ref)),
  /**
   * Owner: answer (or, where the survey allows, change the answer). Per unit: `unitId` (one of my units
   * in the audience). Anonymous: `token`, 32–64 hex characters the phone generated and kept for this survey.
   */
  surveyAnswer: action<SurveyView>()(
    z
      .object({
        surveyId: objectId,
        unitId: objectId.optional(),
        token: z
          .string()
          .regex(/^[a-f0-9]{32,64}$/, '答卷凭据格式不正确')
          .optional(),
        replies: z.array(replyInput).max(SURVEY_QUESTIONS_MAX, `题目最多${SURVEY_QUESTIONS_MAX}道`),
      })
      .strict(),
    community(['owner'], ref),
  ),
};
