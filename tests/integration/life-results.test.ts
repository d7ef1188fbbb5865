import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import type { SatisfactionTrendView, SurveyExportFile, SurveyResultsView } from '@shared/contracts/life-results.contract';
import type { SurveyInput, SurveyReply, SurveyView } from '@shared/contracts/life-survey-view';
import type { Envelope } from '@shared/errors';
import { SATISFACTION_TEMPLATE, SERVICE_AREAS } from '@shared/domain/life';
import type { Caller } from '../../cloud/lib/caller';
import { setClock } from '../../cloud/lib/clock';
import { closeSurvey, createSurvey, publishSurvey, recordAnswer, surveyScore } from '../../cloud/modules/life';
import { makeBuilding, makeCommunity, makeOwner, makeUnit } from '../helpers/factories';
import { DAYTIME, err, ok, rid, staff, type Person } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Results and the yearly satisfaction survey (life.md "Results and the yearly satisfaction survey"):
 * live figures per question and by building, the anonymous minimum group of 3 (whole result,
 * buildings folded into 其他楼栋 or left out, free texts), the XLSX export, the satisfaction trend and
 * the feedback score. Surveys are made, published and answered through the surveys part's own
 * functions (createSurvey, publishSurvey, recordAnswer) with the owners as callers.
 */
let stack: Stack;
let communityId: Types.ObjectId;
let manager: Person;
let agent: Person;
let managerCaller: Caller;
let buildings: { _id: Types.ObjectId; name: string }[];
/** Owners per building (index 0: 1栋 … 2: 3栋), each with their own unit. */
const owners: Caller[][] = [[], [], []];
let ownerToken: string;
/** Another community, with a survey and a building of its own. */
let other: { surveyId: string; buildingId: string };

const call = <T>(action: string, data: unknown, token = manager.token) => stack.invoke('life', action as never, data as never, token) as unknown as Promise<Envelope<T>>;
const results = (surveyId: string, buildingId?: string, token?: string) => call<SurveyResultsView>('surveyResults', { surveyId, ...(buildingId ? { buildingId } : {}) }, token);
const today = '2026-11-27';

async function ownerCaller(cId: Types.ObjectId, buildingId: Types.ObjectId, name: string): Promise<Caller> {
  const unit = await makeUnit(cId, buildingId);
  const user = await makeOwner(cId, [unit._id], name);
  return { userId: String(user._id), name, roles: ['owner'], communityId: String(cId), communityIds: [String(cId)], unitIds: [String(unit._id)] };
}

const CHOICES = ['早上', '中午', '晚上'];
const FEATURES = ['健身', '读书', '亲子'];
function generalInput(over: Partial<SurveyInput> = {}): SurveyInput {
  return {
    title: '社区活动需求调研',
    intro: '',
    questions: [
      { key: 'time', kind: 'single', title: '什么时间方便', options: CHOICES, required: true },
      { key: 'kinds', kind: 'multiple', title: '喜欢哪些活动', options: FEATURES, required: false },
      { key: 'score', kind: 'rating', title: '兴趣程度', options: [], required: true },
      { key: 'ideas', kind: 'text', title: '建议', options: [], required: false },
    ],
    audience: { kind: 'community', buildingIds: [] },
    per: 'owner',
    repeat: 'replace',
    anonymous: false,
    opensOn: today,
    closesOn: '2026-12-27',
    ...over,
  };
}

async function published(input: SurveyInput, extra: { kind?: 'general' | 'satisfaction' | 'feedback' } = {}): Promise<SurveyView> {
  const s = await createSurvey(managerCaller, { ...input, requestId: rid(), ...extra });
  return publishSurvey(managerCaller, s.id, rid());
}

