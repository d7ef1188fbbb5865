import type { CallContext } from './transport';

/**
 * The WeChat call context of a CloudBase invocation (微信调用上下文): who called, from which
 * mini-program. This — never the event — is what identifies a caller under CloudBase.
 *
 * Where the platform puts it (what wx-server-sdk's `getWXContext()` and @cloudbase/node-sdk's
 * `getCloudbaseContext(context)` read):
 * - the function's `context` argument: `context.environment` (a JSON string, newer runtimes, one per
 *   invocation, also when one instance serves several at once) or `context.environ` (older runtimes:
 *   `KEY=value;KEY=value`). The SCF runtime fills it in; the client cannot.
 * - the process environment of the invocation: `WX_CONTEXT_KEYS` lists the keys
 *   (`WX_OPENID,WX_APPID,WX_UNIONID,…`) and each is an environment variable.
 * When the context carries an environment, only it is read: a process environment left over from an
 * earlier invocation of the same warm instance (a timer after a user's call) must not lend that
 * user's identity.
 *
 * Not trusted: anything in `event`. The event is the client's `data` plus what CloudBase adds
 * (`userInfo: {openId, appId}` on `wx.cloud.callFunction`); whether the platform overwrites a
 * `userInfo` the client sent itself is not documented, so a modified client could name anyone there.
 */
export interface WxContext {
  OPENID?: string;
  APPID?: string;
  UNIONID?: string;
  CLIENTIP?: string;
}

const KEYS = ['OPENID', 'APPID', 'UNIONID', 'CLIENTIP'] as const;

function text(value: unknown): string | undefined {
  if (Array.isArray(value)) value = value.join(','); // environ splits values at commas
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `context.environment` (JSON) or `context.environ` (`K=v;K=v`), or null when the context has neither. */
function contextEnvironment(context: CallContext | undefined): Record<string, unknown> | null {
  if (!context || context.transport === 'gateway') return null;
  const { environment, environ } = context as { environment?: unknown; environ?: unknown };
  if (typeof environment === 'string' && environment) {
    try {
      const parsed: unknown = JSON.parse(environment);
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  if (typeof environ === 'string' && environ) {
    const out: Record<string, string> = {};
    for (const pair of environ.split(';')) {
      const at = pair.indexOf('=');
      if (at > 0) out[pair.slice(0, at)] = pair.slice(at + 1);
    }
    return out;
  }
  return null;
}

/** The WX context of this invocation (empty outside CloudBase, and for timer triggers). */
export function wxContext(context: CallContext | undefined, env: NodeJS.ProcessEnv = process.env): WxContext {
  if (context?.transport === 'gateway') return {};
  const fromContext = contextEnvironment(context);
  const out: WxContext = {};
  if (fromContext) {
    for (const key of KEYS) {
      const value = text(fromContext[`WX_${key}`]);
      if (value) out[key] = value;
    }
    return out;
  }
  const listed = new Set((env.WX_CONTEXT_KEYS ?? '').split(',').map((k) => k.trim()));
  for (const key of KEYS) {
    const value = listed.has(`WX_${key}`) ? text(env[`WX_${key}`]) : undefined;
    if (value) out[key] = value;
  }
  return out;
}
