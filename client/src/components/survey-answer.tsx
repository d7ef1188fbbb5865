import { Text, Textarea, View } from '@tarojs/components';
import type { SurveyReply } from '@shared/contracts/life-survey-view';
import { SURVEY_TEXT_MAX, type SurveyQuestion } from '@shared/domain/life';
import { Choices } from './choices';
import { Field } from './form-field';
import './survey.scss';

export type Draft = Record<string, SurveyReply>;

const SCORE_TEXT = ['', '很不满意', '不满意', '一般', '满意', '非常满意'];

/** A rating about satisfaction reads its score in words (满意); any other rating only as the score. */
const satisfactionLike = (q: SurveyQuestion) => Boolean(q.area) || q.title.includes('满意');
const scoreText = (q: SurveyQuestion, rating: number) => (satisfactionLike(q) ? `${rating} 分 · ${SCORE_TEXT[rating] ?? ''}` : `${rating} 分`);

/** The reply to one question: radios, checkboxes, five stars, or a text box (`.survey-answer__question--<key>`). */
export function QuestionInput({ q, n, reply, error, onChange }: { q: SurveyQuestion; n: number; reply?: SurveyReply; error?: string; onChange: (r: SurveyReply) => void }) {
  const options = q.options.map((label, i) => ({ value: String(i), label }));
  const chosen = (reply?.choices ?? []).map(String);
  return (
    <View className={`survey-answer__question survey-answer__question--${q.key} survey-answer__question--${q.kind}`}>
      <Field label={`${n}. ${q.title}${q.kind === 'multiple' && !q.title.includes('多选') ? '（可多选）' : ''}`} name={`reply-${q.key}`} required={q.required} error={error}>
        {q.kind === 'single' ? <Choices name={`survey-${q.key}`} options={options} value={chosen[0]} onChange={(v) => onChange({ key: q.key, choices: [Number(v)] })} /> : null}
        {q.kind === 'multiple' ? (
          <Choices
            name={`survey-${q.key}`}
            options={options}
            value={chosen}
            onChange={(v) => {
              const next = chosen.includes(v) ? chosen.filter((c) => c !== v) : [...chosen, v];
              onChange({ key: q.key, choices: next.map(Number).sort((a, b) => a - b) });
            }}
          />
        ) : null}
        {q.kind === 'rating' ? (
          <View>
            <View className="survey-answer__stars">
              {[1, 2, 3, 4, 5].map((s) => (
                <Text key={s} className={`survey-answer__star survey-answer__star--${s} ${(reply?.rating ?? 0) >= s ? 'survey-answer__star--on' : ''}`} onClick={() => onChange({ key: q.key, rating: s })}>
                  ★
                </Text>
              ))}
            </View>
            <Text className="survey-answer__score">{reply?.rating ? scoreText(q, reply.rating) : satisfactionLike(q) ? '点击星星打分（1分很不满意，5分非常满意）' : '点击星星打分（1–5分）'}</Text>
          </View>
        ) : null}
        {q.kind === 'text' ? (
          <View>
            <Textarea
              className="textarea survey-answer__text"
              value={reply?.text ?? ''}
              maxlength={SURVEY_TEXT_MAX}
              placeholder="请填写您的意见（选填）"
              onInput={(e) => onChange({ key: q.key, text: e.detail.value })}
            />
            <Text className="muted">
              {(reply?.text ?? '').trim().length}/{SURVEY_TEXT_MAX}
            </Text>
          </View>
        ) : null}
      </Field>
    </View>
  );
}

/** What an answer said to a question, as text (my named answer after submitting). */
export function replyText(q: SurveyQuestion, r?: SurveyReply): string {
  if (!r) return '未作答';
  if (r.choices?.length) return r.choices.map((c) => q.options[c] ?? '').join('、');
  if (typeof r.rating === 'number') return scoreText(q, r.rating);
  return r.text?.trim() || '未作答';
}
