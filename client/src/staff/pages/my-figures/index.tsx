import { Text, View } from '@tarojs/components';
import { chineseMonth } from '@shared/domain/calendar';
import { FIGURES_MONTHS_DEFAULT, SERVICE_FIGURE_META } from '@shared/domain/growth';
import { routes } from '@shared/routes';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { againstMedian, figureText, MonthBars } from '@/components/growth-practice';
import { openPage } from '@/services/navigation';
import '@/components/growth-practice.scss';

const VERDICT = { better: '优于团队', worse: '低于团队', same: '与团队持平' } as const;

/**
 * 我的服务数据 (自我提升; agents and managers): my figures this month against the team's median (no one
 * else's name), and each figure by month with the team's median marked.
 */
export default function StaffMyFiguresPage() {
  useSession({ required: true });
  const mine = useCloud('growth', 'myFigures', { months: FIGURES_MONTHS_DEFAULT });
  const d = mine.data;
  const current = d?.months[d.months.length - 1];
  return (
    <View className="page my-figures">
      <PageHeader title="我的服务数据" subtitle="来自实际工作：咨询、投诉、回访；橙线为团队中位数" />
      <StateView loading={mine.loading && !d} error={mine.error} onRetry={mine.reload}>
        {d && current ? (
          <>
            <View className="card figures-list">
              <Text className="card__title">{chineseMonth(current.month)}</Text>
              {d.order.map((f) => {
                const verdict = againstMedian(f, current.figures[f], current.teamMedian[f]);
                return (
                  <View key={f} className={`figures-list__row figures-list__row--${f}`}>
                    <Text>{SERVICE_FIGURE_META[f].label}</Text>
                    <View>
                      <Text className="figures-list__value">{figureText(f, current.figures[f])}</Text>
                      <Text className="figures-list__median">
                        {' '}
                        团队 {figureText(f, current.teamMedian[f])}
                        {verdict ? <Text className={`figures-list__badge--${verdict}`}> {VERDICT[verdict]}</Text> : null}
                      </Text>
                    </View>
                  </View>
                );
              })}
            </View>
            <View className="card card--link my-figures__drills" onClick={() => openPage(routes.staff.drills)}>
              <Text className="card__title">本月情景演练</Text>
              <Text className="muted">
                练习 {d.drills.done} 次，通过 {d.drills.passed} 次
              </Text>
              <Text className="link card__text">去练习 ›</Text>
            </View>
            {d.order.map((f) => (
              <View key={f} className={`card my-figures__trend my-figures__trend--${f}`}>
                <Text className="card__title">{SERVICE_FIGURE_META[f].label}</Text>
                <MonthBars figure={f} months={d.months.map((m) => m.month)} values={d.months.map((m) => m.figures[f])} median={d.months.map((m) => m.teamMedian[f])} />
              </View>
            ))}
          </>
        ) : null}
      </StateView>
    </View>
  );
}
