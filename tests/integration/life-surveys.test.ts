import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { Paged } from '@shared/contracts/contract';
import type { SurveyReach } from '@shared/contracts/life-surveys.contract';
import type { SurveyInput, SurveySummary, SurveyView } from '@shared/contracts/life-survey-view';
import { addDays, localDay } from '@shared/domain/calendar';
import { SATISFACTION_TEMPLATE, SURVEY_TEXT_MAX } from '@shared/domain/life';
import type { Envelope } from '@shared/errors';
import { routes } from '@shared/routes';
import type { Caller } from '../../cloud/lib/caller';
import { setClock } from '../../cloud/lib/clock';
import { mongoose } from '../../cloud/lib/db';
import { createSurvey, publishSurvey, runSurveyClose } from '../../cloud/modules/life';
import { ActivitySignup } from '../../cloud/modules/life/activity.model';
import { Survey } from '../../cloud/modules/life/survey.model';
import { Notice } from '../../cloud/modules/notices/notice.model';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { DAYTIME } from '../helpers/repairs';
import { oneItem, total, twoWorkersUntilDone, untilDone } from '../helpers/sliced-runs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Surveys (life.md "Surveys"): the builder's checks, publishing with the 问卷调查通知 and its 去填写问卷
 * button, the owner's view and list, and the answer rules — audience, dates, replies, one answer per
 * owner or unit under racing submits (named and anonymous, replace and refuse), and the anonymity
 * of anonymous answers at the database level.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  setClock(() => DAYTIME);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const TODAY = localDay(DAYTIME);
let seq = 0;
const rid = (what = 'survey') => `${what}-${Date.now().toString(36)}-${++seq}`;
const token = () => randomBytes(16).toString('hex');
const codeOf = (res: Envelope<unknown>) => (res.ok ? 'OK' : res.error.code);
const pathsOf = (res: Envelope<unknown>) => (res.ok ? [] : ((res.error.details as { issues?: { path: string }[] } | undefined)?.issues ?? []).map((i) => i.path));
function ok<T>(res: Envelope<T>): T {
  if (!res.ok) throw new Error(`expected ok, got ${res.error.code}: ${res.error.message}`);
  return res.data;
}

async function world() {
  const c = await makeCommunity();
  const [b1, b2] = await Promise.all([makeBuilding(c._id, '1栋'), makeBuilding(c._id, '2栋')]);
  const [u1, u1b, u2, shared] = await Promise.all([makeUnit(c._id, b1._id), makeUnit(c._id, b1._id), makeUnit(c._id, b2._id), makeUnit(c._id, b1._id)]);
  const ownerUser = await makeOwner(c._id, [u1._id, u1b._id], '张伟', '13900001111');
  const farUser = await makeOwner(c._id, [u2._id], '李娜', '13900002222');
  // Two owners of one unit (a couple): one answer per unit.
  const [wife, husband] = [await makeOwner(c._id, [shared._id], '王丽', '13900003333'), await makeOwner(c._id, [shared._id], '赵强', '13900004444')];
  const managerUser = await makeUser(c._id, { roles: ['manager'], name: '孙涛' });
  const agentUser = await makeUser(c._id, { roles: ['agent'], name: '王芳' });
  const [owner, far, wifeT, husbandT, manager, agent] = await Promise.all([ownerUser, farUser, wife, husband, managerUser, agentUser].map((u) => loginAs(stack, u._id)));
  const call = <T>(action: string, data: Record<string, unknown>, tok = manager) => stack.invoke('life', action as never, data as never, tok) as unknown as Promise<Envelope<T>>;
  const form = (over: Record<string, unknown> = {}) => ({
    title: '社区活动需求调研',
    intro: '请告诉我们您喜欢的活动',
    questions: [
      { kind: 'single', title: '什么时间方便参加', options: ['工作日晚上', '周六', '周日'], required: true },
      { kind: 'multiple', title: '喜欢哪些活动', options: ['节日庆典', '亲子活动', '体育健身'], required: false },
      { kind: 'rating', title: '兴趣程度', options: [], required: true },
      { kind: 'text', title: '其他建议', options: [], required: false },
    ],
    audience: { kind: 'community', buildingIds: [] },
    per: 'owner',
    repeat: 'replace',
    anonymous: false,
    opensOn: TODAY,
    closesOn: addDays(TODAY, 14),
    ...over,
  });
  const create = (over: Record<string, unknown> = {}) => call<SurveyView>('surveyCreate', { requestId: rid(), ...form(over) });
  const published = async (over: Record<string, unknown> = {}) => ok(await call<SurveyView>('surveyPublish', { surveyId: ok(await create(over)).id, requestId: rid('publish') }));
  const replies = (s: SurveyView, pick = 0, rating = 4) => [
    { key: s.questions[0].key, choices: [pick] },
    { key: s.questions[2].key, rating },
  ];
  const answer = (s: SurveyView, tok: string, extra: Record<string, unknown> = {}, pick = 0) => call<SurveyView>('surveyAnswer', { surveyId: s.id, replies: replies(s, pick), ...extra }, tok);
  return { c, b1, b2, u1, u1b, u2, shared, ownerUser, owner, far, wifeT, husbandT, manager, agent, call, form, create, published, replies, answer };
}

