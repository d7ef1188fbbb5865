import { mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/**
 * A community's lexicon overlay (本小区词库) on the built-in lexicon: the header (`_id` = the
 * community's id) holds the overlay's version, counted up (`$inc`, atomic) by every change of its
 * entries — after the entries are written, so an analyzer compiled for a version never lacks one of
 * that version's entries. Ingest reads the version once per batch (overlay.service.ts analyzerFor).
 */
const lexiconSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true, default: 0 },
    updatedAt: { type: Date },
  },
  { versionKey: false, collection: 'sentiment_lexicons' },
);

/**
 * One overlay entry (a LexiconEntry of shared/domain/sentiment-lexicon.ts). `key` = kind + the
 * normalised text as of its insert, unique per community: two requests adding the same entry at once
 * insert it once. Matching reads keys recomputed from `entry` (overlay.service.ts writeEntries), so a
 * later change of the engine's normalisation never leaves an entry unmatched.
 */
const entrySchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    key: { type: String, required: true },
    entry: { type: Schema.Types.Mixed, required: true },
    source: { type: String, enum: ['correction', 'manual', 'import'], required: true },
    /** The overlay version that added (or last changed) it. */
    sinceVersion: { type: Number, required: true },
    addedById: { type: Schema.Types.ObjectId },
    addedByName: { type: String, required: true },
    addedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'sentiment_lexicon_entries' },
);
entrySchema.index({ communityId: 1, key: 1 }, { unique: true });
// The lexicon page: newest first.
entrySchema.index({ communityId: 1, sinceVersion: -1, _id: -1 });

export const SentimentLexicon = model('SentimentLexicon', lexiconSchema);
export const SentimentLexiconEntry = model('SentimentLexiconEntry', entrySchema);
export type LexiconEntryDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof entrySchema>> & { _id: mongoose.Types.ObjectId };
