import { Text, View } from '@tarojs/components';
import { DRILL_CHANNEL_LABELS, DRILL_CHECK_NOTE } from '@shared/domain/growth';
import { routes } from '@shared/routes';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { openPage } from '@/services/navigation';
import '@/components/growth-practice.scss';

/** 情景演练 (all staff): the built-in scenarios, each with my attempts and best score. */
export default function StaffDrillsPage() {
  useSession({ required: true });
  const list = useCloud('growth', 'drillList', {});
  const scenarios = list.data?.scenarios ?? [];
  return (
    <View className="page drills">
      <PageHeader title="情景演练" subtitle="读业主的话，写下您的回复，马上看到点评" />
      <View className="card drill__note">{DRILL_CHECK_NOTE}</View>
      <StateView loading={list.loading && !list.data} error={list.error} onRetry={list.reload} empty={!scenarios.length}>
        {scenarios.map((s) => (
          <View key={s.id} className={`card card--link drills__item drills__item--${s.id}`} onClick={() => openPage(routes.staff.drill, { id: s.id })}>
            <View className="drills__meta">
              <Text className="card__title">{s.title}</Text>
              <Text className="badge">{DRILL_CHANNEL_LABELS[s.channel]}</Text>
              {s.passed ? <Text className="badge badge--ok">已通过</Text> : null}
            </View>
            <Text className="muted">
              {s.ownerName}：{s.preview}
            </Text>
            <Text className="muted drills__record">{s.attempts ? `练过 ${s.attempts} 次 · 最高 ${s.best} 分` : '还没练过'}</Text>
          </View>
        ))}
      </StateView>
    </View>
  );
}
