import type { InvoiceRequestView, ReceiptFile, ReceiptView, UnitAccount } from '@shared/contracts/fees.contract';
import type { Paged } from '@shared/contracts/contract';
import type { MessageView } from '@shared/contracts/messaging.contract';
import { routes } from '@shared/routes';
import { setClock } from '../../cloud/lib/clock';
import { templateByKey } from '../../cloud/lib/wechat/templates';
import { deliverOutbox } from '../../cloud/modules/messaging/delivery.job';
import { Payment } from '../../cloud/modules/fees/fee.model';
import { InvoiceRequest } from '../../cloud/modules/fees/invoice.model';
import { linkWechat, makeBuilding, makeCommunity, makeOwner, makeUnit, makeUser } from '../helpers/factories';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Receipts (电子收据) of every ledger payment and invoice requests (发票申请), payments.md "Receipts
 * and invoices": against the real stack (gateway pipeline, FerretDB, the fake WeChat server).
 */
let stack: Stack;
let clock = new Date('2026-11-20T02:00:00Z'); // 10:00 in Shanghai: messages go out at once
beforeAll(async () => {
  stack = await startStack();
  setClock(() => clock);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

type Env = { ok: boolean; data?: unknown; error?: { code: string; message: string; details?: { issues?: { path: string; message: string }[] } } };
const ok = <T>(r: Env): T => {
  if (!r.ok) throw new Error(`${r.error?.code} ${r.error?.message}`);
  return r.data as T;
};
const codeOf = (r: Env) => (r.ok ? 'ok' : r.error?.code);
let seq = 0;
const rid = () => `inv-test-${++seq}-${Date.now()}`;
const later = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));

/**
 * 幸福里-style community: unit 0801 (89.5 ㎡, 物业服务费 2.35 元/㎡/月 billed for October and November:
 * 210.33 元 each) of 费用业主, a neighbour's unit 0802 with a payment of its own, the staff; and a
 * second community with a unit and a payment.
 */
async function world() {
  const c = await makeCommunity({ name: `收据小区${++seq}` });
  const b = await makeBuilding(c._id, '1栋');
  const unit = await makeUnit(c._id, b._id, { room: '0801', areaM2: 89.5 });
  const neighbourUnit = await makeUnit(c._id, b._id, { room: '0802', areaM2: 89.5 });
  const owner = await makeOwner(c._id, [unit._id], '费用业主');
  await makeOwner(c._id, [neighbourUnit._id], '隔壁业主');
  const ownerOpenid = await linkWechat(owner._id);
  const ownerToken = await stack.login(stack.wechat.mintCode(ownerOpenid));
  const login = async (roles: ('manager' | 'cashier' | 'agent' | 'technician')[], name: string) => {
    const u = await makeUser(c._id, { roles, name });
    return stack.login(stack.wechat.mintCode(await linkWechat(u._id)));
  };
  const manager = await login(['manager'], '王主管');
  const cashier = await login(['cashier'], '赵收费');
  const agent = await login(['agent'], '李客服');
  const technician = await login(['technician'], '刘师傅');
  ok(await stack.invoke('fees', 'saveItem', { name: '物业服务费', kind: 'property', rateFen: 235, cycle: 'monthly', dueDay: 15 }, manager));
  ok(await stack.invoke('fees', 'runBilling', { month: '2026-10' }, manager));
  ok(await stack.invoke('fees', 'runBilling', { month: '2026-11' }, manager));
  const pay = async (unitId: unknown, amountFen: number, method: 'cash' | 'transfer' | 'pos', note?: string) => {
    later(5);
    const receiptNo = `SJ${seq}-${Date.now() % 1e6}-${amountFen}`;
    const account = ok<UnitAccount>(await stack.invoke('fees', 'recordPayment', { unitId: String(unitId), amountFen, method, receiptNo, ...(note ? { note } : {}) }, cashier));
    return { id: account.payments.find((p) => p.receiptNo === receiptNo)!.id, receiptNo };
  };
  const neighbourPayment = await pay(neighbourUnit._id, 10000, 'pos');

  const other = await makeCommunity({ name: `别的小区${seq}` });
  const otherUnit = await makeUnit(other._id, (await makeBuilding(other._id, '9栋'))._id, { room: '0101' });
  const otherCashierUser = await makeUser(other._id, { roles: ['cashier', 'manager'], name: '别区收费' });
  const otherCashier = await stack.login(stack.wechat.mintCode(await linkWechat(otherCashierUser._id)));
  later(1);
  const otherAccount = ok<UnitAccount>(await stack.invoke('fees', 'recordPayment', { unitId: String(otherUnit._id), amountFen: 5000, method: 'cash', receiptNo: `OTHER-${seq}` }, otherCashier));

  const unitId = String(unit._id);
  const receipt = (paymentId: string, token = ownerToken, forUnit = unitId) => stack.invoke('fees', 'receipt', { unitId: forUnit, paymentId }, token) as Promise<Env>;
  const ask = (paymentId: string, data: Record<string, unknown> = {}, token = ownerToken) =>
    stack.invoke('fees', 'requestInvoice', { unitId, paymentId, requestId: rid(), titleType: 'company', title: '杭州某某科技有限公司', taxNo: '91440300708461136T', ...data } as never, token) as Promise<Env>;
  return { c, unit, unitId, owner, ownerOpenid, ownerToken, manager, cashier, agent, technician, pay, neighbourUnit, neighbourPayment, otherUnit, otherPaymentId: otherAccount.payments[0].id, otherCashier, receipt, ask };
}

