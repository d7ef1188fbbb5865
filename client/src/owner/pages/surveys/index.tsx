import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { SurveySummary } from '@shared/contracts/life-survey-view';
import { localDay } from '@shared/domain/calendar';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { SurveyRow } from '@/components/survey-row';
import { useReloadOnReturn } from '@/components/reload-on-return';

const SECTION_TITLE: Record<NonNullable<SurveySummary['section']>, string> = { open: '待填写', answered: '已填写（进行中）', closed: '已结束' };

/**
 * 问卷调查 (owner/pages/surveys/index): the surveys I am asked — open ones I have not answered first
 * (closing soonest first), then the ones I answered while they are open, then the closed ones.
 */
export default function OwnerSurveysPage() {
  useSession({ required: true });
  const [round, setRound] = useState(0);
  const list = usePaged((page) => call('life', 'surveyList', { page, pageSize: 20 }), String(round));
  useReloadOnReturn(() => setRound((r) => r + 1));
  const today = localDay(Date.now());

  return (
    <View className="page surveys">
      <PageHeader title="问卷调查" subtitle="您的意见是我们改进服务的依据，感谢参与" />
      <PagedList
        list={list}
        name="surveys"
        emptyText="目前没有需要您填写的问卷"
        render={(item) => {
          const i = list.items.indexOf(item);
          const heading = item.section && (i === 0 || list.items[i - 1].section !== item.section);
          return (
            <View key={item.id}>
              {heading ? <Text className={`surveys__section-title surveys__section-title--${item.section}`}>{SECTION_TITLE[item.section!]}</Text> : null}
              <SurveyRow item={item} today={today} onClick={() => openPage(routes.owner.survey, { id: item.id })} />
            </View>
          );
        }}
      />
    </View>
  );
}
