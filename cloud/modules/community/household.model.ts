import { mongoose } from '../../lib/db';
import { RESIDENT_RELATIONS } from '@shared/domain/household';
import { PARKING_STATUSES } from '@shared/domain/parking';
import { PARKING_KINDS } from '@shared/domain/vehicles';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/**
 * A person recorded for a unit: its owner(s), family members, tenants (物业资料 / 业主资料).
 * These records exist whether or not the person uses the mini-program; an app user who is
 * bound to the unit is linked by `userId`.
 */
const residentSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    relation: { type: String, enum: RESIDENT_RELATIONS, required: true },
    phone: { type: String, default: '' },
    idNumber: { type: String, default: '' },
    userId: { type: Schema.Types.ObjectId },
    /** The day an owner moved in (入伙, YYYY-MM-DD), when a move-in case recorded it. */
    movedInOn: { type: String },
  },
  { timestamps: true },
);
residentSchema.index({ communityId: 1, unitId: 1 });
residentSchema.index({ communityId: 1, name: 1 });
// A unit's residents and the one a user is linked to (binding.service: a unit id is known, its community implied).
residentSchema.index({ unitId: 1, userId: 1 });

/**
 * A parking space (车位) of the community: sold (owned), rented with a lease end, used temporarily,
 * or free (unassigned: still the developer's, or released). Assignments change through the revision
 * engine (parking.service.ts), which keeps `rev` and the history (who assigned, changed, renewed or
 * released it, and when).
 */
const parkingSpaceSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** e.g. B1-015 */
    code: { type: String, required: true },
    kind: { type: String, enum: PARKING_KINDS, default: 'unassigned' },
    unitId: { type: Schema.Types.ObjectId },
    /** The assignment workflow's state (free/assigned); `kind` decides, this mirrors it for the history. */
    status: { type: String, enum: PARKING_STATUSES },
    /** Rented / temporary: the lease's last day, YYYY-MM-DD in Asia/Shanghai. */
    leaseEndsOn: { type: String },
    /** The current lease term: new on every assignment and every new lease end; the reminders are claimed per lease. */
    leaseId: { type: Schema.Types.ObjectId },
    assignedAt: { type: Date },
    assignedByName: { type: String },
    rev: { type: Number, default: 0 },
    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: true },
);
parkingSpaceSchema.index({ communityId: 1, code: 1 }, { unique: true });
parkingSpaceSchema.index({ communityId: 1, leaseEndsOn: 1, code: 1 });

/** A community's own lease-end reminder days (`_id` = the community's id); absent: the defaults. */
const parkingSettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    reminderDays: { type: [Number], required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

/** A vehicle registered to a unit (for gate access and parking fees). */
const vehicleSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    /** e.g. 浙A·12345 */
    plate: { type: String, required: true },
    parkingSpaceId: { type: Schema.Types.ObjectId },
  },
  { timestamps: true },
);
vehicleSchema.index({ communityId: 1, plate: 1 }, { unique: true });
vehicleSchema.index({ communityId: 1, unitId: 1 });

export const Resident = model('Resident', residentSchema);
/**
 * A parking reminder run's journal for one community: the stages it is about to claim, written
 * before the claims and deleted once the messages and call tasks are queued. A journal left by a run
 * that died in between is replayed by a later run (same event keys: nothing goes twice, nothing claimed is lost).
 */
const parkingReminderRunSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    items: { type: [Schema.Types.Mixed], required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'parking_reminder_runs' },
);
/** A community's journals left by dead runs (the sliced job replays them per community). */
parkingReminderRunSchema.index({ communityId: 1, at: 1 });

export const ParkingSpace = model('ParkingSpace', parkingSpaceSchema);
export const ParkingReminderRun = model('ParkingReminderRun', parkingReminderRunSchema);
export const ParkingSettings = model('ParkingSettings', parkingSettingsSchema);
export const Vehicle = model('Vehicle', vehicleSchema);