const token = () => randomBytes(16).toString('hex');
const answer = (s: SurveyView, who: Caller, replies: SurveyReply[], tok = s.anonymous ? token() : undefined) => recordAnswer(who, { surveyId: s.id, replies, ...(tok ? { token: tok } : {}) });
const reply = (time: number, kinds: number[], score: number, ideas?: string): SurveyReply[] => [
  { key: 'time', choices: [time] },
  ...(kinds.length ? [{ key: 'kinds', choices: kinds }] : []),
  { key: 'score', rating: score },
  ...(ideas ? [{ key: 'ideas', text: ideas }] : []),
];

beforeAll(async () => {
  stack = await startStack();
  setClock(() => DAYTIME);
  const c = await makeCommunity();
  communityId = c._id;
  buildings = [];
  for (const n of ['1栋', '2栋', '3栋']) buildings.push(await makeBuilding(communityId, n));
  manager = await staff(stack, communityId, { roles: ['manager'], name: '孙涛' });
  agent = await staff(stack, communityId, { roles: ['agent'], name: '王芳' });
  managerCaller = { userId: manager.id, name: manager.name, roles: ['manager'], communityId: String(communityId), communityIds: [String(communityId)], unitIds: [] };
  const counts = [5, 3, 3];
  for (const [i, n] of counts.entries()) for (let k = 0; k < n; k++) owners[i]!.push(await ownerCaller(communityId, buildings[i]!._id, `业主${i + 1}-${k + 1}`));
  const { loginAs } = await import('../helpers/factories');
  ownerToken = await loginAs(stack, owners[0]![0]!.userId);

  // Another community: its own survey (answered) and building.
  const c2 = await makeCommunity();
  const b2 = await makeBuilding(c2._id, '9栋');
  await makeUnit(c2._id, b2._id);
  const m2 = await staff(stack, c2._id, { roles: ['manager'] });
  const m2Caller: Caller = { userId: m2.id, name: m2.name, roles: ['manager'], communityId: String(c2._id), communityIds: [String(c2._id)], unitIds: [] };
  const s2 = await createSurvey(m2Caller, { ...generalInput(), requestId: rid() });
  await publishSurvey(m2Caller, s2.id, rid());
  other = { surveyId: s2.id, buildingId: String(b2._id) };
}, 120_000);

afterAll(async () => {
  setClock();
  await stack.stop();
});

