import { jobsContract } from '@shared/contracts/jobs.contract';
import { defineFunction } from '../../lib/handle';
import { runOutboxJob } from '../../modules/messaging/outbox.job';
import { runRepairSla } from '../../modules/repairs/sla.job';
import { runReminders } from '../../modules/fees/reminder.job';
import { runBillingByHand, runBillingJob } from '../../modules/fees/fee.service';
import { runComplaintSla } from '../../modules/complaints/sla.job';
import { cleanupMessages } from '../../modules/sentiment/incident.service';
import { runHousekeeping } from '../../modules/housekeeping/housekeeping.job';

/**
 * Scheduled jobs: timer triggers (config.json) run them for every community; a manager's manual run
 * acts only on the communities that manager belongs to (`caller.communityIds`), and bills only this
 * month or last month.
 */
export const main = defineFunction(
  'jobs',
  jobsContract,
  {
    deliverOutbox: ({ limit }, { caller }) => runOutboxJob({ limit, scope: { communityIds: caller.communityIds } }),
    repairSla: (_input, { caller }) => runRepairSla({ scope: { communityIds: caller.communityIds } }),
    billFees: ({ month }, { caller }) => runBillingByHand(caller, month),
    remindFees: (_input, { caller }) => runReminders({ scope: { communityIds: caller.communityIds } }),
    complaintSla: (_input, { caller }) => runComplaintSla({ scope: { communityIds: caller.communityIds } }),
    sentimentCleanup: (_input, { caller }) => cleanupMessages({ communityIds: caller.communityIds }),
    housekeeping: (_input, { caller }) => runHousekeeping({ communityIds: caller.communityIds }),
  },
  { timers: { deliverOutbox: () => runOutboxJob({}), repairSla: () => runRepairSla(), billFees: () => runBillingJob(), remindFees: () => runReminders(), complaintSla: () => runComplaintSla(), sentimentCleanup: () => cleanupMessages(), housekeeping: () => runHousekeeping() } },
);
