import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { AGEING_BUCKETS, type AgeingBucket } from '@shared/domain/fees';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Stat } from '@/components/stat';
import { Choices } from '@/components/choices';
import { money } from '@/components/fee-entry';
import { ArrearsRow, BUCKET_LABELS } from '@/components/fee-arrears';
import { useReloadOnReturn } from '@/components/reload-on-return';

const ALL = 'all';

/** 欠费管理 (staff/pages/arrears/index): units in arrears by building and age; tap one for its account. */
export default function ArrearsPage() {
  useSession({ required: true });
  const overview = useCloud('community', 'overview');
  const [buildingId, setBuildingId] = useState<string>(ALL);
  const [bucket, setBucket] = useState<AgeingBucket | typeof ALL>(ALL);
  const report = useCloud('fees', 'arrears', buildingId === ALL ? {} : { buildingId });
  useReloadOnReturn(report.reload);
  const r = report.data;

  const buildings = [{ value: ALL, label: '全部楼栋' }, ...(overview.data?.buildings ?? []).map((b) => ({ value: b.id, label: b.name }))];
  const buckets = [{ value: ALL, label: '全部' } as const, ...AGEING_BUCKETS.map((b) => ({ value: b, label: BUCKET_LABELS[b] }))];
  const items = (r?.items ?? []).filter((u) => bucket === ALL || u.bucket === bucket);

  return (
    <View className="page arrears">
      <PageHeader title="欠费管理" subtitle="按楼栋、账龄查看欠费住户；点击住户登记缴费或记录催缴结果" />
      <View className="card arrears__filters">
        <Text className="arrears__filter-label">楼栋</Text>
        <Choices name="arrears-building" options={buildings} value={buildingId} onChange={setBuildingId} />
      </View>
      <StateView loading={report.loading && !r} error={report.error} onRetry={report.reload}>
        {r ? (
          <>
            <View className="card arrears__summary">
              <View className="unit-row__main">
                <Text className="card__title">
                  欠费 {r.units} 户 · <Text className="danger arrears__total">{money(r.totalFen)}</Text>
                </Text>
                <Text className="link arrears__reload" onClick={report.reload}>
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
              {items.length === 0 ? <Text className="muted">{r.units === 0 ? '暂无欠费住户' : '该账龄段暂无欠费住户'}</Text> : null}
              {items.map((u) => (
                <ArrearsRow key={u.unitId} unit={u} />
              ))}
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
