import { Types } from 'mongoose';
import type { ComplaintDetail } from '@shared/contracts/complaints.contract';
import type { Paged } from '@shared/contracts/contract';
import type { Envelope } from '@shared/errors';
import type { GatePassView } from '@shared/contracts/renovation-approval.contract';
import type { PatrolSummary, PatrolView, RectifyNoticePdf, RenovationPatrolSection } from '@shared/contracts/renovation-patrols.contract';
import { addDays, localDay } from '@shared/domain/calendar';
import { DEFAULT_FORBIDDEN_WORKS, forbiddenCheckKey, PATROL_CHECK_ITEMS, type RenovationStatus } from '@shared/domain/renovation';
import { setClock } from '../../cloud/lib/clock';
import { CallTask, OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { openViolationsOf, runRenovationPatrols } from '../../cloud/modules/renovation';
import { RenovationPass } from '../../cloud/modules/renovation/pass.model';
import { RenovationPatrol } from '../../cloud/modules/renovation/patrol.model';
import { Renovation } from '../../cloud/modules/renovation/renovation.model';
import { makeBuilding, makeCommunity, makeOwner, makeUnit } from '../helpers/factories';
import { DAYTIME, err, ok, rid, staff, type Person } from '../helpers/repairs';
import { oneItem, total, twoWorkersUntilDone, untilDone } from '../helpers/sliced-runs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Patrols and violations (renovation.md "Patrols and violations"): the routine patrol job, the
 * checklist, a violation's 整改通知 (owner message, contractor call task, PDF) and its
 * re-inspection, suspension and resumption, and the neighbours' complaints about the unit.
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
const complaintCall = <T = unknown>(action: string, data: unknown, token: string) => stack.invoke('complaints', action as never, data as never, token) as unknown as Promise<Envelope<T>>;
const today = () => localDay(clock);
const ALL_ITEMS = [...PATROL_CHECK_ITEMS.map((i) => i.key), ...DEFAULT_FORBIDDEN_WORKS.map((w) => forbiddenCheckKey(w.key))];
/** Every item in order, but `bad` (with a note each). */
const checks = (bad: string[] = []) => ALL_ITEMS.map((key) => (bad.includes(key) ? { key, ok: false, note: `${key} 不合格` } : { key, ok: true }));

async function asPerson(user: { _id: Types.ObjectId; name: string }): Promise<Person> {
  const { loginAs } = await import('../helpers/factories');
  const { WechatIdentity } = await import('../../cloud/modules/identity/user.model');
  const token = await loginAs(stack, user._id);
  const ident = await WechatIdentity.findOne({ userId: user._id }).lean();
  return { id: String(user._id), _id: user._id, name: user.name, token, openid: ident!.openid };
}

/** A renovation on site, inserted through the model (the application and approval parts are other tests'). */
async function renovationIn(c: { _id: Types.ObjectId }, b: { _id: Types.ObjectId }, unit: { _id: Types.ObjectId; label: string }, owner: Person, status: RenovationStatus = 'in_progress') {
  const r = await Renovation.create({
    communityId: c._id,
    unitId: unit._id,
    buildingId: b._id,
    unitLabel: unit.label,
    no: `ZX${localDay(clock).replace(/-/g, '')}-${Math.floor(Math.random() * 1000)}`,
    openKey: String(unit._id),
    requestKey: `test:${rid()}`,
    ownerId: owner._id,
    ownerName: owner.name,
    ownerPhone: '13900001111',
    status,
    works: ['plumbing_electric', 'floor'],
    contractor: { company: '安居装饰有限公司', licence: '91310000MA1', foreman: '王工长', phone: '13700002222' },
    plannedStart: addDays(today(), -5),
    plannedEnd: addDays(today(), 60),
    permit: { no: 'XK-0001', validFrom: addDays(today(), -5), validTo: addDays(today(), 60), conditions: [], issuedAt: clock, byName: '严经理' },
    startedAt: clock,
    submittedAt: new Date(clock.getTime() - 10 * DAY),
  });
  return String(r._id);
}

async function world(status: RenovationStatus = 'in_progress') {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '6栋');
  const unit = await makeUnit(c._id, b._id, { room: '0502' });
  const neighbourUnit = await makeUnit(c._id, b._id, { room: '0402' });
  const owner = await asPerson(await makeOwner(c._id, [unit._id], '赵装修', '13900001111'));
  const neighbour = await asPerson(await makeOwner(c._id, [neighbourUnit._id], '钱邻居', '13900003333'));
  const agent = await staff(stack, c._id, { roles: ['agent'], name: '何客服' });
  const manager = await staff(stack, c._id, { roles: ['manager'], name: '严经理' });
  const renovationId = await renovationIn(c, b, unit, owner, status);
  const call = <T>(action: string, data: unknown, p: Person = agent) => stack.invoke('renovation', action as never, data as never, p.token) as unknown as Promise<Envelope<T>>;
  /** The job's task of today (made by running the job as the timer does, scoped to this community). */
  const task = async () => {
    await runRenovationPatrols({ scope: { communityIds: [String(c._id)] } });
    const list = ok(await call<Paged<PatrolSummary>>('patrols', { when: 'due' }));
    return list.items.find((p) => p.renovationId === renovationId && p.status === 'open')!;
  };
  const record = (patrolId: string, data: Record<string, unknown>, p: Person = agent) => call<PatrolView>('recordPatrol', { patrolId, requestId: rid(), checks: checks(), ...data }, p);
  return { c, b, unit, neighbourUnit, owner, neighbour, agent, manager, renovationId, call, task, record };
}

