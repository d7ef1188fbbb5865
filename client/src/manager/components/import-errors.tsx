import { Text, View } from '@tarojs/components';
import type { ImportRowError } from '@shared/contracts/imports.contract';

/** How many row errors the page lists; the rest are counted. */
export const ERRORS_SHOWN = 100;

/** The rows with errors: 行号, 列, 问题 (the first 100, then 还有N条). */
export function ImportErrors({ errors }: { errors: ImportRowError[] }) {
  const shown = errors.slice(0, ERRORS_SHOWN);
  return (
    <View className="import-errors">
      <Text className="import-errors__title">以下 {errors.length} 处需要修改：</Text>
      <View className="table">
        <View className="table__row table__row--head">
          <Text className="table__cell table__cell--narrow">行号</Text>
          <Text className="table__cell">列</Text>
          <Text className="table__cell table__cell--wide">问题</Text>
        </View>
        {shown.map((e, i) => (
          <View key={`${e.row}-${e.column}-${i}`} className="table__row import-errors__row">
            <Text className="table__cell table__cell--narrow">第 {e.row} 行</Text>
            <Text className="table__cell">{e.column || '—'}</Text>
            <Text className="table__cell table__cell--wide">{e.message}</Text>
          </View>
        ))}
      </View>
      {errors.length > shown.length ? <Text className="muted import-errors__more">还有 {errors.length - shown.length} 条错误未列出</Text> : null}
    </View>
  );
}
