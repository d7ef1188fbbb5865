import { Text, View } from '@tarojs/components';
import { Chart, type ChartSeries } from './chart';

export type TrendSeries = ChartSeries;
export { countAxisMax } from './chart';

/**
 * A month-over-month chart in a card: columns for counts, lines for rates (`percent`: 0–1 shown
 * as %). The drawing is the shared `Chart` (uCharts, the same surface in the mini-program and H5).
 */
export function TrendChart({ id, title, type, categories, series, percent = false }: { id: string; title: string; type: 'column' | 'line'; categories: string[]; series: TrendSeries[]; percent?: boolean }) {
  return (
    <View className={`card trend-chart trend-chart--${id}`}>
      <Text className="card__title">{title}</Text>
      <Chart id={id} type={type} categories={categories} series={series} percent={percent} legend className="trend-chart__chart" />
    </View>
  );
}
