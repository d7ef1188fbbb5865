import type { Paged } from '@shared/contracts/contract';
import type { UnitAccount } from '@shared/contracts/fees.contract';
import type { RenovationSettingsView, RenovationSummary, RenovationView } from '@shared/contracts/renovation.contract';
import { addDays, localDay } from '@shared/domain/calendar';
import { DEFAULT_FORBIDDEN_WORKS, DEFAULT_RENOVATION_PAPERS, DEFAULT_WORKING_HOURS } from '@shared/domain/renovation';
import type { Envelope } from '@shared/errors';
import type { Caller } from '../../cloud/lib/caller';
import { now } from '../../cloud/lib/clock';
import { billRenovation } from '../../cloud/modules/renovation';
import { Renovation } from '../../cloud/modules/renovation/renovation.model';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeResident, makeUnit, makeUser } from '../helpers/factories';
import { err, ok } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The application part of renovation (renovation.md "Application"): an owner's draft (or an agent's
 * for the owner), its checks — dates, ID numbers, forbidden works flagged with their rule —, the four
 * signatures, submit and its refusals, cancel, the lists, the settings, and the bills billRenovation
 * makes for the approval.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});

// A 1×1 PNG, as the signature pad exports.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const ID = '11010119900307651X';
const ID2 = '110101199003071233';

let seq = 0;
const rid = (what: string) => `${what}-${Date.now().toString(36)}-${++seq}`;
const codeOf = (res: Envelope<unknown>) => (res.ok ? 'OK' : res.error.code);
const pathsOf = (res: Envelope<unknown>) => (res.ok ? [] : ((res.error.details as { issues?: { path: string }[] } | undefined)?.issues ?? []).map((i) => i.path));

async function world() {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id);
  const [unit, unit2, other] = await Promise.all([makeUnit(c._id, b._id), makeUnit(c._id, b._id), makeUnit(c._id, b._id)]);
  const ownerUser = await makeOwner(c._id, [unit._id], '张伟', '13900001111');
  const agentUser = await makeUser(c._id, { roles: ['agent'], name: '前台小陈' });
  const managerUser = await makeUser(c._id, { roles: ['manager'], name: '经理老周' });
  const [owner, agent, manager] = await Promise.all([loginAs(stack, ownerUser._id), loginAs(stack, agentUser._id), loginAs(stack, managerUser._id)]);
  const call = <T>(action: string, data: Record<string, unknown>, token = owner) => stack.invoke('renovation', action as never, data as never, token) as unknown as Promise<Envelope<T>>;
  const today = localDay(now());
  const application = (over: Record<string, unknown> = {}) => ({
    rooms: ['客厅', '主卫'],
    works: ['plumbing_electric', 'waterproof', 'painting'],
    forbidden: [],
    description: '主卫重做防水，全屋水电改造，墙面刷漆',
    contractor: { company: '杭州安居装饰工程有限公司', licence: '91330100MA2B3C4D5E', foreman: '王建国', phone: '13700002222' },
    workers: [{ name: '李师傅', idNumber: ID, phone: '13600003333' }],
    plannedStart: addDays(today, 3),
    plannedEnd: addDays(today, 60),
    ...over,
  });
  const create = (over: Record<string, unknown> = {}, token = owner, unitId = String(unit._id)) => call<RenovationView>('create', { requestId: rid('reno'), unitId, ...application(over) }, token);
  const signature = async (token = owner) => ok(await stack.invoke('files', 'upload', { purpose: 'signature', fileName: 'signature.png', contentBase64: PNG }, token)).id;
  const photo = async (token = owner) => ok(await stack.invoke('files', 'upload', { purpose: 'repair', fileName: 'photo.png', contentBase64: PNG }, token)).id;
  const signAll = async (id: string, token = owner) => {
    ok(await call('sign', { renovationId: id, signer: 'owner', name: '张伟', fileId: await signature(token) }, token));
    return ok(await call<RenovationView>('sign', { renovationId: id, signer: 'contractor', name: '王建国', fileId: await signature(token) }, token));
  };
  const managerCaller: Caller = { userId: String(managerUser._id), name: managerUser.name, roles: ['manager'], communityId: String(c._id), communityIds: [String(c._id)], unitIds: [] };
  return { c, b, unit, unit2, other, ownerUser, owner, agent, manager, call, create, application, signature, photo, signAll, today, managerCaller };
}

