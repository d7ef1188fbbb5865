import { MOVEIN_KINDS, MOVEIN_STATUSES, MOVEIN_STEPS } from '@shared/domain/movein';
import { UNIT_STATUSES } from '@shared/domain/units';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/** One step of a case's 入伙手续书 (copied from the community's settings when the case is made). */
const stepSchema = new Schema(
  {
    key: { type: String, enum: MOVEIN_STEPS, required: true },
    required: { type: Boolean, required: true },
    done: { type: Boolean, default: false },
    doneAt: { type: Date },
    byId: { type: Schema.Types.ObjectId },
    byName: { type: String },
    note: { type: String },
  },
  { _id: false },
);

/**
 * A move-in case (入住办理): one unit handed over to one owner — in a batch (集中入住), alone (零散入住)
 * or after a resale (旧楼盘迁入). Holds the 入伙手续书: its steps, the signatures (file ids of
 * images drawn on the phone), keys and cards handed over, and the booking of a batch's slot (a
 * mirror of the Booking, for lists). Every change goes through `mutateRevision` (lib/revision.ts).
 *
 * `openKey` is `<unitId>` while the case is waiting or in progress and `<unitId>:<caseId>` once done
 * or cancelled: its unique index allows one open case per unit (a second one → 409).
 */
const moveInSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    buildingId: { type: Schema.Types.ObjectId, required: true },
    unitLabel: { type: String, required: true },
    kind: { type: String, enum: MOVEIN_KINDS, required: true },
    batchId: { type: Schema.Types.ObjectId },
    openKey: { type: String, required: true, unique: true },
    /** `<creator>:<client request id>` of a case made by a request (single, resale); batch cases: `batch:<batchId>:<unitId>`. */
    requestKey: { type: String, required: true, unique: true },
    /** The buyer (from the developer's list or typed in). The ID number is never shown in lists or logs. */
    buyer: {
      name: { type: String, required: true },
      phone: { type: String, default: '' },
      idNumber: { type: String, default: '' },
      residentId: { type: Schema.Types.ObjectId },
    },
    /** The buyer's app account once bound to the unit (messages go there). */
    ownerUserId: { type: Schema.Types.ObjectId },
    status: { type: String, enum: MOVEIN_STATUSES, required: true },
    rev: { type: Number, required: true, default: 0 },
    /** Mirror of the batch booking: the day (YYYY-MM-DD, Asia/Shanghai) and slot. */
    booking: {
      day: { type: String },
      slotId: { type: String },
      slotLabel: { type: String },
      bookedAt: { type: Date },
    },
    steps: { type: [stepSchema], default: [] },
    /** Signatures drawn on the phone: image files (purpose 'signature'), per step and signer. */
    signatures: { type: [{ step: String, signer: String, fileId: String, at: Date, _id: false }], default: [] },
    keys: { type: [{ name: String, count: Number, _id: false }], default: [] },
    cards: { type: [{ kind: String, number: String, _id: false }], default: [] },
    /** Set when done: how the unit is used (自住 / 出租 / 空置) and the move-in day (YYYY-MM-DD). */
    occupancy: { type: String, enum: UNIT_STATUSES },
    movedInOn: { type: String },
    startedAt: { type: Date },
    doneAt: { type: Date },
    /** Resale: the previous owner and how their bills were settled or carried over. */
    resale: { type: Schema.Types.Mixed },
    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'moveins' },
);
moveInSchema.index({ communityId: 1, unitId: 1, createdAt: -1 });
moveInSchema.index({ communityId: 1, batchId: 1, status: 1 });
moveInSchema.index({ communityId: 1, batchId: 1, 'booking.day': 1 });
moveInSchema.index({ communityId: 1, status: 1, updatedAt: -1 });

export const MoveIn = model('MoveIn', moveInSchema);
export type MoveInDoc = InstanceType<typeof MoveIn>;

/** A community's move-in settings (`_id` = the community's id); absent: the defaults. */
const moveInSettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    requiredSteps: { type: [String], enum: MOVEIN_STEPS, required: true },
    /** Days the owners' uploaded papers (购房合同, 身份证) are kept after the case is done. */
    documentRetentionDays: { type: Number, required: true },
    /** Who repairs inspection defects (维保): a technician account (the developer's contact or ours). */
    warrantyTechnicianId: { type: Schema.Types.ObjectId },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'movein_settings' },
);
export const MoveInSettings = model('MoveInSettings', moveInSettingsSchema);
