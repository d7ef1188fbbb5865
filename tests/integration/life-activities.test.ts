import type { Paged } from '@shared/contracts/contract';
import type { ActivityCheckinResult, ActivitySignupView, ActivitySummary, ActivityView } from '@shared/contracts/life-activity-view';
import type { Envelope } from '@shared/errors';
import { addDays, localDay } from '@shared/domain/calendar';
import { ACTIVITY_TEMPLATES } from '@shared/domain/life';
import { routes } from '@shared/routes';
import type { Caller } from '../../cloud/lib/caller';
import { setClock } from '../../cloud/lib/clock';
import { activityAttendeeUnits, cancelSignup, runActivityReminders, signup } from '../../cloud/modules/life';
import { ActivitySeat, ActivitySignup } from '../../cloud/modules/life/activity.model';
import { Survey } from '../../cloud/modules/life/survey.model';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { Notice } from '../../cloud/modules/notices/notice.model';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { DAYTIME, err, ok, rid } from '../helpers/repairs';
import { oneItem, total, twoWorkersUntilDone, untilDone } from '../helpers/sliced-runs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Activities (life.md "Activities"): the plan from the 迎春节 template, review, publication with
 * 去报名, sign-up with places per household, capacity and the waiting list (exact under
 * concurrency: 200 racing households for 20 places), cancellation moving the waiting list up (racing
 * cancellations promote exactly once), the deadline, the day-before reminder, check-in by code, the
 * feedback survey and the figures, and bad input.
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

const today = localDay(DAYTIME);
const DAY = addDays(today, 21);
const call = <T>(action: string, data: unknown, token: string) => stack.invoke('life', action as never, data as never, token) as unknown as Promise<Envelope<T>>;
const codeOf = <T>(res: Envelope<T>) => (res.ok ? 'OK' : res.error.code);
const template = ACTIVITY_TEMPLATES[0];
const plan = (extra: Record<string, unknown> = {}) => ({
  title: '迎春节社区活动',
  aim: template.aim,
  intro: template.intro,
  day: DAY,
  startTime: template.startTime,
  endTime: template.endTime,
  place: template.place,
  programme: template.programme,
  staff: template.staff,
  budget: template.budget,
  safety: template.safety,
  publicity: template.publicity,
  ...extra,
});

async function world(households = 3) {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '1栋');
  const managerUser = await makeUser(c._id, { roles: ['manager'], name: '孙经理' });
  const agentUser = await makeUser(c._id, { roles: ['agent'], name: '王管家' });
  const units = await Promise.all(Array.from({ length: households }, (_, i) => makeUnit(c._id, b._id, { room: String(101 + i), status: 'occupied' })));
  const owners = await Promise.all(units.map((u, i) => makeOwner(c._id, [u._id], `业主${String.fromCharCode(0x4e00 + i)}`)));
  const [manager, agent] = await Promise.all([loginAs(stack, managerUser._id), loginAs(stack, agentUser._id)]);
  const callerOf = (i: number): Caller => ({ userId: String(owners[i]._id), name: owners[i].name, roles: ['owner'], communityId: String(c._id), communityIds: [String(c._id)], unitIds: [String(units[i]._id)] });
  // Sessions expire: after the clock moved on, log in again.
  const relogin = async () => {
    [w.manager, w.agent] = await Promise.all([loginAs(stack, managerUser._id), loginAs(stack, agentUser._id)]);
  };
  const w = { c, b, units, owners, manager, agent, callerOf, relogin };
  return w;
}
type World = Awaited<ReturnType<typeof world>>;

/** A published activity: created by the agent from the template, submitted, approved, published by the manager. */
async function publishedActivity(w: World, figures: { capacity: number; placesPerHousehold: number; signupDeadline?: string }, extra: Record<string, unknown> = {}): Promise<ActivityView> {
  const draft = ok(await call<ActivityView>('activityCreate', { requestId: rid(), templateKey: template.key, ...plan(extra) }, w.agent));
  ok(await call('activitySubmit', { activityId: draft.id }, w.agent));
  ok(await call('activityReview', { activityId: draft.id, decision: 'approve' }, w.manager));
  return ok(await call<ActivityView>('activityPublish', { activityId: draft.id, requestId: rid(), signupDeadline: addDays(DAY, -2), ...figures }, w.manager));
}

