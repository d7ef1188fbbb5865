import type { Paged } from '@shared/contracts/contract';
import type { GroupMessageView, GroupOverview, IncidentDetail, IncidentSummary } from '@shared/contracts/sentiment.contract';
import { addDays, dayStart, localDay, MINUTE_MS } from '@shared/domain/calendar';
import { fillScript } from '@shared/domain/knowledge';
import { lexiconVersionLabel } from '@shared/domain/sentiment-lexicon';
import { SENTIMENT_TOPICS, type EscalationGroup, type Evidence, type SentimentLevel, type SentimentTopic } from '@shared/domain/sentiment';
import {
  COMPLAINT_CATEGORY_OF,
  INCIDENT_MACHINE,
  repairDraftOf,
  RESPONSE_STEPS,
  type IncidentEvent,
  type IncidentStatus,
  type IncidentTopic,
  type Severity,
} from '@shared/domain/sentiment-incidents';
import { AppError } from '../../lib/app-error';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import type { JobScope } from '../../lib/job-scope';
import { paged } from '../../lib/paging';
import { Budget, runSliced } from '../../lib/slices';
import { actorOf } from '../../lib/revision';
import { transitionTo } from '../../lib/transition';
import type { Caller } from '../../lib/caller';
import { communityIdsIn, unitLabels } from '../community';
import { fromIncident } from '../complaints';
import { ownerOf, owners as ownersOf } from '../identity';
import { incidentReplyKey, scriptsFor } from '../knowledge';
import { create as createRepair, settingsOf as repairSettingsOf } from '../repairs';
import { mutateIncident } from './ingest.service';
import { OpenIncident, SenderLink, SentimentGroup, SentimentIncident, SentimentMessage, type IncidentDoc } from './sentiment.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;


interface KnownOwner {
  userId: string;
  name: string;
  phone: string;
  unitId?: string;
  unitLabel?: string;
}

/**
 * Which group members are owners: linked by an agent, or (failing that) the one owner of the
 * community whose name the nickname contains (e.g. 1-1502张伟 → 张伟). Ambiguous names stay unknown.
 */
async function knownOwners(communityId: Id, senders: { id: string; nickname: string }[]): Promise<Map<string, KnownOwner>> {
  const out = new Map<string, KnownOwner>();
  if (!senders.length) return out;
  const [links, owners] = await Promise.all([
    SenderLink.find({ _id: { $in: senders.map((s) => `${String(communityId)}:${s.id}`) } }).lean(),
    ownersOf({ communityId }),
  ]);
  const byId = new Map(owners.map((o) => [String(o.id), o]));
  const linked = new Map(links.map((l) => [l._id.slice(String(communityId).length + 1), l]));
  const unitIds = new Set<string>();
  for (const s of senders) {
    const link = linked.get(s.id);
    const owner = link ? byId.get(String(link.userId)) : undefined;
    const matches = owner ? [owner] : owners.filter((o) => o.name.length >= 2 && s.nickname.includes(o.name));
    if (matches.length !== 1) continue;
    const o = matches[0];
    const unitId = link?.unitId ? String(link.unitId) : o.unitIds[0] ? String(o.unitIds[0]) : undefined;
    if (unitId) unitIds.add(unitId);
    out.set(s.id, { userId: String(o.id), name: o.name, phone: o.phone, ...(unitId ? { unitId } : {}) });
  }
  if (unitIds.size) {
    const labels = await unitLabels([...unitIds].map((u) => new ObjectId(u)));
    for (const k of out.values()) if (k.unitId) k.unitLabel = labels.get(k.unitId);
  }
  return out;
}

