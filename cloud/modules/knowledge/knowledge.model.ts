import { ARTICLE_AUDIENCES, ARTICLE_CATEGORIES, ARTICLE_STATUSES, SCRIPT_CONTEXTS } from '@shared/domain/knowledge';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/**
 * A knowledge-base article (知识库条目) of a community. `terms` holds the characters, bigrams and
 * words of its title, keywords and body (search-text.ts `indexTerms`), rewritten by every save: the
 * search finds candidates with `$in` on it. Starter articles are copied in with `starterKey` set and
 * an `_id` derived from it (starter.service.ts), so copying twice adds nothing.
 */
const articleSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    category: { type: String, enum: ARTICLE_CATEGORIES, required: true },
    keywords: { type: [String], default: [] },
    audience: { type: String, enum: ARTICLE_AUDIENCES, required: true },
    status: { type: String, enum: ARTICLE_STATUSES, required: true },
    terms: { type: [String], default: [] },
    /** The starter article it was copied from ('' for the community's own). */
    starterKey: { type: String, default: '' },
    helpful: { type: Number, default: 0 },
    notHelpful: { type: Number, default: 0 },
    updatedByName: { type: String, required: true },
  },
  { timestamps: CLOCK_TIMESTAMPS },
);
articleSchema.index({ communityId: 1, status: 1, category: 1, updatedAt: -1 });
articleSchema.index({ communityId: 1, terms: 1 });

/** An owner's vote on an article: `_id` `<articleId>:<userId>` (one vote each, changeable). */
const feedbackSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    articleId: { type: Schema.Types.ObjectId, required: true },
    helpful: { type: Boolean, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'knowledge_feedback' },
);

/**
 * A community's 话术 script: its own (`starterKey` ''), or its edit of a starter script (`starterKey`
 * set, `_id` derived from community and key, so there is one), which replaces that script; `hidden`
 * takes a starter script out of the community's library. `stage` is a string (a ladder stage '0'–'4').
 */
const scriptSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    starterKey: { type: String, default: '' },
    context: { type: String, enum: SCRIPT_CONTEXTS, required: true },
    category: { type: String },
    stage: { type: String },
    topic: { type: String },
    title: { type: String, required: true },
    text: { type: String, required: true },
    order: { type: Number, default: 100 },
    hidden: { type: Boolean, default: false },
    updatedByName: { type: String, required: true },
  },
  { timestamps: CLOCK_TIMESTAMPS },
);
scriptSchema.index({ communityId: 1, context: 1 });

/**
 * Owners' searches, counted per community, local day and normalised query (`_id`
 * `<communityId>:<day>:<hash of the query>`): how many times, and how many articles the last one
 * found. Bounded: one document per distinct query a day, deleted after SEARCH_LOG_DAYS by housekeeping.
 */
const searchLogSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    day: { type: Date, required: true },
    query: { type: String, required: true },
    count: { type: Number, default: 0 },
    hits: { type: Number, default: 0 },
  },
  { versionKey: false, collection: 'knowledge_searches' },
);
searchLogSchema.index({ communityId: 1, day: -1 });
searchLogSchema.index({ day: 1 });

/** Which version of the starter articles a community has had copied in (`_id`: the community id). */
const seedSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'knowledge_seeds' },
);

export const Article = model('KnowledgeArticle', articleSchema);
export const ArticleFeedback = model('KnowledgeFeedback', feedbackSchema);
export const Script = model('KnowledgeScript', scriptSchema);
export const SearchLog = model('KnowledgeSearch', searchLogSchema);
export const KnowledgeSeed = model('KnowledgeSeed', seedSchema);

export type ArticleDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof articleSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
export type ScriptDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof scriptSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
