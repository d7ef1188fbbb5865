/**
 * The `growth` function (员工成长). Each part keeps its actions and types in its own file
 * (growth-<part>.contract.ts) and spreads them here.
 */

// --- courses: types ---
import { growthCourseActions } from './growth-courses.contract';
export type { CourseView, CoursesHub, GrowthSettingsView, LessonInput, LessonProgressView, LessonSectionView, LessonSource, LessonStatsRow, LessonStatsView, LessonSummary, LessonView, MissedQuestion, OnboardingView, PersonTraining, QuizQuestionInput, QuizQuestionView, QuizResult, QuizReviewItem, TeamRow } from './growth-courses-view';

// --- practice & figures: types ---
import { growthPracticeActions } from './growth-practice.contract';
export type { DrillAttemptView, DrillCheck, DrillElementResult, DrillForbiddenHit, DrillList, DrillMarker, DrillScenarioSummary, DrillScenarioView, FiguresMonth, MyFigures, TeamFigures, TeamFiguresRow } from './growth-practice-view';

export const growthContract = {
  // --- courses ---
  ...growthCourseActions,
  // --- practice & figures ---
  ...growthPracticeActions,
};
