import type { Envelope } from '@shared/errors';
import type { GatePassView, RenovationPassView, RenovationPdfFile, RenovationPermitView, RenovationView } from '@shared/contracts/renovation.contract';
import type { UnitAccount } from '@shared/contracts/fees.contract';
import { addDays } from '@shared/domain/calendar';
import { idCheckCharacter } from '@shared/domain/contact';
import { DEFAULT_FORBIDDEN_WORKS, DEFAULT_RENOVATION_PAPERS, DEFAULT_WORKING_HOURS } from '@shared/domain/renovation';
import { formatPassCode } from '@shared/domain/pass-code';
import { setClock } from '../../cloud/lib/clock';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { Notice } from '../../cloud/modules/notices/notice.model';
import { RenovationPass } from '../../cloud/modules/renovation/pass.model';
import { Renovation } from '../../cloud/modules/renovation/renovation.model';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { err, ok } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Review, approval, the 装修许可证 and the 装修出入证 (renovation.md "Approval, permit and passes"):
 * the agent's review with conditions, the manager's approval (exceptions granted or refused) or
 * return, the bills and the passes issued at approval, the gate's verdicts (not started, early, valid,
 * expired, revoked, suspended) with the whole ID number only there, workers added later, the start
 * refused until the fees are paid, and the neighbours' 装修施工告知.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  setClock();
  await stack.stop();
});
afterEach(() => setClock());

// A 1×1 PNG (any PNG will do for a signature).
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const idNo = (first17: string) => first17 + idCheckCharacter(first17);
const ID_A = idNo('11010119850307651');
const ID_B = idNo('32010219900812123');
const ID_C = idNo('44030119920101456');

