import { jobsContract } from '@shared/contracts/jobs.contract';
import { defineFunction } from '../../runtime';
import { jobActions, jobTimers } from '../../runtime/jobs';
import { wireServiceDesk } from '../../runtime/wiring/service-desk';

/**
 * Scheduled jobs, generated from the job registry (shared/contracts/jobs.contract.ts and
 * cloud/runtime/jobs.ts): timer triggers (config.json) run them for every community; a manager's
 * manual run acts only on the communities that manager belongs to.
 */
export const main = defineFunction('jobs', jobsContract, jobActions, { wiring: [wireServiceDesk], timers: jobTimers });
