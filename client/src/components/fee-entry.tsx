import { Text, View } from '@tarojs/components';
import { yuan } from '@shared/domain/fees';
import { useCloud } from '../hooks/use-cloud';
import { openPage } from '../services/navigation';
import { formatTime } from '../utils/format';
import { useReloadOnReturn } from './reload-on-return';

export const OWNER_BILLS_PAGE = '/owner/pages/bills/index';
export const ARREARS_PAGE = '/staff/pages/arrears/index';
export const ACCOUNT_PAGE = '/staff/pages/account/index';
export const MANAGER_FEES_PAGE = '/manager/pages/fees/index';

/**
 * Input type of amounts in 元: the decimal keypad in the mini-program; plain text in the browser
 * (a number input there hides what was typed wrong, and the form explains it instead).
 */
export const MONEY_INPUT_TYPE = process.env.TARO_ENV === 'h5' ? 'text' : 'digit';

/** 12345 → '123.45元'. */
export function money(fen: number): string {
  return `${yuan(fen)}元`;
}

/** The Asia/Shanghai calendar day of an ISO time ('2026-11-14T16:00:00Z' → '2026-11-15'); a plain day is kept. */
export function feeDay(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : formatTime(iso).slice(0, 10);
}

/**
 * A promised payment day: the server keeps the end of that day (the next Shanghai midnight) as an
 * ISO time, so step back a moment before taking the day. A plain day is kept.
 */
export function promisedDay(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : formatTime(new Date(t - 1).toISOString()).slice(0, 10);
}

/** The Asia/Shanghai month now, 'YYYY-MM'. */
export function shanghaiMonth(now: number = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 7);
}

/** '2026-11' shifted by `months` ('2026-12', '2026-10'…). */
export function shiftMonth(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** '2026-11' → '2026年11月'. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${y}年${m}月`;
}

/** Owner home: 物业缴费 with what my units still owe. */
export function OwnerBillsCard() {
  const accounts = useCloud('fees', 'myAccounts');
  useReloadOnReturn(accounts.reload);
  const owed = (accounts.data ?? []).reduce((sum, a) => sum + a.owedFen, 0);
  const credit = (accounts.data ?? []).reduce((sum, a) => sum + a.creditFen, 0);
  return (
    <View className="card card--link owner-home__bills" onClick={() => openPage(OWNER_BILLS_PAGE)}>
      <View className="unit-row__main">
        <Text className="card__title">物业缴费</Text>
        {owed > 0 ? <Text className="danger owner-home__bills-owed">待缴 {money(owed)}</Text> : null}
      </View>
      <Text className="muted owner-home__bills-text">
        {accounts.error
          ? accounts.error.message
          : !accounts.data
            ? '加载中…'
            : owed > 0
              ? `您有 ${money(owed)} 物业费、停车费待缴，请到物业服务中心缴纳`
              : credit > 0
                ? `费用已缴清，预存余额 ${money(credit)}`
                : '费用已缴清，感谢您的支持'}
      </Text>
      <Text className="link card__text">查看账单 ›</Text>
    </View>
  );
}

/** Cashier and agent desks: the way to 欠费管理, with the units in arrears and the total owed. */
export function FeesEntry() {
  const report = useCloud('fees', 'arrears');
  useReloadOnReturn(report.reload);
  const r = report.data;
  return (
    <View className="card card--link fees-entry" onClick={() => openPage(ARREARS_PAGE)}>
      <View className="unit-row__main">
        <Text className="card__title">欠费管理</Text>
        {r && r.units > 0 ? <Text className="badge fees-entry__count">{r.units}</Text> : null}
      </View>
      <Text className="muted">
        {report.error ? report.error.message : !r ? '加载中…' : r.units > 0 ? `有 ${r.units} 户欠费，共 ${money(r.totalFen)}` : '暂无欠费住户'}
      </Text>
      <Text className="link card__text">催缴与收费登记 ›</Text>
    </View>
  );
}
