import type { CorrectionKind } from '@shared/contracts/sentiment-lexicon.contract';
import type { EscalationGroup, Evidence, SentimentLevel, SentimentTopic } from '@shared/domain/sentiment';
import { ENTRY_LEVELS, ENTRY_TEXT_MAX, entryProblem, type EntryLevel, type LexiconEntry } from '@shared/domain/sentiment-lexicon';

/**
 * The lexicon entry a staff correction proposes (pure): what the manager reviews, edits and accepts.
 *
 * - 漏报 (missed) → a `phrase`: the highlighted phrase, or the whole text when it is short (≤ 30
 *   characters; otherwise the staff member must highlight); level = the expected one (or medium);
 *   topics = the expected ones (or the verdict's); a `high` phrase needs its escalation group —
 *   the given one, else the group of escalation evidence inside the phrase, else it is asked for.
 * - 误报 (false alarm) → a `benign` entry over the highlighted phrase, or over the strongest negative
 *   evidence widened to its clause (at most 30 characters).
 * - 话题不对 (wrong topic) → a `topic` entry with the expected topics over the highlighted phrase, or
 *   the clause of the topic evidence that is not expected.
 * - 级别不对 (wrong level) → a `phrase` at the expected level (lower or higher) over the highlighted
 *   phrase or the strongest evidence's clause; expected `none` → `benign`, as for 误报.
 * Every proposal passes `entryProblem`; otherwise the reason is returned for a 400.
 */
export interface ProposalInput {
  kind: CorrectionKind;
  /** The message's text (original). */
  text: string;
  phrase?: string;
  expected: { level?: SentimentLevel; topics?: SentimentTopic[]; group?: EscalationGroup };
  /** The engine's verdict on the message. */
  verdict: { level: SentimentLevel; topics: SentimentTopic[]; evidence: Evidence[]; escalation: EscalationGroup[] };
}

export type Proposal = { ok: true; entry: LexiconEntry } | { ok: false; field: 'phrase' | 'level' | 'topics' | 'group'; reason: string };

/** Clause breaks: a proposal widened from a term never crosses one. */
const CLAUSE_BREAK = /[，,。．.！!？?；;：:\n\r、~～…\s]/;

const NEGATIVE_KINDS = new Set<Evidence['kind']>(['negative', 'escalation', 'sarcasm', 'emoji']);

export function proposeEntry(input: ProposalInput): Proposal {
  const { kind, expected, verdict } = input;
  const text = input.text.trim();
  const phrase = input.phrase?.trim();
  if (phrase !== undefined && !input.text.includes(phrase)) return { ok: false, field: 'phrase', reason: '划出的词句须是消息中的原文' };
  const strongest = strongestNegative(verdict.evidence);
  switch (kind) {
    case 'missed': {
      const span = phrase ?? (text.length <= ENTRY_TEXT_MAX ? text : undefined);
      if (!span) return { ok: false, field: 'phrase', reason: `消息较长，请划出表示不满的词句（最多${ENTRY_TEXT_MAX}字）` };
      const level = entryLevel(expected.level) ?? 'medium';
      return phraseEntry(input, span, level, expected.topics ?? verdict.topics);
    }
    case 'false_alarm': {
      const span = phrase ?? (strongest ? clauseAround(input.text, strongest) : undefined) ?? shortText(text);
      if (!span) return { ok: false, field: 'phrase', reason: '请划出被误判为负面的词句' };
      return checked({ kind: 'benign', text: span });
    }
    case 'wrong_topic': {
      const topics = expected.topics ?? [];
      if (!topics.length) return { ok: false, field: 'topics', reason: '请选择正确的话题' };
      const wrong = verdict.evidence.find((e) => e.kind === 'topic' && e.topic && !topics.includes(e.topic)) ?? verdict.evidence.find((e) => e.kind === 'topic');
      const span = phrase ?? (wrong ? clauseAround(input.text, wrong) : undefined) ?? shortText(text);
      if (!span) return { ok: false, field: 'phrase', reason: '请划出说明话题的词句' };
      return checked({ kind: 'topic', text: span, topics: [...topics] });
    }
    case 'wrong_level': {
      if (!expected.level) return { ok: false, field: 'level', reason: '请选择正确的级别' };
      const span = phrase ?? (strongest ? clauseAround(input.text, strongest) : undefined) ?? shortText(text);
      if (!span) return { ok: false, field: 'phrase', reason: '请划出决定级别的词句' };
      if (expected.level === 'none') return checked({ kind: 'benign', text: span });
      return phraseEntry(input, span, expected.level, expected.topics ?? verdict.topics);
    }
  }
}

function phraseEntry(input: ProposalInput, span: string, level: EntryLevel, topics: SentimentTopic[]): Proposal {
  const entry: LexiconEntry = { kind: 'phrase', text: span, level, topics: [...new Set(topics)] };
  if (level === 'high') {
    const group = input.expected.group ?? groupInside(input, span);
    if (!group) return { ok: false, field: 'group', reason: '升级风险须注明原因（如向政府部门投诉、媒体曝光、报警）' };
    entry.group = group;
  }
  return checked(entry);
}

function checked(entry: LexiconEntry): Proposal {
  const problem = entryProblem(entry);
  return problem ? { ok: false, field: 'phrase', reason: problem } : { ok: true, entry };
}

function entryLevel(level: SentimentLevel | undefined): EntryLevel | undefined {
  return (ENTRY_LEVELS as readonly string[]).includes(level ?? '') ? (level as EntryLevel) : undefined;
}

const shortText = (text: string): string | undefined => (text.length > 0 && text.length <= ENTRY_TEXT_MAX ? text : undefined);

/** The evidence that made the message most negative: the highest positive weight (not negated). */
function strongestNegative(evidence: readonly Evidence[]): Evidence | undefined {
  let best: Evidence | undefined;
  for (const e of evidence) if (NEGATIVE_KINDS.has(e.kind) && e.weight > 0 && !e.negated && (!best || e.weight > best.weight)) best = e;
  return best;
}

/** The escalation group of the evidence inside the phrase's first occurrence (or of the whole message when the phrase is all of it). */
function groupInside(input: ProposalInput, span: string): EscalationGroup | undefined {
  const start = input.text.indexOf(span);
  const end = start + span.length;
  const inside = input.verdict.evidence.find((e) => e.group && e.start >= start && e.end <= end && start >= 0);
  if (inside?.group) return inside.group;
  return span === input.text.trim() ? input.verdict.escalation[0] : undefined;
}

/** A term widened to its clause, at most ENTRY_TEXT_MAX characters (kept around the term), trimmed. */
export function clauseAround(text: string, term: { start: number; end: number }): string | undefined {
  if (term.start < 0 || term.end > text.length || term.end <= term.start) return undefined;
  let from = term.start;
  while (from > 0 && !CLAUSE_BREAK.test(text[from - 1])) from--;
  let to = term.end;
  while (to < text.length && !CLAUSE_BREAK.test(text[to])) to++;
  if (to - from > ENTRY_TEXT_MAX) {
    // Keep the term and as much of its clause around it as fits.
    const room = ENTRY_TEXT_MAX - (term.end - term.start);
    if (room < 0) return undefined;
    const before = Math.min(term.start - from, Math.floor(room / 2));
    from = term.start - before;
    to = Math.min(to, from + ENTRY_TEXT_MAX);
  }
  const clause = text.slice(from, to).trim();
  return clause.length >= 2 ? clause : undefined;
}
