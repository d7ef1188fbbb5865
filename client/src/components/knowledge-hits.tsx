import { Text, View } from '@tarojs/components';
import type { SearchHit } from '@shared/contracts/knowledge.contract';
import { ARTICLE_CATEGORY_LABELS } from '@shared/domain/knowledge';
import './knowledge.scss';

/** A text with [start, end) ranges highlighted (the search's matching words). */
export function Highlighted({ text, ranges, className }: { text: string; ranges: readonly (readonly [number, number])[]; className?: string }) {
  const parts: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const [from, to] of ranges) {
    if (from > at) parts.push({ text: text.slice(at, from), hit: false });
    parts.push({ text: text.slice(Math.max(from, at), to), hit: true });
    at = Math.max(at, to);
  }
  if (at < text.length) parts.push({ text: text.slice(at), hit: false });
  return (
    <Text className={className}>
      {parts.map((p, i) =>
        p.hit ? (
          <Text key={i} className="kb-hit">
            {p.text}
          </Text>
        ) : (
          p.text
        ),
      )}
    </Text>
  );
}

/** One search result: title and matching passage, highlighted, and the category. */
export function KnowledgeHitRow({ hit, onClick }: { hit: SearchHit; onClick: () => void }) {
  return (
    <View className="card card--link kb-row kb-row--hit" onClick={onClick}>
      <Highlighted className="kb-row__title" text={hit.title} ranges={hit.titleHighlights} />
      <Highlighted className="kb-row__snippet" text={hit.snippet.text} ranges={hit.snippet.highlights} />
      <Text className="tag kb-row__category">{ARTICLE_CATEGORY_LABELS[hit.category]}</Text>
    </View>
  );
}

/** An article's body: one paragraph per line. */
export function ArticleBody({ body }: { body: string }) {
  return (
    <View className="kb-body">
      {body
        .split('\n')
        .filter((p) => p.trim())
        .map((p, i) => (
          <Text key={i} className="kb-body__para">
            {p}
          </Text>
        ))}
    </View>
  );
}
