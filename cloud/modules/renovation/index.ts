/**
 * renovation — 二次装修: the owner's application (works, forbidden works flagged, contractor and
 * workers, the signed 承诺书 and 协议书, its bills), review and approval (the 装修许可证 and a
 * 装修出入证 per worker checked at the gate, working hours, the neighbours' notice), site patrols
 * with 整改通知 and suspension, completion (验收) and the deposit's refund, and the manager's board.
 * The public API of the module: the cloud functions and the runtime import this file only.
 */
export { access } from './renovation.access';
// --- application ---
export { billRenovation, billsWithPaid, type RenovationBill } from './billing.service';
export { renovationSettingsOf, saveSettings, settings, type RenovationSettingsRecord } from './settings.service';
export { cancel, create, detail, list, sign, submit, update } from './application.service';
// --- approval, permit & passes ---
export { approve, returnApplication, review, start } from './approval.service';
export { addWorker, checkPass, permit, revokePass } from './pass.service';
export { permitPdf } from './permit-pdf';
// --- patrols & violations ---
export { openViolationsOf, patrol, patrols, patrolSection, recordPatrol, rectifyPdf, resume, startPatrol, suspend } from './patrol.service';
export { runRenovationPatrols, type RenovationPatrolReport } from './patrol.job';
// --- completion, deposit & board ---
export { applyAcceptance, completion, recordAcceptance, refundDeposit } from './completion.service';
export { board, contractorHistory } from './board.service';
// --- archives: 业主档案 (what renovation holds for a unit) ---
export { unitRenovationEntries } from './unit-file';
