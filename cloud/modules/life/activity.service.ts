import type { Paged } from '@shared/contracts/contract';
import type { ActivityFigures, ActivitySignupView, ActivitySummary, ActivityView } from '@shared/contracts/life-activity-view';
import { addDays, chineseDate, localDay } from '@shared/domain/calendar';
import { ACTIVITY_MACHINE, ACTIVITY_STATUS_LABELS, ACTIVITY_TEMPLATES, sumFen, type ActivityEvent, type ActivityMoneyLine, type ActivityPlan, type ActivityProgrammeLine, type ActivitySignupStatus, type ActivityStaffLine, type ActivityStatus, type ActivityTemplate } from '@shared/domain/life';
import { routes } from '@shared/routes';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { hasRole } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { paged } from '../../lib/paging';
import { actorOf, mutateRevision, type Change } from '../../lib/revision';
import { transitionTo } from '../../lib/transition';
import { unitsByIds } from '../community';
import { attachPhotos, photoLinks } from '../files';
import { enqueueOrLog } from '../messaging';
import { publish } from '../notices';
import { Activity, ActivitySeat, ActivitySignup } from './activity.model';
import { LIFE_STAFF, ownerSeesActivity } from './life.access';
import { surveyScore } from './results.service';

/**
 * Activities (life.md "Activities"): the plan (from a template), its review by the manager,
 * publication (the 活动通知 with 去报名), the end of the day and what comes after (spent lines, photos),
 * the figures. Sign-up and check-in live in signup.service.ts; the feedback survey in
 * activity-feedback.service.ts. Every change goes through `mutateRevision` with ACTIVITY_MACHINE.
 */
const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

export interface ActivityLean extends ActivityPlan {
  _id: Id;
  communityId: Id;
  requestKey: string;
  templateKey?: string | null;
  status: ActivityStatus;
  rev?: number;
  review?: { decision?: string | null; note?: string | null; byName?: string | null; at?: Date | null } | null;
  capacity?: number | null;
  placesPerHousehold?: number | null;
  signupDeadline?: string | null;
  noticeId?: string | null;
  publishedAt?: Date | null;
  cancelReason?: string | null;
  cancelledAt?: Date | null;
  finishedAt?: Date | null;
  spent: ActivityMoneyLine[];
  photoIds: string[];
  summary?: string | null;
  feedbackSurveyId?: string | null;
  createdByName: string;
  history: { at: Date; event: string; from?: string | null; to: string; byName: string; note?: string | null }[];
  createdAt: Date;
}

export interface SignupLean {
  _id: Id;
  communityId: Id;
  activityId: Id;
  unitId: Id;
  buildingId?: Id | null;
  unitLabel: string;
  userId: Id;
  name: string;
  places: number;
  status: ActivitySignupStatus;
  seq: string;
  seatIds: string[];
  code: string;
  codeKey: string;
  promotedAt?: Date | null;
  cancelledAt?: Date | null;
  checkedInAt?: Date | null;
  checkedInByName?: string | null;
  rev?: number;
  createdAt: Date;
}

export const activitySpec = { kind: 'activity', model: Activity as never, notFound: 'ACTIVITY.NOT_FOUND' as const, conflict: 'STATE.CONFLICT' as const };

/** The activity of the caller's community (the access rule has checked the caller may reach it). */
export async function loadActivity(caller: Pick<Caller, 'communityId'>, id: string | Id): Promise<ActivityLean> {
  const a = await Activity.findById(id).lean<ActivityLean>();
  if (!a || String(a.communityId) !== caller.communityId) throw new AppError('ACTIVITY.NOT_FOUND');
  return a;
}

export function mutateActivity(id: string | Id, caller: Caller, build: (cur: ActivityLean) => Change | null): Promise<{ doc: ActivityLean; changed: boolean }> {
  return mutateRevision<ActivityLean>(activitySpec, id, actorOf(caller), build);
}

const iso = (d?: Date | null) => (d ? new Date(d).toISOString() : undefined);

/** The sign-up window: published, and today on or before the deadline. */
export function signupOpen(a: Pick<ActivityLean, 'status' | 'signupDeadline'>, today = localDay(now())): boolean {
  return a.status === 'published' && Boolean(a.signupDeadline) && today <= (a.signupDeadline ?? '');
}

/** Places taken (seats held by confirmed sign-ups). */
export async function seatsTaken(activityId: Id): Promise<number> {
  return ActivitySeat.countDocuments({ activityId });
}