describe('building surveys', () => {
  test('When the manager reads the templates, then the satisfaction survey and the general ones are there; an owner or agent may not read them', async () => {
    const w = await world();
    const t = ok(await w.call<{ key: string; kind: string; questions: unknown[] }[]>('surveyTemplates', {}));
    expect(t.map((x) => x.key)).toEqual(['satisfaction', 'activity-needs', 'parking-opinions']);
    expect(t[0].kind).toBe('satisfaction');
    expect(codeOf(await w.call('surveyTemplates', {}, w.owner))).toBe('AUTH.FORBIDDEN');
    expect(codeOf(await w.call('surveyTemplates', {}, w.agent))).toBe('AUTH.FORBIDDEN');
  });

  test('When a draft is created, then question keys are made, one draft per request id, and staff see it with its history', async () => {
    const w = await world();
    const requestId = rid();
    const first = ok(await w.call<SurveyView>('surveyCreate', { requestId, ...w.form() }));
    const again = ok(await w.call<SurveyView>('surveyCreate', { requestId, ...w.form() }));
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ status: 'draft', kind: 'general', audienceText: '全体业主', answerCount: 0, actions: ['publish'], createdByName: '孙涛' });
    expect(first.questions.map((q) => q.key)).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(first.history).toEqual([expect.objectContaining({ event: 'create', byName: '孙涛' })]);
    expect(await Survey.countDocuments({ communityId: w.c._id })).toBe(1);
  });

  test('When the builder sends bad fields, then each is 400 on its field: dates in the past or out of order, choices with one option, an area outside the satisfaction survey', async () => {
    const w = await world();
    expect(pathsOf(await w.create({ opensOn: addDays(TODAY, -1) }))).toEqual(['opensOn']);
    expect(pathsOf(await w.create({ opensOn: addDays(TODAY, 3), closesOn: addDays(TODAY, 2) }))).toEqual(['closesOn']);
    expect([...new Set(pathsOf(await w.create({ closesOn: '2027-02-30' })))]).toEqual(['closesOn']);
    expect(pathsOf(await w.create({ questions: [{ kind: 'single', title: '只有一个选项', options: ['甲'], required: true }] }))).toEqual(['questions.0.options']);
    expect(pathsOf(await w.create({ questions: [{ kind: 'rating', title: '评分', options: [], required: true, area: 'repair' }] }))).toEqual(['questions.0.area']);
    expect(pathsOf(await w.create({ questions: [] }))).toEqual(['questions']);
    expect(pathsOf(await w.create({ audience: { kind: 'buildings', buildingIds: [] } }))).toEqual(['audience.buildingIds']);
    expect(codeOf(await w.create({ audience: { kind: 'activity', buildingIds: [] } }))).toBe('VALIDATION');
    // Another community's building.
    const other = await makeBuilding((await makeCommunity())._id);
    expect(codeOf(await w.create({ audience: { kind: 'buildings', buildingIds: [String(other._id)] } }))).toBe('BUILDING.NOT_FOUND');
  });

  test('When bad input arrives (NUL characters, __proto__ keys, huge arrays, wrong types), then it is 400, never 500', async () => {
    const w = await world();
    const s = await w.published();
    const bad: Record<string, unknown>[] = [
      { ...w.form(), requestId: rid(), title: '问卷\u0000名称' },
      JSON.parse(`{"requestId":"${rid()}","__proto__":{"admin":true},"title":"x"}`) as Record<string, unknown>,
      { ...w.form(), requestId: rid(), questions: Array.from({ length: 5000 }, () => ({ kind: 'text', title: '题', options: [], required: false })) },
      { ...w.form(), requestId: rid(), questions: [{ kind: 'single', title: '题', options: Array.from({ length: 1000 }, (_, i) => `选项${i}`), required: true }] },
      { ...w.form(), requestId: rid(), anonymous: 'yes' },
    ];
    for (const input of bad) expect([JSON.stringify(input).slice(0, 40), codeOf(await w.call('surveyCreate', input))]).toEqual([JSON.stringify(input).slice(0, 40), 'VALIDATION']);
    const answers: Record<string, unknown>[] = [
      { surveyId: s.id, replies: Array.from({ length: 100_000 }, () => ({ key: 'q1', choices: [0] })) },
      { surveyId: s.id, replies: [{ key: 'q1', choices: Array.from({ length: 10_000 }, () => 0) }] },
      { surveyId: s.id, replies: [{ key: 'q4', text: '坏\u0000字' }, ...w.replies(s)] },
      JSON.parse(`{"surveyId":"${s.id}","replies":[{"key":"q1","__proto__":{"x":1},"choices":[0]}]}`) as Record<string, unknown>,
      { surveyId: s.id, replies: [{ key: 'q1', choices: ['0'] }] },
      { surveyId: s.id, token: 'not-hex', replies: w.replies(s) },
    ];
    for (const input of answers) expect(codeOf(await w.call('surveyAnswer', input, w.owner))).toBe('VALIDATION');
  });

  test('When a satisfaction survey is made from its template, then it has its year and the areas; a second one for the year is 409 SURVEY.YEAR_TAKEN, while general surveys are many', async () => {
    const w = await world();
    const t = SATISFACTION_TEMPLATE;
    const input = { title: t.title, intro: t.intro, questions: t.questions, templateKey: 'satisfaction', audience: { kind: 'community', buildingIds: [] }, per: 'unit', repeat: 'refuse', anonymous: true, opensOn: TODAY, closesOn: addDays(TODAY, 20) };
    const s = ok(await w.call<SurveyView>('surveyCreate', { requestId: rid(), ...input }));
    expect(s).toMatchObject({ kind: 'satisfaction', year: Number(TODAY.slice(0, 4)) });
    expect(s.questions.filter((q) => q.area).map((q) => q.area)).toEqual(['service', 'repair', 'cleaning', 'greening', 'security', 'fees']);
    expect(codeOf(await w.call('surveyCreate', { requestId: rid(), ...input }))).toBe('SURVEY.YEAR_TAKEN');
    expect(codeOf(await w.call('surveyCreate', { requestId: rid(), ...input, year: Number(TODAY.slice(0, 4)) + 1 }))).toBe('OK');
    ok(await w.create());
    ok(await w.create());
    // Another community has its own year.
    const c2 = await makeCommunity();
    const m2 = await loginAs(stack, (await makeUser(c2._id, { roles: ['manager'], name: '周经理' }))._id);
    expect(codeOf(await w.call('surveyCreate', { requestId: rid(), ...input }, m2))).toBe('OK');
  });

  test('When a draft is changed, then the fields are replaced; once published it can no longer be changed (409)', async () => {
    const w = await world();
    const s = ok(await w.create());
    const changed = ok(await w.call<SurveyView>('surveyUpdate', { surveyId: s.id, ...w.form({ title: '停车管理意见征集', audience: { kind: 'buildings', buildingIds: [String(w.b1._id)] } }) }));
    expect(changed).toMatchObject({ title: '停车管理意见征集', audience: { kind: 'buildings', buildingIds: [String(w.b1._id)] } });
    expect(changed.audienceText).toContain('1栋');
    ok(await w.call('surveyPublish', { surveyId: s.id, requestId: rid() }));
    expect(codeOf(await w.call('surveyUpdate', { surveyId: s.id, ...w.form() }))).toBe('SURVEY.INVALID_TRANSITION');
  });
});