export function summarize(i: IncidentDoc, preview: string): IncidentSummary {
  return {
    id: String(i._id),
    groupId: i.groupId,
    groupName: i.groupName,
    topic: i.topic as IncidentTopic,
    status: i.status as IncidentStatus,
    severity: i.severity as Severity,
    negatives: i.negatives ?? 0,
    highs: i.highs ?? 0,
    senders: (i.senders ?? []).length,
    escalation: (i.escalation ?? []) as EscalationGroup[],
    firstAt: i.firstAt.toISOString(),
    lastAt: i.lastAt.toISOString(),
    preview,
    ...(i.acknowledgedAt ? { acknowledgedAt: i.acknowledgedAt.toISOString(), minutesToAcknowledge: Math.round((i.acknowledgedAt.getTime() - i.createdAt.getTime()) / MINUTE_MS) } : {}),
    ...(i.resolvedAt ? { resolvedAt: i.resolvedAt.toISOString() } : {}),
  };
}

type StoredMessage = { _id: string; messageId: string; senderId: string; nickname: string; text?: string | null; sentAt: Date; negative: boolean; score: number; level: string; topics: string[]; evidence: unknown[]; lexicon?: { builtin?: string | null; overlay?: number | null } | null };

function messageView(m: StoredMessage, owner?: KnownOwner): GroupMessageView {
  return {
    messageId: m.messageId,
    senderId: m.senderId,
    nickname: m.nickname,
    text: m.text ?? '',
    sentAt: m.sentAt.toISOString(),
    negative: m.negative,
    score: m.score,
    level: m.level as SentimentLevel,
    topics: m.topics as SentimentTopic[],
    evidence: m.evidence as Evidence[],
    ...(m.lexicon?.builtin ? { lexicon: lexiconVersionLabel({ builtin: m.lexicon.builtin, overlay: m.lexicon.overlay ?? 0 }) } : {}),
    ...(owner ? { owner: { userId: owner.userId, name: owner.name, ...(owner.unitId ? { unitId: owner.unitId } : {}), ...(owner.unitLabel ? { unitLabel: owner.unitLabel } : {}) } } : {}),
  };
}

async function load(caller: Caller, id: string): Promise<IncidentDoc> {
  const i = (await SentimentIncident.findById(new ObjectId(id)).lean()) as IncidentDoc | null;
  if (!i || String(i.communityId) !== caller.communityId) throw new AppError('INCIDENT.NOT_FOUND');
  return i;
}

async function messagesOf(i: IncidentDoc): Promise<StoredMessage[]> {
  if (!i.messageIds.length) return [];
  const docs = (await SentimentMessage.find({ _id: { $in: i.messageIds } }).lean()) as StoredMessage[];
  return docs.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
}

async function detail(i: IncidentDoc): Promise<IncidentDetail> {
  const messages = await messagesOf(i);
  const owners = await knownOwners(i.communityId, [...new Map(messages.map((m) => [m.senderId, { id: m.senderId, nickname: m.nickname }])).values()]);
  const status = i.status as IncidentStatus;
  const firstName = messages[0]?.nickname ?? '业主';
  const settings = await repairSettingsOf(i.communityId);
  const firstOwner = messages.map((m) => owners.get(m.senderId)).find(Boolean);
  // The topic's group reply from the 话术 library (the community's edit of it, if any; knowledge module).
  const topic = i.topic as IncidentTopic;
  const replies = await scriptsFor(i.communityId, { context: 'incident', topic });
  const script = (replies.find((r) => r.starterKey === incidentReplyKey(topic)) ?? replies[0])?.text ?? '';
  return {
    repairDraft: repairDraftOf({ topic: i.topic as IncidentTopic, texts: messages.map((m) => m.text ?? ''), ...(firstOwner?.unitLabel ? { unitLabel: firstOwner.unitLabel } : {}), categories: settings.categories }),
    ...summarize(i, (messages[0]?.text ?? '').slice(0, 60)),
    messages: messages.map((m) => messageView(m, owners.get(m.senderId))),
    expiredMessages: i.messageIds.length - messages.length,
    script: fillScript(script, { 业主称呼: firstName }),
    steps: RESPONSE_STEPS,
    ...(i.acknowledgedBy ? { acknowledgedBy: i.acknowledgedBy } : {}),
    ...(i.resolveNote ? { resolveNote: i.resolveNote } : {}),
    conversions: (i.conversions ?? []).map((c) => ({ kind: c.kind as 'repair' | 'complaint', id: c.id ?? '', no: c.no ?? '' })),
    history: (i.history ?? []).map((h) => ({ at: h.at.toISOString(), event: h.event as IncidentEvent | 'open', ...(h.from ? { from: h.from as IncidentStatus } : {}), to: h.to as IncidentStatus, byName: h.byName, ...(h.note ? { note: h.note } : {}) })),
    actions: INCIDENT_MACHINE.allowed(status),
  };
}

