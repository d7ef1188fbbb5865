import { rfc3339Shanghai } from '../../cloud/lib/wechat-pay/client';
import { fenToYuan, formatTradeBill, parseTradeBill, yuanToFen } from '../../cloud/lib/wechat-pay/bill';
import type { TradeBillRow } from '../../cloud/lib/wechat-pay/types';

describe('amounts', () => {
  test('When 元 text is read, then it becomes whole 分 without floating point', () => {
    expect([yuanToFen('0.01'), yuanToFen('12.3'), yuanToFen('1234.56'), yuanToFen('-0.05'), yuanToFen('7')]).toEqual([1, 1230, 123456, -5, 700]);
    expect(yuanToFen('0.29')).toBe(29);
    expect(() => yuanToFen('1.234')).toThrow();
    expect(() => yuanToFen('abc')).toThrow();
  });

  test('When 分 are written, then they are 元 with two decimals', () => {
    expect([fenToYuan(1), fenToYuan(1230), fenToYuan(0), fenToYuan(-5)]).toEqual(['0.01', '12.30', '0.00', '-0.05']);
  });
});

describe('trade bill', () => {
  test('When a bill in WeChat Pay format is parsed, then rows and summary come back in 分 without the backticks', () => {
    const text = [
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注',
      '`2026-12-05 09:10:11,`wx0123456789abcdef,`1900000001,`0,`,`4200001234202612050000000001,`P20261205001,`o_owner_1,`JSAPI,`SUCCESS,`OTHERS,`CNY,`1234.50,`0.00,`0,`0,`0.00,`0.00,`,`,`物业费,`,`7.41000,`0.60%,`1234.50,`0.00,`',
      '`2026-12-05 15:00:00,`wx0123456789abcdef,`1900000001,`0,`,`4200001234202612050000000001,`P20261205001,`o_owner_1,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300000000000000001,`R1,`34.50,`0.00,`ORIGINAL,`SUCCESS,`物业费,`,`-0.21000,`0.60%,`0.00,`34.50,`',
      '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
      '`2,`1234.50,`34.50,`0.00,`7.20000,`1234.50,`34.50',
    ].join('\r\n');
    const bill = parseTradeBill(text, '2026-12-05');
    expect(bill.rows).toHaveLength(2);
    expect(bill.rows[0]).toMatchObject({ outTradeNo: 'P20261205001', transactionId: '4200001234202612050000000001', tradeState: 'SUCCESS', settlementFen: 123450, orderFen: 123450, refundFen: 0, description: '物业费' });
    expect(bill.rows[1]).toMatchObject({ tradeState: 'REFUND', outRefundNo: 'R1', refundFen: 3450, refundStatus: 'SUCCESS' });
    expect(bill.summary).toEqual({ count: 2, settlementFen: 123450, refundFen: 3450, fee: '7.20000', orderFen: 123450 });
  });

  test('When rows are written and read back, then they are the same', () => {
    const row: TradeBillRow = { tradeTime: '2026-12-05 09:10:11', appId: 'wx1', mchid: '1900000001', transactionId: '4200', outTradeNo: 'P1', openid: 'o1', tradeType: 'JSAPI', tradeState: 'SUCCESS', settlementFen: 101, refundId: '', outRefundNo: '', refundFen: 0, refundStatus: '', description: '停车费', attach: '', fee: '0.00', orderFen: 101 };
    const text = formatTradeBill([row]);
    expect(text.split('\r\n')[1].startsWith('`2026-12-05 09:10:11,`wx1,')).toBe(true);
    const bill = parseTradeBill(text, '2026-12-05');
    expect(bill.rows[0]).toMatchObject({ outTradeNo: 'P1', settlementFen: 101, description: '停车费' });
    expect(bill.summary).toMatchObject({ count: 1, settlementFen: 101, orderFen: 101 });
  });

  test('When the text is not a bill, then parsing fails', () => {
    expect(() => parseTradeBill('<html>', '2026-12-05')).toThrow('header missing');
  });
});

test('When an instant is written for WeChat Pay, then it is RFC 3339 in Beijing time with seconds', () => {
  expect(rfc3339Shanghai(new Date('2026-12-05T16:34:56Z'))).toBe('2026-12-06T00:34:56+08:00');
});