test('When the patrol job runs, then each renovation on site gets one routine task a patrol period (none twice, none for works not started), and a task still open stays the one task', async () => {
  const w = await world();
  const other = await world('approved');
  const report = await runRenovationPatrols({ scope: { communityIds: [String(w.c._id), String(other.c._id)] } });
  expect(report).toEqual({ renovations: 1, created: 1, waiting: 0, more: false });
  // Twice the same day: nothing more.
  expect(await runRenovationPatrols({ scope: { communityIds: [String(w.c._id)] } })).toEqual({ renovations: 1, created: 0, waiting: 0, more: false });
  const tasks = await RenovationPatrol.find({ renovationId: new Types.ObjectId(w.renovationId) }).lean();
  expect(tasks.map((t) => [t.kind, t.dueOn, t.status])).toEqual([['routine', today(), 'open']]);
  expect((await Renovation.findById(w.renovationId).lean())!.nextPatrolOn).toBe(addDays(today(), 3));
  expect(await RenovationPatrol.countDocuments({ communityId: other.c._id })).toBe(0);
  // Three days later the first task is still open: it stays the one task (overdue), the next day moves on.
  clock = new Date(DAYTIME.getTime() + 3 * DAY);
  expect(await runRenovationPatrols({ scope: { communityIds: [String(w.c._id)] } })).toEqual({ renovations: 1, created: 0, waiting: 1, more: false });
  const due = ok(await w.call<Paged<PatrolSummary>>('patrols', { when: 'due' }));
  expect(due.items.map((p) => [p.dueOn, p.overdue, p.renovationNo.startsWith('ZX')])).toEqual([[localDay(DAYTIME), true, true]]);
  // Recorded, the next period makes a new one.
  ok(await w.record(due.items[0].id, {}));
  clock = new Date(DAYTIME.getTime() + 6 * DAY);
  expect(await runRenovationPatrols({ scope: { communityIds: [String(w.c._id)] } })).toEqual({ renovations: 1, created: 1, waiting: 0, more: false });
  // A suspended renovation is still patrolled (nobody works there).
  await Renovation.updateOne({ _id: w.renovationId }, { $set: { status: 'suspended' } });
  clock = new Date(DAYTIME.getTime() + 9 * DAY);
  expect((await runRenovationPatrols({ scope: { communityIds: [String(w.c._id)] } })).renovations).toBe(1);
});

test('When a patrol finds everything in order, then the task is done with the checklist, and the renovation’s history has the patrol', async () => {
  const w = await world();
  const t = await w.task();
  const open = ok(await w.call<PatrolView>('patrol', { patrolId: t.id }));
  expect(open.items.map((i) => i.key)).toEqual(ALL_ITEMS);
  expect(open.items.filter((i) => i.forbidden).map((i) => i.hint)).toEqual(DEFAULT_FORBIDDEN_WORKS.map((f) => f.rule));
  expect(open.renovation).toMatchObject({ unitLabel: w.unit.label, contractor: { company: '安居装饰有限公司', foreman: '王工长' }, permitNo: 'XK-0001' });
  const done = ok(await w.record(t.id, { note: '现场整洁' }));
  expect(done).toMatchObject({ status: 'done', outcome: 'ok', byName: '何客服', note: '现场整洁' });
  expect(done.checks).toHaveLength(ALL_ITEMS.length);
  const r = (await Renovation.findById(w.renovationId).lean())!;
  expect(r.history.map((h) => h.event)).toEqual(['patrol']);
  expect(r.openViolations).toBe(0);
  // Off the due list, on the done list (of the renovation too).
  expect(ok(await w.call<Paged<PatrolSummary>>('patrols', { when: 'due' })).items).toEqual([]);
  const doneList = ok(await w.call<Paged<PatrolSummary>>('patrols', { when: 'done', renovationId: w.renovationId }));
  expect(doneList.items.map((p) => [p.id, p.outcome, p.byName])).toEqual([[t.id, 'ok', '何客服']]);
});

