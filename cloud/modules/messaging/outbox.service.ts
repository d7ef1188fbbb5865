import type { MessageView, OutboxItem } from '@shared/contracts/messaging.contract';
import type { Paged } from '@shared/contracts/contract';
import type { Channel, OutboxStatus } from '@shared/domain/messaging';
import type { PageLink } from '@shared/routes';
import { now } from '../../lib/clock';
import { getConfig } from '../../lib/config';
import { logger } from '../../lib/logger';
import { paged } from '../../lib/paging';
import { mongoose } from '../../lib/db';
import { buildMessage, templateByKey, type BuiltMessage, type FieldValue } from '../../lib/wechat/templates';
import { Claim } from '../../lib/claim';
import { insertIgnoringDuplicates } from '../../lib/bulk';
import type { Caller } from '../../lib/caller';
import { contactsOf, wechatIdsOf, type Contact } from '../identity';
import { toCallTasks } from './call-task.service';
import { lastResortFor, PLAIN_REASONS } from './call-policy';
import { messagingHooks } from './messaging.hooks';
import { linesOf, OutboxAttempt, OutboxMessage, OutboxQueue, packLines, packRecipient, recipientOf, SubscribeCredit, type MessageRecipient } from './messaging.model';
import { notBeforeFor } from './quiet-hours';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/** What the features (repairs, fees, notices, …) call to send a message to a person. */
export interface EnqueueInput {
  communityId: string | Id;
  /** The business event, unique per message to one person: e.g. `repair:<id>:status:<n>`. */
  eventKey: string;
  recipientUserId: string | Id;
  templateKey: string;
  /** Our field names → raw values (amount in 分, time as Date); validated and formatted by the template registry. */
  values: Record<string, FieldValue | null | undefined>;
  /** The page the message opens: a link from the route registry (`routes.owner.repair({ id })`). */
  page?: PageLink;
  /** Urgent messages ignore quiet hours. */
  urgent?: boolean;
  /** Not to be sent before this (e.g. a scheduled notice, or a throttled push); quiet hours still apply after it. */
  notBefore?: Date;
  /**
   * When WeChat cannot reach the person. Decided per template (call-policy.ts): a call task only for
   * a call-worthy owner template (紧急通知), otherwise the message stays in 我的消息 only; `none`
   * downgrades a call-worthy one.
   */
  lastResort?: 'call' | 'none';
  /**
   * The recipient's name and phone (and first unit's label, if they have a unit) as the sender read
   * them in this same request: their user and unit are then not read again (their WeChat ids still are).
   */
  recipient?: RecipientContact;
}

/** A recipient's contact as a sender read it in the same request (EnqueueInput.recipient; issue 25, helper D). */
export interface RecipientContact {
  name: string;
  phone: string;
  unitLabel?: string;
}

export interface Enqueued {
  id: string;
  channel: Channel;
  /** False when the same (event, recipient, channel) was already enqueued: nothing new was written. */
  created: boolean;
  /** WeChat cannot reach the person and the message is not worth a call: it is in 我的消息 only (channel `inbox`). */
  skipped?: boolean;
}

/**
 * Recipients' names, phones, first unit and WeChat openids, in few queries. `known`: those the
 * sender already read (EnqueueInput.recipient): only their WeChat ids are read (one query).
 */
async function recipients(userIds: Id[], known: ReadonlyMap<string, RecipientContact> = new Map()): Promise<Map<string, MessageRecipient>> {
  const { appId, oa } = getConfig().wechat;
  const unknown = userIds.filter((id) => !known.has(String(id)));
  const contacts = unknown.length ? await contactsOf(unknown) : new Map<string, Contact>();
  const unitIds = [...contacts.values()].flatMap((c) => (c.unitId ? [c.unitId] : []));
  const unitLabel = unitIds.length ? await messagingHooks.unitLabels.run(unitIds) : new Map<string, string>();
  const knownIds = userIds.filter((id) => known.has(String(id)));
  const wechatIds = knownIds.length ? await wechatIdsOf(knownIds) : new Map<string, { appId: string; openid: string }[]>();
  const out = new Map<string, MessageRecipient>();
  const add = (id: string, who: RecipientContact, openids: { appId: string; openid: string }[]) => {
    const openid = openids.find((i) => i.appId === appId)?.openid;
    const oaOpenid = openids.find((i) => i.appId === oa.appId)?.openid;
    out.set(id, { name: who.name, phone: who.phone, ...(who.unitLabel ? { unitLabel: who.unitLabel } : {}), ...(openid ? { openid } : {}), ...(oaOpenid ? { oaOpenid } : {}) });
  };
  for (const c of contacts.values()) {
    const label = c.unitId ? unitLabel.get(String(c.unitId)) : undefined;
    add(String(c.id), { name: c.name, phone: c.phone, ...(label ? { unitLabel: label } : {}) }, c.openids);
  }
  for (const [id, openids] of wechatIds) add(id, known.get(id)!, openids);
  return out;
}

