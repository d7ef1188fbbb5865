/**
 * The rule-based sentiment engine: normalise → one automaton scan → resolve overlapping terms →
 * apply negation, degree, contrast, sarcasm, question and notice rules → level, topics, evidence.
 * Pure: no I/O; the automaton is built once when this module loads.
 */
import type { Analysis, EscalationGroup, Evidence, EvidenceKind, SentimentLevel, SentimentTopic } from '@shared/domain/sentiment';
import { ESCALATION_GROUPS, SENTIMENT_TOPICS } from '@shared/domain/sentiment';
import { AFTER_CONTRAST, BEFORE_CONTRAST } from '../lexicon/contrast';
import { DIMINISHED_MAX, DIMINISHER_ALONE_WEIGHT } from '../lexicon/degree';
import { ESCALATION_WEIGHT } from '../lexicon/escalation';
import { NEGATION_WINDOW, PROHIBITED_NEGATIVE } from '../lexicon/negators';
import { NOTICE_DAMPING, NOTICE_PREFIX_CHARS } from '../lexicon/notices';
import { QUESTION_DAMPING } from '../lexicon/questions';
import { IRONIC_PRAISE_WEIGHT } from '../lexicon/sarcasm';
import { collectHits, type Hit } from './hits';
import { buildLexiconIndex } from './lexicon-index';
import { normalize, toOriginal, type Normalized } from './normalize';

export const LEXICON = buildLexiconIndex();

/** Thresholds on the net negativity. */
const LOW_AT = 0.8;
const MEDIUM_AT = 2;
/** A single term this strong is a complaint even inside a polite question. */
const STRONG_TERM = 2;
/** Negated negative terms turn slightly positive (不差); negated positives turn negative (不及时). */
const NEGATED_NEGATIVE = -0.3;
const NEGATED_POSITIVE = 0.9;
/** Positives offset only part of the negatives: thanks never erase a complaint. */
const POSITIVE_OFFSET = 0.5;
const SARCASTIC_FLIP = 0.8;
const SARCASTIC_EMOJI_WEIGHT = 1;
const SINCERE_IRONIC_PRAISE = -1;
const EMPHASIS_FACTOR = 1.25;

/** One sentiment-bearing term with its resolved contribution. */
interface Scored {
  hit: Hit;
  kind: EvidenceKind;
  weight: number;
  negated: boolean;
}

export function analyze(text: string): Analysis {
  const input = typeof text === 'string' ? text : '';
  const norm = normalize(input);
  const hits = collectHits(LEXICON, norm.text);

  const contrast = lastOf(hits.contrasts);
  const notice = hits.notices.some((h) => h.start < NOTICE_PREFIX_CHARS);
  const usedDegrees = new Set<Hit>();
  const scored: Scored[] = [];
  const ironic: Scored[] = [];
  const sarcasticEmoji: Scored[] = [];
  const escalations: Scored[] = [];
  let sarcasmCue = false;

  for (const hit of hits.sentiment) {
    const negator = modifierBefore(norm.text, hits.negators, hit);
    const degree = modifierBefore(norm.text, hits.degrees, hit);
    const negated = negator !== null;
    const entry = hit.entry;
    if (entry.kind === 'escalation') {
      escalations.push({ hit, kind: 'escalation', weight: 0, negated });
      continue;
    }
    if (entry.kind === 'ironic') {
      if (!negated) ironic.push({ hit, kind: 'sarcasm', weight: 0, negated });
      continue;
    }
    if (entry.kind === 'sarcastic-emoji') {
      sarcasticEmoji.push({ hit, kind: 'emoji', weight: 0, negated: false });
      continue;
    }
    if (entry.kind !== 'negative' && entry.kind !== 'positive' && entry.kind !== 'sarcasm' && entry.kind !== 'emoji') continue;
    let weight = entry.weight;
    if (degree && degree.entry.kind === 'degree') {
      usedDegrees.add(degree);
      weight *= degree.entry.factor;
      if (degree.entry.diminisher && weight > 0) weight = Math.min(Math.max(weight, DIMINISHER_ALONE_WEIGHT), DIMINISHED_MAX);
    }
    if (negator && negator.entry.kind === 'negator') {
      if (weight < 0) weight = -weight * NEGATED_POSITIVE;
      else weight *= negator.entry.prohibitive ? PROHIBITED_NEGATIVE : NEGATED_NEGATIVE;
    }
    if (entry.kind === 'sarcasm' && !negated) sarcasmCue = true;
    scored.push({ hit, kind: entry.kind, weight: weight * contrastFactor(contrast, hit), negated });
  }

  // Diminishers with nothing to modify (水压有点小) are a mild complaint of their own.
  for (const degree of hits.degrees) {
    if (degree.entry.kind !== 'degree' || !degree.entry.diminisher || usedDegrees.has(degree)) continue;
    scored.push({ hit: degree, kind: 'negative', weight: DIMINISHER_ALONE_WEIGHT * contrastFactor(contrast, degree), negated: false });
  }

  // Sarcasm: ironic praise and [微笑] count only in a message that complains anyway.
  const complaining = scored.some((s) => s.weight > 0);
  for (const s of ironic) {
    s.weight = (complaining || sarcasmCue ? IRONIC_PRAISE_WEIGHT : SINCERE_IRONIC_PRAISE) * contrastFactor(contrast, s.hit);
    if (s.weight > 0) sarcasmCue = true;
    scored.push(s);
  }
  for (const s of sarcasticEmoji) {
    if (!complaining) continue;
    s.weight = SARCASTIC_EMOJI_WEIGHT;
    sarcasmCue = true;
    scored.push(s);
  }
  if (sarcasmCue && complaining) {
    for (const s of scored) if (s.kind === 'positive' && s.weight < 0) s.weight = -s.weight * SARCASTIC_FLIP;
  }

  let negativeSum = 0;
  let positiveSum = 0;
  let strongest = 0;
  for (const s of scored) {
    if (s.weight > 0) negativeSum += s.weight;
    else positiveSum -= s.weight;
    if (s.weight > strongest) strongest = s.weight;
  }
  let net = negativeSum - POSITIVE_OFFSET * positiveSum;
  if (net > 0 && hits.questions.length > 0 && strongest < STRONG_TERM) net *= QUESTION_DAMPING;
  if (notice) net *= NOTICE_DAMPING;
  if (net > 0 && norm.emphasis > 0) net *= EMPHASIS_FACTOR;

  const anyDirect = escalations.some((s) => !s.negated && s.hit.entry.kind === 'escalation' && s.hit.entry.direct);
  const threat = hits.threats.length > 0;
  const groups = new Set<EscalationGroup>();
  for (const s of escalations) {
    const entry = s.hit.entry;
    if (entry.kind !== 'escalation' || s.negated) continue;
    const fires = entry.direct || (!notice && (net >= 0.5 || anyDirect || (threat && net > 0)));
    if (!fires) continue;
    groups.add(entry.group);
    s.weight = ESCALATION_WEIGHT;
    scored.push(s);
  }
  const triggered = groups.size > 0;
  if (triggered) net += ESCALATION_WEIGHT;

  const level: SentimentLevel = triggered ? 'high' : net >= MEDIUM_AT ? 'medium' : net >= LOW_AT ? 'low' : 'none';
  return {
    negative: level !== 'none',
    score: scoreOf(net, triggered),
    level,
    topics: topicsOf(hits.topics),
    evidence: evidenceOf(input, norm, scored, hits.topics),
    escalation: { triggered, groups: ESCALATION_GROUPS.filter((g) => groups.has(g)) },
  };
}

