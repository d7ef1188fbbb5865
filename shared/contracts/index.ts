import { authContract } from './auth.contract';
import { bindingContract } from './binding.contract';
import { communityContract } from './community.contract';
import { importsContract } from './imports.contract';
import { jobsContract } from './jobs.contract';
import { messagingContract } from './messaging.contract';
import { repairsContract } from './repairs.contract';
import { followupsContract } from './followups.contract';
import { filesContract } from './files.contract';
import { noticesContract } from './notices.contract';
import { feesContract } from './fees.contract';
import { complaintsContract } from './complaints.contract';
import { sentimentContract } from './sentiment.contract';
import { dashboardContract } from './dashboard.contract';
import { knowledgeContract } from './knowledge.contract';
import { deskContract } from './desk.contract';
import { moveinContract } from './movein.contract';
import { renovationContract } from './renovation.contract';
import { lifeContract } from './life.contract';
import { archivesContract } from './archives.contract';
import { growthContract } from './growth.contract';

/** Every cloud function and its actions. The client is typed by this map. */
export const contracts = {
  auth: authContract,
  community: communityContract,
  binding: bindingContract,
  imports: importsContract,
  messaging: messagingContract,
  files: filesContract,
  repairs: repairsContract,
  followups: followupsContract,
  notices: noticesContract,
  fees: feesContract,
  complaints: complaintsContract,
  sentiment: sentimentContract,
  dashboard: dashboardContract,
  knowledge: knowledgeContract,
  desk: deskContract,
  movein: moveinContract,
  renovation: renovationContract,
  life: lifeContract,
  archives: archivesContract,
  growth: growthContract,
  jobs: jobsContract,
};

export type Contracts = typeof contracts;
export type FnName = keyof Contracts;
export type ActionName<F extends FnName> = keyof Contracts[F] & string;

export * from './contract';
export * from './auth.contract';
export * from './community.contract';
export * from './binding.contract';
export * from './imports.contract';
export * from './messaging.contract';
export * from './jobs.contract';
export * from './files.contract';
export * from './repairs.contract';
export * from './followups.contract';
export * from './notices.contract';
export * from './fees.contract';
