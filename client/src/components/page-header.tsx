import { Text, View } from '@tarojs/components';

/** The heading block at the top of every page. */
export function PageHeader({ title, subtitle }: { title: string; subtitle?: string }) {
  return (
    <View className="page-header">
      <Text className="page-header__title">{title}</Text>
      {subtitle ? <Text className="page-header__subtitle">{subtitle}</Text> : null}
    </View>
  );
}
