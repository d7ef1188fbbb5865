import { BindingRequest } from '../../cloud/modules/community/binding.model';
import { Building, Community, Unit } from '../../cloud/modules/community/community.model';
import { ParkingSpace, Resident, Vehicle } from '../../cloud/modules/community/household.model';
import { User, WechatIdentity } from '../../cloud/modules/identity/user.model';
import { Complaint } from '../../cloud/modules/complaints/complaint.model';
import { FollowUp } from '../../cloud/modules/followups/followup.model';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { Renovation } from '../../cloud/modules/renovation/renovation.model';
import { seedDemo } from '../../scripts/demo-data';
import { seedDemoArchives } from '../../scripts/demo-archives';
import { ArchiveDoc } from '../../cloud/modules/archives/archive-doc.model';
import { Equipment } from '../../cloud/modules/archives/equipment.model';
import { ArchiveContract } from '../../cloud/modules/archives/contract.model';
import { ArchiveLoan } from '../../cloud/modules/archives/loan.model';
import { StoredFile } from '../../cloud/modules/files/file.model';
import { demoRenovationProblems } from '../../scripts/demo-renovation-done';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  // Seeding the whole demo takes ~20 s alone; room for a busy machine.
  stack = await startStack({ seedDemo: true });
}, 120_000);
afterAll(() => stack.stop());

test('When the demo community is seeded, then it has 4 buildings (8栋 newly handed over), 72 units, owners and a staff of six', async () => {
  const overview = await stack.invoke('community', 'overview', {}, await stack.login('demo-manager'));
  if (!overview.ok) throw new Error(overview.error.code);
  expect(overview.data.community.name).toBe('幸福里小区');
  expect(overview.data.totals).toMatchObject({ buildings: 4, units: 72, staff: 6 });
  expect(overview.data.totals.owners).toBeGreaterThanOrEqual(45);
});

test('When each demo login code is used, then it logs in as the documented person and role', async () => {
  const expected: [string, string, string][] = [
    ['demo-owner', '张伟', 'owner'],
    ['demo-owner2', '李娜', 'owner'],
    ['demo-agent', '王芳', 'agent'],
    ['demo-agent2', '周晓雨', 'agent'],
    ['demo-tech1', '刘强', 'technician'],
    ['demo-tech2', '陈磊', 'technician'],
    ['demo-cashier', '赵敏', 'cashier'],
    ['demo-manager', '孙涛', 'manager'],
    ['demo-buyer', '陈思远', 'owner'],
  ];
  for (const [code, name, role] of expected) {
    const res = await stack.invoke('auth', 'login', { code });
    expect(res).toMatchObject({ ok: true, data: { me: { name, roles: [role], communityName: '幸福里小区' } } });
  }
  const home = await stack.invoke('community', 'myHome', {}, await stack.login('demo-owner2'));
  if (!home.ok) throw new Error(home.error.code);
  expect(home.data.units.map((u) => u.label)).toEqual(['2栋1单元0801', '2栋1单元0802']);
});

test('When 张伟 opens his home, then his household (masked phones) and his car in B1-015 are there', async () => {
  const home = await stack.invoke('community', 'myHome', {}, await stack.login('demo-owner'));
  if (!home.ok) throw new Error(home.error.code);
  const [unit] = home.data.units;
  expect(unit.household.map((m) => [m.name, m.relation, m.isMe])).toEqual([
    ['张伟', 'owner', true],
    ['张小明', 'family', false],
    ['王丽', 'family', false],
  ]);
  expect(unit.household.find((m) => m.name === '王丽')?.phone).toBe('139****2502');
  expect(unit.household.find((m) => m.name === '张小明')?.phone).toBe('');
  expect(unit.vehicles).toEqual([{ id: expect.any(String), plate: '浙A·D1502', parkingSpace: 'B1-015' }]);
});

test('When the demo manager logs in, then 阳光花园 is offered as a second community, and the front desk has a binding request waiting', async () => {
  const res = await stack.invoke('auth', 'login', { code: 'demo-manager' });
  expect(res).toMatchObject({ ok: true, data: { me: { communities: [{ name: '幸福里小区' }, { name: '阳光花园' }] } } });
  const tasks = await stack.invoke('binding', 'tasks', {}, await stack.login('demo-agent'));
  expect(tasks).toMatchObject({ ok: true, data: { total: 1, items: [{ name: '周新宇', unitLabel: '3栋1单元0502', status: 'pending' }] } });
});

