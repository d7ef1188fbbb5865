import type { ReactNode } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { PagedState } from '../hooks/use-paged';
import { StateView } from './state-view';

interface Props<T> {
  list: PagedState<T>;
  emptyText: string;
  /** Names the list in class names (`paged--calls`). */
  name: string;
  render: (item: T) => ReactNode;
}

/** A paged list: first-load states, "共 N 条", the items, and 加载更多. */
export function PagedList<T>({ list, emptyText, name, render }: Props<T>) {
  const firstLoad = list.page === 0;
  return (
    <StateView loading={firstLoad && list.loading} error={firstLoad ? list.error : undefined} onRetry={list.reload} empty={!firstLoad && list.items.length === 0} emptyText={emptyText}>
      <View className={`paged paged--${name}`}>
        {list.total ? <Text className="muted paged__total">共 {list.total} 条</Text> : null}
        {list.items.map(render)}
        {!firstLoad && list.error ? <Text className="state__message">{list.error.message}</Text> : null}
        {list.hasMore ? (
          <Button className="btn btn--ghost paged__more" loading={list.loading} disabled={list.loading || undefined} onClick={list.loadMore}>
            加载更多
          </Button>
        ) : null}
      </View>
    </StateView>
  );
}
