import { z } from 'zod';
import {
  COURSES,
  GROWTH_STAFF,
  LESSON_MINUTES_MAX,
  LESSON_PARAGRAPH_MAX,
  LESSON_PARAGRAPHS_MAX,
  LESSON_POINT_MAX,
  LESSON_POINTS_MAX,
  LESSON_SECTIONS_MAX,
  LESSON_TITLE_MAX,
  QUESTION_KINDS,
  QUIZ_COUNTS,
  QUIZ_EXPLAIN_MAX,
  QUIZ_OPTION_MAX,
  QUIZ_OPTIONS_MAX,
  QUIZ_OPTIONS_MIN,
  QUIZ_QUESTION_MAX,
  QUIZ_QUESTIONS_MAX,
  REQUIRED_LESSONS_MAX,
  quizProblems,
} from '../domain/growth';
import { action, community, objectId, page, pageSize, type Paged } from './contract';
import type { CoursesHub, GrowthSettingsView, LessonSource, LessonStatsRow, LessonStatsView, LessonSummary, LessonView, PersonTraining, QuizResult, TeamRow } from './growth-courses-view';

/**
 * The courses part of staff growth (growth.md "Courses"): built-in lessons from the handbook and the
 * community's own, quizzes marked on the server (idempotent by request id; best or last counts, never
 * twice), the onboarding path (入职必修) with progress, and the manager's training view.
 */

