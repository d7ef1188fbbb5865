import { INCIDENT_STATUSES } from '@shared/domain/sentiment-incidents';
import { isoWeekOf, localDay } from '@shared/domain/calendar';
import { SENTIMENT_LEVELS } from '@shared/domain/sentiment';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { storeSortKeys } from '../../lib/paging';
import { historyEntrySchema } from '../../lib/revision';


const { Schema, model } = mongoose;

/** An owners' WeChat group the community watches (`_id` = `<communityId>:<groupId>`). */
const groupSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    groupId: { type: String, required: true },
    name: { type: String, required: true },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'sentiment_groups' },
);
// A community's watched groups (incident lists name their groups).
groupSchema.index({ communityId: 1 });

/**
 * One group message with its analysis (`_id` = `<communityId>:<groupId>:<messageId>`: a replayed
 * batch or a re-imported file adds nothing twice). Deleted after the retention by the cleanup job.
 */
const messageSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    groupId: { type: String, required: true },
    messageId: { type: String, required: true },
    senderId: { type: String, required: true },
    nickname: { type: String, required: true },
    /** As received (up to 20,000 characters); the analysis reads the first 5,000. */
    text: { type: String, default: '' },
    sentAt: { type: Date, required: true },
    /** The local (Asia/Shanghai) day of `sentAt`, YYYY-MM-DD: the groups' overview counts per day in the database (messageDay below). */
    day: { type: String },
    negative: { type: Boolean, required: true },
    score: { type: Number, required: true },
    level: { type: String, enum: SENTIMENT_LEVELS, required: true },
    topics: { type: [String], default: [] },
    evidence: { type: [Schema.Types.Mixed], default: [] },
    escalation: { type: [String], default: [] },
    incidentId: { type: Schema.Types.ObjectId },
    /** The lexicon the verdict was made with: the built-in lexicon's hash and the community's overlay version. */
    lexicon: { builtin: { type: String }, overlay: { type: Number } },
    source: { type: String, enum: ['api', 'import'], required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'sentiment_messages' },
);
messageSchema.index({ communityId: 1, groupId: 1, sentAt: -1 });
// The groups' overview (incident.service.ts groups): the community's last 14 days, counted by $group.
messageSchema.index({ communityId: 1, sentAt: -1 });
messageSchema.index({ expiresAt: 1 });
// The retention job deletes per community (lib/slices.ts: a lease per community).
messageSchema.index({ communityId: 1, expiresAt: 1 });

/**
 * The stored local day of a message: derived on create (validation), by the ingest's raw insert
 * (`messageDay`), and for messages written before it by the deploy's backfill (lib/paging.ts
 * storeSortKeys / backfillSortKeys, run by createIndexes).
 */
export const messageDay = (m: { sentAt?: unknown }): { day: string } => ({ day: m.sentAt ? localDay(new Date(m.sentAt as Date)) : '' });
storeSortKeys(messageSchema, ['day'], messageDay);

/**
 * A negative-opinion incident (舆情事件) of one group and topic: changed only through
 * `mutateRevision` (claims `incident:<id>:rev:<rev>`).
 */
const incidentSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    groupId: { type: String, required: true },
    groupName: { type: String, required: true },
    topic: { type: String, required: true },
    status: { type: String, enum: INCIDENT_STATUSES, required: true },
    rev: { type: Number, required: true, default: 0 },
    severity: { type: Number, required: true },
    /** The severity the managers were last alerted at. */
    alertedSeverity: { type: Number, default: 0 },
    messageIds: { type: [String], default: [] },
    senders: { type: [{ id: String, nickname: String, _id: false }], default: [] },
    negatives: { type: Number, default: 0 },
    highs: { type: Number, default: 0 },
    safety: { type: Boolean, default: false },
    escalation: { type: [String], default: [] },
    firstAt: { type: Date, required: true },
    lastAt: { type: Date, required: true },
    acknowledgedAt: { type: Date },
    acknowledgedBy: { type: String },
    resolvedAt: { type: Date },
    resolveNote: { type: String },
    conversions: { type: [{ kind: String, id: String, no: String, _id: false }], default: [] },
    history: { type: [historyEntrySchema], default: [] },
    /** Sort key of the incident list (incidentListKeys below; lib/paging.ts). */
    listRank: { type: Number },
    /** ISO week (Asia/Shanghai) of the acknowledgement ('' before): staff confirmed its messages as alerts then (correction figures). */
    judgedWeek: { type: String },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'sentiment_incidents' },
);
incidentSchema.index({ communityId: 1, status: 1 });
incidentSchema.index({ communityId: 1, listRank: 1, severity: -1, lastAt: -1, _id: -1 });
// The correction loop's figures: the alerts confirmed per week.
incidentSchema.index({ communityId: 1, judgedWeek: 1 });

/**
 * The incident list's order, stored on the incident (lib/paging.ts `storeSortKeys`): open first, then
 * acknowledged, then resolved (`listRank`: the state's place in INCIDENT_STATUSES), each by severity
 * and latest activity. Sorted `{ listRank: 1, severity: -1, lastAt: -1, _id: -1 }`.
 */
export function incidentListKeys(i: { status?: unknown; acknowledgedAt?: unknown }): { listRank: number; judgedWeek: string } {
  const rank = (INCIDENT_STATUSES as readonly unknown[]).indexOf(i.status);
  // Also stored with the state: the week staff judged the incident (acknowledged, or resolved at once).
  const judgedWeek = i.acknowledgedAt instanceof Date || typeof i.acknowledgedAt === 'string' ? isoWeekOf(i.acknowledgedAt) : '';
  return { listRank: rank < 0 ? INCIDENT_STATUSES.length : rank, judgedWeek };
}
storeSortKeys(incidentSchema, ['listRank', 'judgedWeek'], incidentListKeys);

/** The open incident of a group and topic (`_id` = `<communityId>:<groupId>:<topic>`): who opens it is decided by this unique key. */
const openIncidentSchema = new Schema(
  {
    _id: { type: String, required: true },
    incidentId: { type: Schema.Types.ObjectId, required: true },
  },
  { versionKey: false, collection: 'sentiment_open_incidents' },
);

/** A group member known to be an owner (`_id` = `<communityId>:<senderId>`), matched by name or linked by an agent. */
const senderLinkSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId },
    name: { type: String, required: true },
  },
  { versionKey: false, collection: 'sentiment_senders' },
);
// The owner view's incidents (owner-reads.ts): links by the owner's account or by one of their units.
senderLinkSchema.index({ userId: 1 });
senderLinkSchema.index({ unitId: 1 });

/** A community's incident rules and retention (absent → the defaults). */
const settingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    windowMinutes: { type: Number, required: true },
    minNegatives: { type: Number, required: true },
    minSenders: { type: Number, required: true },
    retentionDays: { type: Number, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'sentiment_settings' },
);

export const SentimentGroup = model('SentimentGroup', groupSchema);
export const SentimentMessage = model('SentimentMessage', messageSchema);
export const SentimentIncident = model('SentimentIncident', incidentSchema);
export const OpenIncident = model('OpenIncident', openIncidentSchema);
export const SenderLink = model('SenderLink', senderLinkSchema);
export const SentimentSettings = model('SentimentSettings', settingsSchema);

export type IncidentDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof incidentSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
export type MessageDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof messageSchema>>;
