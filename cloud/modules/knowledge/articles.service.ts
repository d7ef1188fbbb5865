import { createHash } from 'node:crypto';
import type { Paged } from '@shared/contracts/contract';
import type { ArticleDetail, ArticleSummary, MissingAnswer, SearchHit } from '@shared/contracts/knowledge.contract';
import { addDays, dayStart, localDay } from '@shared/domain/calendar';
import { MISSING_ANSWER_DAYS, type ArticleAudience, type ArticleCategory, type ArticleStatus } from '@shared/domain/knowledge';
import { AppError } from '../../lib/app-error';
import { hasRole, type Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { paged } from '../../lib/paging';
import { readableArticles } from './knowledge.access';
import { Article, ArticleFeedback, SearchLog, type ArticleDoc } from './knowledge.model';
import { canonicalQuery, highlightsIn, indexTerms, queryTerms, rank, snippet } from './search-text';
import { ensureStarterArticles } from './starter.service';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/** How many candidate articles one search reads at most (a community has tens to a few hundred). */
export const CANDIDATE_LIMIT = 400;
/** How many missing answers the lists show. */
const MISSING_TOP = 20;

function toSummary(d: ArticleDoc): ArticleSummary {
  return {
    id: String(d._id),
    title: d.title,
    category: d.category as ArticleCategory,
    audience: d.audience as ArticleAudience,
    status: d.status as ArticleStatus,
    keywords: d.keywords ?? [],
    starter: Boolean(d.starterKey),
    updatedAt: d.updatedAt.toISOString(),
    updatedByName: d.updatedByName,
    helpful: d.helpful ?? 0,
    notHelpful: d.notHelpful ?? 0,
  };
}

async function detail(caller: Caller, d: ArticleDoc): Promise<ArticleDetail> {
  const mine = hasRole(caller, 'owner') ? await ArticleFeedback.findById(`${String(d._id)}:${caller.userId}`).lean() : null;
  return { ...toSummary(d), body: d.body, ...(mine ? { myFeedback: mine.helpful } : {}) };
}

async function load(caller: Caller, id: string): Promise<ArticleDoc> {
  const d = (await Article.findOne({ _id: new ObjectId(id), ...readableArticles(caller) }).lean()) as ArticleDoc | null;
  if (!d) throw new AppError('ARTICLE.NOT_FOUND');
  return d;
}

export async function list(caller: Caller, input: { category?: ArticleCategory; status?: ArticleStatus | 'all'; page: number; pageSize: number }): Promise<Paged<ArticleSummary>> {
  await ensureStarterArticles(caller.communityId);
  const filter: Record<string, unknown> = { ...readableArticles(caller) };
  if (input.category) filter.category = input.category;
  // Managers see drafts too; archived ones only when asked for.
  if (hasRole(caller, 'manager')) {
    if (input.status && input.status !== 'all') filter.status = input.status;
    else if (!input.status) filter.status = { $in: ['published', 'draft'] };
  }
  return paged({ model: Article, filter, sort: { updatedAt: -1 }, projection: { terms: 0, body: 0 } }, input, (docs: ArticleDoc[]) => docs.map(toSummary));
}

export async function get(caller: Caller, id: string): Promise<ArticleDetail> {
  return detail(caller, await load(caller, id));
}

/**
 * Search the published articles the caller may read (search-text.ts): candidates holding any of the
 * query's terms (`$in` on the indexed `terms`, at most CANDIDATE_LIMIT), ranked in code, paged.
 * An owner's search is counted (searchFigures, missingAnswers).
 */
export async function search(caller: Caller, input: { q: string; category?: ArticleCategory; page: number; pageSize: number }): Promise<Paged<SearchHit>> {
  await ensureStarterArticles(caller.communityId);
  const terms = queryTerms(input.q);
  const visible: Record<string, unknown> = { ...readableArticles(caller), status: 'published', ...(input.category ? { category: input.category } : {}) };
  const [candidates, total] = terms.length
    ? await Promise.all([
        Article.find({ ...visible, terms: { $in: terms } }, { title: 1, keywords: 1, terms: 1, body: 1, category: 1 })
          .limit(CANDIDATE_LIMIT)
          .lean() as Promise<ArticleDoc[]>,
        Article.countDocuments(visible),
      ])
    : [[] as ArticleDoc[], 0];
  const ranked = rank(input.q, candidates, total);
  if (hasRole(caller, 'owner') && !hasRole(caller, 'agent', 'manager', 'cashier', 'technician')) await logSearch(caller.communityId, input.q, ranked.length);
  const start = (input.page - 1) * input.pageSize;
  const items = ranked.slice(start, start + input.pageSize).map(
    (r): SearchHit => ({
      id: String(r.doc._id),
      title: r.doc.title,
      category: r.doc.category as ArticleCategory,
      score: r.score,
      snippet: snippet(r.doc.body, r.matched),
      titleHighlights: highlightsIn(r.doc.title, r.matched),
    }),
  );
  return { items, total: ranked.length, page: input.page, pageSize: input.pageSize };
}

/** The count of one normalised query on one local day (YYYY-MM-DD) of a community. */
export const searchLogId = (communityId: string, day: string, query: string): string => `${communityId}:${day}:${createHash('sha1').update(query).digest('hex').slice(0, 16)}`;

/** One owner search counted: per community, local day and normalised query. */
async function logSearch(communityId: string, q: string, hits: number): Promise<void> {
  const query = canonicalQuery(q);
  if (!query) return;
  const day = localDay(now());
  const _id = searchLogId(communityId, day, query);
  const update = { $inc: { count: 1 }, $set: { hits }, $setOnInsert: { communityId: new ObjectId(communityId), day: dayStart(day), query } };
  try {
    await SearchLog.updateOne({ _id }, update, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await SearchLog.updateOne({ _id }, update); // a twin inserted it first
  }
}

export interface SaveArticle {
  articleId?: string;
  requestId?: string;
  title: string;
  body: string;
  category: ArticleCategory;
  keywords: string[];
  audience: ArticleAudience;
  status: 'published' | 'draft';
}

export async function saveArticle(caller: Caller, input: SaveArticle): Promise<ArticleDetail> {
  const keywords = [...new Set(input.keywords.map((k) => k.trim()).filter(Boolean))];
  const fields = {
    title: input.title,
    body: input.body,
    category: input.category,
    keywords,
    audience: input.audience,
    status: input.status,
    terms: indexTerms(input.title, ...keywords, input.body),
    updatedByName: caller.name,
  };
  if (input.articleId) {
    const _id = new ObjectId(input.articleId);
    await load(caller, input.articleId);
    await Article.updateOne({ _id, communityId: new ObjectId(caller.communityId) }, { $set: { ...fields } });
    return detail(caller, await load(caller, input.articleId));
  }
  const { doc } = await createOnce<ArticleDoc>({
    model: Article,
    key: `knowledge-article:${caller.userId}:${input.requestId}`,
    build: async (_id) => ({ _id, communityId: new ObjectId(caller.communityId), ...fields, starterKey: '' }),
  });
  return detail(caller, doc);
}

export async function archiveArticle(caller: Caller, articleId: string): Promise<ArticleDetail> {
  await load(caller, articleId);
  await Article.updateOne({ _id: new ObjectId(articleId), communityId: new ObjectId(caller.communityId) }, { $set: { status: 'archived', updatedByName: caller.name } });
  return detail(caller, await load(caller, articleId));
}

/** An owner's vote: one per owner and article; voting again the other way moves the vote. */
export async function feedback(caller: Caller, input: { articleId: string; helpful: boolean }): Promise<ArticleDetail> {
  const d = await load(caller, input.articleId);
  const _id = `${input.articleId}:${caller.userId}`;
  const before = await ArticleFeedback.findById(_id).lean();
  if (!before || before.helpful !== input.helpful) {
    await ArticleFeedback.updateOne({ _id }, { $set: { helpful: input.helpful, at: now() }, $setOnInsert: { communityId: d.communityId, articleId: d._id } }, { upsert: true });
    const inc: Record<string, number> = { [input.helpful ? 'helpful' : 'notHelpful']: 1 };
    if (before) inc[before.helpful ? 'helpful' : 'notHelpful'] = -1;
    await Article.updateOne({ _id: d._id }, { $inc: inc });
  }
  return detail(caller, await load(caller, input.articleId));
}

/** The owners' searches since a day, counted; `missing`: the most frequent that found nothing. */
export async function searchFigures(communityId: Id, since: Date): Promise<{ searches: number; withHits: number; missing: { query: string; count: number }[] }> {
  const logs = await SearchLog.find({ communityId, day: { $gte: dayStart(localDay(since)) } }).lean();
  let searches = 0;
  let withHits = 0;
  const missing = new Map<string, { count: number; lastDay: Date }>();
  for (const l of logs) {
    searches += l.count;
    if (l.hits > 0) withHits += l.count;
    else {
      const m = missing.get(l.query) ?? { count: 0, lastDay: l.day };
      m.count += l.count;
      if (l.day > m.lastDay) m.lastDay = l.day;
      missing.set(l.query, m);
    }
  }
  const top = [...missing.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1)).slice(0, MISSING_TOP);
  return { searches, withHits, missing: top.map(([query, m]) => ({ query, count: m.count })) };
}

/** Manager: owners' searches that found nothing in the last MISSING_ANSWER_DAYS days, most frequent first. */
export async function missingAnswers(caller: Caller): Promise<MissingAnswer[]> {
  const from = dayStart(addDays(localDay(now()), -(MISSING_ANSWER_DAYS - 1)));
  const logs = await SearchLog.find({ communityId: new ObjectId(caller.communityId), day: { $gte: from }, hits: 0 }).lean();
  const by = new Map<string, { count: number; lastDay: Date }>();
  for (const l of logs) {
    const m = by.get(l.query) ?? { count: 0, lastDay: l.day };
    m.count += l.count;
    if (l.day > m.lastDay) m.lastDay = l.day;
    by.set(l.query, m);
  }
  return [...by.entries()]
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
    .slice(0, MISSING_TOP)
    .map(([query, m]) => ({ query, count: m.count, lastDay: localDay(m.lastDay) }));
}

/** Owners' search counts older than this many days are deleted (housekeeping). */
export const SEARCH_LOG_DAYS = 90;

/** Housekeeping: delete search counts older than SEARCH_LOG_DAYS (the given communities only, when named). */
export async function deleteOldSearchLogs(at: Date, communityIds?: string[], limit?: number): Promise<number> {
  const before = dayStart(addDays(localDay(at), -SEARCH_LOG_DAYS));
  const filter = { day: { $lt: before }, ...(communityIds ? { communityId: communityIds.length === 1 ? new ObjectId(communityIds[0]) : { $in: communityIds.map((c) => new ObjectId(c)) } } : {}) };
  if (limit === undefined) return (await SearchLog.deleteMany(filter)).deletedCount ?? 0;
  // A bounded batch (housekeeping's budget), by id.
  const ids = (await SearchLog.find(filter, { _id: 1 }).limit(limit).lean()).map((l) => l._id);
  return ids.length ? ((await SearchLog.deleteMany({ _id: { $in: ids } })).deletedCount ?? 0) : 0;
}