export async function incidents(caller: Caller, input: { status: 'active' | IncidentStatus | 'all'; groupId?: string; page: number; pageSize: number }): Promise<Paged<IncidentSummary>> {
  const filter: Record<string, unknown> = { communityId: new ObjectId(caller.communityId) };
  if (input.status === 'active') filter.status = { $in: ['open', 'acknowledged'] };
  else if (input.status !== 'all') filter.status = input.status;
  if (input.groupId) filter.groupId = input.groupId;
  // Open first, then by severity, the latest activity first: the stored state rank (incidentListKeys
  // in sentiment.model.ts) and stored fields, paged in the database.
  return paged({ model: SentimentIncident, filter, sort: { listRank: 1, severity: -1, lastAt: -1, _id: -1 }, projection: { history: 0 } }, input, async (page: IncidentDoc[]) => {
    const firsts = await SentimentMessage.find({ _id: { $in: page.map((i) => i.messageIds[0]).filter(Boolean) } }, { text: 1 }).lean();
    const text = new Map(firsts.map((m) => [m._id, m.text ?? '']));
    return page.map((i) => summarize(i, (text.get(i.messageIds[0]) ?? '').slice(0, 60)));
  });
}

export async function incident(caller: Caller, id: string): Promise<IncidentDetail> {
  return detail(await load(caller, id));
}

/** An agent has seen it and is responding (time-to-acknowledge is measured from when it was noticed). */
export async function acknowledge(caller: Caller, input: { incidentId: string; note?: string }): Promise<IncidentDetail> {
  await load(caller, input.incidentId);
  const { doc } = await mutateIncident(input.incidentId, actorOf(caller), (cur) => {
    const to = transitionTo(INCIDENT_MACHINE, cur.status, 'acknowledge');
    return { event: 'acknowledge', to, ...(input.note ? { note: input.note } : {}), set: { acknowledgedAt: now(), acknowledgedBy: caller.name } };
  });
  return detail(doc);
}

export async function resolve(caller: Caller, input: { incidentId: string; note: string }): Promise<IncidentDetail> {
  await load(caller, input.incidentId);
  const { doc } = await mutateIncident(input.incidentId, actorOf(caller), (cur) => {
    const to = transitionTo(INCIDENT_MACHINE, cur.status, 'resolve');
    const at = now();
    return { event: 'resolve', to, note: input.note, set: { resolvedAt: at, resolveNote: input.note, ...(cur.acknowledgedAt ? {} : { acknowledgedAt: at, acknowledgedBy: caller.name }) } };
  });
  // Later messages on this topic start a new incident.
  await OpenIncident.deleteOne({ _id: `${String(doc.communityId)}:${doc.groupId}:${doc.topic}`, incidentId: doc._id });
  return detail(doc);
}

/** A group message's words in an owner-facing text: the owner would read his own chat quoted back. */
function quotes(description: string, messages: StoredMessage[]): boolean {
  const flat = (t: string) => t.replace(/\s+/g, '');
  const d = flat(description);
  return messages.some((m) => {
    const t = flat(m.text ?? '');
    return t.length >= 6 && (d.includes(t) || (t.length > 12 && d.includes(t.slice(0, 12))));
  });
}

/**
 * A repair or a complaint from the form the agent edited (pre-filled from `repairDraft` and the
 * speaker): a known owner's unit and phone fill what the agent left out. The owner-facing
 * description is neutral — never the group chat quote. Linked both ways, once per kind.
 */