test('When a new WeChat user binds as 王丽 (phone ending 2502) to 1栋1单元1502, then the records match and she is bound at once', async () => {
  const guest = await stack.login('demo-guest-seedtest1');
  const options = await stack.invoke('binding', 'options', {}, guest);
  const xingfuli = options.ok ? options.data.communities.find((c) => c.name === '幸福里小区') : undefined;
  const unit = await Unit.findOne({ communityId: xingfuli?.id, label: '1栋1单元1502' });
  const res = await stack.invoke('binding', 'request', { unitId: String(unit?._id), name: '王丽', phoneLast4: '2502', relation: 'family' }, guest);
  expect(res).toMatchObject({ ok: true, data: { binding: { status: 'approved', auto: true } } });
});

test('When the demo parking is seeded, then there are 40 spaces and 15 cars, each car on a unit of the community', async () => {
  expect(await ParkingSpace.countDocuments()).toBe(40);
  expect(await Vehicle.countDocuments()).toBe(15);
  const unitIds = new Set((await Unit.find({}, { _id: 1 })).map((u) => String(u._id)));
  for (const v of await Vehicle.find()) expect(unitIds.has(String(v.unitId))).toBe(true);
});

test('When rented units are listed, then each has its tenant recorded', async () => {
  const rented = await Unit.find({ status: 'renting' }, { _id: 1 });
  expect(rented.length).toBeGreaterThan(0);
  expect(await Resident.countDocuments({ relation: 'tenant', unitId: { $in: rented.map((u) => u._id) } })).toBe(rented.length);
});

test('When the demo repair people log in, then each has work: 张伟 two orders, 刘强 one to accept and one under way, 王芳 a follow-up, 李娜 a window to rate', async () => {
  const zhang = await stack.invoke('repairs', 'mine', {}, await stack.login('demo-owner'));
  expect(zhang.ok && zhang.data.items.map((o) => o.status).sort()).toEqual(['accepted', 'closed']);
  const liu = await stack.invoke('repairs', 'queue', {}, await stack.login('demo-tech1'));
  expect(liu.ok && liu.data.mine.map((o) => o.status).sort()).toEqual(['accepted', 'dispatched']);
  const follow = await stack.invoke('followups', 'list', {}, await stack.login('demo-agent'));
  // 李娜's window (repair), then 张伟's answered parking complaint (demo-complaints.ts).
  expect(follow.ok && follow.data.items.map((t) => [t.source, t.ownerName])).toEqual([
    ['repair', '李娜'],
    ['complaint', '张伟'],
  ]);
  const liToken = await stack.login('demo-owner2');
  const li = await stack.invoke('repairs', 'mine', { state: 'done' }, liToken);
  if (!li.ok) throw new Error(li.error.code);
  const window = await stack.invoke('repairs', 'get', { repairId: li.data.items[0].id }, liToken);
  expect(window).toMatchObject({ ok: true, data: { status: 'completed', assigneeName: '陈磊', can: expect.arrayContaining(['rate', 'reopen']) } });
});

test('When the demo complaint people log in, then 张伟 has a reply to confirm and a closed complaint, and 王芳 has 李娜\'s noise complaint to accept', async () => {
  const zhangToken = await stack.login('demo-owner');
  const mine = await stack.invoke('complaints', 'mine', {}, zhangToken);
  if (!mine.ok) throw new Error(mine.error.code);
  expect(mine.data.map((c) => [c.category, c.status])).toEqual([
    ['parking', 'replied'],
    ['cleaning', 'closed'],
  ]);
  const parking = await stack.invoke('complaints', 'get', { complaintId: mine.data[0].id }, zhangToken);
  expect(parking).toMatchObject({
    ok: true,
    data: { validity: 'valid', handlerName: '王芳', reply: { content: expect.stringContaining('B1-015'), byName: '王芳' }, followUp: { status: 'open' }, actions: expect.arrayContaining(['confirm', 'unhappy']) },
  });
  const closed = await stack.invoke('complaints', 'get', { complaintId: mine.data[1].id }, zhangToken);
  expect(closed).toMatchObject({ ok: true, data: { status: 'closed', followUp: { status: 'done', outcome: 'satisfied' }, actions: [] } });
  if (closed.ok) expect(closed.data.history.map((h) => h.event)).toEqual(['create', 'accept', 'reply', 'followup', 'close']);

  const open = await stack.invoke('complaints', 'list', { status: 'open' }, await stack.login('demo-agent'));
  if (!open.ok) throw new Error(open.error.code);
  expect(open.data.items.map((c) => [c.ownerName, c.category, c.status, c.deadline?.stage])).toEqual([
    ['李娜', 'noise', 'received', 'respond'],
    // The renovation patrol demo: the downstairs neighbour's noise complaint about a renovation in 1栋.
    [expect.any(String), 'noise', 'received', 'respond'],
    ['张伟', 'parking', 'replied', 'followup'],
  ]);
  expect(open.data.items.every((c) => !c.breached && !c.deadline?.overdue)).toBe(true);
  const board = await stack.invoke('complaints', 'board', {}, await stack.login('demo-manager'));
  expect(board).toMatchObject({ ok: true, data: { open: 3, overdue: [] } });
});

