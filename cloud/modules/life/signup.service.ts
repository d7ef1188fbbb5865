import type { Paged } from '@shared/contracts/contract';
import type { ActivityCheckinResult, ActivitySignupView, ActivityView } from '@shared/contracts/life-activity-view';
import { addDays, chineseDate, chineseDateTime, DAY_MS, localDay, localInstant } from '@shared/domain/calendar';
import type { ActivitySignupStatus } from '@shared/domain/life';
import { formatPassCode, normalizePassCode } from '@shared/domain/pass-code';
import { routes } from '@shared/routes';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { Claim, claimOnce, claimUnlessStale, releaseClaim } from '../../lib/claim';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { idOfRequest } from '../../lib/idempotent';
import type { JobScope } from '../../lib/job-scope';
import { Budget, runSliced } from '../../lib/slices';
import { paged } from '../../lib/paging';
import { newPassCode } from '../../lib/pass-code';
import { actorOf, mutateRevision, SYSTEM, type Actor, type Change } from '../../lib/revision';
import { communityIdsIn, unitsByIds } from '../community';
import { enqueue } from '../messaging';
import { Activity, ActivitySeat, ActivitySignup } from './activity.model';
import { activityView, figuresOf, loadActivity, signupOpen, signupView, tellSignup, waitingPositions, type ActivityLean, type SignupLean } from './activity.service';
import { sleep, whenNotBusy } from '../../lib/busy-retry';

/**
 * Sign-up, the waiting list and check-in (life.md "Activities").
 *
 * Capacity is exact under concurrency: each confirmed place is the insert of seat
 * `<activity>:<n>` (n ≤ capacity) — a unique `_id`, which MongoDB and FerretDB both enforce inside
 * the insert (FerretDB v1's guarded updates are not atomic), like movein's Booking seats. A household
 * takes all its places or none (a partial take is given back) and otherwise waits, in arrival order.
 * Freed places go to the waiting list by one promotion pass at a time per activity (a short claim),
 * strictly in order: the first waiting household moves up when its places are free. A household has
 * one standing sign-up (a claim of the household, given back on cancel); a sign-up's state changes
 * through `mutateRevision`, so racing cancels cancel once and free the seats once.
 */
const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

const signupSpec = { kind: 'activitySignup', model: ActivitySignup as never, notFound: 'ACTIVITY.SIGNUP_NOT_FOUND' as const };
const mutateSignup = (id: Id | string, actor: Actor, build: (cur: SignupLean) => Change | null) => mutateRevision<SignupLean>(signupSpec, id, actor, build);


const householdKey = (activityId: Id | string, unitId: Id | string) => `activity-household:${String(activityId)}:${String(unitId)}`;
const promoteLock = (activityId: Id | string) => `activity-promote:${String(activityId)}`;
const promotePending = (activityId: Id | string) => `activity-promote-pending:${String(activityId)}`;

/** Seats tried between two reads of the taken ones (racing households mostly try different seats). */
const SEATS_PER_READ = 3;

/**
 * Take `n` free seats of the activity for the sign-up, or none (null): reads the taken seats, tries a
 * few free ones from a random start, reads again after lost races. Seats taken before it turned out
 * the household cannot have them all are given back.
 */
