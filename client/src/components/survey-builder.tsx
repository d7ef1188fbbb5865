import { useState } from 'react';
import { Button, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import type { BuildingSummary } from '@shared/contracts/community.contract';
import type { SurveyInput, SurveyQuestionInput, SurveyView } from '@shared/contracts/life-survey-view';
import { addDays, localDay } from '@shared/domain/calendar';
import {
  SERVICE_AREA_LABELS,
  SURVEY_INTRO_MAX,
  SURVEY_OPTION_MAX,
  SURVEY_QUESTION_TITLE_MAX,
  SURVEY_TITLE_MAX,
  SURVEY_OPTIONS_MAX,
  SURVEY_PER_LABELS,
  SURVEY_QUESTION_KIND_LABELS,
  SURVEY_QUESTIONS_MAX,
  SURVEY_REPEAT_LABELS,
  type SurveyPer,
  type SurveyQuestionKind,
  type SurveyRepeat,
  type SurveyTemplate,
} from '@shared/domain/life';
import type { Submit } from '../hooks/use-submit';
import { Choices, choicesOf } from './choices';
import { Field, FormError } from './form-field';
import './survey.scss';

/** The builder's state: the survey's fields, questions with a local id for React. */
export interface BuilderState extends Omit<SurveyInput, 'questions'> {
  questions: (SurveyQuestionInput & { uid: number })[];
}

let uidSeq = 0;
const withUid = (q: SurveyQuestionInput) => ({ ...q, options: [...q.options], uid: ++uidSeq });

/** A fresh survey: blank, from a template, or the draft as saved. */
export function builderState(from?: SurveyView | SurveyTemplate): BuilderState {
  const today = localDay(Date.now());
  if (from && 'status' in from) {
    return {
      title: from.title,
      intro: from.intro,
      questions: from.questions.map(withUid),
      audience: { kind: from.audience.kind, buildingIds: [...from.audience.buildingIds] },
      per: from.per,
      repeat: from.repeat,
      anonymous: from.anonymous,
      opensOn: from.opensOn < today ? today : from.opensOn,
      closesOn: from.closesOn,
      ...(from.year ? { year: from.year } : {}),
    };
  }
  const satisfaction = from?.kind === 'satisfaction';
  return {
    title: from?.title ?? '',
    intro: from?.intro ?? '',
    questions: from ? from.questions.map(withUid) : [withUid({ kind: 'single', title: '', options: ['', ''], required: true })],
    audience: { kind: 'community', buildingIds: [] },
    // The yearly satisfaction survey: one per household, anonymous, no second answer.
    per: satisfaction ? 'unit' : 'owner',
    repeat: satisfaction ? 'refuse' : 'replace',
    anonymous: satisfaction,
    opensOn: today,
    closesOn: addDays(today, 14),
    ...(satisfaction ? { year: Number(today.slice(0, 4)), templateKey: from?.key } : from ? { templateKey: from.key } : {}),
  };
}

/** The input the contract takes (the local ids dropped). */
export function builderInput(s: BuilderState): SurveyInput {
  return { ...s, questions: s.questions.map(({ uid: _uid, ...q }) => ({ ...q, options: q.kind === 'single' || q.kind === 'multiple' ? q.options.map((o) => o.trim()) : [] })) };
}

/** Problems the form can see before sending (the server checks the same and more). */
export function builderProblems(s: BuilderState): Record<string, string> {
  const p: Record<string, string> = {};
  if (!s.title.trim()) p.title = '请填写问卷名称';
  if (!s.questions.length) p.questions = '请至少添加一道题目';
  s.questions.forEach((q, i) => {
    if (!q.title.trim()) p[`questions.${i}.title`] = '请填写题目';
    if (q.kind === 'single' || q.kind === 'multiple') {
      if (q.options.length < 2) p[`questions.${i}.options`] = '选择题至少需要2个选项';
      else if (q.options.some((o) => !o.trim())) p[`questions.${i}.options`] = '选项不能为空';
      else if (new Set(q.options.map((o) => o.trim())).size !== q.options.length) p[`questions.${i}.options`] = '选项不能重复';
    }
  });
  if (s.audience.kind === 'buildings' && !s.audience.buildingIds.length) p['audience.buildingIds'] = '请选择楼栋';
  if (s.closesOn < s.opensOn) p.closesOn = '截止日期不能早于开始日期';
  return p;
}

const KINDS = choicesOf(SURVEY_QUESTION_KIND_LABELS);
const PER = choicesOf(SURVEY_PER_LABELS);
const REPEAT = choicesOf(SURVEY_REPEAT_LABELS);
const AUDIENCE = [
  { value: 'community' as const, label: '全体业主' },
  { value: 'buildings' as const, label: '指定楼栋' },
];

/**
 * The survey builder (`.survey-edit`): name and intro, the questions (add, remove, move up/down,
 * kind, title, required, the options of a choice), who is asked (everyone or chosen buildings), one
 * answer per owner or per household, whether a second answer replaces the first, anonymous, dates.
 */
export function SurveyBuilder({ value, onChange, buildings, submit }: { value: BuilderState; onChange: (s: BuilderState) => void; buildings: BuildingSummary[]; submit: Submit }) {
  const [today] = useState(() => localDay(Date.now()));
  const e = submit.fieldErrors;
  const set = (patch: Partial<BuilderState>) => onChange({ ...value, ...patch });
  const setQ = (i: number, patch: Partial<SurveyQuestionInput>) => set({ questions: value.questions.map((q, j) => (j === i ? { ...q, ...patch } : q)) });
  const move = (i: number, d: -1 | 1) => {
    const qs = [...value.questions];
    const j = i + d;
    if (j < 0 || j >= qs.length) return;
    [qs[i], qs[j]] = [qs[j], qs[i]];
    set({ questions: qs });
  };
  const satisfaction = value.templateKey === 'satisfaction' || typeof value.year === 'number';
  const toggleBuilding = (id: string) => {
    const ids = value.audience.buildingIds.includes(id) ? value.audience.buildingIds.filter((b) => b !== id) : [...value.audience.buildingIds, id];
    submit.edited('audience.buildingIds', () => set({ audience: { kind: 'buildings', buildingIds: ids } }))(null);
  };

  return (
    <View className="survey-edit__form">
      <View className="card">
        <Field label="问卷名称" name="title" required error={e.title}>
          <Input className="input survey-edit__title" value={value.title} maxlength={SURVEY_TITLE_MAX} placeholder="如：社区活动需求调研" onInput={(ev) => submit.edited('title', (t: string) => set({ title: t }))(ev.detail.value)} />
        </Field>
        <Field label="问卷说明" name="intro" error={e.intro} hint="写给业主的开场白：调查目的、大约用时、是否记名">
          <Textarea className="textarea survey-edit__intro" value={value.intro} maxlength={SURVEY_INTRO_MAX} onInput={(ev) => set({ intro: ev.detail.value })} />
        </Field>
        {satisfaction && value.year ? <Text className="muted survey-edit__year">年度满意度调查 · {value.year}年（每个小区每年一份）</Text> : null}
      </View>

      <View className="card survey-edit__questions">
        <Text className="card__title">题目（{value.questions.length}）</Text>
        {e.questions ? <Text className="field__error">{e.questions}</Text> : null}
        {value.questions.map((q, i) => {
          const choice = q.kind === 'single' || q.kind === 'multiple';
          return (
            <View key={q.uid} className={`survey-edit__question survey-edit__question--${i + 1}`}>
              <View className="survey-edit__question-head">
                <Text className="card__title">
                  第 {i + 1} 题{q.area ? ` · ${SERVICE_AREA_LABELS[q.area]}` : ''}
                </Text>
                <View className="survey-edit__question-tools">
                  {i > 0 ? (
                    <Text className="link survey-edit__up" onClick={() => move(i, -1)}>
                      上移
                    </Text>
                  ) : null}
                  {i < value.questions.length - 1 ? (
                    <Text className="link survey-edit__down" onClick={() => move(i, 1)}>
                      下移
                    </Text>
                  ) : null}
                  <Text className="danger survey-edit__remove" onClick={() => set({ questions: value.questions.filter((_, j) => j !== i) })}>
                    删除
                  </Text>
                </View>
              </View>
              {q.area ? null : (
                <Field label="题型" name={`kind-${i}`}>
                  <Choices
                    name={`question-kind-${i}`}
                    options={KINDS}
                    value={q.kind}
                    onChange={(k: SurveyQuestionKind) => setQ(i, { kind: k, options: k === 'single' || k === 'multiple' ? (q.options.length >= 2 ? q.options : ['', '']) : [] })}
                  />
                </Field>
              )}
              <Field label="题目" name={`question-${i}`} required error={e[`questions.${i}.title`]}>
                <Input className="input survey-edit__question-title" value={q.title} maxlength={SURVEY_QUESTION_TITLE_MAX} placeholder="请输入题目" onInput={(ev) => submit.edited(`questions.${i}.title`, (t: string) => setQ(i, { title: t }))(ev.detail.value)} />
              </Field>
              {choice ? (
                <Field label={`选项（2–${SURVEY_OPTIONS_MAX}个）`} name={`options-${i}`} required error={e[`questions.${i}.options`]}>
                  {q.options.map((o, k) => (
                    <View key={k} className="survey-edit__option">
                      <Input
                        className="input survey-edit__option-input"
                        value={o}
                        maxlength={SURVEY_OPTION_MAX}
                        placeholder={`选项${k + 1}`}
                        onInput={(ev) => submit.edited(`questions.${i}.options`, (t: string) => setQ(i, { options: q.options.map((x, m) => (m === k ? t : x)) }))(ev.detail.value)}
                      />
                      {q.options.length > 2 ? (
                        <Text className="danger survey-edit__option-remove" onClick={() => setQ(i, { options: q.options.filter((_, m) => m !== k) })}>
                          删除
                        </Text>
                      ) : null}
                    </View>
                  ))}
                  {q.options.length < SURVEY_OPTIONS_MAX ? (
                    <Text className="link survey-edit__option-add" onClick={() => setQ(i, { options: [...q.options, ''] })}>
                      + 添加选项
                    </Text>
                  ) : null}
                </Field>
              ) : null}
              <View className="switch-row">
                <Text>必答</Text>
                <Switch className="survey-edit__required" checked={q.required} color="#1677ff" onChange={(ev) => setQ(i, { required: ev.detail.value })} />
              </View>
            </View>
          );
        })}
        {value.questions.length < SURVEY_QUESTIONS_MAX ? (
          <Button className="btn btn--ghost survey-edit__add" onClick={() => set({ questions: [...value.questions, withUid({ kind: 'single', title: '', options: ['', ''], required: true })] })}>
            + 添加题目
          </Button>
        ) : null}
      </View>

      <View className="card survey-edit__settings">
        <Text className="card__title">调查对象与规则</Text>
        <Field label="调查对象" name="audience" error={e['audience.buildingIds'] ?? e.audience}>
          <Choices name="survey-audience" options={AUDIENCE} value={value.audience.kind === 'activity' ? undefined : value.audience.kind} onChange={(k) => set({ audience: { kind: k, buildingIds: k === 'community' ? [] : value.audience.buildingIds } })} />
          {value.audience.kind === 'buildings' ? (
            <Choices name="survey-buildings" options={buildings.map((b) => ({ value: b.id, label: b.name }))} value={value.audience.buildingIds} onChange={toggleBuilding} />
          ) : null}
        </Field>
        <Field label="答卷份数" name="per" hint="每户一份：同一房屋的几位业主只需一人填写">
          <Choices name="survey-per" options={PER} value={value.per} onChange={(p: SurveyPer) => set({ per: p })} />
        </Field>
        <Field label="重复提交" name="repeat">
          <Choices name="survey-repeat" options={REPEAT} value={value.repeat} onChange={(r: SurveyRepeat) => set({ repeat: r })} />
        </Field>
        <View className="switch-row">
          <View>
            <Text>不记名</Text>
            <Text className="muted"> 答卷不记录姓名、房号和电话</Text>
          </View>
          <Switch className="survey-edit__anonymous" checked={value.anonymous} color="#1677ff" onChange={(ev) => set({ anonymous: ev.detail.value })} />
        </View>
        <Field label="开始日期" name="opens-on" required error={e.opensOn}>
          <Picker mode="date" value={value.opensOn} start={today} onChange={(ev) => submit.edited('opensOn', (d: string) => set({ opensOn: d, closesOn: value.closesOn < d ? d : value.closesOn }))(String(ev.detail.value))}>
            <View className="input survey-edit__opens-on">{value.opensOn}</View>
          </Picker>
        </Field>
        <Field label="截止日期" name="closes-on" required error={e.closesOn} hint="截止日的次日凌晨自动结束">
          <Picker mode="date" value={value.closesOn} start={value.opensOn} onChange={(ev) => submit.edited('closesOn', (d: string) => set({ closesOn: d }))(String(ev.detail.value))}>
            <View className="input survey-edit__closes-on">{value.closesOn}</View>
          </Picker>
        </Field>
      </View>
      <FormError error={submit.error} shownFields={Object.keys(e)} />
    </View>
  );
}
