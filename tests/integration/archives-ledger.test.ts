import { Types } from 'mongoose';
import type { ContractView, DueSoonView, EquipmentSummary, EquipmentView, LoanView } from '@shared/contracts/archives.contract';
import type { Paged } from '@shared/contracts/contract';
import type { Envelope } from '@shared/errors';
import { addDays, localDay } from '@shared/domain/calendar';
import { Claim } from '../../cloud/lib/claim';
import { setClock } from '../../cloud/lib/clock';
import { runArchiveReminders } from '../../cloud/modules/archives';
import { ArchiveDoc } from '../../cloud/modules/archives/archive-doc.model';
import { ArchiveLoan } from '../../cloud/modules/archives/loan.model';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { makeBuilding, makeCommunity, makeUnit, makeUser } from '../helpers/factories';
import { seedDemoArchives } from '../../scripts/demo-archives';
import { Equipment } from '../../cloud/modules/archives/equipment.model';
import { ArchiveContract } from '../../cloud/modules/archives/contract.model';
import { StoredFile } from '../../cloud/modules/files/file.model';
import { DAYTIME, err, ok, rid, staff, type Person } from '../helpers/repairs';
import { oneItem, total, twoWorkersUntilDone, untilDone } from '../helpers/sliced-runs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The archive's ledger (archives.md "Ledger"): the equipment ledger and its maintenance log, contracts
 * (managers only: 404 to anyone else), the 30/7/1-day reminders sent once each whatever the runs, the
 * job's scope, overdue loans once per week, and the borrowing guard (409 for an original already out,
 * exactly one loan of a racing pair, return then lend again).
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
const call = <T>(action: string, data: unknown, token: string) => stack.invoke('archives', action as never, data as never, token) as unknown as Promise<Envelope<T>>;

interface World {
  c: { _id: Types.ObjectId };
  b1: { _id: Types.ObjectId; name: string };
  agent: Person;
  tech: Person;
  cashier: Person;
  manager: Person;
  manager2: Person;
}

async function world(): Promise<World> {
  const c = await makeCommunity();
  const b1 = await makeBuilding(c._id, '1栋');
  return {
    c,
    b1,
    agent: await staff(stack, c._id, { roles: ['agent'], name: '王芳' }),
    tech: await staff(stack, c._id, { roles: ['technician'], name: '刘强' }),
    cashier: await staff(stack, c._id, { roles: ['cashier'], name: '赵敏' }),
    manager: await staff(stack, c._id, { roles: ['manager'], name: '孙涛' }),
    manager2: await staff(stack, c._id, { roles: ['manager'], name: '李娜' }),
  };
}

/** An archived document as the documents part stores it (one version; a paper original unless told). */
async function doc(w: World, category: string, title: string, paper: string | null = '档案室A柜3层'): Promise<string> {
  const d = await ArchiveDoc.create({
    communityId: w.c._id,
    requestKey: `test:${rid()}`,
    category,
    title,
    searchText: title.toLowerCase(),
    versions: [{ no: 1, fileId: `f-${rid()}`, fileName: `${title}.pdf`, mime: 'application/pdf', size: 1000, at: clock, byId: w.manager._id, byName: '孙涛' }],
    ...(paper ? { paper: { location: paper } } : {}),
    byId: w.manager._id,
    byName: '孙涛',
  });
  return String(d._id);
}

const elevator = (w: World, data: Record<string, unknown> = {}) => ({
  requestId: rid(),
  kind: 'elevator',
  name: '1号楼1号客梯',
  code: `DT-${rid().slice(-6)}`,
  location: '1号楼大堂',
  buildingId: String(w.b1._id),
  maker: '通力电梯',
  modelNo: 'MonoSpace 500',
  maintainer: '杭州安顺电梯维保有限公司',
  maintainerPhone: '0571-88886666',
  installedOn: '2020-05-01',
  cycleDays: 15,
  ...data,
});

const edit = ({ requestId: _r, ...rest }: Record<string, unknown>) => rest;

