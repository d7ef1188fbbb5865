import type { ImportReport, IngestReport } from '@shared/contracts/sentiment.contract';
import { DAY_MS, MINUTE_MS } from '@shared/domain/calendar';
import { TOPIC_LABELS, type SentimentTopic } from '@shared/domain/sentiment';
import { GENERAL_TOPIC, opensIncident, SEVERITY_LABELS, severityOf, type IncidentTopic, type Severity } from '@shared/domain/sentiment-incidents';
import { routes } from '@shared/routes';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { mutateRevision, SYSTEM, type Actor, type Change } from '../../lib/revision';
import { insertIgnoringDuplicates } from '../../lib/bulk';
import type { Caller } from '../../lib/caller';
import { activeMemberIds, activeMembers } from '../identity';
import { enqueueOrLog } from '../messaging';
import { parseChatExport } from './chat-export';
import { analyzerFor } from './overlay.service';
import { rulesOf } from './settings.service';
import { messageDay, OpenIncident, SentimentGroup, SentimentIncident, SentimentMessage, type IncidentDoc } from './sentiment.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/** Every change to an incident: through its revision (lib/revision.ts). */
export function mutateIncident(id: Id | string, actor: Actor, build: (cur: IncidentDoc) => Change | null): Promise<{ doc: IncidentDoc; changed: boolean }> {
  return mutateRevision<IncidentDoc>({ kind: 'incident', model: SentimentIncident as never, notFound: 'INCIDENT.NOT_FOUND' }, id, actor, build);
}

export interface IncomingMessage {
  messageId: string;
  sender: { id: string; nickname: string };
  text: string;
  sentAt: Date;
}


/** A group id for a group first seen through an import: from its name. */
export const groupIdOfName = (name: string) => `import:${name}`;

/**
 * Store and analyse a batch of one group's messages; new negative ones open or join incidents.
 * Idempotent by (group, message id): a replayed batch inserts nothing and changes no incident.
 */
export async function ingestMessages(
  communityId: Id,
  group: { id: string; name?: string },
  messages: IncomingMessage[],
  source: 'api' | 'import',
  opts: { alert?: boolean } = {},
): Promise<IngestReport> {
  const report: IngestReport = { received: messages.length, inserted: 0, duplicates: 0, negative: 0, incidentsOpened: 0, incidentsJoined: 0 };
  const groupKey = `${String(communityId)}:${group.id}`;
  await SentimentGroup.updateOne(
    { _id: groupKey },
    { ...(group.name ? { $set: { name: group.name } } : {}), $setOnInsert: { communityId, groupId: group.id, ...(group.name ? {} : { name: group.id }) } },
    { upsert: true },
  );
  // The community's analyzer (built-in lexicon + its overlay at the current version): an entry a
  // manager accepted applies from the next batch, and each message keeps the lexicon version it was judged with.
  const [rules, analyzer] = await Promise.all([rulesOf(String(communityId)), analyzerFor(communityId)]);
  const docs = messages.map((m) => {
    const a = analyzer.analyze(m.text);
    return {
      _id: `${groupKey}:${m.messageId}`,
      communityId,
      groupId: group.id,
      messageId: m.messageId,
      senderId: m.sender.id,
      nickname: m.sender.nickname || m.sender.id,
      text: m.text,
      sentAt: m.sentAt,
      ...messageDay(m),
      negative: a.negative,
      score: a.score,
      level: a.level,
      topics: a.topics,
      evidence: a.evidence,
      escalation: a.escalation.groups,
      lexicon: analyzer.version,
      source,
      expiresAt: new Date(m.sentAt.getTime() + rules.retentionDays * DAY_MS),
    };
  });
  const fresh: typeof docs = [];
  for (let i = 0; i < docs.length; i += 1000) {
    const chunk = docs.slice(i, i + 1000);
    const dup = await insertIgnoringDuplicates(SentimentMessage.collection, chunk as never[]);
    chunk.forEach((d, k) => (dup.has(k) ? report.duplicates++ : fresh.push(d)));
  }
  report.inserted = fresh.length;
  const negatives = fresh.filter((d) => d.negative);
  report.negative = negatives.length;
  // Each group/topic the new negative messages touch is evaluated once.
  const topics = new Set<IncidentTopic>();
  for (const d of negatives) for (const t of d.topics.length ? (d.topics as IncidentTopic[]) : [GENERAL_TOPIC]) topics.add(t);
  for (const topic of topics) {
    const outcome = await evaluateTopic(communityId, group.id, topic, rules.windowMinutes, rules, opts.alert !== false);
    if (outcome === 'opened') report.incidentsOpened++;
    if (outcome === 'joined') report.incidentsJoined++;
  }
  return report;
}

