import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCloud } from '../hooks/use-cloud';
import { usePaged } from '../hooks/use-paged';
import { useSubmit } from '../hooks/use-submit';
import { call } from '../services/cloud';
import { toast } from '../services/ui';
import { formatRate } from './repair-format';
import { Stat } from './stat';
import { StateView } from './state-view';
import { FormError } from './form-field';

/** The event of 阅读情况's 刷新: the 未读房屋 list of the same notice reloads with the figures. */
const REFRESH_EVENT = 'notice-read:refresh';

/** 阅读情况: units, pushes sent and delivered, units that read it, and building by building. */
export function NoticeStats({ noticeId }: { noticeId: string }) {
  const stats = useCloud('notices', 'stats', { noticeId });
  const s = stats.data;
  const refresh = () => {
    stats.reload();
    Taro.eventCenter.trigger(REFRESH_EVENT, noticeId);
  };
  return (
    <View className="card notice-stats">
      <View className="unit-row__main">
        <Text className="card__title">阅读情况</Text>
        <Text className="link notice-stats__reload" onClick={refresh}>
          刷新
        </Text>
      </View>
      <StateView loading={stats.loading && !s} error={stats.error} onRetry={stats.reload}>
        {s ? (
          <>
            <View className="stats">
              <Stat className="notice-stats__units" value={s.units} label="目标户数" />
              <Stat className="notice-stats__pushed" value={s.pushed} label="已推送" />
              <Stat className="notice-stats__delivered" value={s.delivered} label="已送达" />
              <Stat className="notice-stats__read" value={s.read} label="已读户数" />
            </View>
            <Text className="muted notice-stats__rate">阅读率 {formatRate(s.units ? s.read / s.units : null)}</Text>
            {s.byBuilding.map((b) => (
              <View key={b.buildingId} className="bar-row notice-stats__building">
                <Text className="bar-row__label">{b.name}</Text>
                <View className="bar-row__track">
                  <View className="bar-row__fill notice-stats__fill" style={{ width: `${b.units ? (b.read / b.units) * 100 : 0}%` }} />
                </View>
                <Text className="bar-row__value notice-stats__building-read">
                  {b.read}/{b.units}
                </Text>
              </View>
            ))}
          </>
        ) : null}
      </StateView>
    </View>
  );
}

/** 未读房屋 of an important or emergency notice, and (managers) 生成电话通知任务 for them. */
export function NoticeUnread({ noticeId, canCall }: { noticeId: string; canCall: boolean }) {
  const unread = usePaged((page) => call('notices', 'unread', { noticeId, page, pageSize: 20 }), noticeId);
  const submit = useSubmit();
  const { reload } = unread;
  useEffect(() => {
    const onRefresh = (id: string) => {
      if (id === noticeId) reload();
    };
    Taro.eventCenter.on(REFRESH_EVENT, onRefresh);
    return () => void Taro.eventCenter.off(REFRESH_EVENT, onRefresh);
  }, [noticeId, reload]);
  const [created, setCreated] = useState<number>();
  const units = unread.items;
  const loaded = unread.page > 0;
  const makeCalls = async () => {
    const res = await submit.run(() => call('notices', 'callUnread', { noticeId }));
    if (!res) return;
    setCreated(res.created);
    toast(res.created > 0 ? `已生成 ${res.created} 条电话通知任务` : '没有需要新建的电话任务');
  };
  return (
    <View className="card notice-unread">
      <Text className="card__title">未读房屋{loaded ? `（${unread.total} 户）` : ''}</Text>
      <StateView loading={unread.loading && !loaded} error={loaded ? undefined : unread.error} onRetry={unread.reload} empty={loaded && units.length === 0} emptyText="所有房屋都已阅读">
        {units.map((u) => (
          <View key={u.unitId} className="unit-row notice-unread__row">
            <View className="unit-row__main">
              <Text className="unit-row__label">{u.label}</Text>
              <Text className="muted">{u.phone}</Text>
            </View>
            <Text className="muted">{u.ownerNames.join('、') || '暂无业主'}</Text>
          </View>
        ))}
        {loaded && unread.error ? <Text className="state__message">{unread.error.message}</Text> : null}
        {unread.hasMore ? (
          <Button className="btn btn--ghost paged__more notice-unread__more" loading={unread.loading} disabled={unread.loading || undefined} onClick={unread.loadMore}>
            加载更多（已显示 {units.length}/{unread.total} 户）
          </Button>
        ) : null}
        {canCall && units.length > 0 ? (
          <>
            <Text className="muted">重要通知可由客服逐户电话告知，每户只生成一次任务。</Text>
            <FormError error={submit.error} />
            <Button className="btn btn--primary notice-unread__call" loading={submit.busy} disabled={submit.busy || undefined} onClick={makeCalls}>
              生成电话通知任务
            </Button>
          </>
        ) : null}
        {created !== undefined ? <Text className="notice-unread__created">已生成 {created} 条电话通知任务</Text> : null}
      </StateView>
    </View>
  );
}
