import type { Paged } from '@shared/contracts/contract';
import type { BoardCheckItem, BoardCheckResult, BoardCheckView, BoardSummary, BoardView, LifeHub, PostingView } from '@shared/contracts/life-boards.contract';
import { localDay, weekStart } from '@shared/domain/calendar';
import { BOARD_MACHINE, BOARDS_MAX, POSTING_MACHINE, postingDatesProblem, postingState, type BoardStatus, type PostingKind } from '@shared/domain/life';
import { routes } from '@shared/routes';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import type { JobScope } from '../../lib/job-scope';
import { Budget, runSliced } from '../../lib/slices';
import { paged } from '../../lib/paging';
import { actorOf, mutateRevision, SYSTEM, type Actor } from '../../lib/revision';
import { transitionTo } from '../../lib/transition';
import { buildingsOf, communityIdsIn } from '../community';
import { activeMemberIds } from '../identity';
import { attachPhotos, ownPhotos, photoLinks } from '../files';
import { enqueueOrLog } from '../messaging';
import { get as getNotice } from '../notices';
import { Activity } from './activity.model';
import { Board, BoardCheck, BoardPosting, type BoardCheckDoc, type BoardDoc, type BoardPostingDoc } from './board.model';
import { Survey } from './survey.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;
type BoardLean = BoardDoc & { _id: Id; createdAt: Date };
type PostingLean = BoardPostingDoc & { _id: Id; createdAt: Date };
type CheckLean = BoardCheckDoc & { _id: string; createdAt: Date };

const BOARD_SPEC = { kind: 'board', model: Board as never, notFound: 'BOARD.NOT_FOUND' as const };
const POSTING_SPEC = { kind: 'boardPosting', model: BoardPosting as never, notFound: 'BOARD.POSTING_NOT_FOUND' as const };

const today = () => localDay(now());
const cid = (caller: Caller) => new ObjectId(caller.communityId);
const iso = (d: Date | string | undefined | null) => (d ? new Date(d).toISOString() : undefined);

// ---------------------------------------------------------------------------------------------
// Loading and views

async function loadBoard(caller: Caller, boardId: string | Id): Promise<BoardLean> {
  const b = (await Board.findById(new ObjectId(String(boardId))).lean()) as BoardLean | null;
  if (!b || String(b.communityId) !== caller.communityId) throw new AppError('BOARD.NOT_FOUND');
  return b;
}

async function loadPosting(caller: Caller, postingId: string | Id): Promise<PostingLean> {
  const p = (await BoardPosting.findById(new ObjectId(String(postingId))).lean()) as PostingLean | null;
  if (!p || String(p.communityId) !== caller.communityId) throw new AppError('BOARD.POSTING_NOT_FOUND');
  return p;
}

interface Counts {
  current: number;
  expired: number;
  upcoming: number;
  currentTitles: string[];
}

/** Today's counts of the boards' postings still up (one query for the boards of a page). */
async function countsOf(communityId: Id, boardIds: readonly Id[], day: string): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>(boardIds.map((id) => [String(id), { current: 0, expired: 0, upcoming: 0, currentTitles: [] }]));
  if (!boardIds.length) return out;
  const up = (await BoardPosting.find({ communityId, boardId: boardIds.length === 1 ? boardIds[0] : { $in: [...boardIds] }, status: 'posted' }, { boardId: 1, title: 1, postedOn: 1, removeOn: 1, status: 1 })
    .sort({ postedOn: -1, _id: -1 })
    .lean()) as PostingLean[];
  for (const p of up) {
    const c = out.get(String(p.boardId));
    if (!c) continue;
    const state = postingState(p, day);
    if (state === 'current') {
      c.current++;
      if (c.currentTitles.length < 3) c.currentTitles.push(p.title);
    } else if (state === 'expired') c.expired++;
    else if (state === 'upcoming') c.upcoming++;
  }
  return out;
}

