/**
 * growth — staff growth (员工成长): courses of short lessons with quizzes (built-in from the handbook
 * and the managers' own), the onboarding path of new staff and the team's progress, practice drills
 * whose replies a rule-based check marks at once, and each agent's service figures by month against
 * the team's median. The public API of the module: the cloud functions and the runtime import this
 * file only.
 */
export { access } from './growth.access';
// --- courses ---
// --- practice & figures ---
