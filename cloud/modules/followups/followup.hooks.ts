import type { FollowUpOutcome, FollowUpSource } from '@shared/domain/followups';
import { hook } from '../../lib/hooks';

/** A follow-up's outcome, as its source (a repair, a complaint) hears of it. */
export interface RecordedOutcome {
  communityId: string;
  source: FollowUpSource;
  sourceId: string;
  outcome: FollowUpOutcome;
  /** Who recorded it (an agent, or the owner answering in the mini-program). */
  by: { id: string; name: string };
  note?: string;
}

/** What followups asks of the modules above it (lib/hooks.ts; plugged in cloud/runtime/wiring/). */
export const followupHooks = {
  /**
   * The source reacts to the outcome (a repair is closed; a complaint followed up or reopened). Runs
   * before the task is marked done: if it fails, the task stays open.
   */
  outcomeRecorded: hook<(recorded: RecordedOutcome) => Promise<void>>('followups.outcomeRecorded'),
};
