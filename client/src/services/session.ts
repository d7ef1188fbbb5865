import Taro from '@tarojs/taro';
import type { LoginResult, Me } from '@shared/contracts/auth.contract';

/**
 * What we keep after logging in: who the user is, and for the gateway transport the session token.
 * Under CloudBase (API_TRANSPORT 'cloud') there is no token: WeChat identifies the caller on every
 * call, so `token` and `expiresAt` are '' (a session that never expires on the device).
 */
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

/** CloudBase: the session is who I am (no token; see Session). */
export function saveCloudSession(me: Me): Session {
  return saveSession({ token: '', expiresAt: '', me });
}

/** Change part of the stored session (nothing happens without one). */
function patchSession(patch: Partial<Session>): Session | null {
  const session = getSession();
  if (!session) return null;
  const next = { ...session, ...patch };
  Taro.setStorageSync(SESSION_KEY, next);
  emit(next);
  return next;
}

/** Keep who the user is, with a rotated token (after `auth.refresh`). */
export function saveToken(fresh: { token: string; expiresAt: string }): void {
  patchSession({ token: fresh.token, expiresAt: fresh.expiresAt });
}

/** Refresh who the user is (after `auth.me`), keeping the token. */
export function updateMe(me: Me): void {
  patchSession({ me });
}

/**
 * After `auth.switchCommunity`: the new `me`, and the rotated token when the gateway issued one
 * (CloudBase callers keep their session on their WeChat identity and get no token).
 */
export function saveSwitched(result: { token?: string; expiresAt?: string; me: Me }): Session | null {
  return patchSession(result.token && result.expiresAt ? { token: result.token, expiresAt: result.expiresAt, me: result.me } : { me: result.me });
}

export function clearSession(): void {
  try {
    Taro.removeStorageSync(SESSION_KEY);
  } finally {
    emit(null);
  }
}

/** Storage key of the demo "new WeChat user" suffix: one browser stays the same guest. */
const DEMO_GUEST_KEY = 'wuye.demoGuest';

/**
 * The login code of this device's demo guest (`<prefix><suffix>`, prefix from auth.loginOptions;
 * the fake WeChat server maps each suffix to its own new openid). Demo mode only; the suffix is
 * made once and kept, so this browser stays the same new user.
 */
export function demoGuestCode(prefix: string): string {
  let suffix: unknown;
  try {
    suffix = Taro.getStorageSync(DEMO_GUEST_KEY);
  } catch {
    suffix = '';
  }
  if (typeof suffix !== 'string' || !/^[a-z0-9]{6,32}$/.test(suffix)) {
    suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    Taro.setStorageSync(DEMO_GUEST_KEY, suffix);
  }
  return `${prefix}${suffix as string}`;
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
