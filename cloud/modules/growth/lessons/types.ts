import { createHash } from 'node:crypto';
import type { CourseKey, QuizQuestionSpec } from '@shared/domain/growth';

/**
 * A built-in lesson, written in our own words from the handbook's chapters. Server only: the right
 * answers and explanations must never reach the client before an attempt (the client takes only types
 * from shared/contracts, and nothing under client/ imports this folder).
 */
export interface BuiltInLesson {
  /** Stable key (`etiquette-appearance`), named by the code (the default path, the demo, tests). */
  key: string;
  /**
   * The id progress and attempts refer to: 24 hex digits derived from the key (references of every
   * kind are ObjectIds in the request pipeline, so a built-in lesson's id has that form too).
   */
  id: string;
  course: Exclude<CourseKey, 'custom'>;
  title: string;
  minutes: number;
  summary: string;
  sections: { heading: string; paragraphs: string[]; points: string[] }[];
  questions: QuizQuestionSpec[];
  passMark: number;
  /** Bumped when the quiz changes: the question figures count only attempts of the current version. */
  version: number;
}

/** Declare a lesson (defaults: pass mark 80, version 1). */
export const lesson = ({ id: key, ...l }: Omit<BuiltInLesson, 'passMark' | 'version' | 'key'> & Partial<Pick<BuiltInLesson, 'passMark' | 'version'>>): BuiltInLesson => ({ passMark: 80, version: 1, ...l, key, id: builtInLessonId(key) });

/** The id of the built-in lesson of `key`: the first 12 bytes of SHA-256 of `growth-lesson:<key>`, as hex. */
export const builtInLessonId = (key: string): string => createHash('sha256').update(`growth-lesson:${key}`).digest('hex').slice(0, 24);
