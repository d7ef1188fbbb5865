import { Types } from 'mongoose';
import type { Paged } from '@shared/contracts/contract';
import type { ArrearsReport, ArrearsUnit, OneOffChargeReport, UnitAccount } from '@shared/contracts/fees.contract';
import { setClock } from '../../cloud/lib/clock';
import { countCommands, describeTally } from '../../cloud/lib/db-monitor';
import { LAST_DATE } from '../../cloud/lib/paging';
import { Building, Unit } from '../../cloud/modules/community/community.model';
import { FeeBalance, FeeBalanceBuild } from '../../cloud/modules/fees/balance.model';
import { rebuildBalances } from '../../cloud/modules/fees/balance.service';
import { returnDeposit } from '../../cloud/modules/fees/deposit.service';
import { loginAs, makeCommunity, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The arrears lists as pages of the database (issue 25, docs/modules/fees.md "Balances"): each unit's
 * stored balance follows every change of its ledger (billing, one-off charges, payments, refunds, a
 * bill voided, a deposit given back; WeChat Pay: payments.test.ts), equals what a rebuild from the
 * ledger gives, and fees.arrears / fees.reviewList page through them with totals from one `$group` —
 * the same number of commands at 50 and at 500 units in arrears.
 */

let stack: Stack;
let clock = new Date('2026-12-20T02:00:00Z'); // 10:00 Shanghai; November's bills (due 11-15) are 35 days overdue
beforeAll(async () => {
  stack = await startStack();
  setClock(() => clock);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});
beforeEach(() => {
  clock = new Date('2026-12-20T02:00:00Z');
});

type Env = { ok: boolean; data?: unknown; error?: { code: string } };
const ok = <T>(r: Env): T => {
  if (!r.ok) throw new Error(r.error?.code);
  return r.data as T;
};
let seq = 0;
const rid = () => `arrears-test-${Date.now()}-${++seq}`;

/** A community of `n` units (100 ㎡, 2 buildings, labels in order), a manager and a cashier; the property fee (2 元/㎡) billed for November. */
async function world(n: number) {
  const c = await makeCommunity();
  const buildings = await Building.insertMany([1, 2].map((k) => ({ communityId: c._id, name: `${k}栋`, floors: 30, sort: k })));
  const units = Array.from({ length: n }, (_, k) => {
    const b = buildings[k % 2];
    const room = String(1001 + k);
    return { _id: new Types.ObjectId(), communityId: c._id, buildingId: b._id, entrance: '1', room, label: `${b.name}1单元${room}`, floor: 10, areaM2: 100, status: 'occupied' };
  });
  await Unit.collection.insertMany(units as never[]);
  const manager = await loginAs(stack, (await makeUser(c._id, { roles: ['manager'] }))._id);
  const cashier = await loginAs(stack, (await makeUser(c._id, { roles: ['cashier'] }))._id);
  ok(await stack.invoke('fees', 'saveItem', { name: '物业服务费', kind: 'property', rateFen: 200, cycle: 'monthly', dueDay: 15 }, manager));
  const billing = await countCommands(() => stack.invoke('fees', 'runBilling', { month: '2026-11' }, manager));
  ok(billing.value as Env);
  const oneOff = async (name: string) => (await stack.invoke('fees', 'saveItem', { name, kind: 'one-off', rateFen: 5000, cycle: 'monthly', dueDay: 1 }, manager)) as Env;
  return { c, buildings, units, manager, cashier, oneOff, billing: billing.tally };
}

const balanceOf = async (unitId: unknown) => FeeBalance.findById(unitId).lean();
/** The stored balance is what the unit's account settles to: what is owed, and the due date of the oldest bill not paid. */
async function expectBalanceOfAccount(unitId: unknown, token: string): Promise<UnitAccount> {
  const account = ok<UnitAccount>(await stack.invoke('fees', 'account', { unitId: String(unitId) }, token));
  const open = account.bills.filter((b) => b.status === 'open').map((b) => Date.parse(b.dueDate));
  const b = await balanceOf(unitId);
  expect({ owedFen: b?.owedFen, oldestDue: b?.oldestDue.getTime() }).toEqual({ owedFen: account.owedFen, oldestDue: open.length ? Math.min(...open) : LAST_DATE.getTime() });
  return account;
}
const NOV_DUE = new Date('2026-11-14T16:00:00Z'); // 2026-11-15 00:00 Shanghai

test('When money changes (billing, a one-off charge, a payment, a refund, a bill voided, a deposit given back), then the unit’s stored balance follows its account', async () => {
  const w = await world(2);
  const [a, b] = w.units;
  expect(await balanceOf(a._id)).toMatchObject({ owedFen: 20000, oldestDue: NOV_DUE, unitLabel: a.label, buildingId: a.buildingId });
  await expectBalanceOfAccount(a._id, w.cashier);

  // A one-off charge, due later: owed more, the oldest unpaid bill still November's.
  const cardItem = ok<{ id: string }>(await w.oneOff('门禁卡工本费'));
  ok<OneOffChargeReport>(await stack.invoke('fees', 'chargeOneOff', { requestId: rid(), itemId: cardItem.id, unitIds: [String(a._id)], dueDate: '2026-12-25' }, w.cashier));
  expect(await balanceOf(a._id)).toMatchObject({ owedFen: 25000, oldestDue: NOV_DUE });
  await expectBalanceOfAccount(a._id, w.cashier);

  // Paid November: what is owed is not due yet, so the unit leaves the arrears list.
  const paid = ok<UnitAccount>(await stack.invoke('fees', 'recordPayment', { unitId: String(a._id), amountFen: 20000, method: 'cash', receiptNo: rid() }, w.cashier));
  expect(await balanceOf(a._id)).toMatchObject({ owedFen: 5000, oldestDue: new Date('2026-12-24T16:00:00Z') });
  expect(ok<ArrearsReport>(await stack.invoke('fees', 'arrears', {}, w.manager)).items.map((u) => u.unitId)).toEqual([String(b._id)]);

  // Part of it refunded: November is owed again.
  ok(await stack.invoke('fees', 'refund', { paymentId: paid.payments[0].id, amountFen: 5000, reason: '多收退还' }, w.cashier));
  expect(await balanceOf(a._id)).toMatchObject({ owedFen: 10000, oldestDue: NOV_DUE });
  await expectBalanceOfAccount(a._id, w.cashier);

  // November voided: what was paid towards it pays the charge.
  const nov = (await expectBalanceOfAccount(a._id, w.cashier)).bills.find((x) => x.period === '2026-11')!;
  ok(await stack.invoke('fees', 'cancelBill', { billId: nov.id, reason: '面积登记错误' }, w.manager));
  expect(await balanceOf(a._id)).toMatchObject({ owedFen: 0, oldestDue: LAST_DATE });
  await expectBalanceOfAccount(a._id, w.cashier);

  // A deposit paid, then given back less a deduction: what is kept is a bill, paid by the deposit.
  const depositItem = ok<{ id: string }>(await w.oneOff('装修押金'));
  ok(await stack.invoke('fees', 'chargeOneOff', { requestId: rid(), itemId: depositItem.id, unitIds: [String(b._id)], dueDate: '2026-12-21', amountFen: 300000 }, w.cashier));
  expect(await balanceOf(b._id)).toMatchObject({ owedFen: 320000, oldestDue: NOV_DUE });
  ok(await stack.invoke('fees', 'recordPayment', { unitId: String(b._id), amountFen: 320000, method: 'transfer', receiptNo: rid() }, w.cashier));
  expect(await balanceOf(b._id)).toMatchObject({ owedFen: 0, oldestDue: LAST_DATE });
  const deposit = (await expectBalanceOfAccount(b._id, w.cashier)).bills.find((x) => x.amountFen === 300000)!;
  const manager = { userId: String(new Types.ObjectId()), name: '周经理', roles: ['manager' as const], communityId: String(w.c._id), communityIds: [String(w.c._id)], unitIds: [] };
  await returnDeposit(manager, { billId: deposit.id, deductions: [{ reason: '损坏公共墙面', amountFen: 50000 }], reason: '装修验收通过，退还押金' });
  expect(await balanceOf(b._id)).toMatchObject({ owedFen: 0, oldestDue: LAST_DATE });
  const after = await expectBalanceOfAccount(b._id, w.cashier);
  expect(after.bills.find((x) => x.id === deposit.id)?.status).toBe('returned');

  // A rebuild from the ledger gives the same balances.
  const before = (await FeeBalance.find({ communityId: w.c._id }).sort({ _id: 1 }).lean()).map(({ at: _at, ...rest }) => rest);
  await FeeBalance.deleteMany({ communityId: w.c._id });
  expect(await rebuildBalances(w.c._id)).toBe(2);
  expect((await FeeBalance.find({ communityId: w.c._id }).sort({ _id: 1 }).lean()).map(({ at: _at, ...rest }) => rest)).toEqual(before);
});

/**
 * 45 units: 12 of them also owe a charge due 2026-09-15 (96 days: 90+), 6 paid November, the other 27
 * owe November only (35 days: 31-90).
 */
async function agedWorld() {
  const w = await world(45);
  const old = w.units.slice(0, 12);
  const paid = w.units.slice(12, 18);
  const item = ok<{ id: string }>(await w.oneOff('公共维修分摊'));
  clock = new Date('2026-09-10T02:00:00Z');
  ok(await stack.invoke('fees', 'chargeOneOff', { requestId: rid(), itemId: item.id, unitIds: old.map((u) => String(u._id)), dueDate: '2026-09-15', amountFen: 3000 }, await loginAs(stack, (await makeUser(w.c._id, { roles: ['cashier'] }))._id)));
  clock = new Date('2026-12-20T02:00:00Z');
  for (const u of paid) ok(await stack.invoke('fees', 'recordPayment', { unitId: String(u._id), amountFen: 20000, method: 'cash', receiptNo: rid() }, w.cashier));
  return { ...w, old, paid, owing: w.units.filter((u) => !paid.includes(u)) };
}

const byLabel = <U extends { label: string }>(list: U[]) => [...list].sort((x, y) => x.label.localeCompare(y.label));

test('When the arrears list is read page by page, then the pages do not overlap, cover every unit in arrears oldest first then by label, and the totals count all of them', async () => {
  const w = await agedWorld();
  const pages: ArrearsReport[] = [];
  for (let page = 1; page <= 3; page++) pages.push(ok<ArrearsReport>(await stack.invoke('fees', 'arrears', { page, pageSize: 15 }, w.manager)));
  const seen = pages.flatMap((p) => p.items.map((u) => u.unitId));
  expect(pages.map((p) => p.items.length)).toEqual([15, 15, 9]);
  expect(new Set(seen).size).toBe(39);
  expect(seen).toEqual([...byLabel(w.old), ...byLabel(w.owing.filter((u) => !w.old.includes(u)))].map((u) => String(u._id)));
  expect(pages[0]).toMatchObject({ total: 39, units: 39, totalFen: 12 * 23000 + 27 * 20000, byBucket: { '0-30': { units: 0, fen: 0 }, '31-90': { units: 27, fen: 540000 }, '90+': { units: 12, fen: 276000 } } });
  expect(pages[2].units).toBe(39);
  expect(pages[0].items[0]).toMatchObject({ daysOverdue: 96, bucket: '90+', owedFen: 23000, buildingName: '1栋', unitLabel: byLabel(w.old)[0].label });
  expect(pages[0].byBuilding.map((b) => [b.name, b.units])).toEqual([['1栋', 20], ['2栋', 19]]);

  // A bucket, a building: the page is filtered, the totals are the building's (every bucket).
  const aged = ok<ArrearsReport>(await stack.invoke('fees', 'arrears', { bucket: '90+', pageSize: 50 }, w.manager));
  expect(aged).toMatchObject({ total: 12, units: 39 });
  expect(aged.items.every((u) => u.bucket === '90+')).toBe(true);
  const second = ok<ArrearsReport>(await stack.invoke('fees', 'arrears', { buildingId: String(w.buildings[1]._id), bucket: '31-90', pageSize: 50 }, w.manager));
  expect(second).toMatchObject({ total: 13, units: 19, byBuilding: [{ name: '2栋', units: 19 }] });
  expect(second.items.every((u) => u.buildingName === '2栋' && u.bucket === '31-90')).toBe(true);

  // The review list (90 days by default): the 12 of September, in pages.
  const review = ok<Paged<ArrearsUnit>>(await stack.invoke('fees', 'reviewList', { pageSize: 10 }, w.manager));
  const rest = ok<Paged<ArrearsUnit>>(await stack.invoke('fees', 'reviewList', { page: 2, pageSize: 10 }, w.manager));
  expect([review.total, review.items.length, rest.items.length]).toEqual([12, 10, 2]);
  expect([...review.items, ...rest.items].map((u) => u.unitId)).toEqual(byLabel(w.old).map((u) => String(u._id)));
  expect(await stack.invoke('fees', 'arrears', { pageSize: 101 }, w.manager)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
});

test('When a community has no balances yet (an installation from before them), then its first arrears list rebuilds them from the ledger, the same as kept by each change', async () => {
  const w = await agedWorld();
  const kept = ok<ArrearsReport>(await stack.invoke('fees', 'arrears', { pageSize: 50 }, w.manager));
  const snapshot = (await FeeBalance.find({ communityId: w.c._id }).sort({ _id: 1 }).lean()).map(({ at: _at, ...rest }) => rest);
  expect(snapshot).toHaveLength(45);
  await FeeBalance.deleteMany({ communityId: w.c._id });
  await FeeBalanceBuild.deleteOne({ _id: String(w.c._id) });
  const rebuilt = ok<ArrearsReport>(await stack.invoke('fees', 'arrears', { pageSize: 50 }, w.manager));
  expect(rebuilt).toEqual(kept);
  expect((await FeeBalance.find({ communityId: w.c._id }).sort({ _id: 1 }).lean()).map(({ at: _at, ...rest }) => rest)).toEqual(snapshot);
  expect(await FeeBalanceBuild.findById(String(w.c._id)).lean()).toMatchObject({ units: 45 });
});

test('When the arrears list has 50 or 500 units in arrears, then a page costs the same commands (no read per unit, no whole community in memory)', async () => {
  const counted = async (n: number) => {
    const w = await world(n);
    ok(await stack.invoke('fees', 'arrears', {}, w.manager)); // the community's first list builds its balances
    const { value, tally } = await countCommands(() => stack.invoke('fees', 'arrears', { page: 2, pageSize: 20 }, w.manager));
    const page = ok<ArrearsReport>(value as Env);
    expect([page.units, page.items.length]).toEqual([n, 20]);
    const review = await countCommands(() => stack.invoke('fees', 'reviewList', {}, w.manager));
    return { tally, review: review.tally, billing: w.billing };
  };
  const small = await counted(50);
  const large = await counted(500);
  console.log(`fees.arrears page of 20: 50 units in arrears ${describeTally(small.tally)}; 500 units ${describeTally(large.tally)}; fees.reviewList: ${describeTally(small.review)} / ${describeTally(large.review)}`);
  expect(large.tally.commands).toBe(small.tally.commands);
  expect(large.tally.byName).toEqual(small.tally.byName);
  expect(large.review.commands).toBe(small.review.commands);
  expect(small.tally.commands).toBeLessThanOrEqual(13);
  expect(large.tally.written).toBe(0);
  // The billing run rebuilds the balances of the communities it finished in one pass (units, open bills, payments and
  // refunds read once, one delete, one insert per 5,000): one balance written per unit, the same commands at 50 and 500.
  console.log(`fees.runBilling with balances: 50 units ${describeTally(small.billing)}; 500 units ${describeTally(large.billing)}; written in ${JSON.stringify(large.billing.writtenIn)}`);
  expect(large.billing.writtenIn.fee_balances).toBe(500);
  // (Cursors past their first batch add a getMore: reading more documents, not more queries.)
  const queries = (t: typeof small.billing) => t.commands - (t.byName.getMore ?? 0);
  expect(queries(large.billing)).toBe(queries(small.billing));
}, 120_000);