test('When an owner applies for their unit, then a draft is made once per request id, ID numbers are masked, and a second open application for the unit is 409 RENOVATION.ALREADY_OPEN', async () => {
  const w = await world();
  const requestId = rid('reno');
  const input = { requestId, unitId: String(w.unit._id), ...w.application() };
  const r = ok(await w.call<RenovationView>('create', input));
  expect(r).toMatchObject({ status: 'draft', ownerName: '张伟', ownerPhone: '139****1111', byStaff: false, works: ['plumbing_electric', 'waterproof', 'painting'], rooms: ['客厅', '主卫'] });
  expect(r.no).toMatch(/^ZX\d{8}-[0-9A-F]{4}$/);
  expect(r.workers).toEqual([expect.objectContaining({ name: '李师傅', idNumber: '1101**********651X', phone: '13600003333' })]);
  expect(r.actions).toEqual(['submit', 'cancel']);
  expect(r.history.map((h) => h.event)).toEqual(['create']);
  // The same request again: the same draft.
  expect(ok(await w.call<RenovationView>('create', input)).id).toBe(r.id);
  // Another request for the same unit while it is open.
  expect(codeOf(await w.create())).toBe('RENOVATION.ALREADY_OPEN');
  // A unit that is not mine: as if it did not exist.
  expect(codeOf(await w.create({}, w.owner, String(w.other._id)))).toBe('UNIT.NOT_FOUND');
  // Nothing shows the ID number whole.
  expect(JSON.stringify(ok(await w.call('detail', { renovationId: r.id })))).not.toContain(ID);
  expect(JSON.stringify(ok(await w.call('detail', { renovationId: r.id }, w.manager)))).not.toContain(ID);
});

test('When the dates or ID numbers are wrong, then create is 400 VALIDATION on the field', async () => {
  const w = await world();
  expect(pathsOf(await w.create({ plannedStart: addDays(w.today, -1) }))).toEqual(['plannedStart']);
  expect(pathsOf(await w.create({ plannedStart: addDays(w.today, 10), plannedEnd: addDays(w.today, 9) }))).toEqual(['plannedEnd']);
  expect(pathsOf(await w.create({ plannedStart: addDays(w.today, 1), plannedEnd: addDays(w.today, 181) }))).toEqual(['plannedEnd']);
  expect(codeOf(await w.create({ plannedStart: addDays(w.today, 1), plannedEnd: addDays(w.today, 180) }))).toBe('OK');
  const w2 = await world();
  expect(pathsOf(await w2.create({ plannedStart: '2026-02-30' }))).toEqual(['plannedStart']);
  expect(pathsOf(await w2.create({ workers: [{ name: '李师傅', idNumber: '110101199003076510', phone: '' }] }))).toEqual(['workers.0.idNumber']);
  expect(pathsOf(await w2.create({ workers: [{ name: '李师傅', phone: '' }] }))).toEqual(['workers.0.idNumber']);
  expect(pathsOf(await w2.create({ workers: [{ name: '李师傅', idNumber: ID, phone: '' }, { name: '赵师傅', idNumber: ID.toLowerCase(), phone: '' }] }))).toEqual(['workers.1.idNumber']);
  expect(pathsOf(await w2.create({ works: [] }))).toEqual(['works']);
  expect(pathsOf(await w2.create({ forbidden: [{ key: 'no_such_work' }] }))).toEqual(['forbidden.0.key']);
  expect(await Renovation.countDocuments({ communityId: w2.c._id })).toBe(0);
});

