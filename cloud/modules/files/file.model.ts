import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/** An uploaded file (a photo): who uploaded it, where it is used, what it is. The bytes live in the file store. */
const storedFileSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    uploaderId: { type: Schema.Types.ObjectId, required: true },
    purpose: { type: String, required: true },
    fileName: { type: String, required: true },
    mime: { type: String, required: true },
    size: { type: Number, required: true },
    /**
     * What names the bytes in the file store (file-store.ts): CloudBase's fileID under FILE_STORE=
     * cloudbase; absent for files of the local store, whose key is the id.
     */
    key: { type: String },
    /**
     * False from upload until something uses the photo; a photo still unattached a day after its
     * upload is deleted (cleanup.job.ts). Photos stored before this field existed lack it and are
     * never deleted.
     */
    attached: { type: Boolean },
    /** What uses it: `repair:<id>`, `repair:<id>:after`, `complaint:<id>`. */
    usedBy: { type: [String], default: undefined },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'files' },
);
storedFileSchema.index({ communityId: 1, uploaderId: 1 });
storedFileSchema.index({ attached: 1, createdAt: 1 });

export const StoredFile = model('StoredFile', storedFileSchema);