const contract = (data: Record<string, unknown> = {}) => ({
  requestId: rid(),
  title: '2026年度保洁服务合同',
  party: '杭州洁美保洁服务有限公司',
  kind: 'cleaning',
  startOn: '2026-01-01',
  endOn: '2026-12-31',
  amountFen: 36_000_000,
  ...data,
});

const dueMessages = (w: World) => OutboxMessage.countDocuments({ communityId: w.c._id, templateKey: 'archive.due' });
const scopeOf = (w: World) => ({ scope: { communityIds: [String(w.c._id)] } });

describe('equipment ledger', () => {
  test('When an elevator is registered with its last maintenance and cycle, then the next inspection is derived; maintenance moves the dates once per request and is logged', async () => {
    const w = await world();
    const manual = await doc(w, 'equipment', '1号客梯使用说明书', null);
    const e = ok(await call<EquipmentView>('equipmentCreate', elevator(w, { lastMaintainedOn: addDays(today(), -10), docIds: [manual] }), w.tech.token), 'create');
    expect(e).toMatchObject({ kind: 'elevator', buildingName: w.b1.name, lastMaintainedOn: addDays(today(), -10), nextDueOn: addDays(today(), 5), due: 'soon', dueText: '还有5天', status: 'active' });
    expect(e.docs).toEqual([expect.objectContaining({ id: manual, title: '1号客梯使用说明书', category: 'equipment', fileName: '1号客梯使用说明书.pdf' })]);
    expect((await ArchiveDoc.findById(manual).lean())!.usedBy).toEqual([`equipment:${e.id}`]);
    // Maintenance today: logged, next due = today + cycle; the same request again changes nothing.
    const m = { equipmentId: e.id, requestId: rid(), on: today(), by: '安顺维保 张师傅', note: '月度保养，更换门机皮带' };
    const after = ok(await call<EquipmentView>('equipmentMaintain', m, w.agent.token), 'maintain');
    expect(after).toMatchObject({ lastMaintainedOn: today(), nextDueOn: addDays(today(), 15), logCount: 1 });
    expect(after.log[0]).toMatchObject({ on: today(), by: '安顺维保 张师傅', nextDueOn: addDays(today(), 15), byName: '王芳' });
    expect(ok(await call<EquipmentView>('equipmentMaintain', m, w.agent.token)).logCount).toBe(1);
    // An explicit next due (年检 by the inspection authority) wins over the cycle.
    const yearly = ok(await call<EquipmentView>('equipmentMaintain', { ...m, requestId: rid(), nextDueOn: addDays(today(), 60) }, w.manager.token));
    expect(yearly).toMatchObject({ nextDueOn: addDays(today(), 60), logCount: 2, due: 'ok' });
    // A future maintenance, a next due before it: 400.
    expect(err(await call('equipmentMaintain', { ...m, requestId: rid(), on: addDays(today(), 1) }, w.agent.token)).code).toBe('VALIDATION');
    expect(err(await call('equipmentMaintain', { ...m, requestId: rid(), nextDueOn: addDays(today(), -1) }, w.agent.token)).code).toBe('VALIDATION');
    // The same code again: 409; a contract's document attached to equipment: 400; a cashier: 403.
    expect(err(await call('equipmentCreate', elevator(w, { code: e.code }), w.agent.token)).code).toBe('EQUIPMENT.CODE_TAKEN');
    const paper = await doc(w, 'contract', '电梯维保合同');
    expect(err(await call('equipmentCreate', elevator(w, { docIds: [paper] }), w.manager.token)).code).toBe('ARCHIVE.WRONG_CATEGORY');
    expect(err(await call('equipmentList', {}, w.cashier.token)).code).toBe('AUTH.FORBIDDEN');
    // Editing takes the document off: usedBy follows.
    const edited = ok(await call<EquipmentView>('equipmentUpdate', { equipmentId: e.id, ...edit(elevator(w, { code: e.code, name: '1号楼1号客梯（主梯）', docIds: [] })) }, w.agent.token), 'update');
    expect(edited).toMatchObject({ name: '1号楼1号客梯（主梯）', docs: [] });
    expect((await ArchiveDoc.findById(manual).lean())!.usedBy).toEqual([]);
    // Retire: managers only; then no more maintenance.
    expect(err(await call('equipmentRetire', { equipmentId: e.id }, w.agent.token)).code).toBe('AUTH.FORBIDDEN');
    expect(ok(await call<EquipmentView>('equipmentRetire', { equipmentId: e.id, note: '更换新梯' }, w.manager.token)).status).toBe('retired');
    expect(err(await call('equipmentMaintain', { ...m, requestId: rid() }, w.agent.token)).code).toBe('EQUIPMENT.RETIRED');
  });

  test('When the ledger is listed due soon, then inspections within 30 days (and overdue) come soonest first; by kind narrows it', async () => {
    const w = await world();
    const pump = ok(await call<EquipmentView>('equipmentCreate', elevator(w, { kind: 'pump', name: '生活水泵1号', nextDueOn: addDays(today(), 25) }), w.agent.token));
    const lift = ok(await call<EquipmentView>('equipmentCreate', elevator(w, { nextDueOn: addDays(today(), 6) }), w.agent.token));
    const late = ok(await call<EquipmentView>('equipmentCreate', elevator(w, { kind: 'fire', name: '消防喷淋泵', nextDueOn: addDays(today(), -2) }), w.agent.token));
    ok(await call('equipmentCreate', elevator(w, { kind: 'cctv', name: '监控主机', nextDueOn: addDays(today(), 90) }), w.agent.token));
    const soon = ok(await call<Paged<EquipmentSummary>>('equipmentList', { due: 'soon' }, w.tech.token));
    expect(soon.items.map((i) => i.id)).toEqual([late.id, lift.id, pump.id]);
    expect(soon.items[0]).toMatchObject({ due: 'overdue', dueText: '已逾期2天' });
    expect(ok(await call<Paged<EquipmentSummary>>('equipmentList', {}, w.tech.token)).total).toBe(4);
    expect(ok(await call<Paged<EquipmentSummary>>('equipmentList', { kind: 'pump' }, w.tech.token)).items.map((i) => i.id)).toEqual([pump.id]);
    // Another community's item: 404.
    const other = await world();
    expect(err(await call('equipmentGet', { equipmentId: lift.id }, other.agent.token)).code).toBe('EQUIPMENT.NOT_FOUND');
  });
});

