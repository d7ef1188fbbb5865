import type { MoveInCaseView, MoveInPdfFile, MoveInSettingsView } from '@shared/contracts/movein.contract';
import type { Paged } from '@shared/contracts/contract';
import type { Envelope } from '@shared/errors';
import type { MoveInCaseSummary } from '@shared/contracts/movein-checklist.contract';
import type { MyHome, UnitDetail } from '@shared/contracts/community.contract';
import { localDay } from '@shared/domain/calendar';
import { StoredFile } from '../../cloud/modules/files/file.model';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { MoveIn } from '../../cloud/modules/movein/movein.model';
import { loginAs, makeBuilding, makeCommunity, makeResident, makeUnit, makeUser } from '../helpers/factories';
import { err, ok } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The 入伙手续书 (movein.md "The 入伙手续书 (checklist)"): a 零散入住 case run by an agent step by step —
 * identity, papers, fees paid at the desk, the agreements and keys signed on the phone, cards —, its
 * completion binding the owner in the records every module reads, its PDF, and the refusals.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});

// A 1×1 PNG, as the signature pad exports (any PNG will do for the record and the PDF).
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const ID = '11010119900307651X';

let seq = 0;
const rid = (what: string) => `${what}-${Date.now().toString(36)}-${++seq}`;
const codeOf = (res: Envelope<unknown>) => (res.ok ? 'OK' : res.error.code);

async function world() {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id);
  const unit = await makeUnit(c._id, b._id, { status: 'vacant' });
  const agentUser = await makeUser(c._id, { roles: ['agent'], name: '前台小陈' });
  const managerUser = await makeUser(c._id, { roles: ['manager'], name: '经理老周' });
  const tech = await makeUser(c._id, { roles: ['technician'], name: '维修老吴' });
  // The buyer has the app already (bound through the developer's list as a guest): the completion makes him the owner.
  const buyerUser = await makeUser(c._id, { roles: [], name: '林晓峰', phone: '13912345678' });
  await makeResident(c._id, unit._id, { name: '林晓峰', relation: 'owner', phone: '13912345678', userId: buyerUser._id });
  const [agent, manager] = await Promise.all([loginAs(stack, agentUser._id), loginAs(stack, managerUser._id)]);
  const call = <T>(action: string, data: Record<string, unknown>, token = agent) => stack.invoke('movein', action as never, data as never, token) as unknown as Promise<Envelope<T>>;
  const make = async (unitId = String(unit._id), requestId = rid('single')) =>
    ok(await call<MoveInCaseView>('createCase', { kind: 'single', unitId, buyer: { name: '林晓峰', phone: '13912345678', idNumber: ID }, requestId }));
  const signature = async (token = agent) => ok(await stack.invoke('files', 'upload', { purpose: 'signature', fileName: 'signature.png', contentBase64: PNG }, token)).id;
  return { c, b, unit, agent, manager, tech, buyerUser, agentUser, call, make, signature };
}
type World = Awaited<ReturnType<typeof world>>;

/** Every required step done the normal way (identity, papers, fees — nothing due —, agreements, inspection, keys). */
async function runRequired(w: World, id: string) {
  ok(await w.call('startCase', { moveInId: id }));
  ok(await w.call('checkIdentity', { moveInId: id, idNumber: ID.toLowerCase() }));
  ok(await w.call('tickStep', { moveInId: id, step: 'documents', note: '购房合同复印件、身份证复印件' }));
  ok(await w.call('tickStep', { moveInId: id, step: 'fees' }));
  ok(await w.call('signAgreements', { moveInId: id, signer: '林晓峰', fileId: await w.signature() }));
  ok(await w.call('tickStep', { moveInId: id, step: 'inspection', note: '验房无问题' }));
  return ok(await w.call<MoveInCaseView>('handOverKeys', { moveInId: id, keys: [{ name: '入户门钥匙', count: 3 }, { name: '信报箱钥匙', count: 2 }], signer: '林晓峰', fileId: await w.signature() }));
}

