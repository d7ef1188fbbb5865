import { Button, Text, View } from '@tarojs/components';
import { yuan } from '@shared/domain/fees';
import { routes } from '@shared/routes';
import type { UnitAccount } from '@shared/contracts/fees.contract';
import { useCloud, type CloudState } from '../hooks/use-cloud';
import { openPage } from '../services/navigation';
import { canPayHere } from '../services/payment';
import { useReloadOnReturn } from './reload-on-return';

/**
 * Input type of amounts in 元: the decimal keypad in the mini-program; plain text in the browser
 * (a number input there hides what was typed wrong, and the form explains it instead).
 */
export const MONEY_INPUT_TYPE = process.env.TARO_ENV === 'h5' ? 'text' : 'digit';

/** 12345 → '123.45元'. */
export function money(fen: number): string {
  return `${yuan(fen)}元`;
}

/** The fee items that are actually billed to my units and still owed (物业服务费、车位使用费…), in bill order, each once. */
export function owedItemNames(accounts: readonly UnitAccount[]): string[] {
  const names = accounts.flatMap((a) => a.bills.filter((b) => b.status === 'open' && b.dueFen > 0).map((b) => b.itemName));
  return [...new Set(names)];
}

/**
 * Owner home: 物业缴费 with what my units still owe, naming only the fee items billed to them. The
 * home loads the accounts once (its 缴费 tile shows the same) and passes them in. With WeChat Pay on
 * and something owed, 去缴费 opens the pay page (of the one unit owing; of several: 我的账单).
 */
export function OwnerBillsCard({ accounts }: { accounts: CloudState<UnitAccount[]> }) {
  const owed = (accounts.data ?? []).reduce((sum, a) => sum + a.owedFen, 0);
  const credit = (accounts.data ?? []).reduce((sum, a) => sum + a.creditFen, 0);
  const items = owedItemNames(accounts.data ?? []);
  const owing = (accounts.data ?? []).filter((a) => a.owedFen > 0);
  const payHere = owing.length > 0 && owing.every((a) => canPayHere(a.payOnline));
  const goPay = (e: { stopPropagation: () => void }) => {
    e.stopPropagation();
    if (owing.length === 1) openPage(routes.owner.pay, { unitId: owing[0].unitId });
    else openPage(routes.owner.bills);
  };
  return (
    <View className="card card--link owner-home__bills" onClick={() => openPage(routes.owner.bills)}>
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
              ? `您有 ${money(owed)}${items.length ? ` ${items.join('、')}` : '费用'}待缴，${payHere ? '可微信支付或到物业服务中心缴纳' : '请到物业服务中心缴纳'}`
              : credit > 0
                ? `费用已缴清，预存余额 ${money(credit)}`
                : '费用已缴清，感谢您的支持'}
      </Text>
      <View className="unit-row__main owner-home__bills-actions">
        <Text className="link card__text">查看账单 ›</Text>
        {payHere ? (
          <Button className="btn btn--primary owner-home__pay" size="mini" onClick={goPay}>
            去缴费
          </Button>
        ) : null}
      </View>
    </View>
  );
}

/** Cashier and agent desks: the way to 欠费管理, with the units in arrears and the total owed. */
export function FeesEntry() {
  // The totals only (one unit of the first page comes with them).
  const report = useCloud('fees', 'arrears', { pageSize: 1 });
  useReloadOnReturn(report.reload);
  const r = report.data;
  return (
    <View className="card card--link fees-entry" onClick={() => openPage(routes.staff.arrears)}>
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

/** Cashier desk and 收费管理: the way to 一次性收费 (cashiers and managers). */
export function FeeChargeEntry() {
  return (
    <View className="card card--link fee-charge-entry" onClick={() => openPage(routes.staff.feeCharge)}>
      <Text className="card__title">一次性收费</Text>
      <Text className="muted">装修押金、门禁卡工本费等：选择房屋或整栋楼，生成账单</Text>
      <Text className="link card__text">去收取 ›</Text>
    </View>
  );
}
