import { z } from 'zod';
import type { DeskItemKind, DeskUrgency } from '../domain/dashboard';
import { action, community } from './contract';

/**
 * Figures across the modules, computed on the server from stored data: the manager home's key
 * figures and trends, and the staff desk's work items (urgent first, then by due time).
 */

/** One month of the trend charts (YYYY-MM, Asia/Shanghai). */
export interface DashboardMonth {
  month: string;
  /** Repair orders reported in the month. */
  repairs: number;
  /** Complaints received in the month. */
  complaints: number;
  /** Collected / billed for bills due in the month (0–1; null without bills). */
  collectionRate: number | null;
  /** Repair orders completed in the month rated 4–5 stars, over those rated (0–1; null without ratings). */
  satisfaction: number | null;
}

export interface ManagerDashboard {
  /** This month (YYYY-MM). */
  month: string;
  /** Repair orders not finished. */
  openRepairs: number;
  /** Open orders past their running deadline. */
  overdueRepairs: number;
  /** Complaints nobody has accepted yet (待受理, incl. reopened ones). */
  complaintsWaiting: number;
  /** This month's collection rate (0–1; null without bills due this month). */
  collectionRate: number | null;
  /** Published important/emergency notices still on the board that some owners have not read. */
  unreadImportantNotices: number;
  /** Units that have not read them (over those notices). */
  unreadImportantUnits: number;
  /** Sentiment incidents not resolved (open or acknowledged). */
  openIncidents: number;
  /** The last 6 months, oldest first (this month last). */
  trend: DashboardMonth[];
}

/** One thing on a staff member's desk. */
export interface DeskItem {
  kind: DeskItemKind;
  id: string;
  /** e.g. 'BX… · 水电 · 1栋1单元1502'. */
  title: string;
  /** A line of what it is about. */
  detail: string;
  /** When it came in (ISO). */
  at: string;
  /** The running deadline (ISO), if any. */
  dueAt?: string;
  urgent?: DeskUrgency;
}

export interface StaffDesk {
  /** 紧急 incidents and breached deadlines: the red banner. */
  urgent: DeskItem[];
  /** The rest, the soonest due first (at most 20). */
  items: DeskItem[];
}

export const dashboardContract = {
  /** Manager: the key figures and the 6-month trends of the active community. */
  manager: action<ManagerDashboard>()(z.object({}).strict().optional().default({}), community(['manager'])),
  /** Staff: my desk — agents and managers see the community's open work, technicians their own orders, cashiers nothing urgent yet. */
  desk: action<StaffDesk>()(z.object({}).strict().optional().default({}), community(['agent', 'technician', 'cashier', 'manager'])),
};