/** The standing (confirmed or waiting) and checked-in sign-ups of an activity. */
async function standingSignups(activityId: Id): Promise<SignupLean[]> {
  return ActivitySignup.find({ activityId, status: { $in: ['confirmed', 'waiting'] } }).lean<SignupLean[]>();
}

/**
 * Units checked in at an activity (its attendees): the audience of its feedback survey. Of the
 * caller's community only when `communityId` is given.
 */
export async function activityAttendeeUnits(activityId: string, communityId?: string): Promise<string[]> {
  const signups = await ActivitySignup.find({ activityId: new ObjectId(activityId), status: 'confirmed', checkedInAt: { $exists: true } }, { unitId: 1, communityId: 1 }).lean();
  return [...new Set(signups.filter((s) => !communityId || String(s.communityId) === communityId).map((s) => String(s.unitId)))];
}

export async function figuresOf(a: ActivityLean, signups?: SignupLean[]): Promise<ActivityFigures> {
  const list = signups ?? (await standingSignups(a._id));
  const confirmed = list.filter((s) => s.status === 'confirmed');
  const waiting = list.filter((s) => s.status === 'waiting');
  const checked = confirmed.filter((s) => s.checkedInAt);
  const feedback = a.feedbackSurveyId ? { surveyId: a.feedbackSurveyId, ...(await surveyScore(a.feedbackSurveyId)) } : undefined;
  return {
    households: confirmed.length,
    places: confirmed.reduce((s, x) => s + x.places, 0),
    waitingHouseholds: waiting.length,
    waitingPlaces: waiting.reduce((s, x) => s + x.places, 0),
    checkedIn: checked.length,
    checkedInPlaces: checked.reduce((s, x) => s + x.places, 0),
    attendanceRate: confirmed.length ? Math.round((checked.length / confirmed.length) * 100) : null,
    budgetFen: sumFen(a.budget ?? []),
    spentFen: sumFen(a.spent ?? []),
    ...(feedback ? { feedback } : {}),
  };
}

/** A sign-up as a page shows it; the code only to its owner (`withCode`), the position on the waiting list when known. */
export function signupView(s: SignupLean, opts: { withCode?: boolean; position?: number } = {}): ActivitySignupView {
  return {
    id: String(s._id),
    activityId: String(s.activityId),
    unitId: String(s.unitId),
    unitLabel: s.unitLabel,
    name: s.name,
    places: s.places,
    status: s.status,
    ...(opts.position ? { position: opts.position } : {}),
    ...(opts.withCode && s.status === 'confirmed' ? { code: s.code } : {}),
    ...(s.checkedInAt ? { checkedInAt: iso(s.checkedInAt), checkedInByName: s.checkedInByName ?? '' } : {}),
    createdAt: iso(s.createdAt) ?? '',
  };
}

/** Positions on the waiting list (1 = next), by arrival. */
export function waitingPositions(signups: SignupLean[]): Map<string, number> {
  const waiting = signups.filter((s) => s.status === 'waiting').sort((x, y) => x.seq.localeCompare(y.seq));
  return new Map(waiting.map((s, i) => [String(s._id), i + 1]));
}

function summaryOf(a: ActivityLean, extra: Partial<ActivitySummary>): ActivitySummary {
  return {
    id: String(a._id),
    title: a.title,
    status: a.status,
    day: a.day,
    startTime: a.startTime,
    endTime: a.endTime,
    place: a.place,
    ...(a.capacity ? { capacity: a.capacity } : {}),
    ...(a.signupDeadline ? { signupDeadline: a.signupDeadline } : {}),
    signupOpen: signupOpen(a),
    ...extra,
  };
}

