import { useRef } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCloud } from '../hooks/use-cloud';
import { openPage } from '../services/navigation';

export const BINDINGS_PAGE = '/staff/pages/bindings/index';

/** Agent desk and manager home: the way to 业主绑定审核, with the number waiting (refreshed on return). */
export function BindingsEntry() {
  const pending = useCloud('binding', 'tasks', { status: 'pending', page: 1, pageSize: 1 });
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) pending.reload();
    shown.current = true;
  });
  const count = pending.data?.total ?? 0;
  return (
    <View className="card card--link bindings-entry" onClick={() => openPage(BINDINGS_PAGE)}>
      <View className="unit-row__main">
        <Text className="card__title">业主绑定审核</Text>
        {count > 0 ? <Text className="badge bindings-entry__count">{count}</Text> : null}
      </View>
      <Text className="muted">{pending.error ? pending.error.message : count > 0 ? `有 ${count} 条绑定申请待审核` : '暂无待审核的绑定申请'}</Text>
      <Text className="link card__text">去审核 ›</Text>
    </View>
  );
}
