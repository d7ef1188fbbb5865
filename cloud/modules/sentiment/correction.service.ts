import type { Paged } from '@shared/contracts/contract';
import { isoWeekOf, lastIsoWeeks } from '@shared/domain/calendar';
import {
  CORRECTION_KINDS,
  type CorrectionKind,
  type CorrectionStatus,
  type CorrectionView,
  type LexiconFigures,
  type ProposalPreview,
  type VerdictChange,
} from '@shared/contracts/sentiment-lexicon.contract';
import type { Analysis, EscalationGroup, Evidence, SentimentLevel, SentimentTopic } from '@shared/domain/sentiment';
import { lexiconVersionLabel, type LexiconEntry, type LexiconVersion } from '@shared/domain/sentiment-lexicon';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { paged } from '../../lib/paging';
import { compileLexicon } from './engine';
import { SentimentCorrection, type CorrectionDoc } from './correction.model';

import { SentimentLexiconEntry } from './lexicon-overlay.model';
import { analyzerFor, entryKey, overlayEntries, writeEntries } from './overlay.service';
import { proposeEntry } from './proposal';
import { SentimentGroup, SentimentIncident, SentimentMessage } from './sentiment.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/** A correction keeps the first 500 characters of its message (the message itself expires). */
export const CORRECTION_TEXT_MAX = 500;
/** The preview re-analyses at most this many of the community's latest messages. */
export const HISTORY_SAMPLE = 2000;
/** Changed verdicts listed by a preview (the rest counted in `moreChanges`). */
export const PREVIEW_LISTED = 20;
/** Weeks of the figures. */
export const FIGURE_WEEKS = 12;

const invalid = (path: string, message: string) => new AppError('VALIDATION', message, { issues: [{ path, message }] });

type StoredMessage = { _id: string; communityId: Id; groupId: string; messageId: string; text?: string | null; negative: boolean; level: string; topics: string[]; evidence: unknown[]; escalation: string[]; lexicon?: LexiconVersion | null };

function view(c: CorrectionDoc): CorrectionView {
  return {
    id: String(c._id),
    kind: c.kind as CorrectionKind,
    status: c.status as CorrectionStatus,
    groupId: c.groupId,
    groupName: c.groupName,
    messageId: c.messageId,
    text: c.text ?? '',
    verdict: { level: (c.verdict?.level ?? 'none') as SentimentLevel, topics: (c.verdict?.topics ?? []) as SentimentTopic[], lexicon: c.verdict?.lexicon ?? '' },
    expected: {
      ...(c.expected?.level ? { level: c.expected.level as SentimentLevel } : {}),
      ...(c.expected?.topics ? { topics: c.expected.topics as SentimentTopic[] } : {}),
    },
    ...(c.phrase ? { phrase: c.phrase } : {}),
    ...(c.note ? { note: c.note } : {}),
    byName: c.byName,
    at: c.at.toISOString(),
    proposal: c.proposal as LexiconEntry,
    ...(c.reviewedByName ? { reviewedByName: c.reviewedByName } : {}),
    ...(c.reviewedAt ? { reviewedAt: c.reviewedAt.toISOString() } : {}),
    ...(c.reviewNote ? { reviewNote: c.reviewNote } : {}),
  };
}

/**
 * Mark a group message 漏报 / 误报 / 话题不对 / 级别不对. The message must be of the caller's
 * community (another community's message is simply not found: 404 SENTIMENT.MESSAGE_NOT_FOUND); the
 * highlighted phrase must occur in it; the proposal (proposal.ts) must be a valid entry — otherwise
 * 400 VALIDATION with the reason. One pending correction per (message, kind): marking again updates it.
 */