/**
 * Which of these people a message of this template would reach in WeChat right now: a subscribe
 * credit left for it (their mini-program openid), or the official account they follow — the first
 * two channels of the chain, read in four queries (credits and their spend claims by `_id`).
 */
export async function reachableInWechat(userIds: readonly (Id | string)[], templateKey: string): Promise<Set<string>> {
  const template = templateByKey(templateKey);
  const who = await recipients(userIds.map((id) => new ObjectId(String(id))));
  const out = new Set<string>();
  const byOpenid = new Map<string, string>();
  for (const [id, r] of who) {
    if (r.oaOpenid) out.add(id);
    else if (r.openid) byOpenid.set(r.openid, id);
  }
  if (!template || !byOpenid.size) return out;
  const credits = await SubscribeCredit.find({ templateId: template.templateId, openid: { $in: [...byOpenid.keys()] } }, { _id: 1, openid: 1 }).lean();
  const spent = credits.length ? await Claim.find({ _id: { $in: credits.map((c) => `spend:${String(c._id)}`) } }, { _id: 1 }).lean() : [];
  const gone = new Set(spent.map((c) => String(c._id)));
  for (const c of credits) if (!gone.has(`spend:${String(c._id)}`)) out.add(byOpenid.get(String(c.openid))!);
  return out;
}

/** The first channel that can reach the person: subscribe (mini-program openid) → OA → a call (or 我的消息 only: call-policy.ts). */
export function firstChannel(r: MessageRecipient, after?: Channel): Channel {
  if (!after && r.openid) return 'subscribe';
  if (after !== 'oa' && r.oaOpenid) return 'oa';
  return 'call';
}

interface NewMessage {
  msg: Record<string, unknown> & { _id: Id };
  queue?: Record<string, unknown>;
}

/** The documents of one message on one channel (its queue entry unless it is a call). */
export function messageDocs(
  base: { communityId: Id; eventKey: string; recipientId: Id; templateKey: string; urgent: boolean; recipient: MessageRecipient; previousId?: Id; notBefore?: Date; lastResort?: 'call' | 'none' },
  built: Pick<BuiltMessage, 'title' | 'lines'> & Partial<Pick<BuiltMessage, 'subscribe' | 'oa'>> & { page?: string },
  channel: Channel,
  at: Date,
): NewMessage {
  const _id = new ObjectId();
  const page = built.page ?? built.subscribe?.page ?? built.oa?.pagepath;
  const msg = {
    _id,
    communityId: base.communityId,
    eventKey: base.eventKey,
    recipientId: base.recipientId,
    channel,
    templateKey: base.templateKey,
    title: built.title,
    lines: packLines(built.lines),
    ...(page ? { page } : {}),
    // The official-account payload only while that channel is still ahead (its fallback); a channel's
    // own payload travels in its queue entry. Fewer values per message: on FerretDB each value of a
    // document costs at every insert and scan (a reminder's message was 40 values, now 11). So what
    // is the usual case is not written: `urgent` only when true, `lastResort` only when the sender
    // downgraded a call-worthy template (call-policy.ts decides the rest from the template).
    ...(channel === 'subscribe' && base.recipient.oaOpenid && built.oa ? { oa: built.oa } : {}),
    ...(base.urgent ? { urgent: true } : {}),
    recipient: packRecipient(base.recipient),
    ...(base.previousId ? { previousId: base.previousId } : {}),
    ...(base.lastResort === 'none' && lastResortFor(base.templateKey) === 'call' ? { lastResort: 'none' } : {}),
    createdAt: at,
  };
  const sendFrom = base.notBefore && base.notBefore > at ? base.notBefore : at;
  if (base.notBefore) Object.assign(msg, { notBefore: notBeforeFor(sendFrom, getConfig().outbox.quietHours, base.urgent) });
  if (channel === 'call' || channel === 'inbox') return { msg };
  const wire = channel === 'subscribe' ? built.subscribe : built.oa;
  if (!wire) throw new Error(`message ${base.eventKey}: no ${channel} payload`);
  const payload = { touser: channel === 'subscribe' ? base.recipient.openid : base.recipient.oaOpenid, templateId: wire.templateId, page: 'page' in wire ? wire.page : wire.pagepath, data: wire.data };
  const queue = {
    _id,
    communityId: base.communityId,
    channel,
    notBefore: notBeforeFor(sendFrom, getConfig().outbox.quietHours, base.urgent),
    urgent: base.urgent,
    seq: 1,
    ...payload,
    createdAt: at,
  };
  return { msg, queue };
}

