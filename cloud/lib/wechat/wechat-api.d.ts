/** The little of `wechat-api` 1.35.1 (no types of its own) that official-account.ts uses. */
declare module 'wechat-api' {
  type Callback<T = unknown> = (err: (Error & { code?: number; name: string }) | null, data?: T, res?: unknown) => void;

  interface AccessToken {
    accessToken: string;
    /** Epoch ms (wechat-api computes it with Date.now()). */
    expireTime: number;
  }

  class WechatAPI {
    constructor(
      appid: string,
      appsecret: string,
      getToken?: (callback: (err: Error | null, token?: AccessToken | null) => void) => void,
      saveToken?: (token: AccessToken, callback: (err: Error | null) => void) => void,
    );
    endpoint: string;
    /** The token used by the last call (set by preRequest). */
    token?: AccessToken;
    setOpts(opts: { timeout?: number }): void;
    /** Fetch a token if needed, then call `method`; `retried` true disables its own 40001 retry (with the same stale token). */
    preRequest(method: (...args: never[]) => void, args: unknown[], retried?: boolean): void;
    _sendTemplate(
      openid: string,
      templateId: string,
      dest: { url?: string; miniprogram?: { appid: string; pagepath: string } },
      data: Record<string, { value: string; color?: string }>,
      callback: Callback<{ errcode: number; errmsg: string; msgid: number }>,
    ): void;
  }

  export = WechatAPI;
}