/** The activity as the caller sees it: staff everything (figures, history, buttons); an owner the public parts and their household's sign-ups. */
export async function activityView(a: ActivityLean, caller: Caller): Promise<ActivityView> {
  const staff = hasRole(caller, ...LIFE_STAFF);
  const photos = a.status === 'finished' || staff ? await photoLinks(a.photoIds ?? []) : [];
  const today = localDay(now());
  const common = {
    intro: a.intro ?? '',
    programme: (a.programme ?? []).map((p: ActivityProgrammeLine) => ({ time: p.time ?? '', item: p.item, person: p.person ?? '' })),
    safety: [...(a.safety ?? [])],
    ...(a.placesPerHousehold ? { placesPerHousehold: a.placesPerHousehold } : {}),
    ...(a.cancelReason ? { cancelReason: a.cancelReason } : {}),
    ...(a.publishedAt ? { publishedAt: iso(a.publishedAt) } : {}),
    ...(a.summary && a.status === 'finished' ? { summary: a.summary } : {}),
    photos,
  };
  if (!staff) {
    // The owner's own sign-ups only (reads stay small when hundreds have signed up).
    const unitIds = caller.unitIds.map((u) => new ObjectId(u));
    const [mine, units, taken] = await Promise.all([
      unitIds.length ? ActivitySignup.find({ activityId: a._id, unitId: { $in: unitIds }, status: { $in: ['confirmed', 'waiting'] } }).lean<SignupLean[]>() : Promise.resolve([] as SignupLean[]),
      unitIds.length ? unitsByIds(unitIds) : Promise.resolve([]),
      a.capacity ? seatsTaken(a._id) : Promise.resolve(0),
    ]);
    const positions = new Map<string, number>();
    for (const s of mine) if (s.status === 'waiting') positions.set(String(s._id), (await ActivitySignup.countDocuments({ activityId: a._id, status: 'waiting', seq: { $lt: s.seq } })) + 1);
    const open = signupOpen(a, today);
    const first = mine[0];
    return {
      ...summaryOf(a, { ...(a.capacity ? { placesLeft: Math.max(0, a.capacity - taken) } : {}), ...(first ? { mine: { status: first.status, places: first.places } } : {}) }),
      ...common,
      signups: mine.map((s) => signupView(s, { withCode: true, position: positions.get(String(s._id)) })),
      units: units.map((u) => ({ id: String(u._id), label: u.label, signedUp: mine.some((s) => String(s.unitId) === String(u._id)) })),
      ...(a.feedbackSurveyId ? { feedbackSurveyId: a.feedbackSurveyId } : {}),
      can: { events: [], signup: open && units.some((u) => !mine.some((s) => String(s.unitId) === String(u._id))), checkin: false, wrapUp: false, feedback: false },
    };
  }
  const signups = await standingSignups(a._id);
  const taken = signups.filter((s) => s.status === 'confirmed').reduce((s, x) => s + x.places, 0);
  const placesLeft = a.capacity ? Math.max(0, a.capacity - taken) : undefined;
  const manager = hasRole(caller, 'manager');
  const events = ACTIVITY_MACHINE.eventNames.filter((e: ActivityEvent) => {
    if (!ACTIVITY_MACHINE.check(a.status, e).ok) return false;
    if (e === 'approve' || e === 'return' || e === 'publish' || e === 'cancel') return manager;
    if (e === 'finish') return today >= a.day;
    return true;
  });
  return {
    ...summaryOf(a, { ...(placesLeft !== undefined ? { placesLeft } : {}), figures: await figuresOf(a, signups) }),
    ...common,
    ...(a.templateKey ? { templateKey: a.templateKey } : {}),
    aim: a.aim ?? '',
    staff: (a.staff ?? []).map((s: ActivityStaffLine) => ({ name: s.name, duty: s.duty ?? '' })),
    budget: (a.budget ?? []).map((b) => ({ item: b.item, amountFen: b.amountFen })),
    publicity: [...(a.publicity ?? [])],
    ...(a.review?.decision ? { review: { decision: a.review.decision as 'approve' | 'return', note: a.review.note ?? '', byName: a.review.byName ?? '', at: iso(a.review.at) ?? '' } } : {}),
    ...(a.noticeId ? { noticeId: a.noticeId } : {}),
    spent: (a.spent ?? []).map((b) => ({ item: b.item, amountFen: b.amountFen })),
    summary: a.summary ?? '',
    ...(a.feedbackSurveyId ? { feedbackSurveyId: a.feedbackSurveyId } : {}),
    signups: [],
    can: {
      events,
      signup: false,
      checkin: a.status === 'published',
      wrapUp: a.status === 'finished',
      feedback: manager && a.status === 'finished' && !a.feedbackSurveyId,
    },
    history: (a.history ?? []).map((h) => ({ at: iso(h.at) ?? '', event: h.event, to: h.to, byName: h.byName, ...(h.note ? { note: h.note } : {}) })),
  };
}

/** activityTemplates: the plan templates, the 迎春节 plan first. */
export function activityTemplates(): ActivityTemplate[] {
  return ACTIVITY_TEMPLATES;
}

type PlanInput = ActivityPlan;

