import { useState } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import { addMonths, chineseMonth, localMonth } from '@shared/domain/calendar';
import { SERVICE_FIGURE_META, type ServiceFigure } from '@shared/domain/growth';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { figureText } from '@/components/growth-practice';
import '@/components/growth-practice.scss';
import { TrendChart } from '../../components/trend-chart';
import '../../components/dashboard.scss';

/** The columns of the table (short labels); the rest show in the trend. */
const COLUMNS: { f: ServiceFigure; short: string }[] = [
  { f: 'inquiriesHandled', short: '咨询' },
  { f: 'inquiryAckMinutes', short: '首响' },
  { f: 'inquiryRating', short: '评价' },
  { f: 'complaintsHandled', short: '投诉' },
  { f: 'complaintsReopened', short: '重开' },
  { f: 'complaintSatisfaction', short: '满意' },
  { f: 'followUpsDone', short: '回访' },
];

/**
 * 员工服务数据 (managers): every agent's figures of a month (咨询, 投诉, 回访, owners' ratings, drills
 * done) with the team's median, a month picker, and the team's trend over six months.
 */
export default function ManagerStaffFiguresPage() {
  useSession({ required: true });
  const thisMonth = localMonth(Date.now());
  const months = Array.from({ length: 12 }, (_, i) => addMonths(thisMonth, -i));
  const [month, setMonth] = useState(thisMonth);
  const team = useCloud('growth', 'teamFigures', { month });
  const t = team.data;
  const label = (m: string) => `${Number(m.slice(5))}月`;

  return (
    <View className="page manager staff-figures">
      <PageHeader title="员工服务数据" subtitle="来自实际工作：咨询、投诉、回访与业主评价" />
      <View className="card staff-figures__month">
        <Picker mode="selector" range={months.map(chineseMonth)} value={months.indexOf(month)} onChange={(e) => setMonth(months[Number(e.detail.value)])}>
          <Text className="link">{chineseMonth(month)} ▾</Text>
        </Picker>
      </View>
      <StateView loading={team.loading && !t} error={team.error} onRetry={team.reload}>
        {t ? (
          <>
            <View className="card staff-figures__table">
              <Text className="card__title">客服人员</Text>
              <View className="staff-figures__row staff-figures__row--head">
                <Text className="staff-figures__cell staff-figures__cell--name">姓名</Text>
                {COLUMNS.map((c) => (
                  <Text key={c.f} className="staff-figures__cell">
                    {c.short}
                  </Text>
                ))}
                <Text className="staff-figures__cell">演练</Text>
              </View>
              {t.agents.map((a) => (
                <View key={a.userId} className="staff-figures__row staff-figures__agent">
                  <Text className="staff-figures__cell staff-figures__cell--name">{a.name}</Text>
                  {COLUMNS.map((c) => (
                    <Text key={c.f} className="staff-figures__cell">
                      {figureText(c.f, a.figures[c.f])}
                    </Text>
                  ))}
                  <Text className="staff-figures__cell">
                    {a.drills.passed}/{a.drills.done}
                  </Text>
                </View>
              ))}
              <View className="staff-figures__row staff-figures__row--median">
                <Text className="staff-figures__cell staff-figures__cell--name">中位数</Text>
                {COLUMNS.map((c) => (
                  <Text key={c.f} className="staff-figures__cell">
                    {figureText(c.f, t.teamMedian[c.f])}
                  </Text>
                ))}
                <Text className="staff-figures__cell"> </Text>
              </View>
              {t.agents.length === 0 ? <Text className="muted">这个月还没有记录</Text> : null}
              <Text className="muted">首响：咨询首次响应用时；满意：投诉回访满意率；演练：通过/练习次数</Text>
            </View>
            <TrendChart
              id="staff-figures-work"
              title="团队工作量（按月）"
              type="column"
              categories={t.trend.map((m) => label(m.month))}
              series={[
                { name: '答复咨询', data: t.trend.map((m) => m.totals.inquiriesHandled), color: '#1677ff' },
                { name: '处理投诉', data: t.trend.map((m) => m.totals.complaintsHandled), color: '#e67700' },
                { name: '完成回访', data: t.trend.map((m) => m.totals.followUpsDone), color: '#389e0d' },
              ]}
            />
            <TrendChart
              id="staff-figures-times"
              title="响应用时中位数（分钟）"
              type="line"
              categories={t.trend.map((m) => label(m.month))}
              series={[
                { name: SERVICE_FIGURE_META.inquiryAckMinutes.label, data: t.trend.map((m) => m.teamMedian.inquiryAckMinutes), color: '#1677ff' },
                { name: SERVICE_FIGURE_META.complaintResponseMinutes.label, data: t.trend.map((m) => m.teamMedian.complaintResponseMinutes), color: '#e67700' },
              ]}
            />
          </>
        ) : null}
      </StateView>
    </View>
  );
}
