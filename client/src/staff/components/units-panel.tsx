import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { usePaged } from '@/hooks/use-paged';
import { StateView } from '@/components/state-view';
import { UnitRow } from '@/components/unit-row';
import { routes } from '@shared/routes';

const PAGE_SIZE = 20;

/**
 * Units with their owners, 20 at a time (加载更多), filtered by building, searchable by room or
 * name; tapping a unit opens its record.
 */
export function UnitsPanel({ buildingId }: { buildingId?: string }) {
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const list = usePaged(
    (page) => call('community', 'units', { buildingId, page, pageSize: PAGE_SIZE, ...(q ? { q } : {}) }),
    JSON.stringify([buildingId, q]),
  );

  const search = () => setQ(draft.trim().slice(0, 30));
  const firstLoad = list.page === 0;

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
        onRetry={list.reload}
        empty={!firstLoad && list.items.length === 0}
        emptyText={q ? `没有找到与“${q}”相关的房屋或住户` : '该楼栋暂无房屋'}
      >
        {list.items.map((u) => (
          <UnitRow
            key={u.id}
            unit={u}
            meta={`${u.areaM2} m² · ${u.floor} 层 · 业主：${u.ownerNames.length ? u.ownerNames.join('、') : '未登记'}`}
            onClick={() => openPage(routes.staff.unit, { unitId: u.id })}
          />
        ))}
        {!firstLoad && list.error ? (
          <View className="state state--error">
            <Text className="state__message">{list.error.message}</Text>
          </View>
        ) : null}
        {list.hasMore ? (
          <Button className="btn btn--ghost units__more" loading={list.loading} disabled={list.loading || undefined} onClick={list.loadMore}>
            加载更多
          </Button>
        ) : list.items.length > 0 ? (
          <Text className="muted units__end">已全部加载</Text>
        ) : null}
      </StateView>
    </View>
  );
}
