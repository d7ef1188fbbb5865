import { Text, View } from '@tarojs/components';
import type { ArrearsNotice } from '@shared/domain/fee-notice';

/**
 * A 费用催缴通知单 / 车位使用费催缴通知单 as it is printed: the title and 编号, the salutation, the
 * introduction, the table of overdue bills, the total (in capitals), the paragraphs, and the
 * signature and date on the right. The same wording as the PDF (shared/domain/fee-notice.ts).
 */
export function FeeNoticePaper({ notice }: { notice: ArrearsNotice }) {
  const { header, rows } = notice.table;
  return (
    <View className="notice-paper fee-notice-paper">
      <Text className="notice-paper__title fee-notice-paper__title">{notice.title}</Text>
      <Text className="fee-notice-paper__number">编号：{notice.number}</Text>
      <View className="notice-paper__body">
        <Text className="notice-paper__para notice-paper__para--salutation fee-notice-paper__salutation">{notice.salutation}</Text>
        <Text className="notice-paper__para fee-notice-paper__intro">{notice.intro}</Text>
        <View className="fee-notice-paper__table">
          <View className="fee-notice-paper__tr fee-notice-paper__tr--head">
            {header.map((h, i) => (
              <Text key={i} className={`fee-notice-paper__td fee-notice-paper__td--${i}`}>
                {h}
              </Text>
            ))}
          </View>
          {rows.map((row, r) => (
            <View key={r} className="fee-notice-paper__tr">
              {row.map((cell, i) => (
                <Text key={i} className={`fee-notice-paper__td fee-notice-paper__td--${i}`}>
                  {cell}
                </Text>
              ))}
            </View>
          ))}
        </View>
        <Text className="fee-notice-paper__total">{notice.total}</Text>
        {notice.body.map((p, i) => (
          <Text key={i} className="notice-paper__para fee-notice-paper__para">
            {p}
          </Text>
        ))}
      </View>
      <View className="notice-paper__sign">
        <Text className="notice-paper__signature fee-notice-paper__signature">{notice.signature}</Text>
        <Text className="notice-paper__date fee-notice-paper__date">{notice.date}</Text>
      </View>
    </View>
  );
}
