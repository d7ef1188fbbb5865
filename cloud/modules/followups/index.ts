/**
 * followups — the follow-up visits (回访) owed after a repair or a complaint. The public API of the
 * module: other modules, the cloud functions and the runtime import this file only.
 */
export { access } from './followups.access';
export { followupHooks, type RecordedOutcome } from './followup.hooks';
export { createFollowUp, doneByPerson, doneOutcomes, followUpById, list, outcomesOf, record, recordOutcome, stats, type FollowUpState, type NewFollowUp, type Recorder } from './followup.service';