function planSet(input: PlanInput): Record<string, unknown> {
  return {
    title: input.title,
    aim: input.aim,
    intro: input.intro,
    day: input.day,
    startTime: input.startTime,
    endTime: input.endTime,
    place: input.place,
    programme: input.programme,
    staff: input.staff,
    budget: input.budget,
    safety: input.safety,
    publicity: input.publicity,
  };
}

function dayNotPast(day: string, path = 'day', label = '活动日期'): void {
  if (day < localDay(now())) throw new AppError('VALIDATION', `${label}不能早于今天`, { issues: [{ path, message: `${label}不能早于今天` }] });
}

/** activityCreate: a new plan (draft). One per request id. */
export async function createActivity(caller: Caller, input: PlanInput & { requestId: string; templateKey?: string }): Promise<ActivityView> {
  const requestKey = `activity:${caller.userId}:${input.requestId}`;
  const { doc } = await createOnce<ActivityLean>({
    model: Activity,
    key: requestKey,
    build: async (_id) => {
      dayNotPast(input.day);
      if (input.templateKey && !ACTIVITY_TEMPLATES.some((t) => t.key === input.templateKey)) throw new AppError('VALIDATION', '活动计划范本不存在', { issues: [{ path: 'templateKey', message: '活动计划范本不存在' }] });
      const at = now();
      return {
        _id,
        communityId: new ObjectId(caller.communityId),
        requestKey,
        ...(input.templateKey ? { templateKey: input.templateKey } : {}),
        ...planSet(input),
        status: 'draft',
        rev: 0,
        spent: [],
        photoIds: [],
        summary: '',
        createdById: new ObjectId(caller.userId),
        createdByName: caller.name,
        history: [{ at, event: 'create', to: 'draft', byId: new ObjectId(caller.userId), byName: caller.name }],
      };
    },
  });
  return activityView(doc, caller);
}

/** activityUpdate: change the plan of a draft or a returned plan. */
export async function updateActivity(caller: Caller, input: PlanInput & { activityId: string }): Promise<ActivityView> {
  await loadActivity(caller, input.activityId);
  dayNotPast(input.day);
  const { doc } = await mutateActivity(input.activityId, caller, (cur) => {
    transitionTo(ACTIVITY_MACHINE, cur.status, 'edit');
    return { event: 'edit', set: planSet(input) };
  });
  return activityView(doc, caller);
}

/** activitySubmit: draft/returned → submitted (the manager reviews it). */
export async function submitActivity(caller: Caller, input: { activityId: string }): Promise<ActivityView> {
  await loadActivity(caller, input.activityId);
  const { doc } = await mutateActivity(input.activityId, caller, (cur) => {
    if (cur.status === 'submitted') return null;
    dayNotPast(cur.day);
    return { event: 'submit', to: transitionTo(ACTIVITY_MACHINE, cur.status, 'submit') };
  });
  return activityView(doc, caller);
}

/** activityReview: the manager approves, or returns with a note. */
export async function reviewActivity(caller: Caller, input: { activityId: string; decision: 'approve' | 'return'; note: string }): Promise<ActivityView> {
  await loadActivity(caller, input.activityId);
  const { doc } = await mutateActivity(input.activityId, caller, (cur) => {
    const to = transitionTo(ACTIVITY_MACHINE, cur.status, input.decision);
    return { event: input.decision, to, note: input.note || undefined, set: { review: { decision: input.decision, note: input.note, byName: caller.name, at: now() } } };
  });
  return activityView(doc, caller);
}

function yuan(fen: number): string {
  return (fen / 100).toFixed(fen % 100 ? 2 : 0);
}

/** The 活动通知's text: time, place, what happens, how to sign up, safety. */
export function noticeText(a: ActivityLean, figures: { capacity: number; placesPerHousehold: number; signupDeadline: string }): { title: string; body: string } {
  const lines = [
    '各位业主：',
    a.intro || a.aim,
    `活动时间：${chineseDate(a.day)} ${a.startTime}—${a.endTime}`,
    `活动地点：${a.place}`,
    ...(a.programme.length ? ['活动安排：', ...a.programme.map((p) => `${p.time ? `${p.time} ` : ''}${p.item}`)] : []),
    `报名方式：在小程序“社区活动”中在线报名，名额${figures.capacity}人，每户限报${figures.placesPerHousehold}人，额满后可登记候补；报名截止${chineseDate(figures.signupDeadline)}。报名成功后凭手机上的签到码入场。`,
    ...(a.safety.length ? ['温馨提示：', ...a.safety.map((s, i) => `${i + 1}. ${s}`)] : []),
    '欢迎踊跃参加！',
  ].filter(Boolean);
  return { title: `社区活动：${a.title}`.slice(0, 40), body: lines.join('\n') };
}

