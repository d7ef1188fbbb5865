import fc from 'fast-check';
import { feesContract } from '@shared/contracts/fees.contract';
import { settle } from '@shared/domain/fees';
import { rmbCapitals } from '@shared/domain/money';
import { invoiceMachine, paymentShare, TAX_NUMBER_FORMAT, taxNumberProblem, usccCheckChar } from '@shared/domain/receipts';

describe('amounts in capitals (人民币大写)', () => {
  test('When amounts are written in capitals, then 元/角/分, the zeros and 整 follow the receipt rules', () => {
    const cases: [number, string][] = [
      [123456, '壹仟贰佰叁拾肆元伍角陆分'],
      [5, '伍分'], // 0.05: no 元, no 零
      [10, '壹角整'],
      [1000, '壹拾元整'], // 10
      [10000000, '壹拾万元整'], // 100000: trailing zeros unwritten
      [100101, '壹仟零壹元零壹分'], // 1001.01: one 零 inside, 零 between 元 and 分
      [100050, '壹仟元伍角整'],
      [1000100, '壹万零壹元整'],
      [10010000, '壹拾万零壹佰元整'], // 100100
      [100500000, '壹佰万零伍仟元整'], // 1005000
      [10000000100, '壹亿零壹元整'], // 100000001
      [20000000000, '贰亿元整'],
      [101, '壹元零壹分'],
      [0, '零元整'],
    ];
    expect(cases.map(([fen]) => rmbCapitals(fen))).toEqual(cases.map(([, text]) => text));
  });

  test('When an amount is negative or not whole 分, then it is refused', () => {
    expect(() => rmbCapitals(-5)).toThrow(RangeError);
    expect(() => rmbCapitals(0.5)).toThrow(RangeError);
    expect(() => rmbCapitals(Number.NaN)).toThrow(RangeError);
  });

  test('When any amount is written, then it never has two 零 in a row, never ends in 零, and ends in 整 exactly when it has no 分', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999_999 }), (fen) => {
        const text = rmbCapitals(fen);
        expect(text).not.toMatch(/零零|零$|零元|^零/);
        expect(text.endsWith('整')).toBe(fen % 10 === 0);
      }),
    );
  });
});

describe('tax numbers (纳税人识别号)', () => {
  test('When a real 统一社会信用代码 is checked, then its check character is the one computed', () => {
    for (const code of ['91440300708461136T', '91330100799655058B', '91110000802100433B', '911100001000079554']) {
      expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
      expect(taxNumberProblem(code)).toBeNull();
    }
  });

  test('When a 统一社会信用代码 has a wrong check character or a letter it never uses, then the problem is named', () => {
    expect(taxNumberProblem('91440300708461136X')).toMatch(/校验位/);
    expect(taxNumberProblem('9144030070846113IT')).toMatch(/不含I、O、S、V、Z/);
    expect(usccCheckChar('9144030070846113O')).toBeNull();
  });

  test('When an older 15- or 20-character tax number is given, then it passes; other lengths and characters do not', () => {
    expect(taxNumberProblem('330106123456789')).toBeNull();
    expect(taxNumberProblem('33010619900307451X01')).toBeNull();
    for (const bad of ['', '1234567890', '9144030070846113', '33010612345678-', '330106123456789012345']) expect(taxNumberProblem(bad)).toBe(TAX_NUMBER_FORMAT);
  });

  test('When an invoice is requested, then 单位 needs a valid tax number (named as the taxNo field), 个人 does not, and it is read in capitals', () => {
    const schema = feesContract.requestInvoice.input;
    const base = { unitId: 'a'.repeat(24), paymentId: 'b'.repeat(24), requestId: 'inv-0001', title: '杭州某某科技有限公司' };
    const issues = (data: unknown) => {
      const r = schema.safeParse(data);
      return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);
    };
    expect(issues({ ...base, titleType: 'company' })).toEqual([['taxNo', '单位抬头须填写税号']]);
    expect(issues({ ...base, titleType: 'company', taxNo: '91440300708461136X' })).toEqual([['taxNo', expect.stringMatching(/校验位/)]]);
    expect(issues({ ...base, titleType: 'company', taxNo: ' 91440300708461136t ' })).toEqual([]);
    expect(schema.parse({ ...base, titleType: 'company', taxNo: '91440300708461136t' }).taxNo).toBe('91440300708461136T');
    expect(issues({ ...base, titleType: 'personal', title: '张伟' })).toEqual([]);
    expect(issues({ ...base, titleType: 'personal', title: '张伟', email: 'not-an-email' })).toEqual([['email', '邮箱格式不正确']]);
  });
});

