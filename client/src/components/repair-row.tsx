import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { RepairSummary } from '@shared/contracts/repairs.contract';
import { REPAIR_AREA_LABELS } from '@shared/domain/repairs';
import { formatTime } from '@shared/domain/calendar';
import { DeadlineLine, RepairFlags, RepairStatusTag, UrgencyTag } from './repair-tags';

interface Props {
  order: RepairSummary;
  /** Names the row in class names (`tech-queue__order`, `repairs-list__order`…) for tests and styles. */
  className?: string;
  onClick?: () => void;
  /** Show who holds it (agent and manager lists). */
  showAssignee?: boolean;
  /** Buttons under the row (e.g. 抢单); taps on them do not open the order. */
  actions?: ReactNode;
  now?: number;
}

/** One repair order in a list: status, urgency, location, category, deadline, flags. */
export function RepairRow({ order, className = '', onClick, showAssignee, actions, now }: Props) {
  return (
    <View className={`repair-row ${onClick ? 'repair-row--link' : ''} ${className}`} onClick={onClick} data-id={order.id}>
      <View className="repair-row__main">
        <View className="repair-row__tags">
          <UrgencyTag urgency={order.urgency} />
          <RepairStatusTag status={order.status} />
        </View>
        <Text className="repair-row__no muted">{order.orderNo}</Text>
      </View>
      <Text className="repair-row__title">
        {order.category} · {order.location}
      </Text>
      <Text className="repair-row__desc">{order.description}</Text>
      <Text className="repair-row__meta">
        {REPAIR_AREA_LABELS[order.area]} · 报修于 {formatTime(order.createdAt)}
        {showAssignee ? ` · ${order.assigneeName ? `师傅：${order.assigneeName}` : '未派单'}` : ''}
      </Text>
      {order.deadline ? <DeadlineLine deadline={order.deadline} now={now} /> : null}
      <RepairFlags flags={order.flags} breached={order.breached} urgeCount={order.urgeCount} inPool={order.inPool} />
      {actions ? (
        <View className="repair-row__actions" onClick={(e) => e.stopPropagation()}>
          {actions}
        </View>
      ) : null}
    </View>
  );
}
