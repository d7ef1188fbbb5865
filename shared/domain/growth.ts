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

/** The courses lessons are grouped in (a manager's own lessons choose one too; `custom` = 本小区课程). */
export const COURSES = ['etiquette', 'communication', 'complaints', 'cases', 'custom'] as const;
export type CourseKey = (typeof COURSES)[number];
export const COURSE_LABELS: Record<CourseKey, string> = {
  etiquette: '礼仪规范',
  communication: '沟通技巧',
  complaints: '投诉处理',
  cases: '案例学习',
  custom: '本小区课程',
};

export const QUESTION_KINDS = ['single', 'multiple'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = { single: '单选', multiple: '多选' };

/** The pass mark of a lesson unless its author chose another (分, of 100). */
export const DEFAULT_PASS_MARK = 80;
/** Limits of a manager's own lesson. */
export const LESSON_TITLE_MAX = 40;
export const LESSON_SECTIONS_MAX = 10;
export const LESSON_PARAGRAPHS_MAX = 10;
export const LESSON_PARAGRAPH_MAX = 400;
export const LESSON_POINTS_MAX = 8;
export const LESSON_POINT_MAX = 80;
export const LESSON_MINUTES_MAX = 60;
export const QUIZ_QUESTIONS_MAX = 10;
export const QUIZ_OPTIONS_MIN = 2;
export const QUIZ_OPTIONS_MAX = 6;
export const QUIZ_QUESTION_MAX = 200;
export const QUIZ_OPTION_MAX = 80;
export const QUIZ_EXPLAIN_MAX = 120;
/** How many lessons of its own a community keeps (retired ones included). */
export const CUSTOM_LESSONS_MAX = 100;
/** How many lessons an onboarding path may require. */
export const REQUIRED_LESSONS_MAX = 30;

/** A quiz question as its author writes it: `answer` holds the indexes of the right options. */
export interface QuizQuestionSpec {
  kind: QuestionKind;
  text: string;
  options: readonly string[];
  answer: readonly number[];
  explain: string;
}

/**
 * What is wrong with a quiz as written (a manager's lesson; the built-in ones are checked by a unit
 * test): each problem with the path of its field. 2–6 options, at least one right answer, a single
 * choice exactly one, every right answer an existing option, none twice.
 */
export function quizProblems(questions: readonly QuizQuestionSpec[]): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  questions.forEach((q, i) => {
    if (q.options.length < QUIZ_OPTIONS_MIN || q.options.length > QUIZ_OPTIONS_MAX) out.push({ path: [i, 'options'], message: `每题${QUIZ_OPTIONS_MIN}–${QUIZ_OPTIONS_MAX}个选项` });
    if (q.answer.length === 0) out.push({ path: [i, 'answer'], message: '请标出正确答案' });
    else if (q.kind === 'single' && q.answer.length !== 1) out.push({ path: [i, 'answer'], message: '单选题只能有一个正确答案' });
    if (q.answer.some((a) => !Number.isInteger(a) || a < 0 || a >= q.options.length)) out.push({ path: [i, 'answer'], message: '正确答案不在选项中' });
    else if (new Set(q.answer).size !== q.answer.length) out.push({ path: [i, 'answer'], message: '正确答案重复' });
  });
  return out;
}

/** One question marked: right only when exactly the right options are chosen (a multiple choice too). */
export function isRight(answer: readonly number[], chosen: readonly number[]): boolean {
  const a = new Set(answer);
  const c = new Set(chosen);
  return a.size === c.size && [...a].every((x) => c.has(x));
}

/** A quiz marked: the score of 100 (rounded), how many right, and the indexes of the questions missed. */
export function scoreQuiz(questions: readonly Pick<QuizQuestionSpec, 'answer'>[], answers: readonly (readonly number[])[]): { score: number; correct: number; total: number; wrong: number[] } {
  const wrong: number[] = [];
  questions.forEach((q, i) => {
    if (!isRight(q.answer, answers[i] ?? [])) wrong.push(i);
  });
  const total = questions.length;
  const correct = total - wrong.length;
  return { score: total ? Math.round((100 * correct) / total) : 0, correct, total, wrong };
}

/** The score that counts for a lesson under the community's setting (null before any attempt). */
export function countedScore(p: { attempts: number; best: number; last: number }, counts: QuizCounts): number | null {
  if (!p.attempts) return null;
  return counts === 'best' ? p.best : p.last;
}

