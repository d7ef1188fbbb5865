import type { ParsedInputOf, ResultOf } from '@shared/contracts/contract';
import { JOB_NAMES, LOCAL_TURNS, type JobName, type JobsContract, type LocalTurn } from '@shared/contracts/jobs.contract';
import type { Caller } from '../lib/caller';
import { asApplication } from '../lib/db-monitor';
import type { Budget } from '../lib/slices';
import { startScheduler } from '../lib/scheduler';
import { runParkingReminders } from '../modules/community';
import { runComplaintSla } from '../modules/complaints';
import { runInquirySla } from '../modules/desk';
import { closeExpiredPayOrders, reconcilePayments, runBillingByHand, runBillingJob, runReminders, settlePayRefunds } from '../modules/fees';
import { runArchiveReminders } from '../modules/archives';
import { runHousekeeping } from '../modules/housekeeping';
import { runActivityReminders, runBoardCheck, runSurveyClose } from '../modules/life';
import { runOutboxJob } from '../modules/messaging';
import { runMoveInReminders } from '../modules/movein';
import { runRenovationPatrols } from '../modules/renovation';
import { runRepairSla } from '../modules/repairs';
import { cleanupMessages } from '../modules/sentiment';
import type { AuthedCtx, Handlers } from './pipeline';

/**
 * The job registry's cloud half: each job declared in `JOBS` (shared/contracts/jobs.contract.ts)
 * has its handler here, under the same name. Imported only by the `jobs` function and the gateway
 * process (scripts/system.ts): it loads every module that has a job.
 */

/** One run of a job. */
export interface JobRun {
  /** A manual run: the caller's communities, the only ones it may act on. A timer run has none: every community. */
  scope?: { communityIds: string[] };
  /** A manual run: the manager who runs it. */
  caller?: Caller;
  /** The gateway process's scheduler: aborted when it stops (a job that can, stops gracefully). */
  signal?: AbortSignal;
  /** What this invocation may do (lib/slices.ts); default `Budget.of({ signal })`, the configured budget. Tests pass smaller ones. */
  budget?: Budget;
}

/** A job's handler: the validated input of a manual run (a timer run passes none: every field unset). */
export type JobHandler<J extends JobName> = (input: Partial<ParsedInputOf<JobsContract[J]>>, run: JobRun) => Promise<ResultOf<JobsContract[J]>>;
export type JobHandlers = { [J in JobName]: JobHandler<J> };

/** One line per job (a job without a handler, or a handler without a job, does not compile). */
export const jobHandlers: JobHandlers = {
  deliverOutbox: ({ limit }, run) => runOutboxJob({ ...run, limit }),
  repairSla: (_input, run) => runRepairSla(run),
  // By hand: this month (default) or last month only; the timer: this month.
  billFees: ({ month }, { caller, budget, signal }) => (caller ? runBillingByHand(caller, month, { budget, signal }) : runBillingJob(undefined, { budget, signal })),
  remindFees: (_input, run) => runReminders(run),
  closePayOrders: (_input, run) => closeExpiredPayOrders(run),
  settlePayRefunds: (_input, run) => settlePayRefunds(run),
  reconcilePayments: ({ day }, run) => reconcilePayments({ day }, run, Boolean(run.caller)),
  parkingReminders: (_input, run) => runParkingReminders(run),
  complaintSla: (_input, run) => runComplaintSla(run),
  inquirySla: (_input, run) => runInquirySla(run),
  sentimentCleanup: (_input, run) => cleanupMessages(run),
  moveInReminders: (_input, run) => runMoveInReminders(run),
  renovationPatrols: (_input, run) => runRenovationPatrols(run),
  surveyClose: (_input, run) => runSurveyClose(run),
  boardCheck: (_input, run) => runBoardCheck(run),
  activityReminders: (_input, run) => runActivityReminders(run),
  archiveReminders: (_input, run) => runArchiveReminders(run),
  housekeeping: (_input, run) => runHousekeeping(run),
};

/** A handler by name (the registry's type ties each to its own job; called here with that job's input). */
const handlerOf =
  (name: JobName) =>
  (input: object, run: JobRun): Promise<unknown> =>
    // The application's own queries (lib/db-monitor.ts), whoever starts the run.
    asApplication(() => (jobHandlers[name] as (input: object, run: JobRun) => Promise<unknown>)(input, run));

/** The `jobs` function's actions: a manager's manual run acts only on the communities they belong to. */
export const jobActions = Object.fromEntries(
  JOB_NAMES.map((name) => [name, (input: object, { caller }: AuthedCtx) => handlerOf(name)(input, { scope: { communityIds: caller.communityIds }, caller })]),
) as Handlers<JobsContract>;

/** The `jobs` function's CloudBase timer triggers (`config.json`, named as the jobs): every community, no input. */
export const jobTimers: Record<JobName, () => Promise<unknown>> = Object.fromEntries(JOB_NAMES.map((name) => [name, () => handlerOf(name)({}, {})])) as Record<JobName, () => Promise<unknown>>;

/** One turn of the gateway process's scheduler: its jobs one after the other (a failure ends the turn), every community. */
export async function runTurn(turn: LocalTurn, signal: AbortSignal): Promise<Partial<Record<JobName, unknown>>> {
  const reports: Partial<Record<JobName, unknown>> = {};
  for (const name of turn.jobs) reports[name] = await handlerOf(name)({}, { signal });
  return reports;
}

/** The gateway process's scheduler: each turn whose interval is not 0 (config `jobIntervalsMs`). */
export function scheduleJobs(intervalsMs: Record<JobName, number>): { stop(): Promise<void> }[] {
  return LOCAL_TURNS.filter((turn) => intervalsMs[turn.owner] > 0).map((turn) =>
    startScheduler(`jobs ${turn.jobs.join(' → ')}`, (signal) => runTurn(turn, signal), intervalsMs[turn.owner], { more: (reports) => Object.values(reports as object).some(hasMore) }),
  );
}

/** A sliced job's report says it stopped with work left (lib/slices.ts). */
function hasMore(report: unknown): boolean {
  return typeof report === 'object' && report !== null && (report as { more?: unknown }).more === true;
}
