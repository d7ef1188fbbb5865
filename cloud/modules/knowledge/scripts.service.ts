import type { ScriptView } from '@shared/contracts/knowledge.contract';
import type { ComplaintCategory, ComplaintStage } from '@shared/domain/complaints';
import type { LadderStage } from '@shared/domain/fees';
import type { ScriptContext, ScriptContextKind } from '@shared/domain/knowledge';
import type { IncidentTopic } from '@shared/domain/sentiment-incidents';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { mongoose } from '../../lib/db';
import { createOnce, idOfRequest } from '../../lib/idempotent';
import { Script, type ScriptDoc } from './knowledge.model';
import { STARTER_SCRIPTS, type StarterScript } from './starter-scripts';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

const STARTER_BY_KEY = new Map(STARTER_SCRIPTS.map((s) => [s.key, s]));

/** The `_id` of a community's version of a starter script: one per community and key. */
const overrideId = (communityId: Id | string, starterKey: string): Id => idOfRequest(`knowledge-script:${String(communityId)}:${starterKey}`);

/** A context as stored: its kind and its qualifiers as strings (a ladder stage '0'–'4'). */
interface Stored {
  context: ScriptContextKind;
  category?: string;
  stage?: string;
  topic?: string;
}

function stored(w: ScriptContext): Stored {
  switch (w.context) {
    case 'complaint':
      return { context: w.context, ...(w.category ? { category: w.category } : {}), ...(w.stage ? { stage: w.stage } : {}) };
    case 'arrears':
      return { context: w.context, ...(w.stage !== undefined ? { stage: String(w.stage) } : {}) };
    case 'incident':
    case 'inquiry':
      return { context: w.context, ...(w.topic ? { topic: w.topic } : {}) };
    default:
      return { context: w.context };
  }
}

function whereOf(s: { context: string; category?: string | null; stage?: string | null; topic?: string | null }): ScriptContext {
  switch (s.context) {
    case 'complaint':
      return { context: 'complaint', ...(s.category ? { category: s.category as ComplaintCategory } : {}), ...(s.stage ? { stage: s.stage as ComplaintStage } : {}) };
    case 'arrears':
      return { context: 'arrears', ...(s.stage ? { stage: Number(s.stage) as LadderStage } : {}) };
    case 'incident':
      return { context: 'incident', ...(s.topic ? { topic: s.topic as IncidentTopic } : {}) };
    case 'inquiry':
      return { context: 'inquiry', ...(s.topic ? { topic: s.topic } : {}) };
    case 'phone':
      return { context: 'phone' };
    default:
      return { context: 'general' };
  }
}

const QUALIFIERS = ['category', 'stage', 'topic'] as const;

/**
 * Is a script stored for `script` shown where the page asks for `page`? Same kind; each qualifier the
 * script names must equal the page's (one the script leaves out applies to every value); a qualifier
 * the page leaves out matches any.
 */
export function shownAt(script: Stored, page: Stored): boolean {
  if (script.context !== page.context) return false;
  return QUALIFIERS.every((q) => script[q] === undefined || page[q] === undefined || script[q] === page[q]);
}

/** More specific scripts first (a category's before the stage's general ones), then by qualifier (ladder stage 0 → 4), then by order. */
const specificity = (s: Stored) => QUALIFIERS.filter((q) => s[q] !== undefined).length;

function fromStarter(s: StarterScript, override?: ScriptDoc): ScriptView {
  return {
    starterKey: s.key,
    ...(override ? { scriptId: String(override._id), updatedByName: override.updatedByName } : {}),
    where: s.where,
    title: override?.title ?? s.title,
    text: override?.text ?? s.text,
    order: override?.order ?? s.order,
    starter: true,
    edited: Boolean(override && !override.hidden),
    hidden: Boolean(override?.hidden),
  };
}

function fromOwn(d: ScriptDoc): ScriptView {
  return { scriptId: String(d._id), where: whereOf(d), title: d.title, text: d.text, order: d.order ?? 100, starter: false, edited: false, hidden: false, updatedByName: d.updatedByName };
}

/** Every script of a context kind for a community, hidden ones flagged: the starter library with the community's versions, then its own. */
async function library(communityId: Id | string, kind: ScriptContextKind): Promise<ScriptView[]> {
  const docs = (await Script.find({ communityId: new ObjectId(String(communityId)), context: kind }).lean()) as ScriptDoc[];
  const overrides = new Map(docs.filter((d) => d.starterKey).map((d) => [d.starterKey, d]));
  const views = [...STARTER_SCRIPTS.filter((s) => s.where.context === kind).map((s) => fromStarter(s, overrides.get(s.key))), ...docs.filter((d) => !d.starterKey).map(fromOwn)];
  const qualifiers = (v: ScriptView) => QUALIFIERS.map((q) => stored(v.where)[q] ?? '').join('|');
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return views.sort((a, b) => specificity(stored(b.where)) - specificity(stored(a.where)) || cmp(qualifiers(a), qualifiers(b)) || a.order - b.order || cmp(a.title, b.title));
}

