import { jobsContract } from '@shared/contracts/jobs.contract';
import { runComplaintSla } from '../../modules/complaints';
import { runBillingByHand, runBillingJob, runReminders } from '../../modules/fees';
import { runHousekeeping } from '../../modules/housekeeping';
import { runOutboxJob } from '../../modules/messaging';
import { runRepairSla } from '../../modules/repairs';
import { cleanupMessages } from '../../modules/sentiment';
import { defineFunction } from '../../runtime';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

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
  { wiring: [wireServiceDesk], timers: { deliverOutbox: () => runOutboxJob({}), repairSla: () => runRepairSla(), billFees: () => runBillingJob(), remindFees: () => runReminders(), complaintSla: () => runComplaintSla(), sentimentCleanup: () => cleanupMessages(), housekeeping: () => runHousekeeping() } },
);
