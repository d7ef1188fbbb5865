import { jobsContract } from '@shared/contracts/jobs.contract';
import { defineFunction } from '../../lib/handle';
import { runOutboxJob } from '../../modules/messaging/outbox.job';

/** Scheduled jobs: timer triggers (config.json) and a manager's manual run. */
export const main = defineFunction(
  'jobs',
  jobsContract,
  { deliverOutbox: ({ limit }) => runOutboxJob({ limit }) },
  { timers: { deliverOutbox: () => runOutboxJob({}) } },
);
