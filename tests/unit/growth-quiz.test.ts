import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { COURSES, countedScore, isRight, percentOf, quizProblems, scoreQuiz } from '@shared/domain/growth';
import { BUILT_IN_LESSONS, DEFAULT_REQUIRED } from '../../cloud/modules/growth/lessons';

/** Quiz marking and the built-in lessons (growth.md "Quizzes"): pure rules, no database. */
describe('marking', () => {
  test('A single choice is right with its one option; a multiple choice only with exactly the right set', () => {
    expect(isRight([1], [1])).toBe(true);
    expect(isRight([1], [2])).toBe(false);
    expect(isRight([0, 2], [2, 0])).toBe(true);
    expect(isRight([0, 2], [0])).toBe(false);
    expect(isRight([0, 2], [0, 1, 2])).toBe(false);
    expect(isRight([0], [])).toBe(false);
  });

  test('A quiz scores the share of right questions of 100, rounded, and lists the ones missed', () => {
    const qs = [{ answer: [0] }, { answer: [1, 2] }, { answer: [3] }];
    expect(scoreQuiz(qs, [[0], [1, 2], [3]])).toEqual({ score: 100, correct: 3, total: 3, wrong: [] });
    expect(scoreQuiz(qs, [[0], [1], [3]])).toEqual({ score: 67, correct: 2, total: 3, wrong: [1] });
    expect(scoreQuiz(qs, [[1], [1, 2, 3]])).toEqual({ score: 0, correct: 0, total: 3, wrong: [0, 1, 2] });
  });

  test('Best or last counts; nothing before an attempt; percentages of nothing are 0', () => {
    expect(countedScore({ attempts: 2, best: 90, last: 60 }, 'best')).toBe(90);
    expect(countedScore({ attempts: 2, best: 90, last: 60 }, 'last')).toBe(60);
    expect(countedScore({ attempts: 0, best: 0, last: 0 }, 'best')).toBeNull();
    expect(percentOf(3, 8)).toBe(38);
    expect(percentOf(0, 0)).toBe(0);
  });

  test('A quiz as written: 2–6 options, at least one right answer, a single choice exactly one, answers among the options, none twice', () => {
    const q = { kind: 'single' as const, text: 't', options: ['a', 'b'], answer: [0], explain: 'e' };
    expect(quizProblems([q])).toEqual([]);
    expect(quizProblems([{ ...q, options: ['a'] }]).map((p) => p.path)).toContainEqual([0, 'options']);
    expect(quizProblems([{ ...q, answer: [] }])).toEqual([{ path: [0, 'answer'], message: '请标出正确答案' }]);
    expect(quizProblems([{ ...q, answer: [0, 1] }])[0].message).toBe('单选题只能有一个正确答案');
    expect(quizProblems([{ ...q, kind: 'multiple', answer: [0, 2] }])[0].message).toBe('正确答案不在选项中');
    expect(quizProblems([{ ...q, kind: 'multiple', answer: [1, 1] }])[0].message).toBe('正确答案重复');
  });
});

describe('the built-in lessons', () => {
  test('At least 16, ids unique (24 hex digits), every course but custom covered, each with sections, 4–6 valid questions with explanations and a pass mark', () => {
    expect(BUILT_IN_LESSONS.length).toBeGreaterThanOrEqual(16);
    expect(new Set(BUILT_IN_LESSONS.map((l) => l.id)).size).toBe(BUILT_IN_LESSONS.length);
    expect(new Set(BUILT_IN_LESSONS.map((l) => l.course))).toEqual(new Set(COURSES.filter((c) => c !== 'custom')));
    for (const l of BUILT_IN_LESSONS) {
      expect([l.key, l.id]).toEqual([l.key, expect.stringMatching(/^[a-f0-9]{24}$/)]);
      expect([l.key, l.sections.length > 0, l.sections.every((s) => s.paragraphs.length > 0 && s.points.length > 0)]).toEqual([l.key, true, true]);
      expect([l.key, l.questions.length >= 4 && l.questions.length <= 6]).toEqual([l.key, true]);
      expect([l.key, quizProblems(l.questions)]).toEqual([l.key, []]);
      expect([l.key, l.questions.every((q) => q.explain.length > 0)]).toEqual([l.key, true]);
      expect(l.passMark).toBeGreaterThan(0);
    }
    expect(DEFAULT_REQUIRED).toHaveLength(8);
  });

  test('No client file imports the lessons (their answers stay on the server)', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(f)) files.push(p);
      }
    };
    walk(join(__dirname, '../../client/src'));
    walk(join(__dirname, '../../shared'));
    const leaks = files.filter((f) => /(from|import)\s*\(?['"][^'"]*(modules\/growth|\/lessons)['"/]/.test(readFileSync(f, 'utf8')));
    expect(leaks).toEqual([]);
  });
});