describe('contracts', () => {
  test('When a manager records a contract, then managers see it; an agent or technician gets 404 for it (and 403 for the list), another community’s manager 404', async () => {
    const w = await world();
    const scan = await doc(w, 'contract', '保洁合同扫描件');
    const c = ok(await call<ContractView>('contractCreate', contract({ docIds: [scan] }), w.manager.token), 'create');
    expect(c).toMatchObject({ title: '2026年度保洁服务合同', kind: 'cleaning', amountFen: 36_000_000, status: 'active', docs: [expect.objectContaining({ id: scan })] });
    expect(ok(await call<ContractView>('contractGet', { contractId: c.id }, w.manager2.token)).id).toBe(c.id);
    for (const p of [w.agent, w.tech, w.cashier]) {
      expect(err(await call('contractGet', { contractId: c.id }, p.token)).code).toBe('CONTRACT.NOT_FOUND');
      expect(err(await call('contractUpdate', { contractId: c.id, ...edit(contract()) }, p.token)).code).toBe('CONTRACT.NOT_FOUND');
      expect(err(await call('contractEnd', { contractId: c.id }, p.token)).code).toBe('CONTRACT.NOT_FOUND');
    }
    expect(err(await call('contractList', {}, w.agent.token)).code).toBe('AUTH.FORBIDDEN');
    const other = await world();
    expect(err(await call('contractGet', { contractId: c.id }, other.manager.token)).code).toBe('CONTRACT.NOT_FOUND');
    // An extension is a later end date; an end before the start: 400; ended: no more edits.
    const longer = ok(await call<ContractView>('contractUpdate', { contractId: c.id, ...edit(contract({ endOn: '2027-06-30', docIds: [scan] })) }, w.manager.token));
    expect(longer.endOn).toBe('2027-06-30');
    expect(err(await call('contractCreate', contract({ startOn: '2027-01-01', endOn: '2026-01-01' }), w.manager.token)).code).toBe('CONTRACT.BAD_DATES');
    expect(err(await call('contractCreate', contract({ amountFen: 12.5 }), w.manager.token)).code).toBe('VALIDATION');
    const ended = ok(await call<ContractView>('contractEnd', { contractId: c.id, note: '提前解约' }, w.manager.token));
    expect(ended).toMatchObject({ status: 'ended', endedOn: today(), can: { edit: false, end: false } });
    expect(err(await call('contractUpdate', { contractId: c.id, ...edit(contract()) }, w.manager.token)).code).toBe('CONTRACT.ENDED');
    expect(ok(await call<Paged<ContractView>>('contractList', { status: 'ended' }, w.manager.token)).items.map((x) => x.id)).toEqual([c.id]);
  });
});

