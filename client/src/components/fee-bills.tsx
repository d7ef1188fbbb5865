import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { BillView, PaymentView, UnitAccount } from '@shared/contracts/fees.contract';
import { PAYMENT_METHOD_LABELS } from '@shared/domain/fees';
import { formatTime, localDay } from '@shared/domain/calendar';
import { routes } from '@shared/routes';
import { openPage } from '../services/navigation';
import { money } from './fee-entry';

/** One bill: period, item, amount / paid / due, due date, 逾期N天, 已缴清 / 已作废; `actions` under it (staff). */
export function BillRow({ bill, actions }: { bill: BillView; actions?: ReactNode }) {
  const overdue = bill.status === 'open' && bill.daysOverdue > 0;
  const modifier = bill.status === 'paid' || bill.status === 'returned' ? 'bill-row--paid' : bill.status === 'cancelled' ? 'bill-row--cancelled' : overdue ? 'bill-row--overdue' : 'bill-row--open';
  return (
    <View className={`bill-row ${modifier}`} data-id={bill.id}>
      <View className="unit-row__main">
        <Text className="bill-row__title">
          {bill.periodLabel} · {bill.itemName}
        </Text>
        {bill.status === 'paid' ? <Text className="tag tag--on bill-row__tag">已缴清</Text> : null}
        {bill.status === 'cancelled' ? <Text className="tag bill-row__tag">已作废</Text> : null}
        {bill.status === 'returned' ? <Text className="tag tag--on bill-row__tag">已退还</Text> : null}
        {overdue ? <Text className="tag tag--rejected bill-row__overdue">逾期{bill.daysOverdue}天</Text> : null}
      </View>
      <View className="bill-row__figures">
        <Text className="bill-row__amount">应缴 {money(bill.amountFen)}</Text>
        <Text className="bill-row__paid">已缴 {money(bill.paidFen)}</Text>
        <Text className={`bill-row__due ${bill.status === 'open' && bill.dueFen > 0 ? 'danger' : ''}`}>待缴 {money(bill.status === 'cancelled' ? 0 : bill.dueFen)}</Text>
      </View>
      <Text className="unit-row__meta bill-row__date">缴费截止 {localDay(bill.dueDate)}</Text>
      <Text className="unit-row__meta bill-row__detail">{bill.detail}</Text>
      {bill.status === 'cancelled' && bill.cancelReason ? <Text className="unit-row__meta bill-row__cancel-reason">作废原因：{bill.cancelReason}</Text> : null}
      {bill.status === 'returned' && bill.returnNote ? <Text className="unit-row__meta bill-row__return-note">{bill.returnNote}</Text> : null}
      {actions}
    </View>
  );
}

/** One payment with its receipt and refunds, and the way to its 电子收据 (owner and staff); `actions` under it (staff). */
export function PaymentRow({ payment, actions }: { payment: PaymentView; actions?: ReactNode }) {
  return (
    <View className="payment-row" data-id={payment.id}>
      <View className="unit-row__main">
        <Text className="payment-row__receipt">收据 {payment.receiptNo}</Text>
        <Text className="payment-row__amount">
          {money(payment.amountFen)}
          {payment.refundedFen > 0 ? <Text className="danger payment-row__refunded">（已退 {money(payment.refundedFen)}）</Text> : null}
        </Text>
      </View>
      <Text className="unit-row__meta payment-row__meta">
        {PAYMENT_METHOD_LABELS[payment.method]} · {formatTime(payment.at)}
        {payment.cashierName ? ` · 经办：${payment.cashierName}` : ''}
      </Text>
      {payment.note ? <Text className="unit-row__meta payment-row__note">备注：{payment.note}</Text> : null}
      {payment.refunds.map((r, i) => (
        <Text key={`${r.at}-${i}`} className="unit-row__meta danger payment-row__refund">
          退款 {money(r.amountFen)} · {r.reason} · {formatTime(r.at)}
          {r.byName ? ` · ${r.byName}` : ''}
        </Text>
      ))}
      {(payment.pendingRefunds ?? []).map((r, i) => (
        <Text key={`pending-${r.at}-${i}`} className={`unit-row__meta payment-row__pending-refund payment-row__pending-refund--${r.status}`}>
          <Text className={`tag ${r.status === 'pending' ? 'tag--pending' : 'tag--rejected'}`}>{r.status === 'pending' ? '退款中' : '退款异常'}</Text> {money(r.amountFen)} 原路退回微信 · {r.reason} · {formatTime(r.at)}
          {r.byName ? ` · ${r.byName}` : ''}
        </Text>
      ))}
      <View className="row-actions payment-row__links">
        <Text className="link payment-row__receipt-link" onClick={() => openPage(routes.owner.receipt, { unitId: payment.unitId, paymentId: payment.id })}>
          电子收据 ›
        </Text>
      </View>
      {actions}
    </View>
  );
}

/** 催缴提醒: the reminders sent about a unit (newest first), each with its date, title and lines. */
export function ReminderList({ reminders }: { reminders: UnitAccount['reminders'] }) {
  if (reminders.length === 0) return <Text className="muted reminder-list__empty">暂无催缴提醒</Text>;
  return (
    <View className="reminder-list">
      {reminders.map((r, i) => (
        <View key={`${r.at}-${i}`} className="reminder-row">
          <View className="unit-row__main">
            <Text className="reminder-row__title">{r.title}</Text>
            <Text className="unit-row__meta reminder-row__date">{localDay(r.at)}</Text>
          </View>
          {r.lines.map((l, j) => (
            <Text key={j} className="unit-row__meta reminder-row__line">
              {l.label}：{l.value}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}
