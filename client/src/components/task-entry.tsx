import { useRef } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Route } from '@shared/routes';
import type { CloudError } from '../services/cloud';
import { openPage } from '../services/navigation';

interface Props {
  /** Names the entry in class names (`bindings-entry`). */
  name: string;
  title: string;
  page: Route;
  /** A paged list read with pageSize 1 (useCloud): only its total is shown. */
  waiting: { data?: { total: number }; error?: CloudError; reload: () => void };
  /** '有 N 条绑定申请待审核' */
  countText: (n: number) => string;
  emptyText: string;
  actionText: string;
}

/** A desk entry to a work list with the number waiting, refreshed when the desk shows again. */
export function TaskEntry({ name, title, page, waiting, countText, emptyText, actionText }: Props) {
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) waiting.reload();
    shown.current = true;
  });
  const count = waiting.data?.total ?? 0;
  return (
    <View className={`card card--link ${name}`} onClick={() => openPage(page)}>
      <View className="unit-row__main">
        <Text className="card__title">{title}</Text>
        {count > 0 ? <Text className={`badge ${name}__count`}>{count}</Text> : null}
      </View>
      <Text className="muted">{waiting.error ? waiting.error.message : count > 0 ? countText(count) : emptyText}</Text>
      <Text className="link card__text">{actionText} ›</Text>
    </View>
  );
}