describe('named survey results', () => {
  let s: SurveyView;
  beforeAll(async () => {
    s = await published(generalInput());
    const [a, b, c] = owners;
    await answer(s, a![0]!, reply(0, [0, 1], 5, '希望增加健身器材，晚上开放活动室'));
    await answer(s, a![1]!, reply(0, [0], 4, '健身器材太少了'));
    await answer(s, a![2]!, reply(1, [], 3));
    await answer(s, b![0]!, reply(2, [0, 1, 2], 2, '亲子活动多一些，健身器材坏了没人修'));
    await answer(s, c![0]!, reply(2, [2], 1));
  });

  it('When a manager opens the results, then each question shows counts and percentages, the 1–5 distribution and average, and the word list', async () => {
    const v = ok(await results(s.id));
    expect(v.hidden).toBe(false);
    expect(v.answers).toBe(5);
    const [time, kinds, score, ideas] = v.questions;
    expect(time!.options).toEqual([
      { label: '早上', count: 2, percent: 40 },
      { label: '中午', count: 1, percent: 20 },
      { label: '晚上', count: 2, percent: 40 },
    ]);
    // Multiple choice: the share of the question's answers (4 answered it), adding up to more than 100 %.
    expect(kinds!.answered).toBe(4);
    expect(kinds!.options!.map((o) => [o.count, o.percent])).toEqual([
      [3, 75],
      [2, 50],
      [2, 50],
    ]);
    expect(score!.rating).toEqual({ distribution: [1, 1, 1, 1, 1], average: 3 });
    expect(ideas!.answered).toBe(3);
    expect(ideas!.text!.hidden).toBe(false);
    expect(ideas!.text!.words[0]).toEqual({ word: '健身器材', count: 3 });
    expect(ideas!.text!.latest).toHaveLength(3);
  });

  it('When the results are shown by building, then each building has its answers, rating averages and choice counts, and a filter narrows every figure to one building', async () => {
    const v = ok(await results(s.id));
    const rows = new Map(v.byBuilding.map((r) => [r.buildingId, r]));
    const b1 = rows.get(String(buildings[0]!._id))!;
    expect(b1.answers).toBe(3);
    expect(b1.ratings.score).toBe(4);
    expect(b1.choices.time).toEqual([2, 1, 0]);
    expect(rows.get(String(buildings[1]!._id))!.answers).toBe(1); // named: small buildings are shown
    const f = ok(await results(s.id, String(buildings[0]!._id)));
    expect(f.building?.name).toBe(buildings[0]!.name);
    expect(f.answers).toBe(3);
    expect(f.totalAnswers).toBe(5);
    expect(f.questions[2]!.rating!.distribution).toEqual([0, 0, 1, 1, 1]);
    expect(f.questions[3]!.text!.latest).toHaveLength(2);
  });

  it('When an owner answers again (replace mode) and another owner answers, then the live results count each answer once and show the new reply', async () => {
    const before = ok(await results(s.id));
    await answer(s, owners[0]![2]!, reply(1, [], 5));
    await answer(s, owners[1]![1]!, reply(1, [], 5));
    const after = ok(await results(s.id));
    expect(after.answers).toBe(before.answers + 1);
    expect(after.questions[2]!.rating!.distribution).toEqual([1, 1, 0, 1, 3]);
  });

  it('When the results are exported, then the workbook has the summary, one named row per answer and the by-building sheet', async () => {
    const file = ok(await call<SurveyExportFile>('surveyExport', { surveyId: s.id }));
    expect(file.fileName).toMatch(/社区活动需求调研-结果-\d{8}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.contentBase64, 'base64') as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '答卷', '分楼栋']);
    const answers = wb.getWorksheet('答卷')!;
    expect(answers.getRow(1).values).toEqual(expect.arrayContaining(['姓名', '房屋', '楼栋', '提交日期', '1. 什么时间方便']));
    expect(answers.rowCount - 1).toBe(6);
    const names = answers.getColumn(1).values.slice(2);
    expect(names).toEqual(expect.arrayContaining(['业主1-1', '业主2-1', '业主3-1']));
    const summary = wb.getWorksheet('汇总')!;
    const flat = summary.getSheetValues().flat().map(String);
    expect(flat).toEqual(expect.arrayContaining(['早上', '平均分', '健身器材']));
  });

  it('When an agent reads the results, then they may, but only a manager may export', async () => {
    ok(await results(s.id, undefined, agent.token));
    expect(err(await call('surveyExport', { surveyId: s.id }, agent.token)).code).toBe('AUTH.FORBIDDEN');
    expect(err(await results(s.id, undefined, ownerToken)).code).toBe('AUTH.FORBIDDEN');
    expect(err(await call('satisfactionTrend', {}, agent.token)).code).toBe('AUTH.FORBIDDEN');
  });
});

