import { DEFAULT_REQUIRED_STEPS, idMatches, missingSteps, MOVEIN_MACHINE, MOVEIN_STEPS, normalizeIdNumber, stepNames, stepsFor } from '@shared/domain/movein';

/** The 入伙手续书's pure rules (shared/domain/movein.ts "checklist"). */

describe('the steps of a new case', () => {
  test('When a case is made, then every step is on its list in the order of the day, required as the community says', () => {
    expect(stepsFor(['identity', 'cards']).map((s) => [s.key, s.required, s.done])).toEqual([
      ['identity', true, false],
      ['documents', false, false],
      ['fees', false, false],
      ['agreements', false, false],
      ['inspection', false, false],
      ['keys', false, false],
      ['cards', true, false],
    ]);
  });

  test('When the community never chose, then everything but the cards is required', () => {
    expect(stepsFor(DEFAULT_REQUIRED_STEPS).filter((s) => !s.required).map((s) => s.key)).toEqual(['cards']);
  });
});

describe('completion', () => {
  test('When required steps are open, then they are missing in checklist order; optional ones never are', () => {
    const steps = stepsFor(DEFAULT_REQUIRED_STEPS).map((s) => ({ ...s, done: s.key === 'identity' || s.key === 'fees' }));
    expect(missingSteps(steps)).toEqual(['documents', 'agreements', 'inspection', 'keys']);
    expect(missingSteps(steps.map((s) => ({ ...s, done: s.key !== 'cards' })))).toEqual([]);
    expect(stepNames(['fees', 'inspection'])).toBe('缴纳费用、验房');
  });

  test('When the steps are in another order or unknown, then only known required ones count, in checklist order', () => {
    const steps = [
      { key: 'keys', required: true, done: false },
      { key: 'identity', required: true, done: false },
      { key: 'other', required: true, done: false },
    ];
    expect(missingSteps(steps)).toEqual(['identity', 'keys']);
  });

  test('When a case is waiting, done or cancelled, then it cannot be completed; in progress it can', () => {
    expect(MOVEIN_MACHINE.check('in_progress', 'complete')).toEqual({ ok: true, to: 'done' });
    for (const from of ['waiting', 'done', 'cancelled'] as const) expect(MOVEIN_MACHINE.check(from, 'complete').ok).toBe(false);
    expect(MOVEIN_STEPS).toHaveLength(7);
  });
});

describe('the identity check', () => {
  test('When the ID shown differs only in spaces or the letter case of its check letter, then it matches', () => {
    expect(normalizeIdNumber(' 11010119900307651x ')).toBe('11010119900307651X');
    expect(idMatches('11010119900307651X', '11010119900307651x')).toBe(true);
    expect(idMatches('11010119900307651X', '110101199003070003')).toBe(false);
  });

  test('When the buyer has no ID number on record, then there is nothing to compare and the agent’s check stands', () => {
    expect(idMatches('', '110101199003070003')).toBe(true);
  });
});
