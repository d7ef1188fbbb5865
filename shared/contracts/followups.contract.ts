import { z } from 'zod';
import { FOLLOW_UP_METHODS, FOLLOW_UP_OUTCOMES, FOLLOW_UP_STATUSES, type FollowUpMethod, type FollowUpOutcome, type FollowUpSource, type FollowUpStatus } from '../domain/followups';
import { action, community, objectId, page, pageSize, type Paged } from './contract';

/**
 * Follow-up visits (回访): after a repair is completed an agent asks the owner how it went (by
 * phone, visit or WeChat) and records the outcome. One task model for every source (repairs now,
 * complaints later).
 */
export interface FollowUpTask {
  id: string;
  source: FollowUpSource;
  sourceId: string;
  /** E.g. the order number and what was repaired. */
  title: string;
  ownerName: string;
  /** In full: agents call it. */
  phone: string;
  location: string;
  dueAt: string;
  overdue: boolean;
  status: FollowUpStatus;
  method?: FollowUpMethod;
  outcome?: FollowUpOutcome;
  note?: string;
  doneAt?: string;
  doneByName?: string;
  createdAt: string;
}

export interface FollowUpStats {
  /** Tasks due in the period. */
  due: number;
  done: number;
  doneOnTime: number;
  /** done / due (0–1; null with none due). */
  completionRate: number | null;
  outcomes: Record<FollowUpOutcome, number>;
  /** satisfied / done (null with none done). */
  satisfactionRate: number | null;
}

export const followupsContract = {
  /** Agent/manager: the community's follow-up tasks, the earliest due first (today's list: `dueBy` = end of today). */
  list: action<Paged<FollowUpTask>>()(
    z
      .object({ status: z.enum(FOLLOW_UP_STATUSES).default('open'), dueBy: z.string().datetime({ offset: true }).optional(), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community(['agent', 'manager']),
  ),
  record: action<FollowUpTask>()(
    z
      .object({
        followUpId: objectId,
        method: z.enum(FOLLOW_UP_METHODS, { message: '请选择回访方式' }),
        outcome: z.enum(FOLLOW_UP_OUTCOMES, { message: '请选择业主满意度' }),
        note: z.string().trim().max(300, '回访记录最多300字').optional(),
      })
      .strict()
      .refine((v) => v.outcome !== 'unsatisfied' || Boolean(v.note), { message: '业主不满意时请记录原因', path: ['note'] }),
    community(['agent', 'manager'], { followUpId: 'followUp' }),
  ),
  /** Manager: follow-up completion and satisfaction over the last `days` days. */
  stats: action<FollowUpStats>()(z.object({ days: z.number().int().min(1).max(366).default(30) }).strict().optional().default({}), community(['manager'])),
};

export type FollowUpPage = Paged<FollowUpTask>;
