/** The practice drills' scenarios and their rule-based check (internal to the growth module). */
export { affirmedMatches, checkReply, findTime, replyChars, TIME_PATTERNS, type ElementRule, type ForbiddenRule, type MarkerEvidence, type Rubric } from './check';
export { DRILL_SCENARIOS, rubricOf, scenarioById, type DrillScenario } from './scenarios';