test('When a patrol result is bad input, then 400 names the field and nothing is recorded', async () => {
  const w = await world();
  const t = await w.task();
  const bad = [
    { checks: checks().slice(1) }, // an item not checked
    { checks: [...checks(), { key: 'no_such_item', ok: true }] },
    { checks: checks().map((c) => (c.key === 'rubbish' ? { key: 'rubbish', ok: false } : c)) }, // not in order, no note
    { checks: checks(['rubbish']), severity: 'minor' }, // no deadline
    { checks: checks(['rubbish']), deadline: addDays(today(), 3) }, // no severity
    { checks: checks(['rubbish']), severity: 'minor', deadline: today() },
    { checks: checks(['rubbish']), severity: 'minor', deadline: addDays(today(), -1) },
    { checks: checks(['rubbish']), severity: 'minor', deadline: addDays(today(), 16) },
    { checks: checks(['rubbish']), severity: 'fatal', deadline: addDays(today(), 3) },
    { checks: checks(), deadline: '2026-13-45x' },
    { checks: [] },
  ];
  for (const data of bad) expect([data, err(await w.record(t.id, data)).code]).toEqual([data, 'VALIDATION']);
  expect((await RenovationPatrol.findById(t.id).lean())!.status).toBe('open');
});

test('When a patrol records a violation, then the 整改通知 goes to the owner and the contractor once, a re-inspection is due on the deadline, and a replay changes nothing', async () => {
  const w = await world();
  const t = await w.task();
  const deadline = addDays(today(), 3);
  const requestId = rid();
  const data = { patrolId: t.id, requestId, checks: checks(['common_area', 'rubbish']), severity: 'minor', deadline, photoIds: [] };
  const v = ok(await w.call<PatrolView>('recordPatrol', data));
  expect(v.outcome).toBe('violation');
  expect(v.violation).toMatchObject({ noticeNo: expect.stringMatching(/-ZG1$/), severity: 'minor', deadline, open: true, rectified: false, overdue: false });
  expect(v.violation!.items.map((i) => i.label)).toEqual(['公共部位堆放', '垃圾清运']);
  expect(v.suspendProposal).toBeUndefined();
  // The same request again: the same answer, nothing twice. Another request: 409.
  expect(ok(await w.call<PatrolView>('recordPatrol', data)).violation!.noticeNo).toBe(v.violation!.noticeNo);
  expect(err(await w.record(t.id, {})).code).toBe('RENOVATION.PATROL_DONE');

  const r = (await Renovation.findById(w.renovationId).lean())!;
  expect([r.openViolations, r.violationCount, r.history.filter((h) => h.event === 'violation').length]).toEqual([1, 1, 1]);
  expect(await openViolationsOf(w.renovationId)).toBe(1);
  const messages = await OutboxMessage.find({ communityId: w.c._id, templateKey: 'renovation.rectify' }).lean();
  expect(messages.map((m) => String(m.recipientId))).toEqual([w.owner.id]);
  const calls = await CallTask.find({ communityId: w.c._id }).lean();
  expect(calls.map((c) => [c.name, c.phone, c.count])).toEqual([['王工长', '13700002222', 1]]);
  expect(calls[0].title).toContain(v.violation!.noticeNo);
  const re = await RenovationPatrol.find({ renovationId: new Types.ObjectId(w.renovationId), kind: 'reinspection' }).lean();
  expect(re.map((p) => [p.dueOn, p.status, String(p.reinspectionOf)])).toEqual([[deadline, 'open', t.id]]);

  // The owner sees the violation and its deadline, but neither the staff's tasks nor the complaints.
  const mine = ok(await w.call<RenovationPatrolSection>('patrolSection', { renovationId: w.renovationId }, w.owner));
  expect(mine.violations.map((x) => [x.noticeNo, x.deadline, x.open])).toEqual([[v.violation!.noticeNo, deadline, true]]);
  expect([mine.patrols, mine.complaints, mine.can]).toEqual([[], [], { patrol: false, suspend: false, resume: false }]);
  // The printable 整改通知单, in Chinese.
  const pdf = ok(await w.call<RectifyNoticePdf>('rectifyPdf', { patrolId: t.id }, w.owner));
  expect(pdf.fileName).toBe(`整改通知单-${w.unit.label}-${v.violation!.noticeNo}.pdf`);
  const bytes = Buffer.from(pdf.contentBase64, 'base64');
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(bytes.length).toBeGreaterThan(5000); // the Chinese glyphs are embedded
  // After the deadline the violation shows overdue.
  clock = new Date(DAYTIME.getTime() + 4 * DAY);
  const later = ok(await w.call<RenovationPatrolSection>('patrolSection', { renovationId: w.renovationId }));
  expect(later.violations[0]).toMatchObject({ open: true, overdue: true });
});

