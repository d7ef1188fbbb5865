/**
 * THE only place that calls cloud functions. Everything is typed by shared/contracts.
 *
 * Transport (build-time constant API_TRANSPORT, from TARO_APP_TRANSPORT):
 * - 'gateway': POST `${apiBase}/fn/<fn>` with `{ action, data }` and `Authorization: Bearer <token>`.
 * - 'cloud':   wx.cloud.callFunction({ name: fn, data: { action, data } }) (weapp on CloudBase).
 * Both answer the same envelope: `{ ok: true, data }` or `{ ok: false, error }`.
 *
 * API base: the build-time constant API_BASE (TARO_APP_API_BASE), unless the storage key
 * `wuye.apiBase` holds a URL, which wins. That lets a phone in DevTools point at a LAN
 * gateway, and lets tests of the BUILT weapp point it at their own gateway port.
 */
import Taro from '@tarojs/taro';
import type { ActionName, Contracts, FnName, InputOf, ResultOf } from '@shared/contracts';
import { DAY_MS } from '@shared/domain/calendar';
import { ERRORS, type Envelope, type ErrorBody, type ErrorCode } from '@shared/errors';
import { clearSession, getSession, getToken, saveToken } from './session';

export const API_BASE_OVERRIDE_KEY = 'wuye.apiBase';
const REQUEST_TIMEOUT_MS = 15_000;
const NETWORK_MESSAGE = '网络异常，请检查网络后重试';

export type CloudErrorCode = ErrorCode | 'NETWORK';

export class CloudError extends Error {
  readonly code: CloudErrorCode;
  /** HTTP status from the gateway (0 when the request never got an answer). */
  readonly status: number;
  readonly details?: ErrorBody['details'];
  readonly requestId?: string;

  constructor(code: CloudErrorCode, message: string, status: number, details?: ErrorBody['details'], requestId?: string) {
    super(message);
    this.name = 'CloudError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.requestId = requestId;
  }

  /** The session is missing or no longer valid: the user must log in again. */
  get needsLogin(): boolean {
    return this.code === 'AUTH.UNAUTHENTICATED' || this.code === 'AUTH.INVALID';
  }

  /**
   * VALIDATION errors: the first message for each input field, keyed by the field's name
   * (`skills.2` counts for `skills`), for forms to show under the field. Empty otherwise.
   */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const issue of this.details?.issues ?? []) {
      const field = issue.path.split('.')[0] || '';
      if (!(field in out)) out[field] = issue.message;
    }
    return out;
  }
}

/** Anything a call rejected with, as a CloudError (unexpected failures become INTERNAL). */
export function toCloudError(e: unknown): CloudError {
  if (isCloudError(e)) return e;
  return new CloudError('INTERNAL', ERRORS.INTERNAL.message, 0);
}

export function isCloudError(e: unknown): e is CloudError {
  return e instanceof CloudError;
}

export function apiBase(): string {
  let override: unknown;
  try {
    override = Taro.getStorageSync(API_BASE_OVERRIDE_KEY);
  } catch {
    override = '';
  }
  const base = typeof override === 'string' && /^https?:\/\//.test(override) ? override : API_BASE;
  return base.replace(/\/+$/, '');
}

function isEnvelope(body: unknown): body is Envelope<unknown> {
  if (!body || typeof body !== 'object') return false;
  const b = body as { ok?: unknown; error?: unknown };
  return b.ok === true || (b.ok === false && !!b.error && typeof b.error === 'object');
}

function unwrap<T>(body: unknown, status: number): T {
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      /* not JSON: handled below */
    }
  }
  if (!isEnvelope(body)) {
    const code: CloudErrorCode = status >= 500 || status === 0 ? 'NETWORK' : 'INTERNAL';
    throw new CloudError(code, code === 'NETWORK' ? NETWORK_MESSAGE : ERRORS.INTERNAL.message, status);
  }
  if (body.ok) return body.data as T;
  const { code, message, details, requestId } = body.error;
  const known = (ERRORS as Record<string, { status: number; message: string } | undefined>)[code];
  const error = new CloudError(code, message || known?.message || ERRORS.INTERNAL.message, status || known?.status || 500, details, requestId);
  if (error.needsLogin) clearSession();
  throw error;
}

async function viaGateway(fn: string, payload: { action: string; data: unknown }): Promise<unknown> {
  const token = getToken();
  let res: { data: unknown; statusCode: number };
  try {
    res = await Taro.request({
      url: `${apiBase()}/fn/${fn}`,
      method: 'POST',
      data: payload,
      header: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      dataType: 'json',
      timeout: REQUEST_TIMEOUT_MS,
    });
  } catch {
    throw new CloudError('NETWORK', NETWORK_MESSAGE, 0);
  }
  return unwrap(res.data, res.statusCode);
}

let cloudReady = false;
/** CloudBase mode: `Taro.cloud` initialised once (for callFunction here, uploadFile in photos.ts). */
export function cloudApi(): typeof Taro.cloud {
  if (!cloudReady) {
    Taro.cloud.init(CLOUD_ENV ? { env: CLOUD_ENV } : {});
    cloudReady = true;
  }
  return Taro.cloud;
}

async function viaCloud(fn: string, payload: { action: string; data: unknown }): Promise<unknown> {
  cloudApi();
  let res: { result?: unknown };
  try {
    res = (await Taro.cloud.callFunction({ name: fn, data: payload })) as { result?: unknown };
  } catch {
    throw new CloudError('NETWORK', NETWORK_MESSAGE, 0);
  }
  const known = ERRORS as Record<string, { status: number } | undefined>;
  const status = isEnvelope(res.result) && !res.result.ok ? (known[res.result.error.code]?.status ?? 500) : 200;
  return unwrap(res.result, status);
}

/** Rotate the gateway token when it has less than this left (auth.refresh). */
const REFRESH_BEFORE_MS = DAY_MS;
let refreshing: Promise<void> | null = null;

/** Refresh the session token once it is close to expiry; concurrent callers share one refresh. */
function refreshIfDue(): Promise<void> {
  const session = getSession();
  if (!session || Date.parse(session.expiresAt) - Date.now() > REFRESH_BEFORE_MS) return Promise.resolve();
  refreshing ??= viaGateway('auth', { action: 'refresh', data: {} })
    .then((fresh) => saveToken(fresh as { token: string; expiresAt: string }))
    .catch(() => undefined) // a failed refresh leaves the old token; the next call tells the user to log in if needed
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** Call one action of one cloud function. Rejects with a CloudError. */
export async function call<F extends FnName, A extends ActionName<F>>(
  fn: F,
  action: A,
  data?: InputOf<Contracts[F][A]>,
): Promise<ResultOf<Contracts[F][A]>> {
  const payload = { action, data: data ?? {} };
  if (API_TRANSPORT !== 'cloud' && !(fn === 'auth' && (action === 'refresh' || action === 'login'))) await refreshIfDue();
  const result = API_TRANSPORT === 'cloud' ? await viaCloud(fn, payload) : await viaGateway(fn, payload);
  return result as ResultOf<Contracts[F][A]>;
}
