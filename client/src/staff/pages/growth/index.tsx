import { Text, View } from '@tarojs/components';
import type { LessonSummary } from '@shared/contracts/growth-courses-view';
import { QUIZ_COUNTS_LABELS } from '@shared/domain/growth';
import { routes } from '@shared/routes';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { openPage } from '@/services/navigation';
import { GrowthPracticeEntries } from '@/components/growth-practice-entries';
import '@/components/growth-courses.scss';

/** A lesson in a list: title, minutes and questions, my counted score (passed green, not yet red). */
export function LessonRow({ l }: { l: LessonSummary }) {
  const m = l.mine;
  return (
    <View className={`growth-lesson-row lesson-row lesson-row--${l.id}`} onClick={() => openPage(routes.staff.lesson, { id: l.id })}>
      <View className="growth-lesson-row__main">
        <Text>{l.title}</Text>
        <Text className="muted">
          {l.minutes} 分钟 · {l.questionCount} 题 · {l.passMark} 分及格{l.required ? ' · 必修' : ''}
        </Text>
      </View>
      {m && m.counted !== null ? <Text className={`growth-score ${m.passed ? 'growth-score--ok' : 'growth-score--bad'}`}>{m.passed ? `✓ ${m.counted}分` : `${m.counted}分`}</Text> : <Text className="muted growth-score">未学</Text>}
    </View>
  );
}

/**
 * 员工成长 (staff.growth): 我的入职学习 (the community's required lessons, done/required, the next one),
 * the courses with their lessons and my scores, and the practice & figures entries.
 */
export default function StaffGrowthPage() {
  useSession({ required: true });
  const hub = useCloud('growth', 'courses', {});
  useReloadOnReturn(hub.reload);
  const h = hub.data;
  return (
    <View className="page growth">
      <PageHeader title="员工成长" subtitle="学礼仪、学沟通、学投诉处理，练一练，看看自己的服务数据" />
      <StateView loading={hub.loading && !h} error={hub.error} onRetry={hub.reload}>
        {h ? (
          <>
            <View className="card growth__onboarding">
              <Text className="card__title">我的入职学习</Text>
              <Text className="muted">
                已完成 {h.onboarding.done}/{h.onboarding.required} 门必修课（{h.onboarding.percent}%） · 成绩{QUIZ_COUNTS_LABELS[h.quizCounts]}
              </Text>
              <View className="growth-progress">
                <View className="growth-progress__bar" style={{ width: `${h.onboarding.percent}%` }} />
              </View>
              {h.onboarding.next ? (
                <Text className="link growth__next" onClick={() => openPage(routes.staff.lesson, { id: h.onboarding.next!.id })}>
                  下一课：{h.onboarding.next.title} ›
                </Text>
              ) : h.onboarding.required ? (
                <Text className="growth-score--ok">入职必修已全部通过 🎉</Text>
              ) : null}
              {h.onboarding.lessons.map((l) => (
                <LessonRow key={l.id} l={l} />
              ))}
            </View>
            {/* --- practice & figures --- */}
            <GrowthPracticeEntries />
            {h.courses.map((c) => (
              <View key={c.key} className={`card growth__course growth__course--${c.key}`}>
                <View className="unit-row__main">
                  <Text className="card__title">{c.name}</Text>
                  <Text className="muted">
                    已通过 {c.passed}/{c.lessons.length}
                  </Text>
                </View>
                {c.lessons.map((l) => (
                  <LessonRow key={l.id} l={l} />
                ))}
              </View>
            ))}
          </>
        ) : null}
      </StateView>
    </View>
  );
}