/** The closest modifier ending within the window before `hit`, with no punctuation in between. */
function modifierBefore(text: string, modifiers: readonly Hit[], hit: Hit): Hit | null {
  let best: Hit | null = null;
  for (const m of modifiers) {
    if (m.end > hit.start || m.end < hit.start - NEGATION_WINDOW) continue;
    if (best && best.end >= m.end) continue;
    if (hasBreak(text, m.end, hit.start)) continue;
    best = m;
  }
  return best;
}

const BREAKS = new Set([',', '.', '!', '?', ';', ':', '。', '、', '…', '\n', ' ', '~']);
function hasBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (BREAKS.has(text[i])) return true;
  return false;
}

function lastOf(hits: readonly Hit[]): Hit | null {
  return hits.length > 0 ? hits[hits.length - 1] : null;
}

function contrastFactor(contrast: Hit | null, hit: Hit): number {
  if (!contrast) return 1;
  if (hit.end <= contrast.start) return BEFORE_CONTRAST;
  if (hit.start >= contrast.end) return AFTER_CONTRAST;
  return 1;
}

function scoreOf(net: number, triggered: boolean): number {
  const saturation = 1 - Math.exp(-Math.max(net, 0) / 2.5);
  const score = triggered ? 0.85 + 0.15 * saturation : Math.min(0.84, saturation);
  return Math.round(score * 1000) / 1000;
}

function topicsOf(topicHits: readonly Hit[]): SentimentTopic[] {
  if (topicHits.length === 0) return [];
  const found = new Set<SentimentTopic>();
  for (const h of topicHits) if (h.entry.kind === 'topic') found.add(h.entry.topic);
  return SENTIMENT_TOPICS.filter((t) => found.has(t));
}

function evidenceOf(input: string, norm: Normalized, scored: readonly Scored[], topicHits: readonly Hit[]): Evidence[] {
  const evidence: Evidence[] = [];
  for (const s of scored) {
    if (s.weight === 0) continue;
    const { start, end } = toOriginal(norm, s.hit.start, s.hit.end);
    const item: Evidence = { term: input.slice(start, end), start, end, kind: s.kind, weight: Math.round(s.weight * 1000) / 1000 };
    if (s.negated) item.negated = true;
    if (s.hit.entry.kind === 'escalation') item.group = s.hit.entry.group;
    evidence.push(item);
  }
  for (const h of topicHits) {
    if (h.entry.kind !== 'topic') continue;
    const { start, end } = toOriginal(norm, h.start, h.end);
    evidence.push({ term: input.slice(start, end), start, end, kind: 'topic', weight: 0, topic: h.entry.topic });
  }
  evidence.sort((a, b) => a.start - b.start || a.end - b.end);
  return evidence;
}
