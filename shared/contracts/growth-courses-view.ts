import type { CourseKey, QuestionKind, QuizCounts } from '../domain/growth';
import type { CallerRole } from '../domain/roles';

/**
 * The views of the courses part of staff growth (growth.md "Courses"), zod-free so pages and other
 * contract files import them without zod. A lesson's right answers appear only in a quiz result
 * (after an attempt) and in the manager's editor of the community's own lessons.
 */

/** Where a person stands in one lesson (counted by the community's QUIZ_COUNTS). */
export interface LessonProgressView {
  attempts: number;
  best: number;
  last: number;
  /** The score that counts (best or last, per the community's setting); null before any attempt. */
  counted: number | null;
  passed: boolean;
  lastAt?: string;
}

/** A lesson in the lists (no content, no answers). */
export interface LessonSummary {
  id: string;
  course: CourseKey;
  courseName: string;
  title: string;
  minutes: number;
  questionCount: number;
  passMark: number;
  builtIn: boolean;
  /** On the community's onboarding path (入职必修). */
  required: boolean;
  status: 'active' | 'retired';
  /** The caller's own progress (absent in manager-only lists). */
  mine?: LessonProgressView;
}

export interface CourseView {
  key: CourseKey;
  name: string;
  lessons: LessonSummary[];
  /** Lessons of the course the caller passed. */
  passed: number;
}

/** Onboarding progress (我的入职学习 · one person in the team view). */
export interface OnboardingView {
  done: number;
  required: number;
  percent: number;
}

/** The growth page's courses part: my onboarding path and every course with my progress. */
export interface CoursesHub {
  onboarding: OnboardingView & { lessons: LessonSummary[]; next?: LessonSummary };
  courses: CourseView[];
  quizCounts: QuizCounts;
}

export interface LessonSectionView {
  heading: string;
  paragraphs: string[];
  points: string[];
}

/** A quiz question before an attempt: no answer, no explanation. */
export interface QuizQuestionView {
  no: number;
  kind: QuestionKind;
  text: string;
  options: string[];
}

/** One question of an attempt, marked: what was chosen, what is right, why. */
export interface QuizReviewItem extends QuizQuestionView {
  chosen: number[];
  right: number[];
  correct: boolean;
  explain: string;
}

/** The answer to a quiz attempt (and the last attempt on the lesson page). */
export interface QuizResult {
  attemptId: string;
  lessonId: string;
  at: string;
  score: number;
  passMark: number;
  /** This attempt reached the pass mark. */
  passed: boolean;
  correct: number;
  total: number;
  review: QuizReviewItem[];
  /** The lesson's progress after this attempt (what counts under the setting). */
  progress: LessonProgressView;
  quizCounts: QuizCounts;
}

/** A lesson to read and its quiz. */
export interface LessonView extends LessonSummary {
  summary: string;
  sections: LessonSectionView[];
  questions: QuizQuestionView[];
  mine: LessonProgressView;
  /** The caller's latest attempt, marked (answers revealed only after an attempt). */
  lastResult?: QuizResult;
}

/** A quiz question as a manager writes it. */
export interface QuizQuestionInput {
  kind: QuestionKind;
  text: string;
  options: string[];
  answer: number[];
  explain: string;
}

/** The fields of a manager's own lesson. */
export interface LessonInput {
  course: CourseKey;
  title: string;
  minutes: number;
  summary: string;
  sections: LessonSectionView[];
  questions: QuizQuestionInput[];
  passMark: number;
}

/** A community's own lesson as its editor shows it (answers included: managers only). */
export interface LessonSource extends LessonInput {
  id: string;
  status: 'active' | 'retired';
  version: number;
  required: boolean;
  byName: string;
  updatedAt: string;
}

/** The community's onboarding path and quiz setting (manager). */
export interface GrowthSettingsView {
  required: LessonSummary[];
  quizCounts: QuizCounts;
  /** Never saved: the default path. */
  isDefault: boolean;
  updatedBy?: string;
  updatedAt?: string;
  /** Every active lesson the path may require, by course. */
  choices: LessonSummary[];
}

/** One staff member in the manager's training view. */
export interface TeamRow {
  userId: string;
  name: string;
  roles: CallerRole[];
  onboarding: OnboardingView;
  passedLessons: number;
  /** Average counted score over the lessons attempted; null before any. */
  averageScore: number | null;
  lastActivityAt?: string;
}

/** One person's lessons (manager). */
export interface PersonTraining extends TeamRow {
  lessons: (Pick<LessonSummary, 'id' | 'title' | 'course' | 'courseName' | 'required' | 'builtIn'> & LessonProgressView)[];
}

/** A question with how often it was answered wrong (most missed first). */
export interface MissedQuestion {
  no: number;
  text: string;
  wrong: number;
  attempts: number;
  /** Whole percent of attempts that got it wrong. */
  wrongRate: number;
}

/** A lesson's figures in the community (manager). */
export interface LessonStatsRow {
  id: string;
  title: string;
  course: CourseKey;
  courseName: string;
  builtIn: boolean;
  required: boolean;
  /** People who attempted it. */
  people: number;
  attempts: number;
  /** People whose counted score passes. */
  passed: number;
  averageScore: number | null;
  topMissed?: MissedQuestion;
}

export interface LessonStatsView extends LessonStatsRow {
  questions: MissedQuestion[];
}
