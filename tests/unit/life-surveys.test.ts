import { ACTIVITY_NEEDS_TEMPLATE, PARKING_OPINIONS_TEMPLATE, replyProblem, SATISFACTION_TEMPLATE, SURVEY_MACHINE, SURVEY_OPTIONS_MAX, SURVEY_TEMPLATES, SURVEY_TEXT_MAX, surveyOpenOn, type SurveyQuestion } from '@shared/domain/life';

/** The pure survey rules (life.md "Surveys"): a reply against its question, the open days, the machine, the templates. */

const q = (kind: SurveyQuestion['kind'], required = true, options: string[] = kind === 'single' || kind === 'multiple' ? ['甲', '乙', '丙'] : []): SurveyQuestion => ({ key: 'k', kind, title: '题目', options, required });

describe('replyProblem', () => {
  test('When a required question has no reply (or an empty one), then it is asked for; an optional one may stay empty', () => {
    for (const kind of ['single', 'multiple', 'rating', 'text'] as const) {
      expect(replyProblem(q(kind), undefined)).toBe('请回答“题目”');
      expect(replyProblem(q(kind, false), undefined)).toBeNull();
    }
    expect(replyProblem(q('multiple'), { choices: [] })).toBe('请回答“题目”');
    expect(replyProblem(q('text'), { text: '   ' })).toBe('请回答“题目”');
  });

  test('When choices are out of range, repeated, or several on a single choice, then each is refused', () => {
    expect(replyProblem(q('single'), { choices: [1] })).toBeNull();
    expect(replyProblem(q('single'), { choices: [0, 1] })).toContain('只能选一项');
    expect(replyProblem(q('single'), { choices: [3] })).toContain('选项不存在');
    expect(replyProblem(q('multiple'), { choices: [-1] })).toContain('选项不存在');
    expect(replyProblem(q('multiple'), { choices: [0.5] })).toContain('选项不存在');
    expect(replyProblem(q('multiple'), { choices: [2, 2] })).toContain('重复');
    expect(replyProblem(q('multiple'), { choices: [0, 2] })).toBeNull();
    expect(replyProblem(q('multiple'), { choices: [0], text: 'x' })).toContain('选择题');
  });

  test('When a rating is not an integer 1–5, or a text is too long, or a reply of the wrong kind is sent, then it is refused', () => {
    for (const rating of [1, 5]) expect(replyProblem(q('rating'), { rating })).toBeNull();
    for (const rating of [0, 6, 2.5, Number.NaN]) expect(replyProblem(q('rating'), { rating })).toContain('1–5');
    expect(replyProblem(q('rating'), { rating: 3, choices: [0] })).toContain('评分题');
    expect(replyProblem(q('text'), { text: '长'.repeat(SURVEY_TEXT_MAX) })).toBeNull();
    expect(replyProblem(q('text'), { text: '长'.repeat(SURVEY_TEXT_MAX + 1) })).toContain(`${SURVEY_TEXT_MAX}字`);
    expect(replyProblem(q('text'), { text: '好', rating: 3 })).toContain('填空题');
  });
});

describe('open days and the machine', () => {
  test('When the day is within opensOn..closesOn (both included) of a published survey, then it is open; else not', () => {
    const s = { status: 'published' as const, opensOn: '2026-12-01', closesOn: '2026-12-14' };
    expect(['2026-11-30', '2026-12-01', '2026-12-14', '2026-12-15'].map((d) => surveyOpenOn(s, d))).toEqual([false, true, true, false]);
    expect(surveyOpenOn({ ...s, status: 'closed' }, '2026-12-05')).toBe(false);
    expect(surveyOpenOn({ ...s, status: 'draft' }, '2026-12-05')).toBe(false);
  });

  test('When a survey moves, then it is draft → published → closed and nothing else (409 SURVEY.INVALID_TRANSITION)', () => {
    expect(SURVEY_MACHINE.allowed('draft')).toEqual(['publish']);
    expect(SURVEY_MACHINE.allowed('published')).toEqual(['close']);
    expect(SURVEY_MACHINE.allowed('closed')).toEqual([]);
    expect(SURVEY_MACHINE.check('closed', 'publish')).toMatchObject({ ok: false });
    expect(SURVEY_MACHINE.check('closed', 'publish')).toMatchObject({ refusal: { code: 'SURVEY.INVALID_TRANSITION' } });
  });
});

describe('templates', () => {
  test('When the templates are read, then the satisfaction survey comes first and every question is well-formed with a unique key', () => {
    expect(SURVEY_TEMPLATES.map((t) => t.key)).toEqual(['satisfaction', 'activity-needs', 'parking-opinions']);
    expect([SATISFACTION_TEMPLATE, ACTIVITY_NEEDS_TEMPLATE, PARKING_OPINIONS_TEMPLATE]).toEqual([...SURVEY_TEMPLATES]);
    for (const t of SURVEY_TEMPLATES) {
      expect(t.title.length).toBeLessThanOrEqual(30);
      expect(new Set(t.questions.map((x) => x.key)).size).toBe(t.questions.length);
      for (const x of t.questions) {
        const choice = x.kind === 'single' || x.kind === 'multiple';
        expect([x.key, choice ? x.options.length >= 2 && x.options.length <= SURVEY_OPTIONS_MAX : x.options.length === 0]).toEqual([x.key, true]);
        expect(x.key).toMatch(/^[a-z][\w-]{0,30}$/);
        if (x.area) expect([t.key, x.kind]).toEqual(['satisfaction', 'rating']);
      }
    }
  });
});