export async function correct(
  caller: Caller,
  input: { groupId: string; messageId: string; kind: CorrectionKind; phrase?: string; level?: SentimentLevel; topics?: SentimentTopic[]; group?: EscalationGroup; note?: string },
): Promise<CorrectionView> {
  const communityId = new ObjectId(caller.communityId);
  const messageKey = `${caller.communityId}:${input.groupId}:${input.messageId}`;
  const m = (await SentimentMessage.findOne({ _id: messageKey, communityId }, { text: 1, groupId: 1, messageId: 1, negative: 1, level: 1, topics: 1, evidence: 1, escalation: 1, lexicon: 1 }).lean()) as StoredMessage | null;
  if (!m) throw new AppError('SENTIMENT.MESSAGE_NOT_FOUND');
  const text = m.text ?? '';
  const expected = { ...(input.level ? { level: input.level } : {}), ...(input.topics ? { topics: [...new Set(input.topics)] } : {}), ...(input.group ? { group: input.group } : {}) };
  const proposal = proposeEntry({
    kind: input.kind,
    text,
    ...(input.phrase ? { phrase: input.phrase } : {}),
    expected,
    verdict: { level: m.level as SentimentLevel, topics: m.topics as SentimentTopic[], evidence: (m.evidence ?? []) as Evidence[], escalation: (m.escalation ?? []) as EscalationGroup[] },
  });
  if (!proposal.ok) throw invalid(proposal.field, proposal.reason);
  const [incident, group] = await Promise.all([
    SentimentIncident.findOne({ communityId, messageIds: messageKey }, { _id: 1 }).lean(),
    SentimentGroup.findById(`${caller.communityId}:${input.groupId}`, { name: 1 }).lean(),
  ]);
  const at = now();
  const openKey = `${messageKey}:${input.kind}`;
  const set = {
    groupId: input.groupId,
    groupName: group?.name ?? input.groupId,
    messageId: input.messageId,
    messageKey,
    text: text.slice(0, CORRECTION_TEXT_MAX),
    kind: input.kind,
    verdict: { level: m.level, topics: m.topics, lexicon: m.lexicon ? lexiconVersionLabel(m.lexicon) : '' },
    expected,
    proposal: proposal.entry,
    alert: Boolean(m.negative && incident),
    ...(incident ? { incidentId: incident._id } : {}),
    byId: new ObjectId(caller.userId),
    byName: caller.name,
    at,
    week: isoWeekOf(at),
  };
  // Marking again replaces the earlier mark's phrase, note and incident.
  const unset = { ...(input.phrase ? {} : { phrase: 1 }), ...(input.note ? {} : { note: 1 }), ...(incident ? {} : { incidentId: 1 }) };
  const update = {
    $set: { ...set, ...(input.phrase ? { phrase: input.phrase } : {}), ...(input.note ? { note: input.note } : {}) },
    ...(Object.keys(unset).length ? { $unset: unset } : {}),
    $setOnInsert: { status: 'pending' },
  };
  const upsert = () => SentimentCorrection.findOneAndUpdate({ communityId, openKey }, update, { upsert: true, new: true }).lean() as Promise<CorrectionDoc | null>;
  let doc: CorrectionDoc | null;
  try {
    doc = await upsert();
  } catch (err) {
    // Two marks of the same message at once: the other inserted it; this one updates it.
    if (!isDuplicateKey(err)) throw err;
    doc = await upsert();
  }
  return view(doc!);
}

export async function corrections(caller: Caller, input: { status: CorrectionStatus | 'all'; page: number; pageSize: number }): Promise<Paged<CorrectionView>> {
  const filter: Record<string, unknown> = { communityId: new ObjectId(caller.communityId) };
  if (input.status !== 'all') filter.status = input.status;
  return paged({ model: SentimentCorrection, filter, sort: { at: -1, _id: -1 } }, input, (docs: CorrectionDoc[]) => docs.map(view));
}

async function load(caller: Caller, id: string): Promise<CorrectionDoc> {
  const c = (await SentimentCorrection.findOne({ _id: new ObjectId(id), communityId: new ObjectId(caller.communityId) }).lean()) as CorrectionDoc | null;
  if (!c) throw new AppError('CORRECTION.NOT_FOUND');
  return c;
}

const sameTopics = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((t) => b.includes(t));

/** Would the message then get the verdict the correction asks for? */
export function meetsExpectation(c: Pick<CorrectionDoc, 'kind' | 'expected'>, a: Pick<Analysis, 'negative' | 'level' | 'topics'>): boolean {
  const level = c.expected?.level as SentimentLevel | undefined;
  const topics = (c.expected?.topics ?? undefined) as SentimentTopic[] | undefined;
  switch (c.kind as CorrectionKind) {
    case 'missed':
      return a.negative && (!level || level === 'none' || a.level === level) && (!topics || topics.every((t) => a.topics.includes(t)));
    case 'false_alarm':
      return !a.negative;
    case 'wrong_topic':
      return sameTopics(a.topics, topics ?? []);
    case 'wrong_level':
      return a.level === level;
  }
}