test('When the re-inspection finds it rectified, then the violation closes; not rectified, then a new notice replaces it with a new re-inspection', async () => {
  const w = await world();
  const t = await w.task();
  const first = ok(await w.record(t.id, { checks: checks(['rubbish']), severity: 'minor', deadline: addDays(today(), 2) }));
  clock = new Date(DAYTIME.getTime() + 2 * DAY);
  const re1 = ok(await w.call<Paged<PatrolSummary>>('patrols', { when: 'due' })).items.find((p) => p.kind === 'reinspection')!;
  const reView = ok(await w.call<PatrolView>('patrol', { patrolId: re1.id }));
  expect(reView.reinspects).toMatchObject({ noticeNo: first.violation!.noticeNo, open: true });
  // Not rectified: a second notice.
  const second = ok(await w.record(re1.id, { checks: checks(['rubbish']), severity: 'minor', deadline: addDays(today(), 2) }));
  expect(second.violation!.noticeNo).toMatch(/-ZG2$/);
  let section = ok(await w.call<RenovationPatrolSection>('patrolSection', { renovationId: w.renovationId }));
  expect(section.violations.map((v) => [v.noticeNo.slice(-3), v.open, v.rectified, v.supersededByNo?.slice(-3)])).toEqual([
    ['ZG2', true, false, undefined],
    ['ZG1', false, false, 'ZG2'],
  ]);
  expect(section.openViolations).toBe(1);
  // Rectified at the second re-inspection.
  clock = new Date(DAYTIME.getTime() + 4 * DAY);
  const re2 = ok(await w.call<Paged<PatrolSummary>>('patrols', { when: 'due' })).items.find((p) => p.kind === 'reinspection')!;
  const fine = ok(await w.record(re2.id, {}));
  expect(fine.outcome).toBe('ok');
  expect(fine.reinspects).toMatchObject({ noticeNo: second.violation!.noticeNo, open: false, rectified: true });
  section = ok(await w.call<RenovationPatrolSection>('patrolSection', { renovationId: w.renovationId }));
  expect(section.openViolations).toBe(0);
  const r = (await Renovation.findById(w.renovationId).lean())!;
  expect([r.openViolations, r.violationCount]).toEqual([0, 2]);
  expect(r.history.map((h) => h.event)).toEqual(['violation', 'violation', 'rectified']);
  expect(await openViolationsOf(w.renovationId)).toBe(0);
});