export async function convert(
  caller: Caller,
  input: {
    incidentId: string;
    to: 'repair' | 'complaint';
    messageId?: string;
    unitId?: string;
    contactName?: string;
    contactPhone?: string;
    area?: 'home' | 'common';
    place?: string;
    category?: string;
    description?: string;
  },
): Promise<IncidentDetail> {
  const i = await load(caller, input.incidentId);
  transitionTo(INCIDENT_MACHINE, i.status, 'convert');
  const messages = await messagesOf(i);
  const message = (input.messageId ? messages.find((m) => m.messageId === input.messageId) : undefined) ?? messages.find((m) => m.level === 'high') ?? messages[0];
  if (!message) throw new AppError('INCIDENT.NOT_FOUND', '事件的消息已过保留期');
  const owner = (await knownOwners(i.communityId, [{ id: message.senderId, nickname: message.nickname }])).get(message.senderId);
  const settings = await repairSettingsOf(new ObjectId(caller.communityId));
  const draft = repairDraftOf({ topic: i.topic as IncidentTopic, texts: messages.map((m) => m.text ?? ''), ...(owner?.unitLabel ? { unitLabel: owner.unitLabel } : {}), categories: settings.categories });
  const area = input.to === 'repair' ? (input.area ?? draft.area) : 'home';
  const place = (input.place ?? draft.place).trim();
  const unitId = input.unitId ?? owner?.unitId;
  const contactName = input.contactName ?? owner?.name;
  const contactPhone = input.contactPhone ?? owner?.phone;
  // A common-area repair needs no unit; an in-home repair and a complaint do.
  const missing = [...(!unitId && area === 'home' ? ['unitId'] : []), ...(!contactName ? ['contactName'] : []), ...(!contactPhone ? ['contactPhone'] : [])];
  if (missing.length) throw new AppError('INCIDENT.OWNER_UNKNOWN', undefined, { missing, nickname: message.nickname });
  if (area === 'common' && !place) throw new AppError('VALIDATION', '请填写报修位置，如 1栋电梯', { issues: [{ path: 'place', message: '请填写报修位置，如 1栋电梯' }] });
  const description = input.description ?? (input.to === 'repair' ? draft.description : `业主反映${draft.place || '小区'}相关问题，请跟进处理并回复业主。`);
  if (quotes(description, messages)) {
    throw new AppError('VALIDATION', '工单描述会展示给业主，请用中性的话描述问题，不要引用业主群原话', { issues: [{ path: 'description', message: '请不要引用业主群原话' }] });
  }
  const existing = (i.conversions ?? []).find((c) => c.kind === input.to);
  if (existing) return detail(i);
  let made: { id: string; no: string };
  if (input.to === 'repair') {
    const category = input.category ?? draft.category ?? settings.categories[settings.categories.length - 1];
    const repair = await createRepair(caller, {
      requestId: `incident-${String(i._id)}-repair`,
      area,
      ...(unitId ? { unitId } : {}),
      ...(area === 'common' ? { place } : {}),
      category,
      description,
      photoIds: [],
      contactName,
      contactPhone,
      channel: 'sentiment',
    });
    made = { id: repair.id, no: repair.orderNo };
  } else {
    const complaint = await fromIncident(caller, {
      incidentId: String(i._id),
      category: COMPLAINT_CATEGORY_OF[i.topic as IncidentTopic],
      description,
      unitId: new ObjectId(unitId!),
      ...(owner ? { ownerId: new ObjectId(owner.userId) } : {}),
      contactName: contactName!,
      contactPhone: contactPhone!,
      urgent: i.severity >= 3,
    });
    made = { id: complaint.id, no: complaint.caseNo };
  }
  const { doc } = await mutateIncident(i._id, actorOf(caller), (cur) => {
    if ((cur.conversions ?? []).some((c) => c.kind === input.to)) return null;
    const at = now();
    // The repair or complaint exists now: the link is recorded even if the incident was resolved meanwhile.
    const to = INCIDENT_MACHINE.next(cur.status as IncidentStatus, 'convert');
    return {
      event: 'convert',
      ...(to ? { to } : {}),
      note: `转为${input.to === 'repair' ? '报修' : '投诉'} ${made.no}`,
      set: { conversions: [...(cur.conversions ?? []), { kind: input.to, ...made }], ...(cur.acknowledgedAt ? {} : { acknowledgedAt: at, acknowledgedBy: caller.name }) },
    };
  });
  return detail(doc);
}

