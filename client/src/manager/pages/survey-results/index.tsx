import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { QuestionResult, SurveyResultsView } from '@shared/contracts/life-results.contract';
import { formatTime } from '@shared/domain/calendar';
import { ANONYMOUS_MIN_GROUP, SURVEY_KIND_LABELS, SURVEY_PER_LABELS, SURVEY_QUESTION_KIND_LABELS, SURVEY_STATUS_LABELS } from '@shared/domain/life';
import { call } from '@/services/cloud';
import { saveFile } from '@/services/files';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { FormError } from '@/components/form-field';
import { Stat } from '@/components/stat';
import { Chart, countAxisMax } from '../../components/chart';
import './index.scss';

const BLUE = '#1677ff';
const GREEN = '#2e9d5b';

/** A choice question: horizontal bars, one per option (counts), and the figures as text. */
function ChoiceResult({ q, index }: { q: QuestionResult; index: number }) {
  const options = q.options ?? [];
  return (
    <>
      <Chart
        id={`survey-results-q${index}`}
        type="bar"
        categories={options.map((o) => o.label)}
        series={[{ name: '人数', color: BLUE, data: options.map((o) => o.count) }]}
        max={countAxisMax([{ data: options.map((o) => o.count) }])}
        height={options.length * 34 + 48}
        className="survey-results__chart"
      />
      <View className="survey-results__options">
        {options.map((o) => (
          <View key={o.label} className="survey-results__option">
            <Text className="survey-results__option-label">{o.label}</Text>
            <Text className="survey-results__option-figure">
              {o.count} 人 · {o.percent}%
            </Text>
          </View>
        ))}
      </View>
      {q.kind === 'multiple' ? <Text className="muted survey-results__hint">多选题：占比为选择该项的答卷占本题答卷的比例，合计可超过100%。</Text> : null}
    </>
  );
}

/** A rating question: the 1–5 distribution as columns, the average. */
function RatingResult({ q, index }: { q: QuestionResult; index: number }) {
  const dist = q.rating?.distribution ?? [0, 0, 0, 0, 0];
  return (
    <>
      <Text className="survey-results__average">平均分 {q.rating?.average === null || q.rating?.average === undefined ? '—' : q.rating.average.toFixed(2)}</Text>
      <Chart
        id={`survey-results-q${index}`}
        type="column"
        categories={['1分', '2分', '3分', '4分', '5分']}
        series={[{ name: '人数', color: GREEN, data: dist }]}
        height={180}
        className="survey-results__chart"
      />
    </>
  );
}

/** A free-text question: the frequent words and some texts (an anonymous survey: only from the minimum on). */
function TextResult({ q, anonymous }: { q: QuestionResult; anonymous: boolean }) {
  const t = q.text;
  if (!t || t.hidden) return <Text className="muted survey-results__text-hidden">不记名问卷：填写本题的答卷少于{ANONYMOUS_MIN_GROUP}份，暂不显示内容。</Text>;
  return (
    <>
      <Text className="survey-results__sub">高频词</Text>
      {t.words.length ? (
        <View className="survey-results__words">
          {t.words.map((w) => (
            <Text key={w.word} className="survey-results__word">
              {w.word} <Text className="survey-results__word-count">{w.count}</Text>
            </Text>
          ))}
        </View>
      ) : (
        <Text className="muted">还没有多人提到的词</Text>
      )}
      <Text className="survey-results__sub">{anonymous ? '部分留言' : '最新留言'}</Text>
      <View className="survey-results__texts">
        {t.latest.map((text, i) => (
          <Text key={i} className="survey-results__text">
            {text}
          </Text>
        ))}
      </View>
    </>
  );
}

