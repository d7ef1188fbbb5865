import { useRef } from 'react';
import { useDidHide, useDidShow } from '@tarojs/taro';

/**
 * Call `reload` when the page shows again after being hidden (back from an order's page). Unlike
 * counting shows, this also works for parts mounted after the page first showed.
 */
export function useReloadOnReturn(reload: () => void): void {
  const hidden = useRef(false);
  const latest = useRef(reload);
  latest.current = reload;
  useDidHide(() => {
    hidden.current = true;
  });
  useDidShow(() => {
    if (!hidden.current) return;
    hidden.current = false;
    latest.current();
  });
}
