import { Text, View } from '@tarojs/components';
import { routes, type Route } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { openPage } from '@/services/navigation';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { useReloadOnReturn } from '@/components/reload-on-return';
import '@/components/boards.scss';

interface Figure {
  label: string;
  value: number;
  alert?: boolean;
}

function Tile({ name, title, text, page, figures }: { name: string; title: string; text: string; page: Route; figures: Figure[] }) {
  return (
    <View className={`card card--link life-hub__tile life-hub__${name}`} onClick={() => openPage(page)}>
      <View className="unit-row__main">
        <Text className="card__title">{title}</Text>
        <Text className="link">进入 ›</Text>
      </View>
      <Text className="muted">{text}</Text>
      <View className="life-hub__figures">
        {figures.map((f) => (
          <View key={f.label} className="life-hub__figure">
            <Text className={`life-hub__number ${f.alert && f.value ? 'life-hub__number--alert' : ''}`}>{f.value}</Text>
            <Text className="muted">{f.label}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

/**
 * 社区文化 (manager/pages/life/index): the hub of community life — 问卷调查 (research what owners
 * want, the yearly satisfaction survey), 社区活动 (plans, sign-ups, check-in, feedback) and 宣传栏
 * (boards, postings, the weekly check), each with its counts.
 */
export default function LifeHubPage() {
  useSession({ required: true });
  const hub = useCloud('life', 'lifeHub', {});
  useReloadOnReturn(hub.reload);
  const h = hub.data;
  return (
    <View className="page life-hub">
      <PageHeader title="社区文化" subtitle="调研业主需求 → 策划活动 → 宣传张贴 → 组织实施 → 满意度回访" />
      <StateView loading={hub.loading && !h} error={hub.error} onRetry={hub.reload}>
        {h ? (
          <View className="life-hub__tiles">
            <Tile
              name="surveys"
              title="问卷调查"
              text="需求调研、意见征集、年度满意度调查"
              page={routes.manager.surveys}
              figures={[
                { label: '进行中', value: h.openSurveys },
                { label: '草稿', value: h.draftSurveys },
              ]}
            />
            <Tile name="activities" title="社区活动" text="活动计划、审核、报名、签到与反馈" page={routes.manager.activities} figures={[{ label: '即将举办', value: h.upcomingActivities }]} />
            <Tile
              name="boards"
              title="宣传栏"
              text="各宣传栏张贴内容与每周检查"
              page={routes.staff.boards}
              figures={[
                { label: '张贴中', value: h.postingsUp },
                { label: '到期待撤下', value: h.postingsToTakeDown, alert: true },
                { label: '空置宣传栏', value: h.emptyBoards, alert: true },
              ]}
            />
          </View>
        ) : null}
      </StateView>
    </View>
  );
}
