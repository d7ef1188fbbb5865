import type { Paged } from '@shared/contracts/contract';
import type { LessonStatsRow, LessonStatsView, MissedQuestion, PersonTraining, TeamRow } from '@shared/contracts/growth-courses-view';
import { COURSE_LABELS, percentOf } from '@shared/domain/growth';
import type { Role } from '@shared/domain/roles';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { mongoose } from '../../lib/db';
import * as identity from '../identity';
import { catalog, courseSettings, loadLesson, progressView, type CourseSettingsState, type LessonDef } from './course.service';
import { LessonProgress, QuizAttempt, type LessonProgressDoc } from './quiz.model';

/**
 * The manager's training view (growth.md "The training view"): the team's onboarding progress and
 * scores, one person's lessons, and each lesson's figures with the questions most people miss. The
 * team and the lessons are bounded (the community's staff; the built-in lessons and at most
 * CUSTOM_LESSONS_MAX own ones), so their pages are cut from the whole list after it is ordered.
 */

/** Whom the training view follows: the community's staff who serve (managers train them). */
const TRAINEES: readonly Role[] = ['agent', 'technician', 'cashier'];

const oid = (id: string) => new mongoose.Types.ObjectId(id);

function page<T>(all: T[], input: { page: number; pageSize: number }): Paged<T> {
  const start = (input.page - 1) * input.pageSize;
  return { items: all.slice(start, start + input.pageSize), total: all.length, page: input.page, pageSize: input.pageSize };
}

