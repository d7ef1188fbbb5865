import { useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { chineseDate, chineseDateTime } from '@shared/domain/calendar';
import { formatPassCode } from '@shared/domain/pass-code';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { confirm, toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Field, FormError } from '@/components/form-field';
import { Choices } from '@/components/choices';
import { ActivityStatusTag, SignupStatusTag } from '@/components/activity-row';
import { newRequestId } from '@/components/repair-format';
import { useReloadOnReturn } from '@/components/reload-on-return';

/**
 * An activity (owner/pages/activity/index?id=…): the plan's public parts (time, place, programme,
 * safety notes), places left, 报名 with the number of persons (and the unit, with several), 取消报名;
 * my status — confirmed with the check-in code big on screen, or waiting with my place in the list;
 * photos and the summary after the day.
 */
export default function OwnerActivityPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  useSession({ required: true });
  const state = useCloud('life', 'activityGet', { activityId: id }, { skip: !id });
  useReloadOnReturn(state.reload);
  const a = state.data;
  const submit = useSubmit();
  const [places, setPlaces] = useState('1');
  const [unitId, setUnitId] = useState<string>();
  const [requestId, setRequestId] = useState(() => newRequestId('act'));
  const free = (a?.units ?? []).filter((u) => !u.signedUp);
  useEffect(() => {
    if (!unitId && free.length) setUnitId(free[0].id);
  }, [free.length]);

  const signUp = async () => {
    if (!a) return;
    const done = await submit.run(() => call('life', 'activitySignup', { activityId: a.id, places: Number(places), ...(unitId ? { unitId } : {}), requestId }));
    if (done) {
      state.set(done);
      setRequestId(newRequestId('act'));
      const mine = done.signups.find((s) => s.unitId === unitId) ?? done.signups[0];
      toast(mine?.status === 'waiting' ? '名额已满，已登记候补' : '报名成功');
    }
  };
  const cancel = async (signupId: string) => {
    if (!(await confirm({ title: '取消报名', content: '取消后名额将让给候补的业主，确定取消吗？', confirmText: '取消报名', danger: true }))) return;
    const done = await submit.run(() => call('life', 'activitySignupCancel', { signupId }));
    if (done) {
      state.set(done);
      toast('已取消报名');
    }
  };

  const placeOptions = Array.from({ length: a?.placesPerHousehold ?? 1 }, (_, i) => ({ value: String(i + 1), label: `${i + 1}人` }));
  const full = a?.placesLeft === 0;

  return (
    <View className="page activity">
      <PageHeader title="社区活动" />
      {!id ? <Text className="muted">缺少活动编号，请从“社区活动”进入。</Text> : null}
      <StateView loading={state.loading && !a} error={state.error} onRetry={state.reload}>
        {a ? (
          <>
            <View className="card">
              <Text className="activity__title">{a.title}</Text>
              <ActivityStatusTag status={a.status} />
              <Text className="activity__line">
                时间：{chineseDate(a.day)} {a.startTime}—{a.endTime}
              </Text>
              <Text className="activity__line">地点：{a.place}</Text>
              {a.status === 'published' && a.capacity ? (
                <Text className={`activity__places ${full ? 'activity__places--full' : ''}`}>
                  {full ? `名额已满（共${a.capacity}人），可登记候补` : `剩余名额 ${a.placesLeft ?? 0} / ${a.capacity} 人`}
                </Text>
              ) : null}
              {a.signupDeadline && a.status === 'published' ? (
                <Text className="muted">{a.signupOpen ? `每户限报 ${a.placesPerHousehold} 人 · 报名截止 ${chineseDate(a.signupDeadline)}` : '报名已截止'}</Text>
              ) : null}
              {a.status === 'cancelled' ? <Text className="activity__line">活动已取消{a.cancelReason ? `：${a.cancelReason}` : ''}</Text> : null}
            </View>

            {a.status === 'finished' ? (
              <View className="card activity__after">
                <Text className="card__title">活动回顾</Text>
                {a.summary ? <Text className="activity__line">{a.summary}</Text> : null}
                {a.photos.length ? (
                  <View className="activity__photos">
                    {a.photos.map((p) => (
                      <Image key={p.id} className="activity__photo" src={p.url} mode="aspectFill" />
                    ))}
                  </View>
                ) : (
                  <Text className="muted">活动照片整理中</Text>
                )}
                {/* The feedback survey goes to the households that came (its audience): only they see the button. */}
                {a.feedbackSurveyId && a.signups.some((x) => x.checkedInAt) ? (
                  <Button className="btn btn--ghost activity__feedback" onClick={() => openPage(routes.owner.survey, { id: a.feedbackSurveyId! })}>
                    填写活动反馈
                  </Button>
                ) : null}
              </View>
            ) : null}
            {a.signups.map((s) => (
              <View key={s.id} className={`card activity__mine activity__mine--${s.status}`}>
                <Text className="card__title">
                  我的报名 · {s.unitLabel} · {s.places}人
                </Text>
                <SignupStatusTag status={s.status} />
                {s.status === 'confirmed' && s.code ? (
                  <>
                    <Text className="muted">入场时请向工作人员出示签到码</Text>
                    <Text className="activity__code">{formatPassCode(s.code)}</Text>
                  </>
                ) : null}
                {s.status === 'waiting' ? <Text className="activity__position">候补第 {s.position ?? '-'} 位</Text> : null}
                {s.status === 'waiting' ? <Text className="muted">有业主取消报名时按顺序递补，递补成功会通知您</Text> : null}
                {s.checkedInAt ? <Text className="activity__checked">已于 {chineseDateTime(s.checkedInAt)} 签到</Text> : null}
                {a.status === 'published' && !s.checkedInAt ? (
                  <Button className="btn btn--ghost activity__cancel" disabled={submit.busy || undefined} onClick={() => cancel(s.id)}>
                    取消报名
                  </Button>
                ) : null}
              </View>
            ))}

            {a.can.signup ? (
              <View className="card activity__form">
                <Text className="card__title">{full ? '登记候补' : '我要报名'}</Text>
                {free.length > 1 ? (
                  <Field label="报名房屋" name="unitId" error={submit.fieldErrors.unitId}>
                    <Choices name="activity-unit" options={free.map((u) => ({ value: u.id, label: u.label }))} value={unitId} onChange={setUnitId} />
                  </Field>
                ) : null}
                <Field label="参加人数" name="places" required error={submit.fieldErrors.places}>
                  <Choices name="activity-places" options={placeOptions} value={places} onChange={setPlaces} />
                </Field>
                <FormError error={submit.error} shownFields={['places', 'unitId']} />
                <Button className="btn btn--primary activity__signup" loading={submit.busy} disabled={submit.busy || undefined} onClick={signUp}>
                  {full ? '登记候补' : '报名'}
                </Button>
              </View>
            ) : (
              <FormError error={submit.error} />
            )}

            {a.intro ? (
              <View className="card">
                <Text className="card__title">活动简介</Text>
                <Text className="activity__line">{a.intro}</Text>
              </View>
            ) : null}
            {a.programme.length ? (
              <View className="card activity__programme">
                <Text className="card__title">活动流程</Text>
                {a.programme.map((p, i) => (
                  <Text key={i} className="activity__line">
                    {p.time ? `${p.time}  ` : ''}
                    {p.item}
                  </Text>
                ))}
              </View>
            ) : null}
            {a.safety.length ? (
              <View className="card">
                <Text className="card__title">温馨提示</Text>
                {a.safety.map((s, i) => (
                  <Text key={i} className="activity__line">
                    {i + 1}. {s}
                  </Text>
                ))}
              </View>
            ) : null}
          </>
        ) : null}
      </StateView>
    </View>
  );
}