test('When 张伟 opens his bills, then last month is paid by transfer DEMO-0001 and this month is owed', async () => {
  const res = await stack.invoke('fees', 'myAccounts', {}, await stack.login('demo-owner'));
  if (!res.ok) throw new Error(res.error.code);
  const account = res.data[0];
  expect(account.payments.map((p) => p.receiptNo)).toEqual(['DEMO-0001']);
  // Newest first: this month's property fee is open, last month's is paid.
  expect(account.bills.filter((b) => b.itemName === '物业服务费').map((b) => b.status)).toEqual(['open', 'paid']);
  expect(account.owedFen).toBeGreaterThan(0);
});

test('When the seed runs again, then nothing is duplicated', async () => {
  const count = async () =>
    Promise.all([Community, Building, Unit, User, WechatIdentity, Resident, Vehicle, ParkingSpace, BindingRequest, Complaint, FollowUp].map((m) => (m as typeof Unit).countDocuments()));
  const before = await count();
  await seedDemo();
  expect(await count()).toEqual(before);
});

test('When the demo is seeded, then 王芳 finds an open elevator incident in 幸福里1栋业主群 with 张伟 as a known owner', async () => {
  const agent = await stack.login('demo-agent');
  const list = await stack.invoke('sentiment', 'incidents', {}, agent);
  if (!list.ok) throw new Error(list.error.code);
  const elevator = list.data.items.find((i) => i.groupName === '幸福里1栋业主群' && i.topic === 'elevator');
  expect(elevator).toMatchObject({ status: 'open', negatives: 3, senders: 3 });
  const detail = await stack.invoke('sentiment', 'incident', { incidentId: elevator!.id }, agent);
  if (!detail.ok) throw new Error(detail.error.code);
  expect(detail.data.messages.find((m) => m.nickname === '1-1502张伟')?.owner).toMatchObject({ name: '张伟', unitLabel: '1栋1单元1502' });
  const groups = await stack.invoke('sentiment', 'groups', {}, agent);
  expect(groups.ok && groups.data.find((g) => g.name === '幸福里1栋业主群')).toMatchObject({ messages: 7, openIncidents: 1 });
  // 王芳 marked the sarcasm the built-in lexicon misses: 孙涛 has a 漏报 to review, its proposal ready.
  const manager = await stack.login('demo-manager');
  const pending = await stack.invoke('sentiment', 'corrections', { status: 'pending' }, manager);
  if (!pending.ok) throw new Error(pending.error.code);
  expect(pending.data.items).toEqual([expect.objectContaining({ kind: 'missed', phrase: '乌龟看了都摇头', byName: '王芳', proposal: { kind: 'phrase', text: '乌龟看了都摇头', level: 'medium', topics: ['service'] } })]);
  // Seeded history alerts nobody (the demo staff would otherwise find call tasks for it).
  expect(await OutboxMessage.countDocuments({ eventKey: { $regex: '^incident:' } })).toBe(0);
});

