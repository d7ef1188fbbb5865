import { MOVEIN_CALL_OUTCOMES } from '@shared/domain/movein';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/**
 * A call to the buyer of a case who never booked a slot, or whose booked day passed (爽约): its outcome
 * and the day to call again. Made once per request (`_id` from `<staff>:<request id>`, lib/idempotent.ts);
 * the same call is also an entry of the desk's call log (desk's `logContact`).
 */
const callSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    batchId: { type: Schema.Types.ObjectId },
    moveInId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    requestKey: { type: String, required: true, unique: true },
    outcome: { type: String, enum: MOVEIN_CALL_OUTCOMES, required: true },
    note: { type: String },
    nextCallDay: { type: String },
    byId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'movein_calls' },
);
callSchema.index({ communityId: 1, moveInId: 1, at: -1 });
export const MoveInCall = model('MoveInCall', callSchema);
export type MoveInCallDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof callSchema>> & { _id: mongoose.Types.ObjectId };

/**
 * A resale (过户 · 旧楼盘迁入) as it was decided: who left (the owner and family records whose binding
 * ends), what the unit owed and the carry-over agreement that allowed it, the buyer, and what it made
 * (the case, the notice). Made once per request (`_id` from `resale:<staff>:<request id>`); the steps
 * after it are keyed, so a replay finishes what a first try left undone and does nothing twice.
 * The buyer's ID number is not kept here (the case holds it).
 */
const resaleSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    unitLabel: { type: String, required: true },
    requestKey: { type: String, required: true, unique: true },
    requestId: { type: String, required: true },
    buyer: { name: { type: String, required: true }, phone: { type: String, required: true } },
    previousOwners: { type: [{ residentId: Schema.Types.ObjectId, name: String, relation: String, _id: false }], default: [] },
    owedFen: { type: Number, required: true },
    carryOverId: { type: String },
    note: { type: String },
    byId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
    moveInId: { type: Schema.Types.ObjectId },
    noticeId: { type: Schema.Types.ObjectId },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'movein_resales' },
);
resaleSchema.index({ communityId: 1, unitId: 1, at: -1 });
export const MoveInResale = model('MoveInResale', resaleSchema);
export type MoveInResaleDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof resaleSchema>> & { _id: mongoose.Types.ObjectId };
