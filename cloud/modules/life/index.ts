/**
 * life — community life (社区文化): surveys (调研 · 年度满意度调查) with live results and their
 * export, activities (计划 → 审核 → 报名 → 签到 → 反馈), and the community's notice boards (宣传栏)
 * with the weekly check. The public API of the module: the cloud functions and the runtime import
 * this file only.
 */
export { access } from './life.access';
// --- surveys ---
export { closeSurvey, createSurvey, getSurvey, listSurveys, publishSurvey, runSurveyClose, surveyReach, surveyTemplates, updateSurvey } from './survey.service';
export { recordAnswer, type AnswerInput } from './answer.service';
export type { SurveyView } from '@shared/contracts/life-survey-view';
// --- results & satisfaction ---
export { satisfactionTrend, surveyResults, surveyScore } from './results.service';
export { surveyExport } from './results-export';
// --- activities ---
export { activityAttendeeUnits, activityTemplates, cancelActivity, createActivity, finishActivity, getActivity, listActivities, publishActivity, reviewActivity, submitActivity, updateActivity, wrapUpActivity } from './activity.service';
export { cancelSignup, checkin, listSignups, promoteWaiting, runActivityReminders, signup, type ActivityReminderReport } from './signup.service';
export { sendActivityFeedback } from './activity-feedback.service';
// --- notice boards ---
export { boardCheck, boardCheckStart, boardCreate, boardGet, boardList, boardPost, boardPostings, boardRestore, boardRetire, boardTakeDown, boardUpdate, lifeHub, runBoardCheck, type BoardCheckReport } from './board.service';
