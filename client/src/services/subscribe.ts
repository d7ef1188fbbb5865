/**
 * Subscribe messages (订阅消息): ask the person with wx.requestSubscribeMessage — only when they
 * tap, never unprompted — and report each
 * answer so the server counts one send credit per acceptance. Pages never call the WeChat API
 * themselves. The H5 demo has no such API: it asks with a modal instead, as a stand-in.
 */
import Taro from '@tarojs/taro';
import type { SubscribeTemplateInfo } from '@shared/contracts/messaging.contract';
import type { SubscribeResult } from '@shared/domain/messaging';
import { call } from './cloud';
import { confirm } from './ui';

/** wx.requestSubscribeMessage takes at most 3 template ids per call. */
export const PER_REQUEST = 3;

/** A template the person can be asked for: anything WeChat has not banned for them. */
export function askable(t: SubscribeTemplateInfo): boolean {
  return t.lastResult !== 'ban';
}

async function requestOnce(batch: SubscribeTemplateInfo[]): Promise<{ templateId: string; result: SubscribeResult }[]> {
  if (process.env.TARO_ENV === 'h5') {
    const ok = await confirm({
      title: '消息提醒（演示）',
      content: `在微信中这里会弹出订阅消息授权。是否允许物业向您发送：${batch.map((t) => t.title).join('、')}？`,
      confirmText: '允许',
    });
    return batch.map((t) => ({ templateId: t.templateId, result: ok ? 'accept' : 'reject' }));
  }
  const res = (await Taro.requestSubscribeMessage({ tmplIds: batch.map((t) => t.templateId), entityIds: [] })) as unknown as Record<string, string>;
  return batch.flatMap((t) => {
    const answer = res[t.templateId];
    return answer === 'accept' || answer === 'reject' || answer === 'ban' || answer === 'filter' ? [{ templateId: t.templateId, result: answer }] : [];
  });
}

/**
 * Ask for up to 3 of the given templates — those with no credit left first — and report the
 * answers. Call it straight from a tap handler: WeChat shows one prompt per tap, for at most 3.
 */
export async function askSubscriptions(templates: SubscribeTemplateInfo[]): Promise<SubscribeTemplateInfo[] | undefined> {
  const batch = [...templates].sort((a, b) => a.credits - b.credits).slice(0, PER_REQUEST);
  if (batch.length === 0) return undefined;
  const results = await requestOnce(batch);
  if (results.length === 0) return undefined;
  return call('messaging', 'reportSubscription', { results });
}
