import { Text } from '@tarojs/components';
import type { OverlayEntryView } from '@shared/contracts/sentiment-lexicon.contract';
import { ESCALATION_GROUP_LABELS, SENTIMENT_LEVEL_LABELS, TOPIC_LABELS, type SentimentTopic } from '@shared/domain/sentiment';
import { LEXICON_ENTRY_KIND_LABELS, type LexiconEntry } from '@shared/domain/sentiment-lexicon';
export { CORRECTION_KIND_HINTS, CORRECTION_KIND_LABELS, CORRECTION_STATUS_LABELS } from '@shared/domain/sentiment-lexicon';
import type { CloudError } from '@/services/cloud';

export const ENTRY_SOURCE_LABELS: Record<OverlayEntryView['source'], string> = { correction: '纠正采纳', manual: '手动添加', import: '文件导入' };

export const topicsText = (topics: readonly SentimentTopic[]): string => (topics.length ? topics.map((t) => TOPIC_LABELS[t]).join('、') : '无话题');

/** 负面说法 · 明确投诉 · 电梯、安保门禁 (· 升级原因). */
export function entryDetails(entry: LexiconEntry): string {
  const parts: string[] = [LEXICON_ENTRY_KIND_LABELS[entry.kind]];
  if (entry.kind === 'phrase' || entry.kind === 'pattern') {
    parts.push(SENTIMENT_LEVEL_LABELS[entry.level]);
    if (entry.topics.length) parts.push(topicsText(entry.topics));
    if (entry.group) parts.push(ESCALATION_GROUP_LABELS[entry.group]);
  }
  if (entry.kind === 'topic') parts.push(topicsText(entry.topics));
  if (entry.kind === 'benign') parts.push('不算负面');
  return parts.join(' · ');
}

/** An input path as people read it: `file.entries.3.text` → 第4条词条, `phrase` → 划出的词句. */
function pathText(path: string): string {
  const entry = /entries\.(\d+)/.exec(path);
  if (entry) return `第${Number(entry[1]) + 1}条词条`;
  const names: Record<string, string> = { phrase: '划出的词句', entry: '词条', text: '内容', topics: '话题', level: '级别', group: '升级原因', note: '备注', file: '文件' };
  const first = path.split('.').find((p) => names[p]);
  return first ? names[first] : '';
}

/** The server's message, with each VALIDATION issue's reason (the generic message alone says nothing). */
export function errorText(error: CloudError | undefined): string {
  if (!error) return '';
  const issues = error.details?.issues ?? [];
  if (error.code !== 'VALIDATION' || issues.length === 0) return error.message;
  const lines = issues.slice(0, 5).map((i) => {
    const where = pathText(i.path);
    return where ? `${where}：${i.message}` : i.message;
  });
  return [...new Set(lines)].join('；') + (issues.length > 5 ? `；等 ${issues.length} 处` : '');
}

/** A server error shown in full (with the reasons of a VALIDATION error). */
export function ErrorText({ error, className = '' }: { error: CloudError | undefined; className?: string }) {
  if (!error) return null;
  return <Text className={`form-error lexicon-error ${className}`}>{errorText(error)}</Text>;
}

/** The text with `phrase` (its first occurrence) highlighted. */
export function PhraseText({ text, phrase, className = '' }: { text: string; phrase?: string; className?: string }) {
  const at = phrase ? text.indexOf(phrase) : -1;
  if (!phrase || at < 0) return <Text className={`sentiment-text ${className}`}>{text}</Text>;
  return (
    <Text className={`sentiment-text ${className}`}>
      {at > 0 ? <Text>{text.slice(0, at)}</Text> : null}
      <Text className="lexicon-phrase">{phrase}</Text>
      {at + phrase.length < text.length ? <Text>{text.slice(at + phrase.length)}</Text> : null}
    </Text>
  );
}
