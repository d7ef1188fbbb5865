import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import type { DrillAttemptView } from '@shared/contracts/growth.contract';
import { DRILL_CHANNEL_LABELS, DRILL_REPLY_MAX } from '@shared/domain/growth';
import { call } from '@/services/cloud';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { FormError } from '@/components/form-field';
import { newRequestId } from '@/components/repair-format';
import { MarkedReply } from '@/components/growth-practice';
import '@/components/growth-practice.scss';

/** The feedback of one attempt: score, ticks and crosses per element, forbidden phrases, negative markers, the model reply. */
function Feedback({ a }: { a: DrillAttemptView }) {
  const c = a.check;
  return (
    <>
      <View className="card drill__result">
        <Text className={`drill__score drill__score--${c.passed ? 'passed' : 'failed'}`}>{c.score} 分</Text>
        <Text className="muted">
          {c.passed ? '通过' : '未通过'} · 本情景第 {a.attempts} 次练习，最高 {a.best} 分
        </Text>
        <Text className="muted">
          字数 {c.length.chars}（建议 {c.length.min}–{c.length.max} 字）{c.length.ok ? '' : ' · 字数不合适'}
        </Text>
      </View>
      <View className="card drill__elements">
        <Text className="card__title">要点</Text>
        {c.elements.map((e) => (
          <View key={e.element} className={`drill__element drill__element--${e.element} drill__element--${e.met ? 'met' : 'missing'}`}>
            <Text className={`drill__tick drill__tick--${e.met ? 'met' : 'missing'}`}>{e.met ? '✓' : '✗'}</Text>
            <View className="drill__element-body">
              <Text>
                {e.label}（{e.points} 分）
              </Text>
              <Text className="drill__hint">{e.met ? `用到：${e.matched.join('、')}` : e.hint}</Text>
            </View>
          </View>
        ))}
      </View>
      {c.forbidden.length || c.markers.length ? (
        <View className="card drill__warnings">
          <Text className="card__title">需要注意</Text>
          <MarkedReply reply={a.reply} forbidden={c.forbidden} markers={c.markers} />
          {c.forbidden.map((f) => (
            <Text key={`f${f.start}`} className="drill__hint drill__forbidden">
              禁用语“{f.text}”：{f.hint}
            </Text>
          ))}
          {c.markers.map((m) => (
            <Text key={`m${m.start}`} className="drill__hint drill__marker">
              “{m.text}”：业主可能读出{m.kind === 'sarcasm' ? '讽刺' : '负面'}的语气
            </Text>
          ))}
        </View>
      ) : null}
      <View className="card">
        <Text className="card__title">参考回复</Text>
        <Text className="drill__model">{a.modelReply}</Text>
      </View>
    </>
  );
}

/** One drill (all staff): the owner's message as a chat bubble, the reply box, 提交 → the rule-based feedback at once, 再练一次. */
export default function StaffDrillPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const scenarioId = params.id ?? '';
  const scenario = useCloud('growth', 'drillGet', { scenarioId });
  const [reply, setReply] = useState('');
  const [requestId, setRequestId] = useState(() => newRequestId('drill'));
  const [attempt, setAttempt] = useState<DrillAttemptView>();
  const submit = useSubmit();
  const s = scenario.data;

  const send = async () => {
    if (!reply.trim()) return submit.fail({ reply: '请先写下您的回复' });
    const done = await submit.run(() => call('growth', 'drillSubmit', { scenarioId, reply: reply.trim(), requestId }));
    if (done) setAttempt(done);
  };
  const again = () => {
    setAttempt(undefined);
    setReply('');
    setRequestId(newRequestId('drill'));
    submit.clear();
  };

  return (
    <View className="page drill">
      <PageHeader title={s?.title ?? '情景演练'} subtitle={s ? `${DRILL_CHANNEL_LABELS[s.channel]} · ${s.ownerName}` : undefined} />
      <StateView loading={scenario.loading && !s} error={scenario.error} onRetry={scenario.reload}>
        {s ? (
          <>
            <View className="card drill__note">{s.note}</View>
            <View className="card drill__scene">
              <Text className="muted">{s.situation}</Text>
              <Text className="drill__bubble-from">{s.ownerName}</Text>
              <View className="drill__bubble">
                <Text>{s.message}</Text>
              </View>
            </View>
            {attempt ? (
              <>
                <View className="card drill__mine">
                  <Text className="card__title">我的回复</Text>
                  <Text>{attempt.reply}</Text>
                </View>
                <Feedback a={attempt} />
                <Button className="btn btn--primary drill__again" onClick={again}>
                  再练一次
                </Button>
              </>
            ) : (
              <View className="card drill__form">
                <Text className="card__title">您的回复</Text>
                <Text className="muted">要点：{s.elements.map((e) => e.label).join('、')}。{s.passRule}。</Text>
                <Textarea
                  className="textarea drill__textarea"
                  value={reply}
                  maxlength={DRILL_REPLY_MAX}
                  placeholder={`像真的${DRILL_CHANNEL_LABELS[s.channel]}沟通一样写下回复（${s.minChars}–${s.maxChars} 字）`}
                  onInput={(e) => submit.edited('reply', setReply)(e.detail.value)}
                />
                <Text className="drill__count">{[...reply.replace(/\s+/g, '')].length} 字</Text>
                {submit.fieldErrors.reply ? <Text className="field__error">{submit.fieldErrors.reply}</Text> : null}
                <FormError error={submit.error} shownFields={['reply']} />
                <Button className="btn btn--primary drill__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
                  提交
                </Button>
              </View>
            )}
          </>
        ) : null}
      </StateView>
    </View>
  );
}