test('When a violation is serious or the third, then suspension is proposed; the manager suspends (passes stop), and resumes only once nothing is open', async () => {
  const w = await world();
  const t = await w.task();
  const serious = ok(await w.record(t.id, { checks: checks([forbiddenCheckKey('load_bearing')]), severity: 'serious', deadline: addDays(today(), 5) }));
  expect(serious.suspendProposal).toContain('严重违规');
  let section = ok(await w.call<RenovationPatrolSection>('patrolSection', { renovationId: w.renovationId }, w.manager));
  expect(section.suspendProposal?.reason).toContain('严重违规');
  expect(section.can).toEqual({ patrol: true, suspend: true, resume: false });
  // Only a manager suspends; a reason is needed.
  expect(err(await w.call('suspend', { renovationId: w.renovationId, reason: '拆改承重墙' }, w.agent)).code).toBe('AUTH.FORBIDDEN');
  expect(err(await w.call('suspend', { renovationId: w.renovationId, reason: ' ' }, w.manager)).code).toBe('VALIDATION');
  // A worker's pass works at the gate until the works are suspended, and again after they resume.
  const code = `PT${String(new Types.ObjectId()).slice(-6).toUpperCase()}`;
  await RenovationPass.create({ communityId: w.c._id, renovationId: new Types.ObjectId(w.renovationId), unitId: w.unit._id, unitLabel: w.unit.label, requestKey: `test:worker:${code}`, code, workerId: String(new Types.ObjectId()), name: '王小工', idNumber: '110101199003070003', status: 'active', rev: 0 });
  const gate = async () => ok(await w.call<GatePassView>('checkPass', { code }, w.agent)).verdict;
  expect(await gate()).toBe('valid');
  section = ok(await w.call<RenovationPatrolSection>('suspend', { renovationId: w.renovationId, reason: '拆改承重墙，须恢复原状' }, w.manager));
  expect(await gate()).toBe('suspended');
  expect(section.status).toBe('suspended');
  expect(section.suspension).toMatchObject({ reason: '拆改承重墙，须恢复原状', byName: '严经理' });
  expect(section.suspendProposal).toBeUndefined();
  expect((await Renovation.findById(w.renovationId).lean())!.status).toBe('suspended');
  expect(await OutboxMessage.countDocuments({ communityId: w.c._id, templateKey: 'renovation.suspend' })).toBe(1);
  expect(err(await w.call('suspend', { renovationId: w.renovationId, reason: '再次停工' }, w.manager)).code).toBe('RENOVATION.INVALID_TRANSITION');
  // Resume refused while the violation is open.
  const refused = err(await w.call('resume', { renovationId: w.renovationId }, w.manager));
  expect(refused.code).toBe('RENOVATION.VIOLATION_OPEN');
  // Re-inspected while suspended and rectified: resume.
  const re = ok(await w.call<Paged<PatrolSummary>>('patrols', { when: 'open' })).items.find((p) => p.kind === 'reinspection')!;
  ok(await w.record(re.id, {}));
  section = ok(await w.call<RenovationPatrolSection>('resume', { renovationId: w.renovationId, note: '已恢复原状' }, w.manager));
  expect(section.status).toBe('in_progress');
  expect(section.suspension).toBeUndefined();
  expect(await gate()).toBe('valid');
  expect((await Renovation.findById(w.renovationId).lean())!.history.map((h) => h.event)).toEqual(['violation', 'suspend', 'rectified', 'resume']);
  expect(await OutboxMessage.countDocuments({ communityId: w.c._id, templateKey: 'renovation.suspend' })).toBe(2);

  // The third notice proposes suspension too (minor ones).
  const w3 = await world();
  for (let n = 1; n <= 3; n++) {
    const started = ok(await w3.call<PatrolView>('startPatrol', { renovationId: w3.renovationId }));
    const v = ok(await w3.record(started.id, { checks: checks(['rubbish']), severity: 'minor', deadline: addDays(today(), 2) }));
    expect([n, Boolean(v.suspendProposal)]).toEqual([n, n === 3]);
    clock = new Date(clock.getTime() + DAY);
  }
});

test('When a renovation is not on site, then it is neither patrolled nor suspended', async () => {
  const w = await world('approved');
  expect(err(await w.call('startPatrol', { renovationId: w.renovationId })).code).toBe('RENOVATION.NOT_ON_SITE');
  expect(err(await w.call('suspend', { renovationId: w.renovationId, reason: '测试停工' }, w.manager)).code).toBe('RENOVATION.INVALID_TRANSITION');
  expect(err(await w.call('resume', { renovationId: w.renovationId }, w.manager)).code).toBe('RENOVATION.INVALID_TRANSITION');
});

test('When the caller is the owner or of another community, then patrol tasks are out of reach', async () => {
  const w = await world();
  const x = await world();
  const t = await w.task();
  expect(err(await w.call('patrol', { patrolId: t.id }, w.owner)).code).toBe('AUTH.FORBIDDEN');
  expect(err(await w.call('recordPatrol', { patrolId: t.id, requestId: rid(), checks: checks() }, w.owner)).code).toBe('AUTH.FORBIDDEN');
  expect(err(await x.call('patrol', { patrolId: t.id }, x.agent)).code).toBe('RENOVATION.PATROL_NOT_FOUND');
  expect(err(await w.call('patrolSection', { renovationId: w.renovationId }, w.neighbour)).code).toBe('RENOVATION.NOT_FOUND');
  expect(err(await x.call('patrolSection', { renovationId: w.renovationId }, x.agent)).code).toBe('RENOVATION.NOT_FOUND');
});

