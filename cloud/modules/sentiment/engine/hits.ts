/**
 * From raw automaton matches to the hits the rules use: split by role, drop number terms that are
 * part of a longer number (110 in 1100), and drop a term contained in a longer term (满意 inside
 * 不满意, 报警 inside 报警器, 不 inside 没人管). Topic keywords and context flags are never dropped.
 */
import type { LexiconEntry, LexiconIndex } from './lexicon-index';

export interface Hit {
  start: number;
  end: number;
  entry: LexiconEntry;
}

export interface Hits {
  sentiment: Hit[];
  negators: Hit[];
  degrees: Hit[];
  topics: Hit[];
  questions: Hit[];
  contrasts: Hit[];
  notices: Hit[];
  threats: Hit[];
}

export function collectHits(index: LexiconIndex, text: string): Hits {
  const hits: Hits = { sentiment: [], negators: [], degrees: [], topics: [], questions: [], contrasts: [], notices: [], threats: [] };
  const matches = index.automaton.matchInText(text);
  if (matches.length === 0) return hits;
  const lexical: Hit[] = [];
  for (const m of matches) {
    if (!numberBoundaryOk(text, m.begin, m.end)) continue;
    const entries = index.entries.get(m.keyword);
    if (!entries) continue;
    for (const entry of entries) {
      const hit = { start: m.begin, end: m.end, entry };
      switch (entry.kind) {
        case 'topic':
          hits.topics.push(hit);
          break;
        case 'question':
          hits.questions.push(hit);
          break;
        case 'contrast':
          hits.contrasts.push(hit);
          break;
        case 'notice':
          hits.notices.push(hit);
          break;
        case 'threat':
          hits.threats.push(hit);
          break;
        default:
          lexical.push(hit);
      }
    }
  }
  // Matches arrive ordered by end; a containing term ends at or after the terms it contains.
  for (const hit of lexical) {
    if (isContained(hit, lexical)) continue;
    const kind = hit.entry.kind;
    if (kind === 'negator') hits.negators.push(hit);
    else if (kind === 'degree') hits.degrees.push(hit);
    else if (kind !== 'blocker') hits.sentiment.push(hit);
  }
  if (hits.topics.length > 0 && lexical.some((h) => h.entry.kind === 'blocker')) {
    hits.topics = hits.topics.filter((t) => !lexical.some((b) => b.entry.kind === 'blocker' && b.start <= t.start && b.end >= t.end));
  }
  // Contrast uses the last marker; keep markers in text order.
  hits.contrasts.sort((a, b) => a.start - b.start);
  return hits;
}

function isContained(hit: Hit, all: readonly Hit[]): boolean {
  const length = hit.end - hit.start;
  for (const other of all) {
    if (other.end - other.start > length && other.start <= hit.start && other.end >= hit.end) return true;
  }
  return false;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** 110 must not match inside 1100: a term that starts/ends with a digit needs non-digit neighbours. */
function numberBoundaryOk(text: string, begin: number, end: number): boolean {
  if (isDigit(text.charCodeAt(begin)) && begin > 0 && isDigit(text.charCodeAt(begin - 1))) return false;
  if (isDigit(text.charCodeAt(end - 1)) && end < text.length && isDigit(text.charCodeAt(end))) return false;
  return true;
}
