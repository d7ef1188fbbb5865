import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { localDay } from '@shared/domain/calendar';
import { SURVEY_STATUS_LABELS, type SurveyStatus, type SurveyTemplate } from '@shared/domain/life';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { usePaged } from '@/hooks/use-paged';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { FormError } from '@/components/form-field';
import { SurveyRow } from '@/components/survey-row';
import { builderInput, builderState } from '@/components/survey-builder';
import { newRequestId } from '@/components/repair-format';
import { useReloadOnReturn } from '@/components/reload-on-return';
import '@/components/survey.scss';

const TABS: { value: SurveyStatus; label: string }[] = (['published', 'draft', 'closed'] as const).map((value) => ({ value, label: SURVEY_STATUS_LABELS[value] }));
const EMPTY: Record<SurveyStatus, string> = { published: '没有进行中的问卷', draft: '没有草稿', closed: '没有已结束的问卷' };

/**
 * 问卷调查 (manager/pages/surveys/index): the community's surveys by status (进行中 / 草稿 / 已结束),
 * 新建问卷 (a blank builder) and 从模板新建 (年度满意度调查, 社区活动需求调研, 停车管理意见征集: a draft
 * made from the template, opened in the builder).
 */
export default function ManagerSurveysPage() {
  useSession({ required: true });
  const [status, setStatus] = useState<SurveyStatus>('published');
  const [picking, setPicking] = useState(false);
  const list = usePaged((page) => call('life', 'surveyList', { status, page, pageSize: 10 }), status);
  const templates = useCloud('life', 'surveyTemplates', {}, { skip: !picking });
  const submit = useSubmit();
  useReloadOnReturn(list.reload);
  const today = localDay(Date.now());

  const fromTemplate = async (t: SurveyTemplate) => {
    const draft = await submit.run(() => call('life', 'surveyCreate', { requestId: newRequestId('survey'), ...builderInput(builderState(t)) }));
    if (!draft) return;
    setPicking(false);
    openPage(routes.manager.surveyEdit, { id: draft.id });
  };

  return (
    <View className="page surveys">
      <PageHeader title="问卷调查" subtitle="调研业主需求、征集意见、年度满意度调查" />
      <View className="form-buttons surveys__actions">
        <Button className="btn btn--ghost surveys__from-template" onClick={() => setPicking((p) => !p)}>
          从模板新建
        </Button>
        <Button className="btn btn--primary surveys__new" onClick={() => openPage(routes.manager.surveyEdit)}>
          新建问卷
        </Button>
      </View>
      {picking ? (
        <View className="card surveys__templates">
          <Text className="card__title">选择模板</Text>
          {(templates.data ?? []).map((t) => (
            <View key={t.key} className={`column-row card--link surveys__template surveys__template--${t.key}`} onClick={() => fromTemplate(t)}>
              <Text className="column-row__name">{t.title}</Text>
              <Text className="muted">
                {t.questions.length} 道题 · {t.kind === 'satisfaction' ? '不记名，每户一份' : '可按需修改题目'}
              </Text>
            </View>
          ))}
          <FormError error={submit.error} />
        </View>
      ) : null}
      <View className="tabs surveys__tabs">
        <Choices name="survey-status" options={TABS} value={status} onChange={setStatus} />
      </View>
      <PagedList list={list} name="surveys" emptyText={EMPTY[status]} render={(item) => <SurveyRow key={item.id} item={item} today={today} staff onClick={() => openPage(routes.manager.surveyEdit, { id: item.id })} />} />
    </View>
  );
}
