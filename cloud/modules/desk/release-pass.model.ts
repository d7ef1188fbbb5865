import { PASS_STATUSES } from '@shared/domain/desk-log';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/**
 * A goods release pass (放行条): items leaving the community from a unit on a given day, approved by
 * an owner of the unit, checked and released (放行) once at the gate. Every change goes through
 * `mutateRevision` (lib/revision.ts): of racing 放行 taps exactly one wins.
 */
const releasePassSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** `<requester user id>:<client request id>`: one pass per request. */
    requestKey: { type: String, required: true, unique: true },
    /** 8 characters of PASS_CODE_ALPHABET, drawn at creation, shown once approved. */
    code: { type: String, required: true, unique: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    unitLabel: { type: String, required: true },
    items: { type: String, required: true },
    quantity: { type: Number, required: true },
    carrierName: { type: String, required: true },
    carrierPhone: { type: String, required: true },
    plate: { type: String },
    /** The day it is valid: YYYY-MM-DD (Asia/Shanghai). */
    date: { type: String, required: true },
    status: { type: String, enum: PASS_STATUSES, required: true },
    rev: { type: Number, required: true, default: 0 },
    requestedById: { type: Schema.Types.ObjectId, required: true },
    requestedByName: { type: String, required: true },
    /** owner / family / tenant / staff. */
    requestedAs: { type: String, required: true },
    note: { type: String },
    approvedById: { type: Schema.Types.ObjectId },
    approvedByName: { type: String },
    approvedAt: { type: Date },
    usedAt: { type: Date },
    usedByName: { type: String },
    revokedAt: { type: Date },
    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS },
);
releasePassSchema.index({ communityId: 1, code: 1 });
releasePassSchema.index({ communityId: 1, unitId: 1, createdAt: -1 });
releasePassSchema.index({ communityId: 1, date: 1, createdAt: -1 });
releasePassSchema.index({ communityId: 1, createdAt: -1 });

export const ReleasePass = model('ReleasePass', releasePassSchema);

/** A pass as `.lean()` reads it. */
export type ReleasePassDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof releasePassSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