/** Monday 2026-12-14, 10:00 in Shanghai. */
const MONDAY = '2026-12-14';
const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`);
const fixClock = (d: Date) => setClock(() => d);
const START = addDays(MONDAY, 2);
const END = addDays(MONDAY, 40);

let seq = 0;
const rid = (what: string) => `${what}-${Date.now().toString(36)}-${++seq}`;
const codeOf = (res: Envelope<unknown>) => (res.ok ? 'OK' : res.error.code);

async function world() {
  fixClock(at(MONDAY));
  const c = await makeCommunity();
  const b = await makeBuilding(c._id);
  const other = await makeBuilding(c._id);
  const unit = await makeUnit(c._id, b._id, { room: '802' });
  // Neighbours: the same floor, the floors above and below; not two floors up, not another building.
  const same = await makeUnit(c._id, b._id, { room: '801' });
  const above = await makeUnit(c._id, b._id, { room: '902' });
  const below = await makeUnit(c._id, b._id, { room: '702' });
  const far = await makeUnit(c._id, b._id, { room: '1002' });
  const elsewhere = await makeUnit(c._id, other._id, { room: '802' });
  const unit2 = await makeUnit(c._id, b._id, { room: '1502' });
  const unit3 = await makeUnit(c._id, b._id, { room: '1602' });
  const ownerUser = await makeOwner(c._id, [unit._id, unit2._id, unit3._id], '周明');
  const agentUser = await makeUser(c._id, { roles: ['agent'], name: '客服小林' });
  const managerUser = await makeUser(c._id, { roles: ['manager'], name: '经理老何' });
  const [owner, agent, manager] = await Promise.all([loginAs(stack, ownerUser._id), loginAs(stack, agentUser._id), loginAs(stack, managerUser._id)]);
  const call = <T>(action: string, data: Record<string, unknown>, token = agent) => stack.invoke('renovation', action as never, data as never, token) as unknown as Promise<Envelope<T>>;

  const fee = async (name: string, rateFen: number) => ok<{ id: string }>(await stack.invoke('fees', 'saveItem', { name, kind: 'one-off', rateFen } as never, manager)).id;
  const [deposit, management] = [await fee('装修押金', 200000), await fee('装修管理费', 30000)];
  ok(
    await call('saveSettings', { forbiddenWorks: DEFAULT_FORBIDDEN_WORKS, papers: DEFAULT_RENOVATION_PAPERS, feeItems: { deposit, management }, workingHours: DEFAULT_WORKING_HOURS, patrolEveryDays: 3 }, manager),
  );

  const signature = async () => ok<{ id: string }>(await stack.invoke('files', 'upload', { purpose: 'signature', fileName: 'signature.png', contentBase64: PNG } as never, owner)).id;
  /** An application of the owner, signed and submitted (through the application part's actions). */
  const submitted = async (opts: { unitId?: string; forbidden?: { key: string; reason?: string }[]; workers?: { name: string; idNumber: string; phone: string }[] } = {}) => {
    const r = ok(
      await call<RenovationView>(
        'create',
        {
          requestId: rid('apply'),
          unitId: opts.unitId ?? String(unit._id),
          rooms: ['客厅', '主卫'],
          works: ['plumbing_electric', 'waterproof', 'ceiling'],
          forbidden: opts.forbidden ?? [],
          description: '厨卫翻新，客厅吊顶',
          contractor: { company: '安居装饰工程有限公司', licence: '91330100MA2XYZ1234', foreman: '黄师傅', phone: '13911112222' },
          workers: opts.workers ?? [
            { name: '黄建军', idNumber: ID_A, phone: '13911112222' },
            { name: '李小龙', idNumber: ID_B, phone: '13911113333' },
          ],
          plannedStart: START,
          plannedEnd: END,
        },
        owner,
      ),
    );
    ok(await call('sign', { renovationId: r.id, signer: 'owner', name: '周明', fileId: await signature() }, owner));
    ok(await call('sign', { renovationId: r.id, signer: 'contractor', name: '黄师傅', fileId: await signature() }, owner));
    return ok(await call<RenovationView>('submit', { renovationId: r.id }, owner));
  };
  const approved = async (opts: Parameters<typeof submitted>[0] = {}) => {
    const r = await submitted(opts);
    ok(await call('review', { renovationId: r.id, conditions: ['运送材料时须对电梯轿厢做好防护'] }));
    return ok(await call<RenovationView>('approve', { renovationId: r.id, exceptions: (opts.forbidden ?? []).map((f) => ({ key: f.key, approved: true })) }, manager));
  };
  const payAll = async (r: RenovationView) => {
    const account = ok(await stack.invoke('fees', 'account', { unitId: r.unitId } as never, manager)) as unknown as UnitAccount;
    const due = account.bills.filter((b) => b.status === 'open').reduce((s, b) => s + b.dueFen, 0);
    ok(await stack.invoke('fees', 'recordPayment', { unitId: r.unitId, amountFen: due, method: 'cash', receiptNo: rid('RC').slice(0, 30) } as never, manager));
  };
  const permit = async (id: string, token = owner) => ok(await call<RenovationPermitView>('permit', { renovationId: id }, token));
  const gate = (code: string, token = agent) => call<GatePassView>('checkPass', { code }, token);
  return { c, b, unit, same, above, below, far, elsewhere, unit2, unit3, ownerUser, agentUser, owner, agent, manager, call, submitted, approved, payAll, permit, gate };
}
type World = Awaited<ReturnType<typeof world>>;

async function started(w: World, opts: Parameters<World['approved']>[0] = {}) {
  const r = await w.approved(opts);
  await w.payAll(r);
  return ok(await w.call<RenovationView>('start', { renovationId: r.id }));
}

test('When an agent reviews with conditions and the manager approves, then the permit has the planned dates and every condition, each worker has a pass, the fees are billed and the owner is told', async () => {
  const w = await world();
  const r = await w.submitted();
  expect(r.status).toBe('submitted');

  const reviewed = ok(await w.call<RenovationView>('review', { renovationId: r.id, conditions: ['运送材料时须对电梯轿厢做好防护', '装修垃圾须袋装'], note: '图纸齐全' }));
  expect(reviewed).toMatchObject({ status: 'reviewed', review: { conditions: ['运送材料时须对电梯轿厢做好防护', '装修垃圾须袋装'], note: '图纸齐全', byName: '客服小林' } });
  expect(reviewed.actions).toEqual(expect.arrayContaining(['return']));
  expect(reviewed.actions).not.toContain('approve'); // the agent does not approve

  const a = ok(await w.call<RenovationView>('approve', { renovationId: r.id, conditions: ['现场须配备灭火器'] }, w.manager));
  expect(a.status).toBe('approved');
  expect(a.permit).toMatchObject({ no: `XK${r.no.slice(2)}`, validFrom: START, validTo: END, conditions: ['运送材料时须对电梯轿厢做好防护', '装修垃圾须袋装', '现场须配备灭火器'], byName: '经理老何' });
  expect(a.bills.map((b) => [b.kind, b.amountFen, b.paid])).toEqual([
    ['deposit', 200000, false],
    ['management', 30000, false],
  ]);
  expect(a.history.map((h) => h.event)).toEqual(expect.arrayContaining(['submit', 'review', 'approve']));

  const p = await w.permit(r.id);
  expect(p.passes.map((x) => [x.name, x.idNumber, x.status, x.verdict])).toEqual([
    ['黄建军', `${ID_A.slice(0, 4)}**********${ID_A.slice(-4)}`, 'active', 'not_started'],
    ['李小龙', `${ID_B.slice(0, 4)}**********${ID_B.slice(-4)}`, 'active', 'not_started'],
  ]);
  expect(new Set(p.passes.map((x) => x.code)).size).toBe(2);
  expect(p).toMatchObject({ canRevoke: false, canAddWorker: true, noisyAllowedNow: true });
  expect(p.workingHoursText).toContain('08:00–12:00');
  expect((await w.permit(r.id, w.agent)).canRevoke).toBe(true);

  const msg = await OutboxMessage.findOne({ eventKey: `renovation:${r.id}:approved` }).lean();
  expect(msg).toMatchObject({ templateKey: 'renovation.progress', recipientId: w.ownerUser._id });

  // A replay of the approval changes nothing: no second bill, no second pass.
  ok(await w.call('approve', { renovationId: r.id }, w.manager));
  expect(await RenovationPass.countDocuments({ renovationId: r.id })).toBe(2);
  expect(ok(await w.call<RenovationView>('detail', { renovationId: r.id })).bills).toHaveLength(2);
});

test('When the application names a forbidden work with an exception, then approving without granting it (or refusing it) is 409 naming the rule; granted, it is approved and marked so', async () => {
  const w = await world();
  const rule = DEFAULT_FORBIDDEN_WORKS.find((f) => f.key === 'waterproof_break')!.rule;
  const r = await w.submitted({ forbidden: [{ key: 'waterproof_break', reason: '主卫改下沉式，重做防水并做闭水试验' }] });
  ok(await w.call('review', { renovationId: r.id, conditions: [] }));
  const none = err(await w.call('approve', { renovationId: r.id }, w.manager));
  expect(none.code).toBe('RENOVATION.FORBIDDEN_WORK');
  expect(none.message).toContain(rule);
  expect(none.details).toMatchObject({ keys: ['waterproof_break'] });
  expect(codeOf(await w.call('approve', { renovationId: r.id, exceptions: [{ key: 'waterproof_break', approved: false }] }, w.manager))).toBe('RENOVATION.FORBIDDEN_WORK');
  expect((await Renovation.findById(r.id).lean())!.status).toBe('reviewed');
  expect(await RenovationPass.countDocuments({ renovationId: r.id })).toBe(0);

  const a = ok(await w.call<RenovationView>('approve', { renovationId: r.id, exceptions: [{ key: 'waterproof_break', approved: true }] }, w.manager));
  expect(a.status).toBe('approved');
  expect(a.forbidden).toEqual([expect.objectContaining({ key: 'waterproof_break', approved: true })]);

  // A work without any exception that got onto a reviewed application (the list changed after the submit) is never approved.
  const r2 = await w.submitted({ unitId: String(w.unit2._id) });
  ok(await w.call('review', { renovationId: r2.id, conditions: [] }));
  const loadBearing = DEFAULT_FORBIDDEN_WORKS.find((f) => f.key === 'load_bearing')!;
  await Renovation.updateOne({ _id: r2.id }, { $set: { forbidden: [{ key: loadBearing.key, label: loadBearing.label, rule: loadBearing.rule, reason: '想打通' }] } });
  const refused = err(await w.call('approve', { renovationId: r2.id, exceptions: [{ key: 'load_bearing', approved: true }] }, w.manager));
  expect(refused.code).toBe('RENOVATION.FORBIDDEN_WORK');
  expect(refused.message).toContain(loadBearing.rule);
});

test('When an application is returned with reasons, then it is returned, the owner is told, and once resubmitted it is reviewed again', async () => {
  const w = await world();
  const r = await w.submitted();
  expect(err(await w.call('return', { renovationId: r.id, reason: '' })).code).toBe('VALIDATION');
  const back = ok(await w.call<RenovationView>('return', { renovationId: r.id, reason: '缺少水电改造图纸' }));
  expect(back).toMatchObject({ status: 'returned', returnReason: '缺少水电改造图纸' });
  const msgs = await OutboxMessage.find({ communityId: w.c._id, templateKey: 'renovation.progress', eventKey: new RegExp(`^renovation:${r.id}:return:`) }).lean();
  expect(msgs).toHaveLength(1);

  ok(await w.call('submit', { renovationId: r.id }, w.owner));
  ok(await w.call('review', { renovationId: r.id, conditions: [] }));
  // The manager may still return a reviewed application.
  const again = ok(await w.call<RenovationView>('return', { renovationId: r.id, reason: '施工单位资质过期' }, w.manager));
  expect(again).toMatchObject({ status: 'returned', returnReason: '施工单位资质过期' });
  expect(await OutboxMessage.countDocuments({ eventKey: new RegExp(`^renovation:${r.id}:return:`) })).toBe(2);
});

test('When an event comes in the wrong state or from the wrong role, then 409 naming the states or 403, and nothing changes', async () => {
  const w = await world();
  const r = await w.submitted();
  expect(codeOf(await w.call('approve', { renovationId: r.id }, w.manager))).toBe('RENOVATION.INVALID_TRANSITION');
  expect(codeOf(await w.call('start', { renovationId: r.id }))).toBe('RENOVATION.INVALID_TRANSITION');
  expect(codeOf(await w.call('review', { renovationId: r.id, conditions: [] }, w.owner))).toBe('AUTH.FORBIDDEN');
  expect(codeOf(await w.call('return', { renovationId: r.id, reason: '不行' }, w.owner))).toBe('AUTH.FORBIDDEN');
  ok(await w.call('review', { renovationId: r.id, conditions: [] }));
  const twice = err(await w.call('review', { renovationId: r.id, conditions: [] }));
  expect(twice.code).toBe('RENOVATION.INVALID_TRANSITION');
  expect(twice.message).toContain('待审批');
  expect(codeOf(await w.call('approve', { renovationId: r.id }, w.agent))).toBe('AUTH.FORBIDDEN');
  expect(codeOf(await w.call('permitPdf', { renovationId: r.id }, w.owner))).toBe('RENOVATION.INVALID_TRANSITION');
  expect((await Renovation.findById(r.id).lean())!.status).toBe('reviewed');
  // Bad input: too many conditions, an empty one.
  const r2 = await w.submitted({ unitId: String(w.unit2._id) });
  expect(codeOf(await w.call('review', { renovationId: r2.id, conditions: Array.from({ length: 13 }, (_, i) => `条件${i}`) }))).toBe('VALIDATION');
  expect(codeOf(await w.call('review', { renovationId: r2.id, conditions: [' '] }))).toBe('VALIDATION');
  // Another community's manager does not reach it.
  const c2 = await makeCommunity();
  const stranger = await loginAs(stack, (await makeUser(c2._id, { roles: ['manager'] }))._id);
  expect(codeOf(await w.call('approve', { renovationId: r.id }, stranger))).toBe('RENOVATION.NOT_FOUND');
});

test('When the fees are not paid, then starting is 409 RENOVATION.FEES_UNPAID naming them; paid, the works start and the neighbours (same floor, above, below) get the 装修施工告知', async () => {
  const w = await world();
  const r = await w.approved();
  const unpaid = err(await w.call('start', { renovationId: r.id }));
  expect(unpaid.code).toBe('RENOVATION.FEES_UNPAID');
  expect(unpaid.message).toContain('装修押金 2000.00 元');
  expect(unpaid.message).toContain('装修管理费 300.00 元');
  expect(await Notice.countDocuments({ communityId: w.c._id })).toBe(0);

  await w.payAll(r);
  const s = ok(await w.call<RenovationView>('start', { renovationId: r.id }));
  expect(s.status).toBe('in_progress');
  expect(s.startedAt).toBeDefined();
  const notices = await Notice.find({ communityId: w.c._id }).lean();
  expect(notices).toHaveLength(1);
  expect(notices[0]).toMatchObject({ templateKey: 'renovation-start', title: '装修施工告知' });
  expect(notices[0].body).toContain(w.unit.label);
  expect(notices[0].body).toContain('安居装饰工程有限公司');
  expect(notices[0].unitIds.map(String).sort()).toEqual([w.same._id, w.above._id, w.below._id].map(String).sort());
  // Started already: as it is, no second notice.
  ok(await w.call('start', { renovationId: r.id }, w.manager));
  expect(await Notice.countDocuments({ communityId: w.c._id })).toBe(1);
  expect(ok(await w.call<RenovationView>('detail', { renovationId: r.id })).history.filter((h) => h.event === 'start')).toHaveLength(1);
});

test('When the gate checks a worker code, then it is not started, early, valid (with the whole ID number and noisy works by the hour), expired — and at once revoked or suspended', async () => {
  const w = await world();
  const a = await w.approved();
  const [pa] = (await w.permit(a.id)).passes;

  const before = ok(await w.gate(pa.code));
  expect(before).toMatchObject({ verdict: 'not_started', name: '黄建军', idNumber: ID_A, unitLabel: w.unit.label, validFrom: START, validTo: END, company: '安居装饰工程有限公司' });

  await w.payAll(a);
  ok(await w.call('start', { renovationId: a.id }));
  // The day before the permit: early. Typed in lower case with a dash: the same code.
  expect(ok(await w.gate(formatPassCode(pa.code).toLowerCase()))).toMatchObject({ verdict: 'early', reason: expect.stringContaining(START) });

  fixClock(at(START, '09:30'));
  const valid = ok(await w.gate(pa.code));
  expect(valid).toMatchObject({ verdict: 'valid', idNumber: ID_A, noisyAllowed: true, anyWorkAllowed: true, phone: '13911112222' });
  fixClock(at(START, '12:30'));
  expect(ok(await w.gate(pa.code))).toMatchObject({ verdict: 'valid', noisyAllowed: false, anyWorkAllowed: true });
  // 2026-12-19 is a Saturday: no noisy works on 休息日 by default.
  fixClock(at('2026-12-19', '10:00'));
  expect(ok(await w.gate(pa.code))).toMatchObject({ verdict: 'valid', noisyAllowed: false });
  fixClock(at(START, '21:00'));
  expect(ok(await w.gate(pa.code))).toMatchObject({ anyWorkAllowed: false, noisyAllowed: false });
  // The owner's page shows the ID number masked, never whole.
  fixClock(at(START, '10:00'));
  const page = await w.permit(a.id);
  expect(page.passes[0]).toMatchObject({ verdict: 'valid', idNumber: `${ID_A.slice(0, 4)}**********${ID_A.slice(-4)}` });
  expect(JSON.stringify(page)).not.toContain(ID_A);
  expect(JSON.stringify(ok(await w.call('detail', { renovationId: a.id }, w.owner)))).not.toContain(ID_A);

  // Suspended (停工整改): passes stop at once; resumed: valid again.
  ok(await w.call('suspend', { renovationId: a.id, reason: '占用楼道堆放材料' }, w.manager));
  expect(ok(await w.gate(pa.code))).toMatchObject({ verdict: 'suspended', reason: expect.stringContaining('停工整改') });
  ok(await w.call('resume', { renovationId: a.id }, w.manager));
  expect(ok(await w.gate(pa.code)).verdict).toBe('valid');

  // Revoked at once, with the reason; revoking again changes nothing.
  expect(codeOf(await w.call('revokePass', { passId: pa.id, reason: '人员离场' }, w.owner))).toBe('AUTH.FORBIDDEN');
  const revoked = ok(await w.call<RenovationPassView>('revokePass', { passId: pa.id, reason: '人员离场' }));
  expect(revoked).toMatchObject({ status: 'revoked', verdict: 'revoked', revokeReason: '人员离场', revokedByName: '客服小林' });
  expect(ok(await w.gate(pa.code))).toMatchObject({ verdict: 'revoked', reason: expect.stringContaining('人员离场') });
  ok(await w.call('revokePass', { passId: pa.id, reason: '再次撤销' }));
  expect((await RenovationPass.findById(pa.id).lean())!.revokeReason).toBe('人员离场');
  expect(ok(await w.call<RenovationView>('detail', { renovationId: a.id })).history.filter((h) => h.event === 'pass' && h.note?.includes('撤销'))).toHaveLength(1);
  // The other worker's pass still works.
  expect(ok(await w.gate((await w.permit(a.id)).passes[1].code)).verdict).toBe('valid');

  // After the permit's last day: expired.
  const second = (await w.permit(a.id)).passes[1].code;
  fixClock(at(addDays(END, 1)));
  // (a session lasts a week: the guard of that day logs in that day)
  expect(ok(await w.gate(second, await loginAs(stack, w.agentUser._id)))).toMatchObject({ verdict: 'expired', reason: expect.stringContaining(END) });
});

test('When a code is unknown, of another community or checked by an owner, then 404 RENOVATION.PASS_NOT_FOUND or 403; a bad code is 400', async () => {
  const w = await world();
  const a = await w.approved();
  const [pa] = (await w.permit(a.id)).passes;
  expect(codeOf(await w.gate('ZZZZ-ZZZZ'))).toBe('RENOVATION.PASS_NOT_FOUND');
  expect(codeOf(await w.gate(pa.code, w.owner))).toBe('AUTH.FORBIDDEN');
  expect(codeOf(await w.gate('AB'))).toBe('VALIDATION');
  const c2 = await makeCommunity();
  const agent2 = await loginAs(stack, (await makeUser(c2._id, { roles: ['agent'] }))._id);
  expect(codeOf(await w.gate(pa.code, agent2))).toBe('RENOVATION.PASS_NOT_FOUND');
  expect(codeOf(await w.call('revokePass', { passId: pa.id, reason: '试试' }, agent2))).toBe('RENOVATION.PASS_NOT_FOUND');
});

test('When a worker is added after approval, then they get a pass once per request; a worker already listed or a bad ID number is 400; before approval or after cancelling it is 409', async () => {
  const w = await world();
  const s = await started(w);
  const add = (data: Record<string, unknown>, token = w.owner) => w.call<RenovationPassView>('addWorker', { renovationId: s.id, requestId: 'add-worker-0001', name: '陈木工', idNumber: ID_C, phone: '13911114444', ...data }, token);
  const p = ok(await add({}));
  expect(p).toMatchObject({ name: '陈木工', status: 'active', idNumber: `${ID_C.slice(0, 4)}**********${ID_C.slice(-4)}` });
  expect(ok(await add({}))).toMatchObject({ id: p.id, code: p.code });
  expect(await RenovationPass.countDocuments({ renovationId: s.id })).toBe(3);
  const detail = ok(await w.call<RenovationView>('detail', { renovationId: s.id }));
  expect(detail.workers.map((x) => x.name)).toEqual(['黄建军', '李小龙', '陈木工']);
  expect(detail.history.at(-1)).toMatchObject({ event: 'pass', note: expect.stringContaining('新增施工人员 陈木工') });

  const dup = err(await add({ requestId: 'add-worker-0002' }, w.agent));
  expect(dup).toMatchObject({ code: 'VALIDATION', details: { issues: [expect.objectContaining({ path: 'idNumber' })] } });
  expect(codeOf(await add({ requestId: 'add-worker-0003', idNumber: '110101198503076519' }))).toBe('VALIDATION');

  const r2 = await w.submitted({ unitId: String(w.unit2._id) });
  expect(codeOf(await w.call('addWorker', { renovationId: r2.id, requestId: 'add-worker-0004', name: '陈木工', idNumber: ID_C }, w.owner))).toBe('RENOVATION.INVALID_TRANSITION');
  const r3 = await w.approved({ unitId: String(w.unit3._id) });
  ok(await w.call('cancel', { renovationId: r3.id, reason: '暂不装修' }, w.owner));
  expect(codeOf(await w.call('addWorker', { renovationId: r3.id, requestId: 'add-worker-0005', name: '陈木工', idNumber: ID_C }, w.owner))).toBe('RENOVATION.INVALID_TRANSITION');
  // A cancelled renovation's passes are void at the gate.
  expect(ok(await w.gate((await w.permit(r3.id)).passes[0].code)).verdict).toBe('revoked');
});

test('When the 装修许可证 is printed, then it is an A4 PDF with the Chinese title, the unit and the Chinese glyphs embedded', async () => {
  const w = await world();
  const a = await w.approved();
  const file = ok(await w.call<RenovationPdfFile>('permitPdf', { renovationId: a.id }, w.owner));
  expect(file.mime).toBe('application/pdf');
  expect(file.fileName).toMatch(new RegExp(`^装修许可证-${w.unit.label}-\\d{8}\\.pdf$`));
  const pdf = Buffer.from(file.contentBase64, 'base64');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdfInfo(pdf, 'Title')).toBe(`装修许可证 ${a.permit!.no}`);
  expect(pdfInfo(pdf, 'Subject')).toBe(w.unit.label);
  expect(pdf.length).toBeGreaterThan(5000); // the Chinese glyphs are embedded
});

/** A document information entry of a PDF (pdfkit writes them as literal strings, UTF-16 when not ASCII). */
function pdfInfo(pdf: Buffer, key: string): string | undefined {
  const text = pdf.toString('latin1');
  const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(text);
  const literal = ref ? new RegExp(`\\n${ref[1]} 0 obj\\n\\(((?:\\\\.|[^\\\\)])*)\\)\\nendobj`).exec(text) : new RegExp(`/${key} \\(((?:\\\\.|[^\\\\)])*)\\)`).exec(text);
  if (!literal) return undefined;
  const raw = Buffer.from(literal[1].replace(/\\([nrtbf()\\])/g, (_s, c: string) => ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' })[c] ?? c), 'latin1');
  if (raw[0] !== 0xfe || raw[1] !== 0xff) return raw.toString('latin1');
  const le = Buffer.from(raw.subarray(2));
  le.swap16();
  return le.toString('utf16le');
}
