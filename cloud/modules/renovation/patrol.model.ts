import { PATROL_KINDS, PATROL_OUTCOMES, PATROL_STATUSES, VIOLATION_SEVERITIES } from '@shared/domain/renovation';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/**
 * A patrol task of a renovation on site (装修巡查): a routine visit made by the `renovationPatrols`
 * job (`_id` derived from `routine:<renovationId>:<day>`, so a second run makes nothing twice) or the
 * re-inspection (复查) of a 整改通知 on its deadline (`_id` derived from `reinspect:<patrolId>`).
 *
 * Done once (`mutateRevision`, kind `renovationPatrol`): the checklist's results, photos and the
 * outcome. A violation is this record with `outcome: 'violation'`: it carries the 整改通知 (number,
 * items, severity, deadline) and stays open (`violationOpen`) until its re-inspection finds it
 * rectified (`rectified: true`) or not (then the re-inspection is the new notice and this one is
 * `supersededBy` it). The renovation's `openViolations` mirrors how many are open.
 */
const patrolSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    renovationId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    unitLabel: { type: String, required: true },
    kind: { type: String, enum: PATROL_KINDS, required: true },
    /** The day it is due, YYYY-MM-DD (Asia/Shanghai). */
    dueOn: { type: String, required: true },
    status: { type: String, enum: PATROL_STATUSES, required: true },
    rev: { type: Number, required: true, default: 0 },
    /** A re-inspection: the violation (patrol) it re-inspects. */
    reinspectionOf: { type: Schema.Types.ObjectId },

    // The result (status done).
    /** `<agent>:<client request id>` of the request that recorded it (a replay answers the same). */
    doneKey: { type: String },
    checks: { type: [{ key: String, label: String, ok: Boolean, note: String, _id: false }], default: [] },
    photoIds: { type: [String], default: [] },
    note: { type: String },
    outcome: { type: String, enum: PATROL_OUTCOMES },
    byId: { type: Schema.Types.ObjectId },
    byName: { type: String },
    doneAt: { type: Date },

    // A violation (outcome 'violation'): its 整改通知.
    noticeNo: { type: String },
    severity: { type: String, enum: VIOLATION_SEVERITIES },
    /** The rectification deadline, YYYY-MM-DD: the re-inspection is due then. */
    deadline: { type: String },
    violationOpen: { type: Boolean, default: false },
    rectified: { type: Boolean },
    rectifiedAt: { type: Date },
    /** The re-inspection task made for it. */
    reinspectionId: { type: Schema.Types.ObjectId },
    /** Not rectified at the re-inspection: the re-inspection's new notice replaces this one. */
    supersededBy: { type: Schema.Types.ObjectId },

    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'renovation_patrols' },
);
patrolSchema.index({ communityId: 1, status: 1, dueOn: 1 });
patrolSchema.index({ communityId: 1, renovationId: 1, dueOn: -1 });
/** A renovation's violations (open ones, all: the notice numbers, the renovation's figures). */
patrolSchema.index({ renovationId: 1, outcome: 1 });

export const RenovationPatrol = model('RenovationPatrol', patrolSchema);
export type RenovationPatrolDoc = InstanceType<typeof RenovationPatrol>;
