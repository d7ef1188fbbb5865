import { mongoose } from '../../lib/db';
import { inScope, type JobScope } from '../../lib/job-scope';
import { linesOf, OutboxAttempt, OutboxMessage, type MessageLine } from './messaging.model';

/**
 * What other modules may ask of the outbox. An event key is the sender's own name for a business
 * event (`fees:<unit>:<day>`, `notice:<id>`): a module asks about the keys it made, messaging answers
 * from its collections (no other module reads them).
 */
type Id = mongoose.Types.ObjectId;

/** A message as its sender sees it afterwards. */
export interface SentMessage {
  eventKey: string;
  title: string;
  lines: MessageLine[];
  createdAt: Date;
}

/** Messages of one community whose event key starts with `prefix`, newest first (every recipient and channel). */
export async function messagesAbout(communityId: Id, prefix: string): Promise<SentMessage[]> {
  const pattern = `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
  const docs = await OutboxMessage.find({ communityId, eventKey: { $regex: pattern } }, { eventKey: 1, title: 1, lines: 1, createdAt: 1 }).sort({ createdAt: -1 }).lean();
  return docs.map((m) => ({ eventKey: m.eventKey, title: m.title, lines: linesOf(m.lines), createdAt: m.createdAt }));
}

/** Event keys of the messages made from these templates since `since` (every community, or those in `scope`). */
export async function eventKeysSince(opts: { templateKeys: readonly string[]; since: Date; scope?: JobScope }): Promise<Set<string>> {
  const docs = await OutboxMessage.find({ templateKey: { $in: opts.templateKeys }, createdAt: { $gte: opts.since }, ...inScope(opts.scope) }, { eventKey: 1 }).lean();
  return new Set(docs.map((m) => m.eventKey));
}

/** Routine (not urgent) messages of a template to go out after `after`: who gets them and from when. */
export async function scheduledSends(communityId: Id, templateKey: string, after: Date): Promise<{ recipientId: Id; notBefore: Date }[]> {
  // `urgent` is written only when true.
  const docs = await OutboxMessage.find({ communityId, templateKey, urgent: { $ne: true }, notBefore: { $gt: after } }, { recipientId: 1, notBefore: 1 }).lean();
  return docs.flatMap((m) => (m.notBefore ? [{ recipientId: m.recipientId as Id, notBefore: m.notBefore }] : []));
}

/** How many messages of one event WeChat accepted (their last attempt says sent). */
export async function deliveredCount(eventKey: string): Promise<number> {
  // 站内消息 (channel inbox) reached nobody in WeChat: not counted as delivered.
  const msgs = await OutboxMessage.find({ eventKey, channel: { $ne: 'inbox' } }, { _id: 1 }).lean();
  return msgs.length ? OutboxAttempt.countDocuments({ outboxId: { $in: msgs.map((m) => m._id) }, final: 'sent' }) : 0;
}