test('When the demo is seeded, then 3栋 has a draft, a submitted, a returned and a cancelled renovation application, and 张伟 can apply for his unit', async () => {
  const agent = await stack.login('demo-agent');
  const list = await stack.invoke('renovation', 'list', { q: '3栋', pageSize: 50 }, agent);
  if (!list.ok) throw new Error(list.error.code);
  expect(list.data.items.map((r) => r.status).sort()).toEqual(['cancelled', 'draft', 'returned', 'submitted']);
  const returned = list.data.items.find((r) => r.status === 'returned')!;
  const detail = await stack.invoke('renovation', 'detail', { renovationId: returned.id }, agent);
  expect(detail.ok && detail.data.returnReason).toContain('非承重墙');
  const zhang = await stack.login('demo-owner');
  const mine = await stack.invoke('renovation', 'list', {}, zhang);
  expect(mine.ok && mine.data.items.filter((r) => !['closed', 'cancelled'].includes(r.status))).toEqual([]);
});

test('When the demo is seeded, then 1栋 has a renovation in progress with an open violation and its re-inspection, and a suspended one; 王芳 sees the complaint on the patrol', async () => {
  const agent = await stack.login('demo-agent');
  const list = await stack.invoke('renovation', 'list', { q: '1栋' }, agent);
  if (!list.ok) throw new Error(list.error.code);
  const ours = list.data.items.filter((r) => r.unitLabel.startsWith('1栋') && ['in_progress', 'suspended'].includes(r.status));
  expect(ours.map((r) => [r.status, r.openViolations]).sort()).toEqual([
    ['in_progress', 1],
    ['suspended', 1],
  ]);
  const due = await stack.invoke('renovation', 'patrols', { when: 'open' }, agent);
  if (!due.ok) throw new Error(due.error.code);
  const reinspections = due.data.items.filter((p) => p.kind === 'reinspection' && ours.some((r) => r.id === p.renovationId));
  expect(reinspections).toHaveLength(2);
  const inProgress = ours.find((r) => r.status === 'in_progress')!;
  const section = await stack.invoke('renovation', 'patrolSection', { renovationId: inProgress.id }, agent);
  expect(section.ok && section.data.violations.map((v) => [v.open, v.items.map((i) => i.label)])).toEqual([[true, ['公共部位堆放', '垃圾清运']]]);
  expect(section.ok && section.data.complaints.map((c) => c.category)).toEqual(['noise']);
});

test('When the demo is seeded, then its renovations are coherent (one in each state, one open per unit, closed ones refunded in the ledger) and 1栋\'s low floors have one in acceptance, one accepted with the deposit held for a violation, one closed with its deposit given back', async () => {
  const xingfuli = await Community.findOne({ name: '幸福里小区' }).lean();
  expect(await demoRenovationProblems(xingfuli!._id)).toEqual([]);
  const manager = await stack.login('demo-manager');
  const board = await stack.invoke('renovation', 'board', {}, manager);
  if (!board.ok) throw new Error(board.error.code);
  expect(board.data.depositsHeld.map((r) => [r.company, r.openViolations, r.heldReason])).toEqual([['杭州宜家装饰工程有限公司', 1, '1项违规未整改']]);
  const list = await stack.invoke('renovation', 'list', { status: 'closed' }, manager);
  if (!list.ok) throw new Error(list.error.code);
  const closed = await stack.invoke('renovation', 'completion', { renovationId: list.data.items[0].id }, manager);
  expect(closed.ok && closed.data.deposit).toMatchObject({ state: 'returned', amountFen: 200_000, deductedFen: 15_000, refundFen: 185_000 });
  expect(closed.ok && closed.data.rounds.map((r) => r.outcome)).toEqual(['fail', 'pass']);
});

