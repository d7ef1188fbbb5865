import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { ActivityFigures, ActivitySignupView } from '@shared/contracts/life-activity-view';
import { chineseDate, localTime } from '@shared/domain/calendar';
import { call } from '@/services/cloud';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { FormError } from '@/components/form-field';
import { SignupStatusTag } from '@/components/activity-row';
import '@/components/activity.scss';

/**
 * Check-in at the door (staff/pages/activity-checkin/index?id=…): the owner's code typed (or scanned in
 * the mini-program), the result; the sign-ups with 签到 for a household without its phone; attendance.
 */
export default function ActivityCheckinPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  useSession({ required: true });
  const activity = useCloud('life', 'activityGet', { activityId: id }, { skip: !id });
  const signups = useCloud('life', 'activitySignups', { activityId: id, status: 'confirmed', page: 1, pageSize: 200 }, { skip: !id });
  const submit = useSubmit();
  const [code, setCode] = useState('');
  const [last, setLast] = useState<ActivitySignupView>();
  const [figures, setFigures] = useState<ActivityFigures>();
  const f = figures ?? activity.data?.figures;

  const checkIn = async (input: { code: string } | { signupId: string }) => {
    setLast(undefined);
    const done = await submit.run(() => call('life', 'activityCheckin', { activityId: id, ...input }));
    if (done) {
      setLast(done.signup);
      setFigures(done.figures);
      setCode('');
      signups.reload();
    }
  };
  const scan = async () => {
    const res = await Taro.scanCode({ onlyFromCamera: true }).catch(() => undefined);
    if (res?.result) {
      setCode(res.result);
      await checkIn({ code: res.result });
    }
  };
  const a = activity.data;
  const list = signups.data?.items ?? [];

  return (
    <View className="page activity-checkin">
      <PageHeader title="活动签到" subtitle={a ? `${a.title} · ${chineseDate(a.day)} ${a.startTime}` : undefined} />
      <StateView loading={activity.loading && !a} error={activity.error} onRetry={activity.reload}>
        {f ? (
          <View className="card activity-checkin__figures">
            <Text className="activity-checkin__attendance">
              已签到 {f.checkedIn} / {f.households} 户
            </Text>
            <Text className="muted">
              到场 {f.checkedInPlaces} 人 · 报名 {f.places} 人{f.waitingHouseholds ? ` · 候补 ${f.waitingHouseholds} 户` : ''}
            </Text>
          </View>
        ) : null}
        <View className="card">
          <Text className="card__title">输入签到码</Text>
          <View className="activity-checkin__form">
            <Input className="activity-checkin__code" value={code} maxlength={12} placeholder="输入8位签到码" onInput={(e) => setCode(e.detail.value)} onConfirm={() => code.trim() && checkIn({ code })} />
            <Button className="btn btn--primary activity-checkin__submit" loading={submit.busy} disabled={submit.busy || !code.trim() || undefined} onClick={() => checkIn({ code })}>
              签到
            </Button>
          </View>
          {process.env.TARO_ENV === 'weapp' ? (
            <Button className="btn btn--ghost activity-checkin__scan" onClick={scan}>
              扫码签到
            </Button>
          ) : null}
          {last ? (
            <Text className="activity-checkin__result activity-checkin__result--ok">
              ✓ {last.unitLabel} {last.name} {last.places}人 签到成功
            </Text>
          ) : null}
          <FormError error={submit.error} />
        </View>
        <View className="card activity-checkin__list">
          <Text className="card__title">报名名单（{list.length} 户）</Text>
          {signups.data && !list.length ? <Text className="muted activity-checkin__empty">还没有业主报名成功</Text> : null}
          {list.map((s) => (
            <View key={s.id} className={`activity-checkin__row ${s.checkedInAt ? 'activity-checkin__row--done' : ''}`}>
              <View className="activity-checkin__who">
                <Text>
                  {s.unitLabel} · {s.name}
                </Text>
                <Text className="muted">
                  {s.places}人 {s.checkedInAt ? `· ${localTime(s.checkedInAt)} 已签到` : ''}
                </Text>
              </View>
              {s.checkedInAt ? (
                <Text className="activity-checkin__done">已签到</Text>
              ) : s.status === 'confirmed' ? (
                <Button className="btn btn--small activity-checkin__row-submit" disabled={submit.busy || undefined} onClick={() => checkIn({ signupId: s.id })}>
                  签到
                </Button>
              ) : (
                <SignupStatusTag status={s.status} />
              )}
            </View>
          ))}
        </View>
      </StateView>
    </View>
  );
}
