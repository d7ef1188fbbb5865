import { jobsContract } from '@shared/contracts/jobs.contract';
import { defineFunction } from '../../lib/handle';
import { runOutboxJob } from '../../modules/messaging/outbox.job';
import { runRepairSla } from '../../modules/repairs/sla.job';

/** Scheduled jobs: timer triggers (config.json) and a manager's manual run. */
export const main = defineFunction(
  'jobs',
  jobsContract,
  { deliverOutbox: ({ limit }) => runOutboxJob({ limit }), repairSla: () => runRepairSla() },
  { timers: { deliverOutbox: () => runOutboxJob({}), repairSla: () => runRepairSla() } },
);
