import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { localDay } from '@shared/domain/calendar';
import { ROLE_LABELS } from '@shared/domain/roles';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import '@/components/growth-courses.scss';

/** 员工学习详情 (manager.trainee): one staff member's path and lessons — attempts, best, last, passed. */
export default function ManagerTraineePage() {
  useSession({ required: true });
  const { params } = useRouter();
  const p = useCloud('growth', 'person', { userId: params.id ?? '' }, { skip: !params.id });
  const d = p.data;
  return (
    <View className="page trainee">
      <StateView loading={p.loading && !d} error={p.error} onRetry={p.reload}>
        {d ? (
          <>
            <PageHeader title={d.name} subtitle={`${d.roles.map((r) => ROLE_LABELS[r]).join('、')} · 入职必修 ${d.onboarding.done}/${d.onboarding.required}（${d.onboarding.percent}%）`} />
            <View className="card">
              <View className="growth-progress">
                <View className="growth-progress__bar" style={{ width: `${d.onboarding.percent}%` }} />
              </View>
              <Text className="muted">
                通过 {d.passedLessons} 门 · 平均 {d.averageScore ?? '—'} 分 · 最近学习 {d.lastActivityAt ? localDay(new Date(d.lastActivityAt)) : '—'}
              </Text>
            </View>
            <View className="card trainee__lessons">
              {d.lessons.map((l) => (
                <View key={l.id} className={`growth-lesson-row trainee__lesson trainee__lesson--${l.id}`}>
                  <View className="growth-lesson-row__main">
                    <Text>
                      {l.required ? '【必修】' : ''}
                      {l.title}
                    </Text>
                    <Text className="muted">{l.attempts ? `测验 ${l.attempts} 次 · 最高 ${l.best} · 最近 ${l.last}` : '还没学'}</Text>
                  </View>
                  <Text className={`growth-score ${l.passed ? 'growth-score--ok' : l.attempts ? 'growth-score--bad' : ''}`}>{l.passed ? '已通过' : l.attempts ? '未通过' : '—'}</Text>
                </View>
              ))}
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
