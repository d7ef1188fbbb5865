import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { BillView, PayPrepared, UnitAccount } from '@shared/contracts/fees.contract';
import { localDay } from '@shared/domain/calendar';
import { parseYuan } from '@shared/domain/fees';
import { initialSelection, payableBills, toggleBill } from '@shared/domain/pay-selection';
import { routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call, isCloudError } from '@/services/cloud';
import { canPayHere, PAY_IN_WEAPP_MESSAGE, PaymentError, requestPayment } from '@/services/payment';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { MONEY_INPUT_TYPE, money } from '@/components/fee-entry';
import { newRequestId } from '@/components/repair-format';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { DemoPaySheet } from '../../components/demo-pay-sheet';
import '../../components/pay.scss';

type Mode = 'bills' | 'ahead';
const MODES = [
  { value: 'bills' as const, label: '缴纳账单' },
  { value: 'ahead' as const, label: '预缴费用' },
];
/** The most an owner pays ahead online at once (a larger sum: at the desk). */
const MAX_AHEAD_FEN = 5_000_000;
/** Answers after which the bills shown are stale: read them again. */
const STALE_CODES = ['PAY.BILL_PAID', 'PAY.BILL_IN_ORDER', 'BILL.NOT_FOUND', 'FEE.BILL_CANCELLED'];

function aheadProblem(text: string): string | undefined {
  if (!text.trim()) return '请填写预缴金额';
  const fen = parseYuan(text);
  if (fen === null) return '预缴金额格式不正确，请填写数字，最多两位小数（如 500.00）';
  if (fen <= 0) return '预缴金额须大于0';
  if (fen > MAX_AHEAD_FEN) return `单次预缴不能超过 ${money(MAX_AHEAD_FEN)}，更大金额请到物业服务中心办理`;
  return undefined;
}

/** What the order is for, as WeChat's cashier (and the 模拟支付 sheet) shows it. */
function descriptionOf(account: UnitAccount, bills: readonly BillView[]): string {
  if (!bills.length) return `${account.unitLabel} 预缴物业费`;
  return `${account.unitLabel} ${bills[0].itemName}${bills[0].periodLabel}${bills.length > 1 ? `等${bills.length}笔` : ''}`;
}

function BillChoice({ bill, on, onTap }: { bill: BillView; on: boolean; onTap: () => void }) {
  const overdue = bill.daysOverdue > 0;
  return (
    <View className={`pay-bill ${on ? 'pay-bill--on' : ''} ${overdue ? 'pay-bill--overdue' : ''}`} data-id={bill.id} onClick={onTap}>
      <View className="pay-bill__check">{on ? <View className="pay-bill__tick" /> : null}</View>
      <View className="pay-bill__main">
        <View className="unit-row__main">
          <Text className="pay-bill__title">
            {bill.periodLabel} · {bill.itemName}
          </Text>
          <Text className="pay-bill__due">{money(bill.dueFen)}</Text>
        </View>
        <Text className="unit-row__meta pay-bill__meta">
          缴费截止 {localDay(bill.dueDate)}
          {bill.paidFen > 0 ? ` · 已缴 ${money(bill.paidFen)}` : ''}
        </Text>
        {overdue ? <Text className="tag tag--rejected pay-bill__overdue">逾期{bill.daysOverdue}天</Text> : null}
      </View>
    </View>
  );
}

/**
 * 缴费 (owner/pages/pay/index?unitId=…[&billIds=…]): a unit's open bills, oldest first, the overdue
 * and current ones ticked (or up to the bills a link names); ticking a bill ticks the older ones,
 * unticking one unticks the newer ones (money pays the oldest bills first). Or 预缴: an amount ahead.
 * The total, then 微信支付: `fees.payPrepare` (a new request id per tap; the server offers the same
 * order again for the same bills), `requestPayment` (WeChat's cashier, or the demo's 模拟支付 sheet)
 * and the result page. A cancel stays here: the bills are unpaid and can be paid again.
 */
