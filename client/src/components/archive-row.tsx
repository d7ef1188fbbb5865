import { Text, View } from '@tarojs/components';
import type { ArchiveDocSummary } from '@shared/contracts/archives.contract';
import { ARCHIVE_CATEGORY_LABELS, formatBytes } from '@shared/domain/archives';
import { localDay } from '@shared/domain/calendar';
import './archives.scss';

/** An archived document in a list: title, category, unit, tags, the current file, a lent paper original. */
export function ArchiveRow({ doc, onOpen }: { doc: ArchiveDocSummary; onOpen: (id: string) => void }) {
  return (
    <View className="card card--link archive-row" onClick={() => onOpen(doc.id)}>
      <View className="archive-row__head">
        <Text className="archive-row__title">{doc.title}</Text>
        <Text className="archive-cat">{ARCHIVE_CATEGORY_LABELS[doc.category]}</Text>
      </View>
      {doc.unitLabel ? <Text className="muted">房屋：{doc.unitLabel}</Text> : null}
      {doc.current ? (
        <Text className="muted">
          {doc.current.fileName} · {formatBytes(doc.current.size)} · 第{doc.current.no}版 · {localDay(doc.current.at)}
        </Text>
      ) : null}
      {doc.tags.length || doc.onLoan ? (
        <View className="archive-tags">
          {doc.tags.map((t) => (
            <Text key={t} className="archive-tag">
              {t}
            </Text>
          ))}
          {doc.onLoan ? <Text className="archive-loan">原件借出：{doc.onLoan.borrowerName}</Text> : null}
        </View>
      ) : null}
    </View>
  );
}