describe('publishing and closing', () => {
  test('When a survey for one building is published, then one 问卷调查通知 goes to that building with the 去填写问卷 button to the owner survey page, also on a replay', async () => {
    const w = await world();
    const s = ok(await w.create({ audience: { kind: 'buildings', buildingIds: [String(w.b1._id)] } }));
    const reach = ok(await w.call<SurveyReach>('surveyReach', { surveyId: s.id }));
    expect(reach.units).toBe(3);
    const requestId = rid('publish');
    const p = ok(await w.call<SurveyView>('surveyPublish', { surveyId: s.id, requestId }));
    ok(await w.call<SurveyView>('surveyPublish', { surveyId: s.id, requestId }));
    expect(p).toMatchObject({ status: 'published', open: true, actions: ['close'] });
    const notices = await Notice.find({ communityId: w.c._id }).lean();
    expect(notices).toHaveLength(1);
    const n = notices[0] as unknown as { _id: unknown; title: string; body: string; link?: { label: string; path: string }; target: { kind: string; buildingIds: unknown[] } };
    expect(String(n._id)).toBe(p.noticeId);
    expect(n.title).toBe('关于开展社区活动需求调研的通知');
    expect(n.link).toEqual({ label: '去填写问卷', path: routes.owner.survey({ id: s.id }) });
    expect(n.target.kind).toBe('buildings');
    expect(n.target.buildingIds.map(String)).toEqual([String(w.b1._id)]);
    expect(n.body).toContain('1栋');
    // A second publish (another request) is a refusal; a draft closing too.
    expect(codeOf(await w.call('surveyPublish', { surveyId: s.id, requestId: rid() }))).toBe('OK');
    expect(await Notice.countDocuments({ communityId: w.c._id })).toBe(1);
    const d = ok(await w.create());
    expect(codeOf(await w.call('surveyClose', { surveyId: d.id }))).toBe('SURVEY.INVALID_TRANSITION');
  });

  test('When the close day passes, then answers are refused (409 SURVEY.CLOSED) and the daily job closes the survey once, only in its scope', async () => {
    const w = await world();
    const s = await w.published({ closesOn: addDays(TODAY, 2) });
    const other = await world();
    const s2 = await other.published({ closesOn: addDays(TODAY, 2) });
    setClock(() => new Date(DAYTIME.getTime() + 3 * 86_400_000));
    try {
      expect(codeOf(await w.answer(s, w.owner))).toBe('SURVEY.CLOSED');
      expect(await runSurveyClose({ scope: { communityIds: [String(w.c._id)] } })).toEqual({ closed: 1, more: false });
      expect(await runSurveyClose({ scope: { communityIds: [String(w.c._id)] } })).toEqual({ closed: 0, more: false });
      expect((await Survey.findById(s2.id).lean())?.status).toBe('published');
      const closed = ok(await w.call<SurveyView>('surveyGet', { surveyId: s.id }));
      expect(closed.status).toBe('closed');
      expect(closed.history.map((h) => h.event)).toEqual(['create', 'publish', 'close']);
      expect(closed.history[2].byName).toBe('系统');
    } finally {
      setClock(() => DAYTIME);
    }
  });

  test('When a survey opens later or was closed by hand, then answers are 409 SURVEY.CLOSED', async () => {
    const w = await world();
    const later = await w.published({ opensOn: addDays(TODAY, 2), closesOn: addDays(TODAY, 5) });
    expect(codeOf(await w.answer(later, w.owner))).toBe('SURVEY.CLOSED');
    const s = await w.published();
    ok(await w.call('surveyClose', { surveyId: s.id }));
    expect(codeOf(await w.answer(s, w.owner))).toBe('SURVEY.CLOSED');
    expect(codeOf(await w.call('surveyClose', { surveyId: s.id }))).toBe('OK');
  });
});

