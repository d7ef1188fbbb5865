import { z } from 'zod';
import { DRILL_REPLY_MAX, FIGURES_MONTHS_MAX, GROWTH_STAFF } from '../domain/growth';
import { action, community, page, pageSize, type Paged } from './contract';
import type { DrillAttemptView, DrillList, DrillScenarioView, MyFigures, TeamFigures } from './growth-practice-view';

/**
 * Practice drills (情景演练) and service figures (服务数据) — docs/modules/growth.md "Practice drills"
 * and "Service figures". The scenarios are built in (no reference kind): an unknown one is
 * 404 DRILL.NOT_FOUND; attempts are only ever the caller's own.
 */

const MANAGER = ['manager'] as const;
/** Whose desk work has figures: agents, and managers who take inquiries and complaints too. */
const DESK = ['agent', 'manager'] as const;

const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const scenarioId = z.string({ message: '请选择演练情景' }).regex(/^[a-z0-9-]{1,40}$/, '演练情景编号格式不正确');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

export const growthPracticeActions = {
  /** Staff: the scenarios, with the caller's attempts and best score of each. */
  drillList: action<DrillList>()(z.object({}).strict().optional().default({}), community([...GROWTH_STAFF])),
  /** Staff: one scenario to practise (the owner's message, what is checked; not the model reply). */
  drillGet: action<DrillScenarioView>()(z.object({ scenarioId }).strict(), community([...GROWTH_STAFF])),
  /** Staff: a reply, checked at once by the rules; kept as the caller's attempt. One per `requestId`. */
  drillSubmit: action<DrillAttemptView>()(
    z.object({ scenarioId, reply: z.string({ message: '请填写回复' }).trim().min(1, '请填写回复').max(DRILL_REPLY_MAX, `回复不能超过${DRILL_REPLY_MAX}字`), requestId }).strict(),
    community([...GROWTH_STAFF]),
  ),
  /** Staff: the caller's own attempts (of one scenario, or all), newest first. */
  drillHistory: action<Paged<DrillAttemptView>>()(z.object({ scenarioId: scenarioId.optional(), page, pageSize }).strict(), community([...GROWTH_STAFF])),
  /** Agents and managers: their own figures by month against the team's median (never another person's name or id). */
  myFigures: action<MyFigures>()(z.object({ months: z.number().int().min(1).max(FIGURES_MONTHS_MAX).optional() }).strict().optional().default({}), community([...DESK])),
  /** Managers: every agent's figures of a month with the team's median and the team's trend. */
  teamFigures: action<TeamFigures>()(z.object({ month: month.optional() }).strict().optional().default({}), community([...MANAGER])),
};