/**
 * activityPublish: approved → published with the sign-up figures; the 活动通知 to the whole
 * community with 去报名 (one notice per request id: a retry publishes nothing twice).
 */
export async function publishActivity(caller: Caller, input: { activityId: string; requestId: string; capacity: number; placesPerHousehold: number; signupDeadline: string }): Promise<ActivityView> {
  const a = await loadActivity(caller, input.activityId);
  if (a.status === 'published' && a.noticeId) return activityView(a, caller);
  transitionTo(ACTIVITY_MACHINE, a.status, 'publish');
  const issues: { path: string; message: string }[] = [];
  if (input.signupDeadline < localDay(now())) issues.push({ path: 'signupDeadline', message: '报名截止日期不能早于今天' });
  if (input.signupDeadline > a.day) issues.push({ path: 'signupDeadline', message: '报名截止日期不能晚于活动日期' });
  if (input.placesPerHousehold > input.capacity) issues.push({ path: 'placesPerHousehold', message: '每户限报人数不能超过名额' });
  if (issues.length) throw new AppError('VALIDATION', issues.map((i) => i.message).join('；'), { issues });
  const { title, body } = noticeText(a, input);
  const notice = await publish(caller, {
    requestId: `activity-${input.requestId}`.slice(0, 64),
    values: {},
    title,
    body,
    kind: 'notice',
    category: 'normal',
    target: { kind: 'community' },
    pinned: false,
    confirmReview: true,
    link: { label: '去报名', path: routes.owner.activity({ id: String(a._id) }) },
  });
  const { doc } = await mutateActivity(input.activityId, caller, (cur) => {
    if (cur.status === 'published') return null;
    const to = transitionTo(ACTIVITY_MACHINE, cur.status, 'publish');
    return {
      event: 'publish',
      to,
      note: `名额${input.capacity}人，每户限报${input.placesPerHousehold}人，报名截止${input.signupDeadline}`,
      set: { capacity: input.capacity, placesPerHousehold: input.placesPerHousehold, signupDeadline: input.signupDeadline, noticeId: notice.id, publishedAt: now() },
    };
  });
  return activityView(doc, caller);
}

/** Tell a signed-up household (its account) how its sign-up stands. */
export async function tellSignup(s: SignupLean, a: Pick<ActivityLean, '_id' | 'title' | 'day' | 'startTime'>, eventKey: string, status: string, remark: string): Promise<void> {
  await enqueueOrLog(
    { communityId: s.communityId, eventKey, recipientUserId: s.userId, templateKey: 'activity.signup', values: { activity: a.title, status, time: now(), remark }, page: routes.owner.activity({ id: String(a._id) }) },
    { activityId: String(a._id), signupId: String(s._id) },
  );
}

/** activityCancel: the manager cancels; every household signed up (confirmed or waiting) is told once. */
export async function cancelActivity(caller: Caller, input: { activityId: string; reason: string }): Promise<ActivityView> {
  await loadActivity(caller, input.activityId);
  const { doc } = await mutateActivity(input.activityId, caller, (cur) => {
    if (cur.status === 'cancelled') return null;
    return { event: 'cancel', to: transitionTo(ACTIVITY_MACHINE, cur.status, 'cancel'), note: input.reason, set: { cancelReason: input.reason, cancelledAt: now() } };
  });
  if (doc.status === 'cancelled') {
    for (const s of await standingSignups(doc._id)) await tellSignup(s, doc, `activity:${String(doc._id)}:cancelled:${String(s._id)}`, '活动取消', `活动已取消：${doc.cancelReason ?? input.reason}`.slice(0, 20));
  }
  return activityView(doc, caller);
}

/** activityFinish: published → finished, on the day or after it. */
export async function finishActivity(caller: Caller, input: { activityId: string }): Promise<ActivityView> {
  await loadActivity(caller, input.activityId);
  const { doc } = await mutateActivity(input.activityId, caller, (cur) => {
    if (cur.status === 'finished') return null;
    const to = transitionTo(ACTIVITY_MACHINE, cur.status, 'finish');
    if (localDay(now()) < cur.day) throw new AppError('ACTIVITY.INVALID_TRANSITION', `活动在${chineseDate(cur.day)}举行，当天或之后才能结束`);
    return { event: 'finish', to, set: { finishedAt: now() } };
  });
  return activityView(doc, caller);
}

