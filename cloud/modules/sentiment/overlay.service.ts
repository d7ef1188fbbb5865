import type { LexiconFile, LexiconView, OverlayEntryView } from '@shared/contracts/sentiment-lexicon.contract';
import { SENTIMENT_LEVELS } from '@shared/domain/sentiment';
import { lexiconVersionLabel, OVERLAY_MAX_ENTRIES, parsePattern, type LexiconEntry, type LexiconVersion } from '@shared/domain/sentiment-lexicon';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { insertIgnoringDuplicates } from '../../lib/bulk';
import { communityName } from '../community';
import { analyze, BUILTIN_LEXICON_VERSION, compileLexicon, type Analyzer } from './engine';
import { normalize } from './engine/normalize';
import { SentimentLexicon, SentimentLexiconEntry, type LexiconEntryDoc } from './lexicon-overlay.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/** The built-in lexicon alone (a community without an overlay). */
const BUILTIN: Analyzer = { analyze, version: { builtin: BUILTIN_LEXICON_VERSION, overlay: 0 } };

/** Compiled analyzers of the communities seen lately, by community id (least recently used first). */
const analyzers = new Map<string, Analyzer>();
/** At most this many communities' compiled overlays are kept (each ≤ 2,000 entries). */
export const ANALYZER_CACHE_SIZE = 50;

/**
 * The community's analyzer: the built-in lexicon plus its overlay at the current version. One small
 * read (the header's version) per call — the ingest calls it once per batch; the overlay's entries
 * are read and compiled only when the version changed since the cached compile. An accepted entry
 * therefore applies to the next batch without a deploy, on every instance.
 */
export async function analyzerFor(communityId: Id | string): Promise<Analyzer> {
  const id = String(communityId);
  const header = await SentimentLexicon.findById(new ObjectId(id), { version: 1 }).lean();
  const version = header?.version ?? 0;
  if (version === 0) return BUILTIN;
  const hit = analyzers.get(id);
  if (hit && hit.version.overlay === version) {
    analyzers.delete(id);
    analyzers.set(id, hit);
    return hit;
  }
  const analyzer = compileLexicon(await overlayEntries(id), version);
  analyzers.delete(id);
  analyzers.set(id, analyzer);
  while (analyzers.size > ANALYZER_CACHE_SIZE) analyzers.delete(analyzers.keys().next().value as string);
  return analyzer;
}

/** The community's overlay entries (at most OVERLAY_MAX_ENTRIES). */
export async function overlayEntries(communityId: Id | string): Promise<LexiconEntry[]> {
  const docs = await SentimentLexiconEntry.find({ communityId: new ObjectId(String(communityId)) }, { entry: 1 }).lean();
  return docs.map((d) => d.entry as LexiconEntry);
}

/**
 * An entry's identity in the overlay: its kind and its text normalised exactly as the engine reads it
 * (engine/normalize: Traditional → Simplified, full/half width, case, repeats), spaces dropped and
 * `...` = `…` — so 離譜 and 离谱, which the engine cannot tell apart, are one entry.
 */
export function entryKey(entry: Pick<LexiconEntry, 'kind' | 'text'>): string {
  return `${entry.kind}:${normalize(entry.text.replace(/\.\.\./g, '…')).text.replace(/\s+/g, '')}`;
}

/** The same judgement (level, topics, group) — re-adding it is a no-op. */
function sameEntry(a: LexiconEntry, b: LexiconEntry): boolean {
  const norm = (e: LexiconEntry) => JSON.stringify({ kind: e.kind, level: 'level' in e ? e.level : null, topics: 'topics' in e ? [...e.topics].sort() : null, group: 'group' in e ? (e.group ?? null) : null });
  return norm(a) === norm(b);
}

/** `phrase` and `benign` of the same text contradict each other: the later judgement replaces the earlier. */
function opposite(entry: LexiconEntry): string | null {
  if (entry.kind === 'phrase') return entryKey({ kind: 'benign', text: entry.text });
  if (entry.kind === 'benign') return entryKey({ kind: 'phrase', text: entry.text });
  return null;
}

export interface OverlayChange {
  added: number;
  updated: number;
  removed: number;
  version: number;
}