test('When the owner opens the receipt of a cash payment, then it shows payee, payer, method, the amount in capitals and the bills it settled, oldest first; staff see the same receipt', async () => {
  const w = await world();
  const p = await w.pay(w.unit._id, 30000, 'cash', '现金缴纳');
  const r = ok<ReceiptView>(await w.receipt(p.id));
  expect(r).toMatchObject({
    paymentId: p.id,
    unitId: w.unitId,
    title: '收款收据',
    receiptNo: p.receiptNo,
    communityName: w.c.name,
    payee: `${w.c.name}物业服务中心`,
    payer: '费用业主',
    method: 'cash',
    amountFen: 30000,
    amountCapitals: '叁佰元整',
    cashierName: '赵收费',
    note: '现金缴纳',
    creditFen: 0,
    refunds: [],
    refundedFen: 0,
  });
  expect(r.unitLabel).toContain('0801');
  // October first (the older bill), then what is left on November.
  expect(r.lines.map((l) => [l.itemName, l.periodLabel, l.billFen, l.appliedFen])).toEqual([
    ['物业服务费', '2026年10月', 21033, 21033],
    ['物业服务费', '2026年11月', 21033, 8967],
  ]);
  expect(r.invoice).toBeUndefined();
  for (const staff of [w.cashier, w.agent, w.manager]) expect(ok<ReceiptView>(await w.receipt(p.id, staff))).toEqual(r);
  expect(codeOf(await w.receipt(p.id, w.technician))).toBe('AUTH.FORBIDDEN');
});

test('When the payment was made with WeChat Pay, then its receipt names the owner who paid and leaves out the order note', async () => {
  const w = await world();
  later(5);
  // As recordWechatPayment stores it: the payer of record is the owner, the cashier of record 微信支付.
  const p = await Payment.create({ communityId: w.c._id, unitId: w.unit._id, receiptKey: `${String(w.c._id)}:WX4200000001${seq}`, receiptNo: `WX4200000001${seq}`, method: 'wechat', amountFen: 21033, note: '微信支付订单 0123456789abcdef01234567', cashierId: w.owner._id, cashierName: '微信支付', at: clock });
  const r = ok<ReceiptView>(await w.receipt(String(p._id)));
  expect(r).toMatchObject({ receiptNo: `WX4200000001${seq}`, method: 'wechat', payer: '费用业主', cashierName: '微信支付', amountCapitals: '贰佰壹拾元叁角叁分' });
  expect(r.note).toBeUndefined();
  expect(r.lines.map((l) => [l.periodLabel, l.appliedFen])).toEqual([['2026年10月', 21033]]);
});

