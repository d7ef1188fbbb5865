import { z } from 'zod';
import { CALL_TASK_STATUSES, OUTBOX_STATUSES, SUBSCRIBE_RESULTS, type CallTaskKind, type CallTaskStatus, type Channel, type OutboxStatus, type SubscribeResult } from '../domain/messaging';
import { CALLER_ROLES } from '../domain/roles';
import { action, community, empty, objectId, page, pageSize, self, type Paged } from './contract';

/**
 * Messages to owners and staff (the WeChat layer): subscription credits reported by the client,
 * the person's message history, the staff's call list (the last fallback), the manager's view of
 * the outbox, and — in demo mode — what the fake WeChat server received.
 */

/** A subscribe-message template as the client needs it to call wx.requestSubscribeMessage. */
export interface SubscribeTemplateInfo {
  /** Our stable key, e.g. 'repair.progress'. */
  key: string;
  /** WeChat's template id (tmplIds for wx.requestSubscribeMessage). */
  templateId: string;
  title: string;
  /** Credits (remaining acceptances) the caller has for it. */
  credits: number;
  /** The last answer the person gave (never ask again in a loop after reject/ban). */
  lastResult?: SubscribeResult;
}

/** One event told to me (one card however many channels it took). */
export interface MessageView {
  id: string;
  /** Template title, e.g. 报修进度通知. */
  title: string;
  /** The message's fields as the person reads them (label → value). */
  lines: { label: string; value: string }[];
  channel: Channel;
  status: OutboxStatus;
  attempts: number;
  /** Every attempt and its result, oldest first. */
  history: { at: string; channel: Channel; ok: boolean; error?: string }[];
  createdAt: string;
  sentAt?: string;
  /** The page the message opens (`owner/pages/repair/index?id=…`: shared/routes.ts parseLink). */
  link?: string;
}

export interface CallTask {
  id: string;
  /** Whom to call. Phone in full: the staff call it. */
  name: string;
  phone: string;
  unitLabel?: string;
  /** What to tell them. */
  title: string;
  lines: { label: string; value: string }[];
  /** In plain words: why WeChat did not deliver it (未开启消息提醒, 微信提醒发送失败), or why the call was planned. */
  reason: string;
  /** undelivered: WeChat could not deliver; planned: a ladder or staff asked for the call. */
  kind: CallTaskKind;
  /** Messages merged into this task (one open task per person and subject); the title and reason are the latest. */
  count: number;
  lastAt?: string;
  status: CallTaskStatus;
  createdAt: string;
  doneAt?: string;
  doneByName?: string;
  note?: string;
}

export interface OutboxItem {
  id: string;
  eventKey: string;
  recipientName: string;
  title: string;
  channel: Channel;
  status: OutboxStatus;
  attempts: number;
  lastError?: string;
  notBefore?: string;
  createdAt: string;
  sentAt?: string;
}

/** A message the fake WeChat server accepted (demo mode only). */
export interface DemoInboxMessage {
  at: string;
  api: 'subscribe' | 'oa-template';
  touser: string;
  recipientName?: string;
  templateId: string;
  title?: string;
  page?: string;
  data: Record<string, string>;
}

/** Everyone with a session: a guest too (they wait for the result of their binding request). */
const PEOPLE = CALLER_ROLES;

export const messagingContract = {
  /** The templates the client may ask the person to subscribe to, with their credits. */
  subscriptions: action<SubscribeTemplateInfo[]>()(empty, self(PEOPLE)),
  /** Report what wx.requestSubscribeMessage answered: each accept is one credit for (openid, template). */
  reportSubscription: action<SubscribeTemplateInfo[]>()(
    z
      .object({
        results: z
          .array(z.object({ templateId: z.string().trim().min(1).max(64), result: z.enum(SUBSCRIBE_RESULTS) }).strict())
          .min(1, '缺少订阅结果')
          .max(20, '一次最多上报20个模板'),
      })
      .strict(),
    self(PEOPLE),
  ),
  /** The 消息 tab's badge: how many events I was told about since I last opened 我的消息. */
  unread: action<{ count: number }>()(empty, self(PEOPLE)),
  /** I opened 我的消息: the badge starts again from zero. */
  markSeen: action<{ count: number }>()(empty, self(PEOPLE)),
  /** My messages, newest first (every attempt and result is kept). */
  myMessages: action<Paged<MessageView>>()(z.object({ page, pageSize }).strict().optional().default({}), self(PEOPLE)),
  /** Staff: people to call because WeChat could not reach them. */
  callTasks: action<Paged<CallTask>>()(
    z
      .object({ status: z.enum(CALL_TASK_STATUSES).default('open'), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community(['agent', 'cashier', 'manager']),
  ),
  completeCallTask: action<CallTask>()(
    z.object({ callTaskId: objectId, note: z.string().trim().max(200, '备注最多200字').optional() }).strict(),
    community(['agent', 'cashier', 'manager'], { callTaskId: 'callTask' }),
  ),
  /** Manager: the community's outgoing messages. */
  outbox: action<Paged<OutboxItem>>()(
    z
      .object({ status: z.enum(OUTBOX_STATUSES).optional(), page, pageSize })
      .strict()
      .optional()
      .default({}),
    community(['manager']),
  ),
  /** Manager, demo mode only: what owners would have received (recorded by the fake WeChat server). */
  demoInbox: action<DemoInboxMessage[]>()(empty, community(['manager'])),
};

export type { CallTaskStatus, Channel, OutboxStatus, SubscribeResult };
