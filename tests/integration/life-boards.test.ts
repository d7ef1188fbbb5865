import { Types } from 'mongoose';
import type { Paged } from '@shared/contracts/contract';
import type { BoardCheckResult, BoardSummary, BoardView, LifeHub, PostingView } from '@shared/contracts/life-boards.contract';
import type { Envelope, ErrorBody } from '@shared/errors';
import { addDays, localDay, weekStart } from '@shared/domain/calendar';
import { setClock } from '../../cloud/lib/clock';
import { runBoardCheck } from '../../cloud/modules/life';
import { BoardCheck, BoardPosting } from '../../cloud/modules/life/board.model';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { makeBuilding, makeCommunity, makeUnit } from '../helpers/factories';
import { DAYTIME, err, ok, rid, staff, type Person } from '../helpers/repairs';
import { oneItem, total, twoWorkersUntilDone, untilDone } from '../helpers/sliced-runs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Notice boards (life.md "Notice boards (宣传栏)"): boards per building, postings with posting and
 * removal dates (a notice posted on chosen boards from its detail page, once per board), taking
 * down, the weekly check (one per community and week, expired postings listed once, another
 * community's boards never), the hub's counts, and bad input (400 never 500; another community's
 * ids 404).
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

const DAY = 24 * 3600_000;
const today = () => localDay(clock);
const call = <T>(action: string, data: unknown, token: string) => stack.invoke('life', action as never, data as never, token) as unknown as Promise<Envelope<T>>;
const issuesOf = (e: ErrorBody) => ((e.details as { issues?: { path: string }[] } | undefined)?.issues ?? []).map((i) => i.path);

interface World {
  c: { _id: Types.ObjectId };
  b1: { _id: Types.ObjectId; name: string };
  b2: { _id: Types.ObjectId; name: string };
  agent: Person;
  manager: Person;
}

async function world(): Promise<World> {
  const c = await makeCommunity();
  const b1 = await makeBuilding(c._id, '1栋');
  const b2 = await makeBuilding(c._id, '2栋');
  await makeUnit(c._id, b1._id);
  const agent = await staff(stack, c._id, { roles: ['agent'], name: '王芳' });
  const manager = await staff(stack, c._id, { roles: ['manager'], name: '孙涛' });
  return { c, b1, b2, agent, manager };
}

const createBoard = async (w: World, name: string, buildingId?: Types.ObjectId, token = w.agent.token) =>
  ok(await call<BoardView>('boardCreate', { requestId: rid(), name, ...(buildingId ? { buildingId: String(buildingId) } : {}), location: `${name}旁` }, token), 'boardCreate');

const post = async (w: World, boardIds: string[], data: Record<string, unknown> = {}) =>
  ok(await call<PostingView[]>('boardPost', { requestId: rid(), boardIds, kind: 'tip', title: '冬季防火温馨提示', postedOn: today(), removeOn: addDays(today(), 7), ...data }, w.agent.token), 'boardPost');

async function publishNotice(w: World, title = '停水通知'): Promise<string> {
  const n = ok(await stack.invoke('notices', 'publish', { requestId: rid(), values: {}, title, body: '尊敬的各位业主：明日上午停水检修。', kind: 'notice', category: 'normal', target: { kind: 'community' } } as never, w.manager.token), 'publish') as { id: string };
  return n.id;
}

describe('boards', () => {
  test('When agents create boards per building and at the gate, then the list shows them with today’s postings counted, and a building filter narrows it', async () => {
    const w = await world();
    const one = await createBoard(w, '1号宣传栏', w.b1._id);
    expect(one).toMatchObject({ name: '1号宣传栏', buildingName: w.b1.name, location: '1号宣传栏旁', status: 'active', current: 0, can: { retire: true, post: true } });
    await createBoard(w, '南门宣传栏', undefined, w.manager.token);
    await post(w, [one.id], { title: '电梯年检通知' });
    const list = ok(await call<Paged<BoardSummary>>('boardList', {}, w.agent.token));
    expect(list.total).toBe(2);
    expect(list.items.find((b) => b.id === one.id)).toMatchObject({ current: 1, currentTitles: ['电梯年检通知'] });
    const in1 = ok(await call<Paged<BoardSummary>>('boardList', { buildingId: String(w.b1._id) }, w.agent.token));
    expect(in1.items.map((b) => b.name)).toEqual(['1号宣传栏']);
  });

  test('When the same create request is sent twice, then one board; a second board of the same name → 409 BOARD.NAME_TAKEN', async () => {
    const w = await world();
    const requestId = rid();
    const [a, b] = await Promise.all([0, 1].map(() => call<BoardView>('boardCreate', { requestId, name: '2号宣传栏', location: '' }, w.agent.token)));
    expect(ok(a).id).toBe(ok(b).id);
    expect(err(await call('boardCreate', { requestId: rid(), name: '2号宣传栏', location: '' }, w.agent.token)).code).toBe('BOARD.NAME_TAKEN');
  });

  test('When a board is edited, retired (nothing up) and restored, then each change is in its history; retiring with a posting up → 409 BOARD.HAS_POSTINGS; posting on a retired board → 409 BOARD.RETIRED', async () => {
    const w = await world();
    const b = await createBoard(w, '3号宣传栏', w.b1._id);
    const edited = ok(await call<BoardView>('boardUpdate', { boardId: b.id, name: '3号宣传栏', location: '东门岗亭旁' }, w.agent.token));
    expect(edited.buildingId).toBeUndefined();
    expect(edited.location).toBe('东门岗亭旁');
    const [p] = await post(w, [b.id]);
    expect(err(await call('boardRetire', { boardId: b.id }, w.agent.token)).code).toBe('BOARD.HAS_POSTINGS');
    ok(await call('boardTakeDown', { postingId: p.id }, w.agent.token));
    const retired = ok(await call<BoardView>('boardRetire', { boardId: b.id }, w.agent.token));
    expect(retired).toMatchObject({ status: 'retired', can: { post: false, restore: true, retire: false } });
    expect(err(await call('boardRetire', { boardId: b.id }, w.agent.token)).code).toBe('BOARD.INVALID_TRANSITION');
    expect(err(await call('boardPost', { requestId: rid(), boardIds: [b.id], kind: 'tip', title: '提示', postedOn: today(), removeOn: today() }, w.agent.token)).code).toBe('BOARD.RETIRED');
    const restored = ok(await call<BoardView>('boardRestore', { boardId: b.id }, w.manager.token));
    expect(restored.status).toBe('active');
    expect(restored.history.map((h) => h.event)).toEqual(['create', 'edit', 'retire', 'restore']);
  });
});

describe('postings', () => {
  test('When a removal date is before the posting date, then 400 on removeOn; without a title (and no notice) 400 on title', async () => {
    const w = await world();
    const b = await createBoard(w, '1号宣传栏');
    const e = err(await call('boardPost', { requestId: rid(), boardIds: [b.id], kind: 'poster', title: '迎春活动海报', postedOn: today(), removeOn: addDays(today(), -1) }, w.agent.token));
    expect(e.code).toBe('VALIDATION');
    expect(issuesOf(e)).toEqual(['removeOn']);
    const t = err(await call('boardPost', { requestId: rid(), boardIds: [b.id], kind: 'poster', postedOn: today(), removeOn: today() }, w.agent.token));
    expect(issuesOf(t)).toEqual(['title']);
    expect(await BoardPosting.countDocuments({ communityId: w.c._id })).toBe(0);
  });

  test('When a notice is posted on boards 1–3 from its detail page (twice, racing), then one posting per board titled as the notice, and the notice lists where it is posted', async () => {
    const w = await world();
    const boards = await Promise.all(['1号宣传栏', '2号宣传栏', '3号宣传栏'].map((n) => createBoard(w, n)));
    const noticeId = await publishNotice(w, '小区停水通知');
    const ids = boards.map((b) => b.id);
    const send = () => call<PostingView[]>('boardPost', { requestId: rid(), boardIds: ids, kind: 'notice', noticeId, postedOn: today(), removeOn: addDays(today(), 3) }, w.agent.token);
    const results = await Promise.all([send(), send(), send()]);
    const first = ok(results[0]);
    for (const r of results) expect(ok(r).map((p) => p.id).sort()).toEqual(first.map((p) => p.id).sort());
    expect(first.map((p) => p.title)).toEqual(['小区停水通知', '小区停水通知', '小区停水通知']);
    expect(await BoardPosting.countDocuments({ communityId: w.c._id, noticeId: new Types.ObjectId(noticeId) })).toBe(3);
    const where = ok(await call<Paged<PostingView>>('boardPostings', { noticeId }, w.manager.token));
    expect(where.items.map((p) => p.boardName).sort()).toEqual(['1号宣传栏', '2号宣传栏', '3号宣传栏']);
    expect(where.items.every((p) => p.state === 'current' && p.kind === 'notice')).toBe(true);
  });

  test('When a withdrawn notice is posted, then 409 BOARD.NOTICE_NOT_PUBLISHED', async () => {
    const w = await world();
    const b = await createBoard(w, '1号宣传栏');
    const noticeId = await publishNotice(w);
    ok(await stack.invoke('notices', 'withdraw', { noticeId, reason: '信息有误，重新发布' } as never, w.manager.token), 'withdraw');
    expect(err(await call('boardPost', { requestId: rid(), boardIds: [b.id], kind: 'notice', noticeId, postedOn: today(), removeOn: today() }, w.agent.token)).code).toBe('BOARD.NOTICE_NOT_PUBLISHED');
  });

  test('When a posting is taken down (twice), then it is removed once, by whom and when, and leaves the board’s current count', async () => {
    const w = await world();
    const b = await createBoard(w, '1号宣传栏');
    const [p] = await post(w, [b.id]);
    const down = ok(await call<PostingView>('boardTakeDown', { postingId: p.id }, w.agent.token));
    expect(down).toMatchObject({ state: 'removed', removedByName: '王芳' });
    const again = ok(await call<PostingView>('boardTakeDown', { postingId: p.id }, w.manager.token));
    expect(again.removedByName).toBe('王芳');
    const doc = await BoardPosting.findById(p.id).lean();
    expect(doc!.history.map((h) => h.event)).toEqual(['post', 'takeDown']);
    expect(ok(await call<BoardView>('boardGet', { boardId: b.id }, w.agent.token)).current).toBe(0);
    const removed = ok(await call<Paged<PostingView>>('boardPostings', { boardId: b.id, state: 'removed' }, w.agent.token));
    expect(removed.items.map((x) => x.id)).toEqual([p.id]);
  });
});

describe('the weekly check', () => {
  test('When the check runs twice (and staff start it too), then one check this week listing each expired posting exactly once and the empty boards; agents are told once', async () => {
    const w = await world();
    const b1 = await createBoard(w, '1号宣传栏');
    const b2 = await createBoard(w, '2号宣传栏');
    const empty = await createBoard(w, '3号宣传栏');
    // Two postings past their removal date (one of them on two boards), one current, one to come.
    const old = await post(w, [b1.id, b2.id], { title: '国庆放假安排', postedOn: addDays(today(), -20), removeOn: addDays(today(), -3) });
    const [gone] = await post(w, [b1.id], { title: '消防演练通知', postedOn: addDays(today(), -10), removeOn: addDays(today(), -1) });
    await post(w, [b2.id], { title: '冬季防火提示', postedOn: addDays(today(), -1), removeOn: addDays(today(), 10) });
    await post(w, [b1.id], { title: '元旦活动海报', kind: 'poster', postedOn: addDays(today(), 3), removeOn: addDays(today(), 10) });
    const [r1, r2] = await Promise.all([runBoardCheck({ scope: { communityIds: [String(w.c._id)] } }), runBoardCheck({ scope: { communityIds: [String(w.c._id)] } })]);
    expect(r1.created + r2.created).toBe(1);
    ok(await call('boardCheckStart', {}, w.agent.token));
    expect(await BoardCheck.countDocuments({ communityId: w.c._id })).toBe(1);
    const { check, week, toTakeDown } = ok(await call<BoardCheckResult>('boardCheck', {}, w.agent.token));
    expect(week).toBe(weekStart(today()));
    expect(check!.expired.map((e) => e.postingId).sort()).toEqual([...old.map((p) => p.id), gone.id].sort());
    expect(new Set(check!.expired.map((e) => e.postingId)).size).toBe(3);
    // b1 has only expired and upcoming postings: nothing up today; b2 has its current reminder.
    expect(check!.emptyBoards.map((b) => b.boardName).sort()).toEqual(['1号宣传栏', '3号宣传栏']);
    expect(check!.emptyBoards.some((b) => b.boardId === empty.id)).toBe(true);
    expect(check!.left).toBe(3);
    expect(toTakeDown).toBe(3);
    expect(await OutboxMessage.countDocuments({ communityId: w.c._id, templateKey: 'board.check' })).toBe(1);
    // Ticked 已撤下 from the check: the posting is removed, the check shows it done.
    ok(await call('boardTakeDown', { postingId: gone.id }, w.agent.token));
    const after = ok(await call<BoardCheckResult>('boardCheck', {}, w.agent.token));
    expect(after.check!.left).toBe(2);
    expect(after.check!.expired.find((e) => e.postingId === gone.id)).toMatchObject({ removed: true, removedByName: '王芳' });
  });

  test('When next week comes, then a new check lists what is still expired, and last week’s stays readable by its Monday', async () => {
    const w = await world();
    const b = await createBoard(w, '1号宣传栏');
    const [p] = await post(w, [b.id], { postedOn: addDays(today(), -10), removeOn: addDays(today(), -2) });
    const first = await runBoardCheck({ scope: { communityIds: [String(w.c._id)] } });
    expect(first.created).toBe(1);
    const lastWeek = weekStart(today());
    clock = new Date(clock.getTime() + 7 * DAY);
    const second = await runBoardCheck({ scope: { communityIds: [String(w.c._id)] } });
    expect(second).toMatchObject({ created: 1, expired: 1 });
    w.agent = await staff(stack, w.c._id, { roles: ['agent'], name: '王芳' });
    const now = ok(await call<BoardCheckResult>('boardCheck', {}, w.agent.token));
    expect(now.week).toBe(addDays(lastWeek, 7));
    expect(now.check!.expired.map((e) => e.postingId)).toEqual([p.id]);
    const past = ok(await call<BoardCheckResult>('boardCheck', { week: addDays(lastWeek, 2) }, w.agent.token));
    expect(past.week).toBe(lastWeek);
    expect(past.check!.id).toBe(`${String(w.c._id)}:${lastWeek}`);
  });

  test('When the job runs for every community, then a check of community A never lists community B’s boards or postings, and B’s staff never see A’s check', async () => {
    const a = await world();
    const b = await world();
    const boardA = await createBoard(a, '1号宣传栏');
    const boardB = await createBoard(b, '1号宣传栏');
    await post(a, [boardA.id], { postedOn: addDays(today(), -9), removeOn: addDays(today(), -2) });
    const [pb] = await post(b, [boardB.id], { postedOn: addDays(today(), -9), removeOn: addDays(today(), -2) });
    await runBoardCheck();
    const checkA = ok(await call<BoardCheckResult>('boardCheck', {}, a.agent.token)).check!;
    expect(checkA.expired.every((e) => e.boardId === boardA.id)).toBe(true);
    expect(checkA.expired.map((e) => e.postingId)).not.toContain(pb.id);
    expect(checkA.emptyBoards.map((x) => x.boardId)).toEqual([boardA.id]);
    // A manual run by A's manager acts only on A (B's check this week was made above; a fresh B would get none).
    const c = await world();
    await createBoard(c, '9号宣传栏');
    await call('boardCheckStart', {}, a.agent.token);
    const byHand = await stack.invoke('jobs', 'boardCheck' as never, {} as never, a.manager.token);
    expect(ok(byHand as Envelope<{ created: number }>).created).toBe(0);
    expect(await BoardCheck.countDocuments({ communityId: c.c._id })).toBe(0);
  });

  test('When another community’s board or posting is named, then 404 (never its data)', async () => {
    const a = await world();
    const b = await world();
    const boardB = await createBoard(b, '1号宣传栏');
    const [pb] = await post(b, [boardB.id]);
    expect(err(await call('boardGet', { boardId: boardB.id }, a.agent.token)).code).toBe('BOARD.NOT_FOUND');
    expect(err(await call('boardTakeDown', { postingId: pb.id }, a.agent.token)).code).toBe('BOARD.POSTING_NOT_FOUND');
    expect(err(await call('boardPost', { requestId: rid(), boardIds: [boardB.id], kind: 'tip', title: '越权', postedOn: today(), removeOn: today() }, a.agent.token)).code).toBe('BOARD.NOT_FOUND');
    expect(err(await call('boardPostings', { boardId: boardB.id }, a.agent.token)).code).toBe('BOARD.NOT_FOUND');
    expect(err(await call('boardCreate', { requestId: rid(), name: '越权栏', buildingId: String(b.b1._id), location: '' }, a.agent.token)).code).toBe('BUILDING.NOT_FOUND');
    expect((await BoardPosting.findById(pb.id).lean())!.status).toBe('posted');
  });
});

describe('the hub and bad input', () => {
  test('When the manager opens 社区文化, then the tiles count postings up, to take down and empty boards of the community', async () => {
    const w = await world();
    const b1 = await createBoard(w, '1号宣传栏');
    await createBoard(w, '2号宣传栏');
    await post(w, [b1.id]);
    await post(w, [b1.id], { postedOn: addDays(today(), -9), removeOn: addDays(today(), -2) });
    const hub = ok(await call<LifeHub>('lifeHub', {}, w.manager.token));
    expect(hub).toMatchObject({ boards: 2, postingsUp: 1, postingsToTakeDown: 1, emptyBoards: 1, openSurveys: 0, upcomingActivities: 0 });
    expect(err(await call('lifeHub', {}, w.agent.token)).code).toBe('AUTH.FORBIDDEN');
  });

  test('When inputs carry NUL characters, __proto__ keys, huge arrays or bad dates, then 400 VALIDATION (never 500) and nothing is written', async () => {
    const w = await world();
    const b = await createBoard(w, '1号宣传栏');
    const bad: [string, Record<string, unknown>, string][] = [
      ['boardCreate', { requestId: rid(), name: '坏\u0000名', location: '' }, 'name'],
      ['boardPost', { requestId: rid(), boardIds: [b.id], kind: 'tip', title: '提示\u0000', postedOn: today(), removeOn: today() }, 'title'],
      ['boardPost', { requestId: rid(), boardIds: Array.from({ length: 5000 }, () => b.id), kind: 'tip', title: '提示', postedOn: today(), removeOn: today() }, 'boardIds'],
      ['boardPost', { requestId: rid(), boardIds: [b.id], kind: 'tip', title: '提示', postedOn: '2026-13-45', removeOn: today() }, 'postedOn'],
      ['boardPost', { requestId: rid(), boardIds: [b.id], kind: 'tip', title: '提示', postedOn: today(), removeOn: addDays(today(), 400) }, 'removeOn'],
      ['boardPost', { requestId: rid(), boardIds: [b.id], kind: 'graffiti', title: '提示', postedOn: today(), removeOn: today() }, 'kind'],
      ['boardList', { status: 'gone' }, 'status'],
    ];
    for (const [action, data, path] of bad) {
      const e = err(await call(action, data, w.agent.token));
      expect({ action, code: e.code }).toEqual({ action, code: 'VALIDATION' });
      expect({ action, path, ok: issuesOf(e).some((p) => p === path || p.startsWith(`${path}.`)) }).toEqual({ action, path, ok: true });
    }
    const raw = await stack.http('life', undefined, { token: w.agent.token, raw: `{"action":"boardCreate","data":{"requestId":"${rid()}","name":"原型栏","location":"","__proto__":{"admin":true}}}` });
    expect(raw.status).toBe(400);
    expect(await BoardPosting.countDocuments({ communityId: w.c._id })).toBe(0);
    expect(ok(await call<Paged<BoardSummary>>('boardList', {}, w.agent.token)).total).toBe(1);
  });
});

describe('in slices', () => {
  test('When the weekly check runs one community per invocation, then repeated runs (alone, or two workers at once) make each community’s check once and tell its agent once', async () => {
    const alone = [await world(), await world(), await world()];
    const pair = [await world(), await world(), await world()];
    for (const w of [...alone, ...pair]) {
      const b = await createBoard(w, '1号宣传栏');
      await post(w, [b.id], { postedOn: addDays(today(), -10), removeOn: addDays(today(), -2) });
    }
    const scopeOf = (ws: World[]) => ({ communityIds: ws.map((w) => String(w.c._id)) });
    const one = await untilDone(() => runBoardCheck({ scope: scopeOf(alone), budget: oneItem() }));
    expect(total(one, 'created')).toBe(3);
    expect(one.length).toBeGreaterThanOrEqual(3);
    const two = await twoWorkersUntilDone(() => runBoardCheck({ scope: scopeOf(pair), budget: oneItem() }));
    expect(total(two, 'created')).toBe(3);
    for (const w of [...alone, ...pair]) {
      expect(await BoardCheck.countDocuments({ communityId: w.c._id })).toBe(1);
      expect(await OutboxMessage.countDocuments({ communityId: w.c._id, templateKey: 'board.check' })).toBe(1);
    }
  }, 180_000);
});
