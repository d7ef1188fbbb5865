import type { QuizResult } from '@shared/contracts/growth-courses-view';
import { isRight, scoreQuiz, type QuizCounts } from '@shared/domain/growth';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { courseSettings, lessonDef, lessonView, loadLesson, progressView, type LessonDef } from './course.service';
import { LessonProgress, QuizAttempt, type LessonProgressDoc, type QuizAttemptDoc } from './quiz.model';

/**
 * Quiz attempts (growth.md "Quizzes"): marked on the server, stored once per request id, and counted
 * into the person's progress for the lesson by an upsert keyed `<community>:<user>:<lesson>` that is
 * recomputed from that person's attempts — so a replayed or doubled submit never counts twice, and
 * best or last (the community's QUIZ_COUNTS) is decided when read.
 */

const oid = (id: string) => new mongoose.Types.ObjectId(id);
export const progressId = (communityId: string, userId: string, lessonId: string) => `${communityId}:${userId}:${lessonId}`;

/** Marks the answers against the lesson: 400 QUIZ.INCOMPLETE when a question is left out, VALIDATION for an option out of range or a single choice with several. */
export function markAnswers(lesson: Pick<LessonDef, 'questions'>, answers: readonly (readonly number[])[]) {
  if (answers.length !== lesson.questions.length || answers.some((a) => a.length === 0)) throw new AppError('QUIZ.INCOMPLETE');
  answers.forEach((a, i) => {
    const q = lesson.questions[i];
    const bad = a.some((x) => x >= q.options.length) || new Set(a).size !== a.length || (q.kind === 'single' && a.length !== 1);
    if (bad) throw new AppError('VALIDATION', `第${i + 1}题的答案不正确`, { issues: [{ path: `answers.${i}`, message: q.kind === 'single' ? '单选题请选择一个选项' : '选项不存在或重复' }] });
  });
  return scoreQuiz(lesson.questions, answers);
}

/**
 * The person's progress in the lesson, from all their attempts: attempts, best, last (latest by time,
 * then by id). Written by `_id` with a guard that only more attempts replace fewer (a concurrent
 * stale recount loses), inserted by upsert when new (a racing insert of the same `_id` loses on the
 * unique key and leaves the winner).
 */
export async function recountProgress(communityId: string, userId: string, lessonId: string): Promise<void> {
  const attempts = (await QuizAttempt.find({ communityId: oid(communityId), userId: oid(userId), lessonId }, { score: 1, at: 1 }).sort({ at: 1, _id: 1 }).lean()) as Pick<QuizAttemptDoc, '_id' | 'score' | 'at'>[];
  if (!attempts.length) return;
  const last = attempts[attempts.length - 1];
  const _id = progressId(communityId, userId, lessonId);
  const set = { communityId: oid(communityId), userId: oid(userId), lessonId, attempts: attempts.length, best: Math.max(...attempts.map((a) => a.score)), last: last.score, lastAttemptId: last._id, lastAt: last.at };
  try {
    await LessonProgress.updateOne({ _id, attempts: { $lt: attempts.length } }, { $set: set }, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

function resultOf(attempt: QuizAttemptDoc, lesson: LessonDef, progress: LessonProgressDoc | undefined, counts: QuizCounts): QuizResult {
  const sameQuiz = attempt.version === lesson.version;
  return {
    attemptId: String(attempt._id),
    lessonId: attempt.lessonId,
    at: attempt.at.toISOString(),
    score: attempt.score,
    passMark: attempt.passMark,
    passed: attempt.score >= attempt.passMark,
    correct: attempt.correct,
    total: attempt.total,
    // The review shows the quiz as it is now; an attempt of an earlier version of a community's lesson is shown without it.
    review: sameQuiz
      ? lesson.questions.map((q, i) => {
          const chosen = [...(attempt.answers[i]?.chosen ?? [])];
          return { no: i + 1, kind: q.kind, text: q.text, options: [...q.options], chosen, right: [...q.answer], correct: isRight(q.answer, chosen), explain: q.explain };
        })
      : [],
    progress: progressView(progress, counts, lesson.passMark),
    quizCounts: counts,
  };
}

/** Staff: answer a lesson's quiz. One attempt per request id (a retry answers the same attempt); counted once. */
export async function submitQuiz(caller: Caller, input: { lessonId: string; requestId: string; answers: number[][] }): Promise<QuizResult> {
  const lesson = await loadLesson(caller.communityId, input.lessonId);
  const { doc } = await createOnce<QuizAttemptDoc>({
    model: QuizAttempt,
    key: `quiz:${caller.userId}:${input.requestId}`,
    build: async (_id) => {
      if (lesson.status !== 'active') throw new AppError('LESSON.RETIRED');
      const marked = markAnswers(lesson, input.answers);
      const at = now();
      return { _id, communityId: oid(caller.communityId), userId: oid(caller.userId), userName: caller.name, lessonId: lesson.id, version: lesson.version, answers: input.answers.map((chosen) => ({ chosen })), score: marked.score, correct: marked.correct, total: marked.total, wrong: marked.wrong, passMark: lesson.passMark, at, createdAt: at, updatedAt: at };
    },
  });
  // A request id is the caller's own: a replay of it on another lesson answers with the first attempt's lesson.
  const attemptLesson = doc.lessonId === lesson.id ? lesson : await loadLesson(caller.communityId, doc.lessonId);
  await recountProgress(caller.communityId, caller.userId, doc.lessonId);
  const [progress, settings] = await Promise.all([LessonProgress.findById(progressId(caller.communityId, caller.userId, doc.lessonId)).lean(), courseSettings(caller.communityId)]);
  return resultOf(doc, attemptLesson, (progress ?? undefined) as LessonProgressDoc | undefined, settings.quizCounts);
}

/** The caller's latest attempt on a lesson, marked (for the lesson page); undefined before any. */
export async function lastResult(caller: Caller, lessonId: string): Promise<QuizResult | undefined> {
  const lesson = await lessonDef(caller.communityId, lessonId);
  if (!lesson) return undefined;
  const progress = (await LessonProgress.findById(progressId(caller.communityId, caller.userId, lessonId)).lean()) as LessonProgressDoc | null;
  if (!progress) return undefined;
  const attempt = (await QuizAttempt.findById(progress.lastAttemptId).lean()) as QuizAttemptDoc | null;
  if (!attempt) return undefined;
  const settings = await courseSettings(caller.communityId);
  return resultOf(attempt, lesson, progress, settings.quizCounts);
}

/** Staff: the lesson page — the lesson and its quiz (no answers), with my latest attempt marked. */
export async function lessonPage(caller: Caller, lessonId: string) {
  return lessonView(caller, lessonId, await lastResult(caller, lessonId));
}
