import type { IncidentSummary } from '@shared/contracts/sentiment.contract';
import { mongoose } from '../../lib/db';
import { summarize } from './incident.service';
import { SenderLink, SentimentIncident, SentimentMessage, type IncidentDoc } from './sentiment.model';

type Id = mongoose.Types.ObjectId;

/**
 * The desk's owner view (一户一档): the owner-group incidents (业主群舆情) one owner took part in —
 * incidents with a message from a group member linked to the owner (sentiment_senders: matched by
 * name or linked by an agent, to the owner's account or one of their units). Newest activity first.
 * The links carry no community field (`_id` = `<communityId>:<senderId>`): read by user / unit and
 * kept to this community by the key's prefix.
 */
export async function incidentsOfOwner(communityId: Id, who: { userIds: readonly Id[]; unitIds: readonly Id[] }, limit = 20): Promise<IncidentSummary[]> {
  const or: Record<string, unknown>[] = [];
  if (who.userIds.length) or.push({ userId: { $in: who.userIds } });
  if (who.unitIds.length) or.push({ unitId: { $in: who.unitIds } });
  if (!or.length) return [];
  const prefix = `${String(communityId)}:`;
  const links = (await SenderLink.find({ $or: or }, { _id: 1 }).lean()).filter((l) => l._id.startsWith(prefix));
  if (!links.length) return [];
  const senderIds = links.map((l) => l._id.slice(prefix.length));
  const docs = (await SentimentIncident.find({ communityId, 'senders.id': { $in: senderIds } }, { history: 0 }).sort({ lastAt: -1, _id: -1 }).limit(limit).lean()) as IncidentDoc[];
  const firsts = await SentimentMessage.find({ _id: { $in: docs.map((i) => i.messageIds[0]).filter(Boolean) } }, { text: 1 }).lean();
  const text = new Map(firsts.map((m) => [m._id, m.text ?? '']));
  return docs.map((i) => summarize(i, (text.get(i.messageIds[0]) ?? '').slice(0, 60)));
}