/** The documents of messages to queue: each on its recipient's first reachable channel (the in-app inbox for what is not worth a call). */
function messageDocsFor(items: readonly EnqueueInput[], built: ReturnType<typeof buildMessage>[], who: ReadonlyMap<string, KnownRecipient>, at: Date): NewMessage[] {
  return items.map((item, k) => {
    const recipient = who.get(String(item.recipientUserId)) ?? { name: '未知用户', phone: '' };
    const lastResort = lastResortFor(item.templateKey, item.lastResort);
    const reachable = firstChannel(recipient);
    // Not worth a phone call (a staff alert, routine news): it stays in the person's 我的消息.
    const channel: Channel = reachable === 'call' && lastResort === 'none' ? 'inbox' : reachable;
    return messageDocs(
      {
        communityId: new ObjectId(String(item.communityId)),
        eventKey: item.eventKey,
        recipientId: new ObjectId(String(item.recipientUserId)),
        templateKey: item.templateKey,
        urgent: Boolean(item.urgent),
        recipient,
        ...(item.notBefore ? { notBefore: item.notBefore } : {}),
        lastResort,
      },
      built[k],
      channel,
      at,
    );
  });
}

/**
 * Enqueue messages (idempotent per event, recipient and channel). Validates and formats the values
 * first (TemplateValueError before anything is written). The queue entry is written before the
 * message: a crash in between leaves an entry without a message, which the job drops — never a
 * message that is not delivered.
 */
export async function enqueueMany(items: EnqueueInput[]): Promise<Enqueued[]> {
  const built = items.map((i) => buildMessage(i.templateKey, i.values, i.page));
  const known = new Map(items.flatMap((i) => (i.recipient ? [[String(i.recipientUserId), i.recipient] as const] : [])));
  const who = await recipients(items.map((i) => new ObjectId(String(i.recipientUserId))), known);
  const at = now();
  const docs = messageDocsFor(items, built, who, at);
  const { call, created } = await insertMessages(docs);
  // A person WeChat cannot reach at all: straight to a staff member's call list (call-worthy messages
  // only). A message for 我的消息 only (channel `inbox`) is complete as written: its status is its channel's.
  if (call.length) await toCallTasks(call.map((d) => ({ message: d.msg, reason: PLAIN_REASONS.noWechat })));
  return docs.map((d, k) => ({
    id: String(created[k] ?? d.msg._id),
    channel: d.msg.channel as Channel,
    created: created[k] === undefined,
    ...(d.msg.channel === 'inbox' ? { skipped: true } : {}),
  }));
}

/**
 * Insert messages and their queue entries; returns the calls among the new ones and, for each
 * duplicate, the id of the message already there.
 */