/**
 * The effect of an entry on the community's own history: its latest HISTORY_SAMPLE messages (one
 * read, newest first, text only) analysed with the community's current analyzer and with the entry
 * added; the messages whose level or topics change, before → after (the first PREVIEW_LISTED; the
 * rest counted); and whether the correction's own message then gets the expected verdict.
 */
export async function previewEntry(caller: Caller, input: { entry: LexiconEntry; correctionId?: string }): Promise<ProposalPreview> {
  const communityId = new ObjectId(caller.communityId);
  const correction = input.correctionId ? await load(caller, input.correctionId) : null;
  const [current, entries, history, groups] = await Promise.all([
    analyzerFor(communityId),
    overlayEntries(communityId),
    SentimentMessage.find({ communityId }, { text: 1, groupId: 1, messageId: 1, sentAt: 1 }).sort({ sentAt: -1 }).limit(HISTORY_SAMPLE).lean(),
    SentimentGroup.find({ communityId }, { groupId: 1, name: 1 }).lean(),
  ]);
  const key = entryKey(input.entry);
  const proposed = compileLexicon([...entries.filter((e) => entryKey(e) !== key), input.entry], current.version.overlay);
  const groupName = new Map(groups.map((g) => [g.groupId, g.name]));
  const changes: VerdictChange[] = [];
  let changed = 0;
  for (const m of history) {
    const text = m.text ?? '';
    if (!text) continue;
    const before = current.analyze(text);
    const after = proposed.analyze(text);
    if (before.level === after.level && sameTopics(before.topics, after.topics)) continue;
    changed++;
    if (changes.length < PREVIEW_LISTED) {
      changes.push({
        groupName: groupName.get(m.groupId) ?? m.groupId,
        messageId: m.messageId,
        text: text.slice(0, CORRECTION_TEXT_MAX),
        sentAt: m.sentAt.toISOString(),
        before: { level: before.level, topics: before.topics },
        after: { level: after.level, topics: after.topics },
      });
    }
  }
  let fixesMessage = false;
  if (correction) {
    const own = await SentimentMessage.findOne({ _id: correction.messageKey, communityId }, { text: 1 }).lean();
    fixesMessage = meetsExpectation(correction, proposed.analyze(own?.text ?? correction.text ?? ''));
  }
  return { entry: input.entry, checked: history.length, changes, moreChanges: changed - changes.length, fixesMessage };
}

/**
 * Accept (the proposal, or the manager's edit of it) or reject a pending correction. The state change
 * is one guarded update (`status: 'pending'`): a correction reviewed already — or by another manager
 * at the same moment — answers 409 CORRECTION.ALREADY_REVIEWED. Accepting writes the entry into the
 * overlay (version + 1) before the status changes.
 */
export async function reviewCorrection(caller: Caller, input: { correctionId: string; decision: 'accept' | 'reject'; entry?: LexiconEntry; note?: string }): Promise<CorrectionView> {
  const c = await load(caller, input.correctionId);
  if (c.status !== 'pending') throw new AppError('CORRECTION.ALREADY_REVIEWED');
  const accept = input.decision === 'accept';
  const entry = accept ? (input.entry ?? (c.proposal as LexiconEntry)) : undefined;
  // The entry first: adding the same entry again is a no-op, so a crash before the status changes
  // leaves a pending correction that accepting again completes — never an accepted one without its entry.
  if (entry) await writeEntries(c.communityId, [entry], 'correction', { userId: caller.userId, name: caller.name });
  const doc = (await SentimentCorrection.findOneAndUpdate(
    { _id: c._id, communityId: c.communityId, status: 'pending' },
    {
      $set: {
        status: accept ? 'accepted' : 'rejected',
        // The (message, kind) slot is free again: a later mark opens a new correction.
        openKey: `${c.openKey}:${String(c._id)}`,
        reviewedById: new ObjectId(caller.userId),
        reviewedByName: caller.name,
        reviewedAt: now(),
        ...(input.note ? { reviewNote: input.note } : {}),
        ...(entry ? { proposal: entry } : {}),
      },
    },
    { new: true },
  ).lean()) as CorrectionDoc | null;
  if (!doc) throw new AppError('CORRECTION.ALREADY_REVIEWED');
  return view(doc);
}