test('When a required step is missing, then completing is 409 MOVEIN.STEPS_MISSING naming it; the optional cards step is not needed', async () => {
  const w = await world();
  const c = await w.make();
  expect(c).toMatchObject({ kind: 'single', status: 'waiting', buyer: { name: '林晓峰', idNumber: '1101**********651X' } });
  expect(c.steps.map((s) => [s.key, s.required])).toEqual([
    ['identity', true],
    ['documents', true],
    ['fees', true],
    ['agreements', true],
    ['inspection', true],
    ['keys', true],
    ['cards', false],
  ]);
  // Steps wait for the start.
  expect(codeOf(await w.call('tickStep', { moveInId: c.id, step: 'documents' }))).toBe('MOVEIN.INVALID_TRANSITION');
  ok(await w.call('startCase', { moveInId: c.id }));
  ok(await w.call('checkIdentity', { moveInId: c.id, idNumber: ID }));
  ok(await w.call('tickStep', { moveInId: c.id, step: 'documents' }));
  const refused = await w.call('completeCase', { moveInId: c.id, occupancy: 'occupied', requestId: rid('done') });
  expect(codeOf(refused)).toBe('MOVEIN.STEPS_MISSING');
  expect(err(refused).message).toBe('还有必办步骤未完成：缴纳费用、签署业主公约 · 前期物业服务协议、验房、钥匙交接');
  expect(err(refused).details?.missing).toEqual(['fees', 'agreements', 'inspection', 'keys']);
  // Undo: a step ticked by mistake is missing again.
  ok(await w.call('tickStep', { moveInId: c.id, step: 'fees' }));
  ok(await w.call('undoStep', { moveInId: c.id, step: 'documents', reason: '复印件不全' }));
  expect(err(await w.call('completeCase', { moveInId: c.id, occupancy: 'occupied', requestId: rid('done') })).details?.missing).toEqual(['documents', 'agreements', 'inspection', 'keys']);
  expect((await MoveIn.findById(c.id).lean())!.status).toBe('in_progress');
});

test('When the community makes cards required and inspection optional, then new cases copy that and completion follows it', async () => {
  const w = await world();
  const saved = ok(await w.call<MoveInSettingsView>('saveSettings', { requiredSteps: ['identity', 'cards'], documentRetentionDays: 90, warrantyTechnicianId: String(w.tech._id) }, w.manager));
  expect(saved).toMatchObject({ requiredSteps: ['identity', 'cards'], documentRetentionDays: 90, warrantyTechnicianId: String(w.tech._id), updatedBy: '经理老周' });
  expect(saved.technicians).toEqual([{ id: String(w.tech._id), name: '维修老吴' }]);
  // The 维保 technician must be a technician; agents may not change the settings.
  expect(codeOf(await w.call('saveSettings', { requiredSteps: [], documentRetentionDays: 90, warrantyTechnicianId: String(w.agentUser._id) }, w.manager))).toBe('MOVEIN.NOT_TECHNICIAN');
  expect(codeOf(await w.call('saveSettings', { requiredSteps: [], documentRetentionDays: 90 }))).toBe('AUTH.FORBIDDEN');
  const c = await w.make();
  expect(c.steps.filter((s) => s.required).map((s) => s.key)).toEqual(['identity', 'cards']);
  ok(await w.call('startCase', { moveInId: c.id }));
  ok(await w.call('checkIdentity', { moveInId: c.id, idNumber: ID }));
  expect(err(await w.call('completeCase', { moveInId: c.id, occupancy: 'vacant', requestId: rid('done') })).details?.missing).toEqual(['cards']);
  const carded = ok(await w.call<MoveInCaseView>('issueCards', { moveInId: c.id, cards: [{ kind: 'owner', number: 'YZ-0001' }, { kind: 'access', number: 'MJ20261206' }] }));
  expect(carded.steps.find((s) => s.key === 'cards')).toMatchObject({ done: true, byName: '前台小陈', note: '业主卡 YZ-0001、门禁卡 MJ20261206' });
  const done = ok(await w.call<MoveInCaseView>('completeCase', { moveInId: c.id, occupancy: 'vacant', requestId: rid('done') }));
  expect(done).toMatchObject({ status: 'done', occupancy: 'vacant' });
});

