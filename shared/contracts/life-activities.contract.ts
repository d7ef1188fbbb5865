import { z } from 'zod';
import { ACTIVITY_CAPACITY_MAX, ACTIVITY_LINES_MAX, ACTIVITY_PHOTOS_MAX, ACTIVITY_PLACES_MAX, ACTIVITY_SIGNUP_STATUSES, ACTIVITY_STATUSES, ACTIVITY_TEXT_MAX, type ActivityTemplate } from '../domain/life';
import { action, calendarDay, community, objectId, page, type Paged, pageSize } from './contract';
import type { ActivityCheckinResult, ActivitySignupView, ActivitySummary, ActivityView } from './life-activity-view';

/**
 * Activities (社区活动; life.md "Activities"): the plan from a template, the manager's review,
 * publication with sign-up (places per household, capacity, waiting list, deadline), check-in by code
 * at the door, and what comes after (spent lines, photos, the feedback survey), with the figures.
 */

export const ACTIVITY_TITLE_MAX = 40;

const MANAGER = ['manager'] as const;
const STAFF = ['agent', 'manager'] as const;
const ALL = ['owner', 'agent', 'manager'] as const;
const ref = { activityId: 'activity' } as const;
const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const fileId = z.string().regex(/^[\w-]{8,64}$/, '照片编号不正确');
const day = (label: string) => calendarDay(label);
const time = (label: string) => z.string({ message: `请填写${label}` }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${label}格式应为 HH:MM`);
const text = (label: string, max: number) => z.string({ message: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}最多${max}字`);
const optionalText = (label: string, max: number) => z.string().trim().max(max, `${label}最多${max}字`).default('');
const lines = <T extends z.ZodTypeAny>(item: T, label: string) => z.array(item).max(ACTIVITY_LINES_MAX, `${label}最多${ACTIVITY_LINES_MAX}条`).default([]);
const fen = z.number({ message: '请填写金额' }).int('金额以分为单位').min(0, '金额不能为负').max(100_000_000, '金额过大');
const moneyLine = z.object({ item: text('项目', 60), amountFen: fen }).strict();

/** The plan's fields (every section of the template). */
const planFields = {
  title: text('活动名称', ACTIVITY_TITLE_MAX),
  aim: optionalText('活动目的', ACTIVITY_TEXT_MAX),
  intro: optionalText('活动简介', ACTIVITY_TEXT_MAX),
  day: day('活动日期'),
  startTime: time('开始时间'),
  endTime: time('结束时间'),
  place: text('活动地点', 60),
  programme: lines(z.object({ time: z.string().trim().max(20, '时间最多20字').default(''), item: text('流程内容', 60), person: z.string().trim().max(20, '负责人最多20字').default('') }).strict(), '活动流程'),
  staff: lines(z.object({ name: text('人员', 20), duty: z.string().trim().max(60, '职责最多60字').default('') }).strict(), '人员安排'),
  budget: lines(moneyLine, '经费预算'),
  safety: lines(text('安全措施', 100), '安全措施'),
  publicity: lines(text('宣传方式', 100), '宣传方式'),
};
const withTimes = <T extends z.ZodTypeAny>(schema: T) =>
  schema.superRefine((p: { startTime?: string; endTime?: string }, ctx) => {
    if (p.startTime && p.endTime && p.endTime <= p.startTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: '结束时间应晚于开始时间' });
  });

