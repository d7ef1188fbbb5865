import Taro from '@tarojs/taro';
import type { LoginResult, Me } from '@shared/contracts/auth.contract';

/** What we keep after `auth.login`: the gateway token and who the user is. */
export interface Session {
  token: string;
  expiresAt: string;
  me: Me;
}

/** Storage key of the session (one key, so token and me are written together). */
export const SESSION_KEY = 'wuye.session';

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

function isSession(value: unknown): value is Session {
  const s = value as Session | null;
  return !!s && typeof s.token === 'string' && !!s.me && Array.isArray(s.me.roles);
}

/** The stored session, or null when there is none or it has expired. */
export function getSession(): Session | null {
  let stored: unknown;
  try {
    stored = Taro.getStorageSync(SESSION_KEY);
  } catch {
    return null;
  }
  if (!isSession(stored)) return null;
  if (stored.expiresAt && Date.parse(stored.expiresAt) <= Date.now()) return null;
  return stored;
}

export function getToken(): string | null {
  return getSession()?.token ?? null;
}

function emit(session: Session | null): void {
  listeners.forEach((listener) => listener(session));
}

export function saveSession(result: LoginResult): Session {
  const session: Session = { token: result.token, expiresAt: result.expiresAt, me: result.me };
  Taro.setStorageSync(SESSION_KEY, session);
  emit(session);
  return session;
}

/** Keep who the user is, with a rotated token (after `auth.refresh`). */
export function saveToken(fresh: { token: string; expiresAt: string }): void {
  const session = getSession();
  if (!session) return;
  const next = { ...session, token: fresh.token, expiresAt: fresh.expiresAt };
  Taro.setStorageSync(SESSION_KEY, next);
  emit(next);
}

/** Refresh who the user is (after `auth.me`), keeping the token. */
export function updateMe(me: Me): void {
  const session = getSession();
  if (!session) return;
  const next = { ...session, me };
  Taro.setStorageSync(SESSION_KEY, next);
  emit(next);
}

export function clearSession(): void {
  try {
    Taro.removeStorageSync(SESSION_KEY);
  } finally {
    emit(null);
  }
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
