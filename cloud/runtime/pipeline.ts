import { randomUUID } from 'node:crypto';
import { ZodError } from 'zod';
import type { FunctionContract, ParsedInputOf, ResultOf } from '@shared/contracts/contract';
import { cleanUnsafeText, findUnsafeText } from '@shared/domain/safe-text';
import type { AccessRules } from '../lib/access';
import { AppError } from '../lib/app-error';
import type { Caller } from '../lib/caller';
import { getConfig } from '../lib/config';
import { connectDb, isDbUnavailable } from '../lib/db';
import { asApplication } from '../lib/db-monitor';
import { unpluggedHooks } from '../lib/hooks';
import { logger } from '../lib/logger';
import type { CallContext, FunctionMain } from '../lib/transport';
import { wxContext } from '../lib/wx-context';
import { callerFromOpenid, callerFromToken } from '../modules/identity';
import { accessRegistry, checkRefs, missingRefKinds } from './authorize';
import { wireDirectory } from './wiring/directory';

export type { CallContext, FunctionEvent, FunctionMain, GatewayContext } from '../lib/transport';

export interface FunctionOptions {
  /**
   * The access declarations (`access` of `cloud/modules/<m>/index.ts`) whose reference checks the
   * contract's policies use: every `RefKind` the contract names must be among them (checked when
   * the function is defined). A function bundles only the modules it lists and calls.
   */
  access?: readonly AccessRules[];
  /**
   * The wiring of the hooks of the modules this function loads beyond identity, community and
   * messaging (wired for every function): e.g. `wireServiceDesk` where repairs, complaints, fees or
   * follow-ups are loaded. Checked on the function's first call: no hook may be left unplugged.
   */
  wiring?: readonly (() => void)[];
  /** Jobs the function runs when its CloudBase timer trigger of that name fires. */
  timers?: Record<string, () => Promise<unknown>>;
}

export interface PublicCtx {
  caller: null;
  requestId: string;
  /** Gateway only (CloudBase passes no address). */
  clientIp?: string;
}
export interface AuthedCtx {
  caller: Caller;
  requestId: string;
  /** Gateway only (CloudBase passes no address). */
  clientIp?: string;
}

type CtxFor<A> = A extends { access: 'public' } ? PublicCtx : AuthedCtx;

export type Handlers<C extends FunctionContract> = {
  [K in keyof C]: (input: ParsedInputOf<C[K]>, ctx: CtxFor<C[K]>) => Promise<ResultOf<C[K]>> | ResultOf<C[K]>;
};

function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? m[1] : null;
}

/** Identify the caller for the transport in use. */
async function authenticate(context: CallContext | undefined): Promise<Caller> {
  if (context?.transport === 'gateway') {
    const token = bearer(context.authorization);
    if (!token) throw new AppError('AUTH.UNAUTHENTICATED');
    return callerFromToken(token);
  }
  // CloudBase: the caller is the OPENID of the WX context the platform sets for this invocation
  // (lib/wx-context.ts), never anything in the event: `event.userInfo` and `event.data` are whatever
  // the client sent, so a modified client could name someone else there.
  const wx = wxContext(context);
  if (!wx.OPENID) throw new AppError('AUTH.UNAUTHENTICATED');
  // Identities are kept per mini-program (WECHAT_APPID): a call from another app (a CloudBase
  // environment shared with it, or a WECHAT_APPID left at the demo's) is refused rather than filed
  // under the wrong app, which would orphan every identity once the setting is corrected.
  const appId = getConfig().wechat.appId;
  if (wx.APPID && wx.APPID !== appId) {
    logger.warn('CloudBase call from another mini-program than WECHAT_APPID', { appId: wx.APPID, configured: appId });
    throw new AppError('AUTH.UNAUTHENTICATED', '无法识别调用的小程序，请联系物业服务中心');
  }
  return callerFromOpenid(wx.OPENID);
}

function toAppError(err: unknown, fn: string, action: string, requestId: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const issues = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return new AppError('VALIDATION', undefined, { issues });
  }
  if (isDbUnavailable(err)) {
    logger.warn('database unavailable', { fn, action, requestId, err: (err as Error).message });
    return new AppError('DB.UNAVAILABLE');
  }
  logger.error('unexpected error', { fn, action, requestId, err: err instanceof Error ? err.stack : String(err) });
  return new AppError('INTERNAL');
}

/**
 * The one wrapper every cloud function uses (the request pipeline of the composition root):
 * parse `{action, data}` → the text rule → validate with the action's zod schema → authenticate
 * (identity: session token or OPENID → Caller) → authorize by the action's declared policy (roles,
 * then every referenced record through the owning module's access check) → run → map errors to a
 * stable envelope.
 *
 * A function checks its composition: defining it, that every reference kind its contract names has
 * an access check among `options.access` (else it fails to load); on its first call, that every hook
 * of the modules loaded is wired (else every call fails, naming the hooks). Neither waits for the
 * first request that needs the missing piece; tests/unit/composition.test.ts loads each function on
 * its own and calls it once.
 */
