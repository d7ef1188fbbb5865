import type { Paged } from '@shared/contracts/contract';
import type { CoursesHub, GrowthSettingsView, LessonInput, LessonProgressView, LessonSource, LessonSummary, LessonView } from '@shared/contracts/growth-courses-view';
import { COURSE_LABELS, COURSES, CUSTOM_LESSONS_MAX, countedScore, percentOf, type CourseKey, type QuizCounts, type QuizQuestionSpec } from '@shared/domain/growth';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { paged } from '../../lib/paging';
import { CustomLesson, type CustomLessonDoc } from './lesson.model';
import { BUILT_IN_LESSONS, DEFAULT_REQUIRED, builtInLesson } from './lessons';
import { CourseSettings, LessonProgress, type LessonProgressDoc } from './quiz.model';

/**
 * Courses (growth.md "Courses"): the lessons a community's staff learn — the built-in ones (server
 * only, cloud/modules/growth/lessons/) and the community's own — the onboarding path and which
 * attempt counts (per community), each person's progress, and the managers' own lessons.
 */

/** A lesson whatever its origin, with its answers (server only). */
export interface LessonDef {
  id: string;
  course: CourseKey;
  title: string;
  minutes: number;
  summary: string;
  sections: { heading: string; paragraphs: string[]; points: string[] }[];
  questions: QuizQuestionSpec[];
  passMark: number;
  version: number;
  builtIn: boolean;
  status: 'active' | 'retired';
}

const isObjectId = (id: string) => /^[a-f0-9]{24}$/i.test(id);

function fromCustom(d: CustomLessonDoc): LessonDef {
  return {
    id: String(d._id),
    course: d.course as CourseKey,
    title: d.title,
    minutes: d.minutes,
    summary: d.summary ?? '',
    sections: (d.sections ?? []).map((s) => ({ heading: s.heading ?? '', paragraphs: [...(s.paragraphs ?? [])], points: [...(s.points ?? [])] })),
    questions: (d.questions ?? []).map((q) => ({ kind: q.kind as QuizQuestionSpec['kind'], text: q.text ?? '', options: [...(q.options ?? [])], answer: [...(q.answer ?? [])], explain: q.explain ?? '' })),
    passMark: d.passMark,
    version: d.version,
    builtIn: false,
    status: d.status as LessonDef['status'],
  };
}

/** A lesson of the community (a built-in one, or one of its own); null when none. */
export async function lessonDef(communityId: string, id: string): Promise<LessonDef | null> {
  const b = builtInLesson(id);
  if (b) return { ...b, builtIn: true, status: 'active' };
  if (!isObjectId(id)) return null;
  const d = (await CustomLesson.findById(id).lean()) as CustomLessonDoc | null;
  return d && String(d.communityId) === communityId ? fromCustom(d) : null;
}

/** The lesson or 404 LESSON.NOT_FOUND. */
export async function loadLesson(communityId: string, id: string): Promise<LessonDef> {
  const l = await lessonDef(communityId, id);
  if (!l) throw new AppError('LESSON.NOT_FOUND');
  return l;
}

/** Every lesson of the community: the built-in ones, then its own (retired ones too, bounded by CUSTOM_LESSONS_MAX). */
export async function catalog(communityId: string): Promise<LessonDef[]> {
  const own = (await CustomLesson.find({ communityId: new mongoose.Types.ObjectId(communityId) }).sort({ createdAt: 1, _id: 1 }).limit(CUSTOM_LESSONS_MAX).lean()) as CustomLessonDoc[];
  return [...BUILT_IN_LESSONS.map((b): LessonDef => ({ ...b, builtIn: true, status: 'active' })), ...own.map(fromCustom)];
}

export interface CourseSettingsState {
  required: string[];
  quizCounts: QuizCounts;
  isDefault: boolean;
  updatedBy?: string;
  updatedAt?: Date;
}

/** The community's onboarding path and quiz setting (the defaults until a manager saves them). */
export async function courseSettings(communityId: string): Promise<CourseSettingsState> {
  const s = await CourseSettings.findById(communityId).lean();
  if (!s) return { required: [...DEFAULT_REQUIRED], quizCounts: 'best', isDefault: true };
  return { required: [...s.required], quizCounts: s.quizCounts as QuizCounts, isDefault: false, updatedBy: s.byName, updatedAt: s.at };
}