type WindowDoc = { _id: string; senderId: string; nickname: string; sentAt: Date; level: string; negative: boolean; topics: string[]; escalation: string[]; text: string };

const hasTopic = (d: { topics: string[] }, topic: IncidentTopic) => (topic === GENERAL_TOPIC ? d.topics.length === 0 : d.topics.includes(topic));

/**
 * Open or extend the incident of a group and topic. The open incident of each (group, topic) is
 * named by a unique key (OpenIncident): of two racing batches one opens it, the other joins.
 */
async function evaluateTopic(communityId: Id, groupId: string, topic: IncidentTopic, windowMinutes: number, rules: Awaited<ReturnType<typeof rulesOf>>, alert: boolean): Promise<'opened' | 'joined' | null> {
  const key = `${String(communityId)}:${groupId}:${topic}`;
  const pointer = await OpenIncident.findById(key).lean();
  if (pointer) {
    // Everything negative on this topic since the incident's first message joins it.
    const incident = (await SentimentIncident.findById(pointer.incidentId).lean()) as IncidentDoc | null;
    if (incident && incident.status !== 'resolved') {
      const recent = (await SentimentMessage.find({ communityId, groupId, negative: true, sentAt: { $gte: incident.firstAt } }, { senderId: 1, nickname: 1, sentAt: 1, level: 1, negative: 1, topics: 1, escalation: 1, text: 1 }).lean()) as WindowDoc[];
      await join(incident._id, recent.filter((d) => hasTopic(d, topic)), alert);
      return 'joined';
    }
    await OpenIncident.deleteOne({ _id: key, incidentId: pointer.incidentId });
  }
  // Recent negative traffic of this topic: the newest message's window (and earlier ones within it).
  const newest = await SentimentMessage.find({ communityId, groupId, negative: true }, { sentAt: 1, topics: 1 }).sort({ sentAt: -1 }).limit(200).lean();
  const latest = newest.find((d) => hasTopic(d as WindowDoc, topic));
  if (!latest) return null;
  const since = new Date(latest.sentAt.getTime() - windowMinutes * MINUTE_MS);
  // Messages an earlier (resolved) incident already answered do not count again.
  const handled = new Set((await SentimentIncident.find({ communityId, groupId, topic }, { messageIds: 1 }).lean()).flatMap((i) => i.messageIds));
  const inWindow = ((await SentimentMessage.find({ communityId, groupId, negative: true, sentAt: { $gte: since } }, { senderId: 1, nickname: 1, sentAt: 1, level: 1, negative: 1, topics: 1, escalation: 1, text: 1 }).lean()) as WindowDoc[]).filter(
    (d) => hasTopic(d, topic) && !handled.has(d._id),
  );
  if (!inWindow.length) return null;
  if (!opensIncident(inWindow.map((d) => ({ senderId: d.senderId, sentAt: d.sentAt.getTime(), level: d.level as 'none', negative: d.negative })), rules)) return null;
  const incidentId = new ObjectId();
  try {
    await OpenIncident.create({ _id: key, incidentId });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // Another batch opened it first: join that one.
    return evaluateTopic(communityId, groupId, topic, windowMinutes, rules, alert);
  }
  const group = await SentimentGroup.findById(`${String(communityId)}:${groupId}`, { name: 1 }).lean();
  const tally = tallyOf(inWindow);
  const at = now();
  const sorted = [...inWindow].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
  const incident = (
    await SentimentIncident.create({
      _id: incidentId,
      communityId,
      groupId,
      groupName: group?.name ?? groupId,
      topic,
      status: 'open',
      rev: 0,
      severity: severityOf(tally),
      messageIds: sorted.map((d) => d._id),
      senders: uniqueSenders(sorted),
      negatives: tally.negatives,
      highs: tally.highs,
      safety: tally.safety,
      escalation: [...new Set(sorted.flatMap((d) => d.escalation))],
      firstAt: sorted[0].sentAt,
      lastAt: sorted[sorted.length - 1].sentAt,
      history: [{ at, event: 'open', to: 'open', byName: SYSTEM.name, note: `${tally.negatives}条负面消息，${tally.senders}位业主` }],
    })
  ).toObject() as IncidentDoc;
  if (alert) await alertIncident(incident, 'open');
  return 'opened';
}