export function defineFunction<C extends FunctionContract>(name: string, contract: C, handlers: Handlers<C>, options: FunctionOptions = {}): FunctionMain {
  const known = Object.keys(contract);
  const registry = accessRegistry(options.access ?? []);
  const missing = missingRefKinds(contract, registry);
  if (missing.length) throw new Error(`cloud function ${name}: no access rule for the reference kinds ${missing.join(', ')}: pass the owning modules' \`access\` to defineFunction`);
  wireDirectory();
  for (const wire of options.wiring ?? []) wire();
  let wired = false;
  // The application's own queries (lib/db-monitor.ts: the index-coverage check records their shapes).
  return (event, context) => asApplication(() => invoke(event, context));
  async function invoke(...[event, context]: Parameters<FunctionMain>): ReturnType<FunctionMain> {
    // Every hook of the modules this process loaded must be plugged (checked once, on the first call,
    // when everything the bundle loads is loaded): a bundle that misses its wiring fails every
    // invocation with an error naming the hooks, as a missing configuration does.
    if (!wired) {
      const unplugged = unpluggedHooks();
      if (unplugged.length) throw new Error(`cloud function ${name}: hooks not wired: ${unplugged.join(', ')}: pass their wiring (cloud/runtime/wiring/) to defineFunction`);
      wired = true;
    }
    // A function without a valid configuration (no SESSION_SECRET, a weak one…) refuses every call:
    // the ConfigError, which names the variable, fails the invocation (CloudBase shows it in the log).
    getConfig();
    const requestId =
      context?.transport === 'gateway' ? context.requestId : typeof context?.request_id === 'string' ? context.request_id : randomUUID();
    const actionName = typeof event?.action === 'string' ? event.action : '';
    // A CloudBase timer trigger: only outside the gateway, and never a call with a WeChat user (every
    // client call has an OPENID in its WX context; a client can put `Type: 'Timer'` in its data).
    if (context?.transport !== 'gateway' && event?.Type === 'Timer' && !wxContext(context).OPENID && options.timers) {
      const trigger = typeof event.TriggerName === 'string' ? event.TriggerName : '';
      try {
        const job = Object.prototype.hasOwnProperty.call(options.timers, trigger) ? options.timers[trigger] : undefined;
        if (!job) throw new AppError('ACTION.UNKNOWN', `没有这个定时任务：${name}.${trigger}`);
        await connectDb();
        return { ok: true, data: await job() };
      } catch (err) {
        return { ok: false, error: toAppError(err, name, `timer:${trigger}`, requestId).toBody(requestId) };
      }
    }
    try {
      if (!Object.prototype.hasOwnProperty.call(contract, actionName)) {
        throw new AppError('ACTION.UNKNOWN', actionName ? `不支持的操作：${name}.${actionName}` : '缺少操作名 action', { action: actionName, known });
      }
      const spec = contract[actionName];
      // The text rule (shared/domain/safe-text.ts) runs here, on the raw data before the action's
      // schema, rather than as a zod string builder in each contract: this way it reaches every
      // string and every object key of every input, including records, z.unknown() fields and the
      // actions of contracts not written yet, and no contract can forget it.
      // Actions that take outside text to keep (chat messages) get it cleaned instead of refused.
      const raw = spec.externalText ? cleanUnsafeText(event.data) : event.data;
      const unsafe = findUnsafeText(raw);
      if (unsafe) throw new AppError('VALIDATION', `提交的内容${unsafe.message}`, { issues: [unsafe] });
      const input: unknown = spec.input.parse(raw ?? undefined);
      await connectDb();
      let caller: Caller | null = null;
      if (spec.access !== 'public') {
        const policy = spec.access;
        caller = await authenticate(context);
        if (!caller.roles.some((r) => policy.roles.includes(r))) throw new AppError('AUTH.FORBIDDEN');
        await checkRefs(policy, input, caller, registry);
      }
      const run = handlers[actionName] as (input: unknown, ctx: PublicCtx | AuthedCtx) => Promise<unknown>;
      const clientIp = context?.transport === 'gateway' ? context.clientIp : undefined;
      const data = await run(input, { caller, requestId, ...(clientIp ? { clientIp } : {}) } as PublicCtx | AuthedCtx);
      return { ok: true, data };
    } catch (err) {
      const appError = toAppError(err, name, actionName, requestId);
      return { ok: false, error: appError.toBody(requestId) };
    }
  }
}