test('When an application is submitted, then it needs the contractor, a worker, all four signatures, and a reason for an exception; a work without exception is 409 naming the rule', async () => {
  const w = await world();
  const r = ok(await w.create({ contractor: { company: '', licence: '', foreman: '', phone: '' }, workers: [], forbidden: [{ key: 'load_bearing' }] }));
  expect(r.forbidden).toEqual([expect.objectContaining({ key: 'load_bearing', rule: expect.stringContaining('承重墙') })]);
  // The forbidden work first: no exception is possible.
  const forbidden = err(await w.call('submit', { renovationId: r.id }));
  expect(forbidden.code).toBe('RENOVATION.FORBIDDEN_WORK');
  expect(forbidden.message).toContain(DEFAULT_FORBIDDEN_WORKS[0].rule);
  const base = { ...w.application(), renovationId: r.id, contractor: { company: '', licence: '', foreman: '', phone: '' }, workers: [] };
  // An exception is possible for the waterproofing layer, with a reason.
  ok(await w.call('update', { ...base, forbidden: [{ key: 'waterproof_break' }] }));
  const noReason = err(await w.call('submit', { renovationId: r.id }));
  expect(noReason.code).toBe('RENOVATION.FORBIDDEN_WORK');
  expect(noReason.message).toContain('闭水试验');
  ok(await w.call('update', { ...base, forbidden: [{ key: 'waterproof_break', reason: '主卫移位，重做防水并做48小时闭水试验' }] }));
  const incomplete = err(await w.call('submit', { renovationId: r.id }));
  expect(incomplete.code).toBe('RENOVATION.INCOMPLETE');
  expect(incomplete.details).toEqual({ fields: ['contractor.company', 'contractor.foreman', 'contractor.phone', 'workers'] });
  ok(await w.call('update', { ...w.application(), renovationId: r.id, forbidden: [{ key: 'waterproof_break', reason: '主卫移位，重做防水并做48小时闭水试验' }] }));
  // Signatures: none yet, then the owner's only.
  expect(err(await w.call('submit', { renovationId: r.id })).message).toBe('还需业主签署《装修施工责任承诺书》、施工单位负责人签署《装修施工责任承诺书》、业主签署《装修管理协议书》、施工单位负责人签署《装修管理协议书》');
  ok(await w.call('sign', { renovationId: r.id, signer: 'owner', name: '张伟', fileId: await w.signature() }));
  const unsigned = err(await w.call('submit', { renovationId: r.id }));
  expect(unsigned.code).toBe('RENOVATION.UNSIGNED');
  expect(unsigned.message).toBe('还需施工单位负责人签署《装修施工责任承诺书》、施工单位负责人签署《装修管理协议书》');
  const signed = ok(await w.call<RenovationView>('sign', { renovationId: r.id, signer: 'contractor', name: '王建国', fileId: await w.signature() }));
  expect(signed.signatures.map((s) => `${s.paper}:${s.signer}:${s.name}`).sort()).toEqual(['agreement:contractor:王建国', 'agreement:owner:张伟', 'pledge:contractor:王建国', 'pledge:owner:张伟']);
  // The owner sees who signed and when, not the images; staff see them.
  expect(signed.signatures.every((s) => s.url === undefined)).toBe(true);
  expect(ok(await w.call<RenovationView>('detail', { renovationId: r.id }, w.agent)).signatures.every((s) => typeof s.url === 'string' && s.url.length > 0)).toBe(true);
  const submitted = ok(await w.call<RenovationView>('submit', { renovationId: r.id }));
  expect(submitted).toMatchObject({ status: 'submitted', submittedAt: expect.any(String) });
  expect(submitted.actions).toEqual(['cancel']);
  expect(ok(await w.call<RenovationView>('detail', { renovationId: r.id }, w.agent)).actions).toEqual(['review', 'return', 'cancel']);
  // A replay changes nothing; a submitted application is no longer edited or signed.
  expect(ok(await w.call<RenovationView>('submit', { renovationId: r.id })).history.filter((h) => h.event === 'submit')).toHaveLength(1);
  expect(codeOf(await w.call('update', { ...w.application(), renovationId: r.id }))).toBe('RENOVATION.INVALID_TRANSITION');
  expect(codeOf(await w.call('sign', { renovationId: r.id, signer: 'owner', name: '张伟', fileId: await w.signature() }))).toBe('RENOVATION.INVALID_TRANSITION');
});

