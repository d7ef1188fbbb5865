import { Input, Text, View } from '@tarojs/components';
import { ESCALATION_GROUP_LABELS, SENTIMENT_LEVEL_LABELS, TOPIC_LABELS, type EscalationGroup, type SentimentTopic } from '@shared/domain/sentiment';
import { ENTRY_LEVELS, ENTRY_TEXT_MAX, LEXICON_ENTRY_KIND_LABELS, PATTERN_GAP, type EntryLevel, type LexiconEntry, type LexiconEntryKind } from '@shared/domain/sentiment-lexicon';
import { Choices, choicesOf } from '@/components/choices';
import { Field } from '@/components/form-field';

const KINDS = choicesOf(LEXICON_ENTRY_KIND_LABELS);
const LEVELS = ENTRY_LEVELS.map((l) => ({ value: l, label: SENTIMENT_LEVEL_LABELS[l] }));
const TOPICS = choicesOf(TOPIC_LABELS);
const GROUPS = choicesOf(ESCALATION_GROUP_LABELS);

export const KIND_HINTS: Record<LexiconEntryKind, string> = {
  phrase: '业主这样说就是不满或投诉（补漏报）',
  benign: '这样说不算负面，其中的投诉词不计（消误报）',
  topic: '这样说时，话题就是所选的话题（改话题）',
  pattern: `句式：(必须|得|该) 表示任选其一，… 表示中间隔开不超过${PATTERN_GAP}个字，如 这个物业(必须|得|该)换、再不…就(投诉|曝光)`,
};

/** The same wording as another kind of entry (fields the new kind has are kept). */
export function withKind(entry: LexiconEntry, kind: LexiconEntryKind): LexiconEntry {
  const topics = 'topics' in entry ? entry.topics : [];
  const level: EntryLevel = 'level' in entry ? entry.level : 'medium';
  const group = 'group' in entry ? entry.group : undefined;
  if (kind === 'benign') return { kind, text: entry.text };
  if (kind === 'topic') return { kind, text: entry.text, topics };
  return { kind, text: entry.text, level, topics, ...(group ? { group } : {}) };
}

/**
 * One lexicon entry, editable: 类型 (负面说法 / 非负面说法 / 话题说法 / 句式), 内容, and what the kind
 * carries — 级别 and 话题 (and 升级原因 at 升级风险) for a phrase or pattern, 话题 for a topic entry.
 * `errors` are field problems keyed kind/text/level/topics/group.
 */
export function LexiconEntryForm({ value, onChange, errors = {}, name = 'entry' }: { value: LexiconEntry; onChange: (next: LexiconEntry) => void; errors?: Record<string, string>; name?: string }) {
  const setTopics = (t: SentimentTopic) => {
    if (!('topics' in value)) return;
    const topics = value.topics.includes(t) ? value.topics.filter((x) => x !== t) : [...value.topics, t];
    onChange({ ...value, topics });
  };
  const setLevel = (level: EntryLevel) => {
    if (value.kind !== 'phrase' && value.kind !== 'pattern') return;
    const { group, ...rest } = value;
    onChange(level === 'high' ? { ...rest, level, ...(group ? { group } : {}) } : { ...rest, level });
  };
  const setGroup = (group: EscalationGroup) => {
    if (value.kind === 'phrase' || value.kind === 'pattern') onChange({ ...value, group });
  };
  return (
    <View className={`lexicon-entry-form lexicon-entry-form--${name}`}>
      <Field label="类型" name={`${name}-kind`} hint={KIND_HINTS[value.kind]}>
        <Choices name={`${name}-kind`} options={KINDS} value={value.kind} onChange={(k) => onChange(withKind(value, k))} />
      </Field>
      <Field label="内容" name={`${name}-text`} required error={errors.text}>
        <Input className={`input lexicon-entry-form__text`} value={value.text} maxlength={ENTRY_TEXT_MAX + 10} placeholder={value.kind === 'pattern' ? '如：这个物业(必须|得|该)换' : '如：踢皮球'} onInput={(e) => onChange({ ...value, text: e.detail.value })} />
      </Field>
      {value.kind === 'phrase' || value.kind === 'pattern' ? (
        <Field label="级别" name={`${name}-level`} required error={errors.level}>
          <Choices name={`${name}-level`} options={LEVELS} value={value.level} onChange={setLevel} />
        </Field>
      ) : null}
      {(value.kind === 'phrase' || value.kind === 'pattern') && value.level === 'high' ? (
        <Field label="升级原因" name={`${name}-group`} required error={errors.group}>
          <Choices name={`${name}-group`} options={GROUPS} value={value.group} onChange={setGroup} />
        </Field>
      ) : null}
      {'topics' in value ? (
        <Field label={value.kind === 'topic' ? '话题' : '话题（选填）'} name={`${name}-topics`} required={value.kind === 'topic'} error={errors.topics}>
          <Choices name={`${name}-topics`} options={TOPICS} value={value.topics} onChange={setTopics} />
        </Field>
      ) : null}
      {errors.entry ? <Text className="field__error">{errors.entry}</Text> : null}
    </View>
  );
}

/** The problem `entryProblem` names, placed under the field it is about. */
export function entryFieldErrors(problem: string | null): Record<string, string> {
  if (!problem) return {};
  if (problem.includes('话题')) return { topics: problem };
  if (problem.includes('升级')) return { group: problem };
  return { text: problem };
}
