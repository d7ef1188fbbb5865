import { templateDefinition } from '../../lib/wechat/template-registry';

/**
 * Which messages may end in a phone call when WeChat cannot deliver them — decided here, per
 * template, in one place:
 * - staff alerts (新工单提醒, 工单预警, 投诉预警, 舆情预警) never: staff read them in the app (我的消息)
 *   or the official account; a call task would ask an agent to phone herself;
 * - owners' routine progress (报修进度, 投诉处理结果, 绑定审核结果, 社区通知) never;
 * - the fee and parking ladders (缴费提醒, 欠费催缴, 车位到期) create their own call tasks at the stage
 *   that deserves one (cloud/modules/fees/reminder.job.ts, community/parking-reminder.job.ts), so
 *   their messages never add a second one;
 * - an emergency notice (紧急通知) does: a person WeChat cannot reach is phoned.
 */
export const CALL_WORTHY_TEMPLATES: ReadonlySet<string> = new Set(['notice.emergency']);

/** The last resort for a message: a call only for a call-worthy owner template the sender did not downgrade. */
export function lastResortFor(templateKey: string, asked?: 'call' | 'none'): 'call' | 'none' {
  const t = templateDefinition(templateKey);
  if (!t || t.audience !== 'owner' || !CALL_WORTHY_TEMPLATES.has(templateKey)) return 'none';
  return asked ?? 'call';
}

/** What agents read on a call task when WeChat could not deliver: plain words, never an API error. */
export const PLAIN_REASONS = { noWechat: '未绑定微信', notSubscribed: '未开启消息提醒', failed: '微信提醒发送失败' } as const;

/** 43101: the person has no subscription on WeChat's side — the same as never having turned reminders on. */
export function plainReason(errcode: number | undefined): string {
  return errcode === undefined || errcode === 43101 ? PLAIN_REASONS.notSubscribed : PLAIN_REASONS.failed;
}