test('When a later payment is partly refunded, then its receipt shows the bill it finished, the credit left as 预存 and the refund against it, as the account does', async () => {
  const w = await world();
  await w.pay(w.unit._id, 30000, 'cash');
  const p = await w.pay(w.unit._id, 50000, 'transfer');
  later(60);
  ok(await stack.invoke('fees', 'refund', { paymentId: p.id, amountFen: 20000, reason: '多缴退回' }, w.cashier));
  const r = ok<ReceiptView>(await w.receipt(p.id));
  expect(r.amountFen).toBe(50000);
  expect(r.amountCapitals).toBe('伍佰元整');
  expect(r.lines.map((l) => [l.periodLabel, l.appliedFen])).toEqual([['2026年11月', 21033 - 8967]]);
  expect(r.creditFen).toBe(50000 - 20000 - 12066);
  expect(r.refunds).toEqual([{ amountFen: 20000, reason: '多缴退回', at: clock.toISOString(), byName: '赵收费' }]);
  expect(r.refundedFen).toBe(20000);
  const account = ok<UnitAccount[]>(await stack.invoke('fees', 'myAccounts', {}, w.ownerToken))[0];
  expect(account.creditFen).toBe(r.creditFen);
  // The payment rows carry their unit: they link to the receipt page.
  expect(account.payments.map((x) => x.unitId)).toEqual([w.unitId, w.unitId]);
});

test('When someone asks for the receipt of another unit’s or another community’s payment, then the answer is 404', async () => {
  const w = await world();
  const mine = await w.pay(w.unit._id, 1000, 'cash');
  // The owner: a neighbour's payment under my unit, or the neighbour's unit.
  const res = await w.receipt(w.neighbourPayment.id);
  expect(codeOf(res)).toBe('PAYMENT.NOT_FOUND');
  expect(codeOf(await w.receipt(w.neighbourPayment.id, w.ownerToken, String(w.neighbourUnit._id)))).toBe('UNIT.NOT_FOUND');
  // Staff may see the neighbour's receipt under its unit, not under another unit.
  expect(codeOf(await w.receipt(w.neighbourPayment.id, w.cashier, String(w.neighbourUnit._id)))).toBe('ok');
  expect(codeOf(await w.receipt(w.neighbourPayment.id, w.cashier))).toBe('PAYMENT.NOT_FOUND');
  // Another community's payment and unit.
  expect(codeOf(await w.receipt(w.otherPaymentId, w.cashier))).toBe('PAYMENT.NOT_FOUND');
  expect(codeOf(await w.receipt(w.otherPaymentId, w.cashier, String(w.otherUnit._id)))).toBe('UNIT.NOT_FOUND');
  expect(codeOf(await w.receipt(mine.id, w.otherCashier))).toBe('UNIT.NOT_FOUND');
  expect(codeOf(await stack.invoke('fees', 'receiptPdf', { unitId: w.unitId, paymentId: w.neighbourPayment.id }, w.ownerToken))).toBe('PAYMENT.NOT_FOUND');
  // Over HTTP: a 404 like a missing record.
  const http = await stack.http('fees', { action: 'receipt', data: { unitId: w.unitId, paymentId: w.otherPaymentId } }, { token: w.ownerToken });
  expect(http.status).toBe(404);
});

/**
 * A value of the PDF's document information, decoded: pdfkit writes `/Title 13 0 R` and the string as
 * object 13, a literal `(…)` — non-ASCII text as UTF-16BE with a BOM.
 */
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

