import { z } from 'zod';
import type { SentimentLevel, SentimentTopic } from '../domain/sentiment';
import { ESCALATION_GROUPS, SENTIMENT_LEVELS, SENTIMENT_TOPICS } from '../domain/sentiment';
import {
  CORRECTION_KINDS,
  CORRECTION_STATUSES,
  type CorrectionKind,
  type CorrectionStatus,
  ENTRY_LEVELS,
  ENTRY_TEXT_MAX,
  entryProblem,
  type LexiconEntry,
  type LexiconVersion,
  OVERLAY_MAX_ENTRIES,
} from '../domain/sentiment-lexicon';
import { action, community, empty, objectId, page, pageSize, type Paged } from './contract';

export { CORRECTION_KIND_LABELS, CORRECTION_KINDS, CORRECTION_STATUS_LABELS, CORRECTION_STATUSES, type CorrectionKind, type CorrectionStatus } from '../domain/sentiment-lexicon';

/**
 * The staff correction loop of the sentiment engine (issue 26): agents and managers mark a group
 * message 漏报 / 误报 / 话题不对 / 级别不对 (optionally with the phrase that matters); each correction
 * proposes a lexicon entry; a manager reviews the proposal with the messages of the community's own
 * history it would change (before → after) and accepts or rejects it. Accepted entries form the
 * community's overlay (本小区词库) on the built-in lexicon: versioned, applied to the next message
 * without a deploy, exported and imported as a file.
 */

const topics = z.array(z.enum(SENTIMENT_TOPICS)).max(SENTIMENT_TOPICS.length).default([]);
const entryText = z.string().max(ENTRY_TEXT_MAX * 4, `内容最多${ENTRY_TEXT_MAX}字`);

/** One overlay entry as staff or a file gives it; `entryProblem` says why a malformed one is refused. */
export const lexiconEntrySchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('phrase'), text: entryText, level: z.enum(ENTRY_LEVELS), topics, group: z.enum(ESCALATION_GROUPS).optional() }).strict(),
    z.object({ kind: z.literal('benign'), text: entryText }).strict(),
    z.object({ kind: z.literal('topic'), text: entryText, topics }).strict(),
    z.object({ kind: z.literal('pattern'), text: entryText, level: z.enum(ENTRY_LEVELS), topics, group: z.enum(ESCALATION_GROUPS).optional() }).strict(),
  ])
  .transform((e) => ({ ...e, text: e.text.trim() }) as LexiconEntry)
  .superRefine((e, ctx) => {
    const problem = entryProblem(e);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem, path: ['text'] });
  });

/** The file `exportLexicon` writes and `importLexicon` reads. */
export interface LexiconFile {
  format: 'wuye-sentiment-lexicon';
  formatVersion: 1;
  communityName: string;
  version: LexiconVersion;
  exportedAt: string;
  entries: LexiconEntry[];
}

export interface OverlayEntryView {
  id: string;
  entry: LexiconEntry;
  addedAt: string;
  addedByName: string;
  /** 'correction' (accepted from a correction), 'manual' (a manager wrote it), 'import'. */
  source: 'correction' | 'manual' | 'import';
  /** The overlay version that added it. */
  sinceVersion: number;
  /** The built-in lexicon alone already gives this verdict on the entry's own text (after an upgrade the entry may be redundant). */
  builtinCovers: boolean;
}

export interface LexiconView {
  version: LexiconVersion;
  /** 内置 a1b2c3d4 + 本小区 v3 */
  label: string;
  entries: OverlayEntryView[];
  updatedAt?: string;
}

/** One message whose verdict the proposed entry changes. */
export interface VerdictChange {
  groupName: string;
  messageId: string;
  text: string;
  sentAt: string;
  before: { level: SentimentLevel; topics: SentimentTopic[] };
  after: { level: SentimentLevel; topics: SentimentTopic[] };
}

export interface CorrectionView {
  id: string;
  kind: CorrectionKind;
  status: CorrectionStatus;
  groupId: string;
  groupName: string;
  messageId: string;
  text: string;
  /** What the engine said when it was marked. */
  verdict: { level: SentimentLevel; topics: SentimentTopic[]; lexicon: string };
  /** What the staff member says it should be. */
  expected: { level?: SentimentLevel; topics?: SentimentTopic[] };
  phrase?: string;
  note?: string;
  byName: string;
  at: string;
  /** The entry this correction proposes (editable by the manager before accepting). */
  proposal: LexiconEntry;
  reviewedByName?: string;
  reviewedAt?: string;
  reviewNote?: string;
}

