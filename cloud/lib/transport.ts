import type { Envelope } from '@shared/errors';

/**
 * What a cloud function's `main(event, context)` receives from either transport (CloudBase or the
 * gateway) and answers. The request pipeline (cloud/runtime) implements it; the gateway calls it.
 */

/**
 * What CloudBase passes as `event`: the client's `data` of `wx.cloud.callFunction`, plus what the
 * platform adds (`userInfo: {openId, appId}`). Nothing here identifies the caller: the client writes
 * the event (userInfo included, for all we know); identity comes from the WX context (lib/wx-context.ts).
 */
export interface FunctionEvent {
  action?: unknown;
  data?: unknown;
  /** Added by CloudBase, and also writable by a modified client: never used for identity. */
  userInfo?: unknown;
  /** CloudBase timer triggers: `{Type: 'Timer', TriggerName, Time}` (no userInfo). */
  Type?: unknown;
  TriggerName?: unknown;
}

/**
 * The gateway's context. CloudBase passes its own context object, which has no `transport`: the SCF
 * runtime's `{request_id, function_name, environ | environment, …}`, where `environ`/`environment`
 * carry the WX context of the invocation (lib/wx-context.ts).
 */
export interface GatewayContext {
  transport: 'gateway';
  requestId: string;
  /** The raw Authorization header. */
  authorization?: string;
  /** The client's IP address (`req.socket.remoteAddress`), for limits per address (failed logins). */
  clientIp?: string;
}

export type CallContext = GatewayContext | { transport?: undefined; request_id?: string; [k: string]: unknown };

export type FunctionMain = (event: FunctionEvent, context?: CallContext) => Promise<Envelope<unknown>>;
