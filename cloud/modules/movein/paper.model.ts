import { PAPER_KINDS } from '@shared/domain/movein';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/**
 * An owner's paper (购房合同, 身份证) for a move-in case: photos (files of purpose 'paper') that only
 * staff see, through short-lived links after an access check — never in a list or a log. One record
 * per case, uploader and kind (`key`): uploading again replaces the photos. Deleted, record and
 * files, `documentRetentionDays` after the case is done or cancelled (housekeeping).
 */
const paperSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    moveInId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    ownerName: { type: String, required: true },
    kind: { type: String, enum: PAPER_KINDS, required: true },
    /** `<moveInId>:<ownerId>:<kind>`. */
    key: { type: String, required: true, unique: true },
    fileIds: { type: [String], default: [] },
    /** The request that wrote the current photos (a replay of it changes nothing). */
    requestId: { type: String, required: true },
    uploadedAt: { type: Date, required: true },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'movein_papers' },
);
paperSchema.index({ communityId: 1, moveInId: 1 });
export const MoveInPaper = model('MoveInPaper', paperSchema);
export type MoveInPaperDoc = InstanceType<typeof MoveInPaper>;