export default function PayPage() {
  const session = useSession({ required: true });
  const params = useRouter().params;
  const unitId = params.unitId ?? '';
  const linkedBills = (params.billIds ? decodeURIComponent(params.billIds) : '').split(',').filter(Boolean);
  const accounts = useCloud('fees', 'myAccounts');
  const [mode, setMode] = useState<Mode | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  const [ahead, setAhead] = useState('');
  const [paying, setPaying] = useState(false);
  const [payError, setPayError] = useState('');
  const [cancelled, setCancelled] = useState(false);
  const submit = useSubmit();
  useReloadOnReturn(accounts.reload);

  const account = accounts.data?.find((a) => a.unitId === unitId);
  const payable = account ? payableBills(account.bills) : [];
  const selected = Math.min(picked ?? initialSelection(payable, new Date(), linkedBills), payable.length);
  const chosen = payable.slice(0, selected);
  const shownMode: Mode = mode ?? (payable.length ? 'bills' : 'ahead');
  const aheadFen = parseYuan(ahead);
  const totalFen = shownMode === 'bills' ? chosen.reduce((sum, b) => sum + b.dueFen, 0) : aheadFen !== null && aheadFen > 0 ? aheadFen : 0;
  const payOnline = account?.payOnline;
  const here = canPayHere(payOnline);
  const busy = submit.busy || paying;

  const pay = async () => {
    if (!account || !payOnline || busy) return;
    setPayError('');
    setCancelled(false);
    if (shownMode === 'ahead') {
      const problem = aheadProblem(ahead);
      if (problem) return submit.fail({ aheadFen: problem });
    } else if (!chosen.length) return submit.fail({ billIds: '请选择要缴的账单' });
    const input = shownMode === 'bills' ? { billIds: chosen.map((b) => b.id) } : { aheadFen: aheadFen as number };
    let stale = false;
    const prepared: PayPrepared | undefined = await submit.run(async () => {
      try {
        return await call('fees', 'payPrepare', { unitId, requestId: newRequestId('pay'), ...input });
      } catch (e) {
        stale = isCloudError(e) && STALE_CODES.includes(e.code);
        throw e;
      }
    });
    if (!prepared) {
      if (stale) {
        setPicked(null);
        accounts.reload();
      }
      return;
    }
    setPaying(true);
    try {
      const outcome = await requestPayment({
        prepared,
        mode: payOnline,
        payee: `${session?.me.communityName ?? ''}物业服务中心`,
        description: descriptionOf(account, shownMode === 'bills' ? chosen : []),
      });
      if (outcome === 'paid') {
        await Taro.redirectTo({ url: routes.owner.payResult.url({ unitId, orderId: prepared.orderId }) });
        return;
      }
      setCancelled(true);
    } catch (e) {
      setPayError(e instanceof PaymentError ? e.message : '支付未完成，请重试');
    } finally {
      setPaying(false);
    }
  };

  const chooseMode = (m: Mode) => {
    submit.clear();
    setMode(m);
  };
  const tapBill = (index: number) => {
    if (busy) return;
    submit.clear();
    setPicked(toggleBill(selected, index));
  };
  const errors = submit.fieldErrors;
  return (
    <View className="page pay">
      <PageHeader title="缴费" subtitle={account ? account.unitLabel : undefined} />
      <StateView loading={accounts.loading && !accounts.data} error={accounts.error} onRetry={accounts.reload} empty={!!accounts.data && !account} emptyText="未找到这套房屋的账单">
        {account ? (
          <>
            {!payOnline ? (
              <View className="card pay__off">
                <Text className="card__title">暂未开通微信支付</Text>
                <Text className="muted">请到物业服务中心缴费（现金、POS刷卡或银行转账均可），缴费后凭收据核对。</Text>
              </View>
            ) : null}
            <View className="card pay__modes">
              <Choices name="pay-mode" options={MODES} value={shownMode} onChange={chooseMode} disabled={busy} />
            </View>
            {shownMode === 'bills' ? (
              <View className="card pay__bills">
                <Text className="card__title">待缴账单</Text>
                {payable.length ? (
                  <Text className="muted pay__rule">缴费按账单先后抵扣：勾选一笔账单会同时勾选更早的账单，取消勾选会同时取消更晚的账单。</Text>
                ) : (
                  <Text className="muted pay__none">暂无待缴账单，您可以预缴费用。</Text>
                )}
                {payable.map((b, i) => (
                  <BillChoice key={b.id} bill={b} on={i < selected} onTap={() => tapBill(i)} />
                ))}
                {errors.billIds ? <Text className="field__error pay__bills-error">{errors.billIds}</Text> : null}
              </View>
            ) : (
              <View className="card pay__ahead">
                <Field label="预缴金额（元）" name="pay-ahead" required error={errors.aheadFen} hint="存入预存余额，出新账单时自动抵扣">
                  <Input className="input pay__ahead-input" type={MONEY_INPUT_TYPE} value={ahead} maxlength={10} placeholder="例如 500" onInput={(e) => submit.edited('aheadFen', setAhead)(e.detail.value)} />
                </Field>
                {account.creditFen > 0 ? <Text className="muted pay__credit">当前预存余额 {money(account.creditFen)}</Text> : null}
              </View>
            )}
            <View className="card pay__summary">
              <View className="unit-row__main">
                <Text className="pay__total-label">{shownMode === 'bills' ? `合计（${chosen.length} 笔）` : '预缴合计'}</Text>
                <Text className="pay__total">{money(totalFen)}</Text>
              </View>
              {cancelled ? <Text className="muted pay__cancelled">您已取消支付，账单尚未缴纳，可再次点击“微信支付”。</Text> : null}
              <FormError error={submit.error} shownFields={['aheadFen', 'billIds']} />
              {payError ? (
                <View className="form-error pay__error">
                  <Text>{payError}</Text>
                </View>
              ) : null}
              {payOnline ? (
                <Button className="btn pay__submit" loading={busy} disabled={busy || !here || totalFen <= 0 || undefined} onClick={pay}>
                  {/* One text node: Taro's button reorders several when its loading icon comes and goes. */}
                  {totalFen > 0 ? `微信支付 ${money(totalFen)}` : '微信支付'}
                </Button>
              ) : null}
              {payOnline && !here ? <Text className="muted pay__weapp-only">{PAY_IN_WEAPP_MESSAGE}</Text> : null}
              <Text className="muted pay__desk">也可到物业服务中心缴费（现金、POS刷卡或银行转账）。</Text>
            </View>
          </>
        ) : null}
      </StateView>
      <DemoPaySheet />
    </View>
  );
}