test('When the demo is seeded, then 2栋 has a reviewed, an approved (fees billed, unpaid) and an in-progress renovation (fees paid, ZXGK-2468 valid at the gate), and 李娜\'s 0801 and 0802 keep their overdue bills, with no renovation', async () => {
  const agent = await stack.login('demo-agent');
  const list = await stack.invoke('renovation', 'list', { q: '2栋', pageSize: 50 }, agent);
  if (!list.ok) throw new Error(list.error.code);
  const ours = list.data.items.filter((r) => r.unitLabel.startsWith('2栋'));
  expect(ours.map((r) => [r.unitLabel, r.status]).sort()).toEqual([
    ['2栋1单元0401', 'approved'],
    ['2栋1单元0501', 'in_progress'],
    ['2栋1单元0602', 'reviewed'],
  ]);
  const billsOf = async (unitLabel: string) => {
    const detail = await stack.invoke('renovation', 'detail', { renovationId: ours.find((r) => r.unitLabel === unitLabel)!.id }, agent);
    if (!detail.ok) throw new Error(detail.error.code);
    return detail.data.bills.map((b) => [b.itemName, b.amountFen, b.paid]);
  };
  // The fees are set before the renovation parts run: every approval billed them.
  expect(await billsOf('2栋1单元0401')).toEqual([
    ['装修押金', 200_000, false],
    ['装修管理费', 30_000, false],
    ['装修垃圾清运费', 50_000, false],
  ]);
  expect((await billsOf('2栋1单元0501')).map(([, , paid]) => paid)).toEqual([true, true, true]);
  const gate = await stack.invoke('renovation', 'checkPass', { code: 'ZXGK-2468' }, agent);
  expect(gate.ok && gate.data).toMatchObject({ verdict: 'valid', name: '黄建军', unitLabel: '2栋1单元0501' });

  // 李娜's units: no renovation, no renovation bill, and the overdue bills the fees and pay tests use.
  const li = await stack.login('demo-owner2');
  const mine = await stack.invoke('renovation', 'list', {}, li);
  expect(mine.ok && mine.data.items).toEqual([]);
  const accounts = await stack.invoke('fees', 'myAccounts', {}, li);
  if (!accounts.ok) throw new Error(accounts.error.code);
  for (const label of ['2栋1单元0801', '2栋1单元0802']) {
    const account = accounts.data.find((a) => a.unitLabel === label)!;
    expect(account.bills.filter((b) => b.status === 'open' && b.daysOverdue > 0 && b.dueFen > 0).length).toBeGreaterThan(0);
    expect(account.bills.filter((b) => b.kind === 'one-off')).toEqual([]);
  }
  // 张伟's unit (the tests apply there) and the move-in demo's 8栋 have no renovation.
  const labels = (await Renovation.find({}, { unitLabel: 1 }).lean()).map((r) => r.unitLabel);
  expect(labels.filter((l) => l === '1栋1单元1502' || l.startsWith('8栋'))).toEqual([]);
});

test('When the demo is seeded, then 张伟 finds the open 社区活动需求调研 to fill in (named, closing in two weeks), which other owners answered', async () => {
  const zhang = await stack.login('demo-owner');
  const list = await stack.invoke('life', 'surveyList', {}, zhang);
  if (!list.ok) throw new Error(list.error.code);
  const needs = list.data.items.find((s) => s.title === '社区活动需求调研');
  expect(needs).toMatchObject({ section: 'open', answered: false, anonymous: false, per: 'owner', status: 'published' });
  const survey = await stack.invoke('life', 'surveyGet', { surveyId: needs!.id }, zhang);
  if (!survey.ok) throw new Error(survey.error.code);
  expect(survey.data.mine).toMatchObject({ answered: false, canAnswer: true });
  expect(survey.data.answerCount).toBeGreaterThanOrEqual(3);
  expect(survey.data.noticeId).toBeTruthy();
});

test('When the demo is seeded, then the 迎春节 activity is published three weeks ahead with sign-ups and a waiting list (张伟 not signed up), and the finished 中秋游园会 has attendance, spent lines and feedback answers', async () => {
  const manager = await stack.login('demo-manager');
  const all = await stack.invoke('life', 'activityList', { page: 1, pageSize: 50 }, manager);
  if (!all.ok) throw new Error(all.error.code);
  const spring = all.data.items.find((a) => a.title.includes('迎春'));
  expect(spring).toMatchObject({ status: 'published', signupOpen: true });
  expect(spring!.day > new Date().toISOString().slice(0, 10)).toBe(true);
  expect(spring!.figures!.households).toBeGreaterThanOrEqual(2);
  expect(spring!.figures!.waitingHouseholds).toBeGreaterThanOrEqual(1);
  const mid = all.data.items.find((a) => a.status === 'finished');
  expect(mid).toBeDefined();
  expect(mid!.figures!.checkedIn).toBeGreaterThanOrEqual(2);
  expect(mid!.figures!.spentFen).toBeGreaterThan(0);
  expect(mid!.figures!.feedback?.answers).toBeGreaterThanOrEqual(2);
  expect(mid!.figures!.feedback?.average).toBeGreaterThan(3);

  const zhang = await stack.login('demo-owner');
  const upcoming = await stack.invoke('life', 'activityList', { tab: 'upcoming', page: 1, pageSize: 20 }, zhang);
  if (!upcoming.ok) throw new Error(upcoming.error.code);
  expect(upcoming.data.items.map((a) => a.id)).toContain(spring!.id);
  const detail = await stack.invoke('life', 'activityGet', { activityId: spring!.id }, zhang);
  if (!detail.ok) throw new Error(detail.error.code);
  expect(detail.data.signups).toEqual([]);
  expect(detail.data.can.signup).toBe(true);
});