test('When the agent writes a plan from the 迎春节 template and the manager returns, then approves and publishes it, then the notice goes out with 去报名 and owners see it only then', async () => {
  const w = await world(1);
  const owner = await loginAs(stack, w.owners[0]._id);
  const templates = ok(await call<typeof ACTIVITY_TEMPLATES>('activityTemplates', {}, w.agent));
  expect(templates[0]).toMatchObject({ key: 'spring-festival', name: '迎春节社区联欢活动' });
  expect(templates.length).toBeGreaterThanOrEqual(3);

  const draft = ok(await call<ActivityView>('activityCreate', { requestId: rid(), templateKey: template.key, ...plan() }, w.agent));
  expect(draft).toMatchObject({ status: 'draft', budget: template.budget, can: { events: ['edit', 'submit'] } });
  expect(draft.figures?.budgetFen).toBe(280_000);
  // An owner does not reach a plan.
  expect(codeOf(await call('activityGet', { activityId: draft.id }, owner))).toBe('ACTIVITY.NOT_FOUND');
  // Only the manager reviews; nothing is approved before it is submitted.
  expect(codeOf(await call('activityReview', { activityId: draft.id, decision: 'approve' }, w.manager))).toBe('ACTIVITY.INVALID_TRANSITION');
  ok(await call('activitySubmit', { activityId: draft.id }, w.agent));
  expect(codeOf(await call('activityReview', { activityId: draft.id, decision: 'approve' }, w.agent))).toBe('AUTH.FORBIDDEN');
  expect(err(await call('activityReview', { activityId: draft.id, decision: 'return', note: '' }, w.manager)).details).toMatchObject({ issues: [expect.objectContaining({ path: 'note' })] });
  const returned = ok(await call<ActivityView>('activityReview', { activityId: draft.id, decision: 'return', note: '请补充雨天备选方案' }, w.manager));
  expect(returned).toMatchObject({ status: 'returned', review: { decision: 'return', note: '请补充雨天备选方案' } });
  const edited = ok(await call<ActivityView>('activityUpdate', { activityId: draft.id, ...plan({ safety: [...template.safety, '雨天改在会所多功能厅'] }) }, w.agent));
  expect(edited.safety).toContain('雨天改在会所多功能厅');
  ok(await call('activitySubmit', { activityId: draft.id }, w.agent));
  // Published only when approved.
  expect(codeOf(await call('activityPublish', { activityId: draft.id, requestId: rid(), capacity: 10, placesPerHousehold: 2, signupDeadline: addDays(DAY, -1) }, w.manager))).toBe('ACTIVITY.INVALID_TRANSITION');
  ok(await call('activityReview', { activityId: draft.id, decision: 'approve', note: '同意' }, w.manager));
  // The deadline: not in the past, not after the day; places per household within the capacity.
  expect(err(await call('activityPublish', { activityId: draft.id, requestId: rid(), capacity: 10, placesPerHousehold: 2, signupDeadline: addDays(DAY, 1) }, w.manager)).details).toMatchObject({ issues: [{ path: 'signupDeadline' }] });
  expect(err(await call('activityPublish', { activityId: draft.id, requestId: rid(), capacity: 10, placesPerHousehold: 2, signupDeadline: addDays(today, -1) }, w.manager)).details).toMatchObject({ issues: [{ path: 'signupDeadline' }] });
  expect(err(await call('activityPublish', { activityId: draft.id, requestId: rid(), capacity: 2, placesPerHousehold: 3, signupDeadline: addDays(DAY, -1) }, w.manager)).details).toMatchObject({ issues: [{ path: 'placesPerHousehold' }] });
  const requestId = rid();
  const pub = ok(await call<ActivityView>('activityPublish', { activityId: draft.id, requestId, capacity: 10, placesPerHousehold: 2, signupDeadline: addDays(DAY, -1) }, w.manager));
  expect(pub).toMatchObject({ status: 'published', capacity: 10, placesLeft: 10, signupOpen: true });
  const notice = await Notice.findById(pub.noticeId).lean();
  expect(notice).toMatchObject({ link: { label: '去报名', path: routes.owner.activity({ id: draft.id }) } });
  expect(notice!.body).toContain(template.place);
  expect(notice!.body).toContain('每户限报2人');
  // A retry publishes nothing twice.
  ok(await call('activityPublish', { activityId: draft.id, requestId, capacity: 10, placesPerHousehold: 2, signupDeadline: addDays(DAY, -1) }, w.manager));
  expect(await Notice.countDocuments({ communityId: w.c._id })).toBe(1);
  // The owner sees the public parts and may sign up; not the budget or the staff plan.
  const seen = ok(await call<ActivityView>('activityGet', { activityId: draft.id }, owner));
  expect(seen).toMatchObject({ status: 'published', placesLeft: 10, can: { signup: true } });
  expect(seen.budget).toBeUndefined();
  expect(seen.staff).toBeUndefined();
  const upcoming = ok(await call<Paged<ActivitySummary>>('activityList', { tab: 'upcoming', page: 1, pageSize: 20 }, owner));
  expect(upcoming.items.map((a) => a.id)).toEqual([draft.id]);
  expect(ok(await call<ActivityView>('activityGet', { activityId: draft.id }, w.manager)).history?.map((h) => h.event)).toEqual(['create', 'submit', 'return', 'edit', 'submit', 'approve', 'publish']);
});