/** A proposal with its effect on the community's own history (the last HISTORY_SAMPLE messages). */
export interface ProposalPreview {
  entry: LexiconEntry;
  checked: number;
  changes: VerdictChange[];
  /** Changes beyond those listed. */
  moreChanges: number;
  /** The corrected message itself would then get the expected verdict. */
  fixesMessage: boolean;
}

export interface LexiconFigures {
  /** Last 12 ISO weeks (Asia/Shanghai), oldest first. */
  weeks: {
    week: string;
    corrections: number;
    byKind: Record<CorrectionKind, number>;
    /** Alerts (negative messages) staff judged that week: confirmed by an acknowledged/resolved incident or marked 误报. */
    judgedAlerts: number;
    falseAlarms: number;
    /** (judged − false alarms) / judged; null when nothing was judged. */
    precision: number | null;
  }[];
  pending: number;
  accepted: number;
  rejected: number;
  overlayEntries: number;
}

const target = { groupId: z.string().trim().min(1).max(100), messageId: z.string().trim().min(1).max(100) };

export const sentimentLexiconActions = {
  /** Mark a message 漏报 / 误报 / 话题不对 / 级别不对; 404 SENTIMENT.MESSAGE_NOT_FOUND outside the caller's community. */
  correct: action<CorrectionView>()(
    z
      .object({
        ...target,
        kind: z.enum(CORRECTION_KINDS),
        /** The phrase that matters: a part of the message's text. */
        phrase: z.string().trim().min(1).max(ENTRY_TEXT_MAX, `划出的词句最多${ENTRY_TEXT_MAX}字`).optional(),
        level: z.enum(SENTIMENT_LEVELS).optional(),
        topics: z.array(z.enum(SENTIMENT_TOPICS)).max(SENTIMENT_TOPICS.length).optional(),
        group: z.enum(ESCALATION_GROUPS).optional(),
        note: z.string().trim().max(200).optional(),
      })
      .strict(),
    community(['agent', 'manager']),
  ),
  corrections: action<Paged<CorrectionView>>()(
    z.object({ status: z.enum([...CORRECTION_STATUSES, 'all']).default('pending'), page, pageSize }).strict(),
    community(['agent', 'manager']),
  ),
  /** The effect of an entry (a correction's proposal, possibly edited) on the community's history. */
  previewEntry: action<ProposalPreview>()(
    z.object({ entry: lexiconEntrySchema, correctionId: objectId.optional() }).strict(),
    community(['manager']),
  ),
  /** Accept (with the possibly edited entry) or reject a correction. */
  reviewCorrection: action<CorrectionView>()(
    z
      .object({ correctionId: objectId, decision: z.enum(['accept', 'reject']), entry: lexiconEntrySchema.optional(), note: z.string().trim().max(200).optional() })
      .strict(),
    community(['manager'], { correctionId: 'correction' }),
  ),
  lexicon: action<LexiconView>()(empty, community(['agent', 'manager'])),
  addLexiconEntry: action<LexiconView>()(z.object({ entry: lexiconEntrySchema }).strict(), community(['manager'])),
  removeLexiconEntry: action<LexiconView>()(z.object({ entryId: objectId }).strict(), community(['manager'])),
  exportLexicon: action<LexiconFile>()(empty, community(['manager'])),
  /** Replace or merge the overlay from a file; every entry is checked first, nothing changes on any error (400 with the entry's index and reason). */
  importLexicon: action<LexiconView>()(
    z
      .object({
        mode: z.enum(['merge', 'replace']).default('merge'),
        file: z
          .object({
            format: z.literal('wuye-sentiment-lexicon', { errorMap: () => ({ message: '不是本系统导出的词库文件' }) }),
            formatVersion: z.literal(1),
            entries: z.array(lexiconEntrySchema).max(OVERLAY_MAX_ENTRIES, `词库最多${OVERLAY_MAX_ENTRIES}条`),
          })
          .passthrough(),
      })
      .strict(),
    community(['manager']),
  ),
  lexiconFigures: action<LexiconFigures>()(empty, community(['agent', 'manager'])),
};

