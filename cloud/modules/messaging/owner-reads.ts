import type { Channel } from '@shared/domain/messaging';
import { mongoose } from '../../lib/db';
import { CallTask, OutboxMessage } from './messaging.model';

/**
 * What the desk's owner view (一户一档) reads of messaging: the messages sent to one owner and the
 * calls the office was asked to make to them, newest first, bounded by `limit`.
 */
type Id = mongoose.Types.ObjectId;

export interface MessageToOwner {
  id: string;
  at: Date;
  title: string;
  channel: Channel;
  eventKey: string;
}

/** Messages (WeChat subscribe / official account / 站内) to these recipients in one community. */
export async function messagesTo(communityId: Id, recipientIds: readonly Id[], limit: number): Promise<MessageToOwner[]> {
  if (!recipientIds.length) return [];
  const docs = await OutboxMessage.find({ communityId, recipientId: { $in: recipientIds }, previousId: { $exists: false } }, { title: 1, channel: 1, eventKey: 1, createdAt: 1 })
    .sort({ createdAt: -1, _id: -1 })
    .limit(limit)
    .lean();
  return docs.map((m) => ({ id: String(m._id), at: m.createdAt, title: m.title, channel: m.channel as Channel, eventKey: m.eventKey }));
}

export interface CallTaskToOwner {
  id: string;
  at: Date;
  title: string;
  reason: string;
  status: string;
  doneAt?: Date;
  doneByName?: string;
  note?: string;
}

/** Call tasks (电话通知) for these recipients (user or resident ids) or these phones, in one community. */
export async function callTasksFor(communityId: Id, who: { recipientIds: readonly Id[]; phones: readonly string[] }, limit: number): Promise<CallTaskToOwner[]> {
  const or: Record<string, unknown>[] = [];
  if (who.recipientIds.length) or.push({ recipientId: { $in: who.recipientIds } });
  const phones = who.phones.filter(Boolean);
  if (phones.length) or.push({ phone: { $in: phones } });
  if (!or.length) return [];
  const docs = await CallTask.find({ communityId, $or: or }, { title: 1, reason: 1, status: 1, doneAt: 1, doneByName: 1, note: 1, createdAt: 1 }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean();
  return docs.map((t) => ({
    id: String(t._id),
    at: t.createdAt,
    title: t.title,
    reason: t.reason,
    status: t.status ?? 'open',
    ...(t.doneAt ? { doneAt: t.doneAt } : {}),
    ...(t.doneByName ? { doneByName: t.doneByName } : {}),
    ...(t.note ? { note: t.note } : {}),
  }));
}