describe('answering', () => {
  test('When an owner outside the audience, of another community, or a draft is asked for, then it is 404 SURVEY.NOT_FOUND', async () => {
    const w = await world();
    const s = await w.published({ audience: { kind: 'buildings', buildingIds: [String(w.b1._id)] } });
    expect(codeOf(await w.call('surveyGet', { surveyId: s.id }, w.far))).toBe('SURVEY.NOT_FOUND');
    expect(codeOf(await w.answer(s, w.far))).toBe('SURVEY.NOT_FOUND');
    const draft = ok(await w.create());
    expect(codeOf(await w.call('surveyGet', { surveyId: draft.id }, w.owner))).toBe('SURVEY.NOT_FOUND');
    const other = await world();
    expect(codeOf(await other.call('surveyGet', { surveyId: s.id }, other.owner))).toBe('SURVEY.NOT_FOUND');
    expect(codeOf(await other.call('surveyGet', { surveyId: s.id }))).toBe('SURVEY.NOT_FOUND');
    expect(codeOf(await other.answer(s, other.owner))).toBe('SURVEY.NOT_FOUND');
  });

  test('When replies are wrong, then each is 400 on its question: required missing, option out of range, two options on a single choice, rating not 1–5, text too long, unknown question', async () => {
    const w = await world();
    const s = await w.published();
    const [q1, q2, q3, q4] = s.questions.map((q) => q.key);
    const send = (replies: unknown[]) => w.call<SurveyView>('surveyAnswer', { surveyId: s.id, replies }, w.owner);
    expect(pathsOf(await send([{ key: q3, rating: 3 }]))).toEqual([`replies.${q1}`]);
    expect(pathsOf(await send([{ key: q1, choices: [3] }, { key: q3, rating: 3 }]))).toEqual([`replies.${q1}`]);
    expect(pathsOf(await send([{ key: q1, choices: [0, 1] }, { key: q3, rating: 3 }]))).toEqual([`replies.${q1}`]);
    expect(pathsOf(await send([{ key: q1, choices: [0] }, { key: q2, choices: [1, 1] }, { key: q3, rating: 3 }]))).toEqual([`replies.${q2}`]);
    expect(pathsOf(await send([{ key: q1, choices: [0] }, { key: q3, rating: 6 }]))).toEqual([`replies.${q3}`]);
    expect(pathsOf(await send([{ key: q1, choices: [0] }, { key: q3, rating: 2.5 }]))).toEqual([`replies.${q3}`]);
    expect(pathsOf(await send([{ key: q1, choices: [0] }, { key: q3, rating: 0 }]))).toEqual([`replies.${q3}`]);
    expect(codeOf(await send([{ key: q1, choices: [0] }, { key: q3, rating: 3 }, { key: q4, text: '长'.repeat(SURVEY_TEXT_MAX + 1) }]))).toBe('VALIDATION');
    expect(pathsOf(await send([{ key: q1, choices: [0] }, { key: q3, rating: 3 }, { key: 'nope', text: '?' }]))).toEqual(['replies.nope']);
    expect((await Survey.findById(s.id).lean())?.answerCount).toBe(0);
    const fine = ok(await send([{ key: q1, choices: [2] }, { key: q2, choices: [2, 0] }, { key: q3, rating: 5 }, { key: q4, text: '  多办亲子活动  ' }]));
    expect(fine.mine).toMatchObject({ answered: true, canChange: true, replies: [{ key: q1, choices: [2] }, { key: q2, choices: [0, 2] }, { key: q3, rating: 5 }, { key: q4, text: '多办亲子活动' }] });
    expect(fine.answerCount).toBe(1);
  });

  test('When a named answer is changed (replace mode), then it replaces the first and counts once; in refuse mode the second is 409 SURVEY.ALREADY_ANSWERED', async () => {
    const w = await world();
    const s = await w.published();
    ok(await w.answer(s, w.owner, {}, 0));
    const again = ok(await w.answer(s, w.owner, {}, 2));
    expect(again.mine?.replies?.[0]).toEqual({ key: s.questions[0].key, choices: [2] });
    expect(again.answerCount).toBe(1);
    const r = await w.published({ repeat: 'refuse' });
    const first = ok(await w.answer(r, w.owner));
    expect(first.mine).toMatchObject({ answered: true, canAnswer: false, canChange: false });
    expect(codeOf(await w.answer(r, w.owner, {}, 1))).toBe('SURVEY.ALREADY_ANSWERED');
    expect((await Survey.findById(r.id).lean())?.answerCount).toBe(1);
  });

  test.each([
    ['named', 'replace'],
    ['named', 'refuse'],
    ['anonymous', 'replace'],
    ['anonymous', 'refuse'],
  ] as const)('When one owner submits 10 answers at once (%s, %s), then exactly one answer is counted', async (kind, repeat) => {
    const w = await world();
    const s = await w.published({ anonymous: kind === 'anonymous', repeat });
    const tok = token();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => w.answer(s, w.owner, kind === 'anonymous' ? { token: tok } : {}, i % 3)));
    const codes = results.map(codeOf);
    if (repeat === 'refuse') expect([codes.filter((c) => c === 'OK').length, codes.filter((c) => c === 'SURVEY.ALREADY_ANSWERED').length]).toEqual([1, 9]);
    else expect(codes.every((c) => c === 'OK')).toBe(true);
    const col = mongoose.connection.collection('surveyanswers');
    expect(await col.countDocuments({ surveyId: new Types.ObjectId(s.id) })).toBe(1);
    expect(await mongoose.connection.collection('surveyballots').countDocuments({ surveyId: new Types.ObjectId(s.id) })).toBe(1);
    expect((await Survey.findById(s.id).lean())?.answerCount).toBe(1);
  });

  test('When one owner answers an anonymous survey from 10 phones at once (10 tokens), then one answer is counted and the others are 409', async () => {
    const w = await world();
    const s = await w.published({ anonymous: true, repeat: 'replace' });
    const codes = (await Promise.all(Array.from({ length: 10 }, () => w.answer(s, w.owner, { token: token() })))).map(codeOf);
    expect([codes.filter((c) => c === 'OK').length, codes.filter((c) => c === 'SURVEY.ALREADY_ANSWERED').length]).toEqual([1, 9]);
    expect((await Survey.findById(s.id).lean())?.answerCount).toBe(1);
  });

  test('When an anonymous answer is changed from the same phone, then it replaces (one answer); another token for the same owner is 409; refuse mode finishes a submit cut short only', async () => {
    const w = await world();
    const s = await w.published({ anonymous: true, repeat: 'replace' });
    const tok = token();
    const first = ok(await w.answer(s, w.owner, { token: tok }, 0));
    expect(first.mine).toMatchObject({ answered: true, canChange: true });
    expect(first.mine?.replies).toBeUndefined();
    ok(await w.answer(s, w.owner, { token: tok }, 1));
    const col = mongoose.connection.collection('surveyanswers');
    const docs = await col.find({ surveyId: new Types.ObjectId(s.id) }).toArray();
    expect(docs).toHaveLength(1);
    expect((docs[0].replies as { choices?: number[] }[])[0].choices).toEqual([1]);
    expect(codeOf(await w.answer(s, w.owner, { token: token() }))).toBe('SURVEY.ALREADY_ANSWERED');
    expect(codeOf(await w.answer(s, w.owner))).toBe('VALIDATION');

    // Refuse mode: the ballot was claimed but the answer never written (a submit cut short) → the same token finishes it.
    const r = await w.published({ anonymous: true, repeat: 'refuse' });
    const cut = token();
    ok(await w.answer(r, w.owner, { token: cut }));
    await col.deleteMany({ surveyId: new Types.ObjectId(r.id) });
    ok(await w.answer(r, w.owner, { token: cut }));
    expect(codeOf(await w.answer(r, w.owner, { token: cut }))).toBe('SURVEY.ALREADY_ANSWERED');
    expect(await col.countDocuments({ surveyId: new Types.ObjectId(r.id) })).toBe(1);
  });

  test('When a survey counts one answer per unit, then the second owner of the unit is refused (refuse) or replaces it (replace); an owner of two units picks one, a unit outside is 404', async () => {
    const w = await world();
    const s = await w.published({ per: 'unit', repeat: 'refuse' });
    ok(await w.answer(s, w.wifeT));
    expect(codeOf(await w.answer(s, w.husbandT))).toBe('SURVEY.ALREADY_ANSWERED');
    const seen = ok(await w.call<SurveyView>('surveyGet', { surveyId: s.id }, w.husbandT));
    expect(seen.mine).toMatchObject({ answered: true, canAnswer: false, units: [{ id: String(w.shared._id), answered: true }] });

    const r = await w.published({ per: 'unit', repeat: 'replace', anonymous: false });
    ok(await w.answer(r, w.wifeT, {}, 0));
    const replaced = ok(await w.answer(r, w.husbandT, {}, 2));
    expect(replaced.answerCount).toBe(1);
    expect(replaced.mine?.replies?.[0].choices).toEqual([2]);

    // 张伟 owns two units in the audience: he picks; without a pick → 400; a unit not his or outside the audience → 404.
    expect(pathsOf(await w.answer(s, w.owner))).toEqual(['unitId']);
    ok(await w.answer(s, w.owner, { unitId: String(w.u1._id) }));
    ok(await w.answer(s, w.owner, { unitId: String(w.u1b._id) }));
    expect(codeOf(await w.answer(s, w.owner, { unitId: String(w.u2._id) }))).toBe('SURVEY.NOT_FOUND');
    const b1only = await w.published({ per: 'unit', audience: { kind: 'buildings', buildingIds: [String(w.b2._id)] } });
    expect(codeOf(await w.answer(b1only, w.owner, { unitId: String(w.u1._id) }))).toBe('SURVEY.NOT_FOUND');
    expect((await Survey.findById(s.id).lean())?.answerCount).toBe(3);
    const mine = ok(await w.call<SurveyView>('surveyGet', { surveyId: s.id }, w.owner));
    expect(mine.mine?.units.map((u) => u.answered)).toEqual([true, true]);
  });

  test('When anonymous answers are stored, then no document of answers or ballots holds the user, unit, name, phone or openid, nor a date, and no _id carries a timestamp', async () => {
    const w = await world();
    for (const per of ['owner', 'unit'] as const) {
      const s = await w.published({ anonymous: true, per, repeat: 'replace' });
      ok(await w.answer(s, w.owner, { token: token(), ...(per === 'unit' ? { unitId: String(w.u1._id) } : {}) }));
      ok(await w.answer(s, w.wifeT, { token: token() }));
      ok(await w.answer(s, w.far, { token: token() }));
      const sid = new Types.ObjectId(s.id);
      const answers = await mongoose.connection.collection('surveyanswers').find({ surveyId: sid }).toArray();
      const ballots = await mongoose.connection.collection('surveyballots').find({ surveyId: sid }).toArray();
      expect([answers.length, ballots.length]).toEqual([3, 3]);
      const people = await mongoose.connection.collection('users').find({ _id: { $in: [w.ownerUser._id] } }).toArray();
      const identities = await mongoose.connection.collection('wechatidentities').find({}).toArray();
      const secrets = [
        ...[w.ownerUser._id, w.u1._id, w.u1b._id, w.shared._id, w.u2._id].map(String),
        '张伟',
        '王丽',
        '李娜',
        '13900001111',
        '13900003333',
        ...people.map((p) => String(p._id)),
        ...identities.map((i) => String(i.openid)),
      ];
      for (const doc of [...answers, ...ballots]) {
        const text = JSON.stringify(doc);
        for (const secret of secrets) expect([text, secret, text.includes(secret)]).toEqual([text, secret, false]);
        const dates = Object.values(doc).filter((v) => v instanceof Date);
        expect(dates).toEqual([]);
        expect(doc._id instanceof Types.ObjectId).toBe(false);
        expect(String(doc._id)).not.toMatch(new RegExp(`(^|:)(?!${s.id})[a-f0-9]{24}$`));
      }
      for (const a of answers) expect(Object.keys(a).sort()).toEqual(['_id', 'buildingId', 'communityId', 'replies', 'surveyId']);
      for (const b of ballots) expect(Object.keys(b).sort()).toEqual(['_id', 'communityId', 'proof', 'surveyId']);
    }
  });
});