/** activityWrapUp: after the day, the spent lines, photos and summary (replacing what was there). */
export async function wrapUpActivity(caller: Caller, input: { activityId: string; spent: ActivityMoneyLine[]; photoIds: string[]; summary: string }): Promise<ActivityView> {
  const a = await loadActivity(caller, input.activityId);
  if (a.status !== 'finished') transitionTo(ACTIVITY_MACHINE, a.status, 'finish');
  const fresh = input.photoIds.filter((id) => !(a.photoIds ?? []).includes(id));
  await attachPhotos(fresh, `activity:${String(a._id)}`);
  const { doc } = await mutateActivity(input.activityId, caller, (cur) => {
    if (cur.status !== 'finished') throw new AppError('ACTIVITY.INVALID_TRANSITION', `活动当前为“${ACTIVITY_STATUS_LABELS[cur.status]}”，结束后才能填写总结`);
    return { event: 'wrapUp', note: `实际支出${yuan(sumFen(input.spent))}元，照片${input.photoIds.length}张`, set: { spent: input.spent, photoIds: input.photoIds, summary: input.summary } };
  });
  return activityView(doc, caller);
}

/** activityGet. */
export async function getActivity(caller: Caller, input: { activityId: string }): Promise<ActivityView> {
  const a = await loadActivity(caller, input.activityId);
  if (!hasRole(caller, ...LIFE_STAFF) && !ownerSeesActivity(a)) throw new AppError('ACTIVITY.NOT_FOUND');
  return activityView(a, caller);
}

/**
 * activityList. Staff: by status (newest day first), or `when: 'checkin'` — published ones from
 * today on, soonest first. Owner: upcoming (published, day not past; soonest first), mine (my
 * households' standing sign-ups), past (finished, or published with the day gone; newest first).
 */
export async function listActivities(caller: Caller, input: { status?: ActivityStatus; when?: 'checkin'; tab?: 'upcoming' | 'mine' | 'past'; page: number; pageSize: number }): Promise<Paged<ActivitySummary>> {
  const communityId = new ObjectId(caller.communityId);
  const today = localDay(now());
  if (hasRole(caller, ...LIFE_STAFF)) {
    const filter: Record<string, unknown> = input.when === 'checkin' ? { communityId, status: 'published', day: { $gte: addDays(today, -1) } } : { communityId, ...(input.status ? { status: input.status } : {}) };
    const sort = input.when === 'checkin' ? { day: 1 as const } : { day: -1 as const };
    return paged<ActivityLean, ActivitySummary>({ model: Activity, filter, sort }, input, async (docs) => Promise.all(docs.map(async (a) => summaryOf(a, { ...(a.capacity ? { placesLeft: Math.max(0, a.capacity - (await seatsTaken(a._id))) } : {}), figures: await figuresOf(a) }))));
  }
  const tab = input.tab ?? 'upcoming';
  const units = caller.unitIds.map((u) => new ObjectId(u));
  const mineOf = async (a: ActivityLean) => {
    const s = units.length ? await ActivitySignup.findOne({ activityId: a._id, unitId: { $in: units }, status: { $in: ['confirmed', 'waiting'] } }, { status: 1, places: 1 }).lean() : null;
    return s ? { mine: { status: s.status as ActivitySignupStatus, places: s.places } } : {};
  };
  const map = async (docs: ActivityLean[]) => Promise.all(docs.map(async (a) => summaryOf(a, { ...(a.capacity ? { placesLeft: Math.max(0, a.capacity - (await seatsTaken(a._id))) } : {}), ...(await mineOf(a)) })));
  if (tab === 'mine') {
    const ids = units.length ? await ActivitySignup.distinct('activityId', { communityId, unitId: { $in: units }, status: { $in: ['confirmed', 'waiting'] } }) : [];
    return paged<ActivityLean, ActivitySummary>({ model: Activity, filter: { communityId, _id: { $in: ids }, status: { $in: ['published', 'finished'] } }, sort: { day: -1 } }, input, map);
  }
  if (tab === 'past') return paged<ActivityLean, ActivitySummary>({ model: Activity, filter: { communityId, $or: [{ status: 'finished' }, { status: 'published', day: { $lt: today } }] }, sort: { day: -1 } }, input, map);
  return paged<ActivityLean, ActivitySummary>({ model: Activity, filter: { communityId, status: 'published', day: { $gte: today } }, sort: { day: 1 } }, input, map);
}
