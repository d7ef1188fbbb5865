import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { QuizResult } from '@shared/contracts/growth-courses-view';
import { QUESTION_KIND_LABELS, QUIZ_COUNTS_LABELS } from '@shared/domain/growth';
import { call } from '@/services/cloud';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { FormError } from '@/components/form-field';
import { newRequestId } from '@/components/repair-format';
import '@/components/growth-courses.scss';

type Mode = 'read' | 'quiz' | 'result';

/** The marked attempt: score, passed or not, each question with my choice, the right options and why. */
function ResultView({ r, onAgain }: { r: QuizResult; onAgain: () => void }) {
  return (
    <View className="quiz-result">
      <View className={`card quiz__result ${r.passed ? 'quiz__result--passed' : 'quiz__result--failed'}`}>
        <Text className={`quiz__big ${r.passed ? 'growth-score--ok' : 'growth-score--bad'}`}>{r.score} 分</Text>
        <Text>{r.passed ? '恭喜，测验通过！' : `未达到 ${r.passMark} 分及格线，复习后再试一次吧`}</Text>
        <Text className="muted">
          答对 {r.correct}/{r.total} 题 · 共测验 {r.progress.attempts} 次 · 计分方式：{QUIZ_COUNTS_LABELS[r.quizCounts]}（{r.progress.counted ?? '—'} 分{r.progress.passed ? '，已通过' : ''}）
        </Text>
      </View>
      {r.review.map((q) => (
        <View key={q.no} className={`card quiz__question quiz__review--${q.correct ? 'right' : 'wrong'}`}>
          <Text className="card__title">
            {q.correct ? '✓' : '✗'} {q.no}. {q.text}（{QUESTION_KIND_LABELS[q.kind]}）
          </Text>
          {q.options.map((o, i) => (
            <Text key={i} className={`quiz__option ${q.right.includes(i) ? 'quiz__option--right' : q.chosen.includes(i) ? 'quiz__option--wrong' : ''}`}>
              {String.fromCharCode(65 + i)}. {o}
              {q.chosen.includes(i) ? '（我的选择）' : ''}
            </Text>
          ))}
          <Text className="quiz__explain">解析：{q.explain}</Text>
        </View>
      ))}
      <Button className="btn btn--primary quiz__again" onClick={onAgain}>
        再测一次
      </Button>
    </View>
  );
}

/** A lesson (staff.lesson): read the sections and key points → 开始测验 → the marked result with explanations. */
export default function StaffLessonPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const id = params.id ?? '';
  const lesson = useCloud('growth', 'lesson', { lessonId: id }, { skip: !id });
  const [mode, setMode] = useState<Mode>('read');
  const [answers, setAnswers] = useState<number[][]>([]);
  const [requestId, setRequestId] = useState(() => newRequestId('quiz'));
  const [result, setResult] = useState<QuizResult>();
  const submit = useSubmit();
  const l = lesson.data;
  const shown = result ?? (mode === 'result' ? l?.lastResult : undefined);

  const start = () => {
    setAnswers((l?.questions ?? []).map(() => []));
    setRequestId(newRequestId('quiz'));
    setResult(undefined);
    setMode('quiz');
  };
  const pick = (qi: number, oi: number, multiple: boolean) =>
    setAnswers((a) => a.map((chosen, i) => (i !== qi ? chosen : multiple ? (chosen.includes(oi) ? chosen.filter((x) => x !== oi) : [...chosen, oi].sort()) : [oi])));
  const send = async () => {
    const r = await submit.run(() => call('growth', 'quizSubmit', { lessonId: id, requestId, answers }));
    if (!r) return;
    setResult(r);
    setMode('result');
    lesson.reload();
  };
  const unanswered = answers.filter((a) => a.length === 0).length;

  return (
    <View className="page lesson">
      <StateView loading={lesson.loading && !l} error={lesson.error} onRetry={lesson.reload}>
        {l ? (
          <>
            <PageHeader title={l.title} subtitle={`${l.courseName} · 约 ${l.minutes} 分钟 · ${l.questions.length} 道测验题 · ${l.passMark} 分及格${l.required ? ' · 入职必修' : ''}`} />
            {mode === 'read' ? (
              <>
                {l.mine.attempts ? (
                  <View className="card lesson__mine">
                    <Text>
                      已测验 {l.mine.attempts} 次 · 最高 {l.mine.best} 分 · 最近 {l.mine.last} 分 · {l.mine.passed ? '已通过' : '未通过'}
                    </Text>
                    {l.lastResult ? (
                      <Text className="link" onClick={() => setMode('result')}>
                        查看上次测验解析 ›
                      </Text>
                    ) : null}
                  </View>
                ) : null}
                {l.summary ? <View className="card lesson__summary">{l.summary}</View> : null}
                {l.sections.map((s, i) => (
                  <View key={i} className="card lesson__section">
                    <Text className="card__title">{s.heading}</Text>
                    {s.paragraphs.map((p, j) => (
                      <Text key={j} className="lesson__para">
                        {p}
                      </Text>
                    ))}
                    {s.points.map((p, j) => (
                      <Text key={j} className="lesson__point">
                        ● {p}
                      </Text>
                    ))}
                  </View>
                ))}
                {l.status === 'active' ? (
                  <Button className="btn btn--primary lesson__start" onClick={start}>
                    开始测验
                  </Button>
                ) : (
                  <Text className="muted">该课程已停用</Text>
                )}
              </>
            ) : null}
            {mode === 'quiz' ? (
              <>
                {l.questions.map((q, qi) => (
                  <View key={q.no} className={`card quiz__question quiz__question--${q.no}`}>
                    <Text className="card__title">
                      {q.no}. {q.text}（{QUESTION_KIND_LABELS[q.kind]}）
                    </Text>
                    {q.options.map((o, oi) => (
                      <Text key={oi} className={`quiz__option ${answers[qi]?.includes(oi) ? 'quiz__option--chosen' : ''}`} onClick={() => pick(qi, oi, q.kind === 'multiple')}>
                        {String.fromCharCode(65 + oi)}. {o}
                      </Text>
                    ))}
                  </View>
                ))}
                <FormError error={submit.error} />
                <View className="form-buttons">
                  <Button className="btn btn--ghost" onClick={() => setMode('read')}>
                    回到课文
                  </Button>
                  <Button className="btn btn--primary quiz__submit" disabled={submit.busy || unanswered > 0} onClick={send}>
                    {unanswered > 0 ? `还有 ${unanswered} 题未答` : '提交答案'}
                  </Button>
                </View>
              </>
            ) : null}
            {mode === 'result' && shown ? <ResultView r={shown} onAgain={start} /> : null}
          </>
        ) : null}
      </StateView>
    </View>
  );
}