describe('an activity\'s feedback survey', () => {
  test('When a feedback survey is made for an activity (createSurvey) and published (publishSurvey), then only the households checked in are asked and told', async () => {
    const w = await world();
    const activityId = new Types.ObjectId();
    // 张伟's first unit checked in; 李娜's unit signed up but never came.
    for (const [i, [unit, user, checked]] of ([[w.u1, w.ownerUser._id, true], [w.u2, new Types.ObjectId(), false]] as const).entries()) {
      await ActivitySignup.create({ communityId: w.c._id, activityId, unitId: unit._id, unitLabel: unit.label, userId: user, name: '报名人', places: 1, status: 'confirmed', seq: `0${i}`, code: `C${i}`, codeKey: `${String(activityId)}:${i}`, ...(checked ? { checkedInAt: DAYTIME } : {}), rev: 0 });
    }
    const managerId = (await mongoose.connection.collection('users').findOne({ communityId: w.c._id, name: '孙涛' }))!._id;
    const managerCaller: Caller = { userId: String(managerId), name: '孙涛', roles: ['manager'], communityId: String(w.c._id), communityIds: [String(w.c._id)], unitIds: [] };
    const s = await createSurvey(managerCaller, { requestId: rid(), kind: 'feedback', activityId: String(activityId), ...(w.form({ audience: { kind: 'activity', buildingIds: [] }, per: 'unit' }) as unknown as SurveyInput) });
    expect(s).toMatchObject({ kind: 'feedback', activityId: String(activityId), audienceText: '活动参加者' });
    const p = await publishSurvey(managerCaller, s.id, rid());
    expect(p.status).toBe('published');
    const n = (await Notice.findById(p.noticeId).lean()) as unknown as { target: { kind: string; unitIds: unknown[] } };
    expect([n.target.kind, n.target.unitIds.map(String)]).toEqual(['units', [String(w.u1._id)]]);
    ok(await w.answer(p, w.owner, { unitId: String(w.u1._id) }));
    expect(codeOf(await w.answer(p, w.owner, { unitId: String(w.u1b._id) }))).toBe('SURVEY.NOT_FOUND');
    expect(codeOf(await w.call('surveyGet', { surveyId: p.id }, w.far))).toBe('SURVEY.NOT_FOUND');
    const listed = ok(await w.call<Paged<SurveySummary>>('surveyList', {}, w.owner));
    expect(listed.items.map((x) => x.id)).toContain(p.id);
  });
});