test('When the move-in completes, then the owner and the unit status show in the records at once (my-home, the unit record) and the owner is told 已入住', async () => {
  {
    const w = await world();
    const c = await w.make();
    await runRequired(w, c.id);
    const done = ok(await w.call<MoveInCaseView>('completeCase', { moveInId: c.id, occupancy: 'renting', requestId: rid('done') }));
    expect(done).toMatchObject({ status: 'done', occupancy: 'renting', movedInOn: localDay(new Date()), missing: [] });
    expect(done.keys).toEqual([{ name: '入户门钥匙', count: 3 }, { name: '信报箱钥匙', count: 2 }]);
    expect(done.signatures.map((s) => [s.step, s.signer])).toEqual([['agreements', '林晓峰'], ['keys', '林晓峰']]);
    expect(done.signatures.every((s) => s.url.length > 0)).toBe(true);
    // Staff see the unit as 出租 with its owner.
    const unit = ok(await stack.invoke('community', 'unit', { unitId: String(w.unit._id) }, w.agent)) as UnitDetail;
    expect(unit.status).toBe('renting');
    expect(unit.ownerNames).toEqual(['林晓峰']);
    expect(unit.residents).toEqual([expect.objectContaining({ name: '林晓峰', relation: 'owner', boundToApp: true, idNumber: '1101**********651X' })]);
    // The buyer's app account owns the unit now: his home shows it.
    const ownerToken = await loginAs(stack, w.buyerUser._id);
    const home = ok(await stack.invoke('community', 'myHome', {}, ownerToken)) as MyHome;
    expect(home.units.map((u) => [u.id, u.status, u.ownerNames])).toEqual([[String(w.unit._id), 'renting', ['林晓峰']]]);
    const msg = await OutboxMessage.findOne({ eventKey: `movein:${c.id}:done` }).lean();
    expect(msg).toMatchObject({ templateKey: 'movein.done' });
    expect(String(msg!.recipientId)).toBe(String(w.buyerUser._id));
    // The ID number is in no message and the case list shows none of it.
    expect(JSON.stringify(msg)).not.toContain(ID.slice(6, 14));
    const list = ok(await w.call<Paged<MoveInCaseSummary>>('cases', { q: w.unit.label.slice(-6), page: 1, pageSize: 20 }));
    expect(list.items.map((i) => i.id)).toEqual([c.id]);
    expect(JSON.stringify(list)).not.toContain(ID.slice(6, 14));
    expect(list.items[0].buyerPhone).toBe('139****5678');
  }
});

test('When the unit is moved into already or has an open case, then a second move-in is 409; the same request again answers the same case', async () => {
  const w = await world();
  const requestId = rid('single');
  const [first, twin] = await Promise.all([w.make(String(w.unit._id), requestId), w.make(String(w.unit._id), requestId)]);
  expect(twin.id).toBe(first.id);
  expect(await MoveIn.countDocuments({ unitId: w.unit._id })).toBe(1);
  expect(codeOf(await w.call('createCase', { kind: 'single', unitId: String(w.unit._id), buyer: { name: '另一人', phone: '13800001111' }, requestId: rid('single') }))).toBe('MOVEIN.CASE_OPEN');
  await runRequired(w, first.id);
  const completion = { moveInId: first.id, occupancy: 'occupied', requestId: rid('done') };
  ok(await w.call('completeCase', completion));
  // Replays change nothing and send nothing twice.
  const again = ok(await w.call<MoveInCaseView>('completeCase', completion));
  expect(again.status).toBe('done');
  expect(await OutboxMessage.countDocuments({ eventKey: `movein:${first.id}:done` })).toBe(1);
  expect(again.history.filter((h) => h.event === 'complete')).toHaveLength(1);
  expect(codeOf(await w.call('createCase', { kind: 'single', unitId: String(w.unit._id), buyer: { name: '另一人', phone: '13800001111' }, requestId: rid('single') }))).toBe('MOVEIN.UNIT_OCCUPIED');
  // A unit the records hold as 自住 is occupied too.
  const lived = await makeUnit(w.c._id, w.b._id, { status: 'occupied' });
  expect(codeOf(await w.call('createCase', { kind: 'single', unitId: String(lived._id), buyer: { name: '另一人', phone: '13800001111' }, requestId: rid('single') }))).toBe('MOVEIN.UNIT_OCCUPIED');
  // Steps of a finished case cannot change.
  expect(codeOf(await w.call('undoStep', { moveInId: first.id, step: 'keys' }))).toBe('MOVEIN.INVALID_TRANSITION');
});