function summaryOf(b: BoardLean, c: Counts | undefined): BoardSummary {
  return {
    id: String(b._id),
    name: b.name,
    ...(b.buildingId ? { buildingId: String(b.buildingId) } : {}),
    ...(b.buildingName ? { buildingName: b.buildingName } : {}),
    location: b.location ?? '',
    status: b.status as BoardStatus,
    current: c?.current ?? 0,
    expired: c?.expired ?? 0,
    upcoming: c?.upcoming ?? 0,
    currentTitles: c?.currentTitles ?? [],
  };
}

async function boardView(b: BoardLean): Promise<BoardView> {
  const counts = await countsOf(b.communityId as Id, [b._id], today());
  const s = summaryOf(b, counts.get(String(b._id)));
  const allowed = new Set(BOARD_MACHINE.allowed(b.status as BoardStatus));
  return {
    ...s,
    history: (b.history ?? []).map((h) => ({ at: iso(h.at) as string, event: h.event, byName: h.byName, ...(h.note ? { note: h.note } : {}) })),
    can: { edit: allowed.has('edit'), retire: allowed.has('retire'), restore: allowed.has('restore'), post: b.status === 'active' },
  };
}

async function postingViews(ps: PostingLean[]): Promise<PostingView[]> {
  const day = today();
  return Promise.all(
    ps.map(async (p) => ({
      id: String(p._id),
      boardId: String(p.boardId),
      boardName: p.boardName,
      kind: p.kind as PostingKind,
      title: p.title,
      ...(p.text ? { text: p.text } : {}),
      ...(p.noticeId ? { noticeId: String(p.noticeId) } : {}),
      postedOn: p.postedOn,
      removeOn: p.removeOn,
      state: postingState(p, day),
      photos: await photoLinks(p.photoIds ?? []),
      byName: p.byName,
      postedAt: iso(p.createdAt) as string,
      ...(p.removedAt ? { removedAt: iso(p.removedAt) } : {}),
      ...(p.removedByName ? { removedByName: p.removedByName } : {}),
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// Boards

export async function boardList(caller: Caller, input: { status: 'active' | 'retired'; buildingId?: string; page: number; pageSize: number }): Promise<Paged<BoardSummary>> {
  const communityId = cid(caller);
  const filter = { communityId, status: input.status, ...(input.buildingId ? { buildingId: new ObjectId(input.buildingId) } : {}) };
  return paged({ model: Board, filter, sort: { name: 1 } }, input, async (docs: BoardLean[]) => {
    const counts = await countsOf(communityId, docs.map((d) => d._id), today());
    return docs.map((d) => summaryOf(d, counts.get(String(d._id))));
  });
}

export async function boardGet(caller: Caller, input: { boardId: string }): Promise<BoardView> {
  return boardView(await loadBoard(caller, input.boardId));
}

/** Another board of the community in use already has the name: 409. */
async function checkNameFree(communityId: Id, name: string, except?: Id): Promise<void> {
  const other = await Board.exists({ communityId, status: 'active', name, ...(except ? { _id: { $ne: except } } : {}) });
  if (other) throw new AppError('BOARD.NAME_TAKEN', `已有名为“${name}”的宣传栏`);
}

async function buildingOf(communityId: Id, buildingId: string | undefined | null): Promise<{ buildingId?: Id; buildingName?: string }> {
  if (!buildingId) return {};
  const b = (await buildingsOf(communityId)).find((x) => String(x._id) === buildingId);
  if (!b) throw new AppError('BUILDING.NOT_FOUND');
  return { buildingId: b._id, buildingName: b.name };
}

export async function boardCreate(caller: Caller, input: { requestId: string; name: string; buildingId?: string; location: string }): Promise<BoardView> {
  const communityId = cid(caller);
  const { doc } = await createOnce<BoardLean>({
    model: Board,
    key: `board:${caller.userId}:${input.requestId}`,
    build: async (_id) => {
      if ((await Board.countDocuments({ communityId, status: 'active' })) >= BOARDS_MAX) throw new AppError('BOARD.TOO_MANY', `每个小区最多${BOARDS_MAX}个宣传栏`);
      await checkNameFree(communityId, input.name);
      const building = await buildingOf(communityId, input.buildingId);
      return {
        _id,
        communityId,
        requestKey: `board:${caller.userId}:${input.requestId}`,
        name: input.name,
        ...building,
        location: input.location,
        status: 'active',
        rev: 0,
        byId: new ObjectId(caller.userId),
        byName: caller.name,
        history: [{ at: now(), event: 'create', to: 'active', byId: new ObjectId(caller.userId), byName: caller.name }],
      };
    },
  });
  return boardView(doc);
}

export async function boardUpdate(caller: Caller, input: { boardId: string; name: string; buildingId?: string; location: string }): Promise<BoardView> {
  const b = await loadBoard(caller, input.boardId);
  if (b.status === 'active' && input.name !== b.name) await checkNameFree(b.communityId as Id, input.name, b._id);
  const building = await buildingOf(b.communityId as Id, input.buildingId);
  const { doc } = await mutateRevision<BoardLean>(BOARD_SPEC, b._id, actorOf(caller), (cur) => {
    transitionTo(BOARD_MACHINE, cur.status, 'edit');
    const moved = String(building.buildingId ?? '') !== String(cur.buildingId ?? '');
    if (cur.name === input.name && cur.location === input.location && !moved) return null;
    return {
      event: 'edit',
      note: `${input.name}${building.buildingName ? ` · ${building.buildingName}` : ''}${input.location ? ` · ${input.location}` : ''}`,
      set: { name: input.name, location: input.location, ...(building.buildingId ? building : {}) },
      ...(!building.buildingId && cur.buildingId ? { unset: ['buildingId', 'buildingName'] } : {}),
    };
  });
  return boardView(doc);
}

export async function boardRetire(caller: Caller, input: { boardId: string }): Promise<BoardView> {
  const b = await loadBoard(caller, input.boardId);
  transitionTo(BOARD_MACHINE, b.status, 'retire');
  const up = await BoardPosting.countDocuments({ communityId: b.communityId, boardId: b._id, status: 'posted' });
  if (up) throw new AppError('BOARD.HAS_POSTINGS', `宣传栏上还有${up}份张贴未撤下，请先撤下`, { up });
  const { doc } = await mutateRevision<BoardLean>(BOARD_SPEC, b._id, actorOf(caller), (cur) => ({ event: 'retire', to: transitionTo(BOARD_MACHINE, cur.status, 'retire') }));
  return boardView(doc);
}

export async function boardRestore(caller: Caller, input: { boardId: string }): Promise<BoardView> {
  const b = await loadBoard(caller, input.boardId);
  transitionTo(BOARD_MACHINE, b.status, 'restore');
  await checkNameFree(b.communityId as Id, b.name, b._id);
  const { doc } = await mutateRevision<BoardLean>(BOARD_SPEC, b._id, actorOf(caller), (cur) => ({ event: 'restore', to: transitionTo(BOARD_MACHINE, cur.status, 'restore') }));
  return boardView(doc);
}

// ---------------------------------------------------------------------------------------------
// Postings

export interface BoardPostInput {
  requestId: string;
  boardIds: string[];
  kind: PostingKind;
  noticeId?: string;
  title?: string;
  text?: string;
  postedOn: string;
  removeOn: string;
  photoIds: string[];
}

/**
 * Post on boards: one posting per board, each made once — a notice's by notice and board (posting
 * it again, from any request, finds the first), the others by request and board. The boards must be
 * in use; a notice must be published and not expired.
 */
export async function boardPost(caller: Caller, input: BoardPostInput): Promise<PostingView[]> {
  const communityId = cid(caller);
  const problem = postingDatesProblem(input.postedOn, input.removeOn, today());
  if (problem) throw new AppError('VALIDATION', problem.message, { issues: [problem] });
  let title = input.title?.trim() ?? '';
  let kind = input.kind;
  if (input.noticeId) {
    const n = await getNotice(caller, input.noticeId);
    if (n.status !== 'published' || (n.expiresAt && new Date(n.expiresAt).getTime() <= now().getTime())) throw new AppError('BOARD.NOTICE_NOT_PUBLISHED');
    title ||= n.title.slice(0, 40);
    kind = 'notice';
  }
  if (!title) throw new AppError('VALIDATION', '请填写张贴标题', { issues: [{ path: 'title', message: '请填写张贴标题' }] });
  const ids = [...new Set(input.boardIds)];
  const boards = await Promise.all(ids.map((id) => loadBoard(caller, id)));
  const retired = boards.find((b) => b.status !== 'active');
  if (retired) throw new AppError('BOARD.RETIRED', `${retired.name}已停用，不能张贴`);
  const photoIds = await ownPhotos(caller, input.photoIds);
  const made: PostingLean[] = [];
  for (const b of boards) {
    const key = input.noticeId ? `board-posting:notice:${input.noticeId}:${String(b._id)}` : `board-posting:${caller.userId}:${input.requestId}:${String(b._id)}`;
    const { doc } = await createOnce<PostingLean>({
      model: BoardPosting,
      key,
      build: async (_id) => ({
        _id,
        communityId,
        boardId: b._id,
        boardName: b.name,
        kind,
        title,
        ...(input.text ? { text: input.text } : {}),
        ...(input.noticeId ? { noticeId: new ObjectId(input.noticeId) } : {}),
        postedOn: input.postedOn,
        removeOn: input.removeOn,
        photoIds,
        byId: new ObjectId(caller.userId),
        byName: caller.name,
        status: 'posted',
        rev: 0,
        history: [{ at: now(), event: 'post', to: 'posted', byId: new ObjectId(caller.userId), byName: caller.name, note: `${input.postedOn} 至 ${input.removeOn}` }],
      }),
      beforeInsert: async () => attachPhotos(photoIds, `boardPosting:${String(b._id)}`),
    });
    made.push(doc);
  }
  return postingViews(made);
}

export async function boardPostings(caller: Caller, input: { boardId?: string; noticeId?: string; state: 'up' | 'removed'; page: number; pageSize: number }): Promise<Paged<PostingView>> {
  const filter = {
    communityId: cid(caller),
    ...(input.boardId ? { boardId: new ObjectId(input.boardId) } : {}),
    ...(input.noticeId ? { noticeId: new ObjectId(input.noticeId) } : {}),
    status: input.state === 'up' ? 'posted' : 'removed',
  };
  return paged({ model: BoardPosting, filter, sort: input.state === 'up' ? { removeOn: 1 } : { removedAt: -1 } }, input, (docs: PostingLean[]) => postingViews(docs));
}

/** 撤下: the posting taken down (already down: answered as it is). */
export async function boardTakeDown(caller: Caller, input: { postingId: string }): Promise<PostingView> {
  const p = await loadPosting(caller, input.postingId);
  const { doc } = await mutateRevision<PostingLean>(POSTING_SPEC, p._id, actorOf(caller), (cur) =>
    cur.status === 'removed' ? null : { event: 'takeDown', to: transitionTo(POSTING_MACHINE, cur.status, 'takeDown'), set: { removedAt: now(), removedByName: caller.name } },
  );
  return (await postingViews([doc]))[0];
}

// ---------------------------------------------------------------------------------------------
// The weekly check

const checkIdOf = (communityId: Id | string, week: string) => `${String(communityId)}:${week}`;

interface Found {
  expired: { postingId: Id; boardId: Id; boardName: string; title: string; kind: string; removeOn: string }[];
  emptyBoards: { boardId: Id; boardName: string; location: string }[];
  boards: number;
  up: number;
}

/** What a check finds today: postings still up past their removal date, boards in use with nothing up today. */
async function findOnBoards(communityId: Id, day: string): Promise<Found> {
  const boards = (await Board.find({ communityId, status: 'active' }, { name: 1, location: 1 }).sort({ name: 1, _id: 1 }).lean()) as BoardLean[];
  const postings = (await BoardPosting.find({ communityId, status: 'posted' }, { boardId: 1, boardName: 1, title: 1, kind: 1, postedOn: 1, removeOn: 1, status: 1 }).sort({ removeOn: 1, _id: 1 }).lean()) as PostingLean[];
  const active = new Set(boards.map((b) => String(b._id)));
  const withCurrent = new Set<string>();
  const expired: Found['expired'] = [];
  let up = 0;
  for (const p of postings) {
    if (!active.has(String(p.boardId))) continue;
    const state = postingState(p, day);
    if (state === 'expired') expired.push({ postingId: p._id, boardId: p.boardId as Id, boardName: p.boardName, title: p.title, kind: p.kind, removeOn: p.removeOn });
    if (state === 'current') {
      withCurrent.add(String(p.boardId));
      up++;
    }
  }
  const emptyBoards = boards.filter((b) => !withCurrent.has(String(b._id))).map((b) => ({ boardId: b._id, boardName: b.name, location: b.location ?? '' }));
  return { expired, emptyBoards, boards: boards.length, up };
}

/**
 * This week's check of a community, made once: `_id` `<communityId>:<Monday>` (a second run, a
 * twin, staff starting it by hand all find the first). The agents are told when it found work
 * (message keyed by the check: once each).
 */
async function makeCheck(communityId: Id, by: Actor): Promise<{ check: CheckLean; created: boolean }> {
  const day = today();
  const _id = checkIdOf(communityId, weekStart(day));
  let check = (await BoardCheck.findById(_id).lean()) as CheckLean | null;
  let created = false;
  if (!check) {
    const found = await findOnBoards(communityId, day);
    try {
      await BoardCheck.create({ _id, communityId, week: weekStart(day), day, expired: found.expired, emptyBoards: found.emptyBoards, byName: by.name, notified: 0 });
      created = true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    check = (await BoardCheck.findById(_id).lean()) as CheckLean;
  }
  // Told once per agent (keyed); a run cut short before telling tells on the next run.
  if ((created || !check.notified) && (check.expired.length || check.emptyBoards.length)) {
    const agents = await activeMemberIds(communityId, 'agent');
    for (const userId of agents) {
      await enqueueOrLog(
        {
          communityId,
          eventKey: `board-check:${_id}`,
          recipientUserId: userId,
          templateKey: 'board.check',
          values: { task: '宣传栏周检', expired: check.expired.length, empty: check.emptyBoards.length, time: now() },
          page: routes.staff.boardCheck(),
        },
        { check: _id },
      );
    }
    if (agents.length) {
      await BoardCheck.updateOne({ _id }, { $set: { notified: agents.length } });
      check = { ...check, notified: agents.length } as CheckLean;
    }
  }
  return { check, created };
}

export interface BoardCheckReport {
  /** Communities with boards in use (in the run's scope). */
  communities: number;
  /** Checks made by this run (a second run in the same week makes none). */
  created: number;
  /** Expired postings listed by the checks made. */
  expired: number;
  /** Boards with nothing up, in the checks made. */
  emptyBoards: number;
  /** Work left for the next invocation (lib/slices.ts). */
  more: boolean;
}

/**
 * The weekly check (宣传栏周检, job `boardCheck`): for each community with boards in use, this
 * week's check once — the postings past their removal date still up (to take down) and the boards
 * with nothing up — and the agents told.
 */
export async function runBoardCheck(run: { scope?: JobScope; signal?: AbortSignal; budget?: Budget } = {}): Promise<BoardCheckReport> {
  const budget = run.budget ?? Budget.of({ signal: run.signal });
  const report: BoardCheckReport = { communities: 0, created: 0, expired: 0, emptyBoards: 0, more: false };
  // Per community (lib/slices.ts): the item is the community's check of the week, a keyed insert
  // (community, week) and its agents told once (keyed messages): a repeat makes and sends nothing.
  const sliced = await runSliced('boardCheck', { communityIds: await communityIdsIn(run.scope), budget }, async (communityId) => {
    const id = new ObjectId(communityId);
    if (!(await Board.exists({ communityId: id, status: 'active' }))) return 'done';
    report.communities++;
    const { check, created } = await makeCheck(id, SYSTEM);
    if (created) {
      // The item is a check made (a community checked already this week costs a read, no item:
      // a next invocation passes it quickly and goes on to the others).
      budget.spend(1);
      report.created++;
      report.expired += check.expired.length;
      report.emptyBoards += check.emptyBoards.length;
    }
    return 'done';
  });
  report.more = sliced.more;
  return report;
}

async function checkView(c: CheckLean): Promise<BoardCheckView> {
  const ids = c.expired.map((e) => e.postingId as Id);
  const ps = ids.length ? ((await BoardPosting.find({ _id: { $in: ids } }, { status: 1, removedAt: 1, removedByName: 1 }).lean()) as PostingLean[]) : [];
  const byId = new Map(ps.map((p) => [String(p._id), p]));
  const expired: BoardCheckItem[] = c.expired.map((e) => {
    const p = byId.get(String(e.postingId));
    const removed = !p || p.status === 'removed';
    return {
      postingId: String(e.postingId),
      boardId: String(e.boardId),
      boardName: e.boardName as string,
      title: e.title as string,
      kind: e.kind as PostingKind,
      removeOn: e.removeOn as string,
      removed,
      ...(p?.removedAt ? { removedAt: iso(p.removedAt) } : {}),
      ...(p?.removedByName ? { removedByName: p.removedByName } : {}),
    };
  });
  return {
    id: c._id,
    week: c.week,
    day: c.day,
    madeAt: iso(c.createdAt) as string,
    byName: c.byName,
    expired,
    emptyBoards: c.emptyBoards.map((b) => ({ boardId: String(b.boardId), boardName: b.boardName as string, location: (b.location as string) ?? '' })),
    left: expired.filter((e) => !e.removed).length,
    notified: c.notified ?? 0,
  };
}

export async function boardCheck(caller: Caller, input: { week?: string }): Promise<BoardCheckResult> {
  const day = today();
  const week = weekStart(input.week ?? day);
  const c = (await BoardCheck.findById(checkIdOf(caller.communityId as string, week)).lean()) as CheckLean | null;
  const toTakeDown = await BoardPosting.countDocuments({ communityId: cid(caller), status: 'posted', removeOn: { $lt: day } });
  return { week, today: day, check: c ? await checkView(c) : null, toTakeDown };
}

export async function boardCheckStart(caller: Caller): Promise<BoardCheckResult> {
  await makeCheck(cid(caller), actorOf(caller));
  return boardCheck(caller, {});
}

// ---------------------------------------------------------------------------------------------
// The community-life hub

/**
 * The hub's tiles: surveys open (published) and drafted, activities published for today or later,
 * and the boards' state today (counted in the database, scoped to the caller's community).
 */
export async function lifeHub(caller: Caller): Promise<LifeHub> {
  const communityId = cid(caller);
  const day = today();
  const [found, openSurveys, draftSurveys, upcomingActivities] = await Promise.all([
    findOnBoards(communityId, day),
    Survey.countDocuments({ communityId, status: 'published' }),
    Survey.countDocuments({ communityId, status: 'draft' }),
    Activity.countDocuments({ communityId, status: 'published', day: { $gte: day } }),
  ]);
  return { openSurveys, draftSurveys, upcomingActivities, boards: found.boards, postingsUp: found.up, postingsToTakeDown: found.expired.length, emptyBoards: found.emptyBoards.length };
}
