import { useCallback, useEffect, useRef, useState } from 'react';
import type { Paged } from '@shared/contracts/contract';
import { toCloudError, type CloudError } from '../services/cloud';
import { goLogin } from '../services/navigation';

export interface PagedState<T> {
  items: T[];
  total: number;
  /** Last page loaded (0 before the first answer). */
  page: number;
  loading: boolean;
  error?: CloudError;
  hasMore: boolean;
  /** Load the next page and append it (加载更多). */
  loadMore: () => void;
  /** Start again from page 1. */
  reload: () => void;
  /** Change the loaded items in place (e.g. drop a task once it is handled). */
  update: (change: (items: T[]) => T[], totalDelta?: number) => void;
}

/**
 * A list read page by page from a paged action; reloads from page 1 whenever `key` changes
 * (a filter, a tab). Late answers of an older key are ignored.
 */
export function usePaged<T>(load: (page: number) => Promise<Paged<T>>, key: string): PagedState<T> {
  const [state, setState] = useState<{ items: T[]; total: number; page: number; loading: boolean; error?: CloudError }>({
    items: [],
    total: 0,
    page: 0,
    loading: true,
  });
  const ticket = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  const fetchPage = useCallback((page: number) => {
    const mine = ++ticket.current;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    loader.current(page).then(
      (res) => {
        if (mine !== ticket.current) return;
        setState((s) => ({
          items: page === 1 ? res.items : [...s.items, ...res.items],
          total: res.total,
          page: res.page,
          loading: false,
        }));
      },
      (e: unknown) => {
        if (mine !== ticket.current) return;
        const error = toCloudError(e);
        setState((s) => ({ ...s, loading: false, error }));
        if (error.needsLogin) goLogin();
      },
    );
  }, []);

  useEffect(() => {
    setState({ items: [], total: 0, page: 0, loading: true });
    fetchPage(1);
  }, [key, fetchPage]);

  const loadMore = useCallback(() => fetchPage(state.page + 1), [fetchPage, state.page]);
  const reload = useCallback(() => fetchPage(1), [fetchPage]);
  const update = useCallback((change: (items: T[]) => T[], totalDelta = 0) => {
    setState((s) => ({ ...s, items: change(s.items), total: Math.max(0, s.total + totalDelta) }));
  }, []);

  return { ...state, hasMore: state.items.length < state.total, loadMore, reload, update };
}
