import { Text, View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { useCloud } from '../hooks/use-cloud';
import { openPage } from '../services/navigation';

/** Manager home: 培训管理, with how many staff have not finished the onboarding path. */
export function TrainingEntry() {
  const team = useCloud('growth', 'team', { page: 1, pageSize: 100 });
  const open = (team.data?.items ?? []).filter((r) => r.onboarding.required > 0 && r.onboarding.done < r.onboarding.required).length;
  return (
    <View className="card card--link training-entry" onClick={() => openPage(routes.manager.training)}>
      <View className="unit-row__main">
        <Text className="card__title">培训管理</Text>
        {open > 0 ? <Text className="badge training-entry__count">{open}</Text> : null}
      </View>
      <Text className="muted">{team.error ? team.error.message : open > 0 ? `${open} 位员工的入职必修未完成` : '团队学习进度、课程统计、自建课程'}</Text>
      <Text className="link card__text">去查看 ›</Text>
    </View>
  );
}