describe('anonymous survey results: never a group under 3', () => {
  let s: SurveyView;
  beforeAll(async () => {
    s = await published(generalInput({ title: '不记名调研', anonymous: true, per: 'unit' }));
  });

  it('When an anonymous survey has fewer than 3 answers, then the whole result is hidden (no figures, no buildings), and it shows from the third answer on', async () => {
    await answer(s, owners[0]![0]!, reply(0, [0], 5, '健身器材不够用'));
    await answer(s, owners[0]![1]!, reply(0, [1], 4, '希望多办亲子活动'));
    const v = ok(await results(s.id));
    expect(v.hidden).toBe(true);
    expect(v.questions).toEqual([]);
    expect(v.byBuilding).toEqual([]);
    expect(v.answers).toBe(0);
    expect(v.notes.join()).toContain('不足3份');
    expect(await surveyScore(s.id)).toEqual({ answers: 2, average: null });
    await answer(s, owners[0]![2]!, reply(1, [], 3));
    const w = ok(await results(s.id));
    expect(w.hidden).toBe(false);
    expect(w.answers).toBe(3);
    expect(await surveyScore(s.id)).toEqual({ answers: 3, average: 4 });
  });

  it('When an anonymous text question has fewer than 3 texts, then neither words nor texts are shown; from 3 texts on both are', async () => {
    const v = ok(await results(s.id));
    expect(v.questions[3]!.text).toEqual({ words: [], latest: [], hidden: true });
    await answer(s, owners[0]![3]!, reply(2, [], 2, '健身器材坏了'));
    const w = ok(await results(s.id));
    expect(w.questions[3]!.text!.hidden).toBe(false);
    expect(w.questions[3]!.text!.latest).toHaveLength(3);
    expect(w.questions[3]!.text!.words[0]).toEqual({ word: '健身器材', count: 2 });
  });

  it('When buildings have fewer than 3 answers, then they are shown only inside 其他楼栋: a fold under 3 takes the smallest shown building with it (never readable as the total minus the others)', async () => {
    const [, b2, b3] = [String(buildings[0]!._id), String(buildings[1]!._id), String(buildings[2]!._id)];
    await answer(s, owners[1]![0]!, reply(0, [], 4));
    const v = ok(await results(s.id));
    // 1栋 4, 2栋 1: 2栋 alone would be the total minus 1栋, so 1栋 joins the fold.
    expect(v.byBuilding.map((r) => [r.buildingId, r.answers])).toEqual([['other', 5]]);
    expect(v.notes.join()).toContain('合并');
    expect(v.buildings).toEqual([]);
    // Filtering to a building under 3: nothing shown for it.
    const f = ok(await results(s.id, b2));
    expect(f.hidden).toBe(true);
    expect(f.questions).toEqual([]);
    await answer(s, owners[2]![0]!, reply(0, [], 2));
    await answer(s, owners[2]![1]!, reply(0, [], 1));
    const w = ok(await results(s.id));
    // 2栋 has 1 answer, 3栋 2: folded together (3) into 其他楼栋, never by name.
    expect(w.byBuilding.map((r) => [r.name, r.answers])).toEqual([
      [buildings[0]!.name, 4],
      ['其他楼栋', 3],
    ]);
    expect(w.byBuilding.some((r) => r.buildingId === b2 || r.buildingId === b3)).toBe(false);
    expect(w.byBuilding[1]!.ratings.score).toBe(2.33);
    expect(ok(await results(s.id, b3)).hidden).toBe(true);
  });

  it('When an anonymous survey is exported, then the answers carry only the building (small ones as 其他楼栋), no name or unit, in a shuffled order', async () => {
    const file = ok(await call<SurveyExportFile>('surveyExport', { surveyId: s.id }));
    const load = async (f: SurveyExportFile) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(f.contentBase64, 'base64') as never);
      return wb;
    };
    const wb = await load(file);
    const sheet = wb.getWorksheet('答卷')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header[0]).toBe('楼栋');
    expect(header).not.toContain('姓名');
    expect(header).not.toContain('房屋');
    const col = sheet.getColumn(1).values.slice(2) as string[];
    expect(col.sort()).toEqual([...Array(4).fill(buildings[0]!.name), ...Array(3).fill('其他楼栋')].sort());
    const raw = JSON.stringify(wb.worksheets.map((w) => w.getSheetValues()));
    for (const o of owners.flat()) expect(raw).not.toContain(o.name);
    // Shuffled: five exports of 7 rows do not all come out in one order (chance 1 in 7!^4).
    const orders = new Set<string>();
    for (let i = 0; i < 5; i++) orders.add(JSON.stringify((await load(ok(await call<SurveyExportFile>('surveyExport', { surveyId: s.id })))).getWorksheet('答卷')!.getSheetValues()));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('When an anonymous survey under 3 answers is exported, then the workbook holds only the note', async () => {
    const t = await published(generalInput({ title: '小调研', anonymous: true }));
    await answer(t, owners[0]![0]!, reply(0, [], 5));
    const file = ok(await call<SurveyExportFile>('surveyExport', { surveyId: t.id }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.contentBase64, 'base64') as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总']);
    expect(file.rows).toBe(0);
  });
});

