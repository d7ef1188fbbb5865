import { z } from 'zod';
import { HOUR_MS, MINUTE_MS } from '../domain/calendar';
import { action, type ActionContract, calendarDay, community, empty, type Policy } from './contract';
import type { BillingRunReport } from './fees.contract';
import type { SlaRunReport } from './repairs.contract';

/**
 * Scheduled work: the job registry. Each job is declared once, here (its shared half: name,
 * description, manual-run input and result type, CloudBase cron, local interval), and its handler
 * once, under the same name, in `cloud/runtime/jobs.ts` (a job without a handler, or a handler
 * without a job, does not compile). Generated from these two: the actions of the `jobs` function
 * (`jobsContract`), its CloudBase timer triggers (`cloud/functions/jobs/config.json`, written by
 * `npm run build:cloud`), the gateway process's scheduler (`scripts/system.ts`) and its interval
 * variables (`cloud/lib/config.ts`; `npm start` fills in the defaults).
 *
 * Timer runs (CloudBase timer triggers: the event is `{Type:'Timer', TriggerName}` and carries no
 * user; the gateway's scheduler) cover every community and pass no input. A manager may also run a
 * job by hand (`jobs.<name>`, e.g. in the demo): that run acts only on the communities the manager
 * belongs to.
 */
export interface OutboxRunReport {
  claimed: number;
  sent: number;
  retried: number;
  fellBack: number;
  callTasks: number;
  skipped: number;
  lost: number;
  /** Stopped by its budget or limit with due messages left: the scheduler runs it again soon. */
  more: boolean;
  ms: number;
}

/** What one run of closePayOrders did: orders past their expiry, found paid (recorded), closed, not settled now (tried again next run). */
export interface PayOrdersRunReport {
  expired: number;
  paid: number;
  closed: number;
  failed: number;
  /** Work left for the next invocation (lib/slices.ts). */
  more: boolean;
}

/** What one run of settlePayRefunds did: refunds asked about at WeChat Pay, and what they turned out to be. */
export interface PayRefundsRunReport {
  asked: number;
  /** Succeeded: in the ledger now (or already). */
  recorded: number;
  /** Still processing at WeChat. */
  pending: number;
  /** REFUND.ABNORMAL, or an amount other than asked: on the cashier's list. */
  abnormal: number;
  /** Closed or refused by WeChat: nothing paid back, on the cashier's list. */
  closed: number;
  /** WeChat did not answer: asked again next run. */
  unknown: number;
  /** Work left for the next invocation (lib/slices.ts). */
  more: boolean;
}

/** What one run of reconcilePayments found (payments.md "Reconciliation"). */
export interface PayReconcileReport {
  /** The day reconciled, YYYY-MM-DD (Asia/Shanghai). */
  day: string;
  /** WeChat Pay is configured (else nothing was compared). */
  configured: boolean;
  /** WeChat Pay has made the day's bill (a timer run before 10:00 finds it not ready: nothing compared; a manual run answers 409 PAY.BILL_NOT_READY). */
  billReady: boolean;
  /** Lines of WeChat's bill (payments and refunds) of the run's communities. */
  lines: number;
  /** Lines that agree with the ledger. */
  matched: number;
  /** Differences found (each on the cashier's list of its community). */
  differences: number;
  /** Of those, new on the list (a run again adds nothing). */
  added: number;
  /** A timer run: lines of no order here (no community to list them for; logged). */
  unassigned: number;
  /** Work left for the next invocation (lib/slices.ts): lines or records of the day not compared yet. */
  more: boolean;
}

/** What one housekeeping run deleted, per step (sessions, failures, claims, importPreviews, …). */
export interface HousekeepingReport {
  deleted: Record<string, number>;
  ms: number;
  /** The budget ran out (lib/slices.ts): the next invocation deletes the rest. */
  more: boolean;
}

/**
 * Where a job runs in the gateway process (`npm start`, self-hosting): in its own turn every
 * `everyMs` (the variable `env` overrides it, 0 = off; outside `npm start` a turn whose variable is
 * unset is off), or in another job's turn, just before that job (`before`: it must run first).
 */
