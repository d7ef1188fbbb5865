import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { RepairSummary } from '@shared/contracts/repairs.contract';
import { routes } from '@shared/routes';
import { useCloud } from '@/hooks/use-cloud';
import { call, toCloudError } from '@/services/cloud';
import { goLogin, openPage } from '@/services/navigation';
import { toast } from '@/services/ui';
import { StateView } from '@/components/state-view';
import { RepairRow } from '@/components/repair-row';
import { useReloadOnReturn } from '@/components/reload-on-return';

/** My orders sorted by the deadline running now (none last), then by report time. */
function byDeadline(a: RepairSummary, b: RepairSummary): number {
  const da = a.deadline ? Date.parse(a.deadline.at) : Number.POSITIVE_INFINITY;
  const db = b.deadline ? Date.parse(b.deadline.at) : Number.POSITIVE_INFINITY;
  if (da !== db) return da - db;
  return Date.parse(a.createdAt) - Date.parse(b.createdAt);
}

/**
 * The technician's work queue: 我的工单 (next deadline first) and 抢单池 (claim one). Reloads when
 * the page shows again (back from an order).
 */
export function TechQueue() {
  const queue = useCloud('repairs', 'queue');
  const [claiming, setClaiming] = useState<string>();
  const [claimError, setClaimError] = useState<string>();
  useReloadOnReturn(queue.reload);

  const open = (id: string) => openPage(routes.staff.repair, { id });

  const claim = async (order: RepairSummary) => {
    if (claiming) return;
    setClaiming(order.id);
    setClaimError(undefined);
    try {
      const taken = await call('repairs', 'claim', { repairId: order.id });
      toast('抢单成功');
      queue.reload();
      open(taken.id);
    } catch (e) {
      const err = toCloudError(e);
      if (err.needsLogin) return goLogin();
      setClaimError(err.message);
      toast(err.message);
      if (err.code === 'REPAIR.ALREADY_TAKEN' || err.status === 409) queue.reload();
    } finally {
      setClaiming(undefined);
    }
  };

  const now = Date.now();
  const mine = [...(queue.data?.mine ?? [])].sort(byDeadline);
  const pool = queue.data?.pool ?? [];

  return (
    <View className="tech-queue">
      <View className="card tech-queue__mine">
        <View className="unit-row__main">
          <Text className="card__title">我的工单{queue.data ? `（${mine.length}${queue.data.more?.mine ? '+' : ''}）` : ''}</Text>
          <Text className="link tech-queue__reload" onClick={queue.reload}>
            刷新
          </Text>
        </View>
        <StateView loading={queue.loading && !queue.data} error={queue.error} onRetry={queue.reload} empty={!!queue.data && mine.length === 0} emptyText="暂无待处理的工单">
          {mine.map((o) => (
            <RepairRow key={o.id} order={o} now={now} className="tech-queue__order" onClick={() => open(o.id)} />
          ))}
        </StateView>
      </View>
      <View className="card tech-queue__pool">
        <Text className="card__title">抢单池{queue.data ? `（${pool.length}${queue.data.more?.pool ? '+' : ''}）` : ''}</Text>
        {claimError ? (
          <View className="form-error tech-queue__error">
            <Text>{claimError}</Text>
          </View>
        ) : null}
        {queue.data ? (
          pool.length === 0 ? (
            <Text className="muted tech-queue__pool-empty">暂无可抢的工单</Text>
          ) : (
            pool.map((o) => (
              <RepairRow
                key={o.id}
                order={o}
                now={now}
                className="tech-queue__pool-order"
                onClick={() => open(o.id)}
                actions={
                  <Button
                    className="btn btn--primary tech-queue__claim"
                    size="mini"
                    loading={claiming === o.id}
                    disabled={!!claiming || undefined}
                    onClick={() => claim(o)}
                  >
                    抢单
                  </Button>
                }
              />
            ))
          )
        ) : null}
        {queue.data?.more?.pool ? <Text className="muted tech-queue__more">仅显示最紧急的{pool.length}单，抢单后刷新可看到更多</Text> : null}
      </View>
    </View>
  );
}
