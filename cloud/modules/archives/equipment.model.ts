import { EQUIPMENT_KINDS, EQUIPMENT_STATUSES } from '@shared/domain/archives';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/** One maintenance of an item (维保记录): the day, who did it, a note, the next inspection due it set. */
const maintenanceSchema = new Schema(
  {
    /** The client request that recorded it (a retry finds it and records nothing twice). */
    requestId: { type: String, required: true },
    on: { type: String, required: true },
    by: { type: String, required: true },
    note: { type: String },
    nextDueOn: { type: String },
    at: { type: Date, required: true },
    byName: { type: String, required: true },
  },
  { _id: false },
);

/**
 * An item of the equipment ledger (设备设施台账) of a community: its kind, name, code (设备编号),
 * where it stands, maker and model, the maintenance company (维保单位) and its phone, installation,
 * the maintenance cycle, the last maintenance and the next inspection due (YYYY-MM-DD, Asia/Shanghai),
 * its documents (ArchiveDocs of category equipment) and its maintenance log. Made once per request
 * (`requestKey`); changes through `mutateRevision` (edit, maintain, retire).
 */
const equipmentSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** `equipment:<creator>:<client request id>`. */
    requestKey: { type: String, required: true, unique: true },
    kind: { type: String, enum: EQUIPMENT_KINDS, required: true },
    name: { type: String, required: true },
    code: { type: String, required: true },
    location: { type: String, required: true },
    buildingId: { type: Schema.Types.ObjectId },
    buildingName: { type: String },
    maker: { type: String },
    modelNo: { type: String },
    maintainer: { type: String },
    maintainerPhone: { type: String },
    installedOn: { type: String },
    cycleDays: { type: Number },
    lastMaintainedOn: { type: String },
    /** The next inspection due; absent when none is known. */
    nextDueOn: { type: String },
    docIds: { type: [Schema.Types.ObjectId], default: [] },
    log: { type: [maintenanceSchema], default: [] },
    status: { type: String, enum: EQUIPMENT_STATUSES, required: true },
    rev: { type: Number, required: true, default: 0 },
    byId: { type: Schema.Types.ObjectId },
    byName: { type: String, required: true },
    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'archive_equipment' },
);
equipmentSchema.index({ communityId: 1, status: 1, nextDueOn: 1 });
equipmentSchema.index({ communityId: 1, kind: 1, status: 1, nextDueOn: 1 });
equipmentSchema.index({ communityId: 1, code: 1 });
// The reminder job: every community's items in use by due date.
equipmentSchema.index({ status: 1, nextDueOn: 1 });

export const Equipment = model('ArchiveEquipment', equipmentSchema);
export type EquipmentRecord = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof equipmentSchema>> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