function rowOf(member: { id: unknown; name: string; roles: Role[] }, docs: LessonProgressDoc[], lessons: Map<string, LessonDef>, s: CourseSettingsState): TeamRow {
  const byLesson = new Map(docs.map((d) => [d.lessonId, d]));
  const views = docs.flatMap((d) => {
    const l = lessons.get(d.lessonId);
    return l ? [{ l, v: progressView(d, s.quizCounts, l.passMark) }] : [];
  });
  const required = s.required.filter((id) => lessons.has(id));
  const done = required.filter((id) => {
    const l = lessons.get(id)!;
    return progressView(byLesson.get(id), s.quizCounts, l.passMark).passed;
  }).length;
  const scores = views.map((x) => x.v.counted).filter((c): c is number => c !== null);
  const lastAt = docs.reduce<Date | undefined>((m, d) => (!m || d.lastAt > m ? d.lastAt : m), undefined);
  return {
    userId: String(member.id),
    name: member.name,
    roles: member.roles,
    onboarding: { done, required: required.length, percent: percentOf(done, required.length) },
    passedLessons: views.filter((x) => x.v.passed).length,
    averageScore: scores.length ? Math.round(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
    ...(lastAt ? { lastActivityAt: lastAt.toISOString() } : {}),
  };
}

async function progressByUser(communityId: string): Promise<Map<string, LessonProgressDoc[]>> {
  const docs = (await LessonProgress.find({ communityId: oid(communityId) }).lean()) as LessonProgressDoc[];
  const out = new Map<string, LessonProgressDoc[]>();
  for (const d of docs) out.set(String(d.userId), [...(out.get(String(d.userId)) ?? []), d]);
  return out;
}

/** Manager: each staff member's onboarding progress, lessons passed, average counted score and last activity; least done first. */
export async function team(caller: Caller, input: { page: number; pageSize: number }): Promise<Paged<TeamRow>> {
  const [members, lessons, s, progress] = await Promise.all([identity.activeMembers(caller.communityId, TRAINEES), catalog(caller.communityId), courseSettings(caller.communityId), progressByUser(caller.communityId)]);
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const rows = members.map((m) => rowOf(m, progress.get(String(m.id)) ?? [], byId, s));
  rows.sort((a, b) => a.onboarding.percent - b.onboarding.percent || a.name.localeCompare(b.name, 'zh-CN') || a.userId.localeCompare(b.userId));
  return page(rows, input);
}

/** Manager: one staff member's lessons — the path first, then the others attempted. */
export async function person(caller: Caller, userId: string): Promise<PersonTraining> {
  const member = (await identity.activeMembers(caller.communityId, ['agent', 'technician', 'cashier', 'manager'])).find((m) => String(m.id) === userId);
  if (!member) throw new AppError('STAFF.NOT_FOUND');
  const [lessons, s, docs] = await Promise.all([catalog(caller.communityId), courseSettings(caller.communityId), LessonProgress.find({ communityId: oid(caller.communityId), userId: oid(userId) }).lean() as Promise<LessonProgressDoc[]>]);
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const byLesson = new Map(docs.map((d) => [d.lessonId, d]));
  const ids = [...s.required.filter((id) => byId.has(id)), ...docs.map((d) => d.lessonId).filter((id) => byId.has(id) && !s.required.includes(id))];
  return {
    ...rowOf(member, docs, byId, s),
    lessons: ids.map((id) => {
      const l = byId.get(id)!;
      return { id, title: l.title, course: l.course, courseName: COURSE_LABELS[l.course], required: s.required.includes(id), builtIn: l.builtIn, ...progressView(byLesson.get(id), s.quizCounts, l.passMark) };
    }),
  };
}

/**
 * Wrong answers per question of each lesson version, and its attempts: attempts grouped by lesson,
 * version and the set of questions missed (one short reply; few distinct sets), then counted per
 * question here (FerretDB v1's `$unwind` of a field into `$group` keys is not relied on).
 */
async function missedCounts(communityId: string, lessonId?: string): Promise<{ attempts: Map<string, number>; wrong: Map<string, Map<number, number>> }> {
  const match = { communityId: oid(communityId), ...(lessonId ? { lessonId } : {}) };
  const groups = await QuizAttempt.aggregate<{ _id: { l: string; v: number; w: number[] }; n: number }>([{ $match: match }, { $group: { _id: { l: '$lessonId', v: '$version', w: '$wrong' }, n: { $sum: 1 } } }]);
  const key = (l: string, v: number) => `${l}@${v}`;
  const attempts = new Map<string, number>();
  const wrong = new Map<string, Map<number, number>>();
  for (const g of groups) {
    const k = key(g._id.l, g._id.v);
    attempts.set(k, (attempts.get(k) ?? 0) + g.n);
    const perQ = wrong.get(k) ?? new Map<number, number>();
    for (const q of g._id.w ?? []) perQ.set(q, (perQ.get(q) ?? 0) + g.n);
    wrong.set(k, perQ);
  }
  return { attempts, wrong };
}

function missedOf(l: LessonDef, counts: Awaited<ReturnType<typeof missedCounts>>): MissedQuestion[] {
  const k = `${l.id}@${l.version}`;
  const attempts = counts.attempts.get(k) ?? 0;
  const wrong = counts.wrong.get(k) ?? new Map<number, number>();
  return l.questions
    .map((q, i) => ({ no: i + 1, text: q.text, wrong: wrong.get(i) ?? 0, attempts, wrongRate: percentOf(wrong.get(i) ?? 0, attempts) }))
    .sort((a, b) => b.wrong - a.wrong || a.no - b.no);
}

function statsRow(l: LessonDef, s: CourseSettingsState, docs: LessonProgressDoc[], counts: Awaited<ReturnType<typeof missedCounts>>): LessonStatsView {
  const views = docs.map((d) => progressView(d, s.quizCounts, l.passMark));
  const scores = views.map((v) => v.counted).filter((c): c is number => c !== null);
  const questions = missedOf(l, counts);
  const top = questions[0];
  return {
    id: l.id,
    title: l.title,
    course: l.course,
    courseName: COURSE_LABELS[l.course],
    builtIn: l.builtIn,
    required: s.required.includes(l.id),
    people: docs.length,
    attempts: docs.reduce((n, d) => n + d.attempts, 0),
    passed: views.filter((v) => v.passed).length,
    averageScore: scores.length ? Math.round(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
    ...(top && top.wrong > 0 ? { topMissed: top } : {}),
    questions,
  };
}

/** Manager: every lesson's figures with its most-missed question — lessons attempted by the most people first. */
export async function lessonStatsList(caller: Caller, input: { page: number; pageSize: number }): Promise<Paged<LessonStatsRow>> {
  const [lessons, s, docs, counts] = await Promise.all([catalog(caller.communityId), courseSettings(caller.communityId), LessonProgress.find({ communityId: oid(caller.communityId) }).lean() as Promise<LessonProgressDoc[]>, missedCounts(caller.communityId)]);
  const byLesson = new Map<string, LessonProgressDoc[]>();
  for (const d of docs) byLesson.set(d.lessonId, [...(byLesson.get(d.lessonId) ?? []), d]);
  const rows = lessons
    .filter((l) => l.status === 'active' || byLesson.has(l.id))
    .map((l, order) => ({ order, row: statsRow(l, s, byLesson.get(l.id) ?? [], counts) }))
    .sort((a, b) => b.row.people - a.row.people || a.order - b.order)
    .map(({ row: { questions: _q, ...row } }) => row);
  return page(rows, input);
}

/** Manager: one lesson's figures with its questions, most missed first. */
export async function lessonStats(caller: Caller, lessonId: string): Promise<LessonStatsView> {
  const [l, s, docs, counts] = await Promise.all([loadLesson(caller.communityId, lessonId), courseSettings(caller.communityId), LessonProgress.find({ communityId: oid(caller.communityId), lessonId }).lean() as Promise<LessonProgressDoc[]>, missedCounts(caller.communityId, lessonId)]);
  return statsRow(l, s, docs, counts);
}
