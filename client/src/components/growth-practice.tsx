import { Text, View } from '@tarojs/components';
import { durationText } from '@shared/domain/calendar';
import { SERVICE_FIGURE_META, type ServiceFigure } from '@shared/domain/growth';
import type { DrillForbiddenHit, DrillMarker } from '@shared/contracts/growth.contract';

/** Shared bits of the drill and figures pages (growth: practice & figures). */

/** A figure as people read it: 12 分, 4.5 星, 80%, 3. */
export function figureText(f: ServiceFigure, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  switch (SERVICE_FIGURE_META[f].unit) {
    case 'minutes':
      return durationText(v);
    case 'stars':
      return `${v.toFixed(1)} 星`;
    case 'share':
      return `${Math.round(v * 100)}%`;
    default:
      return String(v);
  }
}

/** Better than, worse than or as good as the team's median (null when either is missing). */
export function againstMedian(f: ServiceFigure, v: number | null, median: number | null): 'better' | 'worse' | 'same' | null {
  if (v === null || median === null) return null;
  if (v === median) return 'same';
  const higher = v > median;
  return higher === (SERVICE_FIGURE_META[f].better === 'higher') ? 'better' : 'worse';
}

/** The reply with the forbidden phrases and negative markers marked where they are. */
export function MarkedReply({ reply, forbidden, markers }: { reply: string; forbidden: DrillForbiddenHit[]; markers: DrillMarker[] }) {
  const spans = [...forbidden.map((f) => ({ ...f, cls: 'forbidden' })), ...markers.map((m) => ({ ...m, cls: 'marker' }))].sort((a, b) => a.start - b.start);
  const parts: { text: string; cls?: string }[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    if (s.start > at) parts.push({ text: reply.slice(at, s.start) });
    parts.push({ text: reply.slice(s.start, s.end), cls: s.cls });
    at = s.end;
  }
  if (at < reply.length) parts.push({ text: reply.slice(at) });
  return (
    <View className="drill__reply-marked">
      {parts.map((p, i) => (
        <Text key={i} className={p.cls ? `drill__mark drill__mark--${p.cls}` : undefined}>
          {p.text}
        </Text>
      ))}
    </View>
  );
}

/** A row of bars, one per month (a plain CSS bar list: the chart component is the manager package's only). */
export function MonthBars({ months, values, median, figure }: { months: string[]; values: (number | null)[]; median: (number | null)[]; figure: ServiceFigure }) {
  const top = Math.max(1, ...values.map((v) => v ?? 0), ...median.map((v) => v ?? 0));
  return (
    <View className="month-bars">
      {months.map((m, i) => (
        <View key={m} className="month-bars__row">
          <Text className="month-bars__month">{Number(m.slice(5))}月</Text>
          <View className="month-bars__track">
            <View className="month-bars__bar" style={{ width: `${Math.round(((values[i] ?? 0) / top) * 100)}%` }} />
            {median[i] !== null ? <View className="month-bars__median" style={{ left: `${Math.round(((median[i] ?? 0) / top) * 100)}%` }} /> : null}
          </View>
          <Text className="month-bars__value">{figureText(figure, values[i])}</Text>
        </View>
      ))}
    </View>
  );
}
