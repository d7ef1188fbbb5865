import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { GroupMessageView } from '@shared/contracts/sentiment.contract';
import type { CorrectionKind } from '@shared/contracts/sentiment-lexicon.contract';
import { ESCALATION_GROUP_LABELS, SENTIMENT_LEVEL_LABELS, SENTIMENT_LEVELS, TOPIC_LABELS, type EscalationGroup, type SentimentLevel, type SentimentTopic } from '@shared/domain/sentiment';
import { ENTRY_TEXT_MAX } from '@shared/domain/sentiment-lexicon';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { useSubmit } from '@/hooks/use-submit';
import { Choices, choicesOf } from '@/components/choices';
import { Field } from '@/components/form-field';
import { LevelTag, topicLabel } from '@/components/sentiment-tags';
import { CORRECTION_KIND_HINTS, CORRECTION_KIND_LABELS, ErrorText } from './sentiment-lexicon-format';
import './sentiment-lexicon.scss';

const KINDS = choicesOf(CORRECTION_KIND_LABELS);
const TOPICS = choicesOf(TOPIC_LABELS);
const GROUPS = choicesOf(ESCALATION_GROUP_LABELS);
/** Characters offered for picking (a longer message: its beginning; group messages are short). */
const PICKABLE = 300;

/** The phrase between two tapped characters (in either order), or '' while fewer than one is tapped. */
export function pickedPhrase(text: string, first: number | null, last: number | null): string {
  if (first === null) return '';
  const to = last ?? first;
  return text.slice(Math.min(first, to), Math.max(first, to) + 1);
}

/**
 * The phrase that matters, picked by touch: tap its first character, then its last (the span is
 * highlighted); a third tap starts again. No text selection needed (it is unreliable on phones).
 */
export function PhrasePicker({ text, first, last, onChange }: { text: string; first: number | null; last: number | null; onChange: (first: number | null, last: number | null) => void }) {
  const shown = Array.from(text.slice(0, PICKABLE));
  const lo = first === null ? -1 : Math.min(first, last ?? first);
  const hi = first === null ? -1 : Math.max(first, last ?? first);
  const tap = (i: number) => {
    if (first === null || last !== null) onChange(i, null);
    else onChange(first, i);
  };
  // Offsets count UTF-16 units like the server's `text.indexOf(phrase)`; Array.from keeps emoji whole.
  let offset = 0;
  const cells = shown.map((ch) => {
    const at = offset;
    offset += ch.length;
    return { ch, at };
  });
  return (
    <View className="phrase-picker">
      <View className="phrase-picker__chars">
        {cells.map(({ ch, at }) => (
          <View
            key={at}
            className={`phrase-picker__char ${at >= lo && at <= hi ? 'phrase-picker__char--on' : ''} ${at === first && last === null ? 'phrase-picker__char--start' : ''} ${/\s/.test(ch) ? 'phrase-picker__char--space' : ''}`}
            data-at={at}
            onClick={() => tap(at)}
          >
            <Text>{ch}</Text>
          </View>
        ))}
      </View>
      {text.length > PICKABLE ? <Text className="muted">（只显示前 {PICKABLE} 字）</Text> : null}
    </View>
  );
}

interface Props {
  groupId: string;
  message: GroupMessageView;
  onClose: () => void;
}

/**
 * 纠正 (agents and managers): tell the engine it was wrong about this message — 漏报 / 误报 /
 * 话题不对 / 级别不对, the phrase that matters (tapped), the level, topics and escalation reason it
 * should have had, a note. The correction waits for a manager's review (词库纠正).
 */
