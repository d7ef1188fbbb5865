import { getConfig } from '../config';

/**
 * The one WeChat client for mini-program server APIs, over fetch, base URL injectable
 * (the fake WeChat server in demo and tests, api.weixin.qq.com in production).
 */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(`WeChat ${api} failed: ${errcode} ${errmsg}`);
    this.name = 'WechatApiError';
  }
}

/** Errors WeChat uses for a bad, used or expired login code. */
export const INVALID_CODE_ERRCODES = new Set([40029, 40163, 40226]);

export interface Code2SessionResult {
  openid: string;
  sessionKey: string;
  unionid?: string;
}

export interface WechatClientOptions {
  appId: string;
  secret: string;
  baseUrl: string;
  timeoutMs: number;
}

interface WechatErrorBody {
  errcode?: number;
  errmsg?: string;
}

export function createWechatClient(opts: WechatClientOptions) {
  async function getJson<T extends WechatErrorBody>(api: string, path: string, query: Record<string, string>): Promise<T> {
    const url = `${opts.baseUrl}${path}?${new URLSearchParams(query).toString()}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs) });
    } catch (err) {
      throw new WechatApiError(-1, `network error: ${(err as Error).message}`, api);
    }
    if (!res.ok) throw new WechatApiError(-1, `http ${res.status}`, api);
    const body = (await res.json()) as T;
    if (body.errcode) throw new WechatApiError(body.errcode, body.errmsg ?? '', api);
    return body;
  }

  return {
    /** GET /sns/jscode2session: exchange a wx.login code for the user's openid. */
    async code2Session(code: string): Promise<Code2SessionResult> {
      const body = await getJson<WechatErrorBody & { openid?: string; session_key?: string; unionid?: string }>(
        'code2Session',
        '/sns/jscode2session',
        { appid: opts.appId, secret: opts.secret, js_code: code, grant_type: 'authorization_code' },
      );
      if (!body.openid || !body.session_key) throw new WechatApiError(-1, 'response without openid', 'code2Session');
      return { openid: body.openid, sessionKey: body.session_key, ...(body.unionid ? { unionid: body.unionid } : {}) };
    },
  };
}

export type WechatClient = ReturnType<typeof createWechatClient>;

/** The client configured from the environment. */
export function wechat(): WechatClient {
  const { wechat: w } = getConfig();
  return createWechatClient({ appId: w.appId, secret: w.secret, baseUrl: w.apiBase, timeoutMs: w.timeoutMs });
}
