import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { BillingRunReport, FeeItemView } from '@shared/contracts/fees.contract';
import { AGEING_BUCKETS, BILLING_CYCLE_LABELS, FEE_KIND_LABELS, FEE_RATE_UNITS, LADDER_STAGES, yuan } from '@shared/domain/fees';
import { routes } from '@shared/routes';
import { addMonths, chineseMonth, localMonth } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { usePaged } from '@/hooks/use-paged';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { PagedList } from '@/components/paged-list';
import { Stat } from '@/components/stat';
import { FormError } from '@/components/form-field';
import { formatRate } from '@/components/repair-format';
import { FeeChargeEntry, money } from '@/components/fee-entry';
import { PayIssuesEntry } from '@/components/pay-issues-entry';
import { ArrearsRow, BUCKET_LABELS } from '@/components/fee-arrears';
import { FeeItemForm } from '@/components/fee-item-form';
import { FeeLadder } from '@/components/fee-ladder';
import { useReloadOnReturn } from '@/components/reload-on-return';

/** 收费管理 (manager/pages/fees/index): collection figures, arrears ageing, the review list, the reminder ladder, fee items and the billing run, the way to 一次性收费. */
export default function ManagerFeesPage() {
  const session = useSession({ required: true });
  const isManager = (session?.me.roles ?? []).includes('manager');
  const thisMonth = localMonth(Date.now());
  const [month, setMonth] = useState(thisMonth);
  const stats = useCloud('fees', 'stats', { month });
  // Only the totals (the list itself is 欠费明细): one unit of the first page comes with them.
  const arrears = useCloud('fees', 'arrears', { pageSize: 1 });
  const review = usePaged((page) => call('fees', 'reviewList', { page, pageSize: 10 }), 'review');
  const items = useCloud('fees', 'items');
  const [editing, setEditing] = useState<FeeItemView | 'new' | null>(null);
  const [run, setRun] = useState<BillingRunReport | undefined>();
  const billing = useSubmit();
  useReloadOnReturn(() => {
    arrears.reload();
    review.reload();
  });

  const s = stats.data;
  const ar = arrears.data;
  const bucketMax = ar ? Math.max(1, ...AGEING_BUCKETS.map((b) => ar.byBucket[b].fen)) : 1;

  const runBilling = async () => {
    // Idempotent: bills that exist are counted, never made twice, so no need to ask first.
    const report = await billing.run(() => call('fees', 'runBilling', { month: thisMonth }));
    if (!report) return;
    setRun(report);
    toast(`新生成 ${report.created} 张账单`);
    stats.reload();
    arrears.reload();
  };

  const saved = (item: FeeItemView) => {
    const list = items.data ?? [];
    items.set(list.some((i) => i.id === item.id) ? list.map((i) => (i.id === item.id ? item : i)) : [...list, item]);
    setEditing(null);
    toast('已保存');
  };

  return (
    <View className="page fees">
      <PageHeader title="收费管理" subtitle="收缴率、欠费账龄、收费项目与出账" />

      <View className="card fees__stats">
        <View className="fees__month-nav">
          <Text className="link fees__prev" onClick={() => setMonth((m) => addMonths(m, -1))}>
            ‹ 上月
          </Text>
          <Text className="fees__month">{chineseMonth(month)}</Text>
          {month >= thisMonth ? (
            <Text className="muted fees__next">下月 ›</Text>
          ) : (
            <Text className="link fees__next" onClick={() => setMonth((m) => addMonths(m, 1))}>
              下月 ›
            </Text>
          )}
        </View>
        <StateView loading={stats.loading} error={stats.error} onRetry={stats.reload}>
          {s ? (
            <>
              <View className="stats">
                <Stat className="fees__billed" value={yuan(s.billedFen)} label="应收（元）" />
                <Stat className="fees__collected" value={yuan(s.collectedFen)} label="实收（元）" />
                <Stat className="fees__rate" value={formatRate(s.rate)} label="收缴率" />
              </View>
              <Text className="fees__subtitle">按楼栋</Text>
              {s.byBuilding.length === 0 ? <Text className="muted">本月暂无账单</Text> : null}
              {s.byBuilding.map((b) => (
                <View key={b.buildingId} className="bar-row fees__building">
                  <Text className="bar-row__label">{b.name}</Text>
                  <View className="bar-row__track">
                    <View className="bar-row__fill fees__fill" style={{ width: `${Math.round((b.rate ?? 0) * 100)}%` }} />
                  </View>
                  <Text className="bar-row__value fees__building-rate">{formatRate(b.rate)}</Text>
                  <Text className="muted fees__building-money">
                    {yuan(b.collectedFen)}/{yuan(b.billedFen)}
                  </Text>
                </View>
              ))}
              <Text className="fees__subtitle">催缴提醒（7天内缴费）</Text>
              {(s.reminders.length ? s.reminders : LADDER_STAGES.map((st) => ({ stage: st.stage, label: st.label, sent: 0, paidWithin7Days: 0 }))).map((r) => (
                <View key={r.stage} className={`info-row fees__reminder fees__reminder--${r.stage}`}>
                  <Text className="muted">{r.label}</Text>
                  <Text>
                    发出 {r.sent} 次 · 7天内缴费 {r.paidWithin7Days}
                    {r.sent > 0 ? `（${formatRate(r.paidWithin7Days / r.sent)}）` : ''}
                  </Text>
                </View>
              ))}
            </>
          ) : null}
        </StateView>
      </View>

      <View className="card fees__ageing">
        <View className="unit-row__main">
          <Text className="card__title">欠费账龄</Text>
          <Text className="link fees__to-arrears" onClick={() => openPage(routes.staff.arrears)}>
            欠费明细 ›
          </Text>
        </View>
        <StateView loading={arrears.loading && !ar} error={arrears.error} onRetry={arrears.reload}>
          {ar ? (
            <>
              <Text className="muted fees__arrears-total">
                欠费 {ar.units} 户，共 {money(ar.totalFen)}
              </Text>
              {AGEING_BUCKETS.map((b) => (
                <View key={b} className={`bar-row fees__bucket fees__bucket--${b.replace('+', 'plus')}`}>
                  <Text className="bar-row__label">{BUCKET_LABELS[b]}</Text>
                  <View className="bar-row__track">
                    <View className="bar-row__fill" style={{ width: `${(ar.byBucket[b].fen / bucketMax) * 100}%` }} />
                  </View>
                  <Text className="bar-row__value">{ar.byBucket[b].units}户</Text>
                  <Text className="muted fees__bucket-money">{money(ar.byBucket[b].fen)}</Text>
                </View>
              ))}
            </>
          ) : null}
        </StateView>
      </View>

      <View className="card fees__review">
        <Text className="card__title">主管审核名单{review.page > 0 ? `（${review.total}）` : ''}</Text>
        <Text className="muted">欠费满90天，请决定是否发律师函</Text>
        <PagedList list={review} name="fees-review" emptyText="暂无需要审核的欠费" render={(u) => <ArrearsRow key={u.unitId} unit={u} />} />
      </View>

      <FeeLadder canEdit={isManager} />

      <View className="card fees__items">
        <View className="unit-row__main">
          <Text className="card__title">收费项目</Text>
          {!editing ? (
            <Text className="link fees__add-item" onClick={() => setEditing('new')}>
              + 新增项目
            </Text>
          ) : null}
        </View>
        {editing === 'new' ? <FeeItemForm onSaved={saved} onCancel={() => setEditing(null)} /> : null}
        <StateView loading={items.loading && !items.data} error={items.error} onRetry={items.reload} empty={items.data?.length === 0} emptyText="暂无收费项目">
          {(items.data ?? []).map((i) =>
            editing !== 'new' && editing?.id === i.id ? (
              <FeeItemForm key={i.id} item={i} onSaved={saved} onCancel={() => setEditing(null)} />
            ) : (
              <View key={i.id} className={`fee-item ${i.active ? '' : 'fee-item--inactive'}`} data-id={i.id}>
                <View className="unit-row__main">
                  <Text className="fee-item__title">{i.name}</Text>
                  <Text className={`tag ${i.active ? 'tag--on' : ''}`}>{i.active ? '启用' : '停用'}</Text>
                </View>
                <Text className="unit-row__meta fee-item__meta">
                  {FEE_KIND_LABELS[i.kind]} · {yuan(i.rateFen)}
                  {FEE_RATE_UNITS[i.kind]}
                  {i.kind !== 'one-off' ? ` · ${BILLING_CYCLE_LABELS[i.cycle]} · 每期${i.dueDay}日缴费` : ' · 按需收取'}
                  {i.kind === 'property' && i.vacancyPercent !== 100 ? ` · 空置房${i.vacancyPercent}%` : ''}
                </Text>
                {!editing ? (
                  <View className="row-actions">
                    <Text className="link fee-item__edit" onClick={() => setEditing(i)}>
                      修改
                    </Text>
                  </View>
                ) : null}
              </View>
            ),
          )}
        </StateView>
        <FormError error={billing.error} />
        <Button className="btn btn--primary fees__run-billing" loading={billing.busy} disabled={billing.busy || undefined} onClick={runBilling}>
          生成{chineseMonth(thisMonth)}账单
        </Button>
        {run ? (
          <Text className="muted fees__run-result">
            {/^\d{4}-\d{2}$/.test(run.period) ? chineseMonth(run.period) : run.period}：{run.items} 个收费项目，新生成 {run.created} 张账单，已存在 {run.existing} 张
          </Text>
        ) : null}
      </View>

      <FeeChargeEntry />
      <PayIssuesEntry />
    </View>
  );
}