test('When the receipt is printed, then it is a one-page A4 PDF titled with the receipt number, named after it, for the owner and the staff', async () => {
  const w = await world();
  const p = await w.pay(w.unit._id, 123456, 'pos');
  const file = ok<ReceiptFile>(await stack.invoke('fees', 'receiptPdf', { unitId: w.unitId, paymentId: p.id }, w.ownerToken));
  expect(file.mime).toBe('application/pdf');
  expect(file.fileName).toBe(`收款收据-${p.receiptNo}-20261120.pdf`);
  expect(file.receipt.amountCapitals).toBe('壹仟贰佰叁拾肆元伍角陆分');
  const pdf = Buffer.from(file.contentBase64, 'base64');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdfInfo(pdf, 'Title')).toBe(`收款收据 ${p.receiptNo}`);
  expect(pdfInfo(pdf, 'Author')).toBe(`${w.c.name}物业服务中心`);
  expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
  expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
  const staffFile = ok<ReceiptFile>(await stack.invoke('fees', 'receiptPdf', { unitId: w.unitId, paymentId: p.id }, w.cashier));
  expect(pdfInfo(Buffer.from(staffFile.contentBase64, 'base64'), 'Title')).toBe(`收款收据 ${p.receiptNo}`);
});

test('When an invoice request has a bad tax number or none for a 单位, then it is VALIDATION naming the taxNo field and nothing is stored', async () => {
  const w = await world();
  const p = await w.pay(w.unit._id, 30000, 'cash');
  const bad = await w.ask(p.id, { taxNo: '91440300708461136X' });
  expect(codeOf(bad)).toBe('VALIDATION');
  expect(bad.error?.details?.issues).toEqual([{ path: 'taxNo', message: '统一社会信用代码的校验位不对，请核对后重新填写' }]);
  const none = await w.ask(p.id, { taxNo: undefined });
  expect(none.error?.details?.issues).toEqual([{ path: 'taxNo', message: '单位抬头须填写税号' }]);
  const email = await w.ask(p.id, { email: 'x@' });
  expect(email.error?.details?.issues?.map((i) => i.path)).toEqual(['email']);
  expect(await InvoiceRequest.countDocuments({ communityId: w.c._id })).toBe(0);
  // Someone else's payment, another's unit, staff asking: refused.
  expect(codeOf(await w.ask(w.neighbourPayment.id))).toBe('PAYMENT.NOT_FOUND');
  expect(codeOf(await stack.invoke('fees', 'requestInvoice', { unitId: String(w.neighbourUnit._id), paymentId: w.neighbourPayment.id, requestId: rid(), titleType: 'personal', title: '隔壁业主' }, w.ownerToken))).toBe('UNIT.NOT_FOUND');
  expect(codeOf(await w.ask(p.id, {}, w.cashier))).toBe('AUTH.FORBIDDEN');
});

test('When the owner asks for an invoice, then the request is recorded once: the same request again answers it, a second request is 409, a payment refunded in full is 409', async () => {
  const w = await world();
  const p = await w.pay(w.unit._id, 30000, 'cash');
  const requestId = rid();
  const first = ok<InvoiceRequestView>(await w.ask(p.id, { requestId, email: 'caiwu@example.com', note: '请开增值税普通发票' }));
  expect(first).toMatchObject({ paymentId: p.id, receiptNo: p.receiptNo, amountFen: 30000, titleType: 'company', title: '杭州某某科技有限公司', taxNo: '91440300708461136T', email: 'caiwu@example.com', status: 'requested', requesterName: '费用业主' });
  expect(ok<InvoiceRequestView>(await w.ask(p.id, { requestId }))).toEqual(first);
  const second = await w.ask(p.id, { titleType: 'personal', title: '费用业主', taxNo: undefined });
  expect(codeOf(second)).toBe('INVOICE.ALREADY_REQUESTED');
  expect(await InvoiceRequest.countDocuments({ paymentId: first.paymentId })).toBe(1);
  expect(ok<ReceiptView>(await w.receipt(p.id)).invoice).toEqual(first);
  // Two different requests at the same moment: one is recorded, the other is refused.
  const q = await w.pay(w.unit._id, 20000, 'cash');
  const raced = await Promise.all([w.ask(q.id), w.ask(q.id), w.ask(q.id, { titleType: 'personal', title: '费用业主', taxNo: undefined })]);
  expect(raced.map(codeOf).sort()).toEqual(['INVOICE.ALREADY_REQUESTED', 'INVOICE.ALREADY_REQUESTED', 'ok']);
  // Refunded in full: nothing to invoice.
  const r = await w.pay(w.unit._id, 5000, 'cash');
  ok(await stack.invoke('fees', 'refund', { paymentId: r.id, amountFen: 5000, reason: '误收退回' }, w.cashier));
  expect(codeOf(await w.ask(r.id))).toBe('INVOICE.NOTHING_TO_INVOICE');
});