describe('reminders', () => {
  test('When the job runs every day (twice on some) for 45 days, then the 30-, 7- and 1-day warnings of an inspection and a contract end go to each manager once each', async () => {
    const w = await world();
    const e = ok(await call<EquipmentView>('equipmentCreate', elevator(w, { nextDueOn: addDays(today(), 40) }), w.agent.token));
    const c = ok(await call<ContractView>('contractCreate', contract({ startOn: addDays(today(), -300), endOn: addDays(today(), 40) }), w.manager.token));
    const start = clock.getTime();
    for (let d = 0; d <= 45; d++) {
      clock = new Date(start + d * DAY);
      await runArchiveReminders(scopeOf(w));
      if (d % 3 === 0) await runArchiveReminders(scopeOf(w));
    }
    const claims = (await Claim.find({ _id: { $regex: `^archive-due:(equipment:${e.id}|contract:${c.id}):` } }).lean()).map((x) => String(x._id).split(':').pop()).sort();
    expect(claims).toEqual(['1', '1', '30', '30', '7', '7']);
    // 2 records × 3 warnings × 2 managers; nothing to the agent.
    expect(await dueMessages(w)).toBe(12);
    const toAgent = await OutboxMessage.countDocuments({ communityId: w.c._id, templateKey: 'archive.due', recipientId: w.agent._id });
    expect(toAgent).toBe(0);
  });

  test('When the job did not run for weeks and runs twice at once, then one warning with the nearest threshold, once', async () => {
    const w = await world();
    ok(await call('equipmentCreate', elevator(w, { nextDueOn: addDays(today(), 5) }), w.agent.token));
    const [a, b] = await Promise.all([runArchiveReminders(scopeOf(w)), runArchiveReminders(scopeOf(w))]);
    expect(a.equipment + b.equipment).toBe(1);
    expect(await dueMessages(w)).toBe(2);
    const msg = await OutboxMessage.findOne({ communityId: w.c._id, templateKey: 'archive.due' }).lean();
    expect(msg!.eventKey).toMatch(/:7$/);
    // A new due date (maintenance recorded) is a new series.
    clock = new Date(clock.getTime() + 6 * DAY);
    await runArchiveReminders(scopeOf(w));
    expect(await dueMessages(w)).toBe(4);
  });

  test('When a manager runs the job by hand, then it acts on their communities only; the timer run covers the others', async () => {
    const a = await world();
    const b = await world();
    ok(await call('equipmentCreate', elevator(a, { nextDueOn: addDays(today(), 7) }), a.agent.token));
    ok(await call('equipmentCreate', elevator(b, { nextDueOn: addDays(today(), 7) }), b.agent.token));
    const byHand = ok((await stack.invoke('jobs', 'archiveReminders' as never, {} as never, a.manager.token)) as Envelope<{ equipment: number }>);
    expect(byHand.equipment).toBe(1);
    expect(await dueMessages(a)).toBe(2);
    expect(await dueMessages(b)).toBe(0);
    await runArchiveReminders(scopeOf(b));
    expect(await dueMessages(b)).toBe(2);
  });

  test('When a loan is overdue, then the managers and the staff borrower are reminded once per overdue week; a returned loan no more', async () => {
    const w = await world();
    const d = await doc(w, 'property', '1号楼竣工图');
    const loan = ok(await call<LoanView>('loanCreate', { requestId: rid(), docId: d, borrowerId: w.tech.id, purpose: '水管改造查图', dueOn: addDays(today(), 2) }, w.agent.token), 'lend');
    expect(loan).toMatchObject({ borrowerName: '刘强', borrowerKind: 'staff', status: 'open', overdue: false });
    await runArchiveReminders(scopeOf(w));
    expect(await dueMessages(w)).toBe(0);
    const start = clock.getTime();
    clock = new Date(start + 3 * DAY);
    await runArchiveReminders(scopeOf(w));
    await runArchiveReminders(scopeOf(w));
    expect(await dueMessages(w)).toBe(3);
    expect(await OutboxMessage.countDocuments({ templateKey: 'archive.due', recipientId: w.tech._id })).toBe(1);
    const overdue = ok(await call<Paged<LoanView>>('loanList', { state: 'overdue' }, w.agent.token));
    expect(overdue.items.map((l) => l.id)).toEqual([loan.id]);
    // The borrower sees their own loan (not others'), cannot record its return.
    const mine = ok(await call<Paged<LoanView>>('loanList', {}, w.tech.token));
    expect(mine.items).toEqual([expect.objectContaining({ id: loan.id, canReturn: false })]);
    clock = new Date(start + 9 * DAY);
    await runArchiveReminders(scopeOf(w));
    expect(await dueMessages(w)).toBe(3);
    clock = new Date(start + 10 * DAY);
    await runArchiveReminders(scopeOf(w));
    expect(await dueMessages(w)).toBe(6);
    // (a fresh session: the first has expired by now)
    const keeper = await staff(stack, w.c._id, { roles: ['agent'], name: '王芳' });
    ok(await call('loanReturn', { loanId: loan.id }, keeper.token));
    clock = new Date(start + 20 * DAY);
    await runArchiveReminders(scopeOf(w));
    expect(await dueMessages(w)).toBe(6);
  });

  test('When the manager opens the home, then 即将到期 lists inspections and contract ends within 30 days and overdue loans, soonest first, with counts', async () => {
    const w = await world();
    ok(await call('equipmentCreate', elevator(w, { nextDueOn: addDays(today(), 6) }), w.agent.token));
    ok(await call('equipmentCreate', elevator(w, { kind: 'pump', name: '生活水泵1号', nextDueOn: addDays(today(), 25) }), w.agent.token));
    ok(await call('equipmentCreate', elevator(w, { kind: 'cctv', name: '监控主机', nextDueOn: addDays(today(), 60) }), w.agent.token));
    ok(await call('contractCreate', contract({ endOn: addDays(today(), 28) }), w.manager.token));
    const d = await doc(w, 'minutes', '业委会会议纪要');
    clock = new Date(clock.getTime() - 10 * DAY);
    ok(await call('loanCreate', { requestId: rid(), docId: d, borrowerName: '业委会 陈主任', purpose: '查阅会议记录', dueOn: addDays(today(), 3) }, w.agent.token));
    clock = DAYTIME;
    const card = ok(await call<DueSoonView>('dueSoon', {}, w.manager.token));
    expect(card.counts).toEqual({ equipment: 2, contracts: 1, loans: 1 });
    expect(card.items.map((i) => [i.kind, i.dueText])).toEqual([
      ['loan', '已逾期7天'],
      ['equipment', '还有6天'],
      ['equipment', '还有25天'],
      ['contract', '还有28天'],
    ]);
    expect(err(await call('dueSoon', {}, w.agent.token)).code).toBe('AUTH.FORBIDDEN');
  });
});