test('When the demo is seeded, then 孙涛’s 即将到期 shows the elevator inspection in 6 days, the pump in 25, the cleaning contract in 28 and the overdue 竣工图 loan; seeding the archive again adds nothing', async () => {
  const manager = await stack.login('demo-manager');
  const due = await stack.invoke('archives', 'dueSoon', {}, manager);
  if (!due.ok) throw new Error(due.error.code);
  expect(due.data.counts).toEqual({ equipment: 2, contracts: 1, loans: 1 });
  expect(due.data.items.map((i) => [i.kind, i.title, i.overdue])).toEqual([
    ['loan', '小区总平面竣工图', true],
    ['equipment', '1号楼1号客梯', false],
    ['equipment', '生活水泵1号', false],
    ['contract', '保洁服务合同', false],
  ]);
  expect(due.data.items.slice(1).map((i) => i.dueText)).toEqual(['还有6天', '还有25天', '还有28天']);
  const docs = await stack.invoke('archives', 'list', { page: 1, pageSize: 50 }, manager);
  if (!docs.ok) throw new Error(docs.error.code);
  expect(new Set(docs.data.items.map((d) => d.category))).toEqual(new Set(['property', 'equipment', 'contract', 'rules', 'owner', 'minutes']));
  const count = () => Promise.all([ArchiveDoc, Equipment, ArchiveContract, ArchiveLoan, StoredFile].map((m) => (m as typeof Equipment).countDocuments()));
  const before = await count();
  const community = await Community.findOne({ name: '幸福里小区' }).lean();
  await seedDemoArchives(community!._id);
  expect(await count()).toEqual(before);
});

test('When the demo is seeded, then 周晓雨 is half-way through onboarding (one failed attempt then passed), 王芳 has done it all, 孙涛 sees both and his own lesson; seeding the courses again adds nothing', async () => {
  const { seedDemoGrowth } = await import('../../scripts/demo-growth');
  const { QuizAttempt } = await import('../../cloud/modules/growth/quiz.model');
  const { CustomLesson } = await import('../../cloud/modules/growth/lesson.model');
  const newAgent = await stack.login('demo-agent2');
  const hub = await stack.invoke('growth', 'courses', {}, newAgent);
  if (!hub.ok) throw new Error(hub.error.code);
  expect(hub.data.onboarding).toMatchObject({ done: 4, required: 8, percent: 50 });
  const dress = hub.data.onboarding.lessons.find((l) => l.title.startsWith('着装'));
  expect(dress?.mine).toMatchObject({ attempts: 2, passed: true, best: 100 });
  const manager = await stack.login('demo-manager');
  const team = await stack.invoke('growth', 'team', {}, manager);
  if (!team.ok) throw new Error(team.error.code);
  const byName = new Map(team.data.items.map((r) => [r.name, r.onboarding]));
  expect(byName.get('周晓雨')).toMatchObject({ done: 4, required: 8 });
  expect(byName.get('王芳')).toMatchObject({ done: 8, required: 8, percent: 100 });
  const own = await stack.invoke('growth', 'lessonList', {}, manager);
  if (!own.ok) throw new Error(own.error.code);
  expect(own.data.items.map((l) => l.title)).toEqual(['幸福里门禁卡办理']);
  const community = await Community.findOne({ code: 'xingfuli' }).lean();
  const [attempts, lessons] = [await QuizAttempt.countDocuments({}), await CustomLesson.countDocuments({})];
  await seedDemoGrowth(community!._id);
  expect([await QuizAttempt.countDocuments({}), await CustomLesson.countDocuments({})]).toEqual([attempts, lessons]);
});