describe('what a payment settled', () => {
  const bills = [
    { id: 'b-2026-10', amountFen: 21033, dueDate: '2026-10-15' },
    { id: 'b-2026-11', amountFen: 21033, dueDate: '2026-11-15' },
    { id: 'p-2026-Q4', amountFen: 90000, dueDate: '2026-10-10' },
  ];

  test('When payments follow one another, then each pays the oldest bills left, and what is past the last bill is its credit', () => {
    const payments = [
      { id: 'p1', netFen: 50000 },
      { id: 'p2', netFen: 100000 },
    ];
    expect(paymentShare(bills, payments, 'p1')).toEqual({ applied: [{ billId: 'p-2026-Q4', fen: 50000 }], creditFen: 0 });
    expect(paymentShare(bills, payments, 'p2')).toEqual({
      applied: [
        { billId: 'p-2026-Q4', fen: 40000 },
        { billId: 'b-2026-10', fen: 21033 },
        { billId: 'b-2026-11', fen: 21033 },
      ],
      creditFen: 100000 - 82066,
    });
    expect(paymentShare(bills, payments, 'p3')).toBeNull();
  });

  test('When an earlier payment is partly refunded, then it settles less and the next payment takes over its bills', () => {
    const payments = [
      { id: 'p1', netFen: 50000 - 20000 },
      { id: 'p2', netFen: 30000 },
    ];
    expect(paymentShare(bills, payments, 'p1')).toEqual({ applied: [{ billId: 'p-2026-Q4', fen: 30000 }], creditFen: 0 });
    expect(paymentShare(bills, payments, 'p2')).toEqual({ applied: [{ billId: 'p-2026-Q4', fen: 30000 }], creditFen: 0 });
    expect(paymentShare(bills, [{ id: 'p1', netFen: 0 }], 'p1')).toEqual({ applied: [], creditFen: 0 });
  });

  test('When any bills and payments are shared out, then the shares add up to what the ledger settles per bill, and to each payment', () => {
    const billArb = fc.array(fc.record({ amountFen: fc.integer({ min: 1, max: 50_000 }), day: fc.integer({ min: 1, max: 28 }) }), { maxLength: 8 });
    const payArb = fc.array(fc.integer({ min: 0, max: 80_000 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(billArb, payArb, (bs, ps) => {
        const ledger = bs.map((b, i) => ({ id: `b${i}`, amountFen: b.amountFen, dueDate: `2026-10-${String(b.day).padStart(2, '0')}` }));
        const payments = ps.map((netFen, i) => ({ id: `p${i}`, netFen }));
        const settled = settle(ledger, ps.reduce((s, x) => s + x, 0));
        const perBill = new Map<string, number>();
        let credit = 0;
        for (const p of payments) {
          const share = paymentShare(ledger, payments, p.id)!;
          expect(share.applied.reduce((s, a) => s + a.fen, 0) + share.creditFen).toBe(p.netFen);
          for (const a of share.applied) perBill.set(a.billId, (perBill.get(a.billId) ?? 0) + a.fen);
          credit += share.creditFen;
        }
        for (const b of settled.bills) expect(perBill.get(b.id) ?? 0).toBe(b.paidFen);
        expect(credit).toBe(settled.creditFen);
      }),
    );
  });
});

describe('invoice requests', () => {
  test('When a request is decided, then it is issued or sent back once; a decided request refuses the other decision, naming both states', () => {
    expect(invoiceMachine.allowed('requested')).toEqual(['issue', 'reject']);
    expect(invoiceMachine.allowed('issued')).toEqual([]);
    const refused = invoiceMachine.check('issued', 'reject');
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'INVOICE.INVALID_TRANSITION', message: '发票申请当前为“已开具”，不能退回（变为“已退回”需发票申请处于“已申请”）' } });
  });
});
