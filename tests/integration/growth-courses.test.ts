import type { Types } from 'mongoose';
import type { Paged } from '@shared/contracts/contract';
import type { CoursesHub, GrowthSettingsView, LessonSource, LessonStatsRow, LessonStatsView, LessonSummary, LessonView, PersonTraining, QuizResult, TeamRow } from '@shared/contracts/growth-courses-view';
import type { Envelope, ErrorBody } from '@shared/errors';
import { setClock } from '../../cloud/lib/clock';
import { BUILT_IN_LESSONS, DEFAULT_REQUIRED, lessonIdOf } from '../../cloud/modules/growth/lessons';
import { LessonProgress, QuizAttempt } from '../../cloud/modules/growth/quiz.model';
import { makeCommunity } from '../helpers/factories';
import { DAYTIME, err, ok, rid, staff, type Person } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Courses (growth.md "Courses"): the built-in lessons without answers, quizzes marked on the server
 * (single and multiple choice), one attempt per request id, best or last counting once, the
 * onboarding path's progress, the community's own lessons (validation, another community's → 404),
 * manager-only actions (403 for agents), the team view and the most-missed questions.
 */
let stack: Stack;
let clock = DAYTIME;
beforeAll(async () => {
  stack = await startStack();
});
beforeEach(() => {
  clock = DAYTIME;
  setClock(() => clock);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const call = <T>(action: string, data: unknown, token: string) => stack.invoke('growth', action as never, data as never, token) as unknown as Promise<Envelope<T>>;
const issuesOf = (e: ErrorBody) => ((e.details as { issues?: { path: string }[] } | undefined)?.issues ?? []).map((i) => i.path);
const tick = (min = 1) => {
  clock = new Date(clock.getTime() + min * 60_000);
};

interface World {
  c: { _id: Types.ObjectId };
  agent: Person;
  agent2: Person;
  manager: Person;
}

async function world(): Promise<World> {
  const c = await makeCommunity();
  const agent = await staff(stack, c._id, { roles: ['agent'], name: '周晓雨' });
  const agent2 = await staff(stack, c._id, { roles: ['agent'], name: '王芳' });
  const manager = await staff(stack, c._id, { roles: ['manager'], name: '孙涛' });
  return { c, agent, agent2, manager };
}

const lessonOf = (key: string) => BUILT_IN_LESSONS.find((l) => l.key === key)!;
/** The right answers of a built-in lesson (from the server's files: the test knows them). */
const rightAnswers = (key: string) => lessonOf(key).questions.map((q) => [...q.answer]);
/** All right except question `i`, answered with a wrong option. */
const oneWrong = (key: string, i: number) =>
  lessonOf(key).questions.map((q, n) => {
    if (n !== i) return [...q.answer];
    const wrong = q.options.findIndex((_o, k) => !q.answer.includes(k));
    return [wrong];
  });
const submit = (p: Person, key: string, answers: number[][], requestId = rid()) => call<QuizResult>('quizSubmit', { lessonId: lessonIdOf(key), requestId, answers }, p.token);

const customInput = (over: Record<string, unknown> = {}) => ({
  course: 'custom',
  title: '本小区门禁卡办理流程',
  minutes: 3,
  summary: '门禁卡办理、补办和注销。',
  sections: [{ heading: '办理', paragraphs: ['业主凭身份证和房产证明到服务中心办理。'], points: ['带身份证'] }],
  questions: [
    { kind: 'single', text: '办理门禁卡需要带什么？', options: ['身份证', '户口本', '结婚证'], answer: [0], explain: '凭身份证和房产证明办理。' },
    { kind: 'multiple', text: '以下哪些可以办理？', options: ['新办', '补办', '转借他人'], answer: [0, 1], explain: '门禁卡不得转借。' },
  ],
  passMark: 60,
  ...over,
});

describe('lessons', () => {
  test('When staff open the courses, then every built-in lesson is listed by course with no answers anywhere, and the default path has 8 lessons', async () => {
    const w = await world();
    const hub = ok(await call<CoursesHub>('courses', {}, w.agent.token));
    const ids = hub.courses.flatMap((c) => c.lessons.map((l) => l.id));
    expect(ids.length).toBeGreaterThanOrEqual(16);
    expect(new Set(ids)).toEqual(new Set(BUILT_IN_LESSONS.map((l) => l.id)));
    expect(hub.courses.map((c) => c.name)).toEqual(['礼仪规范', '沟通技巧', '投诉处理', '案例学习']);
    expect(hub.onboarding).toMatchObject({ done: 0, required: 8, percent: 0 });
    expect(hub.onboarding.lessons.map((l) => l.id)).toEqual([...DEFAULT_REQUIRED]);
    expect(hub.onboarding.next?.id).toBe(DEFAULT_REQUIRED[0]);
    const text = JSON.stringify(hub);
    expect(text).not.toMatch(/"answer"|"explain"|"right"/);
    const lesson = ok(await call<LessonView>('lesson', { lessonId: lessonIdOf('case-leak') }, w.agent.token));
    expect(lesson.title).toContain('漏水');
    expect(lesson.sections.length).toBeGreaterThan(0);
    expect(lesson.questions.length).toBeGreaterThanOrEqual(4);
    expect(lesson.lastResult).toBeUndefined();
    expect(JSON.stringify(lesson)).not.toMatch(/"answer"|"explain"|"right"/);
  });

  test('When a lesson id is unknown, malformed or another community’s, then 404 LESSON.NOT_FOUND (400 for a malformed one), never 500', async () => {
    const w = await world();
    expect(err(await call('lesson', { lessonId: '0123456789abcdef01234567' }, w.agent.token)).code).toBe('LESSON.NOT_FOUND');
    expect(err(await call('lesson', { lessonId: 'etiquette-appearance' }, w.agent.token)).code).toBe('VALIDATION');
    const other = await world();
    const theirs = ok(await call<LessonSource>('lessonCreate', { requestId: rid(), ...customInput() }, other.manager.token));
    expect(err(await call('lesson', { lessonId: theirs.id }, w.agent.token)).code).toBe('LESSON.NOT_FOUND');
    expect(err(await call('quizSubmit', { lessonId: theirs.id, requestId: rid(), answers: [[0], [0, 1]] }, w.agent.token)).code).toBe('LESSON.NOT_FOUND');
    expect(err(await call('lessonSource', { lessonId: theirs.id }, w.manager.token)).code).toBe('LESSON.NOT_FOUND');
    expect(err(await call('lessonStats', { lessonId: theirs.id }, w.manager.token)).code).toBe('LESSON.NOT_FOUND');
  });
});

describe('quizzes', () => {
  test('When the right answers are sent, then 100 and passed; the review reveals answers and explanations only now', async () => {
    const w = await world();
    const r = ok(await submit(w.agent, 'etiquette-manner', rightAnswers('etiquette-manner')));
    expect(r).toMatchObject({ score: 100, passed: true, correct: 5, total: 5, progress: { attempts: 1, best: 100, last: 100, counted: 100, passed: true } });
    expect(r.review.every((q) => q.correct && q.explain.length > 0 && q.right.length > 0)).toBe(true);
    const page = ok(await call<LessonView>('lesson', { lessonId: lessonIdOf('etiquette-manner') }, w.agent.token));
    expect(page.lastResult?.attemptId).toBe(r.attemptId);
    expect(page.mine).toMatchObject({ passed: true, counted: 100 });
  });

  test('When a multiple-choice question is answered with only part of the right set (or one too many), then it is wrong; single choice marked by its one option', async () => {
    const w = await world();
    const key = 'etiquette-manner'; // q3 (index 2): multiple [0,1]; q1: single [1]
    const answers = rightAnswers(key);
    answers[2] = [0];
    const partial = ok(await submit(w.agent, key, answers));
    expect(partial.review[2]).toMatchObject({ correct: false, chosen: [0], right: [0, 1] });
    expect(partial).toMatchObject({ correct: 4, total: 5, score: 80, passed: true });
    answers[2] = [0, 1, 2];
    answers[0] = [0];
    tick();
    const extra = ok(await submit(w.agent, key, answers));
    expect(extra.review[2].correct).toBe(false);
    expect(extra.review[0].correct).toBe(false);
    expect(extra).toMatchObject({ correct: 3, score: 60, passed: false });
  });

  test('When answers are missing, out of range or a single choice has two, then 400 and nothing is stored', async () => {
    const w = await world();
    const key = 'etiquette-dress';
    const n = lessonOf(key).questions.length;
    expect(err(await submit(w.agent, key, rightAnswers(key).slice(0, n - 1))).code).toBe('QUIZ.INCOMPLETE');
    const blank = rightAnswers(key);
    blank[1] = [];
    expect(err(await submit(w.agent, key, blank)).code).toBe('QUIZ.INCOMPLETE');
    const two = rightAnswers(key);
    two[0] = [0, 1];
    const e = err(await submit(w.agent, key, two));
    expect(e.code).toBe('VALIDATION');
    expect(issuesOf(e)).toEqual(['answers.0']);
    const far = rightAnswers(key);
    far[2] = [5];
    expect(err(await submit(w.agent, key, far)).code).toBe('VALIDATION');
    expect(err(await call('quizSubmit', { lessonId: lessonIdOf(key), requestId: rid(), answers: 'abc' }, w.agent.token)).code).toBe('VALIDATION');
    expect(await QuizAttempt.countDocuments({ communityId: w.c._id })).toBe(0);
  });

  test('When the same submit is sent again (and twice at once), then one attempt, counted once', async () => {
    const w = await world();
    const key = 'communication-phone';
    const requestId = rid();
    const [a, b] = await Promise.all([submit(w.agent, key, oneWrong(key, 0), requestId), submit(w.agent, key, oneWrong(key, 0), requestId)]);
    expect(ok(a).attemptId).toBe(ok(b).attemptId);
    tick();
    const c = ok(await submit(w.agent, key, rightAnswers(key), requestId));
    expect(c.attemptId).toBe(ok(a).attemptId);
    expect(c.score).toBe(80);
    expect(c.progress.attempts).toBe(1);
    expect(await QuizAttempt.countDocuments({ communityId: w.c._id, userId: w.agent._id })).toBe(1);
    expect(await LessonProgress.findById(`${String(w.c._id)}:${w.agent.id}:${lessonIdOf(key)}`).lean()).toMatchObject({ attempts: 1, best: 80, last: 80 });
  });

  test('When a lesson is taken again, then best counts by default and last after the setting changes — each attempt counted once, passed by the counted score', async () => {
    const w = await world();
    const key = 'complaints-procedure'; // 6 questions, pass 80
    const first = ok(await submit(w.agent, key, rightAnswers(key)));
    expect(first.progress).toMatchObject({ attempts: 1, counted: 100, passed: true });
    tick();
    const worse = ok(await submit(w.agent, key, [[0], [0], [3], [0], [0], [0]]));
    expect(worse.passed).toBe(false);
    expect(worse.progress).toMatchObject({ attempts: 2, best: 100, last: worse.score, counted: 100, passed: true });
    ok(await call('saveSettings', { required: [...DEFAULT_REQUIRED], quizCounts: 'last' }, w.manager.token));
    const page = ok(await call<LessonView>('lesson', { lessonId: lessonIdOf(key) }, w.agent.token));
    expect(page.mine).toMatchObject({ attempts: 2, counted: worse.score, passed: false });
    const hub = ok(await call<CoursesHub>('courses', {}, w.agent.token));
    expect(hub.quizCounts).toBe('last');
    expect(hub.onboarding.done).toBe(0);
    tick();
    const again = ok(await submit(w.agent, key, rightAnswers(key)));
    expect(again.progress).toMatchObject({ attempts: 3, best: 100, last: 100, counted: 100, passed: true });
    expect(ok(await call<CoursesHub>('courses', {}, w.agent.token)).onboarding.done).toBe(1);
  });
});

describe('onboarding and the training view', () => {
  test('When an agent passes some required lessons, then their path shows done/required and %; the team view ranks the least done first, with average and last activity', async () => {
    const w = await world();
    const [l1, l2, l3] = ['etiquette-appearance', 'etiquette-dress', 'etiquette-manner'];
    ok(await submit(w.agent, l1, rightAnswers(l1)));
    tick();
    ok(await submit(w.agent, l2, oneWrong(l2, 0).map((a, i) => (i === 1 ? [0] : a))));
    tick();
    ok(await submit(w.agent, l3, rightAnswers(l3)));
    const hub = ok(await call<CoursesHub>('courses', {}, w.agent.token));
    expect(hub.onboarding).toMatchObject({ done: 2, required: 8, percent: 25 });
    expect(hub.onboarding.next?.id).toBe(lessonIdOf(l2));
    for (const k of DEFAULT_REQUIRED) {
      const key = BUILT_IN_LESSONS.find((l) => l.id === k)!.key;
      ok(await submit(w.agent2, key, rightAnswers(key)));
    }
    const teamPage = ok(await call<Paged<TeamRow>>('team', {}, w.manager.token));
    expect(teamPage.total).toBe(2);
    expect(teamPage.items.map((r) => r.name)).toEqual(['周晓雨', '王芳']);
    expect(teamPage.items[0]).toMatchObject({ onboarding: { done: 2, required: 8, percent: 25 }, passedLessons: 2, averageScore: Math.round((100 + 50 + 100) / 3), lastActivityAt: clock.toISOString() });
    expect(teamPage.items[1]).toMatchObject({ onboarding: { done: 8, percent: 100 }, passedLessons: 8, averageScore: 100 });
    const one = ok(await call<PersonTraining>('person', { userId: w.agent.id }, w.manager.token));
    expect(one.lessons.slice(0, 3).map((l) => [l.id, l.attempts, l.best, l.passed])).toEqual([
      [lessonIdOf(l1), 1, 100, true],
      [lessonIdOf(l2), 1, 50, false],
      [lessonIdOf(l3), 1, 100, true],
    ]);
    expect(one.lessons.length).toBe(8);
    const outsider = await world();
    expect(err(await call('person', { userId: outsider.agent.id }, w.manager.token)).code).toBe('STAFF.NOT_FOUND');
  });

  test('When a manager changes the path, then progress follows it; an unknown or retired lesson in the path → 400 on its index', async () => {
    const w = await world();
    const key = 'case-leak';
    ok(await submit(w.agent, key, rightAnswers(key)));
    const s = ok(await call<GrowthSettingsView>('saveSettings', { required: [lessonIdOf(key), lessonIdOf('case-wrong-address')], quizCounts: 'best' }, w.manager.token));
    expect(s).toMatchObject({ isDefault: false, quizCounts: 'best', updatedBy: '孙涛' });
    expect(s.required.map((l) => l.title)).toEqual([lessonOf(key).title, lessonOf('case-wrong-address').title]);
    expect(s.choices.length).toBe(BUILT_IN_LESSONS.length);
    expect(ok(await call<CoursesHub>('courses', {}, w.agent.token)).onboarding).toMatchObject({ done: 1, required: 2, percent: 50 });
    const bad = err(await call('saveSettings', { required: [lessonIdOf(key), '0123456789abcdef01234567'], quizCounts: 'best' }, w.manager.token));
    expect(bad.code).toBe('VALIDATION');
    expect(issuesOf(bad)).toEqual(['required.1']);
    expect(err(await call('saveSettings', { required: [lessonIdOf(key), lessonIdOf(key)], quizCounts: 'best' }, w.manager.token)).code).toBe('VALIDATION');
    expect(err(await call('saveSettings', { required: [], quizCounts: 'first' }, w.manager.token)).code).toBe('VALIDATION');
  });

  test('When several people miss questions, then the lesson stats list the most-missed first with counts, and the list shows each lesson’s top missed question', async () => {
    const w = await world();
    const key = 'communication-three-steps';
    ok(await submit(w.agent, key, oneWrong(key, 3)));
    tick();
    ok(await submit(w.agent, key, oneWrong(key, 3)));
    ok(await submit(w.agent2, key, oneWrong(key, 1)));
    const stats = ok(await call<LessonStatsView>('lessonStats', { lessonId: lessonIdOf(key) }, w.manager.token));
    expect(stats).toMatchObject({ people: 2, attempts: 3, passed: 2, averageScore: 80 });
    expect(stats.questions.slice(0, 2).map((q) => [q.no, q.wrong, q.attempts, q.wrongRate])).toEqual([
      [4, 2, 3, 67],
      [2, 1, 3, 33],
    ]);
    expect(stats.questions.slice(2).every((q) => q.wrong === 0)).toBe(true);
    const list = ok(await call<Paged<LessonStatsRow>>('lessonStatsList', { pageSize: 5 }, w.manager.token));
    expect(list.total).toBe(BUILT_IN_LESSONS.length);
    expect(list.items[0]).toMatchObject({ id: lessonIdOf(key), people: 2, topMissed: { no: 4, wrong: 2 } });
    expect(list.items[1].topMissed).toBeUndefined();
  });

  test('When an agent calls a manager action, then 403 AUTH.FORBIDDEN', async () => {
    const w = await world();
    const id = lessonIdOf('case-leak');
    const attempts: [string, unknown][] = [
      ['settings', {}],
      ['saveSettings', { required: [], quizCounts: 'best' }],
      ['team', {}],
      ['person', { userId: w.agent2.id }],
      ['lessonStatsList', {}],
      ['lessonStats', { lessonId: id }],
      ['lessonList', {}],
      ['lessonCreate', { requestId: rid(), ...customInput() }],
    ];
    for (const [action, data] of attempts) expect([action, err(await call(action, data, w.agent.token)).code]).toEqual([action, 'AUTH.FORBIDDEN']);
  });
});

describe('the community’s own lessons', () => {
  test('When a manager creates, edits, retires and restores a lesson, then staff see it under its course, take its quiz, and a retired one refuses attempts', async () => {
    const w = await world();
    const requestId = rid();
    const made = ok(await call<LessonSource>('lessonCreate', { requestId, ...customInput() }, w.manager.token));
    expect(made).toMatchObject({ status: 'active', version: 1, byName: '孙涛', passMark: 60 });
    expect(ok(await call<LessonSource>('lessonCreate', { requestId, ...customInput() }, w.manager.token)).id).toBe(made.id);
    const hub = ok(await call<CoursesHub>('courses', {}, w.agent.token));
    expect(hub.courses.find((c) => c.key === 'custom')?.lessons.map((l) => l.id)).toEqual([made.id]);
    const view = ok(await call<LessonView>('lesson', { lessonId: made.id }, w.agent.token));
    expect(JSON.stringify(view)).not.toMatch(/"answer"|"explain"/);
    const r = ok(await call<QuizResult>('quizSubmit', { lessonId: made.id, requestId: rid(), answers: [[0], [0]] }, w.agent.token));
    expect(r).toMatchObject({ score: 50, passed: false, passMark: 60 });
    const edited = ok(await call<LessonSource>('lessonUpdate', { lessonId: made.id, ...customInput({ title: '门禁卡办理（修订）', passMark: 50 }) }, w.manager.token));
    expect(edited).toMatchObject({ title: '门禁卡办理（修订）', version: 2 });
    expect(ok(await call<LessonView>('lesson', { lessonId: made.id }, w.agent.token)).mine).toMatchObject({ counted: 50, passed: true });
    const list = ok(await call<Paged<LessonSummary>>('lessonList', {}, w.manager.token));
    expect(list.items.map((l) => l.id)).toEqual([made.id]);
    ok(await call('saveSettings', { required: [made.id], quizCounts: 'best' }, w.manager.token));
    expect(err(await call('lessonRetire', { lessonId: made.id }, w.manager.token)).code).toBe('LESSON.REQUIRED');
    ok(await call('saveSettings', { required: [], quizCounts: 'best' }, w.manager.token));
    expect(ok(await call<LessonSource>('lessonRetire', { lessonId: made.id }, w.manager.token)).status).toBe('retired');
    expect(err(await call('quizSubmit', { lessonId: made.id, requestId: rid(), answers: [[0], [0, 1]] }, w.agent.token)).code).toBe('LESSON.RETIRED');
    expect(ok(await call<CoursesHub>('courses', {}, w.agent.token)).courses.find((c) => c.key === 'custom')).toBeUndefined();
    expect(ok(await call<Paged<LessonSummary>>('lessonList', { status: 'retired' }, w.manager.token)).total).toBe(1);
    expect(ok(await call<LessonSource>('lessonRetire', { lessonId: made.id, restore: true }, w.manager.token)).status).toBe('active');
  });

  test('When a quiz is written badly, then 400 VALIDATION on the question’s field: one option, no right answer, a single choice with two, an answer past the options, pass mark out of 0–100', async () => {
    const w = await world();
    const q = customInput().questions;
    const cases: [unknown, string][] = [
      [[{ ...q[0], options: ['只有一个'] }], 'questions.0.options'],
      [[{ ...q[0], options: ['1', '2', '3', '4', '5', '6', '7'] }], 'questions.0.options'],
      [[{ ...q[1], answer: [] }], 'questions.0.answer'],
      [[q[0], { ...q[0], answer: [0, 1] }], 'questions.1.answer'],
      [[{ ...q[0], answer: [3] }], 'questions.0.answer'],
    ];
    for (const [questions, path] of cases) {
      const e = err(await call('lessonCreate', { requestId: rid(), ...customInput({ questions }) }, w.manager.token));
      expect([path, e.code, issuesOf(e)]).toEqual([path, 'VALIDATION', [path]]);
    }
    expect(issuesOf(err(await call('lessonCreate', { requestId: rid(), ...customInput({ passMark: 101 }) }, w.manager.token)))).toEqual(['passMark']);
    expect(issuesOf(err(await call('lessonCreate', { requestId: rid(), ...customInput({ passMark: -1 }) }, w.manager.token)))).toEqual(['passMark']);
    expect(issuesOf(err(await call('lessonCreate', { requestId: rid(), ...customInput({ title: '' }) }, w.manager.token)))).toEqual(['title']);
    expect(ok(await call<Paged<LessonSummary>>('lessonList', {}, w.manager.token)).total).toBe(0);
  });
});
