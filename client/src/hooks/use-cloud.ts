import { useCallback, useEffect, useRef, useState } from 'react';
import type { ActionName, Contracts, FnName, InputOf, ResultOf } from '@shared/contracts';
import { call, toCloudError, type CloudError } from '../services/cloud';
import { getSession } from '../services/session';
import { goLogin } from '../services/navigation';

export interface CloudState<T> {
  data: T | undefined;
  error: CloudError | undefined;
  loading: boolean;
  reload: () => void;
  /** Replace the data with what a later call returned (e.g. the record after saving it). */
  set: (data: T) => void;
}

/**
 * Load one action's result when the page mounts (and again when `data` changes or on
 * `reload()`). Needs a session: without one, or on an AUTH 401, it goes to the login page.
 * Pass `skip: true` to wait (e.g. until a filter is known).
 */
export function useCloud<F extends FnName, A extends ActionName<F>>(
  fn: F,
  action: A,
  data?: InputOf<Contracts[F][A]>,
  options: { skip?: boolean } = {},
): CloudState<ResultOf<Contracts[F][A]>> {
  const [state, setState] = useState<Omit<CloudState<ResultOf<Contracts[F][A]>>, 'reload' | 'set'>>({
    data: undefined,
    error: undefined,
    loading: !options.skip,
  });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  const key = JSON.stringify(data ?? null);
  const skip = !!options.skip;

  useEffect(() => {
    if (skip) return;
    if (!getSession()) {
      goLogin();
      return;
    }
    const ticket = ++latest.current;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    call(fn, action, JSON.parse(key) ?? undefined).then(
      (result) => {
        if (ticket === latest.current) setState({ data: result, error: undefined, loading: false });
      },
      (e: unknown) => {
        if (ticket !== latest.current) return;
        const error = toCloudError(e);
        setState((s) => ({ ...s, error, loading: false }));
        if (error.needsLogin) goLogin();
      },
    );
  }, [fn, action, key, skip, round]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  const set = useCallback((data: ResultOf<Contracts[F][A]>) => {
    latest.current++; // an answer still in flight must not overwrite this
    setState({ data, error: undefined, loading: false });
  }, []);
  return { ...state, reload, set };
}
