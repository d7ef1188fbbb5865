import { jobsContract } from '@shared/contracts/jobs.contract';
import { defineFunction } from '../../lib/handle';
import { runOutboxJob } from '../../modules/messaging/outbox.job';
import { runRepairSla } from '../../modules/repairs/sla.job';
import { runReminders } from '../../modules/fees/reminder.job';
import { runBillingJob } from '../../modules/fees/fee.service';
import { runComplaintSla } from '../../modules/complaints/sla.job';
import { cleanupMessages } from '../../modules/sentiment/incident.service';

/** Scheduled jobs: timer triggers (config.json) and a manager's manual run. */
export const main = defineFunction(
  'jobs',
  jobsContract,
  { deliverOutbox: ({ limit }) => runOutboxJob({ limit }), repairSla: () => runRepairSla(), billFees: ({ month }) => runBillingJob(month), remindFees: () => runReminders(), complaintSla: () => runComplaintSla(), sentimentCleanup: () => cleanupMessages() },
  { timers: { deliverOutbox: () => runOutboxJob({}), repairSla: () => runRepairSla(), billFees: () => runBillingJob(), remindFees: () => runReminders(), complaintSla: () => runComplaintSla(), sentimentCleanup: () => cleanupMessages() } },
);