describe('borrowing', () => {
  test('When an original already out is lent again, then 409 naming who has it and until when; a racing pair makes exactly one loan; after its return it can be lent again', async () => {
    const w = await world();
    const d = await doc(w, 'property', '小区总平面竣工图');
    const first = ok(await call<LoanView>('loanCreate', { requestId: rid(), docId: d, borrowerName: '业委会 陈主任', purpose: '核对车位规划', dueOn: addDays(today(), 7) }, w.agent.token), 'lend');
    expect(first).toMatchObject({ borrowerKind: 'outside', paperLocation: '档案室A柜3层', canReturn: true });
    expect((await ArchiveDoc.findById(d).lean())!.onLoan).toMatchObject({ borrowerName: '业委会 陈主任', dueOn: addDays(today(), 7) });
    const again = err(await call('loanCreate', { requestId: rid(), docId: d, borrowerId: w.tech.id, purpose: '查图', dueOn: addDays(today(), 3) }, w.manager.token));
    expect(again.code).toBe('ARCHIVE.ALREADY_OUT');
    expect(again.message).toContain('业委会 陈主任');
    expect(again.message).toContain(addDays(today(), 7));
    // The same request again: the same loan.
    // Return, then lend again.
    const back = ok(await call<LoanView>('loanReturn', { loanId: first.id, note: '完好' }, w.agent.token));
    expect(back).toMatchObject({ status: 'returned', returnedByName: '王芳', canReturn: false });
    expect((await ArchiveDoc.findById(d).lean())!.onLoan).toBeNull();
    expect(ok(await call<LoanView>('loanReturn', { loanId: first.id }, w.agent.token)).status).toBe('returned');
    const second = ok(await call<LoanView>('loanCreate', { requestId: rid(), docId: d, borrowerId: w.tech.id, purpose: '查图', dueOn: addDays(today(), 3) }, w.manager.token));
    expect(second.borrowerName).toBe('刘强');

    // A racing pair on another original: exactly one loan, the other 409.
    const race = await doc(w, 'equipment', '消防系统竣工资料');
    const results = await Promise.all(
      ['业委会 陈主任', '街道办 张科长'].map((name) => call<LoanView>('loanCreate', { requestId: rid(), docId: race, borrowerName: name, purpose: '检查', dueOn: addDays(today(), 5) }, w.agent.token)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r as { error: { code: string } }).error.code)).toEqual(['ARCHIVE.ALREADY_OUT']);
    expect(await ArchiveLoan.countDocuments({ docId: new Types.ObjectId(race) })).toBe(1);
    // Twins of one request: one loan.
    const twinDoc = await doc(w, 'rules', '档案管理制度');
    const req = { requestId: rid(), docId: twinDoc, borrowerName: '业委会 陈主任', purpose: '查阅', dueOn: addDays(today(), 5) };
    const twins = await Promise.all([call<LoanView>('loanCreate', req, w.agent.token), call<LoanView>('loanCreate', req, w.agent.token)]);
    expect(twins.map((t) => ok(t).id)[0]).toBe(ok(twins[1]).id);
    expect(await ArchiveLoan.countDocuments({ docId: new Types.ObjectId(twinDoc) })).toBe(1);
  });

  test('When the loan is not possible, then a stable refusal: no paper original 409, no borrower or both 400, a due date past 400, a contract document for an agent 404', async () => {
    const w = await world();
    const noPaper = await doc(w, 'property', '电子版图纸', null);
    const d = await doc(w, 'property', '竣工图');
    const base = { requestId: rid(), docId: d, borrowerName: '业委会', purpose: '查阅', dueOn: addDays(today(), 3) };
    expect(err(await call('loanCreate', { ...base, docId: noPaper }, w.agent.token)).code).toBe('ARCHIVE.NO_PAPER');
    expect(err(await call('loanCreate', { ...base, requestId: rid(), borrowerName: undefined }, w.agent.token)).code).toBe('ARCHIVE.BAD_BORROWER');
    expect(err(await call('loanCreate', { ...base, requestId: rid(), borrowerId: w.tech.id }, w.agent.token)).code).toBe('ARCHIVE.BAD_BORROWER');
    expect(err(await call('loanCreate', { ...base, requestId: rid(), dueOn: addDays(today(), -1) }, w.agent.token)).code).toBe('ARCHIVE.BAD_DUE');
    const secret = await doc(w, 'contract', '保洁合同原件');
    expect(err(await call('loanCreate', { ...base, requestId: rid(), docId: secret }, w.agent.token)).code).toBe('ARCHIVE.NOT_FOUND');
    expect(err(await call('loanCreate', base, w.tech.token)).code).toBe('AUTH.FORBIDDEN');
    const other = await world();
    expect(err(await call('loanCreate', { ...base, requestId: rid(), borrowerName: undefined, borrowerId: other.tech.id }, w.agent.token)).code).toBe('STAFF.NOT_FOUND');
  });
});