describe('owner list and staff list', () => {
  test('When an owner lists surveys, then open unanswered ones come first, then answered, then closed; surveys of other buildings and drafts are not there', async () => {
    const w = await world();
    const answered = await w.published({ title: '已答问卷' });
    ok(await w.answer(answered, w.owner));
    const open = await w.published({ title: '待答问卷', closesOn: addDays(TODAY, 20) });
    const closed = await w.published({ title: '已结束问卷' });
    ok(await w.call('surveyClose', { surveyId: closed.id }));
    await w.published({ title: '别栋问卷', audience: { kind: 'buildings', buildingIds: [String(w.b2._id)] } });
    await w.published({ title: '本栋问卷', audience: { kind: 'buildings', buildingIds: [String(w.b1._id)] } });
    await w.create({ title: '草稿问卷' });
    const list = ok(await w.call<Paged<SurveySummary>>('surveyList', {}, w.owner));
    expect(list.items.map((s) => [s.title, s.section, s.answered])).toEqual([
      ['本栋问卷', 'open', false],
      ['待答问卷', 'open', false],
      ['已答问卷', 'answered', true],
      ['已结束问卷', 'closed', false],
    ]);
    expect(list.total).toBe(4);
    expect(open.id).toBe(list.items[1].id);
    const page2 = ok(await w.call<Paged<SurveySummary>>('surveyList', { page: 2, pageSize: 3 }, w.owner));
    expect(page2.items.map((s) => s.title)).toEqual(['已结束问卷']);
    const staff = ok(await w.call<Paged<SurveySummary>>('surveyList', {}, w.agent));
    expect(staff.total).toBe(6);
    expect(ok(await w.call<Paged<SurveySummary>>('surveyList', { status: 'draft' })).items.map((s) => s.title)).toEqual(['草稿问卷']);
  });
});

