import { CASES } from './cases';
import { COMMUNICATION } from './communication';
import { COMPLAINTS } from './complaints';
import { ETIQUETTE } from './etiquette';
import type { BuiltInLesson } from './types';

export { builtInLessonId, type BuiltInLesson } from './types';

/** Every built-in lesson, in course order (server only: they hold the right answers). */
export const BUILT_IN_LESSONS: readonly BuiltInLesson[] = [...ETIQUETTE, ...COMMUNICATION, ...COMPLAINTS, ...CASES];

const byId = new Map(BUILT_IN_LESSONS.map((l) => [l.id, l]));
const byKey = new Map(BUILT_IN_LESSONS.map((l) => [l.key, l]));

/** The id of a built-in lesson by its key (throws for an unknown key: a mistake in the code). */
export function lessonIdOf(key: string): string {
  const l = byKey.get(key);
  if (!l) throw new Error(`no built-in lesson "${key}"`);
  return l.id;
}

/** A built-in lesson by id (undefined: none). */
export const builtInLesson = (id: string): BuiltInLesson | undefined => byId.get(id);

/** The onboarding path (入职必修) of a community that never chose its own. */
export const DEFAULT_REQUIRED_KEYS: readonly string[] = [
  'etiquette-appearance',
  'etiquette-dress',
  'etiquette-manner',
  'etiquette-speech',
  'communication-three-steps',
  'communication-phone',
  'complaints-procedure',
  'case-wrong-address',
];

/** The default path's lesson ids. */
export const DEFAULT_REQUIRED: readonly string[] = DEFAULT_REQUIRED_KEYS.map(lessonIdOf);
