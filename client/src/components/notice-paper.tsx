import { Text, View } from '@tarojs/components';
import { escapeRegExp, isSalutation, paragraphsOf } from './notice-format';

interface Props {
  title: string;
  body: string;
  /** 落款 as owners see it (community name + the template's signature). */
  signature: string;
  /** '2026年12月3日' */
  date: string;
  /** Placeholders left as 【label】 because nothing was filled in: highlighted. */
  missingLabels?: readonly string[];
  /** Names the block in class names (`notice-paper--preview`). */
  name?: string;
}

/** One paragraph's text, with the gaps (【label】 of missing variables) marked. */
function Marked({ text, missing }: { text: string; missing: readonly string[] }) {
  if (missing.length === 0) return <>{text}</>;
  const gap = new RegExp(`(【(?:${missing.map(escapeRegExp).join('|')})】)`, 'g');
  const parts = text.split(gap);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <Text key={i} className="notice-paper__missing">
            {part}
          </Text>
        ) : (
          part
        ),
      )}
    </>
  );
}

/**
 * A notice as it is posted: the title centred, the salutation, indented paragraphs, and the
 * signature and date on the right. The composer's preview and both detail pages use it.
 */
export function NoticePaper({ title, body, signature, date, missingLabels = [], name }: Props) {
  const paragraphs = paragraphsOf(body);
  return (
    <View className={`notice-paper ${name ? `notice-paper--${name}` : ''}`}>
      <Text className="notice-paper__title">
        <Marked text={title} missing={missingLabels} />
      </Text>
      <View className="notice-paper__body notice-detail__body">
        {paragraphs.map((p, i) => (
          <Text key={i} className={`notice-paper__para ${isSalutation(p, i) ? 'notice-paper__para--salutation' : ''}`}>
            <Marked text={p} missing={missingLabels} />
          </Text>
        ))}
      </View>
      <View className="notice-paper__sign">
        <Text className="notice-paper__signature">{signature}</Text>
        <Text className="notice-paper__date">{date}</Text>
      </View>
    </View>
  );
}
