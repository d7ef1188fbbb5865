/**
 * growth — staff growth (员工成长): courses of short lessons with quizzes (built-in from the handbook
 * and the managers' own), the onboarding path of new staff and the team's progress, practice drills
 * whose replies a rule-based check marks at once, and each agent's service figures by month against
 * the team's median. The public API of the module: the cloud functions and the runtime import this
 * file only.
 */
export { access } from './growth.access';
// --- courses ---
export { coursesHub, createLesson, listOwnLessons, lessonSource, retireLesson, saveSettings, settingsView, updateLesson } from './course.service';
export { lessonPage, submitQuiz } from './quiz.service';
export { lessonStats, lessonStatsList, person, team } from './training.service';
// --- practice & figures ---
export { drillCounts, drillGet, drillHistory, drillList, drillSubmit } from './drill.service';
export { myFigures, teamFigures } from './figures.service';
