import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { LessonStatsRow, LessonSummary } from '@shared/contracts/growth-courses-view';
import { localDay } from '@shared/domain/calendar';
import { QUIZ_COUNTS, QUIZ_COUNTS_LABELS, type QuizCounts } from '@shared/domain/growth';
import { ROLE_LABELS } from '@shared/domain/roles';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useCloud } from '@/hooks/use-cloud';
import { usePaged } from '@/hooks/use-paged';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { FormError } from '@/components/form-field';
import { useReloadOnReturn } from '@/components/reload-on-return';
import '@/components/growth-courses.scss';

type Tab = 'team' | 'lessons' | 'own' | 'settings';
const TABS: { value: Tab; label: string }[] = [
  { value: 'team', label: '团队进度' },
  { value: 'lessons', label: '课程统计' },
  { value: 'own', label: '本小区课程' },
  { value: 'settings', label: '设置' },
];
const day = (iso?: string) => (iso ? localDay(new Date(iso)) : '—');

/** One lesson's figures; tapped, its questions most missed first. */
function StatsRow({ row }: { row: LessonStatsRow }) {
  const [open, setOpen] = useState(false);
  const detail = useCloud('growth', 'lessonStats', { lessonId: row.id }, { skip: !open });
  return (
    <View className={`card training__lesson training__lesson--${row.id}`} onClick={() => setOpen((o) => !o)}>
      <Text className="card__title">{row.title}</Text>
      <Text className="muted">
        {row.courseName}
        {row.required ? ' · 必修' : ''} · {row.people} 人学习 · {row.attempts} 次测验 · {row.passed} 人通过 · 平均 {row.averageScore ?? '—'} 分
      </Text>
      {row.topMissed ? (
        <Text className="growth-score--bad training__top-missed">
          错得最多：第{row.topMissed.no}题（{row.topMissed.wrong}次，{row.topMissed.wrongRate}%）{row.topMissed.text}
        </Text>
      ) : null}
      {open && detail.data
        ? detail.data.questions.map((q) => (
            <View key={q.no} className="growth-lesson-row training__question">
              <Text className="growth-lesson-row__main">
                {q.no}. {q.text}
              </Text>
              <Text className={`growth-score ${q.wrong ? 'growth-score--bad' : ''}`}>
                错 {q.wrong}/{q.attempts}
              </Text>
            </View>
          ))
        : null}
    </View>
  );
}

/** The path and which attempt counts: tap a lesson to add or remove it (in order of tapping). */
function SettingsPanel() {
  const s = useCloud('growth', 'settings', {});
  const submit = useSubmit();
  const [required, setRequired] = useState<string[]>([]);
  const [counts, setCounts] = useState<QuizCounts>('best');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!s.data) return;
    setRequired(s.data.required.map((l) => l.id));
    setCounts(s.data.quizCounts);
  }, [s.data]);
  const toggle = (l: LessonSummary) => {
    setSaved(false);
    setRequired((r) => (r.includes(l.id) ? r.filter((x) => x !== l.id) : [...r, l.id]));
  };
  const save = async () => {
    const r = await submit.run(() => call('growth', 'saveSettings', { required, quizCounts: counts }));
    if (r) {
      s.set(r);
      setSaved(true);
    }
  };
  if (!s.data) return <Text className="muted">{s.error?.message ?? '加载中…'}</Text>;
  return (
    <View className="card training__settings">
      <Text className="card__title">测验成绩计分</Text>
      <Choices name="quiz-counts" options={QUIZ_COUNTS.map((v) => ({ value: v, label: QUIZ_COUNTS_LABELS[v] }))} value={counts} onChange={(v) => (setSaved(false), setCounts(v))} />
      <Text className="muted">重复测验时，按最高分或最近一次成绩判断是否通过；同一次测验不会重复计分。</Text>
      <Text className="card__title">入职必修（已选 {required.length} 门{s.data.isDefault ? '，当前为默认' : ''}）</Text>
      {s.data.choices.map((l) => (
        <View key={l.id} className={`growth-lesson-row training__choice ${required.includes(l.id) ? 'quiz__option--chosen' : ''}`} onClick={() => toggle(l)}>
          <Text className="growth-lesson-row__main">
            {required.includes(l.id) ? `${required.indexOf(l.id) + 1}. ` : ''}
            {l.title}
          </Text>
          <Text className="muted">{l.courseName}</Text>
        </View>
      ))}
      <FormError error={submit.error} />
      <Button className="btn btn--primary training__save" disabled={submit.busy} onClick={save}>
        {saved ? '已保存' : '保存设置'}
      </Button>
    </View>
  );
}