/** An agent tells which owner a group member is. */
export async function linkSender(caller: Caller, input: { senderId: string; userId: string; unitId?: string }): Promise<{ senderId: string; userId: string; name: string }> {
  const owner = await ownerOf(caller.communityId, input.userId);
  if (!owner) throw new AppError('RESIDENT.NOT_FOUND', '该业主不存在');
  await SenderLink.updateOne({ _id: `${caller.communityId}:${input.senderId}` }, { $set: { userId: owner.id, name: owner.name, ...(input.unitId ? { unitId: new ObjectId(input.unitId) } : {}) } }, { upsert: true });
  return { senderId: input.senderId, userId: String(owner.id), name: owner.name };
}

/** At most this many groups in the overview (a community watches a handful; the cap keeps the reply bounded). */
export const GROUPS_LIMIT = 100;

type DayCount = { _id: { g: string; d?: string | null; n: boolean }; c: number };
type TopicCount = { _id: { g: string; t?: string[] | null }; c: number };

/**
 * Each group: messages and negative share per day over the last 14 days, top topics, open incidents.
 * Counted in the database (issue 25: never a community's messages in memory): one `$group` per
 * (group, local day, negative), one per (group, combination of topics) of the negative messages —
 * FerretDB v1.24 has no `$dateToString`/`$cond`, and its `$unwind` drops the other fields, so the
 * local day is stored on each message (`day`, sentiment.model.ts) and the topic combinations are
 * split here — and one per group of the open incidents: short replies whatever the number of
 * messages. A message without `day` (written before it existed and not yet backfilled by the
 * deploy's createIndexes) counts in the totals only.
 */
export async function groups(caller: Caller): Promise<GroupOverview[]> {
  const communityId = new ObjectId(caller.communityId);
  const today = localDay(now());
  const first = addDays(today, -13);
  const since = dayStart(first);
  const [list, byDay, byTopics, open] = await Promise.all([
    SentimentGroup.find({ communityId }, { groupId: 1, name: 1 }).sort({ _id: 1 }).limit(GROUPS_LIMIT).lean(),
    SentimentMessage.aggregate<DayCount>([{ $match: { communityId, sentAt: { $gte: since } } }, { $group: { _id: { g: '$groupId', d: '$day', n: '$negative' }, c: { $sum: 1 } } }]),
    SentimentMessage.aggregate<TopicCount>([{ $match: { communityId, negative: true, sentAt: { $gte: since } } }, { $group: { _id: { g: '$groupId', t: '$topics' }, c: { $sum: 1 } } }]),
    SentimentIncident.aggregate<{ _id: string; c: number }>([{ $match: { communityId, status: { $in: ['open', 'acknowledged'] } } }, { $group: { _id: '$groupId', c: { $sum: 1 } } }]),
  ]);
  const days = Array.from({ length: 14 }, (_, k) => addDays(first, k));
  const openOf = new Map(open.map((o) => [o._id, o.c]));
  return list
    .map((g) => {
      const mine = byDay.filter((x) => x._id.g === g.groupId);
      const topicCount = new Map<SentimentTopic, number>();
      for (const x of byTopics) if (x._id.g === g.groupId) for (const t of x._id.t ?? []) topicCount.set(t as SentimentTopic, (topicCount.get(t as SentimentTopic) ?? 0) + x.c);
      const sum = (xs: DayCount[]) => xs.reduce((s, x) => s + x.c, 0);
      return {
        groupId: g.groupId,
        name: g.name,
        messages: sum(mine),
        negative: sum(mine.filter((x) => x._id.n)),
        days: days.map((day) => {
          const of = mine.filter((x) => x._id.d === day);
          const all = sum(of);
          const neg = sum(of.filter((x) => x._id.n));
          return { day, messages: all, negative: neg, share: all ? neg / all : null };
        }),
        topTopics: SENTIMENT_TOPICS.filter((t) => topicCount.has(t))
          .map((topic) => ({ topic, count: topicCount.get(topic)! }))
          .sort((a, b) => b.count - a.count)
          .slice(0, 5),
        openIncidents: openOf.get(g.groupId) ?? 0,
      };
    })
    .sort((a, b) => b.openIncidents - a.openIncidents || b.negative - a.negative);
}