export type LocalSchedule = { env: `${string}_INTERVAL_MS`; everyMs: number } | { before: string };

export interface JobDeclaration<I extends z.ZodTypeAny = z.ZodTypeAny, R = unknown> {
  /** What the job does (the table of scheduled jobs in docs/configuration.md). */
  description: string;
  /** The input of a manual run (`jobs.<name>`, validated); a timer run passes none. */
  input: I;
  /** The CloudBase timer trigger's `config` (7 fields: second minute hour day month weekday year). */
  cron: string;
  local: LocalSchedule;
  /** Phantom field carrying the result type; never set at run time. */
  readonly __result?: R;
}

/** Declare a job: `job<Result>()({ description, input, cron, local })`. */
const job =
  <R>() =>
  <I extends z.ZodTypeAny>(declaration: Omit<JobDeclaration<I, R>, '__result'>): JobDeclaration<I, R> =>
    declaration;

/** Every job, in the order the timers' test and the tables list them. Adding a job: one entry here, one handler in cloud/runtime/jobs.ts. */
export const JOBS = {
  deliverOutbox: job<OutboxRunReport>()({
    description: 'Delivers due outbox messages (the queue is shared; a manual run delivers only its communities’ messages).',
    input: z.object({ limit: z.number().int().min(1).max(10_000).default(500) }).strict().optional().default({}),
    cron: '0 */1 * * * * *',
    local: { env: 'OUTBOX_JOB_INTERVAL_MS', everyMs: 10_000 },
  }),
  repairSla: job<SlaRunReport>()({
    description: 'Repair deadlines: warns at 80 %, flags and tells the manager at breach, reassigns orders not accepted in time, dispatches pool orders nobody claimed.',
    input: empty,
    cron: '30 */1 * * * * *',
    local: { env: 'REPAIR_SLA_INTERVAL_MS', everyMs: MINUTE_MS },
  }),
  billFees: job<BillingRunReport>()({
    description: 'The billing run (idempotent per item, unit and period): a timer bills every community for this month; by hand, the manager’s communities for this month (default) or last month only.',
    input: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM').optional() }).strict().optional().default({}),
    cron: '0 0 1 1 * * *',
    // This month's bills exist before the reminder ladder looks at them.
    local: { before: 'remindFees' },
  }),
  remindFees: job<{ units: number; messages: number; callTasks: number; review: number; paused: number; replayed: number; more: boolean }>()({
    description: 'The fee reminder ladder (催缴): each bill’s stage handled once, pauses respected, at most one reminder a unit a day (so running hourly only catches up sooner).',
    input: empty,
    cron: '0 0 10 * * * *',
    local: { env: 'FEE_REMINDER_INTERVAL_MS', everyMs: HOUR_MS },
  }),
  closePayOrders: job<PayOrdersRunReport>()({
    description: 'WeChat Pay orders past their expiry (15 minutes): each is asked about first (paid → the payment recorded, once); otherwise closed, and its bills are payable again.',
    input: empty,
    cron: '0 */5 * * * * *',
    local: { env: 'PAY_ORDER_INTERVAL_MS', everyMs: 5 * MINUTE_MS },
  }),
  settlePayRefunds: job<PayRefundsRunReport>()({
    description: 'WeChat Pay refunds still pending (older than a minute) or abnormal: each is asked about (succeeded → the refund recorded in the ledger, once; closed or abnormal → the cashier’s list); one WeChat never received is asked again with the same refund number.',
    input: empty,
    cron: '30 */5 * * * * *',
    local: { before: 'closePayOrders' },
  }),
  reconcilePayments: job<PayReconcileReport>()({
    description: 'Reconciliation: WeChat Pay’s trade bill of a day (default yesterday) against the ledger’s online payments and refunds; every difference goes on the cashier’s list of its community, once (running again adds nothing). Hourly in the gateway process, so a bill not ready yet (before 10:00) is caught up.',
    input: z.object({ day: calendarDay().optional() }).strict().optional().default({}),
    cron: '0 30 10 * * * *',
    local: { env: 'PAY_RECONCILE_INTERVAL_MS', everyMs: HOUR_MS },
  }),
  parkingReminders: job<{ leases: number; messages: number; callTasks: number; noContact: number; replayed: number; more: boolean }>()({
    description: 'Parking lease ends (车位到期提醒): each lease’s stage (days before its end, per community; default 30/15/7/1) messaged to the unit’s owners once, and a call task for agents the day after a lease ended unrenewed (so running hourly only catches up sooner).',
    input: empty,
    cron: '0 30 9 * * * *',
    local: { env: 'PARKING_REMINDER_INTERVAL_MS', everyMs: HOUR_MS },
  }),
  complaintSla: job<{ checked: number; warned: number; breached: number; more: boolean }>()({
    description: 'Complaint deadlines (first response, written reply, follow-up): warns the handler at 80 %, tells the managers at breach.',
    input: empty,
    cron: '45 */1 * * * * *',
    local: { env: 'COMPLAINT_SLA_INTERVAL_MS', everyMs: MINUTE_MS },
  }),
  inquirySla: job<{ checked: number; warned: number; breached: number; more: boolean }>()({
    description: 'Inquiry promises (咨询: the acknowledgement, the written answer): warns the handler (or, before one, the agents) at 80 %, tells the managers at breach.',
    input: empty,
    cron: '50 */1 * * * * *',
    local: { env: 'INQUIRY_SLA_INTERVAL_MS', everyMs: MINUTE_MS },
  }),
  sentimentCleanup: job<{ deleted: number; more: boolean }>()({
    description: 'Deletes owner-group messages past their retention (FerretDB has no TTL indexes).',
    input: empty,
    cron: '0 30 3 * * * *',
    local: { env: 'SENTIMENT_CLEANUP_INTERVAL_MS', everyMs: 6 * HOUR_MS },
  }),
  moveInReminders: job<{ bookings: number; reminded: number; noAccount: number; more: boolean }>()({
    description: 'Move-in bookings (入住预约提醒): the day before a booked slot the owner is told the day, time and place once (keyed by case and day, so running hourly only catches up sooner).',
    input: empty,
    cron: '0 0 10 * * * *',
    local: { env: 'MOVEIN_REMINDER_INTERVAL_MS', everyMs: HOUR_MS },
  }),
  renovationPatrols: job<{ renovations: number; created: number; waiting: number; more: boolean }>()({
    description: 'Renovation patrols (装修巡查): every renovation on site whose next patrol day has come gets today’s routine patrol task once (keyed by renovation and day), and its next patrol day moves on by the community’s patrol frequency; a task still open stays the one task (overdue).',
    input: empty,
    cron: '0 0 7 * * * *',
    local: { env: 'RENOVATION_PATROL_INTERVAL_MS', everyMs: HOUR_MS },
  }),
  surveyClose: job<{ closed: number; more: boolean }>()({
    description: 'Surveys (问卷调查): every published survey whose close day has passed is closed (once each; answers are refused by date anyway).',
    input: empty,
    cron: '0 5 0 * * * *',
    local: { env: 'SURVEY_CLOSE_INTERVAL_MS', everyMs: HOUR_MS },
  }),
  boardCheck: job<{ communities: number; created: number; expired: number; emptyBoards: number; more: boolean }>()({
    description: 'Notice boards (宣传栏周检): once a week per community (keyed by community and week), the postings past their removal date still up (to take down) and the boards with nothing up; the agents are told once.',
    input: empty,
    cron: '0 0 8 * * MON *',
    local: { env: 'BOARD_CHECK_INTERVAL_MS', everyMs: HOUR_MS },
  }),
  activityReminders: job<{ activities: number; reminded: number; more: boolean }>()({
    description: 'Activity reminders (社区活动提醒): the day before a published activity, each confirmed household gets the time and place once (keyed by sign-up: a second run sends nothing twice).',
    input: empty,
    cron: '0 0 10 * * * *',
    local: { env: 'ACTIVITY_REMINDER_INTERVAL_MS', everyMs: HOUR_MS },
  }),
  archiveReminders: job<{ equipment: number; contracts: number; loans: number; messages: number; cut: boolean; more: boolean }>()({
    description: 'Archive due dates (档案到期提醒): equipment inspections and contract ends warn the managers 30, 7 and 1 days ahead (once per record, due date and threshold; a missed day warns once with the nearest), overdue loans of paper originals remind the managers and a staff borrower once per overdue week.',
    input: empty,
    cron: '0 30 8 * * * *',
    local: { env: 'ARCHIVE_REMINDER_INTERVAL_MS', everyMs: HOUR_MS },
  }),
  housekeeping: job<HousekeepingReport>()({
    description: 'Housekeeping: expired sessions, ended limit windows, expired claims, import previews never committed, photos never attached, old fee reminder plans (a manual run deletes only its communities’ records).',
    input: empty,
    cron: '0 15 * * * * *',
    local: { env: 'HOUSEKEEPING_INTERVAL_MS', everyMs: HOUR_MS },
  }),
};