test('When an agent links complaints to the unit complained about, then the patrol task and the renovation show them to staff', async () => {
  const w = await world();
  const complaint = ok(
    await complaintCall<ComplaintDetail>(
      'record',
      { requestId: rid(), channel: 'phone', unitId: String(w.neighbourUnit._id), aboutUnitId: String(w.unit._id), contactName: '钱邻居', contactPhone: '13900003333', category: 'noise', description: '楼上装修中午一直在电钻，无法休息', urgent: false },
      w.agent.token,
    ),
  );
  expect(complaint.aboutUnit).toEqual({ id: String(w.unit._id), label: w.unit.label });
  // A complaint the owner made without it: the agent links it afterwards (and may clear it).
  const other = ok(
    await complaintCall<ComplaintDetail>('submit', { requestId: rid(), category: 'cleaning', description: '走廊里堆满了装修材料和垃圾', unitId: String(w.neighbourUnit._id) }, w.neighbour.token),
  );
  expect(err(await complaintCall('setAboutUnit', { complaintId: other.id, aboutUnitId: String(w.unit._id) }, w.neighbour.token)).code).toBe('AUTH.FORBIDDEN');
  expect(ok(await complaintCall<ComplaintDetail>('setAboutUnit', { complaintId: other.id, aboutUnitId: String(w.unit._id) }, w.agent.token)).aboutUnit?.label).toBe(w.unit.label);
  const t = await w.task();
  const view = ok(await w.call<PatrolView>('patrol', { patrolId: t.id }));
  expect(view.complaints.map((c) => [c.caseNo, c.category]).sort()).toEqual(
    [
      [complaint.caseNo, 'noise'],
      [other.caseNo, 'cleaning'],
    ].sort(),
  );
  expect(ok(await w.call<RenovationPatrolSection>('patrolSection', { renovationId: w.renovationId })).complaints).toHaveLength(2);
  expect(ok(await complaintCall<ComplaintDetail>('setAboutUnit', { complaintId: other.id }, w.agent.token)).aboutUnit).toBeUndefined();
  expect(ok(await w.call<PatrolView>('patrol', { patrolId: t.id })).complaints.map((c) => c.caseNo)).toEqual([complaint.caseNo]);
  // A unit of another community is not a unit here.
  const x = await world();
  expect(err(await complaintCall('setAboutUnit', { complaintId: other.id, aboutUnitId: String(x.unit._id) }, w.agent.token)).code).toBe('UNIT.NOT_FOUND');
});

describe('in slices', () => {
  test('When each invocation may look at one renovation, then repeated invocations make each renovation’s routine task exactly once, and two workers at once add none', async () => {
    const w = await world();
    const third = await makeUnit(w.c._id, w.b._id, { room: '0302' });
    const ids = [w.renovationId, await renovationIn(w.c, w.b, w.neighbourUnit, w.owner), await renovationIn(w.c, w.b, third, w.owner)];
    const scope = { communityIds: [String(w.c._id)] };
    const runs = await untilDone(() => runRenovationPatrols({ scope, budget: oneItem() }));
    expect(runs.slice(0, 3).every((r) => r.more && r.renovations === 1)).toBe(true);
    expect(total(runs, 'created')).toBe(3);
    expect(total(await twoWorkersUntilDone(() => runRenovationPatrols({ scope, budget: oneItem() })), 'created')).toBe(0);
    // Three days later the tasks are still open: two workers count each as waiting once and make none.
    clock = new Date(DAYTIME.getTime() + 3 * DAY);
    const later = await twoWorkersUntilDone(() => runRenovationPatrols({ scope, budget: oneItem() }));
    expect([total(later, 'created'), total(later, 'waiting')]).toEqual([0, 3]);
    for (const id of ids) {
      expect((await RenovationPatrol.find({ renovationId: new Types.ObjectId(id) }).lean()).map((t) => [t.kind, t.dueOn])).toEqual([['routine', localDay(DAYTIME)]]);
      expect((await Renovation.findById(id).lean())!.nextPatrolOn).toBe(addDays(localDay(DAYTIME), 6));
    }
  }, 120_000);
});
