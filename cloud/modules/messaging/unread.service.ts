import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { OutboxMessage } from './messaging.model';

const { Schema, model } = mongoose;
const { ObjectId } = mongoose.Types;

/**
 * When each person last opened 我的消息 (`_id` = the user's id, so reading it uses the `_id` index):
 * the 消息 tab's badge counts the events told to them since then.
 */
const messagesSeenSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });
export const MessagesSeen = model('MessagesSeen', messagesSeenSchema);

/** The badge of the 消息 tab: events (not deliveries: one event may go out on several channels) since I last looked. */
export async function unreadMessages(caller: Caller): Promise<{ count: number }> {
  const seen = await MessagesSeen.findById(caller.userId).lean();
  const filter = { recipientId: new ObjectId(caller.userId), ...(seen ? { createdAt: { $gt: seen.at } } : {}) };
  const docs = await OutboxMessage.find(filter, { _id: 0, eventKey: 1 }).limit(1000).lean();
  return { count: new Set(docs.map((d) => d.eventKey)).size };
}

/** I opened 我的消息: the badge starts again from zero. */
export async function markMessagesSeen(caller: Caller): Promise<{ count: number }> {
  await MessagesSeen.updateOne({ _id: caller.userId }, { $set: { at: now() } }, { upsert: true });
  return { count: 0 };
}