test('When the cashier issues the invoice, then the owner’s receipt shows 已开具 with the number and the owner is told; the decision is made once', async () => {
  const w = await world();
  ok(await stack.invoke('messaging', 'reportSubscription', { results: [{ templateId: templateByKey('fee.invoice')!.templateId, result: 'accept' }] }, w.ownerToken));
  const p = await w.pay(w.unit._id, 30000, 'cash');
  const req = ok<InvoiceRequestView>(await w.ask(p.id, { email: 'caiwu@example.com' }));
  const list = ok<Paged<InvoiceRequestView>>(await stack.invoke('fees', 'invoiceRequests', { status: 'open' }, w.cashier));
  expect(list.items.map((i) => [i.id, i.title, i.taxNo, i.amountFen, i.unitLabel.includes('0801'), i.receiptNo])).toEqual([[req.id, '杭州某某科技有限公司', '91440300708461136T', 30000, true, p.receiptNo]]);
  expect(list.total).toBe(1);
  later(30);
  const issued = ok<InvoiceRequestView>(await stack.invoke('fees', 'invoiceIssued', { invoiceRequestId: req.id, invoiceNo: '26332000000123456789' }, w.cashier));
  expect(issued).toMatchObject({ status: 'issued', invoiceNo: '26332000000123456789', decidedByName: '赵收费', decidedAt: clock.toISOString() });
  // The same number again: the same answer; another number or sending it back: refused, naming the states.
  later(1);
  expect(ok<InvoiceRequestView>(await stack.invoke('fees', 'invoiceIssued', { invoiceRequestId: req.id, invoiceNo: '26332000000123456789' }, w.cashier))).toEqual(issued);
  const again = (await stack.invoke('fees', 'invoiceIssued', { invoiceRequestId: req.id, invoiceNo: '26332000000999999999' }, w.cashier)) as Env;
  expect(codeOf(again)).toBe('INVOICE.INVALID_TRANSITION');
  expect(again.error?.message).toContain('已开具');
  expect(codeOf(await stack.invoke('fees', 'invoiceRejected', { invoiceRequestId: req.id, reason: '税号有误' }, w.cashier))).toBe('INVOICE.INVALID_TRANSITION');

  const receipt = ok<ReceiptView>(await w.receipt(p.id));
  expect(receipt.invoice).toMatchObject({ status: 'issued', invoiceNo: '26332000000123456789' });
  // An issued invoice is not asked for again.
  const more = (await w.ask(p.id)) as Env;
  expect(codeOf(more)).toBe('INVOICE.ALREADY_REQUESTED');
  expect(more.error?.message).toContain('26332000000123456789');

  // The owner is told once: in 我的消息 (opening the receipt) and in WeChat.
  const messages = ok<Paged<MessageView>>(await stack.invoke('messaging', 'myMessages', {}, w.ownerToken)).items.filter((m) => m.title === '开票结果通知');
  expect(messages).toHaveLength(1);
  expect(messages[0].lines).toEqual(expect.arrayContaining([{ label: '开票结果', value: '已开具' }, { label: '发票号码', value: '26332000000123456789' }, { label: '开票金额', value: '300.00元' }]));
  expect(messages[0].link).toBe(routes.owner.receipt({ unitId: w.unitId, paymentId: p.id }));
  await deliverOutbox({ ratePerSecond: 1000 });
  expect(stack.wechat.messages().filter((m) => m.touser === w.ownerOpenid && m.templateId === templateByKey('fee.invoice')!.templateId)).toHaveLength(1);

  // Other communities' cashiers reach nothing of it.
  expect(codeOf(await stack.invoke('fees', 'invoiceIssued', { invoiceRequestId: req.id, invoiceNo: '26332000000123456789' }, w.otherCashier))).toBe('INVOICE.NOT_FOUND');
  expect(ok<Paged<InvoiceRequestView>>(await stack.invoke('fees', 'invoiceRequests', {}, w.otherCashier)).items.map((i) => i.id)).not.toContain(req.id);
});

