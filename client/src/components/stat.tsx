import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';

/** A figure with its label, in a row of `.stats` (`className` names it for styling and tests). */
export function Stat({ label, value, className }: { label: string; value: ReactNode; className?: string }) {
  return (
    <View className={`stat${className ? ` ${className}` : ''}`}>
      <Text className="stat__value">{value}</Text>
      <Text className="stat__label">{label}</Text>
    </View>
  );
}
