import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { SurveyView } from '@shared/contracts/life-survey-view';
import { SURVEY_QUESTION_KIND_LABELS } from '@shared/domain/life';
import { routes } from '@shared/routes';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { confirm, toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { FormError } from '@/components/form-field';
import { InfoRow } from '@/components/info-row';
import { newRequestId } from '@/components/repair-format';
import { SurveyBuilder, builderInput, builderProblems, builderState, type BuilderState } from '@/components/survey-builder';
import { surveyKindText, surveyRules, surveyStateText } from '@/components/survey-format';
import { localDay } from '@shared/domain/calendar';

/** A published or closed survey: what it asks, its answers so far, 查看结果 and 结束问卷. */
function SurveySummaryCard({ s, onChanged }: { s: SurveyView; onChanged: (s: SurveyView) => void }) {
  const submit = useSubmit();
  const close = async () => {
    const ok = await confirm({ title: '结束问卷', content: `结束后业主不能再提交答卷（已收 ${s.answerCount} 份）。确定结束“${s.title}”吗？`, confirmText: '结束问卷', danger: true });
    if (!ok) return;
    const done = await submit.run(() => call('life', 'surveyClose', { surveyId: s.id }));
    if (done) {
      toast('问卷已结束');
      onChanged(done);
    }
  };
  return (
    <View>
      <View className="card survey-edit__summary">
        <InfoRow label="状态">
          <Text>{surveyStateText(s, localDay(Date.now()))}</Text>
        </InfoRow>
        <InfoRow label="类型">
          <Text>{surveyKindText(s)}</Text>
        </InfoRow>
        <InfoRow label="调查对象">
          <Text>{s.audienceText}</Text>
        </InfoRow>
        <InfoRow label="填写规则">
          <Text>{surveyRules(s)}</Text>
        </InfoRow>
        <InfoRow label="填写时间">
          <Text>{`${s.opensOn} 至 ${s.closesOn}`}</Text>
        </InfoRow>
        <InfoRow label="已收答卷">
          <Text>{`${s.answerCount} 份`}</Text>
        </InfoRow>
        <FormError error={submit.error} />
        <View className="form-buttons">
          {s.actions.includes('close') ? (
            <Button className="btn btn--ghost survey-edit__close" loading={submit.busy} onClick={close}>
              结束问卷
            </Button>
          ) : null}
          <Button className="btn btn--primary survey-edit__results" onClick={() => openPage(routes.manager.surveyResults, { id: s.id })}>
            查看结果
          </Button>
        </View>
      </View>
      <View className="card">
        <Text className="card__title">题目</Text>
        {s.questions.map((q, i) => (
          <View key={q.key} className="column-row">
            <Text className="column-row__name">
              {i + 1}. {q.title}
              {q.required ? ' *' : ''}
            </Text>
            <Text className="muted">
              {SURVEY_QUESTION_KIND_LABELS[q.kind]}
              {q.options.length ? `：${q.options.join(' / ')}` : ''}
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}

/**
 * 编辑问卷 (manager/pages/survey-edit/index[?id=…]): the builder for a new survey or a draft — 保存,
 * and 发布 with a confirm naming how many households the 问卷调查通知 reaches —; a published or
 * closed survey shows its summary with 查看结果 and 结束问卷.
 */
export default function SurveyEditPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  useSession({ required: true });
  const survey = useCloud('life', 'surveyGet', { surveyId: id }, { skip: !id });
  const overview = useCloud('community', 'overview');
  const submit = useSubmit();
  const [requestId] = useState(() => newRequestId('survey'));
  const [state, setState] = useState<BuilderState>(() => builderState());
  const s = survey.data;
  useEffect(() => {
    if (s?.status === 'draft') setState(builderState(s));
  }, [s?.id, s?.status]);

  const save = async (): Promise<SurveyView | undefined> => {
    const problems = builderProblems(state);
    if (Object.keys(problems).length) {
      submit.fail(problems);
      return undefined;
    }
    const input = builderInput(state);
    const saved = await submit.run(() => (id ? call('life', 'surveyUpdate', { surveyId: id, ...input }) : call('life', 'surveyCreate', { requestId, ...input })));
    if (!saved) return undefined;
    if (!id) {
      toast('已保存草稿');
      await Taro.redirectTo({ url: routes.manager.surveyEdit.url({ id: saved.id }) }).catch(() => undefined);
      return undefined;
    }
    survey.set(saved);
    return saved;
  };

  const publish = async () => {
    const saved = await save();
    if (!saved) return;
    const reach = await submit.run(() => call('life', 'surveyReach', { surveyId: saved.id }));
    if (!reach) return;
    const ok = await confirm({
      title: '发布问卷',
      content: `将向${reach.audienceText}发布《问卷调查通知》，共 ${reach.units} 户（其中 ${reach.wechat} 户可收到微信提醒）。发布后题目不能再修改，确定发布吗？`,
      confirmText: '发布',
    });
    if (!ok) return;
    const done = await submit.run(() => call('life', 'surveyPublish', { surveyId: saved.id, requestId: newRequestId('publish') }));
    if (!done) return;
    toast('问卷已发布');
    survey.set(done);
  };

  const loading = (Boolean(id) && survey.loading && !s) || (overview.loading && !overview.data);
  const editable = !id || s?.status === 'draft';
  return (
    <View className="page survey-edit">
      <PageHeader title={id ? (s?.title ?? '问卷') : '新建问卷'} subtitle={editable ? '添加题目、选择调查对象和时间，保存后发布' : '问卷已发布，题目不能再修改'} />
      <StateView loading={loading} error={survey.error ?? overview.error} onRetry={() => (id && survey.reload(), overview.reload())}>
        {editable ? (
          <View>
            <SurveyBuilder value={state} onChange={setState} buildings={overview.data?.buildings ?? []} submit={submit} />
            <View className="form-buttons survey-edit__buttons">
              <Button className="btn btn--ghost survey-edit__save" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
                {id ? '保存' : '保存草稿'}
              </Button>
              {id ? (
                <Button className="btn btn--primary survey-edit__publish" loading={submit.busy} disabled={submit.busy || undefined} onClick={publish}>
                  发布
                </Button>
              ) : null}
            </View>
          </View>
        ) : s ? (
          <SurveySummaryCard s={s} onChanged={survey.set} />
        ) : null}
      </StateView>
    </View>
  );
}
