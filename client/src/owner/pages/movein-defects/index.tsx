import { useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { MOVEIN_STATUS_LABELS } from '@shared/domain/movein';
import { OPEN_STATUSES } from '@shared/domain/repairs';
import { routes } from '@shared/routes';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { openPage } from '@/services/navigation';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { DefectRow } from '@/components/movein-defects';

/**
 * 验房问题 (owner/pages/movein-defects/index): per unit, the defects found when the flat was
 * inspected at move-in, each with its 维保 repair order's progress; tapping one opens the repair
 * (to follow it, and to rate it once done).
 */
export default function MoveInDefectsPage() {
  useSession({ required: true });
  const res = useCloud('movein', 'myDefects', {});
  // Back from a repair (rated, urged): show the latest statuses.
  const [shown, setShown] = useState(false);
  useDidShow(() => {
    if (shown) res.reload();
    setShown(true);
  });
  const cases = res.data?.cases ?? [];

  return (
    <View className="page movein-defects">
      <PageHeader title="验房问题" subtitle="验房时发现的问题由开发商保修，物业跟进维修进度" />
      <StateView loading={res.loading && !res.data} error={res.error} onRetry={res.reload} empty={cases.length === 0} emptyText="您暂无入住办理记录">
        {cases.map((c) => {
          const open = c.defects.filter((d) => !d.repair || OPEN_STATUSES.includes(d.repair.status)).length;
          return (
            <View key={c.moveInId} className="card movein-defects__case" data-id={c.moveInId}>
              <View className="movein-defect__head">
                <Text className="card__title">{c.unitLabel}</Text>
                <Text className="tag">{MOVEIN_STATUS_LABELS[c.status]}</Text>
              </View>
              {!c.inspected ? (
                <Text className="muted movein-defects__none">尚未验房。办理入住当天，工作人员会陪同您逐间验房。</Text>
              ) : c.defects.length === 0 ? (
                <Text className="muted movein-defects__none">验房合格，未发现问题。</Text>
              ) : (
                <>
                  <Text className="movein-summary movein-defects__summary">
                    共 {c.defects.length} 处问题{open ? `，${open} 处维修中` : '，均已修好'}
                  </Text>
                  {c.defects.map((d) => (
                    <DefectRow key={d.id} defect={d} showRound onOpen={(id) => openPage(routes.owner.repair, { id })} />
                  ))}
                </>
              )}
            </View>
          );
        })}
      </StateView>
    </View>
  );
}
