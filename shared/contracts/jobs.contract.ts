import { z } from 'zod';
import { action, community } from './contract';
import type { BillingRunReport } from './fees.contract';
import type { SlaRunReport } from './repairs.contract';

/**
 * Scheduled work. CloudBase runs these from timer triggers (`config.json` triggers; the event is
 * `{Type:'Timer', TriggerName}` and carries no user); the gateway runs them from its scheduler: those
 * runs cover every community. A manager may also run one by hand (e.g. in the demo): that run acts
 * only on the communities the manager belongs to.
 */
export interface OutboxRunReport {
  claimed: number;
  sent: number;
  retried: number;
  fellBack: number;
  callTasks: number;
  skipped: number;
  lost: number;
  ms: number;
}

/** What one housekeeping run deleted, per step (sessions, failures, claims, importPreviews, …). */
export interface HousekeepingReport {
  deleted: Record<string, number>;
  ms: number;
}

export const jobsContract = {
  /** Deliver due outbox messages now (the queue is shared; a manual run delivers only its communities' messages). */
  deliverOutbox: action<OutboxRunReport>()(z.object({ limit: z.number().int().min(1).max(10_000).default(500) }).strict().optional().default({}), community(['manager'])),
  /** Repair deadlines: warn at 80 %, flag and tell the manager at breach, reassign orders not accepted in time, dispatch pool orders nobody claimed. */
  repairSla: action<SlaRunReport>()(z.object({}).strict().optional().default({}), community(['manager'])),
  /**
   * The billing run (monthly timer on the 1st: every community, this month; idempotent per item, unit
   * and period). By hand: the manager's communities, this month (default) or last month only.
   */
  billFees: action<BillingRunReport>()(
    z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM').optional() }).strict().optional().default({}),
    community(['manager']),
  ),
  /** The fee reminder ladder (催缴): each bill's stage handled once; pauses respected. */
  remindFees: action<{ units: number; messages: number; callTasks: number; review: number; paused: number; replayed: number }>()(z.object({}).strict().optional().default({}), community(['manager'])),
  /** Complaint deadlines (first response, written reply, follow-up): warn the handler at 80 %, tell the managers at breach. */
  complaintSla: action<{ checked: number; warned: number; breached: number }>()(z.object({}).strict().optional().default({}), community(['manager'])),
  /** Owner-group messages past the retention are deleted (FerretDB has no TTL indexes). */
  sentimentCleanup: action<{ deleted: number }>()(z.object({}).strict().optional().default({}), community(['manager'])),
  /**
   * Housekeeping: expired sessions, old failed tries, expired claims, import previews never committed
   * (older than a day). A manager's run deletes only their own communities' previews; the timer: all.
   */
  housekeeping: action<HousekeepingReport>()(z.object({}).strict().optional().default({}), community(['manager'])),
};
