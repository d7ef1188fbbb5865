import type { Envelope } from '@shared/errors';

/**
 * What a cloud function's `main(event, context)` receives from either transport (CloudBase or the
 * gateway) and answers. The request pipeline (cloud/runtime) implements it; the gateway calls it.
 */

/** What CloudBase passes as `event` (userInfo is injected by WeChat for callFunction). */
export interface FunctionEvent {
  action?: unknown;
  data?: unknown;
  userInfo?: { openId?: string; appId?: string };
  /** CloudBase timer triggers: `{Type: 'Timer', TriggerName, Time}` (no userInfo). */
  Type?: unknown;
  TriggerName?: unknown;
}

/** The gateway's context. CloudBase passes its own context object, which has no `transport`. */
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
