import { patrolResultProblems, RECTIFY_DAYS_MAX, SUSPEND_AFTER_VIOLATIONS, suspensionProposal } from '@shared/domain/renovation';

/** The patrol result's rules (renovation.md "Patrols and violations"): what the form and the server refuse, and when suspension is advised. */
const ITEMS = ['pass_worn', 'rubbish', 'forbidden:load_bearing'];
const TODAY = '2026-12-07';
const allOk = ITEMS.map((key) => ({ key, ok: true }));
const paths = (input: Parameters<typeof patrolResultProblems>[0]) => patrolResultProblems(input, TODAY, ITEMS).map((i) => i.path);

test('When every item is in order, then nothing is wrong and no severity or deadline is needed', () => {
  expect(patrolResultProblems({ checks: allOk }, TODAY, ITEMS)).toEqual([]);
});

test('When an item is missing, repeated or not on the checklist, then the checks are named', () => {
  expect(paths({ checks: allOk.slice(1) })).toEqual(['checks']);
  expect(paths({ checks: [...allOk, { key: 'rubbish', ok: true }] })).toEqual(['checks']);
  expect(paths({ checks: [...allOk, { key: 'made_up', ok: true }] })).toEqual(['checks']);
});

test('When an item is not in order, then it needs a note, and the result a severity and a deadline after today within the limit', () => {
  const bad = allOk.map((c) => (c.key === 'rubbish' ? { key: 'rubbish', ok: false, note: '楼道堆放垃圾' } : c));
  expect(paths({ checks: bad, severity: 'minor', deadline: '2026-12-10' })).toEqual([]);
  expect(paths({ checks: bad.map((c) => ({ ...c, note: c.ok ? undefined : ' ' })), severity: 'minor', deadline: '2026-12-10' })).toEqual(['checks']);
  expect(paths({ checks: bad, deadline: '2026-12-10' })).toEqual(['severity']);
  expect(paths({ checks: bad, severity: 'serious' })).toEqual(['deadline']);
  expect(paths({ checks: bad, severity: 'minor', deadline: TODAY })).toEqual(['deadline']);
  expect(paths({ checks: bad, severity: 'minor', deadline: '2026-12-22' })).toEqual([]);
  expect(RECTIFY_DAYS_MAX).toBe(15);
  expect(paths({ checks: bad, severity: 'minor', deadline: '2026-12-23' })).toEqual(['deadline']);
});

test('When a violation is serious or the third, then suspension is proposed; a first or second minor one is not', () => {
  expect(suspensionProposal('minor', 1)).toBeNull();
  expect(suspensionProposal('minor', SUSPEND_AFTER_VIOLATIONS - 1)).toBeNull();
  expect(suspensionProposal('minor', SUSPEND_AFTER_VIOLATIONS)).toContain('累计3次');
  expect(suspensionProposal('serious', 1)).toContain('严重违规');
});
