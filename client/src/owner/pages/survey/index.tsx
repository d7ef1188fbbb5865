import { useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { SurveyReply, SurveyView } from '@shared/contracts/life-survey-view';
import { localDay } from '@shared/domain/calendar';
import { replyProblem } from '@shared/domain/life';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices } from '@/components/choices';
import { FormError } from '@/components/form-field';
import { QuestionInput, replyText, type Draft } from '@/components/survey-answer';
import { storedSurveyToken, surveyRules, surveyToken } from '@/components/survey-format';

/**
 * A survey (owner/pages/survey/index?id=…): the answer form — radios, checkboxes, 1–5 stars, text,
 * required questions marked —; after submitting, my answer (named surveys) with 修改答卷 while the
 * survey allows it; the closed or not-yet-open state. Anonymous surveys say so at the top, and the
 * answer goes with a random token this phone keeps (stored before sending, so a retry resends it).
 */
export default function OwnerSurveyPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const session = useSession({ required: true });
  const [unitId, setUnitId] = useState<string>();
  const survey = useCloud('life', 'surveyGet', { surveyId: id, ...(unitId ? { unitId } : {}) }, { skip: !id });
  const submit = useSubmit();
  const [draft, setDraft] = useState<Draft>({});
  const [editing, setEditing] = useState(false);
  const s = survey.data;
  const mine = s?.mine;
  const userId = session?.me.userId ?? '';

  // A named answer is shown (and edited) as it was given.
  useEffect(() => {
    setDraft(Object.fromEntries((mine?.replies ?? []).map((r) => [r.key, r])));
    setEditing(false);
  }, [s?.id, mine?.unitId, mine?.answered, mine?.replies]);

  const perUnit = s?.per === 'unit' && (mine?.units.length ?? 0) > 0;
  const slotUnit = perUnit ? mine?.unitId : undefined;
  // Anonymous: this phone can change only the answer it holds the token of.
  const holdsToken = Boolean(s && s.anonymous && storedSurveyToken(userId, s.id, slotUnit));
  const canChange = Boolean(mine?.canChange && (!s?.anonymous || holdsToken));
  const showForm = Boolean(s && mine && s.open && (!mine.answered || editing) && mine.canAnswer);

  const send = async (view: SurveyView) => {
    const problems: Record<string, string> = {};
    for (const q of view.questions) {
      const p = replyProblem(q, draft[q.key]);
      // Shown under its question: the question need not be named again.
      if (p) problems[`replies.${q.key}`] = p.replace(`“${q.title}”`, '此题');
    }
    if (Object.keys(problems).length) return submit.fail(problems);
    const replies: SurveyReply[] = view.questions.flatMap((q): SurveyReply[] => {
      const r = draft[q.key];
      if (!r) return [];
      if (q.kind === 'text') return r.text?.trim() ? [{ key: q.key, text: r.text.trim() }] : [];
      if (q.kind === 'rating') return r.rating ? [{ key: q.key, rating: r.rating }] : [];
      return r.choices?.length ? [{ key: q.key, choices: r.choices }] : [];
    });
    const saved = await submit.run(async () => {
      const token = view.anonymous ? await surveyToken(userId, view.id, slotUnit) : undefined;
      return call('life', 'surveyAnswer', { surveyId: view.id, replies, ...(slotUnit ? { unitId: slotUnit } : {}), ...(token ? { token } : {}) });
    });
    if (!saved) return;
    toast(mine?.answered ? '答卷已修改' : '提交成功，感谢参与');
    survey.set(saved);
    setEditing(false);
  };

  return (
    <View className="page survey-answer">
      <StateView loading={survey.loading && !s} error={survey.error} onRetry={survey.reload}>
        {s && mine ? (
          <View>
            <PageHeader title={s.title} subtitle={`${s.opensOn} 至 ${s.closesOn} · ${surveyRules(s)}`} />
            <View className="card">
              {s.intro ? <Text className="survey-answer__intro">{s.intro}</Text> : null}
              {s.anonymous ? (
                <Text className="survey-answer__anonymous">本问卷不记名：答卷不记录您的姓名、房号和电话，物业只能看到汇总结果。</Text>
              ) : (
                <Text className="muted survey-answer__named">本问卷实名填写，物业可看到您的答卷，以便跟进您的意见。</Text>
              )}
              {!s.open ? (
                <Text className="survey-answer__state survey-answer__state--closed survey-answer__closed">
                  {s.status === 'closed' || s.closesOn < localDay(Date.now()) ? '问卷已结束，感谢您的关注' : `问卷将于 ${s.opensOn} 开始填写`}
                  {mine.answered ? '（您已参与）' : ''}
                </Text>
              ) : mine.answered && !editing ? (
                <Text className="survey-answer__state survey-answer__done">
                  {perUnit ? '本户' : '您'}已提交答卷，感谢参与！{canChange ? '截止前可以修改。' : s.repeat === 'refuse' ? '本问卷提交后不能修改。' : s.anonymous ? '答卷由提交时使用的手机保存凭据，只能在该手机上修改。' : ''}
                </Text>
              ) : null}
            </View>
            {perUnit && mine.units.length > 1 ? (
              <View className="card survey-answer__units">
                <Text className="card__title">为哪套房屋填写（每户一份）</Text>
                <Choices name="survey-unit" options={mine.units.map((u) => ({ value: u.id, label: `${u.label}${u.answered ? '（已填）' : ''}` }))} value={mine.unitId} onChange={(v) => setUnitId(v)} />
              </View>
            ) : null}
            {showForm ? (
              <View className="card survey-answer__form">
                {s.questions.map((q, i) => (
                  <QuestionInput
                    key={q.key}
                    q={q}
                    n={i + 1}
                    reply={draft[q.key]}
                    error={submit.fieldErrors[`replies.${q.key}`]}
                    onChange={(r) => submit.edited(`replies.${q.key}`, (v: SurveyReply) => setDraft((d) => ({ ...d, [q.key]: v })))(r)}
                  />
                ))}
                <FormError error={submit.error} shownFields={s.questions.map((q) => `replies.${q.key}`)} />
                <View className="survey-answer__buttons">
                  <Button className="btn btn--primary survey-answer__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={() => send(s)}>
                    {mine.answered ? '提交修改' : '提交答卷'}
                  </Button>
                  {editing ? (
                    <Button className="btn btn--ghost survey-answer__cancel" onClick={() => setEditing(false)}>
                      取消修改
                    </Button>
                  ) : null}
                </View>
              </View>
            ) : mine.answered && mine.replies?.length ? (
              <View className="card survey-answer__mine">
                <Text className="card__title">我的答卷</Text>
                {s.questions.map((q, i) => (
                  <View key={q.key} className="survey-answer__question">
                    <Text className="field__label">
                      {i + 1}. {q.title}
                    </Text>
                    <Text className="survey-answer__reply">{replyText(q, mine.replies?.find((r) => r.key === q.key))}</Text>
                  </View>
                ))}
              </View>
            ) : null}
            {s.open && mine.answered && !editing && canChange ? (
              <Button className="btn btn--ghost survey-answer__change" onClick={() => setEditing(true)}>
                修改答卷
              </Button>
            ) : null}
          </View>
        ) : null}
      </StateView>
    </View>
  );
}