/** A progress document (or none) as it counts under the setting and the lesson's pass mark. */
export function progressView(p: LessonProgressDoc | undefined, counts: QuizCounts, passMark: number): LessonProgressView {
  if (!p) return { attempts: 0, best: 0, last: 0, counted: null, passed: false };
  const counted = countedScore(p, counts);
  return { attempts: p.attempts, best: p.best, last: p.last, counted, passed: counted !== null && counted >= passMark, lastAt: p.lastAt.toISOString() };
}

export function summaryOf(l: LessonDef, required: readonly string[], mine?: LessonProgressView): LessonSummary {
  return {
    id: l.id,
    course: l.course,
    courseName: COURSE_LABELS[l.course],
    title: l.title,
    minutes: l.minutes,
    questionCount: l.questions.length,
    passMark: l.passMark,
    builtIn: l.builtIn,
    required: required.includes(l.id),
    status: l.status,
    ...(mine ? { mine } : {}),
  };
}

/** A person's progress documents in the community, by lesson id. */
export async function progressOf(communityId: string, userId: string): Promise<Map<string, LessonProgressDoc>> {
  const docs = (await LessonProgress.find({ communityId: new mongoose.Types.ObjectId(communityId), userId: new mongoose.Types.ObjectId(userId) }).lean()) as LessonProgressDoc[];
  return new Map(docs.map((d) => [d.lessonId, d]));
}

/** Staff: my onboarding path and every course with its lessons (in use) and my progress. */
export async function coursesHub(caller: Caller): Promise<CoursesHub> {
  const [lessons, settings, mine] = await Promise.all([catalog(caller.communityId), courseSettings(caller.communityId), progressOf(caller.communityId, caller.userId)]);
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const summary = (l: LessonDef) => summaryOf(l, settings.required, progressView(mine.get(l.id), settings.quizCounts, l.passMark));
  const path = settings.required.map((id) => byId.get(id)).filter((l): l is LessonDef => Boolean(l)).map(summary);
  const done = path.filter((l) => l.mine?.passed).length;
  const next = path.find((l) => !l.mine?.passed);
  const courses = COURSES.map((key) => {
    const ls = lessons.filter((l) => l.course === key && l.status === 'active').map(summary);
    return { key, name: COURSE_LABELS[key], lessons: ls, passed: ls.filter((l) => l.mine?.passed).length };
  }).filter((c) => c.lessons.length > 0);
  return { onboarding: { done, required: path.length, percent: percentOf(done, path.length), lessons: path, ...(next ? { next } : {}) }, courses, quizCounts: settings.quizCounts };
}

/** Staff: a lesson to read and its quiz, without answers; my latest attempt marked (answers revealed after an attempt). */
export async function lessonView(caller: Caller, lessonId: string, lastResult?: LessonView['lastResult']): Promise<LessonView> {
  const [l, settings, mine] = await Promise.all([loadLesson(caller.communityId, lessonId), courseSettings(caller.communityId), progressOf(caller.communityId, caller.userId)]);
  const progress = progressView(mine.get(l.id), settings.quizCounts, l.passMark);
  return {
    ...summaryOf(l, settings.required, progress),
    mine: progress,
    summary: l.summary,
    sections: l.sections.map((s) => ({ heading: s.heading, paragraphs: [...s.paragraphs], points: [...s.points] })),
    questions: l.questions.map((q, i) => ({ no: i + 1, kind: q.kind, text: q.text, options: [...q.options] })),
    ...(lastResult ? { lastResult } : {}),
  };
}

// --- settings ---

/** Manager: the onboarding path and the quiz setting, with every lesson in use to choose from. */
export async function settingsView(caller: Caller): Promise<GrowthSettingsView> {
  const [lessons, s] = await Promise.all([catalog(caller.communityId), courseSettings(caller.communityId)]);
  const byId = new Map(lessons.map((l) => [l.id, l]));
  return {
    required: s.required.map((id) => byId.get(id)).filter((l): l is LessonDef => Boolean(l)).map((l) => summaryOf(l, s.required)),
    quizCounts: s.quizCounts,
    isDefault: s.isDefault,
    ...(s.updatedBy ? { updatedBy: s.updatedBy } : {}),
    ...(s.updatedAt ? { updatedAt: s.updatedAt.toISOString() } : {}),
    choices: lessons.filter((l) => l.status === 'active').map((l) => summaryOf(l, s.required)),
  };
}

