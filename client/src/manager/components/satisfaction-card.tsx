import { Text, View } from '@tarojs/components';
import { ANONYMOUS_MIN_GROUP, SERVICE_AREAS, SERVICE_AREA_LABELS } from '@shared/domain/life';
import type { SatisfactionYear } from '@shared/contracts/life-results.contract';
import { routes } from '@shared/routes';
import { useCloud } from '@/hooks/use-cloud';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { openPage } from '@/services/navigation';
import { Chart } from './chart';
import './satisfaction-card.scss';

const change = (v: number | null) => (v === null ? '' : v > 0 ? `（比上年 +${v.toFixed(2)}）` : v < 0 ? `（比上年 ${v.toFixed(2)}）` : '（与上年持平）');
/** The year's scores per area and overall, to one decimal (the labels over grouped columns stay short). */
const scores = (y: SatisfactionYear | undefined) => [...SERVICE_AREAS.map((a) => y?.areas[a] ?? null), y?.overall ?? null].map((v) => (v === null ? null : Math.round(v * 10) / 10));

/**
 * 业主满意度 on the manager's home (life.md "Results and the yearly satisfaction survey"): the
 * latest yearly satisfaction survey against the year before, per service area and overall, as a
 * grouped column chart; a tap opens the latest survey's results.
 */
export function SatisfactionCard() {
  const trend = useCloud('life', 'satisfactionTrend', {});
  useReloadOnReturn(trend.reload);
  const years = trend.data?.years ?? [];
  const latest = years[years.length - 1];
  const previous = years[years.length - 2];
  if (trend.error || !trend.data) return null;
  return (
    <View className="card satisfaction-card">
      <View className="unit-row__main">
        <Text className="card__title">业主满意度</Text>
        {latest ? (
          <Text className="link satisfaction-card__results" onClick={() => openPage(routes.manager.surveyResults, { id: latest.surveyId })}>
            查看{latest.year}年结果
          </Text>
        ) : (
          <Text className="link satisfaction-card__new" onClick={() => openPage(routes.manager.surveys)}>
            发起调查
          </Text>
        )}
      </View>
      {!latest ? <Text className="muted">还没有年度满意度调查。从“问卷调查”选择“年度业主满意度调查”模板发起，每年一次。</Text> : null}
      {latest?.hidden ? <Text className="muted">{latest.year}年答卷不足{ANONYMOUS_MIN_GROUP}份，暂不显示得分。</Text> : null}
      {latest && !latest.hidden ? (
        <>
          <Text className="satisfaction-card__overall">
            {latest.year}年总体 {latest.overall === null ? '—' : latest.overall.toFixed(2)} 分{change(latest.change.overall)} · {latest.answers} 份答卷
          </Text>
          <Chart
            id="satisfaction-chart"
            type="column"
            categories={[...SERVICE_AREAS.map((a) => SERVICE_AREA_LABELS[a]), '总体']}
            series={[
              ...(previous && !previous.hidden ? [{ name: `${previous.year}年`, color: '#b0b8c4', data: scores(previous) }] : []),
              { name: `${latest.year}年`, color: '#1677ff', data: scores(latest) },
            ]}
            max={5}
            steps={5}
            legend
            height={220}
            className="satisfaction-card__chart"
          />
        </>
      ) : null}
    </View>
  );
}
