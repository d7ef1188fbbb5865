import { useEffect, useRef, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { UnitSummary } from '@shared/contracts/community.contract';
import { call, CloudError, isCloudError } from '@/services/cloud';
import { goLogin } from '@/services/navigation';
import { StateView } from '@/components/state-view';
import { UnitRow } from '@/components/unit-row';

const PAGE_SIZE = 20;

interface Props {
  buildingId?: string;
}

interface ListState {
  items: UnitSummary[];
  total: number;
  page: number;
  loading: boolean;
  error?: CloudError;
}

/** Units with their owners, 20 at a time (加载更多), filtered by building, searchable by room or name. */
export function UnitsPanel({ buildingId }: Props) {
  const [list, setList] = useState<ListState>({ items: [], total: 0, page: 0, loading: true });
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const ticket = useRef(0);

  const load = (page: number) => {
    const mine = ++ticket.current;
    setList((s) => ({ ...s, loading: true, error: undefined }));
    call('community', 'units', { buildingId, page, pageSize: PAGE_SIZE, ...(q ? { q } : {}) }).then(
      (res) => {
        if (mine !== ticket.current) return;
        setList((s) => ({
          items: page === 1 ? res.items : [...s.items, ...res.items],
          total: res.total,
          page: res.page,
          loading: false,
        }));
      },
      (e: unknown) => {
        if (mine !== ticket.current) return;
        const error = isCloudError(e) ? e : new CloudError('INTERNAL', '系统繁忙，请稍后重试', 0);
        setList((s) => ({ ...s, loading: false, error }));
        if (error.needsLogin) goLogin();
      },
    );
  };

  useEffect(() => {
    setList({ items: [], total: 0, page: 0, loading: true });
    load(1);
  }, [buildingId, q]);

  const search = () => setQ(draft.trim().slice(0, 30));

  const firstLoad = list.page === 0;
  const hasMore = list.items.length < list.total;

  return (
    <View className="card units">
      <Text className="card__title">房屋与业主{list.total ? `（共 ${list.total} 户）` : ''}</Text>
      <View className="units__search">
        <Input
          className="units__search-input"
          value={draft}
          maxlength={30}
          confirmType="search"
          placeholder="搜索房号或住户姓名"
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={search}
        />
        <Button className="btn units__search-btn" size="mini" onClick={search}>
          搜索
        </Button>
      </View>
      <StateView
        loading={firstLoad && list.loading}
        error={firstLoad ? list.error : undefined}
        onRetry={() => load(1)}
        empty={!firstLoad && list.items.length === 0}
        emptyText={q ? `没有找到与“${q}”相关的房屋或住户` : '该楼栋暂无房屋'}
      >
        {list.items.map((u) => (
          <UnitRow key={u.id} unit={u} meta={`${u.areaM2} m² · ${u.floor} 层 · 业主：${u.ownerNames.length ? u.ownerNames.join('、') : '未登记'}`} />
        ))}
        {!firstLoad && list.error ? (
          <View className="state state--error">
            <Text className="state__message">{list.error.message}</Text>
          </View>
        ) : null}
        {hasMore ? (
          <Button className="btn btn--ghost units__more" loading={list.loading} disabled={list.loading} onClick={() => load(list.page + 1)}>
            加载更多
          </Button>
        ) : list.items.length > 0 ? (
          <Text className="muted units__end">已全部加载</Text>
        ) : null}
      </StateView>
    </View>
  );
}