export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];

type JobResult<J extends JobName> = (typeof JOBS)[J] extends JobDeclaration<z.ZodTypeAny, infer R> ? R : never;

/** Who may run a job by hand: managers, on the communities they belong to. */
const byHand = community(['manager']);

export type JobsContract = { [J in JobName]: ActionContract<(typeof JOBS)[J]['input'], JobResult<J>, Policy> };

/** The `jobs` function's actions (a manual run of each job), generated from JOBS. */
export const jobsContract = Object.fromEntries(JOB_NAMES.map((name) => [name, action<unknown>()(JOBS[name].input, byHand)])) as JobsContract;

/** The `triggers` of the `jobs` function's CloudBase `config.json`, generated from JOBS. */
export function jobTriggers(): { name: JobName; type: 'timer'; config: string }[] {
  return JOB_NAMES.map((name) => ({ name, type: 'timer', config: JOBS[name].cron }));
}

/** One turn of the gateway process's scheduler: the jobs it runs one after the other, every `everyMs` (variable `env`). */
export interface LocalTurn {
  /** The job whose interval the turn has. */
  owner: JobName;
  env: `${string}_INTERVAL_MS`;
  /** The interval `npm start` uses when `env` is unset. */
  everyMs: number;
  /** In order: the jobs declared `before` the owner (in declaration order), then the owner. */
  jobs: JobName[];
}