test('When a submit comes after the planned start passed, then it is 400 on plannedStart; a signature must be my own signature upload', async () => {
  const w = await world();
  const r = ok(await w.create());
  await w.signAll(r.id);
  await Renovation.updateOne({ _id: r.id }, { $set: { plannedStart: addDays(w.today, -1) } });
  expect(pathsOf(await w.call('submit', { renovationId: r.id }))).toEqual(['plannedStart']);
  // Someone else's signature file, or a photo of another purpose: not found.
  expect(codeOf(await w.call('sign', { renovationId: r.id, signer: 'owner', name: '张伟', fileId: await w.signature(w.agent) }))).toBe('FILE.NOT_FOUND');
  expect(codeOf(await w.call('sign', { renovationId: r.id, signer: 'owner', name: '张伟', fileId: await w.photo() }))).toBe('FILE.NOT_FOUND');
});

test('When an owner edits a draft, then a recorded worker keeps the ID number and photo unless new ones are given, and drawings are kept or replaced', async () => {
  const w = await world();
  const [p1, d1, d2] = [await w.photo(), await w.photo(), await w.photo()];
  const r = ok(await w.create({ workers: [{ name: '李师傅', idNumber: ID, phone: '13600003333', photoFileId: p1 }], drawingIds: [d1] }));
  expect(r.workers[0].photoUrl).toBeTruthy();
  expect(r.drawings.map((d) => d.id)).toEqual([d1]);
  const edited = ok(
    await w.call<RenovationView>('update', {
      ...w.application({ workers: [{ id: r.workers[0].id, name: '李师傅', phone: '13600003333' }, { name: '赵师傅', idNumber: ID2, phone: '' }] }),
      renovationId: r.id,
    }),
  );
  expect(edited.workers.map((x) => [x.name, x.idNumber, Boolean(x.photoUrl)])).toEqual([
    ['李师傅', '1101**********651X', true],
    ['赵师傅', '1101**********1233', false],
  ]);
  expect(edited.drawings.map((d) => d.id)).toEqual([d1]);
  const stored = await Renovation.findById(r.id).lean();
  expect(stored!.workers.map((x) => x.idNumber)).toEqual([ID, ID2]);
  const replaced = ok(await w.call<RenovationView>('update', { ...w.application(), renovationId: r.id, drawingIds: [d2] }));
  expect(replaced.drawings.map((d) => d.id)).toEqual([d2]);
  // A photo that is not mine is refused.
  expect(codeOf(await w.call('update', { ...w.application(), renovationId: r.id, drawingIds: [await w.photo(w.agent)] }))).toBe('FILE.NOT_FOUND');
  expect(ok(await w.call<RenovationView>('detail', { renovationId: r.id })).history.map((h) => h.event)).toEqual(['create', 'edit', 'edit']);
});