/**
 * Writes entries into the community's overlay (entries already validated: the contract's
 * `lexiconEntrySchema`), then counts the version up once (`$inc`) when anything changed. An entry
 * whose key is there with the same judgement changes nothing; with another level/topics it is
 * updated; a `phrase` removes the `benign` of the same text and vice versa. `replace` removes every
 * entry not in `entries` (an import in replace mode). Refused before any write: more than
 * OVERLAY_MAX_ENTRIES entries afterwards.
 */
export async function writeEntries(communityId: Id, entries: readonly LexiconEntry[], source: 'correction' | 'manual' | 'import', by: { userId: string; name: string }, opts: { replace?: boolean } = {}): Promise<OverlayChange> {
  const wanted = new Map<string, LexiconEntry>();
  for (const e of entries) wanted.set(entryKey(e), e);
  const existing = (await SentimentLexiconEntry.find({ communityId }, { entry: 1 }).lean()) as Pick<LexiconEntryDoc, '_id' | 'entry'>[];
  // Keys recomputed from the entries, not the stored ones: a stored key is as of the normalisation of
  // its day, and when the engine's changes (離譜 = 离谱, 什麼 = 什么) entries it can no longer tell apart
  // are one entry — the later ones go.
  const byKey = new Map<string, Pick<LexiconEntryDoc, '_id' | 'entry'>>();
  const remove = new Set<string>();
  for (const d of existing) {
    const key = entryKey(d.entry as LexiconEntry);
    if (byKey.has(key)) remove.add(String(d._id));
    else byKey.set(key, d);
  }
  if (opts.replace) for (const [key, d] of byKey) if (!wanted.has(key)) remove.add(String(d._id));
  for (const e of wanted.values()) {
    const other = opposite(e);
    const o = other && !wanted.has(other) ? byKey.get(other) : undefined;
    if (o) remove.add(String(o._id));
  }
  const inserts: LexiconEntry[] = [];
  const updates: { id: Id; entry: LexiconEntry }[] = [];
  for (const [key, e] of wanted) {
    const d = byKey.get(key);
    if (!d) inserts.push(e);
    else if (!sameEntry(d.entry as LexiconEntry, e)) updates.push({ id: d._id, entry: e });
  }
  if (existing.length - remove.size + inserts.length > OVERLAY_MAX_ENTRIES) {
    throw new AppError('VALIDATION', `本小区词库最多${OVERLAY_MAX_ENTRIES}条`, { issues: [{ path: 'entries', message: `本小区词库最多${OVERLAY_MAX_ENTRIES}条` }] });
  }
  const header = await SentimentLexicon.findById(communityId, { version: 1 }).lean();
  const version = (header?.version ?? 0) + 1;
  if (!inserts.length && !updates.length && !remove.size) return { added: 0, updated: 0, removed: 0, version: version - 1 };
  const at = now();
  const stamp = { source, sinceVersion: version, addedById: new ObjectId(by.userId), addedByName: by.name, addedAt: at };
  const docs = inserts.map((entry) => ({ _id: new ObjectId(), communityId, key: entryKey(entry), entry, ...stamp }));
  // Unordered: an entry another request added meanwhile is a duplicate key, i.e. already there.
  for (let i = 0; i < docs.length; i += 500) await insertIgnoringDuplicates(SentimentLexiconEntry.collection, docs.slice(i, i + 500));
  // FerretDB v1 hangs on a bulkWrite of more than 50 updates.
  for (let i = 0; i < updates.length; i += 50) {
    await SentimentLexiconEntry.bulkWrite(updates.slice(i, i + 50).map((u) => ({ updateOne: { filter: { _id: u.id, communityId }, update: { $set: { entry: u.entry, ...stamp } } } })));
  }
  if (remove.size) await SentimentLexiconEntry.deleteMany({ _id: { $in: [...remove].map((r) => new ObjectId(r)) }, communityId });
  // The version last: an analyzer compiled for the new version has every one of its entries.
  const bumped = await SentimentLexicon.findOneAndUpdate({ _id: communityId }, { $inc: { version: 1 }, $set: { updatedAt: at }, $setOnInsert: { communityId } }, { upsert: true, new: true }).lean();
  return { added: inserts.length, updated: updates.length, removed: remove.size, version: bumped?.version ?? version };
}

