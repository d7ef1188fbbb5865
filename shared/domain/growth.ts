/**
 * Staff growth (员工成长, handbook ch. 5 with the etiquette and abilities of ch. 1 §3–4): courses of
 * lessons with quizzes and an onboarding path, practice drills checked by rules, and each agent's
 * service figures. Zod-free values shared with the client; each part adds its own values in its section.
 * (The built-in lessons' text and answers live on the server only: cloud/modules/growth/lessons/.)
 */

/** Who learns and practises: the community's staff. */
export const GROWTH_STAFF = ['agent', 'technician', 'cashier', 'manager'] as const;

// --- courses ---

/** Which attempt of a quiz counts when a lesson's quiz is taken again (per community): the best or the last. */
export const QUIZ_COUNTS = ['best', 'last'] as const;
export type QuizCounts = (typeof QUIZ_COUNTS)[number];
export const QUIZ_COUNTS_LABELS: Record<QuizCounts, string> = { best: '取最高分', last: '取最近一次' };

// --- practice & figures ---