function localTurns(): LocalTurn[] {
  const turns = new Map<JobName, LocalTurn>();
  for (const name of JOB_NAMES) {
    const local = JOBS[name].local;
    if ('env' in local) turns.set(name, { owner: name, env: local.env, everyMs: local.everyMs, jobs: [] });
  }
  for (const name of JOB_NAMES) {
    const local = JOBS[name].local;
    const turn = 'before' in local ? turns.get(local.before as JobName) : turns.get(name);
    if (!turn) throw new Error(`job ${name}: runs before ${'before' in local ? local.before : '?'}, which is not a job with its own interval`);
    turn.jobs.push(name);
  }
  // The owner last: what is declared `before` it runs first.
  for (const turn of turns.values()) turn.jobs = [...turn.jobs.filter((j) => j !== turn.owner), turn.owner];
  const envs = [...turns.values()].map((t) => t.env);
  const twice = envs.find((env, i) => envs.indexOf(env) !== i);
  if (twice) throw new Error(`jobs: two turns share the variable ${twice}`);
  return [...turns.values()];
}

/** The gateway process's scheduler turns, generated from JOBS. */
export const LOCAL_TURNS: readonly LocalTurn[] = localTurns();

/** The turn a job runs in. */
export function turnOf(name: JobName): LocalTurn {
  return LOCAL_TURNS.find((t) => t.jobs.includes(name)) as LocalTurn;
}