test('When the cashier sends a request back with a reason, then the owner sees it and is told, may ask again, and the list shows open requests first', async () => {
  const w = await world();
  const p = await w.pay(w.unit._id, 30000, 'cash');
  const q = await w.pay(w.unit._id, 20000, 'cash');
  const first = ok<InvoiceRequestView>(await w.ask(p.id));
  later(10);
  const rejected = ok<InvoiceRequestView>(await stack.invoke('fees', 'invoiceRejected', { invoiceRequestId: first.id, reason: '抬头与税号不一致，请核对' }, w.cashier));
  expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '抬头与税号不一致，请核对', decidedByName: '赵收费' });
  expect(ok<ReceiptView>(await w.receipt(p.id)).invoice).toMatchObject({ status: 'rejected', rejectReason: '抬头与税号不一致，请核对' });
  const told = ok<Paged<MessageView>>(await stack.invoke('messaging', 'myMessages', {}, w.ownerToken)).items.filter((m) => m.title === '开票结果通知');
  expect(told.map((m) => m.lines.find((l) => l.label === '开票结果')?.value)).toEqual(['已退回']);
  expect(told[0].lines.find((l) => l.label === '说明')?.value).toContain('退回原因');

  // Asked again, corrected; and another payment's request: both open, oldest first, before the decided one.
  later(10);
  const second = ok<InvoiceRequestView>(await w.ask(p.id, { titleType: 'personal', title: '费用业主', taxNo: undefined }));
  later(10);
  const third = ok<InvoiceRequestView>(await w.ask(q.id));
  expect(ok<ReceiptView>(await w.receipt(p.id)).invoice?.id).toBe(second.id);
  const all = ok<Paged<InvoiceRequestView>>(await stack.invoke('fees', 'invoiceRequests', { page: 1, pageSize: 2 }, w.manager));
  expect(all.total).toBe(3);
  expect(all.items.map((i) => i.id)).toEqual([second.id, third.id]);
  const next = ok<Paged<InvoiceRequestView>>(await stack.invoke('fees', 'invoiceRequests', { page: 2, pageSize: 2 }, w.manager));
  expect(next.items.map((i) => [i.id, i.status])).toEqual([[first.id, 'rejected']]);
  expect(ok<Paged<InvoiceRequestView>>(await stack.invoke('fees', 'invoiceRequests', { status: 'done' }, w.cashier)).items.map((i) => i.id)).toEqual([first.id]);
  expect(codeOf(await stack.invoke('fees', 'invoiceRequests', {}, w.agent))).toBe('AUTH.FORBIDDEN');
});

test('When issuing and sending back race for one request, then one decision wins and the other is refused', async () => {
  const w = await world();
  const p = await w.pay(w.unit._id, 30000, 'cash');
  const req = ok<InvoiceRequestView>(await w.ask(p.id));
  const [a, b] = (await Promise.all([
    stack.invoke('fees', 'invoiceIssued', { invoiceRequestId: req.id, invoiceNo: '26332000000123450000' }, w.cashier),
    stack.invoke('fees', 'invoiceRejected', { invoiceRequestId: req.id, reason: '重复申请' }, w.manager),
  ])) as Env[];
  expect([codeOf(a), codeOf(b)].sort()).toEqual(['INVOICE.INVALID_TRANSITION', 'ok']);
  const stored = await InvoiceRequest.findById(req.id).lean();
  expect(stored?.status).toBe(a.ok ? 'issued' : 'rejected');
});