export async function insertMessages(docs: NewMessage[]): Promise<{ call: NewMessage[]; created: (Id | undefined)[] }> {
  const queued = docs.filter((d) => d.queue);
  await insertIgnoringDuplicates(OutboxQueue.collection, queued.map((d) => d.queue!));
  const dupIdx = await insertIgnoringDuplicates(OutboxMessage.collection, docs.map((d) => d.msg));
  const created: (Id | undefined)[] = docs.map(() => undefined);
  if (dupIdx.size) {
    const dups = [...dupIdx].map((i) => docs[i]);
    // Our queue entries for messages that existed already must go (the existing message has its own).
    await OutboxQueue.collection.deleteMany({ _id: { $in: dups.map((d) => d.msg._id) } });
    for (const i of dupIdx) {
      const d = docs[i].msg;
      const existing = await OutboxMessage.findOne({ eventKey: d.eventKey, recipientId: d.recipientId, channel: d.channel }, { _id: 1 }).lean();
      created[i] = existing?._id as Id | undefined;
    }
  }
  return { call: docs.filter((d, i) => !dupIdx.has(i) && d.msg.channel === 'call'), created };
}

export async function enqueue(input: EnqueueInput): Promise<Enqueued> {
  return (await enqueueMany([input]))[0];
}

/**
 * Queue news about a change already written (a repair's progress, a complaint's reply): tried three
 * times, then logged. A failure never undoes the change; its history and the boards still show it,
 * and the message is keyed, so a retried request does not send it twice.
 */
