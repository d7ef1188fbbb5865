import type { Evidence } from '@shared/domain/sentiment';
import { clauseAround, proposeEntry, type ProposalInput } from '../../cloud/modules/sentiment/proposal';
import { isoWeekOfDay, lastIsoWeeks } from '../../shared/domain/calendar';

/** The lexicon entry a staff correction proposes (cloud/modules/sentiment/proposal.ts): pure. */
const none = { level: 'none' as const, topics: [], evidence: [], escalation: [] };
const ev = (text: string, term: string, kind: Evidence['kind'], weight: number, extra: Partial<Evidence> = {}): Evidence => {
  const start = text.indexOf(term);
  return { term, start, end: start + term.length, kind, weight, ...extra };
};
const propose = (input: Partial<ProposalInput> & Pick<ProposalInput, 'kind' | 'text'>) => proposeEntry({ expected: {}, verdict: none, ...input });

describe('proposeEntry', () => {
  test('When a short message is marked 漏报 without a phrase, then the whole text becomes a medium phrase with the expected topics', () => {
    expect(propose({ kind: 'missed', text: '物业又在踢皮球', expected: { topics: ['service'] } })).toEqual({ ok: true, entry: { kind: 'phrase', text: '物业又在踢皮球', level: 'medium', topics: ['service'] } });
  });

  test('When a 漏报 highlights a phrase, then the phrase is the entry, with the expected level and the verdict’s topics when none are given', () => {
    const text = '电梯这事你们一直踢皮球，我们已经等了两个多月了，今天还是坏的，到底有没有人管一管';
    const r = propose({ kind: 'missed', text, phrase: '踢皮球', expected: { level: 'low' }, verdict: { ...none, topics: ['elevator'] } });
    expect(r).toEqual({ ok: true, entry: { kind: 'phrase', text: '踢皮球', level: 'low', topics: ['elevator'] } });
  });

  test('When a long message is marked 漏报 without a phrase, then it asks for the phrase (over 30 characters)', () => {
    const text = '电梯这事你们一直踢皮球，我们已经等了两个多月了，今天还是坏的，到底有没有人管一管';
    expect(propose({ kind: 'missed', text })).toMatchObject({ ok: false, field: 'phrase', reason: expect.stringContaining('请划出') });
  });

  test('When the phrase is not in the message, then it is refused', () => {
    expect(propose({ kind: 'missed', text: '物业又在踢皮球', phrase: '吃相难看' })).toMatchObject({ ok: false, field: 'phrase', reason: '划出的词句须是消息中的原文' });
  });

  test('When a 漏报 asks for high, then the group comes from the given one, else from escalation evidence inside the phrase, else it is asked for', () => {
    const text = '大家一起去街道办坐着';
    expect(propose({ kind: 'missed', text, expected: { level: 'high', group: 'collective' } })).toMatchObject({ ok: true, entry: { level: 'high', group: 'collective' } });
    const withEvidence = { ...none, evidence: [ev(text, '街道办', 'escalation', 0.5, { group: 'government' })] };
    expect(propose({ kind: 'missed', text, phrase: '去街道办坐着', expected: { level: 'high' }, verdict: withEvidence })).toMatchObject({ ok: true, entry: { text: '去街道办坐着', group: 'government' } });
    expect(propose({ kind: 'missed', text, phrase: '一起去', expected: { level: 'high' }, verdict: withEvidence })).toMatchObject({ ok: false, field: 'group' });
  });

  test('When a message is marked 误报, then a benign entry covers the strongest negative evidence widened to its clause', () => {
    const text = '请问投诉电话是多少，谢谢';
    const verdict = { ...none, level: 'medium' as const, evidence: [ev(text, '投诉', 'negative', 2.2), ev(text, '谢谢', 'positive', -1)] };
    expect(propose({ kind: 'false_alarm', text, verdict })).toEqual({ ok: true, entry: { kind: 'benign', text: '请问投诉电话是多少' } });
    expect(propose({ kind: 'false_alarm', text, phrase: '投诉电话', verdict })).toEqual({ ok: true, entry: { kind: 'benign', text: '投诉电话' } });
  });

  test('When a 误报 clause is longer than 30 characters, then the benign entry keeps the term and at most 30 characters around it', () => {
    const text = `${'这是一段很长的没有标点的说明文字'.repeat(3)}垃圾分类${'宣传活动下周六在中心广场举行欢迎参加'.repeat(2)}`;
    const verdict = { ...none, level: 'low' as const, evidence: [ev(text, '垃圾', 'negative', 1)] };
    const r = propose({ kind: 'false_alarm', text, verdict });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.entry.text.length).toBeLessThanOrEqual(30);
      expect(r.entry.text).toContain('垃圾');
      expect(text).toContain(r.entry.text);
    }
  });

  test('When a message is marked 话题不对, then a topic entry names the expected topics over the clause of the wrong topic keyword', () => {
    const text = '车库的灯坏了一个月，物业也不修';
    const verdict = { ...none, level: 'medium' as const, topics: ['parking' as const], evidence: [ev(text, '车库', 'topic', 0, { topic: 'parking' }), ev(text, '不修', 'negative', 2)] };
    expect(propose({ kind: 'wrong_topic', text, expected: { topics: ['facilities'] }, verdict })).toEqual({ ok: true, entry: { kind: 'topic', text: '车库的灯坏了一个月', topics: ['facilities'] } });
    expect(propose({ kind: 'wrong_topic', text, verdict })).toMatchObject({ ok: false, field: 'topics' });
  });

  test('When a message is marked 级别不对, then a phrase at the expected level (lower or higher), or benign for none', () => {
    const text = '再不修就报警了';
    const verdict = { ...none, level: 'high' as const, evidence: [ev(text, '报警', 'escalation', 3, { group: 'police' })] };
    expect(propose({ kind: 'wrong_level', text, expected: { level: 'medium' }, verdict })).toEqual({ ok: true, entry: { kind: 'phrase', text: '再不修就报警了', level: 'medium', topics: [] } });
    expect(propose({ kind: 'wrong_level', text, expected: { level: 'high' }, verdict })).toMatchObject({ ok: true, entry: { level: 'high', group: 'police' } });
    expect(propose({ kind: 'wrong_level', text, expected: { level: 'none' }, verdict })).toEqual({ ok: true, entry: { kind: 'benign', text: '再不修就报警了' } });
    expect(propose({ kind: 'wrong_level', text, verdict })).toMatchObject({ ok: false, field: 'level' });
  });

  test('When the proposal would be malformed (one character), then the reason of entryProblem is given', () => {
    expect(propose({ kind: 'missed', text: '差', phrase: '差' })).toMatchObject({ ok: false, reason: '内容至少2个字' });
  });
});

describe('clauseAround and ISO weeks', () => {
  test('When a term sits in a clause, then the clause is returned without the punctuation around it', () => {
    const text = '你好。楼上装修太吵了！谢谢';
    expect(clauseAround(text, { start: text.indexOf('太吵'), end: text.indexOf('太吵') + 2 })).toBe('楼上装修太吵了');
  });

  test('When days are around a year boundary, then their ISO weeks follow ISO 8601', () => {
    expect(isoWeekOfDay('2026-01-01')).toBe('2026-W01'); // a Thursday
    expect(isoWeekOfDay('2027-01-01')).toBe('2026-W53'); // a Friday: the last week of 2026
    expect(isoWeekOfDay('2024-12-30')).toBe('2025-W01'); // a Monday
    expect(lastIsoWeeks(new Date('2026-03-04T12:00:00+08:00'), 3)).toEqual(['2026-W08', '2026-W09', '2026-W10']);
  });
});
