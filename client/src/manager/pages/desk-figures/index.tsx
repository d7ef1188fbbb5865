import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { DeskFigures } from '@shared/contracts/desk-log.contract';
import { addDays, durationText, localDay, monthBounds } from '@shared/domain/calendar';
import { CONTACT_KIND_LABELS } from '@shared/domain/desk-log';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices } from '@/components/choices';
import { formatRate } from '@/components/repair-format';
import '@/components/desk-log.scss';
import { TrendChart } from '../../components/trend-chart';
import '../../components/dashboard.scss';

type Period = '7' | '30' | 'month';
const PERIODS: { value: Period; label: string }[] = [
  { value: '7', label: '近7天' },
  { value: '30', label: '近30天' },
  { value: 'month', label: '本月' },
];

function rangeOf(period: Period, today: string): { from: string; to: string } {
  if (period === 'month') return { from: localDay(monthBounds(today.slice(0, 7)).from), to: today };
  return { from: addDays(today, -(Number(period) - 1)), to: today };
}

const minutes = (m: number | null) => (m === null ? '—' : durationText(m));
const stars = (r: number | null) => (r === null ? '—' : `${r.toFixed(1)} 星`);

function Tiles({ f }: { f: DeskFigures }) {
  const tiles = [
    { name: 'inquiries', label: '咨询', value: String(f.inquiries.total) },
    { name: 'contacts', label: '来电来访', value: String(f.contacts.total), note: f.contacts.openFollowUps ? `${f.contacts.openFollowUps} 条待跟进` : undefined, alert: f.contacts.openFollowUps > 0 },
    { name: 'ack', label: '受理用时（中位）', value: minutes(f.inquiries.ack.median), note: `准时 ${formatRate(f.inquiries.ack.onTimeShare)}`, alert: (f.inquiries.ack.onTimeShare ?? 1) < 0.9 },
    { name: 'answer', label: '答复用时（中位）', value: minutes(f.inquiries.answer.median), note: `准时 ${formatRate(f.inquiries.answer.onTimeShare)}`, alert: (f.inquiries.answer.onTimeShare ?? 1) < 0.9 },
    { name: 'rating', label: '平均评价', value: stars(f.inquiries.averageRating) },
    { name: 'self-service', label: '自助查询命中率', value: formatRate(f.selfService.hitRate), note: `共 ${f.selfService.searches} 次查询` },
  ];
  return (
    <View className="figures">
      {tiles.map((t) => (
        <View key={t.name} className={`figures__tile figures__tile--${t.name}${t.alert ? ' figures__tile--alert' : ''}`}>
          <Text className="figures__value">{t.value}</Text>
          <Text className="figures__label">{t.label}</Text>
          {t.note ? <Text className="figures__note">{t.note}</Text> : null}
        </View>
      ))}
    </View>
  );
}

/**
 * 接待台数据 (managers): inquiries by topic, acknowledgement and answer times against their promises,
 * self-service searches and the answers owners looked for and did not find, the busiest hours, and
 * each agent's figures, over the last 7 or 30 days or this month.
 */
export default function ManagerDeskFiguresPage() {
  useSession({ required: true });
  const [period, setPeriod] = useState<Period>('30');
  const range = rangeOf(period, localDay(Date.now()));
  const figures = useCloud('desk', 'figures', range);
  const f = figures.data;
  const busy = f ? f.byHour.filter((h) => h.hour >= 7 && h.hour <= 21) : [];

  return (
    <View className="page manager desk-figures">
      <PageHeader title="接待台数据" subtitle={`${range.from} 至 ${range.to}`} />
      <View className="card desk-figures__period">
        <Choices name="desk-figures-period" options={PERIODS} value={period} onChange={setPeriod} />
      </View>
      <StateView loading={figures.loading && !f} error={figures.error} onRetry={figures.reload}>
        {f ? (
          <>
            <Tiles f={f} />
            <TrendChart
              id="desk-topics"
              title="咨询类别"
              type="column"
              categories={f.inquiries.byTopic.map((t) => t.label)}
              series={[{ name: '咨询', data: f.inquiries.byTopic.map((t) => t.count), color: '#1677ff' }]}
            />
            <TrendChart
              id="desk-hours"
              title="繁忙时段（7–21 点）"
              type="column"
              categories={busy.map((h) => `${h.hour}`)}
              series={[
                { name: '来电来访', data: busy.map((h) => h.contacts), color: '#e67700' },
                { name: '咨询', data: busy.map((h) => h.inquiries), color: '#1677ff' },
              ]}
            />
            <View className="card desk-figures__contacts">
              <Text className="card__title">来电来访</Text>
              <Text className="muted">
                {f.contacts.byKind.map((k) => `${CONTACT_KIND_LABELS[k.kind]} ${k.count}`).join(' · ')} · 其中访客 {f.contacts.visitors}
              </Text>
            </View>
            <View className="card desk-figures__agents">
              <Text className="card__title">客服人员</Text>
              <View className="desk-figures__table">
                <View className="desk-figures__row desk-figures__row--head">
                  <Text className="desk-figures__cell">姓名</Text>
                  <Text className="desk-figures__cell">答复</Text>
                  <Text className="desk-figures__cell">准时</Text>
                  <Text className="desk-figures__cell">评价</Text>
                  <Text className="desk-figures__cell">登记</Text>
                </View>
                {f.agents.map((a) => (
                  <View key={a.id} className="desk-figures__row desk-figures__agent">
                    <Text className="desk-figures__cell">{a.name}</Text>
                    <Text className="desk-figures__cell">{a.inquiriesHandled}</Text>
                    <Text className="desk-figures__cell">{formatRate(a.onTimeShare)}</Text>
                    <Text className="desk-figures__cell">{a.averageRating === null ? '—' : a.averageRating.toFixed(1)}</Text>
                    <Text className="desk-figures__cell">{a.contactsLogged}</Text>
                  </View>
                ))}
                {f.agents.length === 0 ? <Text className="muted">这段时间还没有记录</Text> : null}
              </View>
            </View>
            <View className="card desk-figures__missing-list">
              <Text className="card__title">业主没查到的问题</Text>
              <Text className="muted">查询 {f.selfService.searches} 次，找到答案 {f.selfService.hits} 次；以下问题宜补充到知识库</Text>
              {f.selfService.missing.map((m) => (
                <View key={m.query} className="desk-figures__missing">
                  <Text>{m.query}</Text>
                  <Text className="muted">{m.count} 次</Text>
                </View>
              ))}
              {f.selfService.missing.length === 0 ? <Text className="muted">暂无</Text> : null}
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
