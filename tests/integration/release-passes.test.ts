import type { PassView } from '@shared/contracts/desk-log.contract';
import { PASS_CODE_ALPHABET, PASS_CODE_LENGTH } from '@shared/domain/desk-log';
import { setClock } from '../../cloud/lib/clock';
import { ReleasePass } from '../../cloud/modules/desk/release-pass.model';
import { loginAs, makeResident, makeUser } from '../helpers/factories';
import { DAYTIME, err, ok, rid, world, type World } from '../helpers/repairs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Release passes (放行条): an owner's own pass is approved at once; a tenant's or an agent's waits for
 * an owner of the unit; the gate sees what a code is today and releases it once.
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

const TODAY = '2026-11-27';
const DAY = 24 * 3600_000;
const form = (w: World, data: Record<string, unknown> = {}) => ({ requestId: rid(), unitId: w.unitId, items: '旧沙发一张、纸箱三个', quantity: 4, carrierName: '刘师傅', carrierPhone: '13700001111', plate: '浙a12345', date: TODAY, ...data });
const request = async (w: World, token: string, data: Record<string, unknown> = {}) => ok(await stack.invoke('desk', 'requestPass', form(w, data) as never, token), 'requestPass');
const check = (code: string, token: string) => stack.invoke('desk', 'checkPass', { code }, token);
const release = (code: string, token: string) => stack.invoke('desk', 'releasePass', { code }, token);

async function tenantOf(w: World): Promise<{ id: string; token: string }> {
  const u = await makeUser(w.communityId, { roles: ['owner'], unitIds: [w.unitId], name: '周租户' });
  await makeResident(w.communityId, w.unitId, { name: '周租户', relation: 'tenant', userId: u._id });
  return { id: String(u._id), token: await loginAs(stack, u._id) };
}

test('When an owner asks for a pass, then it is approved at once with a code the gate sees as valid, and 放行 uses it once', async () => {
  const w = await world(stack);
  const pass = await request(w, w.owner.token);
  expect(pass).toMatchObject({ status: 'approved', check: 'valid', unitLabel: w.unitLabel, items: '旧沙发一张、纸箱三个', quantity: 4, plate: '浙A12345', requestedAs: '业主', approvedByName: '赵业主', actions: ['revoke'] });
  expect(pass.code).toMatch(new RegExp(`^[${PASS_CODE_ALPHABET}]{${PASS_CODE_LENGTH}}$`));
  // The gate: typed with a dash and in lower case.
  const code = pass.code!;
  const seen = ok(await check(`${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`, w.agent.token), 'check');
  expect(seen).toMatchObject({ id: pass.id, check: 'valid', carrierName: '刘师傅', carrierPhone: '13700001111', actions: ['revoke', 'release'] });
  const used = ok(await release(code, w.agent.token), 'release');
  expect(used).toMatchObject({ status: 'used', check: 'used', usedByName: '孙客服', usedAt: DAYTIME.toISOString(), actions: [] });
  expect(err(await release(code, w.manager.token))).toMatchObject({ code: 'PASS.INVALID_TRANSITION' });
  expect(ok(await check(code, w.manager.token), 'check').check).toBe('used');
  // Used: no revoking any more.
  expect(err(await stack.invoke('desk', 'revokePass', { passId: pass.id }, w.owner.token)).code).toBe('PASS.INVALID_TRANSITION');
});