type WeekKind = { _id: { w: string; k: string }; c: number };
type WeekIncident = { _id: { w: string; i?: Id | null }; c: number };

/**
 * Per ISO week (Asia/Shanghai), the last FIGURE_WEEKS: corrections by kind, and the precision of the
 * alerts as staff judged them. An alert is a negative message in an incident. It is judged when its
 * incident is acknowledged or resolved (confirmed: counted in the week of the acknowledgement, the
 * incident's stored `judgedWeek`) or when it is marked 误报 (a pending or accepted correction; counted
 * in its incident's judged week when the incident was confirmed, else in the week it was marked).
 * precision = (judged − 误报) / judged; null when nothing was judged.
 * Counted in the database: one `$group` with one accumulator each (FerretDB v1 computes only the
 * first accumulator of a `$group`), on stored weeks (no `$dateToString`/`$cond`).
 */
export async function lexiconFigures(caller: Caller): Promise<LexiconFigures> {
  const communityId = new ObjectId(caller.communityId);
  const weeks = lastIsoWeeks(now(), FIGURE_WEEKS);
  const [byKind, confirmed, falseAlarms, byStatus, overlayEntries] = await Promise.all([
    SentimentCorrection.aggregate<WeekKind>([{ $match: { communityId, week: { $in: weeks } } }, { $group: { _id: { w: '$week', k: '$kind' }, c: { $sum: 1 } } }]),
    SentimentIncident.aggregate<{ _id: string; c: number }>([{ $match: { communityId, judgedWeek: { $in: weeks } } }, { $group: { _id: '$judgedWeek', c: { $sum: '$negatives' } } }]),
    SentimentCorrection.aggregate<WeekIncident>([
      { $match: { communityId, week: { $in: weeks }, kind: 'false_alarm', alert: true, status: { $in: ['pending', 'accepted'] } } },
      { $group: { _id: { w: '$week', i: '$incidentId' }, c: { $sum: 1 } } },
    ]),
    SentimentCorrection.aggregate<{ _id: string; c: number }>([{ $match: { communityId } }, { $group: { _id: '$status', c: { $sum: 1 } } }]),
    SentimentLexiconEntry.countDocuments({ communityId }),
  ]);
  const incidentIds = [...new Set(falseAlarms.map((f) => (f._id.i ? String(f._id.i) : '')).filter(Boolean))];
  const judgedWeekOf = new Map(
    incidentIds.length
      ? (await SentimentIncident.find({ _id: { $in: incidentIds.map((i) => new ObjectId(i)) }, communityId }, { judgedWeek: 1 }).lean()).map((i) => [String(i._id), i.judgedWeek ?? ''])
      : [],
  );
  const judged = new Map(confirmed.map((x) => [x._id, x.c]));
  const falseOf = new Map<string, number>();
  for (const f of falseAlarms) {
    const confirmedIn = f._id.i ? judgedWeekOf.get(String(f._id.i)) : '';
    // In a confirmed incident the message is judged already (its incident's negatives); otherwise this mark judges it.
    const week = confirmedIn || f._id.w;
    if (!confirmedIn) judged.set(week, (judged.get(week) ?? 0) + f.c);
    falseOf.set(week, (falseOf.get(week) ?? 0) + f.c);
  }
  const statusCount = new Map(byStatus.map((s) => [s._id, s.c]));
  return {
    weeks: weeks.map((week) => {
      const mine = byKind.filter((x) => x._id.w === week);
      const kinds = Object.fromEntries(CORRECTION_KINDS.map((k) => [k, mine.filter((x) => x._id.k === k).reduce((s, x) => s + x.c, 0)])) as Record<CorrectionKind, number>;
      const judgedAlerts = judged.get(week) ?? 0;
      const falseCount = Math.min(falseOf.get(week) ?? 0, judgedAlerts);
      return {
        week,
        corrections: Object.values(kinds).reduce((s, n) => s + n, 0),
        byKind: kinds,
        judgedAlerts,
        falseAlarms: falseCount,
        precision: judgedAlerts ? Math.round(((judgedAlerts - falseCount) / judgedAlerts) * 1000) / 1000 : null,
      };
    }),
    pending: statusCount.get('pending') ?? 0,
    accepted: statusCount.get('accepted') ?? 0,
    rejected: statusCount.get('rejected') ?? 0,
    overlayEntries,
  };
}
