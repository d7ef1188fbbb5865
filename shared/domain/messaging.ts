/** Outgoing messages (订阅消息 / 公众号模板消息 / 电话通知): channels, statuses, labels (zod-free, shared with the client). */
/** inbox: WeChat cannot reach the person and the message is not worth a call — it stays in 我的消息 only. */
export const CHANNELS = ['subscribe', 'oa', 'call', 'inbox'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = { subscribe: '小程序订阅消息', oa: '公众号模板消息', call: '电话通知', inbox: '站内消息' };

/** Why a call task exists: WeChat could not deliver a message, or a call was planned (a ladder, unread notices). */
export const CALL_TASK_KINDS = ['undelivered', 'planned'] as const;
export type CallTaskKind = (typeof CALL_TASK_KINDS)[number];

/** inbox: the message is in the person's 我的消息 only (channel `inbox`: WeChat cannot reach them); decided when it is queued. */
export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'inbox', 'failed', 'fallen-back', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  queued: '待发送',
  sending: '发送中',
  sent: '已送达',
  inbox: '已放入站内消息',
  failed: '发送失败',
  'fallen-back': '已改用其他方式',
  cancelled: '已取消',
};

/** What wx.requestSubscribeMessage answers per template. */
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;
export type SubscribeResult = (typeof SUBSCRIBE_RESULTS)[number];

export const CALL_TASK_STATUSES = ['open', 'done'] as const;
export type CallTaskStatus = (typeof CALL_TASK_STATUSES)[number];
