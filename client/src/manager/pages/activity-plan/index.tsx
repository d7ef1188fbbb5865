import { useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import type { ActivityView } from '@shared/contracts/life-activity-view';
import { addDays, chineseDate, localDay } from '@shared/domain/calendar';
import { ACTIVITY_EVENT_LABELS, ACTIVITY_TEMPLATES, type ActivityMoneyLine, type ActivityPlan, type ActivityProgrammeLine, type ActivityStaffLine } from '@shared/domain/life';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { backTo, openPage } from '@/services/navigation';
import { confirm, toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Field, FormError } from '@/components/form-field';
import { PhotoPicker } from '@/components/photo-picker';
import { ActivityStatusTag, yuan } from '@/components/activity-row';
import { newRequestId } from '@/components/repair-format';
import '@/components/activity.scss';

const blank = (): ActivityPlan => ({ title: '', aim: '', intro: '', day: addDays(localDay(Date.now()), 21), startTime: '09:30', endTime: '11:30', place: '', programme: [], staff: [], budget: [], safety: [], publicity: [] });
const fromTemplate = (key: string): ActivityPlan => {
  const t = ACTIVITY_TEMPLATES.find((x) => x.key === key);
  if (!t) return blank();
  return { ...blank(), title: t.title, aim: t.aim, intro: t.intro, startTime: t.startTime, endTime: t.endTime, place: t.place, programme: t.programme, staff: t.staff, budget: t.budget, safety: t.safety, publicity: t.publicity };
};
const planOf = (a: ActivityView): ActivityPlan => ({ title: a.title, aim: a.aim ?? '', intro: a.intro, day: a.day, startTime: a.startTime, endTime: a.endTime, place: a.place, programme: a.programme, staff: a.staff ?? [], budget: a.budget ?? [], safety: a.safety, publicity: a.publicity ?? [] });

/** Rows of a list section: each row's inputs, 删除, and 添加. */
function Lines<T>({ name, rows, onChange, empty, render }: { name: string; rows: T[]; onChange: (rows: T[]) => void; empty: T; render: (row: T, set: (row: T) => void) => JSX.Element }) {
  return (
    <View className={`activity-plan__lines activity-plan__lines--${name}`}>
      {rows.map((row, i) => (
        <View key={i} className="activity-plan__line">
          {render(row, (next) => onChange(rows.map((r, j) => (j === i ? next : r))))}
          <Text className="activity-plan__remove" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            删除
          </Text>
        </View>
      ))}
      <Text className="activity-plan__add" onClick={() => onChange([...rows, empty])}>
        ＋ 添加
      </Text>
    </View>
  );
}

const input = (value: string, set: (v: string) => void, placeholder: string, size: boolean | 'wide' = false) => (
  <Input className={`activity-plan__input ${size === 'wide' ? 'activity-plan__input--wide' : size ? 'activity-plan__input--short' : ''}`} value={value} placeholder={placeholder} onInput={(e) => set(e.detail.value)} />
);

/**
 * 活动计划 (manager/pages/activity-plan/index?id=… or ?template=…): the plan editor with every section
 * of the template (目的, 时间, 地点, 流程, 人员, 预算, 安全措施, 宣传方式), 提交审核, the manager's review
 * (批准 / 退回), publication with the sign-up figures, and after the day the spent lines, photos,
 * summary, the feedback survey and the figures.
 */
export default function ActivityPlanPage() {
  const { params } = useRouter();
  useSession({ required: true });
  const [id, setId] = useState(params.id ?? '');
  const [a, setA] = useState<ActivityView>();
  const [plan, setPlan] = useState<ActivityPlan>(() => (params.template ? fromTemplate(params.template) : blank()));
  const [loading, setLoading] = useState(Boolean(params.id));
  const load = useSubmit();
  const submit = useSubmit();
  const [requestId] = useState(() => newRequestId('plan'));
  const [note, setNote] = useState('');
  const [pub, setPub] = useState({ capacity: '50', placesPerHousehold: '3', signupDeadline: '' });
  const [after, setAfter] = useState<{ spent: ActivityMoneyLine[]; photos: { id: string; url: string }[]; summary: string }>({ spent: [], photos: [], summary: '' });

  const show = (v: ActivityView) => {
    setA(v);
    setId(v.id);
    setPlan(planOf(v));
    setAfter({ spent: v.spent ?? [], photos: v.photos, summary: v.summary ?? '' });
    if (!pub.signupDeadline) setPub((p) => ({ ...p, signupDeadline: addDays(v.day, -2) }));
  };
  useEffect(() => {
    if (!params.id) return;
    void load.run(() => call('life', 'activityGet', { activityId: params.id! })).then((v) => {
      if (v) show(v);
      setLoading(false);
    });
  }, [params.id]);

  const set = <K extends keyof ActivityPlan>(k: K) => (v: ActivityPlan[K]) => setPlan((p) => ({ ...p, [k]: v }));
  const editable = !a || a.can.events.includes('edit');
  const fe = submit.fieldErrors;
  const save = async () => {
    const v = await submit.run(() => (id ? call('life', 'activityUpdate', { activityId: id, ...plan }) : call('life', 'activityCreate', { requestId, ...(params.template ? { templateKey: params.template } : {}), ...plan })));
    if (v) {
      show(v);
      toast('已保存');
    }
    return v;
  };
  const act = async (work: () => Promise<ActivityView>, done: string) => {
    const v = await submit.run(work);
    if (v) {
      show(v);
      toast(done);
    }
  };
  const can = (e: string) => Boolean(a?.can.events.includes(e as never));
  // Figures once sign-up has opened (a plan under review has none worth showing).
  const f = a && ['published', 'finished', 'cancelled'].includes(a.status) ? a.figures : undefined;

  return (
    <View className="page activity-plan">
      <PageHeader title={id ? '活动计划' : '新建活动计划'} subtitle={a ? `${chineseDate(a.day)} · ${a.place}` : '按范本填写后保存为草稿，再提交经理审核'} />
      <StateView loading={loading} error={load.error}>
        {a ? (
          <View className="card">
            <ActivityStatusTag status={a.status} />
            {a.review?.decision === 'return' && a.status === 'returned' ? <Text className="field__error">退回意见：{a.review.note}</Text> : null}
            {a.review?.decision === 'approve' ? <Text className="muted activity-plan__review-note">{`${a.review.byName} 已批准${a.review.note ? `：${a.review.note}` : ''}`}</Text> : null}
          </View>
        ) : null}

        {f ? (
          <View className="card activity-plan__figures-card">
            <Text className="card__title">活动数据</Text>
            <View className="activity-plan__figures">
              <View className="activity-plan__figure">
                <Text className="activity-plan__figure-value activity-plan__signups">
                  {f.households}户 / {f.places}人
                </Text>
                <Text className="muted">报名{f.waitingHouseholds ? `（候补${f.waitingHouseholds}户）` : ''}</Text>
              </View>
              <View className="activity-plan__figure">
                <Text className="activity-plan__figure-value activity-plan__attendance">
                  {f.checkedIn}/{f.households}
                  {f.attendanceRate != null ? ` (${f.attendanceRate}%)` : ''}
                </Text>
                <Text className="muted">签到（户）</Text>
              </View>
              <View className="activity-plan__figure">
                <Text className="activity-plan__figure-value">{yuan(f.spentFen)}</Text>
                <Text className="muted">实际支出 / 预算 {yuan(f.budgetFen)}</Text>
              </View>
              <View className="activity-plan__figure">
                <Text className="activity-plan__figure-value activity-plan__score">{f.feedback?.average != null ? `${f.feedback.average.toFixed(1)}分` : '—'}</Text>
                <Text className="muted">反馈满意度{f.feedback ? `（${f.feedback.answers}份）` : ''}</Text>
              </View>
            </View>
          </View>
        ) : null}

        <View className="card">
          <Field label="活动名称" name="title" required={editable} error={fe.title}>
            {editable ? input(plan.title, set('title'), '如：欢乐迎新春社区活动') : <Text>{plan.title}</Text>}
          </Field>
          <Field label="活动目的" name="aim" error={fe.aim}>
            {editable ? <Textarea className="textarea activity-plan__textarea" value={plan.aim} maxlength={500} onInput={(e) => set('aim')(e.detail.value)} /> : <Text>{plan.aim}</Text>}
          </Field>
          <Field label="活动简介（业主可见）" name="intro" error={fe.intro}>
            {editable ? <Textarea className="textarea activity-plan__textarea" value={plan.intro} maxlength={500} onInput={(e) => set('intro')(e.detail.value)} /> : <Text>{plan.intro}</Text>}
          </Field>
          <Field label="活动时间" name="day" required={editable} error={fe.day ?? fe.startTime ?? fe.endTime}>
            {editable ? (
              <View className="activity-plan__line">
                <Picker mode="date" value={plan.day} start={localDay(Date.now())} onChange={(e) => set('day')(String(e.detail.value))}>
                  <View className="input activity-plan__day">{plan.day}</View>
                </Picker>
                <Picker mode="time" value={plan.startTime} onChange={(e) => set('startTime')(String(e.detail.value))}>
                  <View className="input activity-plan__start">{plan.startTime}</View>
                </Picker>
                <Text className="muted">至</Text>
                <Picker mode="time" value={plan.endTime} start={plan.startTime} onChange={(e) => set('endTime')(String(e.detail.value))}>
                  <View className="input activity-plan__end">{plan.endTime}</View>
                </Picker>
              </View>
            ) : (
              <Text>
                {chineseDate(plan.day)} {plan.startTime}—{plan.endTime}
              </Text>
            )}
          </Field>
          <Field label="活动地点" name="place" required={editable} error={fe.place}>
            {editable ? input(plan.place, set('place'), '如：小区中心广场') : <Text>{plan.place}</Text>}
          </Field>
        </View>

        <View className="card">
          <Text className="card__title">活动内容及流程</Text>
          {editable ? (
            <Lines<ActivityProgrammeLine> name="programme" rows={plan.programme} onChange={set('programme')} empty={{ time: '', item: '', person: '' }} render={(r, s) => (
              <>
                {input(r.time, (time) => s({ ...r, time }), '时间', true)}
                {input(r.item, (item) => s({ ...r, item }), '内容', 'wide')}
                {input(r.person, (person) => s({ ...r, person }), '负责人')}
              </>
            )} />
          ) : (
            plan.programme.map((p, i) => <Text key={i} className="activity__line">{`${p.time} ${p.item}${p.person ? `（${p.person}）` : ''}`}</Text>)
          )}
        </View>
        <View className="card">
          <Text className="card__title">人员安排</Text>
          {editable ? (
            <Lines<ActivityStaffLine> name="staff" rows={plan.staff} onChange={set('staff')} empty={{ name: '', duty: '' }} render={(r, s) => (
              <>
                {input(r.name, (name) => s({ ...r, name }), '人员', true)}
                {input(r.duty, (duty) => s({ ...r, duty }), '职责')}
              </>
            )} />
          ) : (
            plan.staff.map((p, i) => <Text key={i} className="activity__line">{`${p.name}：${p.duty}`}</Text>)
          )}
        </View>
        <View className="card">
          <Text className="card__title">经费预算（合计 {yuan(plan.budget.reduce((s, b) => s + b.amountFen, 0))}）</Text>
          {editable ? (
            <Lines<ActivityMoneyLine> name="budget" rows={plan.budget} onChange={set('budget')} empty={{ item: '', amountFen: 0 }} render={(r, s) => (
              <>
                {input(r.item, (item) => s({ ...r, item }), '项目')}
                {input(r.amountFen ? String(r.amountFen / 100) : '', (v) => s({ ...r, amountFen: Math.round(Number(v) * 100) || 0 }), '金额(元)', true)}
              </>
            )} />
          ) : (
            plan.budget.map((b, i) => <Text key={i} className="activity__line">{`${b.item}：${yuan(b.amountFen)}`}</Text>)
          )}
        </View>
        {(['safety', 'publicity'] as const).map((k) => (
          <View key={k} className="card">
            <Text className="card__title">{k === 'safety' ? '安全措施' : '宣传方式'}</Text>
            {editable ? (
              <Lines<string> name={k} rows={plan[k]} onChange={set(k)} empty="" render={(r, s) => input(r, s, k === 'safety' ? '一条安全措施' : '一种宣传方式')} />
            ) : (
              plan[k].map((x, i) => <Text key={i} className="activity__line">{`${i + 1}. ${x}`}</Text>)
            )}
          </View>
        ))}

        <FormError error={submit.error} shownFields={['title', 'aim', 'intro', 'day', 'startTime', 'endTime', 'place']} />
        <View className="activity-plan__actions">
          {editable ? (
            <Button className="btn btn--ghost activity-plan__save" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
              保存草稿
            </Button>
          ) : null}
          {editable ? (
            <Button className="btn btn--primary activity-plan__submit" disabled={submit.busy || undefined} onClick={async () => { const v = await save(); if (v) await act(() => call('life', 'activitySubmit', { activityId: v.id }), '已提交审核'); }}>
              {ACTIVITY_EVENT_LABELS.submit}
            </Button>
          ) : null}
          {can('approve') ? (
            <View className="card activity-plan__review">
              <Field label="审核意见" name="note" error={fe.note}>
                <Textarea className="textarea activity-plan__textarea" value={note} maxlength={200} placeholder="退回时请写明需要修改的地方" onInput={(e) => setNote(e.detail.value)} />
              </Field>
              <Button className="btn btn--primary activity-plan__approve" disabled={submit.busy || undefined} onClick={() => act(() => call('life', 'activityReview', { activityId: id, decision: 'approve', note }), '已批准')}>
                批准
              </Button>
              <Button className="btn btn--ghost activity-plan__return" disabled={submit.busy || undefined} onClick={() => act(() => call('life', 'activityReview', { activityId: id, decision: 'return', note }), '已退回')}>
                退回修改
              </Button>
            </View>
          ) : null}
          {can('publish') ? (
            <View className="card activity-plan__publish">
              <Text className="card__title">发布报名</Text>
              <Field label="名额（人）" name="capacity" required error={fe.capacity}>
                {input(pub.capacity, (capacity) => setPub({ ...pub, capacity }), '50')}
              </Field>
              <Field label="每户限报人数" name="placesPerHousehold" required error={fe.placesPerHousehold}>
                {input(pub.placesPerHousehold, (placesPerHousehold) => setPub({ ...pub, placesPerHousehold }), '3')}
              </Field>
              <Field label="报名截止日期" name="signupDeadline" required error={fe.signupDeadline}>
                <Picker mode="date" value={pub.signupDeadline || localDay(Date.now())} start={localDay(Date.now())} end={a?.day} onChange={(e) => setPub({ ...pub, signupDeadline: String(e.detail.value) })}>
                  <View className="input activity-plan__deadline">{pub.signupDeadline || '请选择'}</View>
                </Picker>
              </Field>
              <Button
                className="btn btn--primary activity-plan__publish-submit"
                disabled={submit.busy || undefined}
                onClick={async () => {
                  if (!(await confirm({ title: '发布活动', content: '将向全体业主发布活动通知（带“去报名”按钮），确定发布吗？', confirmText: '发布' }))) return;
                  await act(() => call('life', 'activityPublish', { activityId: id, requestId, capacity: Number(pub.capacity), placesPerHousehold: Number(pub.placesPerHousehold), signupDeadline: pub.signupDeadline }), '已发布');
                }}
              >
                发布活动通知
              </Button>
            </View>
          ) : null}
          {a?.can.checkin ? (
            <Button className="btn btn--ghost activity-plan__checkin" onClick={() => openPage(routes.staff.activityCheckin, { id })}>
              现场签到
            </Button>
          ) : null}
          {can('finish') ? (
            <Button className="btn btn--primary activity-plan__finish" disabled={submit.busy || undefined} onClick={() => act(() => call('life', 'activityFinish', { activityId: id }), '活动已结束')}>
              活动结束
            </Button>
          ) : null}
          {a?.can.wrapUp ? (
            <View className="card activity-plan__after">
              <Text className="card__title">活动总结</Text>
              <Lines<ActivityMoneyLine> name="spent" rows={after.spent} onChange={(spent) => setAfter({ ...after, spent })} empty={{ item: '', amountFen: 0 }} render={(r, s) => (
                <>
                  {input(r.item, (item) => s({ ...r, item }), '支出项目')}
                  {input(r.amountFen ? String(r.amountFen / 100) : '', (v) => s({ ...r, amountFen: Math.round(Number(v) * 100) || 0 }), '金额(元)', true)}
                </>
              )} />
              <PhotoPicker name="activity-photos" label="活动照片" max={30} value={after.photos as never} onChange={(photos) => setAfter({ ...after, photos: photos as never })} />
              <Textarea className="textarea activity-plan__textarea" value={after.summary} maxlength={500} placeholder="活动总结" onInput={(e) => setAfter({ ...after, summary: e.detail.value })} />
              <Button className="btn btn--primary activity-plan__wrapup" disabled={submit.busy || undefined} onClick={() => act(() => call('life', 'activityWrapUp', { activityId: id, spent: after.spent, photoIds: after.photos.map((p) => p.id), summary: after.summary }), '已保存')}>
                保存总结
              </Button>
              {a.can.feedback ? (
                <Button className="btn btn--ghost activity-plan__feedback" disabled={submit.busy || undefined} onClick={() => act(() => call('life', 'activityFeedback', { activityId: id, requestId: newRequestId('fb') }), '反馈问卷已发送')}>
                  向签到业主发送反馈问卷
                </Button>
              ) : null}
              {a.feedbackSurveyId ? (
                <Button className="btn btn--ghost activity-plan__results" onClick={() => openPage(routes.manager.surveyResults, { id: a.feedbackSurveyId! })}>
                  查看反馈结果
                </Button>
              ) : null}
            </View>
          ) : null}
          {can('cancel') ? (
            <Button
              className="btn btn--ghost activity-plan__cancel"
              disabled={submit.busy || undefined}
              onClick={async () => {
                if (!(await confirm({ title: '取消活动', content: '已报名的业主会收到活动取消的消息，确定取消吗？', confirmText: '取消活动', danger: true }))) return;
                await act(() => call('life', 'activityCancel', { activityId: id, reason: note.trim() || '因故取消' }), '活动已取消');
              }}
            >
              取消活动
            </Button>
          ) : null}
          <Button className="btn btn--ghost" onClick={() => backTo(routes.manager.activities)}>
            返回活动列表
          </Button>
        </View>
      </StateView>
    </View>
  );
}
