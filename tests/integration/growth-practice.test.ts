import type { MyFigures, TeamFigures } from '@shared/contracts/growth.contract';
import { setClock } from '../../cloud/lib/clock';
import { DrillAttempt } from '../../cloud/modules/growth/drill.model';
import { DRILL_SCENARIOS } from '../../cloud/modules/growth/drills';
import { err, ok, rid, staff, world, type Person, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Staff growth, practice and figures (docs/modules/growth.md "Practice drills", "Service figures"):
 * drills checked at once and kept per person, and each agent's service figures by month from the
 * real work of the desk, complaints and follow-ups.
 */
let stack: Stack;
let clock = new Date('2026-10-15T02:00:00Z');
const at = (iso: string) => {
  clock = new Date(iso);
};
const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};
beforeAll(async () => {
  stack = await startStack();
});
beforeEach(() => {
  setClock(() => clock);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

/** A fresh session at the driven clock (sessions expire). */
const tokenOf = (p: Person) => stack.login(stack.wechat.mintCode(p.openid));
const call = async (fn: string, action: string, data: Record<string, unknown>, p: Person) => stack.invoke(fn as 'growth', action as 'drillList', data as never, await tokenOf(p));
const invoke = async <T>(fn: string, action: string, data: Record<string, unknown>, p: Person): Promise<T> => ok(await call(fn, action, data, p), `${fn}.${action}`) as T;
const refused = async (fn: string, action: string, data: Record<string, unknown>, p: Person) => err(await call(fn, action, data, p));

const leak = DRILL_SCENARIOS.find((s) => s.id === 'leak-angry')!;

describe('practice drills', () => {
  test('When a staff member submits a reply, then it is checked at once and kept; the same request again is the same attempt', async () => {
    at('2026-10-15T02:00:00Z');
    const w = await world(stack);
    const tech = w.techs[0];

    const list = await invoke<{ scenarios: { id: string; attempts: number; best: number | null }[]; note: string }>('growth', 'drillList', {}, w.agent);
    expect(list.scenarios.length).toBeGreaterThanOrEqual(7);
    expect(list.note).toContain('规则检查');
    expect(list.scenarios.find((s) => s.id === 'leak-angry')).toMatchObject({ attempts: 0, best: null });

    // The scenario page holds the owner's message and what is checked, not the model reply.
    const view = await invoke<Record<string, unknown>>('growth', 'drillGet', { scenarioId: 'leak-angry' }, w.agent);
    expect(view).toMatchObject({ id: 'leak-angry', channel: 'phone', ownerName: '王先生', message: leak.message });
    expect(JSON.stringify(view)).not.toContain(leak.modelReply.slice(0, 20));

    // A rude reply fails, naming the forbidden phrases; the model reply is shown after the attempt.
    const rude = await invoke<{ id: string; check: { passed: boolean; forbidden: { text: string }[]; elements: { element: string; met: boolean }[] }; modelReply: string; best: number; attempts: number }>(
      'growth',
      'drillSubmit',
      { scenarioId: 'leak-angry', reply: '王先生，这不是我们的责任，楼上漏水你自己找楼上去，我也没办法。', requestId: rid() },
      w.agent,
    );
    expect(rude.check.passed).toBe(false);
    expect(rude.check.forbidden.map((f) => f.text)).toEqual(expect.arrayContaining(['这不是我们的责任', '你自己找', '我也没办法']));
    expect(rude.modelReply).toBe(leak.modelReply);

    // A good reply passes; submitted twice with one request id, it is one attempt.
    later(1);
    const requestId = rid();
    const good = { scenarioId: 'leak-angry', reply: leak.modelReply, requestId };
    const [a, b] = await Promise.all([invoke<{ id: string; check: { passed: boolean; score: number }; best: number; attempts: number }>('growth', 'drillSubmit', good, w.agent), invoke<{ id: string }>('growth', 'drillSubmit', good, w.agent)]);
    expect(a.id).toBe(b.id);
    expect(a.check).toMatchObject({ passed: true, score: 100 });
    expect(a).toMatchObject({ best: 100, attempts: 2 });
    const again = await invoke<{ id: string; attempts: number }>('growth', 'drillSubmit', { ...good, reply: '换了内容也还是同一次提交' }, w.agent);
    expect(again).toMatchObject({ id: a.id, attempts: 2 });
    expect(await DrillAttempt.countDocuments({ communityId: w.communityId })).toBe(2);

    // The history and the list show the caller's own record; another person's is their own.
    const history = await invoke<{ items: { id: string }[]; total: number }>('growth', 'drillHistory', { scenarioId: 'leak-angry' }, w.agent);
    expect(history.total).toBe(2);
    expect(history.items[0].id).toBe(a.id);
    expect((await invoke<{ scenarios: { id: string; attempts: number; best: number | null; passed: boolean }[] }>('growth', 'drillList', {}, w.agent)).scenarios.find((s) => s.id === 'leak-angry')).toMatchObject({
      attempts: 2,
      best: 100,
      passed: true,
    });
    expect((await invoke<{ total: number }>('growth', 'drillHistory', {}, w.manager)).total).toBe(0);
    // Every staff role practises; owners may not.
    expect((await invoke<{ check: { passed: boolean } }>('growth', 'drillSubmit', { scenarioId: 'night-noise', reply: '好的', requestId: rid() }, tech)).check.passed).toBe(false);
    expect((await refused('growth', 'drillList', {}, w.owner)).code).toBe('AUTH.FORBIDDEN');
  });

  test('When a scenario does not exist, then it is 404 DRILL.NOT_FOUND; a malformed one or an empty reply is 400', async () => {
    const w = await world(stack);
    expect(await refused('growth', 'drillGet', { scenarioId: 'no-such-scenario' }, w.agent)).toMatchObject({ code: 'DRILL.NOT_FOUND' });
    expect(await refused('growth', 'drillSubmit', { scenarioId: 'no-such-scenario', reply: leak.modelReply, requestId: rid() }, w.agent)).toMatchObject({ code: 'DRILL.NOT_FOUND' });
    expect(await refused('growth', 'drillHistory', { scenarioId: 'no-such-scenario' }, w.agent)).toMatchObject({ code: 'DRILL.NOT_FOUND' });
    expect((await refused('growth', 'drillGet', { scenarioId: 'Leak Angry!' }, w.agent)).code).toBe('VALIDATION');
    expect((await refused('growth', 'drillSubmit', { scenarioId: 'leak-angry', reply: '   ', requestId: rid() }, w.agent)).code).toBe('VALIDATION');
    expect((await refused('growth', 'drillSubmit', { scenarioId: 'leak-angry', reply: '好'.repeat(601), requestId: rid() }, w.agent)).code).toBe('VALIDATION');
    expect(await DrillAttempt.countDocuments({ communityId: w.communityId })).toBe(0);
  });
});

describe('service figures', () => {
  let w: World;
  let agent2: Person;
  let elsewhere: World;

  /** An owner's inquiry, acknowledged and answered by `by` after the given minutes, rated with `stars`. */
  async function inquiry(by: Person, ackAfter: number, answerAfter: number, stars?: number) {
    const i = await invoke<{ id: string }>('desk', 'ask', { requestId: rid(), topic: 'fees', text: '请问物业费可以按年交吗？', unitId: w.unitId }, w.owner);
    const start = clock;
    later(ackAfter);
    await invoke('desk', 'acknowledge', { inquiryId: i.id, text: '已收到，正在核实' }, by);
    clock = new Date(start.getTime() + answerAfter * 60_000);
    await invoke('desk', 'answer', { inquiryId: i.id, text: '可以按年缴纳，到服务中心或在小程序缴费即可。' }, by);
    if (stars) {
      later(10);
      await invoke('desk', 'rate', { inquiryId: i.id, stars }, w.owner);
    }
    clock = start;
  }

  /** An owner's complaint accepted by `by` after `respondAfter` minutes and replied to. */
  async function complaint(by: Person, respondAfter: number) {
    const c = await invoke<{ id: string }>('complaints', 'submit', { requestId: rid(), category: 'cleaning', description: '楼道垃圾三天没人清理，味道很大', unitId: w.unitId }, w.owner);
    later(respondAfter);
    await invoke('complaints', 'accept', { complaintId: c.id }, by);
    later(60);
    return invoke<{ id: string; followUp?: { id: string } }>('complaints', 'reply', { complaintId: c.id, content: '已安排保洁每日清运两次，并处理了异味。', validity: 'valid' }, by);
  }

  beforeAll(async () => {
    // October: 孙客服 answers one inquiry (10 / 60 min, 5 stars), handles a complaint (first response after 120 min) and follows it up (satisfied);
    // 钱客服 answers one (30 / 120 min, 3 stars).
    at('2026-10-12T02:00:00Z');
    setClock(() => clock);
    w = await world(stack);
    agent2 = await staff(stack, w.communityId, { roles: ['agent'], name: '钱客服' });
    elsewhere = await world(stack);
    await inquiry(w.agent, 10, 60, 5);
    await inquiry(agent2, 30, 120, 3);
    const replied = await complaint(w.agent, 120);
    later(60);
    await invoke('followups', 'record', { followUpId: replied.followUp!.id, method: 'phone', outcome: 'satisfied', note: '业主表示满意' }, w.agent);
    // Another community's work counts there only.
    at('2026-10-12T03:00:00Z');
    const far = await invoke<{ id: string }>('desk', 'ask', { requestId: rid(), topic: 'fees', text: '请问物业费可以按年交吗？', unitId: elsewhere.unitId }, elsewhere.owner);
    await invoke('desk', 'answer', { inquiryId: far.id, text: '可以按年缴纳，到服务中心或在小程序缴费即可。' }, elsewhere.agent);

    // November: 孙客服 answers one (20 / 40 min) and handles a complaint the owner reopens (first response after 60 min).
    at('2026-11-10T02:00:00Z');
    await inquiry(w.agent, 20, 40);
    const second = await complaint(w.agent, 60);
    later(30);
    await invoke('complaints', 'unhappy', { complaintId: second.id, reason: '楼道还是很脏' }, w.owner);
    at('2026-11-20T02:00:00Z');
  });

  test("When an agent asks for their figures, then each month holds their own work against the team's median, and never another person's name or id", async () => {
    const mine = await invoke<MyFigures>('growth', 'myFigures', { months: 2 }, w.agent);
    expect(mine.months.map((m) => m.month)).toEqual(['2026-10', '2026-11']);
    const [oct, nov] = mine.months;
    expect(oct.figures).toEqual({
      inquiriesHandled: 1,
      inquiryAckMinutes: 10,
      inquiryAnswerMinutes: 60,
      inquiryRating: 5,
      complaintsHandled: 1,
      complaintResponseMinutes: 120,
      complaintsReopened: 0,
      complaintSatisfaction: 1,
      followUpsDone: 1,
    });
    // The team: 孙客服 and 钱客服 (the manager did no desk work; the owner's own confirmations are no one's figures).
    expect(oct.teamMedian).toEqual({
      inquiriesHandled: 1,
      inquiryAckMinutes: 20,
      inquiryAnswerMinutes: 90,
      inquiryRating: 4,
      complaintsHandled: 0.5,
      complaintResponseMinutes: 120,
      complaintsReopened: 0,
      complaintSatisfaction: 1,
      followUpsDone: 0.5,
    });
    // The owner's 仍不满意 is the complaint's follow-up (unsatisfied), recorded by the owner: no one's follow-up done.
    expect(nov.figures).toEqual({ inquiriesHandled: 1, inquiryAckMinutes: 20, inquiryAnswerMinutes: 40, inquiryRating: null, complaintsHandled: 1, complaintResponseMinutes: 60, complaintsReopened: 1, complaintSatisfaction: 0, followUpsDone: 0 });
    const text = JSON.stringify(mine);
    for (const other of [agent2, w.manager, elsewhere.agent]) {
      expect(text).not.toContain(other.name);
      expect(text).not.toContain(other.id);
    }
    expect(text).not.toContain(w.agent.id);

    // The default is six months, this one last; 钱客服 sees only their own.
    const theirs = await invoke<MyFigures>('growth', 'myFigures', {}, agent2);
    expect(theirs.months.map((m) => m.month)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(theirs.months[4].figures).toMatchObject({ inquiriesHandled: 1, inquiryAckMinutes: 30, inquiryAnswerMinutes: 120, inquiryRating: 3, complaintsHandled: 0 });
    expect(JSON.stringify(theirs)).not.toContain('孙客服');
    expect((await refused('growth', 'myFigures', { months: 13 }, w.agent)).code).toBe('VALIDATION');
    expect((await refused('growth', 'myFigures', {}, w.techs[0])).code).toBe('AUTH.FORBIDDEN');
  });

  test("When the manager asks for the team's figures, then every agent is listed by name with the team's median and the trend by month; others may not", async () => {
    await invoke('growth', 'drillSubmit', { scenarioId: 'leak-angry', reply: leak.modelReply, requestId: rid() }, w.agent);
    const team = await invoke<TeamFigures>('growth', 'teamFigures', { month: '2026-10' }, w.manager);
    expect(team.month).toBe('2026-10');
    expect(team.agents.map((a) => a.name)).toEqual(['孙客服', '钱客服']);
    expect(team.agents[0]).toMatchObject({ userId: w.agent.id, figures: { inquiriesHandled: 1, complaintsHandled: 1, followUpsDone: 1 }, drills: { done: 0, passed: 0 } });
    expect(team.teamMedian.inquiryAckMinutes).toBe(20);
    expect(team.trend.map((t) => t.month)).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    expect(team.trend.at(-1)!.totals).toEqual({ inquiriesHandled: 2, complaintsHandled: 1, followUpsDone: 1 });
    expect(JSON.stringify(team)).not.toContain(elsewhere.agent.name === w.agent.name ? '\u0000' : elsewhere.agent.id);

    // This month by default, with the drills done this month.
    const now = await invoke<TeamFigures>('growth', 'teamFigures', {}, w.manager);
    expect(now.month).toBe('2026-11');
    expect(now.agents.find((a) => a.userId === w.agent.id)).toMatchObject({ figures: { complaintsReopened: 1 }, drills: { done: 1, passed: 1 } });
    expect(now.trend.map((t) => t.totals.inquiriesHandled).slice(-2)).toEqual([2, 1]);

    expect((await refused('growth', 'teamFigures', {}, w.agent)).code).toBe('AUTH.FORBIDDEN');
    expect((await refused('growth', 'teamFigures', {}, w.owner)).code).toBe('AUTH.FORBIDDEN');
    expect((await refused('growth', 'teamFigures', { month: '2026-13' }, w.manager)).code).toBe('VALIDATION');
  });
});