test('When an agent applies for an owner, then the owner is named (bound app account found by phone), the owner sees it in their list, and staff find it by unit, owner or contractor', async () => {
  const w = await world();
  // The owner of unit2 has the app, bound by phone.
  const owner2 = await makeUser(w.c._id, { roles: ['owner'], unitIds: [w.unit2._id], name: '李娜', phone: '13900004444' });
  await makeResident(w.c._id, w.unit2._id, { name: '李娜', relation: 'owner', phone: '13900004444', userId: owner2._id });
  expect(pathsOf(await w.create({}, w.agent, String(w.unit2._id)))).toEqual(['owner']);
  const r = ok(await w.call<RenovationView>('create', { requestId: rid('reno'), unitId: String(w.unit2._id), owner: { name: '李娜', phone: '13900004444' }, ...w.application({ contractor: { company: '顺心家装', licence: '', foreman: '刘强', phone: '13700005555' } }) }, w.agent));
  expect(r).toMatchObject({ byStaff: true, ownerName: '李娜', ownerPhone: '139****4444' });
  expect(String((await Renovation.findById(r.id).lean())!.ownerId)).toBe(String(owner2._id));
  ok(await w.create());
  const token2 = await loginAs(stack, owner2._id);
  const mine = ok(await w.call<Paged<RenovationSummary>>('list', {}, token2));
  expect(mine.items.map((i) => i.id)).toEqual([r.id]);
  expect(codeOf(await w.call('detail', { renovationId: r.id }))).toBe('RENOVATION.NOT_FOUND');
  const all = ok(await w.call<Paged<RenovationSummary>>('list', {}, w.agent));
  expect(all.total).toBe(2);
  expect(ok(await w.call<Paged<RenovationSummary>>('list', { q: '顺心' }, w.agent)).items.map((i) => i.id)).toEqual([r.id]);
  expect(ok(await w.call<Paged<RenovationSummary>>('list', { q: '李娜' }, w.agent)).items.map((i) => i.id)).toEqual([r.id]);
  expect(ok(await w.call<Paged<RenovationSummary>>('list', { q: w.unit2.label }, w.agent)).items.map((i) => i.id)).toEqual([r.id]);
  expect(ok(await w.call<Paged<RenovationSummary>>('list', { status: 'submitted' }, w.agent)).total).toBe(0);
  // Another community's staff do not reach it.
  const c2 = await makeCommunity();
  const stranger = await loginAs(stack, (await makeUser(c2._id, { roles: ['agent'] }))._id);
  expect(codeOf(await w.call('detail', { renovationId: r.id }, stranger))).toBe('RENOVATION.NOT_FOUND');
  expect(ok(await w.call<Paged<RenovationSummary>>('list', {}, stranger)).total).toBe(0);
});

test('When an application is cancelled, then the unit is free for a new one; a cancelled one cannot be submitted', async () => {
  const w = await world();
  const r = ok(await w.create());
  const cancelled = ok(await w.call<RenovationView>('cancel', { renovationId: r.id, reason: '改期装修' }));
  expect(cancelled).toMatchObject({ status: 'cancelled', actions: [] });
  expect(cancelled.history.at(-1)).toMatchObject({ event: 'cancel', note: '改期装修' });
  expect(ok(await w.call<RenovationView>('cancel', { renovationId: r.id })).history).toHaveLength(2);
  expect(codeOf(await w.call('submit', { renovationId: r.id }))).toBe('RENOVATION.INVALID_TRANSITION');
  expect(codeOf(await w.create())).toBe('OK');
  // An agent cancels a submitted one.
  const w2 = await world();
  const s = ok(await w2.create());
  await w2.signAll(s.id);
  ok(await w2.call('submit', { renovationId: s.id }));
  expect(ok(await w2.call<RenovationView>('cancel', { renovationId: s.id }, w2.agent)).status).toBe('cancelled');
});

test('When the manager saves the settings, then owners read them; a fee item that is not one-off is 409 FEE.NOT_ONE_OFF; others may not save', async () => {
  const w = await world();
  const defaults = ok(await w.call<RenovationSettingsView>('settings', {}));
  expect(defaults).toMatchObject({ forbiddenWorks: DEFAULT_FORBIDDEN_WORKS, papers: DEFAULT_RENOVATION_PAPERS, workingHours: DEFAULT_WORKING_HOURS, feeItems: [] });
  expect(defaults.oneOffItems).toBeUndefined();
  const deposit = ok(await stack.invoke('fees', 'saveItem', { name: '装修押金', kind: 'one-off', rateFen: 300000 }, w.manager));
  const monthly = ok(await stack.invoke('fees', 'saveItem', { name: '物业费', kind: 'property', rateFen: 250 }, w.manager));
  const input = {
    forbiddenWorks: [...DEFAULT_FORBIDDEN_WORKS.slice(0, 2), { key: 'kitchen_gas_stove', label: '厨房安装燃气热水器于密闭空间', rule: '燃气热水器须安装在通风良好处', exceptionAllowed: false }],
    papers: { pledge: '本人承诺遵守装修管理规定，按审批范围施工，不拆改主体结构。', agreement: '甲乙丙三方就装修管理达成协议，乙方按规定缴纳押金和管理费。' },
    feeItems: { deposit: deposit.id },
    workingHours: { workdays: [{ from: '08:30', to: '12:00' }], restDays: [{ from: '10:00', to: '12:00' }], allDay: { from: '08:00', to: '19:00' } },
    patrolEveryDays: 2,
  };
  expect(codeOf(await w.call('saveSettings', input, w.agent))).toBe('AUTH.FORBIDDEN');
  expect(codeOf(await w.call('saveSettings', { ...input, feeItems: { deposit: monthly.id } }, w.manager))).toBe('FEE.NOT_ONE_OFF');
  expect(pathsOf(await w.call('saveSettings', { ...input, workingHours: { ...input.workingHours, allDay: { from: '19:00', to: '08:00' } } }, w.manager))).toEqual(['workingHours.allDay.to']);
  const saved = ok(await w.call<RenovationSettingsView>('saveSettings', input, w.manager));
  expect(saved).toMatchObject({ patrolEveryDays: 2, updatedBy: '经理老周', feeItems: [{ kind: 'deposit', itemId: deposit.id, name: '装修押金', amountFen: 300000 }] });
  expect(saved.oneOffItems?.map((i) => i.name)).toEqual(['装修押金']);
  const read = ok(await w.call<RenovationSettingsView>('settings', {}));
  expect(read.forbiddenWorks.map((f) => f.key)).toEqual(['load_bearing', 'facade', 'kitchen_gas_stove']);
  expect(read.papers.pledge).toBe(input.papers.pledge);
  // A work taken off the list can no longer be named.
  expect(pathsOf(await w.create({ forbidden: [{ key: 'waterproof_break', reason: '重做防水' }] }))).toEqual(['forbidden.0.key']);
});