async function takeSeats(a: Pick<ActivityLean, '_id' | 'communityId' | 'capacity'>, n: number, signupId: Id): Promise<string[] | null> {
  const capacity = a.capacity ?? 0;
  const got: string[] = [];
  for (let round = 0; round <= Math.ceil(capacity / SEATS_PER_READ) + 1; round++) {
    const taken = new Set((await whenNotBusy(() => ActivitySeat.find({ activityId: a._id }, { seat: 1 }).lean())).map((s) => s.seat));
    const free: number[] = [];
    for (let seat = 1; seat <= capacity; seat++) if (!taken.has(seat)) free.push(seat);
    if (free.length < n - got.length) break;
    const start = Math.floor(Math.random() * free.length);
    for (let i = 0; i < Math.min(Math.max(SEATS_PER_READ, n - got.length), free.length); i++) {
      const seat = free[(start + i) % free.length];
      const _id = `${String(a._id)}:${seat}`;
      try {
        await whenNotBusy(() => ActivitySeat.collection.insertOne({ _id, communityId: a.communityId, activityId: a._id, signupId, seat, createdAt: now(), updatedAt: now() } as never));
        got.push(_id);
        if (got.length === n) return got;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }
  if (got.length) await whenNotBusy(() => ActivitySeat.deleteMany({ _id: { $in: got } }));
  return null;
}

/**
 * Fill freed places from the waiting list, in order, one pass at a time per activity. A caller that
 * finds a pass running leaves a mark; the running pass looks for marks after it finished and runs
 * again, so no request for a pass is lost and no two passes promote at once.
 */
export async function promoteWaiting(activityId: Id): Promise<void> {
  await claimOnce(promotePending(activityId), { ttlMs: DAY_MS });
  for (;;) {
    if (!(await whenNotBusy(() => claimUnlessStale(promoteLock(activityId), 30_000, { ttlMs: DAY_MS })))) return;
    try {
      await whenNotBusy(() => releaseClaim(promotePending(activityId)));
      await promotePass(activityId);
    } finally {
      await whenNotBusy(() => releaseClaim(promoteLock(activityId)));
    }
    if (!(await whenNotBusy(() => Claim.exists({ _id: promotePending(activityId) })))) return;
  }
}

async function promotePass(activityId: Id): Promise<void> {
  const a = await Activity.findById(activityId).lean<ActivityLean>();
  if (!a || a.status !== 'published' || localDay(now()) > a.day) return;
  for (;;) {
    // The head of the waiting list, a few at a time: a pass stops at the first household whose places are not free.
    const waiting = await whenNotBusy(() => ActivitySignup.find({ activityId, status: 'waiting' }).sort({ seq: 1 }).limit(PROMOTE_BATCH).lean<SignupLean[]>());
    if (!waiting.length) return;
    for (const w of waiting) if (!(await promoteOne(a, w))) return;
  }
}

const PROMOTE_BATCH = 10;

/** Move one waiting household up when its places are free: false when they are not (the pass stops). */
async function promoteOne(a: ActivityLean, w: SignupLean): Promise<boolean> {
  {
    const seats = await takeSeats(a, w.places, w._id);
    if (!seats) return false;
    const { changed, doc } = await whenNotBusy(() =>
      mutateSignup(w._id, SYSTEM, (cur) => (cur.status === 'waiting' ? { event: 'promote', to: 'confirmed', note: '候补转为报名成功', set: { seatIds: seats, promotedAt: now() } } : null)),
    );
    if (!changed) {
      await whenNotBusy(() => ActivitySeat.deleteMany({ _id: { $in: seats } }));
      return true;
    }
    await tellSignup(doc, a, `activity-signup:${String(doc._id)}:promoted`, '候补成功', `${chineseDate(a.day)}${a.startTime}凭签到码入场`.slice(0, 20));
    return true;
  }
}

/** A code not used by another sign-up of the activity (redrawn on the rare duplicate). */
function codeFields(activityId: Id): { code: string; codeKey: string } {
  const code = newPassCode();
  return { code, codeKey: `${String(activityId)}:${code}` };
}

/**
 * activitySignup: sign the owner's household up for `places` persons. Confirmed when the places are
 * free and nobody waits before it; else on the waiting list. A second standing sign-up of the
 * household → 409 ACTIVITY.ALREADY_SIGNED_UP; after the deadline → 409 ACTIVITY.SIGNUP_CLOSED. The same
 * request id again answers the activity as it is.
 */
export async function signup(caller: Caller, input: { activityId: string; unitId?: string; places: number; requestId: string }): Promise<ActivityView> {
  const a = await loadActivity(caller, input.activityId);
  const _id = idOfRequest(`activity-signup:${caller.userId}:${input.requestId}`);
  if (await ActivitySignup.exists({ _id })) return activityView(await loadActivity(caller, input.activityId), caller);
  if (!signupOpen(a)) throw new AppError('ACTIVITY.SIGNUP_CLOSED', a.status === 'published' ? `报名已于${chineseDate(a.signupDeadline ?? a.day)}截止` : undefined);
  const max = a.placesPerHousehold ?? 1;
  if (input.places > max) throw new AppError('VALIDATION', `每户最多报名${max}人`, { issues: [{ path: 'places', message: `每户最多报名${max}人` }] });
  let unitId = input.unitId;
  if (!unitId) {
    if (caller.unitIds.length !== 1) throw new AppError('VALIDATION', '请选择报名的房屋', { issues: [{ path: 'unitId', message: '请选择报名的房屋' }] });
    unitId = caller.unitIds[0];
  }
  if (!caller.unitIds.includes(unitId)) throw new AppError('UNIT.NOT_FOUND');
  const [unit] = await unitsByIds([new ObjectId(unitId)]);
  if (!unit || String(unit.communityId) !== caller.communityId) throw new AppError('UNIT.NOT_FOUND');

  // One standing sign-up per household; a twin of this request waits briefly for the first one's record.
  if (!(await whenNotBusy(() => claimOnce(householdKey(a._id, unitId!))))) {
    for (let i = 0; i < 20; i++) {
      if (await ActivitySignup.exists({ _id })) return activityView(await loadActivity(caller, input.activityId), caller);
      const standing = await ActivitySignup.findOne({ activityId: a._id, unitId: unit._id, status: { $in: ['confirmed', 'waiting'] } }, { _id: 1 }).lean();
      if (standing) break;
      await sleep(25);
    }
    if (await ActivitySignup.exists({ _id })) return activityView(await loadActivity(caller, input.activityId), caller);
    throw new AppError('ACTIVITY.ALREADY_SIGNED_UP', `${unit.label}已报名该活动，如需更改人数请先取消报名`);
  }
  try {
    const seq = new ObjectId().toHexString();
    // Nobody jumps the waiting list: with households waiting, a new one queues behind them.
    const queue = await whenNotBusy(() => ActivitySignup.exists({ activityId: a._id, status: 'waiting' }));
    const seats = queue ? null : await takeSeats(a, input.places, _id);
    const status: ActivitySignupStatus = seats ? 'confirmed' : 'waiting';
    const at = now();
    for (let attempt = 1; ; attempt++) {
      try {
        await whenNotBusy(() =>
          ActivitySignup.collection.insertOne({
            _id,
            communityId: a.communityId,
            activityId: a._id,
            unitId: unit._id,
            buildingId: unit.buildingId,
            unitLabel: unit.label,
            userId: new ObjectId(caller.userId),
            name: caller.name,
            places: input.places,
            status,
            seq,
            seatIds: seats ?? [],
            ...codeFields(a._id),
            rev: 0,
            history: [{ at, event: 'signup', to: status, byId: new ObjectId(caller.userId), byName: caller.name, note: `${input.places}人` }],
            createdAt: at,
            updatedAt: at,
          } as never),
        );
        break;
      } catch (err) {
        // The code was drawn twice (about one in 10^11): draw again. The `_id` taken means a twin wrote it.
        if (!isDuplicateKey(err) || attempt >= 3 || (await ActivitySignup.exists({ _id }))) {
          if (seats) await whenNotBusy(() => ActivitySeat.deleteMany({ _id: { $in: seats } }));
          if (isDuplicateKey(err) && (await ActivitySignup.exists({ _id }))) return activityView(await loadActivity(caller, input.activityId), caller);
          throw err;
        }
      }
    }
  } catch (err) {
    await whenNotBusy(() => releaseClaim(householdKey(a._id, unitId!)));
    throw err;
  }
  // Places may have been freed meanwhile (a household that could not take all of its places gave them back).
  if (!(await ActivitySignup.exists({ _id, status: 'confirmed' }))) await promoteWaiting(a._id);
  return activityView(await loadActivity(caller, input.activityId), caller);
}

/**
 * activitySignupCancel: the owner cancels their household's sign-up (confirmed or waiting); its places
 * are free and the waiting list moves up. Racing cancels cancel once. Cancelled already → as it is.
 */
export async function cancelSignup(caller: Caller, input: { signupId: string }): Promise<ActivityView> {
  const s = await ActivitySignup.findById(input.signupId).lean<SignupLean>();
  if (!s || String(s.communityId) !== caller.communityId || !caller.unitIds.includes(String(s.unitId))) throw new AppError('ACTIVITY.SIGNUP_NOT_FOUND');
  const a = await loadActivity(caller, s.activityId);
  if (a.status !== 'published' && s.status !== 'cancelled') throw new AppError('ACTIVITY.SIGNUP_CLOSED', a.status === 'finished' ? '活动已结束，不能取消报名' : undefined);
  const { doc, changed } = await mutateSignup(s._id, actorOf(caller), (cur) => (cur.status === 'cancelled' ? null : { event: 'cancel', to: 'cancelled', set: { cancelledAt: now(), seatIds: [] } }));
  if (changed) {
    if (s.seatIds.length || doc.status === 'cancelled') await whenNotBusy(() => ActivitySeat.deleteMany({ activityId: a._id, signupId: s._id }));
    await whenNotBusy(() => releaseClaim(householdKey(a._id, s.unitId)));
    await promoteWaiting(a._id);
  }
  return activityView(await loadActivity(caller, a._id), caller);
}

/** activitySignups: staff — confirmed first (by arrival), then the waiting list in order, then cancelled. */
export async function listSignups(caller: Caller, input: { activityId: string; status?: ActivitySignupStatus; page: number; pageSize: number }): Promise<Paged<ActivitySignupView>> {
  const a = await loadActivity(caller, input.activityId);
  const waiting = await ActivitySignup.find({ activityId: a._id, status: 'waiting' }, { seq: 1, status: 1 }).lean<SignupLean[]>();
  const positions = waitingPositions(waiting);
  const statuses: ActivitySignupStatus[] = input.status ? [input.status] : ['confirmed', 'waiting', 'cancelled'];
  return paged<SignupLean, ActivitySignupView>(
    statuses.map((status) => ({ model: ActivitySignup, filter: { communityId: a.communityId, activityId: a._id, status }, sort: { seq: 1 } })),
    input,
    (docs) => docs.map((s) => signupView(s, { position: positions.get(String(s._id)) })),
  );
}

/**
 * activityCheckin: staff check a household in at the door by its code (typed or scanned) or from
 * the list. A code not of this activity → 404 ACTIVITY.CODE_NOT_FOUND; waiting or cancelled → 409
 * ACTIVITY.NOT_CONFIRMED; checked in already → 409 ACTIVITY.ALREADY_CHECKED_IN saying when.
 */
export async function checkin(caller: Caller, input: { activityId: string; code?: string; signupId?: string }): Promise<ActivityCheckinResult> {
  const a = await loadActivity(caller, input.activityId);
  if (a.status !== 'published' && a.status !== 'finished') throw new AppError('ACTIVITY.INVALID_TRANSITION', '活动未在进行中，不能签到');
  let s: SignupLean | null;
  if (input.code) {
    const code = normalizePassCode(input.code);
    s = /^[A-Z0-9]{4,16}$/.test(code) ? await ActivitySignup.findOne({ codeKey: `${String(a._id)}:${code}` }).lean<SignupLean>() : null;
    if (!s || String(s.communityId) !== caller.communityId || String(s.activityId) !== String(a._id)) throw new AppError('ACTIVITY.CODE_NOT_FOUND');
  } else {
    s = await ActivitySignup.findById(input.signupId).lean<SignupLean>();
    if (!s || String(s.communityId) !== caller.communityId || String(s.activityId) !== String(a._id)) throw new AppError('ACTIVITY.SIGNUP_NOT_FOUND');
  }
  const { doc } = await mutateSignup(s._id, actorOf(caller), (cur) => {
    if (cur.checkedInAt) throw new AppError('ACTIVITY.ALREADY_CHECKED_IN', `${cur.unitLabel}已于${chineseDateTime(cur.checkedInAt)}签到（${cur.checkedInByName ?? ''}）`, { checkedInAt: new Date(cur.checkedInAt).toISOString() });
    if (cur.status !== 'confirmed') throw new AppError('ACTIVITY.NOT_CONFIRMED', `${cur.unitLabel}${cur.status === 'waiting' ? '仍在候补中' : '已取消报名'}，不能签到`);
    return { event: 'checkin', note: `签到码 ${formatPassCode(cur.code)}`, set: { checkedInAt: now(), checkedInByName: caller.name } };
  });
  return { signup: signupView(doc), figures: await figuresOf(await loadActivity(caller, a._id)) };
}

export interface ActivityReminderReport {
  activities: number;
  reminded: number;
  /** Work left for the next invocation (lib/slices.ts). */
  more: boolean;
}

/** Sign-ups one read of the reminder job takes (the budget bounds it further). */
const REMINDER_BATCH = 200;

/**
 * activityReminders (daily): the day before a published activity, each confirmed household gets the
 * time and place once (keyed by sign-up: a second run sends nothing twice).
 */
export async function runActivityReminders(run: { scope?: JobScope; signal?: AbortSignal; budget?: Budget } = {}): Promise<ActivityReminderReport> {
  const tomorrow = addDays(localDay(now()), 1);
  const budget = run.budget ?? Budget.of({ signal: run.signal });
  const report: ActivityReminderReport = { activities: 0, reminded: 0, more: false };
  // Per community (lib/slices.ts). An item is a confirmed sign-up, read in pages by its arrival order
  // (`seq`); the cursor is `<activityId>:<seq>` of the last one done. The message is keyed by sign-up,
  // so one done again after a kill queues nothing twice.
  const sliced = await runSliced('activityReminders', { communityIds: await communityIdsIn(run.scope), budget }, async (communityId, slice) => {
    const [fromActivity, fromSeq] = slice.cursor ? slice.cursor.split(':') : [null, null];
    // The community's activities of tomorrow: a handful.
    const activities = await Activity.find({ communityId: new ObjectId(communityId), status: 'published', day: tomorrow, ...(fromActivity ? { _id: { $gte: new ObjectId(fromActivity) } } : {}) })
      .sort({ _id: 1 })
      .lean<ActivityLean[]>();
    for (const a of activities) {
      report.activities++;
      let after = fromActivity === String(a._id) ? fromSeq : null;
      for (;;) {
        if (slice.budget.spent) return 'more';
        const limit = Math.min(REMINDER_BATCH, slice.budget.itemsLeft);
        const confirmed = await ActivitySignup.find({ activityId: a._id, status: 'confirmed', ...(after ? { seq: { $gt: after } } : {}) })
          .sort({ seq: 1 })
          .limit(limit)
          .lean<SignupLean[]>();
        for (const s of confirmed) await remindSignup(a, s, report);
        slice.budget.spend(confirmed.length);
        if (confirmed.length) {
          after = confirmed[confirmed.length - 1].seq;
          await slice.save(`${String(a._id)}:${after}`);
        }
        if (confirmed.length < limit) break;
      }
    }
    return 'done';
  });
  report.more = sliced.more;
  return report;
}

/** The reminder of one confirmed sign-up, once (keyed by sign-up). */
async function remindSignup(a: ActivityLean, s: SignupLean, report: ActivityReminderReport): Promise<void> {
  const r = await enqueue({
    communityId: s.communityId,
    eventKey: `activity-signup:${String(s._id)}:remind`,
    recipientUserId: s.userId,
    templateKey: 'activity.reminder',
    values: { activity: a.title, time: localInstant(a.day, a.startTime), place: a.place, remark: `${s.places}人，凭签到码入场` },
    page: routes.owner.activity({ id: String(a._id) }),
  });
  if (r.created) report.reminded++;
}