export async function enqueueOrLog(input: EnqueueInput, context: Record<string, string>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await enqueue(input);
      return;
    } catch (err) {
      if (attempt >= 3) {
        logger.error('message not queued', { ...context, eventKey: input.eventKey, err: (err as Error).message });
        return;
      }
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

/**
 * Cancel what is not sent yet of one event (e.g. a withdrawn notice): queue entries are removed
 * and an attempt marks each message cancelled. A send a delivery run had already claimed may still
 * go out. Returns how many were cancelled.
 */
export async function cancelUnsent(eventKey: string): Promise<number> {
  const msgs = await OutboxMessage.find({ eventKey }, { _id: 1, communityId: 1, channel: 1 }).lean();
  if (!msgs.length) return 0;
  const queued = await OutboxQueue.find(msgs.length === 1 ? { _id: msgs[0]._id } : { _id: { $in: msgs.map((m) => m._id) } }, { _id: 1, seq: 1 }).lean();
  if (!queued.length) return 0;
  const byId = new Map(msgs.map((m) => [String(m._id), m]));
  await insertIgnoringDuplicates(
    OutboxAttempt.collection,
    queued.map((q) => {
      const m = byId.get(String(q._id))!;
      return { _id: `${String(q._id)}:${q.seq ?? 1}`, outboxId: q._id, communityId: m.communityId, n: q.seq ?? 1, at: now(), channel: m.channel, ok: false, errmsg: '已撤回，不再发送', final: 'cancelled' };
    }),
  );
  await OutboxQueue.collection.deleteMany({ _id: { $in: queued.map((q) => q._id) } });
  return queued.length;
}

/**
 * Status and attempts of messages, from their attempt documents and queue entries. A message for
 * 我的消息 only (channel `inbox`) has no attempt (older ones kept one that said so): its status is `inbox`.
 */
async function statusOf(msgs: { _id: Id; channel: string }[]): Promise<Map<string, { status: OutboxStatus; attempts: { at: Date; channel: Channel; ok: boolean; errcode?: number; errmsg?: string; final?: string }[]; sentAt?: Date; lastError?: string; notBefore?: Date }>> {
  const out = new Map();
  if (!msgs.length) return out;
  const ids = msgs.map((m) => m._id);
  const attempts = await OutboxAttempt.find({ outboxId: { $in: ids } }).sort({ n: 1 }).lean();
  const queued = await OutboxQueue.find({ _id: { $in: ids } }, { notBefore: 1 }).lean();
  const notBefore = new Map(queued.map((q) => [String(q._id), q.notBefore]));
  for (const { _id: id, channel } of msgs) {
    const mine = attempts.filter((a) => String(a.outboxId) === String(id));
    const final = channel === 'inbox' ? undefined : mine.find((a) => a.final);
    const failedOnes = mine.filter((a) => !a.ok);
    const last = failedOnes[failedOnes.length - 1];
    out.set(String(id), {
      status: channel === 'inbox' ? 'inbox' : ((final?.final as OutboxStatus | undefined) ?? 'queued'),
      attempts: mine.map((a) => ({ at: a.at, channel: a.channel as Channel, ok: a.ok, ...(a.errcode !== undefined ? { errcode: a.errcode } : {}), ...(a.errmsg ? { errmsg: a.errmsg } : {}) })),
      ...(final?.final === 'sent' ? { sentAt: final.at } : {}),
      ...(last ? { lastError: `${last.errcode ?? ''} ${last.errmsg ?? ''}`.trim() } : {}),
      ...(notBefore.get(String(id)) ? { notBefore: notBefore.get(String(id)) } : {}),
    });
  }
  return out;
}

type MessageDoc = { _id: Id; eventKey: string; recipient: unknown; title: string; lines?: unknown; channel: string; createdAt: Date };
type Status = NonNullable<ReturnType<Awaited<ReturnType<typeof statusOf>>['get']>>;

/** Messages with their status (one read of their attempts and queue entries), as `view` shows them. */
async function withStatus<T>(docs: MessageDoc[], view: (d: MessageDoc, s: Status) => T): Promise<T[]> {
  const status = await statusOf(docs);
  return docs.map((d) => view(d, status.get(String(d._id))!));
}

/** What every view of a message shows. */
const basics = (d: MessageDoc, s: Status) => ({
  id: String(d._id),
  title: d.title,
  channel: d.channel as Channel,
  status: s.status,
  attempts: s.attempts.length,
  createdAt: d.createdAt.toISOString(),
  ...(s.sentAt ? { sentAt: s.sentAt.toISOString() } : {}),
});

type EventDoc = MessageDoc & { previousId?: Id; page?: string | null; subscribe?: { page?: string } | null };

/**
 * The person's own messages, one per event, newest first. An event that fell back from one channel
 * to the next (subscribe → official account, or kept in 我的消息) is several messages; it is listed
 * once — by its first message, which carries no `previousId` — with the status of the last one and
 * every attempt of all of them, and `link`, the page the message opens (the route registry's form).
 */
export async function myMessages(caller: Caller, input: { page: number; pageSize: number }): Promise<Paged<MessageView>> {
  const recipientId = new ObjectId(caller.userId);
  return paged({ model: OutboxMessage, filter: { recipientId, previousId: { $exists: false } }, sort: { createdAt: -1, _id: -1 } }, input, async (firsts: EventDoc[]) => {
    // A first message per (event, channel) is unique; two first messages of one event (a re-enqueue
    // after the person's WeChat changed) still make one card.
    const seen = new Set<string>();
    const events = firsts.filter((d) => !seen.has(d.eventKey) && Boolean(seen.add(d.eventKey)));
    const chain = events.length
      ? ((await OutboxMessage.find({ recipientId, eventKey: events.length === 1 ? events[0].eventKey : { $in: events.map((d) => d.eventKey) } }).sort({ createdAt: 1, _id: 1 }).lean()) as EventDoc[])
      : [];
    const status = await statusOf(chain);
    return events.map((d): MessageView => {
      const mine = chain.filter((m) => m.eventKey === d.eventKey);
      const last = mine[mine.length - 1] ?? d;
      const s = status.get(String(last._id)) ?? { status: 'queued' as OutboxStatus, attempts: [] };
      const attempts = mine.flatMap((m) => status.get(String(m._id))?.attempts ?? []);
      const sentAt = mine.map((m) => status.get(String(m._id))?.sentAt).find(Boolean);
      // `subscribe.page`: messages written before the link had its own field.
      const link = d.page ?? d.subscribe?.page;
      return {
        id: String(d._id),
        title: d.title,
        channel: last.channel as Channel,
        status: s.status,
        attempts: attempts.length,
        createdAt: d.createdAt.toISOString(),
        ...(sentAt ? { sentAt: sentAt.toISOString() } : {}),
        ...(link ? { link } : {}),
        lines: linesOf(d.lines),
        history: attempts.map((a) => ({ at: a.at.toISOString(), channel: a.channel, ok: a.ok, ...(a.ok ? {} : { error: `${a.errcode ?? ''} ${a.errmsg ?? ''}`.trim() }) })),
      };
    });
  });
}

/**
 * Manager: the community's outgoing messages, newest first, optionally by status. A status lives in
 * the message's queue entry (queued, sending), its final attempt (sent, failed, …) or its channel
 * (inbox: 我的消息 only): those are paged in the database (queue entries and messages newest first,
 * attempts latest first), then their messages read.
 */
export async function outboxList(caller: Caller, input: { status?: OutboxStatus; page: number; pageSize: number }): Promise<Paged<OutboxItem>> {
  const communityId = new ObjectId(caller.communityId);
  if (!input.status) return paged({ model: OutboxMessage, filter: { communityId }, sort: { createdAt: -1, _id: -1 } }, input, outboxItems);
  const messagesOf = async (ids: Id[]) => {
    const found = ids.length ? ((await OutboxMessage.find({ _id: { $in: ids }, communityId }).lean()) as MessageDoc[]) : [];
    const byId = new Map(found.map((d) => [String(d._id), d]));
    return outboxItems(ids.map((id) => byId.get(String(id))).filter((d): d is MessageDoc => Boolean(d)));
  };
  if (input.status === 'queued' || input.status === 'sending') {
    return paged({ model: OutboxQueue, filter: { communityId }, sort: { createdAt: -1, _id: -1 }, projection: { _id: 1 } }, input, (q: { _id: Id }[]) => messagesOf(q.map((x) => x._id)));
  }
  if (input.status === 'inbox') return paged({ model: OutboxMessage, filter: { communityId, channel: 'inbox' }, sort: { createdAt: -1, _id: -1 } }, input, outboxItems);
  // Messages for 我的消息 written before they had their own status kept an attempt `sent` on channel inbox.
  const legacy = input.status === 'sent' ? { channel: { $ne: 'inbox' } } : {};
  return paged({ model: OutboxAttempt, filter: { communityId, final: input.status, ...legacy }, sort: { at: -1, _id: -1 }, projection: { outboxId: 1 } }, input, (a: { outboxId: Id }[]) =>
    messagesOf(a.map((x) => x.outboxId)),
  );
}

function outboxItems(docs: MessageDoc[]): Promise<OutboxItem[]> {
  return withStatus(docs, (d, s): OutboxItem => ({
    ...basics(d, s),
    eventKey: d.eventKey,
    recipientName: recipientOf(d.recipient).name,
    ...(s.lastError ? { lastError: s.lastError } : {}),
    ...(s.notBefore && s.status === 'queued' ? { notBefore: s.notBefore.toISOString() } : {}),
  }));
}

export { insertIgnoringDuplicates };

// --- bulk senders that already know their recipients (issue 25, helper B: the fee reminder run) ---

/** What `enqueueManyKnown` needs of a recipient (the sender read it itself, once for its whole run). */
export interface KnownRecipient {
  name: string;
  phone: string;
  unitLabel?: string;
  openid?: string;
  oaOpenid?: string;
}

/**
 * `enqueueMany` for a bulk sender that has read its recipients itself (once for a whole run, not
 * once per chunk): the same documents, channels and keys — idempotent per event, recipient and
 * channel — but no recipient reads and no read per duplicate (a replayed chunk costs the same
 * commands as a new one). Returns how many messages were new.
 */
export async function enqueueManyKnown(items: readonly EnqueueInput[], who: ReadonlyMap<string, KnownRecipient>): Promise<number> {
  if (!items.length) return 0;
  const at = now();
  const docs = messageDocsFor(items, items.map((i) => buildMessage(i.templateKey, i.values, i.page)), who, at);
  // As insertMessages: the queue entries first (an entry without a message is dropped by the job).
  await insertIgnoringDuplicates(OutboxQueue.collection, docs.filter((d) => d.queue).map((d) => d.queue!));
  const dup = await insertIgnoringDuplicates(OutboxMessage.collection, docs.map((d) => d.msg));
  const dupQueued = [...dup].filter((i) => docs[i].queue).map((i) => docs[i].msg._id);
  if (dupQueued.length) await OutboxQueue.collection.deleteMany({ _id: { $in: dupQueued } });
  const fresh = docs.filter((_d, i) => !dup.has(i));
  const call = fresh.filter((d) => d.msg.channel === 'call');
  if (call.length) await toCallTasks(call.map((d) => ({ message: d.msg, reason: PLAIN_REASONS.noWechat })));
  return fresh.length;
}
