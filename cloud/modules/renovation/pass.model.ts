import { RENOVATION_PASS_STATUSES } from '@shared/domain/renovation-permit';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/**
 * A 装修出入证: one worker of a renovation may enter the community to work there. Issued at approval
 * (one per worker) or when a worker is added later; its code (cloud/lib/pass-code.ts, the alphabet of
 * desk's 放行条) is what the gate types or scans. Whether it lets the worker in is decided at the gate
 * from the renovation (passVerdict: in progress, within the permit's dates, not suspended); the pass
 * itself only knows whether it was revoked. The worker's ID number is kept whole for the gate's check
 * (the only place it is shown).
 */
const renovationPassSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    renovationId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    unitLabel: { type: String, required: true },
    /** `renovation:<renovationId>:worker:<workerId>`: one pass per worker of the renovation. */
    requestKey: { type: String, required: true, unique: true },
    /** 8 characters of PASS_CODE_ALPHABET. */
    code: { type: String, required: true, unique: true },
    /** The worker's `_id` in the renovation's `workers`. */
    workerId: { type: String, required: true },
    name: { type: String, required: true },
    idNumber: { type: String, required: true },
    phone: { type: String, default: '' },
    photoFileId: { type: String },
    status: { type: String, enum: RENOVATION_PASS_STATUSES, required: true },
    rev: { type: Number, required: true, default: 0 },
    revokedAt: { type: Date },
    revokedByName: { type: String },
    revokeReason: { type: String },
    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'renovation_passes' },
);
renovationPassSchema.index({ communityId: 1, renovationId: 1, createdAt: 1 });
renovationPassSchema.index({ communityId: 1, code: 1 });

export const RenovationPass = model('RenovationPass', renovationPassSchema);

/** A pass as `.lean()` reads it. */
export type RenovationPassDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof renovationPassSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