/** The scripts shown at a page's context, for a community (the sentiment module reads its group replies here). */
export async function scriptsFor(communityId: Id | string, where: ScriptContext): Promise<ScriptView[]> {
  const page = stored(where);
  return (await library(communityId, where.context)).filter((s) => !s.hidden && shownAt(stored(s.where), page));
}

export async function scripts(caller: Caller, where: ScriptContext): Promise<ScriptView[]> {
  return scriptsFor(caller.communityId, where);
}

export async function scriptLibrary(caller: Caller, kind: ScriptContextKind): Promise<ScriptView[]> {
  return library(caller.communityId, kind);
}

function starterOf(key: string): StarterScript {
  const s = STARTER_BY_KEY.get(key);
  if (!s) throw new AppError('SCRIPT.NOT_FOUND');
  return s;
}

const sameWhere = (a: ScriptContext, b: ScriptContext) => JSON.stringify(stored(a), Object.keys(stored(a)).sort()) === JSON.stringify(stored(b), Object.keys(stored(b)).sort());

export interface SaveScript {
  scriptId?: string;
  starterKey?: string;
  requestId?: string;
  where: ScriptContext;
  title: string;
  text: string;
  order: number;
}

export async function saveScript(caller: Caller, input: SaveScript): Promise<ScriptView> {
  const communityId = new ObjectId(caller.communityId);
  const fields = { title: input.title, text: input.text, order: input.order, updatedByName: caller.name };
  const unset = { category: 1, stage: 1, topic: 1 };
  if (input.starterKey) {
    const s = starterOf(input.starterKey);
    if (!sameWhere(s.where, input.where)) throw new AppError('SCRIPT.CONTEXT_FIXED');
    const _id = overrideId(communityId, s.key);
    await Script.updateOne(
      { _id },
      { $set: { ...fields, ...stored(s.where), hidden: false }, $setOnInsert: { communityId, starterKey: s.key } },
      { upsert: true },
    );
    const d = (await Script.findById(_id).lean()) as ScriptDoc;
    return fromStarter(s, d);
  }
  if (input.scriptId) {
    const _id = new ObjectId(input.scriptId);
    const cur = (await Script.findOne({ _id, communityId }).lean()) as ScriptDoc | null;
    if (!cur) throw new AppError('SCRIPT.NOT_FOUND');
    if (cur.starterKey) return saveScript(caller, { ...input, scriptId: undefined, starterKey: cur.starterKey });
    const where = stored(input.where);
    await Script.updateOne({ _id, communityId }, { $set: { ...fields, ...where }, $unset: Object.fromEntries(Object.keys(unset).filter((k) => !(k in where)).map((k) => [k, 1])) });
    return fromOwn((await Script.findById(_id).lean()) as ScriptDoc);
  }
  const { doc } = await createOnce<ScriptDoc>({
    model: Script,
    key: `knowledge-script:${caller.userId}:${input.requestId}`,
    build: async (_id) => ({ _id, communityId, starterKey: '', ...stored(input.where), ...fields, hidden: false }),
  });
  return fromOwn(doc);
}

export async function removeScript(caller: Caller, input: { scriptId?: string; starterKey?: string }): Promise<{ removed: true }> {
  const communityId = new ObjectId(caller.communityId);
  let starterKey = input.starterKey;
  if (input.scriptId) {
    const cur = (await Script.findOne({ _id: new ObjectId(input.scriptId), communityId }).lean()) as ScriptDoc | null;
    if (!cur) throw new AppError('SCRIPT.NOT_FOUND');
    if (!cur.starterKey) {
      await Script.deleteOne({ _id: cur._id, communityId });
      return { removed: true };
    }
    starterKey = cur.starterKey;
  }
  const s = starterOf(starterKey ?? '');
  await Script.updateOne(
    { _id: overrideId(communityId, s.key) },
    { $set: { hidden: true, updatedByName: caller.name }, $setOnInsert: { communityId, starterKey: s.key, ...stored(s.where), title: s.title, text: s.text, order: s.order } },
    { upsert: true },
  );
  return { removed: true };
}

export async function restoreScript(caller: Caller, starterKey: string): Promise<ScriptView> {
  const s = starterOf(starterKey);
  await Script.deleteOne({ _id: overrideId(caller.communityId, s.key), communityId: new ObjectId(caller.communityId) });
  return fromStarter(s);
}
