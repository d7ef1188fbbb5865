/**
 * The `archives` function (物业档案). Each part keeps its actions and types in its own file
 * (archives-<part>.contract.ts) and spreads them here.
 */

// --- documents: types ---
import { archivesDocumentActions } from './archives-documents.contract';
export type { ArchiveDocSummary, ArchiveDocView, ArchiveHistoryItem, ArchiveLink, ArchiveUploadTicket, ArchiveVersionView, UnitFileEntry, UnitFileView } from './archives-documents-view';

// --- ledger: types ---
import { archivesLedgerActions } from './archives-ledger.contract';
export type { AttachedDoc, ContractSummary, ContractView, DueItem, DueSoonView, DueStateView, EquipmentSummary, EquipmentView, LedgerHistoryItem, LoanView, MaintenanceItem } from './archives-ledger-view';

export const archivesContract = {
  // --- documents ---
  ...archivesDocumentActions,
  // --- ledger ---
  ...archivesLedgerActions,
};
