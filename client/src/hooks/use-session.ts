import { useEffect, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { getSession, onSessionChange, type Session } from '../services/session';
import { goLogin } from '../services/navigation';

/** The stored session, kept current; with `required`, no session means: go to login. */
export function useSession(options: { required?: boolean } = {}): Session | null {
  const { required = false } = options;
  const [session, setSession] = useState<Session | null>(getSession);

  useEffect(() => onSessionChange(setSession), []);
  useDidShow(() => setSession(getSession()));

  useEffect(() => {
    if (required && !session) goLogin();
  }, [required, session]);

  return session;
}