describe('demo data', () => {
  test('When the demo archive is seeded twice, then documents of every category (stored PDFs), the due items and the overdue loan are there once', async () => {
    const c = await makeCommunity();
    const b = await makeBuilding(c._id, '1栋');
    const u = await makeUnit(c._id, b._id, { room: '1502' });
    await u.updateOne({ label: '1栋1单元1502' });
    await makeUser(c._id, { roles: ['agent'], name: '王芳', phone: '13800000011' });
    await makeUser(c._id, { roles: ['manager'], name: '孙涛', phone: '13800000041' });
    const first = await seedDemoArchives(c._id);
    expect(first).toMatchObject({ equipment: 3, contracts: 2, loans: 1 });
    const where = { communityId: c._id };
    const count = () => Promise.all([ArchiveDoc.countDocuments(where), Equipment.countDocuments(where), ArchiveContract.countDocuments(where), ArchiveLoan.countDocuments(where), StoredFile.countDocuments({})]);
    const before = await count();
    expect(new Set((await ArchiveDoc.find(where, { category: 1 }).lean()).map((d) => d.category))).toEqual(new Set(['property', 'equipment', 'contract', 'rules', 'owner', 'minutes']));
    await seedDemoArchives(c._id);
    expect(await count()).toEqual(before);
    const loan = await ArchiveLoan.findOne(where).lean();
    expect(loan!.dueOn < today()).toBe(true);
    expect((await Equipment.find(where, { nextDueOn: 1 }).sort({ nextDueOn: 1 }).lean()).map((e) => e.nextDueOn)).toEqual(expect.arrayContaining([addDays(today(), 6), addDays(today(), 25)]));
  });
});