/** A whole percentage of done of total (0 when nothing is required). */
export function percentOf(done: number, total: number): number {
  return total ? Math.round((100 * done) / total) : 0;
}

// --- practice & figures ---
/** How the owner reached the agent in a drill (情景演练): the reply is written for that channel. */
export const DRILL_CHANNELS = ['phone', 'wechat', 'face'] as const;
export type DrillChannel = (typeof DRILL_CHANNELS)[number];
export const DRILL_CHANNEL_LABELS: Record<DrillChannel, string> = { phone: '电话', wechat: '微信', face: '面对面' };

/** What a good reply holds (沟通三部曲 and the complaint-handling steps), checked in this order. */
export const DRILL_ELEMENTS = ['greeting', 'empathy', 'restate', 'nextStep', 'followUp', 'closing'] as const;
export type DrillElement = (typeof DRILL_ELEMENTS)[number];
export const DRILL_ELEMENT_LABELS: Record<DrillElement, string> = {
  greeting: '问候与称呼',
  empathy: '致歉或共情',
  restate: '复述问题',
  nextStep: '具体措施与时间',
  followUp: '跟进承诺',
  closing: '礼貌结束语',
};
/** Each element's share of the score (they add up to 100). */
export const DRILL_ELEMENT_POINTS: Record<DrillElement, number> = { greeting: 10, empathy: 20, restate: 15, nextStep: 30, followUp: 15, closing: 10 };
/** Points taken off per forbidden phrase found, per negative marker (at most DRILL_MARKER_PENALTY_MAX), and for a reply outside the length bounds. */
export const DRILL_FORBIDDEN_PENALTY = 25;
export const DRILL_MARKER_PENALTY = 5;
export const DRILL_MARKER_PENALTY_MAX = 15;
export const DRILL_LENGTH_PENALTY = 10;
/** The longest reply the check takes (characters). */
export const DRILL_REPLY_MAX = 600;
/** What the drill pages say about the check. */
export const DRILL_CHECK_NOTE = '规则检查，仅供参考：按关键词和句式判断，不能代替主管点评。';

/**
 * Service figures (服务数据) of one person in one month, from the real work: inquiries (咨询) they
 * handled with the acknowledgement and answer times and the owners' stars, complaints (投诉) they
 * handled with the first-response time, the reopened ones and the owners' satisfaction at the
 * follow-up, the follow-ups (回访) they did. Null: nothing to measure that month.
 */
export const SERVICE_FIGURES = [
  'inquiriesHandled',
  'inquiryAckMinutes',
  'inquiryAnswerMinutes',
  'inquiryRating',
  'complaintsHandled',
  'complaintResponseMinutes',
  'complaintsReopened',
  'complaintSatisfaction',
  'followUpsDone',
] as const;
export type ServiceFigure = (typeof SERVICE_FIGURES)[number];
export type ServiceFigureValues = Record<ServiceFigure, number | null>;
/** How a figure is shown and which way is better. */
export const SERVICE_FIGURE_META: Record<ServiceFigure, { label: string; unit: 'count' | 'minutes' | 'stars' | 'share'; better: 'higher' | 'lower' }> = {
  inquiriesHandled: { label: '答复咨询', unit: 'count', better: 'higher' },
  inquiryAckMinutes: { label: '咨询首次响应用时', unit: 'minutes', better: 'lower' },
  inquiryAnswerMinutes: { label: '咨询答复用时', unit: 'minutes', better: 'lower' },
  inquiryRating: { label: '咨询评价', unit: 'stars', better: 'higher' },
  complaintsHandled: { label: '处理投诉', unit: 'count', better: 'higher' },
  complaintResponseMinutes: { label: '投诉首次响应用时', unit: 'minutes', better: 'lower' },
  complaintsReopened: { label: '投诉重开', unit: 'count', better: 'lower' },
  complaintSatisfaction: { label: '投诉回访满意率', unit: 'share', better: 'higher' },
  followUpsDone: { label: '完成回访', unit: 'count', better: 'higher' },
};
/** How many months the figures pages show (the agent's trend), and the most one read may ask for. */
export const FIGURES_MONTHS_DEFAULT = 6;
export const FIGURES_MONTHS_MAX = 12;
