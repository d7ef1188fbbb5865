import { useCallback, useRef, useState } from 'react';
import { toCloudError, type CloudError } from '../services/cloud';
import { goLogin } from '../services/navigation';

export interface Submit {
  /** A call is running (disable the button, show its spinner). */
  busy: boolean;
  /** What the last run failed with (cleared when the next one starts). */
  error: CloudError | undefined;
  /** VALIDATION messages by field name, from the server or from `fail()`. */
  fieldErrors: Record<string, string>;
  /** Run one change; resolves to its result, or undefined when it failed (the error is kept). */
  run: <T>(work: () => Promise<T>) => Promise<T | undefined>;
  /** Show problems found before calling the server (same shape as the server's field errors). */
  fail: (fieldErrors: Record<string, string>) => void;
  clear: () => void;
  /** A setter for `field` that also hides that field's error (the person is fixing it). */
  edited: <T>(field: string, set: (value: T) => void) => (value: T) => void;
}

/**
 * State of a form or button that changes something on the server: busy, the error, the field
 * errors to show under the inputs. One run at a time; an AUTH 401 goes to the login page.
 */
export function useSubmit(): Submit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CloudError>();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [fixed, setFixed] = useState<ReadonlySet<string>>(new Set());
  const running = useRef(false);

  const run = useCallback(async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    setError(undefined);
    setLocalErrors({});
    setFixed(new Set());
    try {
      return await work();
    } catch (e) {
      const err = toCloudError(e);
      setError(err);
      if (err.needsLogin) goLogin();
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);

  const fail = useCallback((fieldErrors: Record<string, string>) => {
    setError(undefined);
    setLocalErrors(fieldErrors);
    setFixed(new Set());
  }, []);
  const clear = useCallback(() => {
    setError(undefined);
    setLocalErrors({});
    setFixed(new Set());
  }, []);
  const edited = useCallback(
    <T,>(field: string, set: (value: T) => void) =>
      (value: T) => {
        set(value);
        setFixed((prev) => (prev.has(field) ? prev : new Set([...prev, field])));
      },
    [],
  );

  const shown = error ? error.fieldErrors : localErrors;
  const fieldErrors = Object.fromEntries(Object.entries(shown).filter(([field]) => !fixed.has(field)));
  return { busy, error, fieldErrors, run, fail, clear, edited };
}