describe('in slices', () => {
  test('When the reminder job runs one record per invocation, then repeated runs (alone, or two workers at once) warn of each inspection and contract end once', async () => {
    const alone = await world();
    const pair = await world();
    for (const w of [alone, pair]) {
      for (let i = 0; i < 3; i++) ok(await call('equipmentCreate', elevator(w, { nextDueOn: addDays(today(), 5 + i) }), w.agent.token));
      for (let i = 0; i < 2; i++) ok(await call('contractCreate', contract({ startOn: addDays(today(), -300), endOn: addDays(today(), 20 + i) }), w.manager.token));
    }
    const one = await untilDone(() => runArchiveReminders({ ...scopeOf(alone), budget: oneItem() }));
    expect(total(one, 'equipment')).toBe(3);
    expect(total(one, 'contracts')).toBe(2);
    expect(one.length).toBeGreaterThanOrEqual(5);
    expect(one.slice(0, -1).every((r) => r.more && r.cut)).toBe(true);
    const two = await twoWorkersUntilDone(() => runArchiveReminders({ ...scopeOf(pair), budget: oneItem() }));
    expect(total(two, 'equipment')).toBe(3);
    expect(total(two, 'contracts')).toBe(2);
    // 5 records × 2 managers each, once.
    for (const w of [alone, pair]) expect(await dueMessages(w)).toBe(10);
  }, 180_000);
});