export const lifeActivityActions = {
  /** Staff: the plan templates (活动计划范本), the 迎春节 plan first. */
  activityTemplates: action<ActivityTemplate[]>()(z.object({}).strict().optional().default({}), community([...STAFF])),
  /**
   * Staff: the community's activities (by status; `when: 'checkin'` = published ones from today on,
   * soonest first — the agent's 活动签到 list), with figures. Owner: `tab` upcoming (published, not
   * past), mine (my household signed up), past (finished, or the day passed).
   */
  activityList: action<Paged<ActivitySummary>>()(
    z
      .object({ status: z.enum(ACTIVITY_STATUSES).optional(), when: z.enum(['checkin']).optional(), tab: z.enum(['upcoming', 'mine', 'past']).optional(), page, pageSize })
      .strict()
      .optional()
      .default({ page: 1, pageSize: 20 }),
    community([...ALL]),
  ),
  /** An activity: staff everything with figures and history; owner the public parts, places left and my sign-up. */
  activityGet: action<ActivityView>()(z.object({ activityId: objectId }).strict(), community([...ALL], ref)),
  /** Staff: a new plan (draft) from a template or blank. One per `requestId`. */
  activityCreate: action<ActivityView>()(withTimes(z.object({ requestId, templateKey: z.string().max(40).optional(), ...planFields }).strict()), community([...STAFF])),
  /** Staff: change the plan of a draft or a returned plan (the fields as given replace the ones before). */
  activityUpdate: action<ActivityView>()(withTimes(z.object({ activityId: objectId, ...planFields }).strict()), community([...STAFF], ref)),
  /** Staff: draft/returned → submitted for the manager's review. */
  activitySubmit: action<ActivityView>()(z.object({ activityId: objectId }).strict(), community([...STAFF], ref)),
  /** Manager: review — approve, or return with a note (required) for changes. */
  activityReview: action<ActivityView>()(
    z
      .object({ activityId: objectId, decision: z.enum(['approve', 'return']), note: z.string().trim().max(200, '审核意见最多200字').default('') })
      .strict()
      .refine((r) => r.decision === 'approve' || r.note.length > 0, { message: '请填写退回原因', path: ['note'] }),
    community([...MANAGER], ref),
  ),
  /**
   * Manager: approved → published with the sign-up figures; the 活动通知 goes to the whole community
   * with 去报名. Deadline not in the past, not after the day. One notice per `requestId`.
   */
  activityPublish: action<ActivityView>()(
    z
      .object({
        activityId: objectId,
        requestId,
        capacity: z.number({ message: '请填写名额' }).int('名额应为整数').min(1, '名额至少1人').max(ACTIVITY_CAPACITY_MAX, `名额最多${ACTIVITY_CAPACITY_MAX}人`),
        placesPerHousehold: z.number({ message: '请填写每户限报人数' }).int('每户限报人数应为整数').min(1, '每户至少1人').max(ACTIVITY_PLACES_MAX, `每户最多${ACTIVITY_PLACES_MAX}人`),
        signupDeadline: day('报名截止日期'),
      })
      .strict(),
    community([...MANAGER], ref),
  ),
  /** Manager: cancel (before it is finished); owners signed up are told by message. */
  activityCancel: action<ActivityView>()(z.object({ activityId: objectId, reason: text('取消原因', 100) }).strict(), community([...MANAGER], ref)),
  /** Staff: published → finished, on or after the day. */
  activityFinish: action<ActivityView>()(z.object({ activityId: objectId }).strict(), community([...STAFF], ref)),
  /** Staff: after the day — spent lines, photos, a short summary (replaces what was there). */
  activityWrapUp: action<ActivityView>()(
    z
      .object({
        activityId: objectId,
        spent: lines(moneyLine, '实际支出'),
        photoIds: z.array(fileId).max(ACTIVITY_PHOTOS_MAX, `照片最多${ACTIVITY_PHOTOS_MAX}张`).default([]),
        summary: optionalText('活动总结', ACTIVITY_TEXT_MAX),
      })
      .strict(),
    community([...STAFF], ref),
  ),
  /** Manager: the feedback survey (活动反馈) to the checked-in households, open 7 days. Once per activity. */
  activityFeedback: action<ActivityView>()(z.object({ activityId: objectId, requestId }).strict(), community([...MANAGER], ref)),
  /**
   * Owner: sign my household (`unitId`, one of my units; may be left out with one unit) up for
   * `places` persons (1..placesPerHousehold). Over capacity → the waiting list. One per `requestId`.
   */
  activitySignup: action<ActivityView>()(
    z
      .object({ activityId: objectId, unitId: objectId.optional(), places: z.number({ message: '请选择报名人数' }).int('报名人数应为整数').min(1, '报名人数至少1人').max(ACTIVITY_PLACES_MAX, `报名人数最多${ACTIVITY_PLACES_MAX}人`), requestId })
      .strict(),
    community(['owner'], { ...ref, unitId: 'ownUnit' }),
  ),
  /** Owner: cancel my household's sign-up; the first on the waiting list moves up (told by message). */
  activitySignupCancel: action<ActivityView>()(z.object({ signupId: objectId }).strict(), community(['owner'], { signupId: 'activitySignup' })),
  /** Staff: the sign-ups of an activity (confirmed first, then the waiting list in order). */
  activitySignups: action<Paged<ActivitySignupView>>()(
    z.object({ activityId: objectId, status: z.enum(ACTIVITY_SIGNUP_STATUSES).optional(), page, pageSize: z.number().int().min(1).max(200).default(100) }).strict(),
    community([...STAFF], ref),
  ),
  /** Staff: check a household in at the door by its code (typed or scanned) or from the list (`signupId`). */
  activityCheckin: action<ActivityCheckinResult>()(
    z
      .object({ activityId: objectId, code: z.string().trim().min(1, '请输入签到码').max(20, '签到码格式不正确').optional(), signupId: objectId.optional() })
      .strict()
      .refine((c) => Boolean(c.code) !== Boolean(c.signupId), { message: '请输入签到码', path: ['code'] }),
    community([...STAFF], ref),
  ),
};