export function CorrectSheet({ groupId, message, onClose }: Props) {
  const [kind, setKind] = useState<CorrectionKind>(message.negative ? 'false_alarm' : 'missed');
  const [first, setFirst] = useState<number | null>(null);
  const [last, setLast] = useState<number | null>(null);
  const [level, setLevel] = useState<SentimentLevel | undefined>(message.negative ? undefined : 'medium');
  const [topics, setTopics] = useState<SentimentTopic[]>(message.topics);
  const [group, setGroup] = useState<EscalationGroup>();
  const [note, setNote] = useState('');
  const submit = useSubmit();

  const phrase = pickedPhrase(message.text, first, last).trim();
  const asksLevel = kind === 'missed' || kind === 'wrong_level';
  const asksTopics = kind === 'missed' || kind === 'wrong_topic';
  const levels = (kind === 'missed' ? SENTIMENT_LEVELS.filter((l) => l !== 'none') : SENTIMENT_LEVELS.filter((l) => l !== message.level)).map((l) => ({ value: l, label: SENTIMENT_LEVEL_LABELS[l] }));
  const asksGroup = asksLevel && level === 'high';

  const chooseKind = (k: CorrectionKind) => {
    setKind(k);
    submit.clear();
    if (k === 'missed') setLevel((l) => (l && l !== 'none' ? l : 'medium'));
    if (k === 'wrong_level') setLevel(undefined);
  };
  const toggleTopic = (t: SentimentTopic) => setTopics((ts) => (ts.includes(t) ? ts.filter((x) => x !== t) : [...ts, t]));

  const send = async () => {
    const problems: Record<string, string> = {};
    if (phrase.length > ENTRY_TEXT_MAX) problems.phrase = `划出的词句最多${ENTRY_TEXT_MAX}字，请缩短`;
    if (phrase && phrase.length < 2) problems.phrase = '请至少划出2个字（先点第一个字，再点最后一个字）';
    if (asksLevel && !level) problems.level = '请选择应有的级别';
    if (kind === 'wrong_topic' && topics.length === 0) problems.topics = '请选择应有的话题';
    if (asksGroup && !group) problems.group = '请选择升级原因';
    if (Object.keys(problems).length) return submit.fail(problems);
    const done = await submit.run(() =>
      call('sentiment', 'correct', {
        groupId,
        messageId: message.messageId,
        kind,
        ...(phrase ? { phrase } : {}),
        ...(asksLevel && level ? { level } : {}),
        ...(asksTopics ? { topics } : {}),
        ...(asksGroup && group ? { group } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    );
    if (done) {
      toast('已提交，等待经理审核');
      onClose();
    }
  };

  const errors = submit.fieldErrors;
  return (
    <View className="lexicon-sheet correct-sheet">
      <View className="lexicon-sheet__mask" onClick={submit.busy ? undefined : onClose} />
      <View className="lexicon-sheet__panel">
        <View className="lexicon-sheet__head">
          <Text className="lexicon-sheet__title">纠正识别结果</Text>
          <Text className="tap lexicon-sheet__close" onClick={onClose}>
            关闭
          </Text>
        </View>
        <View className="correct-sheet__verdict">
          <Text className="muted">系统判断：</Text>
          <LevelTag level={message.level} />
          {message.topics.map((t) => (
            <Text key={t} className="tag">
              {topicLabel(t)}
            </Text>
          ))}
        </View>
        <View className="form">
          <Field label="哪里不对" name="correct-kind" required hint={CORRECTION_KIND_HINTS[kind]}>
            <Choices name="correct-kind" options={KINDS} value={kind} onChange={chooseKind} />
          </Field>
          <Field label="关键词句（选填）" name="phrase" error={errors.phrase} hint={first !== null && last === null ? `再点最后一个字（已点：${phrase}）` : phrase ? `已划出：${phrase}` : '点第一个字，再点最后一个字'}>
            <PhrasePicker
              text={message.text}
              first={first}
              last={last}
              onChange={(f, l) =>
                submit.edited('phrase', () => {
                  setFirst(f);
                  setLast(l);
                })(null)
              }
            />
            {first !== null ? (
              <Text
                className="tap link correct-sheet__clear"
                onClick={() => {
                  setFirst(null);
                  setLast(null);
                }}
              >
                清除划选
              </Text>
            ) : null}
          </Field>
          {asksLevel ? (
            <Field label="应有的级别" name="level" required error={errors.level}>
              <Choices name="correct-level" options={levels} value={level} onChange={submit.edited('level', setLevel)} />
            </Field>
          ) : null}
          {asksGroup ? (
            <Field label="升级原因" name="group" required error={errors.group}>
              <Choices name="correct-group" options={GROUPS} value={group} onChange={submit.edited('group', setGroup)} />
            </Field>
          ) : null}
          {asksTopics ? (
            <Field label={kind === 'wrong_topic' ? '应有的话题' : '话题（选填）'} name="topics" required={kind === 'wrong_topic'} error={errors.topics}>
              <Choices name="correct-topics" options={TOPICS} value={topics} onChange={submit.edited('topics', toggleTopic)} />
            </Field>
          ) : null}
          <Field label="备注（选填）" name="note" error={errors.note}>
            <Input className="input correct-sheet__note" value={note} maxlength={200} placeholder="如：业主在反映电梯困人" onInput={(e) => setNote(e.detail.value)} />
          </Field>
          <ErrorText error={submit.error} />
          <View className="form-buttons">
            <Button className="btn btn--ghost correct-sheet__cancel" size="mini" disabled={submit.busy || undefined} onClick={onClose}>
              取消
            </Button>
            <Button className="btn btn--primary correct-sheet__submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
              提交纠正
            </Button>
          </View>
        </View>
      </View>
    </View>
  );
}

/** The small 纠正 action on a group message, with its sheet. */
export function CorrectAction({ groupId, message }: { groupId: string; message: GroupMessageView }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Text className="tap link sentiment-message__correct" onClick={() => setOpen(true)}>
        纠正
      </Text>
      {open ? <CorrectSheet groupId={groupId} message={message} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