describe('the yearly satisfaction trend', () => {
  it('When satisfaction surveys of two years have answers, then the trend gives each area’s average per year, the overall score and the change', async () => {
    const empty = ok(await call<SatisfactionTrendView>('satisfactionTrend', {}));
    expect(empty.years).toEqual([]);
    const base = { title: SATISFACTION_TEMPLATE.title, intro: '', questions: SATISFACTION_TEMPLATE.questions, audience: { kind: 'community' as const, buildingIds: [] }, per: 'unit' as const, repeat: 'refuse' as const, anonymous: true, opensOn: today, closesOn: '2026-12-27', templateKey: 'satisfaction' };
    const rate = (area: number, overall: number): SurveyReply[] => [...SERVICE_AREAS.map((a) => ({ key: `area-${a}`, rating: area })), { key: 'overall', rating: overall }];
    const y1 = await published({ ...base, year: 2025 }, { kind: 'satisfaction' });
    for (const o of owners[0]!.slice(0, 3)) await answer(y1, o, rate(3, 3));
    await closeSurvey(managerCaller, { surveyId: y1.id });
    const y2 = await published({ ...base, year: 2026 }, { kind: 'satisfaction' });
    for (const o of owners[0]!.slice(0, 3)) await answer(y2, o, rate(4, 5));
    await answer(y2, owners[1]![0]!, [...SERVICE_AREAS.map((a) => ({ key: `area-${a}`, rating: a === 'repair' ? 1 : 4 })), { key: 'overall', rating: 5 }]);
    const v = ok(await call<SatisfactionTrendView>('satisfactionTrend', {}));
    expect(v.years.map((y) => [y.year, y.status, y.answers])).toEqual([
      [2025, 'closed', 3],
      [2026, 'published', 4],
    ]);
    const [a, b] = v.years;
    expect(a!.areas.service).toBe(3);
    expect(a!.change.service).toBeNull();
    expect(b!.areas.service).toBe(4);
    expect(b!.areas.repair).toBe(3.25);
    expect(b!.overall).toBe(5);
    expect(b!.change.overall).toBe(2);
    expect(b!.change.repair).toBe(0.25);
  });
});

describe('tenancy and bad input', () => {
  it("When another community's survey or building is asked for, then 404", async () => {
    const s = await published(generalInput({ title: '租户隔离' }));
    expect(err(await results(other.surveyId)).code).toBe('SURVEY.NOT_FOUND');
    expect(err(await call('surveyExport', { surveyId: other.surveyId })).code).toBe('SURVEY.NOT_FOUND');
    expect(err(await results(s.id, other.buildingId)).code).toMatch(/NOT_FOUND$/);
    expect(err(await results(String(new Types.ObjectId()))).code).toBe('SURVEY.NOT_FOUND');
  });

  it('When the input carries NUL characters, __proto__ keys, unknown fields or huge values, then 400, never 500', async () => {
    const s = await published(generalInput({ title: '坏输入' }));
    const bad: unknown[] = [
      { surveyId: `${s.id}\u0000` },
      JSON.parse(`{"surveyId":"${s.id}","__proto__":{"x":1}}`),
      { surveyId: s.id, extra: 1 },
      { surveyId: s.id, buildingId: 'x'.repeat(100_000) },
      { surveyId: [s.id] },
      {},
    ];
    for (const data of bad) {
      const res = await call('surveyResults', data);
      expect(res.ok).toBe(false);
      expect(err(res).code).not.toBe('INTERNAL');
      expect([400, 413]).toContain((await stack.http('life', { action: 'surveyResults', data }, { token: manager.token })).status);
    }
    expect(err(await call('satisfactionTrend', { year: 2026 })).code).toBe('VALIDATION');
  });
});
