import { mongoose } from '../../lib/db';
import { BINDING_STATUSES } from '@shared/contracts/binding.contract';
import { RESIDENT_RELATIONS } from '@shared/domain/household';

const { Schema, model } = mongoose;

/**
 * A WeChat user's request to be bound to a unit (业主绑定申请). Matched with the records it is
 * approved at once (`auto`); otherwise it is an approval task for the community's staff.
 */
const bindingRequestSchema = new Schema(
  {
    /** The community of the unit asked for. */
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    phoneLast4: { type: String, required: true },
    relation: { type: String, enum: RESIDENT_RELATIONS, required: true },
    status: { type: String, enum: BINDING_STATUSES, required: true },
    auto: { type: Boolean, default: false },
    /** The resident record the binding links the user to. */
    residentId: { type: Schema.Types.ObjectId },
    reviewerId: { type: Schema.Types.ObjectId },
    reviewerName: { type: String },
    reviewedAt: { type: Date },
    reason: { type: String },
    /**
     * `<userId>:<unitId>` while pending, the request's own id once decided: a total unique key
     * (FerretDB has no partial indexes) that keeps one open request per user and unit.
     */
    openKey: { type: String, required: true, unique: true },
  },
  { timestamps: true },
);
bindingRequestSchema.index({ communityId: 1, status: 1, createdAt: -1 });
bindingRequestSchema.index({ userId: 1, createdAt: -1 });

export const BindingRequest = model('BindingRequest', bindingRequestSchema);