test('When households sign up, then each gets its places or the waiting list in order, a second sign-up is refused, and a cancellation moves the first waiting household up with a message', async () => {
  clock = new Date(DAYTIME);
  const w = await world(4);
  const a = await publishedActivity(w, { capacity: 4, placesPerHousehold: 2 });
  const tokens = await Promise.all(w.owners.map((o) => loginAs(stack, o._id)));
  // Places within 1..placesPerHousehold.
  expect(err(await call('activitySignup', { activityId: a.id, places: 3, requestId: rid() }, tokens[0])).details).toMatchObject({ issues: [{ path: 'places' }] });
  const requestId = rid();
  const first = ok(await call<ActivityView>('activitySignup', { activityId: a.id, places: 2, requestId }, tokens[0]));
  expect(first.signups).toHaveLength(1);
  expect(first.signups[0]).toMatchObject({ status: 'confirmed', places: 2 });
  expect(first.signups[0].code).toMatch(/^[2-9A-Z]{8}$/);
  expect(first.placesLeft).toBe(2);
  // The same request again: the same sign-up; another request of the household: 409.
  expect(ok(await call<ActivityView>('activitySignup', { activityId: a.id, places: 2, requestId }, tokens[0])).signups[0].id).toBe(first.signups[0].id);
  expect(codeOf(await call('activitySignup', { activityId: a.id, places: 1, requestId: rid() }, tokens[0]))).toBe('ACTIVITY.ALREADY_SIGNED_UP');
  ok(await call('activitySignup', { activityId: a.id, places: 2, requestId: rid() }, tokens[1]));
  // Full: the next ones wait, in order.
  const third = ok(await call<ActivityView>('activitySignup', { activityId: a.id, places: 1, requestId: rid() }, tokens[2]));
  expect(third.signups[0]).toMatchObject({ status: 'waiting', position: 1 });
  expect(third.signups[0].code).toBeUndefined();
  const fourth = ok(await call<ActivityView>('activitySignup', { activityId: a.id, places: 2, requestId: rid() }, tokens[3]));
  expect(fourth.signups[0]).toMatchObject({ status: 'waiting', position: 2 });
  expect(await ActivitySeat.countDocuments({ activityId: a.id })).toBe(4);

  // The first household cancels: its 2 places go to the waiting list in order (1 place, then 2 do not fit → waits).
  const cancelled = ok(await call<ActivityView>('activitySignupCancel', { signupId: first.signups[0].id }, tokens[0]));
  expect(cancelled.signups).toHaveLength(0);
  expect(cancelled.can.signup).toBe(true);
  const nowThird = ok(await call<ActivityView>('activityGet', { activityId: a.id }, tokens[2]));
  expect(nowThird.signups[0]).toMatchObject({ status: 'confirmed' });
  expect(nowThird.signups[0].code).toMatch(/^[2-9A-Z]{8}$/);
  expect(ok(await call<ActivityView>('activityGet', { activityId: a.id }, tokens[3])).signups[0]).toMatchObject({ status: 'waiting', position: 1 });
  const promoted = await OutboxMessage.find({ communityId: w.c._id, templateKey: 'activity.signup' }).lean();
  expect(promoted.map((m) => String(m.recipientId))).toEqual([String(w.owners[2]._id)]);
  // The cancelled household may sign up again: behind the waiting list.
  const again = ok(await call<ActivityView>('activitySignup', { activityId: a.id, places: 1, requestId: rid() }, tokens[0]));
  expect(again.signups[0]).toMatchObject({ status: 'waiting', position: 2 });
  // Staff list: confirmed, then waiting in order.
  const list = ok(await call<Paged<ActivitySignupView>>('activitySignups', { activityId: a.id, page: 1, pageSize: 100 }, w.agent));
  const unit = (i: number) => String(w.units[i]._id);
  expect(list.items.map((s) => [s.unitId, s.status, s.position ?? 0])).toEqual([
    [unit(1), 'confirmed', 0],
    [unit(2), 'confirmed', 0],
    [unit(3), 'waiting', 1],
    [unit(0), 'waiting', 2],
    [unit(0), 'cancelled', 0],
  ]);
  expect(list.items.every((s) => s.code === undefined)).toBe(true);
  const staffView = ok(await call<ActivityView>('activityGet', { activityId: a.id }, w.manager));
  expect(staffView.figures).toMatchObject({ households: 2, places: 3, waitingHouseholds: 2, waitingPlaces: 3 });

  // After the deadline: 409.
  clock = new Date(DAYTIME.getTime() + 20 * 86_400_000);
  const late = await makeUnit(w.c._id, w.b._id, { room: '901' });
  const lateOwner = await loginAs(stack, (await makeOwner(w.c._id, [late._id], '晚到业主'))._id);
  expect(codeOf(await call('activitySignup', { activityId: a.id, places: 1, requestId: rid() }, lateOwner))).toBe('ACTIVITY.SIGNUP_CLOSED');
});

