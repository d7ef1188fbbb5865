import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { PaymentView, UnitAccount } from '@shared/contracts/fees.contract';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { useSubmit } from '@/hooks/use-submit';
import { Field, FormError } from '@/components/form-field';
import { money } from '@/components/fee-entry';

const held = (p: PaymentView) => (p.pendingRefunds ?? []).reduce((sum, r) => sum + r.amountFen, 0);

/**
 * What of a unit's prepayment credit can go back to WeChat now: the credit less refunds still at
 * WeChat, out of the newest WeChat payment with something left (the server takes min(credit, that
 * payment's rest): `fees.refundCredit`). Null when there is nothing to pay back online.
 */
export function creditRefundOf(account: UnitAccount): { payment: PaymentView; amountFen: number } | null {
  const credit = account.creditFen - account.payments.reduce((sum, p) => sum + held(p), 0);
  if (credit <= 0) return null;
  const payment = account.payments.find((p) => p.online && p.amountFen - p.refundedFen - held(p) > 0);
  if (!payment) return null;
  return { payment, amountFen: Math.min(credit, payment.amountFen - payment.refundedFen - held(payment)) };
}

/**
 * 退还预存余额 (owner, 我的账单; payments.md "Refunds"): when a WeChat payment left credit — its bills
 * were meanwhile paid at the desk, or it paid ahead — the owner may have it paid back to WeChat
 * instead of keeping it for the next bills. Renders nothing when there is no such credit. Mount it
 * under a unit's summary: `<RefundCredit account={account} onDone={setAccount} />`; `onDone` gets
 * the unit's account as it is after the request (the refund shows 退款中 until WeChat confirms).
 */
export function RefundCredit({ account, onDone }: { account: UnitAccount; onDone: (next: UnitAccount) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const submit = useSubmit();
  const offer = creditRefundOf(account);
  if (!offer) return null;

  const send = async () => {
    if (reason.trim().length < 2) return submit.fail({ reason: '请填写退款原因（至少2个字）' });
    const next = await submit.run(() => call('fees', 'refundCredit', { unitId: account.unitId, paymentId: offer.payment.id, reason: reason.trim() }));
    if (!next) return;
    setOpen(false);
    setReason('');
    toast('已提交退款');
    onDone(next);
  };

  return (
    <View className="refund-credit" data-unit={account.unitId}>
      {open ? (
        <View className="form refund-credit__form">
          <Text className="refund-credit__title">退还预存余额 {money(offer.amountFen)}</Text>
          <Text className="muted refund-credit__hint">原路退回您支付时使用的微信账户，微信确认后到账（通常几分钟内）；退回后该金额不再抵扣后续物业费。</Text>
          <Field label="退款原因" name="refund-credit-reason" required error={submit.fieldErrors.reason}>
            <View className="refund-credit__reason">
              <Input className="input" value={reason} maxlength={60} placeholder="如：已在物业服务中心缴费" onInput={(e) => submit.edited('reason', setReason)(e.detail.value)} />
            </View>
          </Field>
          <FormError error={submit.error} shownFields={['reason']} />
          <View className="form-buttons">
            <Button className="btn btn--ghost refund-credit__cancel" size="mini" disabled={submit.busy || undefined} onClick={() => setOpen(false)}>
              取消
            </Button>
            <Button className="btn btn--primary refund-credit__submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
              确认退款
            </Button>
          </View>
        </View>
      ) : (
        <Text className="link refund-credit__open" onClick={() => setOpen(true)}>
          退还预存余额 {money(offer.amountFen)} 到微信 ›
        </Text>
      )}
    </View>
  );
}
