import { Text, View } from '@tarojs/components';
import { MOVEIN_STATUS_LABELS } from '@shared/domain/movein';
import { chineseDate } from '@shared/domain/calendar';
import { routes } from '@shared/routes';
import { useCloud } from '../hooks/use-cloud';
import { openPage } from '../services/navigation';
import { TaskEntry } from './task-entry';

/** Manager home: 入住管理, with the number of published (ongoing) batches. */
export function MoveInBatchesEntry() {
  const open = useCloud('movein', 'batches', { status: 'published', page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="movein-batches-entry"
      title="入住管理"
      page={routes.manager.moveinBatches}
      waiting={open}
      countText={(n) => `${n} 个入住批次正在办理`}
      emptyText="新楼栋交付时，在这里建立入住批次、发布入住通知"
      actionText="入住批次"
    />
  );
}

/** Owner home: a card while one of the owner's units has an open move-in (待办理 / 办理中), to 我的入住. */
export function OwnerMoveInCard() {
  const mine = useCloud('movein', 'myMoveIn', {});
  const open = (mine.data ?? []).filter((c) => c.status === 'waiting' || c.status === 'in_progress');
  if (!open.length) return null;
  const c = open[0];
  const text =
    c.status === 'in_progress'
      ? `正在办理入住手续（必办 ${c.requiredDone}/${c.stepsRequired} 项）`
      : c.booking
        ? `已预约 ${chineseDate(c.booking.day)} ${c.booking.slotLabel} 办理入住`
        : c.canBook
          ? '新房已可办理入住，请预约办理时间'
          : '新房入住办理待安排';
  return (
    <View className="card card--link owner-movein-card" onClick={() => openPage(routes.owner.movein)}>
      <View className="unit-row__main">
        <Text className="card__title">我的入住</Text>
        <Text className="tag owner-movein-card__status">{MOVEIN_STATUS_LABELS[c.status]}</Text>
      </View>
      <Text className="muted">
        {c.unitLabel} · {text}
      </Text>
      <Text className="link card__text">{c.booking || c.status === 'in_progress' ? '查看详情' : '去预约'} ›</Text>
    </View>
  );
}