/** What the built-in lexicon alone says of the entry's own text (a pattern: its first alternatives, gaps left out). */
export function builtinCovers(entry: LexiconEntry): boolean {
  let text = entry.text;
  if (entry.kind === 'pattern') {
    const parsed = parsePattern(entry.text);
    if (!parsed.ok) return false;
    text = parsed.parts.map((p) => ('gap' in p ? '' : p.alternatives[0])).join('');
  }
  const a = BUILTIN.analyze(text);
  switch (entry.kind) {
    case 'benign':
      return !a.negative;
    case 'topic':
      return a.topics.length === entry.topics.length && entry.topics.every((t) => a.topics.includes(t));
    case 'phrase':
    case 'pattern':
      return (
        a.negative &&
        SENTIMENT_LEVELS.indexOf(a.level) >= SENTIMENT_LEVELS.indexOf(entry.level) &&
        entry.topics.every((t) => a.topics.includes(t)) &&
        (entry.level !== 'high' || !entry.group || a.escalation.groups.includes(entry.group))
      );
  }
}

function entryView(d: LexiconEntryDoc): OverlayEntryView {
  const entry = d.entry as LexiconEntry;
  return {
    id: String(d._id),
    entry,
    addedAt: d.addedAt.toISOString(),
    addedByName: d.addedByName,
    source: d.source as OverlayEntryView['source'],
    sinceVersion: d.sinceVersion,
    builtinCovers: builtinCovers(entry),
  };
}

async function versionOf(communityId: Id): Promise<{ version: LexiconVersion; updatedAt?: Date }> {
  const header = await SentimentLexicon.findById(communityId, { version: 1, updatedAt: 1 }).lean();
  return { version: { builtin: BUILTIN_LEXICON_VERSION, overlay: header?.version ?? 0 }, ...(header?.updatedAt ? { updatedAt: header.updatedAt } : {}) };
}

export async function lexicon(caller: Caller): Promise<LexiconView> {
  const communityId = new ObjectId(caller.communityId);
  const [{ version, updatedAt }, docs] = await Promise.all([
    versionOf(communityId),
    SentimentLexiconEntry.find({ communityId }).sort({ sinceVersion: -1, _id: -1 }).limit(OVERLAY_MAX_ENTRIES).lean() as Promise<LexiconEntryDoc[]>,
  ]);
  return { version, label: lexiconVersionLabel(version), entries: docs.map(entryView), ...(updatedAt ? { updatedAt: updatedAt.toISOString() } : {}) };
}

const actor = (caller: Caller) => ({ userId: caller.userId, name: caller.name });

export async function addLexiconEntry(caller: Caller, input: { entry: LexiconEntry }): Promise<LexiconView> {
  await writeEntries(new ObjectId(caller.communityId), [input.entry], 'manual', actor(caller));
  return lexicon(caller);
}

export async function removeLexiconEntry(caller: Caller, input: { entryId: string }): Promise<LexiconView> {
  const communityId = new ObjectId(caller.communityId);
  const { deletedCount } = await SentimentLexiconEntry.deleteOne({ _id: new ObjectId(input.entryId), communityId });
  if (!deletedCount) throw new AppError('LEXICON.ENTRY_NOT_FOUND');
  await SentimentLexicon.updateOne({ _id: communityId }, { $inc: { version: 1 }, $set: { updatedAt: now() }, $setOnInsert: { communityId } }, { upsert: true });
  return lexicon(caller);
}

/** The overlay as a file (another community of the company imports it). */
export async function exportLexicon(caller: Caller): Promise<LexiconFile> {
  const communityId = new ObjectId(caller.communityId);
  const [{ version }, docs, name] = await Promise.all([
    versionOf(communityId),
    SentimentLexiconEntry.find({ communityId }, { entry: 1 }).sort({ sinceVersion: -1, _id: -1 }).limit(OVERLAY_MAX_ENTRIES).lean(),
    communityName(communityId),
  ]);
  return { format: 'wuye-sentiment-lexicon', formatVersion: 1, communityName: name, version, exportedAt: now().toISOString(), entries: docs.reverse().map((d) => d.entry as LexiconEntry) };
}

/**
 * Merge the file's entries into the overlay, or replace the overlay with them. Every entry was
 * checked by the contract first (`lexiconEntrySchema`: a bad one is a 400 naming its index, before
 * anything is written); the version counts up once.
 */
export async function importLexicon(caller: Caller, input: { mode: 'merge' | 'replace'; file: { entries: LexiconEntry[] } }): Promise<LexiconView> {
  await writeEntries(new ObjectId(caller.communityId), input.file.entries, 'import', actor(caller), { replace: input.mode === 'replace' });
  return lexicon(caller);
}
