import { mongoose } from '../../lib/db';
import { RESIDENT_RELATIONS } from '@shared/domain/household';

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
  },
  { timestamps: true },
);
residentSchema.index({ communityId: 1, unitId: 1 });
residentSchema.index({ communityId: 1, name: 1 });

/** A parking space (车位) of the community; sold or rented to a unit, or still the developer's. */
const parkingSpaceSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    /** e.g. B1-015 */
    code: { type: String, required: true },
    kind: { type: String, enum: ['owned', 'rented', 'unassigned'], default: 'unassigned' },
    unitId: { type: Schema.Types.ObjectId },
  },
  { timestamps: true },
);
parkingSpaceSchema.index({ communityId: 1, code: 1 }, { unique: true });

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
export const ParkingSpace = model('ParkingSpace', parkingSpaceSchema);
export const Vehicle = model('Vehicle', vehicleSchema);