test('When a tenant or an agent asks for a pass, then it waits for an owner of the unit, who approves or refuses it in the mini-program', async () => {
  const w = await world(stack);
  const tenant = await tenantOf(w);
  const byTenant = await request(w, tenant.token);
  expect(byTenant).toMatchObject({ status: 'pending', check: 'pending', requestedAs: '住户', actions: ['revoke'] });
  expect(byTenant.code).toBeUndefined();
  const byAgent = ok(await stack.invoke('desk', 'recordPass', { ...form(w), note: '业主电话委托' } as never, w.agent.token), 'recordPass');
  expect(byAgent).toMatchObject({ status: 'pending', requestedAs: '客服代办', note: '业主电话委托' });
  // The tenant cannot approve; the owner sees both waiting first, and approves / refuses.
  expect(err(await stack.invoke('desk', 'approvePass', { passId: byTenant.id, approve: true }, tenant.token)).code).toBe('PASS.NOT_UNIT_OWNER');
  const mine = ok(await stack.invoke('desk', 'myPasses', {}, w.owner.token), 'myPasses');
  expect(mine.slice(0, 2).map((p) => p.id).sort()).toEqual([byTenant.id, byAgent.id].sort());
  expect(mine[0].actions).toEqual(['approve', 'reject', 'revoke']);
  const approved = ok(await stack.invoke('desk', 'approvePass', { passId: byTenant.id, approve: true }, w.owner.token), 'approve');
  expect(approved).toMatchObject({ status: 'approved', check: 'valid', approvedByName: '赵业主' });
  expect(approved.code).toHaveLength(PASS_CODE_LENGTH);
  const refused = ok(await stack.invoke('desk', 'approvePass', { passId: byAgent.id, approve: false, note: '没有委托过' }, w.owner.token), 'reject');
  expect(refused).toMatchObject({ status: 'rejected', check: 'rejected' });
  // The tenant sees the code of their approved pass; the refused one's code is never given out.
  const tenantList = ok(await stack.invoke('desk', 'myPasses', {}, tenant.token), 'tenant list');
  expect(tenantList.find((p) => p.id === byTenant.id)!.code).toBe(approved.code);
  const stored = await ReleasePass.findById(byAgent.id).lean();
  expect(ok(await check(stored!.code, w.agent.token), 'check')).toMatchObject({ check: 'rejected', status: 'rejected' });
  expect(err(await release(stored!.code, w.agent.token)).code).toBe('PASS.INVALID_TRANSITION');
  // Approving twice: the state machine refuses.
  expect(err(await stack.invoke('desk', 'approvePass', { passId: byTenant.id, approve: true }, w.owner.token)).code).toBe('PASS.INVALID_TRANSITION');
  // A pending pass at the gate: 未批准.
  const pending = await request(w, tenant.token);
  const pendingCode = (await ReleasePass.findById(pending.id).lean())!.code;
  expect(ok(await check(pendingCode, w.agent.token), 'check').check).toBe('pending');
  expect(err(await release(pendingCode, w.agent.token)).code).toBe('PASS.INVALID_TRANSITION');
});

test('When a pass is dated tomorrow, then the gate sees it as not yet valid, valid on its day and expired after it', async () => {
  const w = await world(stack);
  const pass = await request(w, w.owner.token, { date: '2026-11-28' });
  const code = pass.code!;
  expect(ok(await check(code, w.agent.token), 'check').check).toBe('early');
  expect(err(await release(code, w.agent.token))).toMatchObject({ code: 'PASS.NOT_VALID_TODAY', details: { check: 'early' } });
  clock = new Date(DAYTIME.getTime() + DAY);
  expect(ok(await check(code, w.agent.token), 'check').check).toBe('valid');
  clock = new Date(DAYTIME.getTime() + 2 * DAY);
  expect(ok(await check(code, w.agent.token), 'check')).toMatchObject({ check: 'expired', status: 'approved', actions: ['revoke'] });
  expect(err(await release(code, w.agent.token))).toMatchObject({ code: 'PASS.NOT_VALID_TODAY', details: { check: 'expired' } });
  // Dates in the past or too far ahead are refused.
  clock = DAYTIME;
  expect(err(await stack.invoke('desk', 'requestPass', form(w, { date: '2026-11-26' }) as never, w.owner.token)).code).toBe('PASS.BAD_DATE');
  expect(err(await stack.invoke('desk', 'requestPass', form(w, { date: '2027-01-30' }) as never, w.owner.token)).code).toBe('PASS.BAD_DATE');
  expect(err(await stack.invoke('desk', 'requestPass', form(w, { date: '2026-02-30' }) as never, w.owner.token)).code).toBe('VALIDATION');
  expect(err(await stack.invoke('desk', 'requestPass', form(w, { items: '' }) as never, w.owner.token)).code).toBe('VALIDATION');
  expect(err(await stack.invoke('desk', 'requestPass', form(w, { items: '物'.repeat(201) }) as never, w.owner.token)).code).toBe('VALIDATION');
  expect(err(await stack.invoke('desk', 'requestPass', form(w, { quantity: 0 }) as never, w.owner.token)).code).toBe('VALIDATION');
});

