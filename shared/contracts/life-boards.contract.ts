import { z } from 'zod';
import {
  BOARD_LOCATION_MAX,
  BOARD_NAME_MAX,
  POSTING_BOARDS_MAX,
  POSTING_KINDS,
  POSTING_TEXT_MAX,
  POSTING_TITLE_MAX,
  type BoardStatus,
  type PostingKind,
  type PostingState,
} from '../domain/life';
import { action, calendarDay, community, empty, objectId, page, type Paged, pageSize } from './contract';

/**
 * Notice boards (宣传栏, life.md "Notice boards (宣传栏)"): the community's boards, what is posted on
 * each with its posting and removal dates (a notice posted on chosen boards from its detail page),
 * the weekly check listing the postings to take down, and the community-life hub's counts.
 */

export interface HistoryItem {
  at: string;
  event: string;
  byName: string;
  note?: string;
}

/** A board in the lists, with what is up on it today. */
export interface BoardSummary {
  id: string;
  name: string;
  buildingId?: string;
  buildingName?: string;
  location: string;
  status: BoardStatus;
  /** Postings up today. */
  current: number;
  /** Past their removal date, still up. */
  expired: number;
  /** Posted for a day to come. */
  upcoming: number;
  /** Titles of what is up today (first few). */
  currentTitles: string[];
}

export interface BoardView extends BoardSummary {
  history: HistoryItem[];
  can: { edit: boolean; retire: boolean; restore: boolean; post: boolean };
}

/** A posting as lists show it. */
export interface PostingView {
  id: string;
  boardId: string;
  boardName: string;
  kind: PostingKind;
  title: string;
  text?: string;
  noticeId?: string;
  postedOn: string;
  removeOn: string;
  state: PostingState;
  photos: { id: string; url: string }[];
  byName: string;
  postedAt: string;
  removedAt?: string;
  removedByName?: string;
}

export interface BoardCheckItem {
  postingId: string;
  boardId: string;
  boardName: string;
  title: string;
  kind: PostingKind;
  removeOn: string;
  /** Taken down since (ticked 已撤下). */
  removed: boolean;
  removedAt?: string;
  removedByName?: string;
}

/** A week's check: what was found when it was made, and how much is still to do. */
export interface BoardCheckView {
  id: string;
  week: string;
  /** The day it was made. */
  day: string;
  madeAt: string;
  byName: string;
  expired: BoardCheckItem[];
  emptyBoards: { boardId: string; boardName: string; location: string }[];
  /** Expired postings not taken down yet. */
  left: number;
  notified: number;
}

export interface BoardCheckResult {
  week: string;
  today: string;
  /** This week's check (null until the job, or staff, made it). */
  check: BoardCheckView | null;
  /** Postings past their removal date still up now (also those that expired after the check was made). */
  toTakeDown: number;
}

/** The community-life hub's tiles (manager `life`). */
export interface LifeHub {
  openSurveys: number;
  draftSurveys: number;
  upcomingActivities: number;
  boards: number;
  postingsUp: number;
  postingsToTakeDown: number;
  emptyBoards: number;
}

const STAFF = ['agent', 'manager'] as const;
const requestId = z.string({ message: '缺少请求编号' }).regex(/^[\w-]{8,64}$/, '请求编号格式不正确');
const day = calendarDay();
const fileId = z.string().regex(/^[\w-]{8,64}$/, '照片编号不正确');
const name = z.string({ message: '请填写宣传栏名称' }).trim().min(1, '请填写宣传栏名称').max(BOARD_NAME_MAX, `名称最多${BOARD_NAME_MAX}字`);
const location = z.string().trim().max(BOARD_LOCATION_MAX, `位置最多${BOARD_LOCATION_MAX}字`).default('');
const boardRef = { boardId: 'board' } as const;

export const lifeBoardActions = {
  /** Staff: the community's boards (in use, or retired) with today's postings counted; by building. */
  boardList: action<Paged<BoardSummary>>()(
    z
      .object({ status: z.enum(['active', 'retired']).default('active'), buildingId: objectId.optional(), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community([...STAFF], { buildingId: 'building' }),
  ),
  /** Staff: one board, its counts and history. */
  boardGet: action<BoardView>()(z.object({ boardId: objectId }).strict(), community([...STAFF], boardRef)),
  /** Staff: a new board (idempotent by request id); the building it stands at, or none (公共区域). */
  boardCreate: action<BoardView>()(
    z.object({ requestId, name, buildingId: objectId.optional(), location }).strict(),
    community([...STAFF], { buildingId: 'building' }),
  ),
  /** Staff: a board's name, building (none: the public area) and location, all as given. */
  boardUpdate: action<BoardView>()(
    z.object({ boardId: objectId, name, buildingId: objectId.optional(), location }).strict(),
    community([...STAFF], { boardId: 'board', buildingId: 'building' }),
  ),
  /** Staff: retire a board (nothing may be up on it) or put it back in use. */
  boardRetire: action<BoardView>()(z.object({ boardId: objectId }).strict(), community([...STAFF], boardRef)),
  boardRestore: action<BoardView>()(z.object({ boardId: objectId }).strict(), community([...STAFF], boardRef)),
  /**
   * Staff: post on one or more boards — a published notice (its title by default; once per notice
   * and board) or a poster / reminder typed here; posting and removal dates (removal ≥ posting),
   * an optional photo. Idempotent by request id (and by notice + board).
   */
  boardPost: action<PostingView[]>()(
    z
      .object({
        requestId,
        boardIds: z.array(objectId).min(1, '请选择宣传栏').max(POSTING_BOARDS_MAX, `一次最多张贴${POSTING_BOARDS_MAX}个宣传栏`),
        kind: z.enum(POSTING_KINDS, { message: '请选择张贴类型' }),
        noticeId: objectId.optional(),
        title: z.string().trim().max(POSTING_TITLE_MAX, `标题最多${POSTING_TITLE_MAX}字`).optional(),
        text: z.string().trim().max(POSTING_TEXT_MAX, `内容最多${POSTING_TEXT_MAX}字`).optional(),
        postedOn: day,
        removeOn: day,
        photoIds: z.array(fileId).max(1, '最多一张照片').default([]),
      })
      .strict(),
    community([...STAFF], { boardIds: 'board', noticeId: 'notice' }),
  ),
  /** Staff: postings of a board, of a notice (where it is posted), or the community's still up; `up` (not taken down) or `removed`. */
  boardPostings: action<Paged<PostingView>>()(
    z
      .object({ boardId: objectId.optional(), noticeId: objectId.optional(), state: z.enum(['up', 'removed']).default('up'), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community([...STAFF], { boardId: 'board', noticeId: 'notice' }),
  ),
  /** Staff: 撤下 — a posting taken down (again: answered as it is). */
  boardTakeDown: action<PostingView>()(z.object({ postingId: objectId }).strict(), community([...STAFF], { postingId: 'boardPosting' })),
  /** Staff: this week's check (or a past week's, by its Monday), and how many postings are to take down now. */
  boardCheck: action<BoardCheckResult>()(z.object({ week: day.optional() }).strict().optional().default({}), community([...STAFF])),
  /** Staff: make this week's check now, if the job has not (one per community and week). */
  boardCheckStart: action<BoardCheckResult>()(empty, community([...STAFF])),
  /** Manager: the community-life hub's counts (open surveys, upcoming activities, postings to take down). */
  lifeHub: action<LifeHub>()(empty, community(['manager'])),
};
