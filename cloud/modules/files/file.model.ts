import { mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/** An uploaded photo: who uploaded it, where it is used, what it is. The bytes live in the file store. */
const storedFileSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    uploaderId: { type: Schema.Types.ObjectId, required: true },
    purpose: { type: String, required: true },
    fileName: { type: String, required: true },
    mime: { type: String, required: true },
    size: { type: Number, required: true },
  },
  { timestamps: true, collection: 'files' },
);
storedFileSchema.index({ communityId: 1, uploaderId: 1 });

export const StoredFile = model('StoredFile', storedFileSchema);