describe('in slices', () => {
  test('When the close job runs one survey per invocation, then repeated runs (alone, or two workers at once) close every survey past its day once', async () => {
    const alone = await world();
    const pair = await world();
    const due = [];
    for (const w of [alone, pair]) for (let i = 0; i < 3; i++) due.push({ w, s: await w.published({ closesOn: addDays(TODAY, 2) }) });
    const later = await alone.published({ closesOn: addDays(TODAY, 9) });
    setClock(() => new Date(DAYTIME.getTime() + 3 * 86_400_000));
    try {
      const scopeOf = (w: typeof alone) => ({ communityIds: [String(w.c._id)] });
      const one = await untilDone(() => runSurveyClose({ scope: scopeOf(alone), budget: oneItem() }));
      expect(total(one, 'closed')).toBe(3);
      expect(one.length).toBeGreaterThanOrEqual(3);
      const two = await twoWorkersUntilDone(() => runSurveyClose({ scope: scopeOf(pair), budget: oneItem() }));
      expect(total(two, 'closed')).toBe(3);
      for (const { s } of due) {
        const doc = await Survey.findById(s.id).lean();
        expect(doc?.status).toBe('closed');
        expect((doc?.history ?? []).filter((h) => h.event === 'close')).toHaveLength(1);
      }
      expect((await Survey.findById(later.id).lean())?.status).toBe('published');
    } finally {
      setClock(() => DAYTIME);
    }
  }, 180_000);
});