/** Manager: save the path (lessons in use of the community, in order) and which attempt counts (read at once by every view). */
export async function saveSettings(caller: Caller, input: { required: string[]; quizCounts: QuizCounts }): Promise<GrowthSettingsView> {
  for (const [i, id] of input.required.entries()) {
    const l = await lessonDef(caller.communityId, id);
    if (!l || l.status !== 'active') throw new AppError('VALIDATION', '必修课程不存在或已停用', { issues: [{ path: `required.${i}`, message: '必修课程不存在或已停用' }] });
  }
  await CourseSettings.updateOne({ _id: caller.communityId }, { $set: { required: input.required, quizCounts: input.quizCounts, byName: caller.name, at: now() } }, { upsert: true });
  return settingsView(caller);
}

// --- the community's own lessons ---

async function sourceOf(d: CustomLessonDoc): Promise<LessonSource> {
  const l = fromCustom(d);
  const s = await courseSettings(String(d.communityId));
  return {
    id: l.id,
    course: l.course,
    title: l.title,
    minutes: l.minutes,
    summary: l.summary,
    sections: l.sections,
    questions: l.questions.map((q) => ({ kind: q.kind, text: q.text, options: [...q.options], answer: [...q.answer], explain: q.explain })),
    passMark: l.passMark,
    status: l.status,
    version: l.version,
    required: s.required.includes(l.id),
    byName: d.byName,
    updatedAt: d.updatedAt.toISOString(),
  };
}

async function ownLesson(caller: Caller, lessonId: string): Promise<CustomLessonDoc> {
  const d = (await CustomLesson.findById(lessonId).lean()) as CustomLessonDoc | null;
  if (!d || String(d.communityId) !== caller.communityId) throw new AppError('LESSON.NOT_FOUND');
  return d;
}

const fieldsOf = (input: LessonInput) => ({
  course: input.course,
  title: input.title,
  minutes: input.minutes,
  summary: input.summary,
  sections: input.sections,
  questions: input.questions,
  passMark: input.passMark,
});

/** Manager: the community's own lessons (in use or retired), newest first. */
export async function listOwnLessons(caller: Caller, input: { status: 'active' | 'retired'; page: number; pageSize: number }): Promise<Paged<LessonSummary>> {
  const s = await courseSettings(caller.communityId);
  return paged({ model: CustomLesson, filter: { communityId: new mongoose.Types.ObjectId(caller.communityId), status: input.status }, sort: { createdAt: -1 } }, input, (docs: CustomLessonDoc[]) =>
    docs.map((d) => summaryOf(fromCustom(d), s.required)),
  );
}

export async function lessonSource(caller: Caller, lessonId: string): Promise<LessonSource> {
  return sourceOf(await ownLesson(caller, lessonId));
}

/** Manager: a lesson of the community's own (once per request id; at most CUSTOM_LESSONS_MAX). */
export async function createLesson(caller: Caller, input: LessonInput & { requestId: string }): Promise<LessonSource> {
  const communityId = new mongoose.Types.ObjectId(caller.communityId);
  const { doc } = await createOnce<CustomLessonDoc>({
    model: CustomLesson,
    key: `lesson:${caller.userId}:${input.requestId}`,
    build: async (_id) => {
      if ((await CustomLesson.countDocuments({ communityId })) >= CUSTOM_LESSONS_MAX) throw new AppError('LESSON.TOO_MANY');
      const at = now();
      return { _id, communityId, ...fieldsOf(input), status: 'active', version: 1, byId: new mongoose.Types.ObjectId(caller.userId), byName: caller.name, createdAt: at, updatedAt: at };
    },
  });
  return sourceOf(doc);
}

/** Manager: new text or quiz for an own lesson: a new version (attempts made stay; the question figures restart). */
export async function updateLesson(caller: Caller, input: LessonInput & { lessonId: string }): Promise<LessonSource> {
  const d = await ownLesson(caller, input.lessonId);
  const updated = (await CustomLesson.findByIdAndUpdate(d._id, { $set: { ...fieldsOf(input), byName: caller.name }, $inc: { version: 1 } }, { new: true }).lean()) as CustomLessonDoc;
  return sourceOf(updated);
}

/** Manager: retire an own lesson (refused while the onboarding path requires it), or restore it. */
export async function retireLesson(caller: Caller, input: { lessonId: string; restore: boolean }): Promise<LessonSource> {
  const d = await ownLesson(caller, input.lessonId);
  if (!input.restore && (await courseSettings(caller.communityId)).required.includes(String(d._id))) throw new AppError('LESSON.REQUIRED');
  const updated = (await CustomLesson.findByIdAndUpdate(d._id, { $set: { status: input.restore ? 'active' : 'retired' } }, { new: true }).lean()) as CustomLessonDoc;
  return sourceOf(updated);
}