test('When the fees are open, then the fees step cannot be ticked; paid at the desk (once per request) it is done', async () => {
  const w = await world();
  const cashier = await loginAs(stack, (await makeUser(w.c._id, { roles: ['manager'] }))._id);
  const item = ok(await stack.invoke('fees', 'saveItem', { name: '装修押金', kind: 'one-off', rateFen: 200000 }, cashier)) as { id: string };
  ok(await stack.invoke('fees', 'chargeOneOff', { requestId: rid('charge'), itemId: item.id, unitIds: [String(w.unit._id)], dueDate: '2026-12-31' }, cashier));
  const c = await w.make();
  ok(await w.call('startCase', { moveInId: c.id }));
  const detail = ok(await w.call<MoveInCaseView>('caseDetail', { moveInId: c.id }));
  expect(detail.fees).toMatchObject({ dueFen: 200000, bills: [expect.objectContaining({ itemName: '装修押金', dueFen: 200000, status: 'open' })] });
  const refused = await w.call('tickStep', { moveInId: c.id, step: 'fees' });
  expect(codeOf(refused)).toBe('MOVEIN.FEES_OPEN');
  const pay = { moveInId: c.id, amountFen: 200000, method: 'pos', receiptNo: `RZ-${seq}-${Date.now() % 100000}`, requestId: rid('pay') };
  const paid = ok(await w.call<MoveInCaseView>('payFees', pay));
  expect(paid.fees.dueFen).toBe(0);
  expect(paid.steps.find((s) => s.key === 'fees')).toMatchObject({ done: true, note: `现场缴费，收据号 ${pay.receiptNo}` });
  // The same request again records nothing more (the ledger has one payment).
  ok(await w.call('payFees', pay));
  const account = ok(await stack.invoke('fees', 'account', { unitId: String(w.unit._id) }, w.agent)) as { payments: unknown[] };
  expect(account.payments).toHaveLength(1);
});

test('When a signature is given, then only a signature the agent uploaded is taken, it is private to the checklist, and the identity check never echoes the number', async () => {
  const w = await world();
  const c = await w.make();
  ok(await w.call('startCase', { moveInId: c.id }));
  // A repair photo is no signature; a signature is no repair photo.
  const photo = ok(await stack.invoke('files', 'upload', { purpose: 'repair', fileName: 'a.png', contentBase64: PNG }, w.agent)).id;
  expect(codeOf(await w.call('signAgreements', { moveInId: c.id, signer: '林晓峰', fileId: photo }))).toBe('FILE.NOT_FOUND');
  const sig = await w.signature();
  ok(await w.call('signAgreements', { moveInId: c.id, signer: '林晓峰', fileId: sig }));
  expect(await StoredFile.findById(sig).lean()).toMatchObject({ purpose: 'signature', attached: true, usedBy: [`movein:${c.id}:agreements`] });
  // Someone else's upload cannot be used.
  const other = await w.signature(w.manager);
  expect(codeOf(await w.call('handOverKeys', { moveInId: c.id, keys: [{ name: '入户门钥匙', count: 2 }], signer: '林晓峰', fileId: other }))).toBe('FILE.NOT_FOUND');
  const wrong = await w.call('checkIdentity', { moveInId: c.id, idNumber: '110101199003070003' });
  expect(codeOf(wrong)).toBe('MOVEIN.IDENTITY_MISMATCH');
  expect(JSON.stringify(wrong)).not.toContain('19900307');
});

test('When the 入伙手续书 is printed, then it is an A4 PDF with the Chinese title, the steps and the signature images', async () => {
  const w = await world();
  const c = await w.make();
  await runRequired(w, c.id);
  ok(await w.call('completeCase', { moveInId: c.id, occupancy: 'occupied', requestId: rid('done') }));
  const file = ok(await w.call<MoveInPdfFile>('casePdf', { moveInId: c.id }));
  expect(file.mime).toBe('application/pdf');
  expect(file.fileName).toMatch(new RegExp(`^入伙手续书-${w.unit.label}-\\d{8}\\.pdf$`));
  const pdf = Buffer.from(file.contentBase64, 'base64');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdfInfo(pdf, 'Title')).toBe(`入伙手续书 ${w.unit.label}`);
  expect(pdfInfo(pdf, 'Subject')).toBe('林晓峰');
  expect(pdf.length).toBeGreaterThan(5000); // the Chinese glyphs are embedded
  expect(pdf.toString('latin1').match(/\/Subtype \/Image/g)?.length).toBeGreaterThanOrEqual(2);
  // Owners never reach the checklist's staff actions.
  const ownerToken = await loginAs(stack, w.buyerUser._id);
  expect(codeOf(await w.call('casePdf', { moveInId: c.id }, ownerToken))).toBe('AUTH.FORBIDDEN');
});

/** A value of the PDF's document information (see receipts-invoices.test.ts). */
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
