
// --- batches & bookings: types ---
import { moveinBatchesActions } from './movein-batches.contract';
export type { BatchDayView, BatchDetail, BatchPublishReport, BatchSlotView, BatchSummary, MyMoveInView } from './movein-batches.contract';

// --- checklist: types ---
import { moveinChecklistActions } from './movein-checklist.contract';
export type { MoveInBill, MoveInCaseSummary, MoveInCaseView, MoveInPdfFile, MoveInSettingsView, MoveInStepView } from './movein-checklist.contract';

// --- inspection & documents: types ---
import { moveinInspectionActions } from './movein-inspection.contract';
export type { MoveInDefectView, MoveInInspectionRound, MoveInInspectionView, MoveInPaperEntry, MoveInPaperMine, MoveInPaperPhotos, MyMoveInDefects, MyMoveInPapers } from './movein-inspection.contract';

// --- progress, calls & resale: types ---
import { moveinProgressActions } from './movein-progress.contract';
export type { BatchProgress, BuildingProgress, DaySchedule, MoveInCallTask, MoveInCallView, ResaleInfo, ResaleResult, ScheduleEntry } from './movein-progress.contract';

export const moveinContract = {
  // --- batches & bookings ---
  ...moveinBatchesActions,
  // --- checklist ---
  ...moveinChecklistActions,
  // --- inspection & documents ---
  ...moveinInspectionActions,
  // --- progress, calls & resale ---
  ...moveinProgressActions,
};
