/**
 * archives — the property office's archive (物业档案): documents by category with versions, tags and
 * search (PDF, images, Office files; type read from the content; shown through short-lived signed
 * links), the owners' files per unit (业主档案), the equipment ledger and service contracts with their
 * due-date reminders, and the borrowing log of paper originals (借阅). The public API of the module:
 * the cloud functions and the runtime import this file only.
 */
export { access } from './archives.access';
// --- documents ---
export { addVersion, createDoc, docTags, getDoc, linkDoc, listDocs, removeDoc, unitFile, registerUpload, updateDoc, uploadTicket, type CreateDocInput } from './doc.service';
// --- ledger ---
export { equipmentCreate, equipmentGet, equipmentList, equipmentMaintain, equipmentRetire, equipmentUpdate } from './equipment.service';
export { contractCreate, contractEnd, contractGet, contractList, contractUpdate } from './contract.service';
export { loanBorrowers, loanCreate, loanList, loanReturn } from './loan.service';
export { dueSoon, runArchiveReminders, type ArchiveReminderReport } from './reminders.job';
