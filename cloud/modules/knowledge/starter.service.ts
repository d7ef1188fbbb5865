import { mongoose, isDuplicateKey } from '../../lib/db';
import { now } from '../../lib/clock';
import { idOfRequest } from '../../lib/idempotent';
import { indexTerms } from './search-text';
import { STARTER_ARTICLES, STARTER_VERSION } from './starter-articles';
import { Article, KnowledgeSeed } from './knowledge.model';

type Id = mongoose.Types.ObjectId;

/** The `_id` a starter article gets in a community: derived, so copying it twice adds nothing. */
export const starterArticleId = (communityId: Id | string, key: string): Id => idOfRequest(`knowledge-article:${String(communityId)}:${key}`);

/** Communities this process has seen seeded (one `_id` read per community and process otherwise). */
const seeded = new Set<string>();

/**
 * The starter articles, copied into a community the first time anyone of it reads the knowledge base
 * (and again when STARTER_VERSION goes up: only the ones it lacks). Copies are the community's own to
 * edit or archive — an archived or edited starter article is never overwritten. Safe to run twice at
 * once: each article's `_id` is derived from its key, and the marker is written last.
 */
export async function ensureStarterArticles(communityId: Id | string): Promise<number> {
  const key = String(communityId);
  if (seeded.has(key)) return 0;
  const mark = await KnowledgeSeed.findById(key).lean();
  if (mark && mark.version >= STARTER_VERSION) {
    seeded.add(key);
    return 0;
  }
  const cid = new mongoose.Types.ObjectId(key);
  const ids = STARTER_ARTICLES.map((a) => starterArticleId(cid, a.key));
  const have = new Set((await Article.find({ _id: { $in: ids } }, { _id: 1 }).lean()).map((d) => String(d._id)));
  const at = now();
  // Listed newest first: the first starter article gets the latest time, so the list keeps the library's order.
  const docs = STARTER_ARTICLES.map((a, i) => ({ a, i }))
    .filter(({ i }) => !have.has(String(ids[i])))
    .map(({ a, i }) => ({
    _id: starterArticleId(cid, a.key),
    communityId: cid,
    title: a.title,
    body: a.body,
    category: a.category,
    keywords: a.keywords,
    audience: a.audience,
    status: 'published',
    terms: indexTerms(a.title, ...a.keywords, a.body),
    starterKey: a.key,
    updatedByName: '系统预置',
    createdAt: new Date(at.getTime() - i),
    updatedAt: new Date(at.getTime() - i),
  }));
  let added = 0;
  for (const doc of docs) {
    try {
      await Article.collection.insertOne(doc);
      added++;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // a twin copied it first
    }
  }
  try {
    await KnowledgeSeed.updateOne({ _id: key }, { $set: { version: STARTER_VERSION, at } }, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // a twin wrote the marker
  }
  seeded.add(key);
  return added;
}

/** Tests only: forget which communities this process has seen seeded (their database was dropped). */
export function forgetSeeded(): void {
  seeded.clear();
}
