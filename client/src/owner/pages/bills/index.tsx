import { Button, Text, View } from '@tarojs/components';
import type { UnitAccount } from '@shared/contracts/fees.contract';
import { routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Stat } from '@/components/stat';
import { BillRow, PaymentRow, ReminderList } from '@/components/fee-bills';
import { money } from '@/components/fee-entry';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { canPayHere, PAY_IN_WEAPP_MESSAGE } from '@/services/payment';
import { openPage } from '@/services/navigation';
import { RefundCredit } from '../../components/refund-credit';
import '../../components/pay.scss';

function UnitBills({ account, onChange }: { account: UnitAccount; onChange: (next: UnitAccount) => void }) {
  const bills = account.bills;
  const overdue = bills.filter((b) => b.status === 'open' && b.daysOverdue > 0 && b.dueFen > 0);
  const overdueFen = overdue.reduce((sum, b) => sum + b.dueFen, 0);
  const longest = overdue.reduce((max, b) => Math.max(max, b.daysOverdue), 0);
  const payHere = canPayHere(account.payOnline);
  return (
    <View className="card bills-unit" data-id={account.unitId}>
      <Text className="card__title">{account.unitLabel}</Text>
      <View className="stats">
        <Stat className={`bills-unit__owed ${account.owedFen > 0 ? 'bills-unit__owed--due' : ''}`} value={money(account.owedFen)} label="待缴" />
        <Stat className="bills-unit__credit" value={money(account.creditFen)} label="预存余额" />
      </View>
      {overdue.length > 0 ? (
        <View className="bills-unit__overdue">
          <Text className="bills-unit__overdue-title">
            {overdue.length} 张账单已逾期（最长逾期{longest}天），尚欠 {money(overdueFen)}
          </Text>
          <Text className="bills-unit__overdue-text">
            {account.payOnline ? '请尽快缴纳：可微信支付，也可到物业服务中心缴纳（现金、POS刷卡或银行转账均可）；如已缴纳，请凭收据与物业核对。' : '请尽快到物业服务中心缴纳（现金、POS刷卡或银行转账均可）；如已缴纳，请凭收据与物业核对。'}
          </Text>
        </View>
      ) : null}
      {payHere ? (
        <Button className={`btn ${account.owedFen > 0 ? 'btn--primary' : 'btn--ghost'} bills-unit__pay`} onClick={() => openPage(routes.owner.pay, { unitId: account.unitId })}>
          {account.owedFen > 0 ? `微信支付 ${money(account.owedFen)}` : '预缴费用'}
        </Button>
      ) : account.payOnline && account.owedFen > 0 ? (
        <Text className="muted bills-unit__weapp-only">{PAY_IN_WEAPP_MESSAGE}，或到物业服务中心缴费</Text>
      ) : null}
      <RefundCredit account={account} onDone={onChange} />
      <Text className="bills-unit__subtitle">账单</Text>
      {bills.length === 0 ? <Text className="muted">暂无账单</Text> : null}
      {bills.map((b) => (
        <BillRow key={b.id} bill={b} />
      ))}
      <Text className="bills-unit__subtitle">催缴提醒</Text>
      <ReminderList reminders={account.reminders} />
      <Text className="bills-unit__subtitle">缴费记录</Text>
      {account.payments.length === 0 ? <Text className="muted">暂无缴费记录</Text> : null}
      {account.payments.map((p) => (
        <PaymentRow key={p.id} payment={p} />
      ))}
    </View>
  );
}

/**
 * 我的账单 (owner/pages/bills/index): per unit what is owed, the credit, the bills and the payments;
 * with WeChat Pay on, 微信支付 (or 预缴费用 when nothing is owed) opens the unit's pay page — in the
 * browser only in the demo — and paying at the desk stays the alternative.
 */
export default function MyBillsPage() {
  useSession({ required: true });
  const accounts = useCloud('fees', 'myAccounts');
  useReloadOnReturn(accounts.reload);
  const list = accounts.data ?? [];
  // An account as an action answered it (退还预存余额): in place of the old one, keeping what only myAccounts says.
  const replace = (next: UnitAccount) => accounts.set(list.map((a) => (a.unitId === next.unitId ? { ...next, payOnline: a.payOnline } : a)));
  const payOnline = list.some((a) => a.payOnline);
  return (
    <View className="page bills">
      <PageHeader title="我的账单" subtitle={payOnline ? '物业费、停车费账单与缴费记录；可微信支付，也可到物业服务中心缴费' : '物业费、停车费账单与缴费记录；请到物业服务中心缴费，缴费后凭收据核对'} />
      <StateView loading={accounts.loading && !accounts.data} error={accounts.error} onRetry={accounts.reload} empty={accounts.data?.length === 0} emptyText="您名下暂无房屋账单">
        {list.map((a) => (
          <UnitBills key={a.unitId} account={a} onChange={replace} />
        ))}
      </StateView>
    </View>
  );
}
