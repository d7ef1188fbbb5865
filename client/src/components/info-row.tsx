import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';

/** A labelled line of a record (label above, value below); `className` names it for styling and tests. */
export function InfoRow({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <View className={`info-row${className ? ` ${className}` : ''}`}>
      <Text className="muted">{label}</Text>
      {children}
    </View>
  );
}