function ByBuilding({ view }: { view: SurveyResultsView }) {
  const ratings = view.questions.filter((q) => q.kind === 'rating');
  return (
    <View className="card survey-results__buildings">
      <Text className="card__title">分楼栋</Text>
      {view.byBuilding.length ? (
        <View className="table">
          <View className="table__row table__row--head">
            <Text className="table__cell">楼栋</Text>
            <Text className="table__cell table__cell--narrow">答卷</Text>
            {ratings.slice(0, 3).map((q) => (
              <Text key={q.key} className="table__cell">
                {q.title.split(/[：:，,（(]/)[0]}
              </Text>
            ))}
          </View>
          {view.byBuilding.map((b) => (
            <View key={b.buildingId} className={`table__row survey-results__building survey-results__building--${b.buildingId === 'other' ? 'other' : 'one'}`}>
              <Text className="table__cell">{b.name}</Text>
              <Text className="table__cell table__cell--narrow">{b.answers}</Text>
              {ratings.slice(0, 3).map((q) => (
                <Text key={q.key} className="table__cell">
                  {b.ratings[q.key] === null || b.ratings[q.key] === undefined ? '—' : (b.ratings[q.key] as number).toFixed(2)}
                </Text>
              ))}
            </View>
          ))}
        </View>
      ) : (
        <Text className="muted">暂无可显示的楼栋数据</Text>
      )}
      {ratings.length > 3 ? <Text className="muted survey-results__hint">表中列出前3个评分题的平均分；全部数据请导出 Excel。</Text> : null}
    </View>
  );
}

/**
 * 问卷结果 (manager; life.md "Results and the yearly satisfaction survey"): live figures per
 * question (bars for choices, the 1–5 distribution for ratings, the word list for free text), by
 * building with a building filter, refresh, and the XLSX export. An anonymous survey says which
 * groups are too small to show.
 */
export default function SurveyResultsPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const surveyId = params.id ?? '';
  const [buildingId, setBuildingId] = useState<string>();
  const results = useCloud('life', 'surveyResults', { surveyId, ...(buildingId ? { buildingId } : {}) }, { skip: !surveyId });
  const exporting = useSubmit();
  const v = results.data;
  // The filter keeps the buildings of the whole survey while one is chosen.
  const [buildings, setBuildings] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    if (v && !buildingId) setBuildings(v.buildings);
  }, [v, buildingId]);

  const exportFile = () => exporting.run(async () => saveFile(await call('life', 'surveyExport', { surveyId })));

  return (
    <View className="page manager survey-results">
      <PageHeader title="问卷结果" subtitle={v ? v.survey.title : undefined} />
      <StateView loading={results.loading && !v} error={results.error} onRetry={results.reload}>
        {v ? (
          <>
            <View className="card survey-results__summary">
              <View className="unit-row__main">
                <Text className="card__title">{SURVEY_KIND_LABELS[v.survey.kind]}</Text>
                <Text className={`tag survey-results__status survey-results__status--${v.survey.status}`}>{SURVEY_STATUS_LABELS[v.survey.status]}</Text>
              </View>
              <Text className="muted">
                {v.survey.opensOn} 至 {v.survey.closesOn} · {SURVEY_PER_LABELS[v.survey.per]} · {v.survey.anonymous ? '不记名' : '记名'}
              </Text>
              <View className="stats">
                <Stat label={v.building ? `${v.building.name}答卷` : '答卷'} value={v.hidden ? '—' : v.answers} className="survey-results__answers" />
                {v.building ? <Stat label="全部答卷" value={v.totalAnswers} /> : null}
                <Stat label="题目" value={v.survey.anonymous && v.hidden && !v.building ? '—' : v.questions.length} />
              </View>
              {v.survey.anonymous ? (
                <Text className="survey-results__anonymous">本问卷不记名：答卷少于{ANONYMOUS_MIN_GROUP}份的楼栋或题目不单独显示，导出的答卷不含姓名和房号、顺序已打乱。</Text>
              ) : null}
              <Text className="muted survey-results__computed">统计时间 {formatTime(v.computedAt)}（实时统计，刷新可看到最新答卷）</Text>
              <View className="form-buttons">
                <Button className="btn btn--ghost survey-results__refresh" size="mini" loading={results.loading} onClick={results.reload}>
                  刷新
                </Button>
                <Button className="btn btn--primary survey-results__export" size="mini" loading={exporting.busy} disabled={exporting.busy || undefined} onClick={exportFile}>
                  导出 Excel
                </Button>
              </View>
              <FormError error={exporting.error} />
            </View>
            {buildings.length ? (
              <View className="card survey-results__filter">
                <Text className="card__title">按楼栋查看</Text>
                <View className="choices">
                  {[{ id: '', name: '全部楼栋' }, ...buildings].map((b) => (
                    <View
                      key={b.id || 'all'}
                      className={`choice survey-results__filter-option ${(buildingId ?? '') === b.id ? 'choice--active' : ''}`}
                      onClick={() => setBuildingId(b.id || undefined)}
                    >
                      <Text>{b.name}</Text>
                    </View>
                  ))}
                </View>
              </View>
            ) : null}
            {v.notes.map((n) => (
              <Text key={n} className="card survey-results__note">
                {n}
              </Text>
            ))}
            {v.hidden ? null : (
              <>
                {v.questions.map((q, i) => (
                  <View key={q.key} className={`card survey-results__question survey-results__question--${q.kind}`}>
                    <Text className="card__title">
                      {i + 1}. {q.title}
                    </Text>
                    <Text className="muted">
                      {SURVEY_QUESTION_KIND_LABELS[q.kind]} · {q.answered} 份作答
                    </Text>
                    {q.kind === 'single' || q.kind === 'multiple' ? <ChoiceResult q={q} index={i} /> : null}
                    {q.kind === 'rating' ? <RatingResult q={q} index={i} /> : null}
                    {q.kind === 'text' ? <TextResult q={q} anonymous={v.survey.anonymous} /> : null}
                  </View>
                ))}
                {buildingId ? null : <ByBuilding view={v} />}
              </>
            )}
          </>
        ) : null}
      </StateView>
      {!surveyId ? <Text className="muted">缺少问卷编号</Text> : null}
      <View className="survey-results__back">
        <Text className="link" onClick={() => Taro.navigateBack()}>
          返回
        </Text>
      </View>
    </View>
  );
}
