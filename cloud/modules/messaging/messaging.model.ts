import { CALL_TASK_STATUSES, CHANNELS, SUBSCRIBE_RESULTS } from '@shared/domain/messaging';
import { mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/**
 * Outgoing messages, built for FerretDB v1's costs (see docs/ferretdb.md): on a collection of
 * thousands of documents every update costs ≈ 40–110 ms, while inserts, `_id` reads and bulk
 * deletes cost ≈ 1 ms. So the delivery path is insert-only plus bulk deletes:
 * - OutboxMessage: what was sent to whom, written once (the history and the manager's list);
 * - OutboxQueue: the work items still to deliver (`_id` = the message's), deleted when done;
 * - OutboxAttempt: one document per attempt (`<messageId>:<n>`), the last one carries the outcome;
 * - claims (cloud/lib/claim.ts): `send:<messageId>:<n>` before each attempt, so two job runs never
 *   send the same attempt; `spend:<openid>|<templateId>|<n>` spends a subscription credit once.
 */
const lineSchema = new Schema({ label: { type: String, required: true }, value: { type: String, required: true } }, { _id: false });

/** A message's line as people read it (label: value). */
export interface MessageLine {
  label: string;
  value: string;
}

/** Who a message is for, as the sender knew them when it was queued. */
export interface MessageRecipient {
  name: string;
  phone: string;
  unitLabel?: string;
  /** Mini-program openid (subscribe messages), official-account openid (template messages). */
  openid?: string;
  oaOpenid?: string;
}

/*
 * A message's lines and recipient are stored as one JSON string each (`[[label, value], …]` and the
 * recipient object): nothing queries inside them, and FerretDB charges every value of a document at
 * each insert and read (docs/ferretdb.md) — with `urgent` and `lastResort` written only when they
 * are not the usual case (outbox.service.ts messageDocs), a fee reminder's message went from 24 values to 11. Messages
 * written before kept an array of sub-documents and a sub-document; `linesOf` and `recipientOf` read both.
 */
export const packLines = (lines: readonly MessageLine[]): string => JSON.stringify(lines.map((l) => [l.label, l.value]));
export const packRecipient = (r: MessageRecipient): string => JSON.stringify(r);

function parsed(stored: string): unknown {
  try {
    return JSON.parse(stored) as unknown;
  } catch {
    return null;
  }
}

export function linesOf(stored: unknown): MessageLine[] {
  const rows = typeof stored === 'string' ? parsed(stored) : stored;
  if (!Array.isArray(rows)) return [];
  return rows.flatMap((row: unknown) => {
    if (Array.isArray(row)) return [{ label: String(row[0] ?? ''), value: String(row[1] ?? '') }];
    if (row && typeof row === 'object') return [{ label: String((row as MessageLine).label ?? ''), value: String((row as MessageLine).value ?? '') }];
    return [];
  });
}

export function recipientOf(stored: unknown): MessageRecipient {
  const r = (typeof stored === 'string' ? parsed(stored) : stored) as Partial<MessageRecipient> | null;
  if (!r || typeof r !== 'object') return { name: '未知用户', phone: '' };
  return {
    name: typeof r.name === 'string' ? r.name : '未知用户',
    phone: typeof r.phone === 'string' ? r.phone : '',
    ...(typeof r.unitLabel === 'string' ? { unitLabel: r.unitLabel } : {}),
    ...(typeof r.openid === 'string' ? { openid: r.openid } : {}),
    ...(typeof r.oaOpenid === 'string' ? { oaOpenid: r.oaOpenid } : {}),
  };
}
const payloadSchema = new Schema(
  { templateId: { type: String, required: true }, page: { type: String }, data: { type: Schema.Types.Mixed, required: true } },
  { _id: false },
);

const outboxMessageSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** The business event, e.g. 'repair:<id>:dispatched'. */
    eventKey: { type: String, required: true },
    recipientId: { type: Schema.Types.ObjectId, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    templateKey: { type: String, required: true },
    title: { type: String, required: true },
    /** `packLines` (older messages: an array of {label, value}); read with `linesOf`. */
    lines: { type: Schema.Types.Mixed },
    /** The mini-program page the message opens (its link in 我的消息). */
    page: { type: String },
    /** Messages written before `page` kept the whole subscribe payload here (read for their link only). */
    subscribe: { type: payloadSchema },
    /** The official-account payload, kept only while that channel is ahead (the subscribe message's fallback). */
    oa: { type: payloadSchema },
    /** Written only when true (messages written before say false too). */
    urgent: { type: Boolean },
    /** `packRecipient` (older messages: a sub-document); read with `recipientOf`. */
    recipient: { type: Schema.Types.Mixed, required: true },
    /** The message of the previous channel, when this one is a fallback. */
    previousId: { type: Schema.Types.ObjectId },
    /** `none`: the sender downgraded a call-worthy template (no call task when WeChat cannot deliver it); otherwise not written, call-policy.ts decides from the template. */
    lastResort: { type: String, enum: ['call', 'none'] },
    /** Set when the sender asked for a later send (scheduled or throttled). */
    notBefore: { type: Date },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// Enqueueing the same event for the same person on the same channel twice is a no-op.
outboxMessageSchema.index({ eventKey: 1, recipientId: 1, channel: 1 }, { unique: true });
outboxMessageSchema.index({ communityId: 1, createdAt: -1 });
outboxMessageSchema.index({ recipientId: 1, createdAt: -1 });

/** A message still to deliver: everything the job needs, so it never reads OutboxMessage on the happy path. */
const outboxQueueSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    notBefore: { type: Date, required: true },
    urgent: { type: Boolean, default: false },
    /** Number of the next attempt (1-based); attempts lost in a crash are skipped. */
    seq: { type: Number, default: 1 },
    touser: { type: String },
    templateId: { type: String, required: true },
    page: { type: String },
    data: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
outboxQueueSchema.index({ notBefore: 1 });
// The manager's outbox list by status queued/sending (outbox.service.ts outboxList), newest first.
outboxQueueSchema.index({ communityId: 1, createdAt: -1, _id: -1 });

const outboxAttemptSchema = new Schema(
  {
    _id: { type: String, required: true },
    outboxId: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    n: { type: Number, required: true },
    at: { type: Date, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    ok: { type: Boolean, required: true },
    errcode: { type: Number },
    errmsg: { type: String },
    /** When the message's fate on this channel is decided by this attempt. */
    final: { type: String, enum: ['sent', 'failed', 'fallen-back', 'cancelled'] },
    /** Not final: when the next attempt may start. */
    retryAt: { type: Date },
  },
  { versionKey: false },
);
outboxAttemptSchema.index({ outboxId: 1 });
outboxAttemptSchema.index({ communityId: 1, final: 1, at: -1, _id: -1 });

/** One acceptance of a subscribe-message template = one credit: `<openid>|<templateId>|<n>`, n = 1, 2, … */
const subscribeCreditSchema = new Schema(
  {
    _id: { type: String, required: true },
    openid: { type: String, required: true },
    templateId: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
subscribeCreditSchema.index({ openid: 1, templateId: 1 });

/** The last answer per (openid, template) — never ask again in a loop after reject/ban — and how many acceptances so far (a hint). */
const subscribeAnswerSchema = new Schema(
  {
    _id: { type: String, required: true },
    openid: { type: String, required: true },
    templateId: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId },
    result: { type: String, enum: SUBSCRIBE_RESULTS, required: true },
    accepted: { type: Number, default: 0 },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

/** The last fallback: a staff member calls the person and reads them the message. */
const callTaskSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    eventKey: { type: String, required: true },
    recipientId: { type: Schema.Types.ObjectId, required: true },
    outboxId: { type: Schema.Types.ObjectId },
    name: { type: String, required: true },
    phone: { type: String, default: '' },
    unitLabel: { type: String },
    title: { type: String, required: true },
    lines: { type: [lineSchema], default: [] },
    reason: { type: String, required: true },
    /** undelivered: WeChat could not deliver a message; planned: staff or a ladder asked for a call. */
    kind: { type: String, enum: ['undelivered', 'planned'] },
    /** What the call is about (a template or an event family): one open task per (person, subject). */
    subject: { type: String },
    /** Every event merged into this task (the first is `eventKey`), so a replayed event adds nothing. */
    eventKeys: { type: [String], default: undefined },
    /** How many messages the task stands for, and when the last one came. */
    count: { type: Number },
    lastAt: { type: Date },
    status: { type: String, enum: CALL_TASK_STATUSES, default: 'open' },
    doneAt: { type: Date },
    doneBy: { type: Schema.Types.ObjectId },
    doneByName: { type: String },
    note: { type: String },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
callTaskSchema.index({ eventKey: 1, recipientId: 1 }, { unique: true });
callTaskSchema.index({ communityId: 1, status: 1, createdAt: -1 });
// Opening call tasks: the tasks these people have already (an event in one adds nothing; call-task.service.ts openCallTasks).
callTaskSchema.index({ recipientId: 1 });

export const OutboxMessage = model('OutboxMessage', outboxMessageSchema);
export const OutboxQueue = model('OutboxQueue', outboxQueueSchema);
export const OutboxAttempt = model('OutboxAttempt', outboxAttemptSchema);
export const SubscribeCredit = model('SubscribeCredit', subscribeCreditSchema);
export const SubscribeAnswer = model('SubscribeAnswer', subscribeAnswerSchema);
export const CallTask = model('CallTask', callTaskSchema);