test('When 200 households race for 20 places, then exactly 20 are confirmed and the other 180 wait, in order', async () => {
  const w = await world(200);
  const a = await publishedActivity(w, { capacity: 20, placesPerHousehold: 1 });
  const results = await Promise.allSettled(w.owners.map((_, i) => signup(w.callerOf(i), { activityId: a.id, places: 1, requestId: rid() })));
  expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
  expect(await ActivitySignup.countDocuments({ activityId: a.id, status: 'confirmed' })).toBe(20);
  expect(await ActivitySignup.countDocuments({ activityId: a.id, status: 'waiting' })).toBe(180);
  expect(await ActivitySeat.countDocuments({ activityId: a.id })).toBe(20);
  const staffView = ok(await call<ActivityView>('activityGet', { activityId: a.id }, w.manager));
  expect(staffView).toMatchObject({ placesLeft: 0, figures: { households: 20, places: 20, waitingHouseholds: 180 } });
  const waiting = ok(await call<Paged<ActivitySignupView>>('activitySignups', { activityId: a.id, status: 'waiting', page: 1, pageSize: 200 }, w.agent));
  expect(waiting.items.map((s) => s.position)).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));
}, 180_000);

test('When cancellations race, then each freed place promotes exactly one waiting household, once, in order', async () => {
  const w = await world(9);
  const a = await publishedActivity(w, { capacity: 5, placesPerHousehold: 1 });
  for (let i = 0; i < 9; i++) await signup(w.callerOf(i), { activityId: a.id, places: 1, requestId: rid() });
  const signups = await ActivitySignup.find({ activityId: a.id }).sort({ seq: 1 }).lean();
  expect(signups.map((s) => s.status)).toEqual([...Array(5).fill('confirmed'), ...Array(4).fill('waiting')]);

  // The same household cancels ten times at once: one place freed, one household promoted, one message.
  await Promise.all(Array.from({ length: 10 }, () => cancelSignup(w.callerOf(0), { signupId: String(signups[0]._id) })));
  expect((await ActivitySignup.findById(signups[5]._id).lean())!.status).toBe('confirmed');
  expect(await ActivitySignup.countDocuments({ activityId: a.id, status: 'confirmed' })).toBe(5);
  expect((await OutboxMessage.find({ communityId: w.c._id, templateKey: 'activity.signup' }).lean()).map((m) => String(m.recipientId))).toEqual([String(w.owners[5]._id)]);

  // Three households cancel at once: the next three move up, each once.
  await Promise.all([1, 2, 3].map((i) => cancelSignup(w.callerOf(i), { signupId: String(signups[i]._id) })));
  const after = await ActivitySignup.find({ activityId: a.id }).sort({ seq: 1 }).lean();
  expect(after.map((s) => s.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed']);
  expect(await ActivitySeat.countDocuments({ activityId: a.id })).toBe(5);
  const msgs = await OutboxMessage.find({ communityId: w.c._id, templateKey: 'activity.signup' }).lean();
  expect(msgs.map((m) => String(m.recipientId)).sort()).toEqual([5, 6, 7, 8].map((i) => String(w.owners[i]._id)).sort());
}, 60_000);

test('When staff check households in by code, then each is checked in once, a second time says when, another activity’s code is not found, and the figures count attendance', async () => {
  const w = await world(3);
  const a = await publishedActivity(w, { capacity: 2, placesPerHousehold: 1 });
  const other = await publishedActivity(w, { capacity: 5, placesPerHousehold: 1 }, { title: '另一个活动' });
  const views: ActivityView[] = [];
  for (let i = 0; i < 3; i++) views.push(await signup(w.callerOf(i), { activityId: a.id, places: 1, requestId: rid() }));
  const code = views[0].signups[0].code!;
  const otherCode = (await signup(w.callerOf(2), { activityId: other.id, places: 1, requestId: rid() })).signups[0].code!;

  const checked = ok(await call<ActivityCheckinResult>('activityCheckin', { activityId: a.id, code: `${code.slice(0, 4)}-${code.slice(4).toLowerCase()}` }, w.agent));
  expect(checked.signup).toMatchObject({ unitId: String(w.units[0]._id), checkedInByName: '王管家' });
  expect(checked.figures).toMatchObject({ households: 2, checkedIn: 1, attendanceRate: 50 });
  const twice = err(await call('activityCheckin', { activityId: a.id, code }, w.agent));
  expect(twice.code).toBe('ACTIVITY.ALREADY_CHECKED_IN');
  expect(twice.message).toContain('已于');
  expect(twice.details).toMatchObject({ checkedInAt: checked.signup.checkedInAt });
  // Another activity's code, a made-up one: 404.
  expect(codeOf(await call('activityCheckin', { activityId: a.id, code: otherCode }, w.agent))).toBe('ACTIVITY.CODE_NOT_FOUND');
  expect(codeOf(await call('activityCheckin', { activityId: a.id, code: 'ZZZZZZZZ' }, w.agent))).toBe('ACTIVITY.CODE_NOT_FOUND');
  // The waiting household cannot be checked in.
  expect(codeOf(await call('activityCheckin', { activityId: a.id, signupId: views[2].signups[0].id }, w.agent))).toBe('ACTIVITY.NOT_CONFIRMED');
  // Racing check-ins of one household: one wins.
  const racing = await Promise.all(Array.from({ length: 5 }, () => call('activityCheckin', { activityId: a.id, signupId: views[1].signups[0].id }, w.agent)));
  expect(racing.map(codeOf).sort()).toEqual(['ACTIVITY.ALREADY_CHECKED_IN', 'ACTIVITY.ALREADY_CHECKED_IN', 'ACTIVITY.ALREADY_CHECKED_IN', 'ACTIVITY.ALREADY_CHECKED_IN', 'OK']);
  expect((await activityAttendeeUnits(a.id)).sort()).toEqual([String(w.units[0]._id), String(w.units[1]._id)].sort());
  // Owners do not check in; another community's staff do not reach the activity.
  const owner = await loginAs(stack, w.owners[0]._id);
  expect(codeOf(await call('activityCheckin', { activityId: a.id, code }, owner))).toBe('AUTH.FORBIDDEN');
  const c2 = await makeCommunity();
  const stranger = await loginAs(stack, (await makeUser(c2._id, { roles: ['agent'] }))._id);
  expect(codeOf(await call('activityCheckin', { activityId: a.id, code }, stranger))).toBe('ACTIVITY.NOT_FOUND');
  expect(codeOf(await call('activityGet', { activityId: a.id }, stranger))).toBe('ACTIVITY.NOT_FOUND');
  // The agent's check-in list shows the published activities, soonest first.
  const list = ok(await call<Paged<ActivitySummary>>('activityList', { when: 'checkin', page: 1, pageSize: 20 }, w.agent));
  expect(list.items.map((x) => x.id).sort()).toEqual([a.id, other.id].sort());
});

test('When an activity is tomorrow, then each confirmed household is reminded once; when it is cancelled, every household signed up is told', async () => {
  const w = await world(3);
  const a = await publishedActivity(w, { capacity: 2, placesPerHousehold: 1 });
  for (let i = 0; i < 3; i++) await signup(w.callerOf(i), { activityId: a.id, places: 1, requestId: rid() });
  clock = new Date(DAYTIME.getTime() + 20 * 86_400_000);
  const scope = { communityIds: [String(w.c._id)] };
  await w.relogin();
  expect(await runActivityReminders({ scope })).toEqual({ activities: 1, reminded: 2, more: false });
  expect(await runActivityReminders({ scope })).toEqual({ activities: 1, reminded: 0, more: false });
  const reminders = await OutboxMessage.find({ communityId: w.c._id, templateKey: 'activity.reminder' }).lean();
  expect(reminders.map((m) => String(m.recipientId)).sort()).toEqual([0, 1].map((i) => String(w.owners[i]._id)).sort());

  ok(await call('activityCancel', { activityId: a.id, reason: '天气原因' }, w.manager));
  ok(await call('activityCancel', { activityId: a.id, reason: '天气原因' }, w.manager));
  const told = await OutboxMessage.find({ communityId: w.c._id, templateKey: 'activity.signup' }).lean();
  expect(told.map((m) => String(m.recipientId)).sort()).toEqual([0, 1, 2].map((i) => String(w.owners[i]._id)).sort());
  const owner = await loginAs(stack, w.owners[0]._id);
  expect(codeOf(await call('activitySignupCancel', { signupId: (await ActivitySignup.findOne({ activityId: a.id, unitId: w.units[0]._id }).lean())!._id.toString() }, owner))).toBe('ACTIVITY.SIGNUP_CLOSED');
});

test('When the day has passed, then the activity is finished with spent lines, the feedback survey goes to the attendees and the figures show budget against spent and the feedback score', async () => {
  const w = await world(3);
  const a = await publishedActivity(w, { capacity: 10, placesPerHousehold: 2 });
  for (let i = 0; i < 3; i++) await signup(w.callerOf(i), { activityId: a.id, places: 2, requestId: rid() });
  expect(codeOf(await call('activityFinish', { activityId: a.id }, w.agent))).toBe('ACTIVITY.INVALID_TRANSITION');
  expect(codeOf(await call('activityFeedback', { activityId: a.id, requestId: rid() }, w.manager))).toBe('ACTIVITY.INVALID_TRANSITION');
  clock = new Date(DAYTIME.getTime() + 21 * 86_400_000);
  await w.relogin();
  const mine = (i: number) => ActivitySignup.findOne({ activityId: a.id, unitId: w.units[i]._id }).lean();
  for (const i of [0, 1]) ok(await call('activityCheckin', { activityId: a.id, signupId: String((await mine(i))!._id) }, w.agent));
  const finished = ok(await call<ActivityView>('activityFinish', { activityId: a.id }, w.agent));
  expect(finished).toMatchObject({ status: 'finished', can: { wrapUp: true, feedback: false } });
  // The feedback survey is the manager's to send.
  expect(ok(await call<ActivityView>('activityGet', { activityId: a.id }, w.manager)).can.feedback).toBe(true);
  const wrapped = ok(await call<ActivityView>('activityWrapUp', { activityId: a.id, spent: [{ item: '春联和礼品', amountFen: 150_000 }, { item: '音响租用', amountFen: 40_000 }], photoIds: [], summary: '到场业主反响热烈' }, w.agent));
  expect(wrapped.figures).toMatchObject({ budgetFen: 280_000, spentFen: 190_000, households: 3, checkedIn: 2, checkedInPlaces: 4, attendanceRate: 67 });

  const withSurvey = ok(await call<ActivityView>('activityFeedback', { activityId: a.id, requestId: rid() }, w.manager));
  expect(withSurvey.feedbackSurveyId).toBeTruthy();
  ok(await call('activityFeedback', { activityId: a.id, requestId: rid() }, w.manager));
  const surveys = await Survey.find({ communityId: w.c._id, kind: 'feedback' }).lean();
  expect(surveys).toHaveLength(1);
  expect(surveys[0]).toMatchObject({ status: 'published', audience: { kind: 'activity' }, per: 'unit', anonymous: false });
  expect(String(surveys[0].activityId)).toBe(a.id);
  expect(surveys[0].questions.map((q) => q.kind)).toEqual(['rating', 'single', 'text']);
  // The attendees answer; a household that did not come is not asked.
  const tokens = await Promise.all(w.owners.map((o) => loginAs(stack, o._id)));
  for (const [i, rating] of [[0, 5], [1, 4]] as const) {
    ok(await call('surveyAnswer', { surveyId: withSurvey.feedbackSurveyId, unitId: String(w.units[i]._id), replies: [{ key: 'overall', rating }, { key: 'favourite', choices: [0] }] }, tokens[i]));
  }
  expect(codeOf(await call('surveyAnswer', { surveyId: withSurvey.feedbackSurveyId, unitId: String(w.units[2]._id), replies: [{ key: 'overall', rating: 1 }] }, tokens[2]))).toBe('SURVEY.NOT_FOUND');
  const figures = ok(await call<ActivityView>('activityGet', { activityId: a.id }, w.manager)).figures!;
  expect(figures.feedback).toMatchObject({ answers: 2, average: 4.5 });
  // Past activities for the owner.
  const past = ok(await call<Paged<ActivitySummary>>('activityList', { tab: 'past', page: 1, pageSize: 20 }, tokens[0]));
  expect(past.items.map((x) => x.id)).toEqual([a.id]);
  expect(ok(await call<ActivityView>('activityGet', { activityId: a.id }, tokens[0])).summary).toBe('到场业主反响热烈');
});

test('When the input is bad (NUL characters, __proto__ keys, huge arrays, another community’s ids), then 400 or 404, never 500', async () => {
  const w = await world(1);
  const owner = await loginAs(stack, w.owners[0]._id);
  const a = await publishedActivity(w, { capacity: 5, placesPerHousehold: 2 });
  const bad = [
    ['activityCreate', { requestId: rid(), ...plan({ title: '迎春\u0000节' }) }, w.agent],
    ['activityCreate', JSON.parse(`{"requestId":"${rid()}","__proto__":{"x":1},"title":"a","day":"${DAY}","startTime":"09:00","endTime":"10:00","place":"广场"}`), w.agent],
    ['activityCreate', { requestId: rid(), ...plan({ programme: Array.from({ length: 5000 }, () => ({ time: '09:00', item: '签到', person: '' })) }) }, w.agent],
    ['activityCreate', { requestId: rid(), ...plan({ endTime: '08:00' }) }, w.agent],
    ['activityCreate', { requestId: rid(), ...plan({ day: '2026-02-30' }) }, w.agent],
    ['activityCreate', { requestId: rid(), ...plan({ day: addDays(today, -1) }) }, w.agent],
    ['activityCreate', { requestId: rid(), ...plan({ budget: [{ item: '礼品', amountFen: -1 }] }) }, w.agent],
    ['activitySignup', { activityId: a.id, places: 0, requestId: rid() }, owner],
    ['activitySignup', { activityId: a.id, places: 1.5, requestId: rid() }, owner],
    ['activityCheckin', { activityId: a.id }, w.agent],
    ['activityCheckin', { activityId: a.id, code: 'A'.repeat(5000) }, w.agent],
  ] as const;
  for (const [action, data, token] of bad) expect([action, codeOf(await call(action, data, token))]).toEqual([action, 'VALIDATION']);
  // Another community's activity and sign-up: 404.
  const w2 = await world(1);
  const a2 = await publishedActivity(w2, { capacity: 5, placesPerHousehold: 1 });
  const s2 = (await signup(w2.callerOf(0), { activityId: a2.id, places: 1, requestId: rid() })).signups[0];
  expect(codeOf(await call('activitySignup', { activityId: a2.id, places: 1, requestId: rid() }, owner))).toBe('ACTIVITY.NOT_FOUND');
  expect(codeOf(await call('activitySignupCancel', { signupId: s2.id }, owner))).toBe('ACTIVITY.SIGNUP_NOT_FOUND');
  expect(codeOf(await call('activitySignups', { activityId: a2.id }, w.agent))).toBe('ACTIVITY.NOT_FOUND');
  expect(codeOf(await call('activityCheckin', { activityId: a.id, signupId: s2.id }, w.agent))).toBe('ACTIVITY.SIGNUP_NOT_FOUND');
  // Another household's unit: 404.
  expect(codeOf(await call('activitySignup', { activityId: a.id, unitId: String(w2.units[0]._id), places: 1, requestId: rid() }, owner))).toBe('UNIT.NOT_FOUND');
});

describe('in slices', () => {
  test('When the reminder job runs one sign-up per invocation, then repeated runs (alone, or two workers at once) remind each confirmed household once', async () => {
    const alone = await world(4);
    const pair = await world(4);
    for (const w of [alone, pair]) {
      const a = await publishedActivity(w, { capacity: 4, placesPerHousehold: 1 });
      for (let i = 0; i < 4; i++) await signup(w.callerOf(i), { activityId: a.id, places: 1, requestId: rid() });
    }
    clock = new Date(DAYTIME.getTime() + 20 * 86_400_000);
    const scopeOf = (w: World) => ({ communityIds: [String(w.c._id)] });
    const one = await untilDone(() => runActivityReminders({ scope: scopeOf(alone), budget: oneItem() }));
    expect(total(one, 'reminded')).toBe(4);
    expect(one.length).toBeGreaterThanOrEqual(4);
    const two = await twoWorkersUntilDone(() => runActivityReminders({ scope: scopeOf(pair), budget: oneItem() }));
    expect(total(two, 'reminded')).toBe(4);
    for (const w of [alone, pair]) {
      const sent = await OutboxMessage.find({ communityId: w.c._id, templateKey: 'activity.reminder' }).lean();
      expect(sent.map((m) => String(m.recipientId)).sort()).toEqual(w.owners.map((o) => String(o._id)).sort());
    }
  }, 180_000);
});