/**
 * 培训管理 (manager.training): the team's onboarding progress (tap a person for their lessons), each
 * lesson's figures with the most-missed questions, the community's own lessons (新建课程) and the settings.
 */
export default function ManagerTrainingPage() {
  useSession({ required: true });
  const [tab, setTab] = useState<Tab>('team');
  const team = usePaged((page) => call('growth', 'team', { page, pageSize: 20 }), tab === 'team' ? 'team' : 'off');
  const stats = usePaged((page) => call('growth', 'lessonStatsList', { page, pageSize: 10 }), tab === 'lessons' ? 'lessons' : 'off');
  const own = usePaged((page) => call('growth', 'lessonList', { page, pageSize: 20 }), tab === 'own' ? 'own' : 'off');
  useReloadOnReturn(() => {
    team.reload();
    own.reload();
  });
  return (
    <View className="page training">
      <PageHeader title="培训管理" subtitle="员工入职学习进度、测验成绩与易错题" />
      <View className="tabs training__tabs">
        <Choices name="training-tab" options={TABS} value={tab} onChange={setTab} />
      </View>
      {tab === 'team' ? (
        <PagedList
          list={team}
          name="training-team"
          emptyText="本小区还没有员工"
          render={(r) => (
            <View key={r.userId} className={`card card--link training__person training__person--${r.userId}`} onClick={() => openPage(routes.manager.trainee, { id: r.userId })}>
              <View className="unit-row__main">
                <Text className="card__title">
                  {r.name} <Text className="muted">{r.roles.map((x) => ROLE_LABELS[x]).join('、')}</Text>
                </Text>
                <Text className={r.onboarding.percent === 100 ? 'growth-score--ok' : 'growth-score--bad'}>
                  {r.onboarding.done}/{r.onboarding.required}
                </Text>
              </View>
              <View className="growth-progress">
                <View className="growth-progress__bar" style={{ width: `${r.onboarding.percent}%` }} />
              </View>
              <Text className="muted">
                通过 {r.passedLessons} 门 · 平均 {r.averageScore ?? '—'} 分 · 最近学习 {day(r.lastActivityAt)}
              </Text>
            </View>
          )}
        />
      ) : null}
      {tab === 'lessons' ? <PagedList list={stats} name="training-lessons" emptyText="暂无课程" render={(row) => <StatsRow key={row.id} row={row} />} /> : null}
      {tab === 'own' ? (
        <>
          <Button className="btn btn--primary training__new" onClick={() => openPage(routes.manager.lessonEdit)}>
            新建课程
          </Button>
          <PagedList
            list={own}
            name="training-own"
            emptyText="还没有本小区自建的课程"
            render={(l) => (
              <View key={l.id} className="card card--link training__own" onClick={() => openPage(routes.manager.lessonEdit, { id: l.id })}>
                <Text className="card__title">{l.title}</Text>
                <Text className="muted">
                  {l.courseName} · {l.questionCount} 题 · {l.passMark} 分及格{l.required ? ' · 必修' : ''}
                </Text>
              </View>
            )}
          />
        </>
      ) : null}
      {tab === 'settings' ? <SettingsPanel /> : null}
    </View>
  );
}
