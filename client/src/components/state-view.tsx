import type { ReactNode } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { CloudError } from '../services/cloud';

interface Props {
  loading?: boolean;
  error?: CloudError;
  onRetry?: () => void;
  /** Shown instead of children when true (and not loading / failed). */
  empty?: boolean;
  emptyText?: string;
  children?: ReactNode;
}

/** Loading, error (with 重试) and empty states around a block of cloud data. */
export function StateView({ loading, error, onRetry, empty, emptyText = '暂无数据', children }: Props) {
  if (error) {
    return (
      <View className="state state--error">
        <Text className="state__message">{error.message}</Text>
        {onRetry ? (
          <Button className="btn btn--ghost state__retry" size="mini" onClick={onRetry}>
            重试
          </Button>
        ) : null}
      </View>
    );
  }
  if (loading) {
    return (
      <View className="state state--loading">
        <Text className="state__message">加载中…</Text>
      </View>
    );
  }
  if (empty) {
    return (
      <View className="state state--empty">
        <Text className="state__message">{emptyText}</Text>
      </View>
    );
  }
  return <>{children}</>;
}
