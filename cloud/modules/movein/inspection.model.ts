import { INSPECTION_ITEMS, INSPECTION_ROOMS } from '@shared/domain/movein';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/**
 * One round of 验房 on a move-in case (the first on the day, a 复验 later): the rooms and items
 * checked (each OK or a defect) and who checked them. Made once per request (`_id` derived from
 * `<agent>:<request id>`, lib/idempotent.ts); its defects are `MoveInDefect` records.
 */
const inspectionSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    moveInId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    requestKey: { type: String, required: true, unique: true },
    /** 1 for the first inspection of the case, then 2, 3 … (复验). */
    round: { type: Number, required: true },
    checks: { type: [{ room: { type: String, enum: INSPECTION_ROOMS }, item: { type: String, enum: INSPECTION_ITEMS }, ok: Boolean, _id: false }], default: [] },
    defectCount: { type: Number, required: true },
    note: { type: String },
    byId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'movein_inspections' },
);
inspectionSchema.index({ communityId: 1, moveInId: 1, at: 1 });
export const MoveInInspection = model('MoveInInspection', inspectionSchema);
export type MoveInInspectionDoc = InstanceType<typeof MoveInInspection>;

/**
 * A defect found at an inspection: where (room, item), what (description, photos of the agent's),
 * and the repair order it became (维保, through the repairs module). `_id` derived from
 * `<inspectionId>:<index>` so a replayed submit finds it; `repairId` is set once the order exists.
 */
const defectSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    moveInId: { type: Schema.Types.ObjectId, required: true },
    inspectionId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    buildingId: { type: Schema.Types.ObjectId },
    batchId: { type: Schema.Types.ObjectId },
    round: { type: Number, required: true },
    index: { type: Number, required: true },
    room: { type: String, enum: INSPECTION_ROOMS, required: true },
    item: { type: String, enum: INSPECTION_ITEMS, required: true },
    description: { type: String, required: true },
    photoIds: { type: [String], default: [] },
    repairId: { type: Schema.Types.ObjectId },
    repairNo: { type: String },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'movein_defects' },
);
defectSchema.index({ communityId: 1, moveInId: 1, round: 1, index: 1 });
defectSchema.index({ communityId: 1, batchId: 1 });
export const MoveInDefect = model('MoveInDefect', defectSchema);
export type MoveInDefectDoc = InstanceType<typeof MoveInDefect>;
