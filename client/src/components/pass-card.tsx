import { Text, View } from '@tarojs/components';
import type { PassView } from '@shared/contracts/desk-log.contract';
import { chineseDate, formatShortTime } from '@shared/domain/calendar';
import { formatPassCode, PASS_STATUS_LABELS } from '@shared/domain/desk-log';
import type { ReactNode } from 'react';
import './desk-log.scss';

const STATUS_TAG: Record<PassView['status'], string> = { pending: 'pending', approved: 'approved', rejected: 'rejected', used: 'used', revoked: 'revoked' };

/** A release pass: unit, items, carrier, date, its state, and its code once approved; `children` are its buttons. */
export function PassCard({ pass: p, children, showCode = true }: { pass: PassView; children?: ReactNode; showCode?: boolean }) {
  const expired = p.check === 'expired';
  return (
    <View className={`card pass-card pass-card--${p.status}`}>
      <View className="pass-card__head">
        <Text className="pass-card__unit">{p.unitLabel}</Text>
        <Text className={`tag tag--${expired ? 'expired' : STATUS_TAG[p.status]} pass-card__status`}>{expired ? '已过期' : PASS_STATUS_LABELS[p.status]}</Text>
      </View>
      {showCode && p.code ? <Text className="pass-card__code">{formatPassCode(p.code)}</Text> : null}
      <Text className="pass-card__line pass-card__items">
        物品：{p.items}（{p.quantity} 件）
      </Text>
      <Text className="pass-card__line pass-card__carrier">
        搬运人：{p.carrierName} {p.carrierPhone}
        {p.plate ? ` · 车牌 ${p.plate}` : ''}
      </Text>
      <Text className="pass-card__line pass-card__date">放行日期：{chineseDate(p.date)}</Text>
      <Text className="muted pass-card__by">
        申请：{p.requestedByName}（{p.requestedAs}）{p.approvedByName ? ` · 业主确认：${p.approvedByName}` : ''}
        {p.usedAt ? ` · ${formatShortTime(p.usedAt)} 由 ${p.usedByName ?? ''} 放行` : ''}
      </Text>
      {p.note ? <Text className="muted pass-card__note">备注：{p.note}</Text> : null}
      {children}
    </View>
  );
}
