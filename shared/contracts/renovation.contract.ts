export type { RenovationView } from './renovation-view';

// --- application: types ---
import { renovationApplicationActions } from './renovation-application.contract';
export type { RenovationSettingsView, RenovationSummary } from './renovation-application.contract';

// --- approval, permit & passes: types ---
import { renovationApprovalActions } from './renovation-approval.contract';
export type { GatePassView, RenovationPassView, RenovationPdfFile, RenovationPermitView } from './renovation-approval.contract';

// --- patrols & violations: types ---
import { renovationPatrolsActions } from './renovation-patrols.contract';
export type { ComplaintAboutUnit, PatrolCheckItem, PatrolSummary, PatrolView, RectifyNoticePdf, RenovationPatrolSection, ViolationView } from './renovation-patrols.contract';

// --- completion, deposit & board: types ---
import { renovationCompletionActions } from './renovation-completion.contract';
export type { AcceptanceRoundView, BoardRow, ContractorHistoryView, RenovationBoardView, RenovationCompletionView } from './renovation-completion.contract';

export const renovationContract = {
  // --- application ---
  ...renovationApplicationActions,
  // --- approval, permit & passes ---
  ...renovationApprovalActions,
  // --- patrols & violations ---
  ...renovationPatrolsActions,
  // --- completion, deposit & board ---
  ...renovationCompletionActions,
};