function tallyOf(docs: WindowDoc[]) {
  return { negatives: docs.length, highs: docs.filter((d) => d.level === 'high').length, senders: new Set(docs.map((d) => d.senderId)).size, safety: docs.some((d) => d.escalation.includes('safety')) };
}

function uniqueSenders(docs: WindowDoc[]): { id: string; nickname: string }[] {
  return [...new Map(docs.map((d) => [d.senderId, { id: d.senderId, nickname: d.nickname }])).values()];
}

/** Later messages join the open incident; severity rises with volume and level (managers told when it does). */
async function join(id: Id, docs: WindowDoc[], alert: boolean): Promise<void> {
  const { doc, changed } = await mutateIncident(id, SYSTEM, (cur) => {
    const known = new Set(cur.messageIds);
    const added = docs.filter((d) => !known.has(d._id));
    if (!added.length) return null;
    const all = [...docs].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
    const tally = tallyOf(all);
    const severity = Math.max(cur.severity, severityOf(tally));
    return {
      set: {
        messageIds: [...cur.messageIds, ...added.map((d) => d._id)],
        senders: uniqueSenders(all),
        negatives: tally.negatives,
        highs: tally.highs,
        safety: tally.safety,
        escalation: [...new Set(all.flatMap((d) => d.escalation))],
        severity,
        lastAt: all[all.length - 1].sentAt,
      },
    };
  });
  if (alert && changed && doc.severity > (doc.alertedSeverity ?? 0)) await alertIncident(doc, 'rise');
}

/** On-duty agents (or every agent when nobody is marked on duty) and the managers, at once, with the evidence. */
async function alertIncident(incident: IncidentDoc, why: 'open' | 'rise'): Promise<void> {
  const agents = await activeMembers(incident.communityId, ['agent']);
  const onDuty = agents.filter((a) => a.onDuty);
  const recipients = [...(why === 'open' ? (onDuty.length ? onDuty : agents).map((a) => a.id) : []), ...(await activeMemberIds(incident.communityId, 'manager'))];
  const first = await SentimentMessage.findById(incident.messageIds[0], { text: 1, nickname: 1 }).lean();
  const topic = incident.topic === GENERAL_TOPIC ? '综合' : TOPIC_LABELS[incident.topic as SentimentTopic];
  for (const userId of new Map(recipients.map((r) => [String(r), r])).values()) {
    await enqueueOrLog(
      {
        communityId: incident.communityId,
        eventKey: `incident:${String(incident._id)}:severity:${incident.severity}`,
        recipientUserId: userId,
        templateKey: 'sentiment.alert',
        values: { group: incident.groupName, topic, level: SEVERITY_LABELS[incident.severity as Severity], time: now(), remark: first ? `${first.nickname}：${first.text}` : `${incident.negatives}条负面消息` },
        page: routes.staff.incident({ id: String(incident._id) }),
        urgent: true,
      },
      { incidentId: String(incident._id) },
    );
  }
  await mutateIncident(incident._id, SYSTEM, (cur) => ((cur.alertedSeverity ?? 0) >= incident.severity ? null : { set: { alertedSeverity: incident.severity } }));
}

export async function ingest(caller: Caller, input: { groupId: string; groupName?: string; messages: { messageId: string; sender: { id: string; nickname: string }; text: string; sentAt: string }[] }): Promise<IngestReport> {
  return ingestMessages(
    new ObjectId(caller.communityId),
    { id: input.groupId, ...(input.groupName ? { name: input.groupName } : {}) },
    input.messages.map((m) => ({ ...m, sentAt: new Date(m.sentAt) })),
    'api',
  );
}

/** Exported chat text: parsed (malformed lines reported by number), then ingested like a batch. */
export async function importChat(caller: Caller, input: { groupId?: string; groupName: string; content: string }): Promise<ImportReport> {
  const { messages, problems } = parseChatExport(input.content);
  const lines = input.content.split(/\r?\n/).length;
  const empty: IngestReport = { received: 0, inserted: 0, duplicates: 0, negative: 0, incidentsOpened: 0, incidentsJoined: 0 };
  const report = messages.length
    ? await ingestMessages(
        new ObjectId(caller.communityId),
        { id: input.groupId ?? groupIdOfName(input.groupName), name: input.groupName },
        messages.map((m) => ({ messageId: m.messageId, sender: { id: `nick:${m.nickname}`, nickname: m.nickname }, text: m.text, sentAt: m.sentAt })),
        'import',
      )
    : empty;
  return { ...report, lines, problems };
}
