import { Text, View } from '@tarojs/components';
import type { MoveInDefectView } from '@shared/contracts/movein-inspection.contract';
import { formatShortTime } from '@shared/domain/calendar';
import { INSPECTION_ITEM_LABELS, INSPECTION_ROOM_LABELS } from '@shared/domain/movein';
import { RepairStatusTag } from './repair-tags';
import './movein-inspection.scss';

interface Props {
  defect: MoveInDefectView;
  /** Opens the defect's repair order (the owner's or the staff repair page). */
  onOpen?: (repairId: string) => void;
  /** Show the round (复验) the defect was found in. */
  showRound?: boolean;
}

/**
 * A defect found at 验房: where (room · item), what, and its 维保 repair order — number, status,
 * who repairs it, overdue. Tapping it opens the repair.
 */
export function DefectRow({ defect: d, onOpen, showRound }: Props) {
  const r = d.repair;
  return (
    <View className={`movein-defect ${r && onOpen ? 'movein-defect--link' : ''} ${r?.overdue ? 'movein-defect--overdue' : ''}`} data-id={d.id} onClick={r && onOpen ? () => onOpen(r.id) : undefined}>
      <View className="movein-defect__head">
        <Text className="movein-defect__where">
          {INSPECTION_ROOM_LABELS[d.room]} · {INSPECTION_ITEM_LABELS[d.item]}
        </Text>
        {r ? <RepairStatusTag status={r.status} /> : <Text className="tag">待转报修</Text>}
      </View>
      <Text className="movein-defect__desc">{d.description}</Text>
      <Text className="muted movein-defect__meta">
        {showRound && d.round > 1 ? `第${d.round}次验房 · ` : ''}
        {formatShortTime(d.createdAt)}
        {r ? ` · 工单 ${r.orderNo}` : ''}
        {r?.assigneeName ? ` · ${r.assigneeName}` : ''}
        {r?.overdue ? ' · 已超时' : ''}
      </Text>
      {r?.status === 'completed' && onOpen ? <Text className="link movein-defect__rate">已完工，请查看并评价 ›</Text> : null}
    </View>
  );
}
