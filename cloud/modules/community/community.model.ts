import { mongoose } from '../../lib/db';
import { UNIT_STATUSES } from '@shared/contracts/community.contract';

const { Schema, model } = mongoose;

/** One managed estate (小区/项目): the tenant boundary. */
const communitySchema = new Schema(
  {
    /** Stable human key, e.g. 'xingfuli'. */
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    address: { type: String, default: '' },
    servicePhone: { type: String, default: '' },
    serviceHours: { type: String, default: '08:30-18:00' },
  },
  { timestamps: true },
);

const buildingSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true, index: true },
    name: { type: String, required: true },
    floors: { type: Number, required: true, min: 1 },
    sort: { type: Number, default: 0 },
  },
  { timestamps: true },
);
buildingSchema.index({ communityId: 1, name: 1 }, { unique: true });

const unitSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    buildingId: { type: Schema.Types.ObjectId, required: true },
    /** 单元, e.g. '1' */
    entrance: { type: String, required: true },
    /** 房号, e.g. '1502' */
    room: { type: String, required: true },
    /** Display label, e.g. '1栋1单元1502' */
    label: { type: String, required: true },
    floor: { type: Number, required: true },
    areaM2: { type: Number, required: true, min: 0 },
    status: { type: String, enum: UNIT_STATUSES, default: 'vacant' },
  },
  { timestamps: true },
);
unitSchema.index({ communityId: 1, buildingId: 1, entrance: 1, room: 1 }, { unique: true });
unitSchema.index({ communityId: 1, label: 1 });

export const Community = model('Community', communitySchema);
export const Building = model('Building', buildingSchema);
export const Unit = model('Unit', unitSchema);
