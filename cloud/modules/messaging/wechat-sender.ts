import { getConfig } from '../../lib/config';
import { createWechatClient } from '../../lib/wechat/client';
import { createOfficialAccount } from '../../lib/wechat/official-account';

/** The two WeChat calls the outbox makes. Retries are the outbox's (with backoff across job runs), not the client's. */
export interface Sender {
  subscribe(msg: { touser: string; templateId: string; page?: string; data: Record<string, string> }): Promise<void>;
  oa(msg: { touser: string; templateId: string; pagepath?: string; data: Record<string, string> }): Promise<void>;
}

export function wechatSender(): Sender {
  const { wechat: w } = getConfig();
  const mp = createWechatClient({
    appId: w.appId,
    secret: w.secret,
    baseUrl: w.apiBase,
    timeoutMs: w.timeoutMs,
    retryAttempts: 1,
    miniprogramState: w.miniprogramState,
    lang: w.lang,
  });
  const oa = createOfficialAccount({ appId: w.oa.appId, secret: w.oa.secret, baseUrl: w.apiBase, timeoutMs: w.timeoutMs, retryAttempts: 1 });
  return {
    subscribe: async (m) => void (await mp.sendSubscribeMessage({ touser: m.touser, templateId: m.templateId, ...(m.page ? { page: m.page } : {}), data: m.data })),
    async oa(m) {
      await oa.sendTemplate({ touser: m.touser, templateId: m.templateId, ...(m.pagepath ? { miniprogram: { appid: w.appId, pagepath: m.pagepath } } : {}), data: m.data });
    },
  };
}
