/**
 * movein — move-in (业主入住 · 入伙): batches of new buildings with bookable slots, the 入伙手续书
 * checklist per unit (signatures, keys, cards, its PDF), inspection defects that become repairs,
 * owners' papers, 零散入住 and resale (旧楼盘迁入), and the manager's progress. The public API of the
 * module: the cloud functions and the runtime import this file only.
 */
export { access } from './movein.access';
// --- batches & bookings ---
export { batchOf, bookingCounts, closeBatch, getBatch, listBatches, publishBatch, saveBatch } from './batch.service';
export { book, cancelBooking, myMoveIn } from './booking.service';
export { runMoveInReminders, type MoveInReminderReport } from './reminder.job';
// --- checklist ---
export { cancelCase, caseDetail, casePdf, cases, checkIdentity, completeCase, createCase, handOverKeys, issueCards, markStep, newCaseSteps, payFees, signAgreements, startCase, tickStep, undoStep, type NewCase } from './checklist.service';
export { moveInSettingsOf, saveSettings, settings, type MoveInSettingsRecord } from './settings.service';
// --- inspection & documents ---
export { inspectionView, myDefects, submitInspection } from './inspection.service';
export { deleteExpiredPapers, deletePaper, myPapers, paperPhotos, papersOfCase, uploadPaper } from './paper.service';
// --- progress, calls & resale ---
export { callTasks, progress, progressDay, recordCall } from './progress.service';
export { resale, resaleInfo } from './resale.service';
// --- archives: 业主档案 (what move-in holds for a unit) ---
export { unitMoveInEntries } from './unit-file';
