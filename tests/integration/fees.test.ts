import { billAmount } from '@shared/domain/fees';
import { setClock } from '../../cloud/lib/clock';
import { Bill, OneOffCharge } from '../../cloud/modules/fees/fee.model';
import { runBillingByHand } from '../../cloud/modules/fees/fee.service';
import { Budget } from '../../cloud/lib/slices';
import type { Caller } from '../../cloud/lib/caller';
import { ParkingSpace } from '../../cloud/modules/community/household.model';
import { User } from '../../cloud/modules/identity/user.model';
import { functions } from '../../cloud/functions';
import { loginAs, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  setClock(() => new Date('2026-11-20T02:00:00Z'));
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

type Env = { ok: boolean; data?: unknown; error?: { code: string; message: string } };
const ok = <T>(r: Env): T => {
  if (!r.ok) throw new Error(`${r.error?.code} ${r.error?.message}`);
  return r.data as T;
};

async function world() {
  const c = await makeCommunity();
  const b = await makeBuilding(c._id, '1栋');
  const lived = await makeUnit(c._id, b._id, { room: '0801', areaM2: 89.5, status: 'occupied' });
  const empty = await makeUnit(c._id, b._id, { room: '0802', areaM2: 120, status: 'vacant' });
  await ParkingSpace.create({ communityId: c._id, code: 'B1-001', kind: 'owned', unitId: lived._id });
  const owner = await makeOwner(c._id, [lived._id], '费用业主');
  const managerUser = await makeUser(c._id, { roles: ['manager'] });
  const manager = await loginAs(stack, managerUser._id);
  const cashier = await loginAs(stack, (await makeUser(c._id, { roles: ['cashier'] }))._id);
  const ownerToken = await loginAs(stack, owner._id);
  const invoke = (action: string, data: unknown, token = manager) => stack.invoke('fees', action as 'items', data as never, token) as Promise<Env>;
  ok(await invoke('saveItem', { name: '物业服务费', kind: 'property', rateFen: 235, cycle: 'monthly', dueDay: 15, vacancyPercent: 50 }));
  ok(await invoke('saveItem', { name: '车位使用费', kind: 'parking', rateFen: 30000, cycle: 'quarterly', dueDay: 10 }));
  return { c, b, lived, empty, invoke, cashier, ownerToken, manager, managerUser };
}

type Account = { owedFen: number; creditFen: number; bills: { id: string; itemName: string; amountFen: number; paidFen: number; dueFen: number; status: string; daysOverdue: number; detail: string }[]; payments: { id: string }[] };

test('When the billing run is repeated for a month, then each unit has one bill per item and period, vacant units at the discount, parking by spaces', async () => {
  const w = await world();
  const first = ok<{ created: number; existing: number; items: number }>(await w.invoke('runBilling', { month: '2026-10' }));
  // October starts a quarter: property for 2 units + parking for the unit with a space.
  expect(first).toMatchObject({ items: 2, created: 3, existing: 0 });
  expect(ok<{ created: number; existing: number }>(await w.invoke('runBilling', { month: '2026-10' }))).toMatchObject({ created: 0, existing: 3 });
  const lived = ok<Account>(await w.invoke('account', { unitId: String(w.lived._id) }));
  expect(lived.bills.map((b) => [b.itemName, b.amountFen]).sort()).toEqual([
    ['物业服务费', 21033],
    ['车位使用费', 90000],
  ]);
  expect(lived.bills.find((b) => b.itemName === '物业服务费')!.detail).toBe('2.35元/㎡/月 × 89.50㎡ × 1个月');
  const empty = ok<Account>(await w.invoke('account', { unitId: String(w.empty._id) }));
  expect(empty.bills).toHaveLength(1);
  expect(empty.bills[0].amountFen).toBe(billAmount({ kind: 'property', rateFen: 235, areaM2: 120, months: 1, vacancyPercent: 50 }));
  // November is not a quarter start: only the monthly property fee.
  expect(ok<{ created: number }>(await w.invoke('runBilling', { month: '2026-11' })).created).toBe(2);
  expect(await Bill.countDocuments({ communityId: w.c._id })).toBe(5);
});

test('When the cashier records a partial payment, then the oldest bill is paid first; paying more leaves credit that pays the next bill when it is issued', async () => {
  const w = await world();
  ok(await w.invoke('runBilling', { month: '2026-10' }));
  const unitId = String(w.lived._id);
  let acc = ok<Account>(await w.invoke('recordPayment', { unitId, amountFen: 50000, method: 'cash', receiptNo: `R-${Date.now()}-1` }, w.cashier));
  // Both October bills are due the same month: property (15th) after parking (10th) → parking first.
  expect(acc.owedFen).toBe(21033 + 90000 - 50000);
  acc = ok<Account>(await w.invoke('recordPayment', { unitId, amountFen: 100000, method: 'transfer', receiptNo: `R-${Date.now()}-2` }, w.cashier));
  expect(acc.owedFen).toBe(0);
  expect(acc.creditFen).toBe(150000 - 111033);
  ok(await w.invoke('runBilling', { month: '2026-11' }));
  acc = ok<Account>(await w.invoke('account', { unitId }));
  expect(acc.bills.filter((b) => b.status === 'paid')).toHaveLength(3);
  expect(acc.creditFen).toBe(150000 - 111033 - 21033);
  // The owner sees the same account.
  const mine = ok<Account[]>(await w.invoke('myAccounts', {}, w.ownerToken));
  expect(mine[0].creditFen).toBe(acc.creditFen);
});

test('When input is bad, then negative or fractional amounts are 400, a duplicate receipt and a payment on a voided bill are 409, and nothing is written', async () => {
  const w = await world();
  ok(await w.invoke('runBilling', { month: '2026-11' }));
  const unitId = String(w.lived._id);
  for (const amountFen of [-100, 10.5, 0]) expect(await w.invoke('recordPayment', { unitId, amountFen, method: 'cash', receiptNo: 'R-bad-1' }, w.cashier)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  ok(await w.invoke('recordPayment', { unitId, amountFen: 100, method: 'cash', receiptNo: 'R-dup-1' }, w.cashier));
  expect(await w.invoke('recordPayment', { unitId, amountFen: 100, method: 'cash', receiptNo: 'R-dup-1' }, w.cashier)).toMatchObject({ ok: false, error: { code: 'FEE.DUPLICATE_RECEIPT' } });
  const bill = ok<Account>(await w.invoke('account', { unitId })).bills[0];
  ok(await w.invoke('cancelBill', { billId: bill.id, reason: '重复计费' }));
  expect(await w.invoke('recordPayment', { unitId, amountFen: 100, method: 'cash', receiptNo: 'R-void-1', billId: bill.id }, w.cashier)).toMatchObject({ ok: false, error: { code: 'FEE.BILL_CANCELLED' } });
  const acc = ok<Account>(await w.invoke('account', { unitId }));
  expect(acc.payments).toHaveLength(1);
  // The voided bill's share went to credit.
  expect(acc.creditFen).toBe(100);
});

test('When a payment is refunded, then the bills it paid are owed again, and more than the payment cannot be refunded', async () => {
  const w = await world();
  ok(await w.invoke('runBilling', { month: '2026-11' }));
  const unitId = String(w.lived._id);
  const paid = ok<Account>(await w.invoke('recordPayment', { unitId, amountFen: 21033, method: 'pos', receiptNo: `R-${Date.now()}-r` }, w.cashier));
  expect(paid.owedFen).toBe(0);
  const paymentId = paid.payments[0].id;
  expect(await w.invoke('refund', { paymentId, amountFen: 30000, reason: '多收' }, w.cashier)).toMatchObject({ ok: false, error: { code: 'FEE.REFUND_TOO_LARGE' } });
  const after = ok<Account>(await w.invoke('refund', { paymentId, amountFen: 10000, reason: '业主申请退还部分' }, w.cashier));
  expect(after.owedFen).toBe(10000);
  expect(await w.invoke('refund', { paymentId, amountFen: 11034, reason: '再退' }, w.cashier)).toMatchObject({ ok: false, error: { code: 'FEE.REFUND_TOO_LARGE' } });
});

test('When the bill is past its due date and unpaid, then the account shows the days overdue', async () => {
  const w = await world();
  ok(await w.invoke('runBilling', { month: '2026-10' }));
  const acc = ok<Account>(await w.invoke('account', { unitId: String(w.lived._id) }));
  // Due 2026-10-15 00:00 Shanghai; the clock is 2026-11-20 10:00 Shanghai → 36 days.
  expect(acc.bills.find((b) => b.itemName === '物业服务费')!.daysOverdue).toBe(36);
});

test('When a manager bills a month other than this one or the last, then 400 VALIDATION names the month, by fees.runBilling and by jobs.billFees, and nothing is billed', async () => {
  const w = await world();
  // The clock: 2026-11-20 in Shanghai.
  for (const month of ['2001-01', '2026-09', '2026-12', '2027-11']) {
    const want = { ok: false, error: { code: 'VALIDATION', message: '只能为本月（2026-11）或上月（2026-10）出账', details: { issues: [{ path: 'month', message: '只能为本月（2026-11）或上月（2026-10）出账' }] } } };
    expect(await w.invoke('runBilling', { month })).toMatchObject(want);
    expect(await stack.invoke('jobs', 'billFees', { month }, w.manager)).toMatchObject(want);
  }
  expect(await Bill.countDocuments({ communityId: w.c._id })).toBe(0);
  expect(ok<{ period: string }>(await stack.invoke('jobs', 'billFees', { month: '2026-10' }, w.manager))).toMatchObject({ period: '2026-10' });
  expect(ok<{ period: string }>(await w.invoke('runBilling', {}))).toMatchObject({ period: '2026-11' });
});

test('When a manager runs the billing job by hand, then only the communities they manage are billed; the timer bills every community', async () => {
  const a = await world();
  const c = await world();
  const b = await world();
  // The manager of A manages C too.
  await User.updateOne({ _id: a.managerUser._id }, { $set: { communityIds: [a.c._id, c.c._id] } });
  const billsOf = (w: { c: { _id: unknown } }) => Bill.countDocuments({ communityId: w.c._id });

  expect(ok<{ created: number }>(await stack.invoke('jobs', 'billFees', {}, a.manager))).toMatchObject({ created: 4 });

  expect([await billsOf(a), await billsOf(c), await billsOf(b)]).toEqual([2, 2, 0]);
  // A CloudBase timer trigger: every community.
  expect(await functions.jobs({ Type: 'Timer', TriggerName: 'billFees' }, {})).toMatchObject({ ok: true });
  expect([await billsOf(a), await billsOf(c), await billsOf(b)]).toEqual([2, 2, 2]);
});

// ---- One-off charges (一次性收费) ----

type ChargeReport = { chargeId: string; itemName: string; amountFen: number; dueDate: string; note?: string; units: number; created: number; skipped: number; replayed: boolean };

async function oneOffItem(w: Awaited<ReturnType<typeof world>>, data: Record<string, unknown> = {}): Promise<string> {
  return ok<{ id: string }>(await w.invoke('saveItem', { name: '门禁卡工本费', kind: 'one-off', rateFen: 5000, ...data })).id;
}

test('When a cashier charges a one-off item and the same request is sent again, then each unit is billed once; a new request charges again on purpose', async () => {
  const w = await world();
  const itemId = await oneOffItem(w);
  const unitIds = [String(w.lived._id), String(w.empty._id)];
  const input = { requestId: 'charge-card-0001', itemId, unitIds, dueDate: '2026-11-30', note: '补办门禁卡' };
  // Twins at once (a double tap), then a retry: one charge, two bills.
  const [first, twin] = (await Promise.all([w.invoke('chargeOneOff', input, w.cashier), w.invoke('chargeOneOff', input, w.cashier)])).map((r) => ok<ChargeReport>(r));
  expect(twin.chargeId).toBe(first.chargeId);
  const retry = ok<ChargeReport>(await w.invoke('chargeOneOff', input, w.cashier));
  expect([first, twin, retry].map((r) => [r.created, r.skipped]).sort()).toEqual([
    [0, 2],
    [0, 2],
    [2, 0],
  ]);
  expect(retry).toMatchObject({ chargeId: first.chargeId, itemName: '门禁卡工本费', amountFen: 5000, units: 2, replayed: true, note: '补办门禁卡', dueDate: new Date('2026-11-29T16:00:00Z').toISOString() });
  expect(await OneOffCharge.countDocuments({ communityId: w.c._id })).toBe(1);
  expect(await Bill.countDocuments({ communityId: w.c._id, kind: 'one-off' })).toBe(2);
  // A first try that stopped after the charge and one bill: the retry makes the missing bill only.
  await Bill.deleteOne({ chargeId: first.chargeId, unitId: w.empty._id });
  expect(ok<ChargeReport>(await w.invoke('chargeOneOff', input, w.cashier))).toMatchObject({ created: 1, skipped: 1, replayed: true });
  expect(await Bill.countDocuments({ communityId: w.c._id, kind: 'one-off' })).toBe(2);

  // The same item to the same unit again, on purpose (a new request), at another amount.
  const again = ok<ChargeReport>(await w.invoke('chargeOneOff', { requestId: 'charge-card-0002', itemId, unitIds: [String(w.lived._id)], dueDate: '2026-11-20', amountFen: 8000 }, w.manager));
  expect(again).toMatchObject({ units: 1, created: 1, skipped: 0, replayed: false, amountFen: 8000 });
  const acc = ok<Account>(await w.invoke('account', { unitId: String(w.lived._id) }, w.cashier));
  expect(acc.bills.map((b) => [b.itemName, b.amountFen, b.status, b.detail]).sort()).toEqual([
    ['门禁卡工本费', 5000, 'open', '50.00元/次 × 1次 · 补办门禁卡'],
    ['门禁卡工本费', 8000, 'open', '80.00元/次 × 1次（本次另定金额）'],
  ]);
  expect(acc.owedFen).toBe(13000);
  // Through the ledger like any bill: the owner sees them, the cashier's payment pays the oldest first.
  const mine = ok<Account[]>(await w.invoke('myAccounts', {}, w.ownerToken));
  expect(mine[0].owedFen).toBe(13000);
  const paid = ok<Account>(await w.invoke('recordPayment', { unitId: String(w.lived._id), amountFen: 8000, method: 'cash', receiptNo: `R-${Date.now()}-c` }, w.cashier));
  expect(paid.bills.find((b) => b.amountFen === 8000)).toMatchObject({ status: 'paid', dueDate: new Date('2026-11-19T16:00:00Z').toISOString() });
  expect(paid.owedFen).toBe(5000);
});

test('When a whole building is charged, then every unit of that building is billed and no other', async () => {
  const w = await world();
  const itemId = await oneOffItem(w, { name: '装修押金', rateFen: 200000 });
  const other = await makeBuilding(w.c._id, '2栋');
  const elsewhere = await makeUnit(w.c._id, other._id, { room: '0101' });
  const res = ok<ChargeReport>(await w.invoke('chargeOneOff', { requestId: 'charge-building-01', itemId, buildingId: String(w.b._id), dueDate: '2026-12-01', note: '2026年冬季装修' }, w.manager));
  expect(res).toMatchObject({ units: 2, created: 2, skipped: 0 });
  const billed = await Bill.find({ chargeId: res.chargeId }).lean();
  expect(billed.map((b) => String(b.unitId)).sort()).toEqual([String(w.lived._id), String(w.empty._id)].sort());
  expect(billed.every((b) => b.amountFen === 200000 && b.period === '2026-12' && String(b.buildingId) === String(w.b._id))).toBe(true);
  expect(await Bill.countDocuments({ unitId: elsewhere._id })).toBe(0);
  // A unit chosen and its building named: billed once.
  const both = ok<ChargeReport>(await w.invoke('chargeOneOff', { requestId: 'charge-building-02', itemId, buildingId: String(other._id), unitIds: [String(elsewhere._id)], dueDate: '2026-12-01' }, w.manager));
  expect(both).toMatchObject({ units: 1, created: 1 });
});

test('When a one-off charge is wrong, then a recurring or switched-off item is 409 with its code, another community’s unit 404, a past day or no units 400, staff without the role 403, and nothing is written', async () => {
  const w = await world();
  const itemId = await oneOffItem(w);
  const property = ok<{ id: string; name: string }[]>(await w.invoke('items', {})).find((i) => i.name === '物业服务费')!;
  const unitId = String(w.lived._id);
  const base = { itemId, unitIds: [unitId], dueDate: '2026-11-30' };
  let n = 0;
  const charge = (data: Record<string, unknown>, token = w.cashier) => w.invoke('chargeOneOff', { requestId: `charge-bad-${n++}-x`, ...base, ...data }, token);

  expect(await charge({ itemId: property.id })).toMatchObject({ ok: false, error: { code: 'FEE.NOT_ONE_OFF', message: expect.stringContaining('物业服务费') } });
  const off = await oneOffItem(w, { name: '旧工本费', active: false });
  expect(await charge({ itemId: off })).toMatchObject({ ok: false, error: { code: 'FEE.ITEM_INACTIVE' } });
  const elsewhere = await world();
  expect(await charge({ unitIds: [unitId, String(elsewhere.lived._id)] })).toMatchObject({ ok: false, error: { code: 'UNIT.NOT_FOUND' } });
  expect(await charge({ unitIds: undefined, buildingId: String(elsewhere.b._id) })).toMatchObject({ ok: false, error: { code: 'BUILDING.NOT_FOUND' } });
  expect(await charge({ itemId: await oneOffItem(elsewhere) })).toMatchObject({ ok: false, error: { code: 'FEE_ITEM.NOT_FOUND' } });
  expect(await charge({ dueDate: '2026-11-19' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'dueDate', message: '缴费截止日期不能早于今天' }] } } });
  expect(await charge({ dueDate: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  expect(await charge({ unitIds: undefined })).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'unitIds', message: '请选择房屋或楼栋' }] } } });
  for (const amountFen of [0, -100, 12.5]) expect(await charge({ amountFen })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  expect(await charge({}, w.ownerToken)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  const agent = await loginAs(stack, (await makeUser(w.c._id, { roles: ['agent'] }))._id);
  expect(await charge({}, agent)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  expect(await OneOffCharge.countDocuments({ communityId: w.c._id })).toBe(0);
  expect(await Bill.countDocuments({ communityId: w.c._id })).toBe(0);
});

test('When the billing run has a small budget, then it stops with more work left, the next runs continue at the cursor, and every unit is billed once', async () => {
  const w = await world();
  for (let i = 0; i < 23; i++) await makeUnit(w.c._id, w.b._id, { room: String(1001 + i), areaM2: 80, status: 'occupied' });
  const caller: Caller = { userId: String(w.managerUser._id), name: '主管', roles: ['manager'], communityId: String(w.c._id), communityIds: [String(w.c._id)], unitIds: [] };
  // 25 units; in November only the monthly property fee is due (the quarterly parking fee in Oct/Jan): 25 bills.
  const first = await runBillingByHand(caller, '2026-11', { budget: Budget.of({ limits: { items: 8 } }) });
  expect(first).toMatchObject({ more: true, created: 8 });
  let created = first.created;
  for (let more = true, runs = 0; more; runs++) {
    if (runs > 10) throw new Error('does not finish');
    const r = await runBillingByHand(caller, '2026-11', { budget: Budget.of({ limits: { items: 8 } }) });
    created += r.created;
    more = r.more;
  }
  expect(created).toBe(25);
  expect(await Bill.countDocuments({ communityId: w.c._id, period: '2026-11' })).toBe(25);
  // A run by hand again: a fresh pass, everything exists.
  expect(await runBillingByHand(caller, '2026-11')).toMatchObject({ created: 0, existing: 25, more: false });
});
