/**
 * The `life` function (community life: surveys, activities, notice boards). Each part keeps its
 * actions and types in its own file (life-<part>.contract.ts) and spreads them here.
 */

// --- surveys: types ---
import { lifeSurveyActions } from './life-surveys.contract';
export type { SurveyReach } from './life-surveys.contract';
export type { SurveyInput, SurveyMine, SurveyQuestionInput, SurveyReply, SurveySummary, SurveyView } from './life-survey-view';

// --- results & satisfaction: types ---
import { lifeResultActions } from './life-results.contract';
export type { BuildingResult, OptionResult, QuestionResult, RatingResult, SatisfactionTrendView, SatisfactionYear, SurveyExportFile, SurveyResultsView, TextResult } from './life-results.contract';

// --- activities: types ---
import { lifeActivityActions } from './life-activities.contract';
export type { ActivityCheckinResult, ActivityFigures, ActivitySignupView, ActivitySummary, ActivityView } from './life-activity-view';

// --- notice boards: types ---
import { lifeBoardActions } from './life-boards.contract';
export type { BoardCheckItem, BoardCheckResult, BoardCheckView, BoardSummary, BoardView, LifeHub, PostingView } from './life-boards.contract';

export const lifeContract = {
  // --- surveys ---
  ...lifeSurveyActions,
  // --- results & satisfaction ---
  ...lifeResultActions,
  // --- activities ---
  ...lifeActivityActions,
  // --- notice boards ---
  ...lifeBoardActions,
};