export async function messages(caller: Caller, input: { groupId: string; negativeOnly: boolean; page: number; pageSize: number }): Promise<Paged<GroupMessageView>> {
  const filter: Record<string, unknown> = { communityId: new ObjectId(caller.communityId), groupId: input.groupId };
  if (input.negativeOnly) filter.negative = true;
  return paged({ model: SentimentMessage, filter, sort: { sentAt: -1, _id: -1 } }, input, async (docs: StoredMessage[]) => {
    const owners = await knownOwners(new ObjectId(caller.communityId), [...new Map(docs.map((m) => [m.senderId, { id: m.senderId, nickname: m.nickname }])).values()]);
    return docs.map((m) => messageView(m, owners.get(m.senderId)));
  });
}

/** Messages past their retention deleted per batch of the cleanup (lib/slices.ts budget counts each). */
const CLEANUP_BATCH = 500;

/**
 * The retention (job sentimentCleanup): raw group messages past their expiry are deleted (FerretDB
 * has no TTL indexes); every community's (the timer), or only a manager's own communities' (`scope`,
 * a manual run). At most the run's budget of messages per invocation; `more`: the next goes on.
 */

export async function cleanupMessages(run: { scope?: JobScope; signal?: AbortSignal; budget?: Budget } = {}): Promise<{ deleted: number; more: boolean }> {
  const at = now();
  const budget = run.budget ?? Budget.of({ signal: run.signal });
  let deleted = 0;
  // Per community (a lease each: two workers share the communities), in bounded batches: the expired
  // messages found by (community, expiry) and deleted by id. Resumable without a cursor: a deleted
  // message matches no more; deleting one twice deletes nothing.
  const report = await runSliced('sentimentCleanup', { communityIds: await communityIdsIn(run.scope), budget }, async (communityId, slice) => {
    while (!slice.budget.spent) {
      const limit = Math.min(CLEANUP_BATCH, slice.budget.itemsLeft);
      const ids = (await SentimentMessage.find({ communityId: new ObjectId(communityId), expiresAt: { $lte: at } }, { _id: 1 }).limit(limit).lean()).map((m) => m._id);
      const n = ids.length ? ((await SentimentMessage.deleteMany({ _id: { $in: ids } })).deletedCount ?? 0) : 0;
      slice.budget.spend(ids.length);
      deleted += n;
      if (ids.length < limit) return 'done';
    }
    return 'more';
  });
  return { deleted, more: report.more };
}

/** Incidents not yet resolved (open or acknowledged), the 紧急 ones (severity 4) first, the latest activity first. */
export async function activeIncidents(communityId: string): Promise<IncidentSummary[]> {
  const docs = (await SentimentIncident.find({ communityId: new ObjectId(communityId), status: { $in: ['open', 'acknowledged'] } }, { history: 0 }).lean()) as IncidentDoc[];
  const firsts = await SentimentMessage.find({ _id: { $in: docs.map((i) => i.messageIds[0]).filter(Boolean) } }, { text: 1 }).lean();
  const text = new Map(firsts.map((m) => [m._id, m.text ?? '']));
  return docs.map((i) => summarize(i, (text.get(i.messageIds[0]) ?? '').slice(0, 60))).sort((a, b) => b.severity - a.severity || Date.parse(b.lastAt) - Date.parse(a.lastAt));
}
