import { Text, View } from '@tarojs/components';
import type { ReceiptView } from '@shared/contracts/fees.contract';
import { chineseDateTime, formatTime } from '@shared/domain/calendar';
import { PAYMENT_METHOD_LABELS, yuan } from '@shared/domain/fees';
import './receipt.scss';

/**
 * A 收款收据 as it is printed (cloud/modules/fees/receipt-pdf.ts): the payee and title, the date and
 * the number (red), who paid for which unit and how, the bills it settled and the credit left, the
 * total in capitals and figures, refunds, the payee's seal line.
 */
export function ReceiptPaper({ receipt: r }: { receipt: ReceiptView }) {
  return (
    <View className="receipt-paper">
      <Text className="receipt-paper__payee">{r.payee}</Text>
      <Text className="receipt-paper__title">{r.title}</Text>
      <View className="receipt-paper__head">
        <Text className="receipt-paper__date">{chineseDateTime(r.at)}</Text>
        <Text className="receipt-paper__no">No. {r.receiptNo}</Text>
      </View>
      <View className="receipt-paper__grid">
        {[
          ['交款人', r.payer],
          ['房屋', r.unitLabel],
          ['收款方式', PAYMENT_METHOD_LABELS[r.method]],
          ['经办人', r.cashierName],
        ].map(([label, value]) => (
          <View key={label} className="receipt-paper__cell">
            <Text className="receipt-paper__label">{label}</Text>
            <Text className={`receipt-paper__value receipt-paper__value--${label === '交款人' ? 'payer' : label === '收款方式' ? 'method' : 'other'}`}>{value}</Text>
          </View>
        ))}
      </View>
      <View className="receipt-paper__table">
        <View className="receipt-paper__tr receipt-paper__tr--head">
          <Text className="receipt-paper__td receipt-paper__td--item">收费项目</Text>
          <Text className="receipt-paper__td">账单金额</Text>
          <Text className="receipt-paper__td">{r.refundedFen > 0 ? '抵扣（退款后）' : '本次抵扣'}</Text>
        </View>
        {r.lines.map((l) => (
          <View key={l.billId} className="receipt-paper__tr receipt-paper__line">
            <Text className="receipt-paper__td receipt-paper__td--item">
              {l.itemName}
              <Text className="receipt-paper__period">{l.periodLabel}</Text>
            </Text>
            <Text className="receipt-paper__td receipt-paper__td--num">{yuan(l.billFen)}</Text>
            <Text className="receipt-paper__td receipt-paper__td--num receipt-paper__applied">{yuan(l.appliedFen)}</Text>
          </View>
        ))}
        {r.creditFen > 0 ? (
          <View className="receipt-paper__tr receipt-paper__credit">
            <Text className="receipt-paper__td receipt-paper__td--item">
              预存款
              <Text className="receipt-paper__period">抵以后的账单</Text>
            </Text>
            <Text className="receipt-paper__td receipt-paper__td--num">—</Text>
            <Text className="receipt-paper__td receipt-paper__td--num">{yuan(r.creditFen)}</Text>
          </View>
        ) : null}
        {r.lines.length === 0 && r.creditFen === 0 ? (
          <View className="receipt-paper__tr">
            <Text className="receipt-paper__td receipt-paper__td--item">已全额退款</Text>
            <Text className="receipt-paper__td receipt-paper__td--num">—</Text>
            <Text className="receipt-paper__td receipt-paper__td--num">0.00</Text>
          </View>
        ) : null}
      </View>
      <View className="receipt-paper__total">
        <Text className="receipt-paper__capitals">合计：人民币（大写）{r.amountCapitals}</Text>
        <Text className="receipt-paper__amount">¥{yuan(r.amountFen)}</Text>
      </View>
      {r.note ? <Text className="receipt-paper__note">备注：{r.note}</Text> : null}
      {r.refunds.map((x, i) => (
        <Text key={`${x.at}-${i}`} className="receipt-paper__refund">
          退款：{formatTime(x.at)} 退回 {yuan(x.amountFen)} 元（{x.reason}），经办：{x.byName}
        </Text>
      ))}
      {r.refundedFen > 0 ? <Text className="receipt-paper__net">退款后实收：¥{yuan(r.amountFen - r.refundedFen)}</Text> : null}
      <View className="receipt-paper__sign">
        <Text className="receipt-paper__signature">收款单位（盖章）：{r.payee}</Text>
        <View className="receipt-paper__seal">
          <Text className="receipt-paper__seal-name">{r.payee}</Text>
          <Text className="receipt-paper__seal-text">电子收据</Text>
        </View>
      </View>
    </View>
  );
}