const STAFF = GROWTH_STAFF;
const MANAGER = ['manager'] as const;
const lessonRef = { lessonId: 'lesson' } as const;
const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
/** A lesson's id: a community lesson's ObjectId, or a built-in lesson's id (24 hex digits too). */
const lessonId = objectId;
const line = (label: string, max: number) => z.string({ message: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}最多${max}字`);

const sectionInput = z
  .object({
    heading: line('小节标题', LESSON_TITLE_MAX),
    paragraphs: z.array(line('段落', LESSON_PARAGRAPH_MAX)).min(1, '每节至少一段正文').max(LESSON_PARAGRAPHS_MAX, `每节最多${LESSON_PARAGRAPHS_MAX}段`),
    points: z.array(line('要点', LESSON_POINT_MAX)).max(LESSON_POINTS_MAX, `每节最多${LESSON_POINTS_MAX}个要点`).default([]),
  })
  .strict();

const questionInput = z
  .object({
    kind: z.enum(QUESTION_KINDS),
    text: line('题目', QUIZ_QUESTION_MAX),
    options: z.array(line('选项', QUIZ_OPTION_MAX)).min(QUIZ_OPTIONS_MIN, `每题至少${QUIZ_OPTIONS_MIN}个选项`).max(QUIZ_OPTIONS_MAX, `每题最多${QUIZ_OPTIONS_MAX}个选项`),
    answer: z.array(z.number().int().min(0).max(QUIZ_OPTIONS_MAX - 1)).max(QUIZ_OPTIONS_MAX),
    explain: line('解析', QUIZ_EXPLAIN_MAX),
  })
  .strict();

const lessonFields = {
  course: z.enum(COURSES),
  title: line('课程标题', LESSON_TITLE_MAX),
  minutes: z.number({ message: '请填写阅读时长' }).int().min(1, '阅读时长至少1分钟').max(LESSON_MINUTES_MAX, `阅读时长最多${LESSON_MINUTES_MAX}分钟`),
  summary: z.string().trim().max(LESSON_PARAGRAPH_MAX, `简介最多${LESSON_PARAGRAPH_MAX}字`).default(''),
  sections: z.array(sectionInput).min(1, '至少一节正文').max(LESSON_SECTIONS_MAX, `最多${LESSON_SECTIONS_MAX}节`),
  questions: z.array(questionInput).min(1, '至少一道测验题').max(QUIZ_QUESTIONS_MAX, `最多${QUIZ_QUESTIONS_MAX}道题`),
  passMark: z.number({ message: '请填写及格分' }).int('及格分须为整数').min(0, '及格分在0–100之间').max(100, '及格分在0–100之间'),
};

/** The quiz's own rules (right answers among the options, a single choice exactly one) on the questions' paths. */
const checkQuiz = (l: { questions: z.infer<typeof questionInput>[] }, ctx: z.RefinementCtx) => {
  // The options' count is the schema's own check above; the rest is the quiz's.
  for (const p of quizProblems(l.questions).filter((x) => x.path[1] !== 'options')) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['questions', ...p.path], message: p.message });
};

export const growthCourseActions = {
  /** Staff: my onboarding path (入职必修) with progress and every course with its lessons and my progress. */
  courses: action<CoursesHub>()(z.object({}).strict().optional().default({}), community([...STAFF])),
  /** Staff: a lesson to read with its quiz (no answers) and my latest attempt, marked. */
  lesson: action<LessonView>()(z.object({ lessonId }).strict(), community([...STAFF], lessonRef)),
  /**
   * Staff: answer a lesson's quiz (answers[i] = the chosen option indexes of question i). Marked on the
   * server; one attempt per request id (a retry answers the same attempt); the person's progress counts
   * it once.
   */
  quizSubmit: action<QuizResult>()(
    z.object({ lessonId, requestId, answers: z.array(z.array(z.number().int().min(0).max(QUIZ_OPTIONS_MAX - 1)).max(QUIZ_OPTIONS_MAX)).min(1).max(QUIZ_QUESTIONS_MAX) }).strict(),
    community([...STAFF], lessonRef),
  ),
  /** Manager: the community's own lessons (in use, or retired), newest first. */
  lessonList: action<Paged<LessonSummary>>()(
    z
      .object({ status: z.enum(['active', 'retired']).default('active'), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community([...MANAGER]),
  ),
  /** Manager: one of the community's own lessons as the editor shows it (answers included). */
  lessonSource: action<LessonSource>()(z.object({ lessonId: objectId }).strict(), community([...MANAGER], lessonRef)),
  /** Manager: a lesson of the community's own, with its quiz (once per request id). */
  lessonCreate: action<LessonSource>()(z.object({ requestId, ...lessonFields }).strict().superRefine(checkQuiz), community([...MANAGER])),
  /** Manager: new text or quiz for an own lesson (a new version: earlier attempts stay, its question figures restart). */
  lessonUpdate: action<LessonSource>()(z.object({ lessonId: objectId, ...lessonFields }).strict().superRefine(checkQuiz), community([...MANAGER], lessonRef)),
  /** Manager: retire an own lesson (not while the onboarding path requires it); `restore` takes it back in use. */
  lessonRetire: action<LessonSource>()(z.object({ lessonId: objectId, restore: z.boolean().default(false) }).strict(), community([...MANAGER], lessonRef)),
  /** Manager: the onboarding path and which attempt counts. */
  settings: action<GrowthSettingsView>()(z.object({}).strict().optional().default({}), community([...MANAGER])),
  /** Manager: save the onboarding path (lesson ids in order) and QUIZ_COUNTS. */
  saveSettings: action<GrowthSettingsView>()(
    z
      .object({
        required: z.array(lessonId).max(REQUIRED_LESSONS_MAX, `必修课程最多${REQUIRED_LESSONS_MAX}门`).refine((ids) => new Set(ids).size === ids.length, '必修课程重复'),
        quizCounts: z.enum(QUIZ_COUNTS),
      })
      .strict(),
    community([...MANAGER]),
  ),
  /** Manager: the team's training — each staff member's onboarding progress, lessons passed, average score, last activity. */
  team: action<Paged<TeamRow>>()(z.object({ page, pageSize }).strict().optional().default({}), community([...MANAGER])),
  /** Manager: one staff member's lessons (attempts, best, last, counted, passed). */
  person: action<PersonTraining>()(z.object({ userId: objectId }).strict(), community([...MANAGER], { userId: 'staff' })),
  /** Manager: every lesson's figures in the community with its most-missed question; lessons attempted first. */
  lessonStatsList: action<Paged<LessonStatsRow>>()(z.object({ page, pageSize }).strict().optional().default({}), community([...MANAGER])),
  /** Manager: one lesson's figures with its questions, most missed first. */
  lessonStats: action<LessonStatsView>()(z.object({ lessonId }).strict(), community([...MANAGER], lessonRef)),
};
