import type { TradeBill, TradeBillRow } from './types';

/**
 * WeChat Pay's trade bill (交易账单, bill_type ALL) as CSV text: a header line, one line per
 * payment or refund with every value prefixed by a backtick (so spreadsheets keep long numbers as
 * text), then a summary header and a summary line, also backticked. Amounts are in 元 with two
 * decimals; here they become integers in 分 (parsed as text, never through floating point).
 */

export const BILL_HEADER = [
  '交易时间', '公众账号ID', '商户号', '特约商户号', '设备号', '微信订单号', '商户订单号', '用户标识', '交易类型', '交易状态',
  '付款银行', '货币种类', '应结订单金额', '代金券金额', '微信退款单号', '商户退款单号', '退款金额', '充值券退款金额', '退款类型', '退款状态',
  '商品名称', '商户数据包', '手续费', '费率', '订单金额', '申请退款金额', '费率备注',
] as const;
export const BILL_SUMMARY_HEADER = ['总交易单数', '应结订单总金额', '退款总金额', '充值券退款总金额', '手续费总金额', '订单总金额', '申请退款总金额'] as const;

/** '12.34' → 1234, '0.05' → 5, '-1.5' → -150; throws on anything else. */
export function yuanToFen(text: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new Error(`not an amount in 元: ${text}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/** 1234 → '12.34'. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const unquote = (v: string) => (v.startsWith('`') ? v.slice(1) : v);
/** Values never contain commas in WeChat's bills except in 商品名称/商户数据包, which WeChat strips of them. */
const cells = (line: string) => line.split(',').map(unquote);

export function parseTradeBill(text: string, billDate: string): TradeBill {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = cells(lines[0] ?? '');
  if (header[0] !== BILL_HEADER[0]) throw new Error('not a WeChat Pay trade bill (header missing)');
  const col = (name: (typeof BILL_HEADER)[number]) => header.indexOf(name);
  const summaryAt = lines.findIndex((l) => l.startsWith(BILL_SUMMARY_HEADER[0]));
  if (summaryAt < 0) throw new Error('not a WeChat Pay trade bill (summary missing)');
  const rows: TradeBillRow[] = lines.slice(1, summaryAt).map((line) => {
    const c = cells(line);
    const at = (name: (typeof BILL_HEADER)[number]) => c[col(name)] ?? '';
    return {
      tradeTime: at('交易时间'),
      appId: at('公众账号ID'),
      mchid: at('商户号'),
      transactionId: at('微信订单号'),
      outTradeNo: at('商户订单号'),
      openid: at('用户标识'),
      tradeType: at('交易类型'),
      tradeState: at('交易状态'),
      settlementFen: yuanToFen(at('应结订单金额') || '0'),
      refundId: at('微信退款单号'),
      outRefundNo: at('商户退款单号'),
      refundFen: yuanToFen(at('退款金额') || '0'),
      refundStatus: at('退款状态'),
      description: at('商品名称'),
      attach: at('商户数据包'),
      fee: at('手续费'),
      orderFen: yuanToFen(at('订单金额') || '0'),
    };
  });
  const s = cells(lines[summaryAt + 1] ?? '');
  return {
    billDate,
    rows,
    summary: { count: Number(s[0] ?? 0), settlementFen: yuanToFen(s[1] ?? '0'), refundFen: yuanToFen(s[2] ?? '0'), fee: s[4] ?? '0', orderFen: yuanToFen(s[5] ?? '0') },
    text,
  };
}

/** The CSV text of a bill (the fake writes bills with it). */
export function formatTradeBill(rows: readonly TradeBillRow[]): string {
  const line = (r: TradeBillRow) =>
    [
      r.tradeTime, r.appId, r.mchid, '0', '', r.transactionId, r.outTradeNo, r.openid, r.tradeType, r.tradeState,
      'OTHERS', 'CNY', fenToYuan(r.settlementFen), '0.00', r.refundId || '0', r.outRefundNo || '0', fenToYuan(r.refundFen), '0.00', r.refundId ? 'ORIGINAL' : '', r.refundStatus,
      r.description.replace(/,/g, ' '), r.attach.replace(/,/g, ' '), r.fee, '0.60%', fenToYuan(r.orderFen), fenToYuan(r.refundFen), '',
    ].map((v) => `\`${v}`).join(',');
  const sum = (f: (r: TradeBillRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const summary = [String(rows.length), fenToYuan(sum((r) => r.settlementFen)), fenToYuan(sum((r) => r.refundFen)), '0.00', '0.00000', fenToYuan(sum((r) => r.orderFen)), fenToYuan(sum((r) => r.refundFen))];
  return [BILL_HEADER.join(','), ...rows.map(line), BILL_SUMMARY_HEADER.join(','), summary.map((v) => `\`${v}`).join(','), ''].join('\r\n');
}
