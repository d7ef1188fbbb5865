import { useState } from 'react';
import type { ArrearsReport } from '@shared/contracts/fees.contract';
import { Text, View } from '@tarojs/components';
import { AGEING_BUCKETS, type AgeingBucket } from '@shared/domain/fees';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { usePaged } from '@/hooks/use-paged';
import { call } from '@/services/cloud';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { PagedList } from '@/components/paged-list';
import { Stat } from '@/components/stat';
import { Choices } from '@/components/choices';
import { money } from '@/components/fee-entry';
import { ArrearsRow, BUCKET_LABELS } from '@/components/fee-arrears';
import { useReloadOnReturn } from '@/components/reload-on-return';

const ALL = 'all';

/** 欠费管理 (staff/pages/arrears/index): units in arrears by building and age, page by page (加载更多); tap one for its account. */
export default function ArrearsPage() {
  useSession({ required: true });
  const overview = useCloud('community', 'overview');
  const [buildingId, setBuildingId] = useState<string>(ALL);
  const [bucket, setBucket] = useState<AgeingBucket | typeof ALL>(ALL);
  // Each page comes with the totals of the building (all buckets): the summary keeps the latest first page's.
  const [summary, setSummary] = useState<ArrearsReport | undefined>();
  const list = usePaged(async (page) => {
    const res = await call('fees', 'arrears', { ...(buildingId === ALL ? {} : { buildingId }), ...(bucket === ALL ? {} : { bucket }), page, pageSize: 20 });
    if (page === 1) setSummary(res);
    return res;
  }, `${buildingId}:${bucket}`);
  useReloadOnReturn(list.reload);
  const r = summary;

  const buildings = [{ value: ALL, label: '全部楼栋' }, ...(overview.data?.buildings ?? []).map((b) => ({ value: b.id, label: b.name }))];
  const buckets = [{ value: ALL, label: '全部' } as const, ...AGEING_BUCKETS.map((b) => ({ value: b, label: BUCKET_LABELS[b] }))];

  return (
    <View className="page arrears">
      <PageHeader title="欠费管理" subtitle="按楼栋、账龄查看欠费住户；点击住户登记缴费或记录催缴结果" />
      <View className="card arrears__filters">
        <Text className="arrears__filter-label">楼栋</Text>
        <Choices name="arrears-building" options={buildings} value={buildingId} onChange={setBuildingId} />
      </View>
      <StateView loading={list.loading && !r} error={r ? undefined : list.error} onRetry={list.reload}>
        {r ? (
          <>
            <View className="card arrears__summary">
              <View className="unit-row__main">
                <Text className="card__title">
                  欠费 {r.units} 户 · <Text className="danger arrears__total">{money(r.totalFen)}</Text>
                </Text>
                <Text className="link arrears__reload" onClick={list.reload}>
                  刷新
                </Text>
              </View>
              <View className="stats">
                {AGEING_BUCKETS.map((b) => (
                  <Stat key={b} className={`arrears__bucket arrears__bucket--${b.replace('+', 'plus')}`} value={money(r.byBucket[b].fen)} label={`${BUCKET_LABELS[b]} · ${r.byBucket[b].units}户`} />
                ))}
              </View>
              <View className="tabs arrears__buckets">
                <Choices name="arrears-bucket" options={buckets} value={bucket} onChange={setBucket} />
              </View>
            </View>
            <View className="card arrears__list">
              <PagedList list={list} name="arrears" emptyText={r.units === 0 ? '暂无欠费住户' : '该账龄段暂无欠费住户'} render={(u) => <ArrearsRow key={u.unitId} unit={u} />} />
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