test('When ten guards tap 放行 on one pass at once, then exactly one wins and the others are refused', async () => {
  const w = await world(stack);
  const pass = await request(w, w.owner.token);
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => release(pass.code!, i % 2 ? w.agent.token : w.manager.token)));
  const wins = results.filter((r) => r.ok);
  expect(wins).toHaveLength(1);
  for (const r of results.filter((x) => !x.ok)) expect(['PASS.INVALID_TRANSITION', 'STATE.CONFLICT']).toContain(err(r).code);
  const stored = await ReleasePass.findById(pass.id).lean();
  expect(stored!.status).toBe('used');
  expect(stored!.history.filter((h) => h.event === 'release')).toHaveLength(1);
});

test('When a pass is revoked before use, then the gate sees 已撤销; only the requester, an owner of the unit or staff may revoke', async () => {
  const w = await world(stack);
  const tenant = await tenantOf(w);
  const other = await w.otherOwner();
  const pass = await request(w, w.owner.token);
  // Another owner of the community cannot even see it; the tenant of the unit sees it but did not ask for it.
  expect(err(await stack.invoke('desk', 'revokePass', { passId: pass.id }, other.token)).code).toBe('PASS.NOT_FOUND');
  expect(err(await stack.invoke('desk', 'revokePass', { passId: pass.id }, tenant.token)).code).toBe('AUTH.FORBIDDEN');
  const revoked = ok(await stack.invoke('desk', 'revokePass', { passId: pass.id, reason: '改天再搬' }, w.owner.token), 'revoke');
  expect(revoked).toMatchObject({ status: 'revoked', check: 'revoked', actions: [] });
  expect(revoked.code).toBeUndefined();
  expect(ok(await check(pass.code!, w.agent.token), 'check').check).toBe('revoked');
  expect(err(await release(pass.code!, w.agent.token)).code).toBe('PASS.INVALID_TRANSITION');
  // Staff revoke a tenant's pending pass.
  const pending = await request(w, tenant.token);
  expect(ok(await stack.invoke('desk', 'revokePass', { passId: pending.id }, w.agent.token), 'staff revoke').status).toBe('revoked');
});

test("When a guard checks another community's code, or a made-up one, then it is not found; codes are long and all different", async () => {
  const w = await world(stack);
  const elsewhere = await world(stack);
  const theirs = await request(elsewhere, elsewhere.owner.token);
  expect(err(await check(theirs.code!, w.agent.token)).code).toBe('PASS.NOT_FOUND');
  expect(err(await release(theirs.code!, w.agent.token)).code).toBe('PASS.NOT_FOUND');
  expect(err(await check('ZZZZ2222', w.agent.token)).code).toBe('PASS.NOT_FOUND');
  // The owner cannot use the gate; another community's pass id is not found.
  expect(err(await check(theirs.code!, w.owner.token)).code).toBe('AUTH.FORBIDDEN');
  expect(err(await stack.invoke('desk', 'approvePass', { passId: theirs.id, approve: true }, w.owner.token)).code).toBe('PASS.NOT_FOUND');
  // Twenty passes: twenty different codes of 8 characters of the unambiguous alphabet.
  const codes = new Set<string>();
  for (let i = 0; i < 20; i++) codes.add((await request(w, w.owner.token)).code!);
  expect(codes.size).toBe(20);
  for (const c of codes) expect(c).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
  // Staff list of the day, and one pass per request id.
  const requestId = rid();
  const [a, b] = await Promise.all([request(w, w.owner.token, { requestId }), request(w, w.owner.token, { requestId })]);
  expect(a.id).toBe(b.id);
  const day = ok(await stack.invoke('desk', 'passes', { date: TODAY }, w.agent.token), 'passes');
  expect(day.total).toBe(21);
  expect(day.items.every((p: PassView) => p.unitId === w.unitId)).toBe(true);
});