test('When billRenovation runs (at approval), then each configured fee item is billed once to this unit only, and the detail shows whether each is paid', async () => {
  const w = await world();
  const deposit = ok(await stack.invoke('fees', 'saveItem', { name: '装修押金', kind: 'one-off', rateFen: 200000 }, w.manager));
  const management = ok(await stack.invoke('fees', 'saveItem', { name: '装修管理费', kind: 'one-off', rateFen: 50000 }, w.manager));
  const settings = ok(await w.call<RenovationSettingsView>('settings', {}, w.manager));
  ok(await w.call('saveSettings', { forbiddenWorks: settings.forbiddenWorks, papers: settings.papers, feeItems: { deposit: deposit.id, management: management.id }, workingHours: settings.workingHours, patrolEveryDays: 3 }, w.manager));
  const r = ok(await w.create());
  const bills = await billRenovation(w.managerCaller, r.id);
  expect(bills.map((b) => [b.kind, b.itemName, b.amountFen])).toEqual([
    ['deposit', '装修押金', 200000],
    ['management', '装修管理费', 50000],
  ]);
  // Again (a retry): nothing billed twice.
  expect(await billRenovation(w.managerCaller, r.id)).toEqual(bills);
  const account = ok(await stack.invoke('fees', 'account', { unitId: String(w.unit._id) }, w.manager)) as UnitAccount;
  expect(account.bills.map((b) => b.id).sort()).toEqual(bills.map((b) => b.billId).sort());
  expect(account.owedFen).toBe(250000);
  const other = ok(await stack.invoke('fees', 'account', { unitId: String(w.unit2._id) }, w.manager)) as UnitAccount;
  expect(other.bills).toHaveLength(0);
  expect(ok(await w.call<RenovationView>('detail', { renovationId: r.id })).bills.map((b) => [b.kind, b.paid])).toEqual([
    ['deposit', false],
    ['management', false],
  ]);
  ok(await stack.invoke('fees', 'recordPayment', { unitId: String(w.unit._id), amountFen: 250000, method: 'cash', receiptNo: 'SJ-0001' }, w.manager));
  expect(ok(await w.call<RenovationView>('detail', { renovationId: r.id })).bills.map((b) => [b.kind, b.paid])).toEqual([
    ['deposit', true],
    ['management', true],
  ]);
  // Another community's renovation: not found.
  const c2 = await makeCommunity();
  await expect(billRenovation({ ...w.managerCaller, communityId: String(c2._id), communityIds: [String(c2._id)] }, r.id)).rejects.toMatchObject({ code: 'RENOVATION.NOT_FOUND' });
});
