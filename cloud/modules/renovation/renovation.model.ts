import { RENOVATION_FEE_KINDS, RENOVATION_PAPERS, RENOVATION_SIGNERS, RENOVATION_STATUSES, RENOVATION_WORKS } from '@shared/domain/renovation';
import { CLOCK_TIMESTAMPS, mongoose } from '../../lib/db';
import { historyEntrySchema } from '../../lib/revision';

const { Schema, model } = mongoose;

/** A worker of the contractor's team. The ID number is shown masked everywhere but the gate's pass check. */
const workerSchema = new Schema(
  {
    name: { type: String, required: true },
    idNumber: { type: String, required: true },
    phone: { type: String, default: '' },
    /** Photo (files module, purpose 'renovation'), shown at the gate. */
    photoFileId: { type: String },
  },
  { _id: true },
);

/**
 * A renovation (二次装修) of one unit: the application (scope, works, contractor, workers, dates,
 * drawings), the signatures of the 承诺书 and 协议书, its bills, the review and approval (the 许可证),
 * the works (started, suspended), patrol figures mirrored for lists, the acceptance and the deposit.
 * Every change goes through `mutateRevision` (lib/revision.ts) with the RENOVATION_MACHINE.
 *
 * `openKey` is `<unitId>` while the renovation is open (OPEN_RENOVATION_STATUSES) and
 * `<unitId>:<renovationId>` once closed or cancelled: its unique index allows one open renovation per unit.
 */
const renovationSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    buildingId: { type: Schema.Types.ObjectId, required: true },
    unitLabel: { type: String, required: true },
    /** Number shown to people (ZX<yyyymmdd>-<n>). */
    no: { type: String, required: true },
    openKey: { type: String, required: true, unique: true },
    /** `renovation:<creator>:<client request id>`. */
    requestKey: { type: String, required: true, unique: true },
    /** The owner's app account (messages go there); absent when an agent applied for an owner not in the app. */
    ownerId: { type: Schema.Types.ObjectId },
    ownerName: { type: String, required: true },
    ownerPhone: { type: String, default: '' },
    /** Set when an agent filled the application on the owner's behalf. */
    byStaffId: { type: Schema.Types.ObjectId },
    status: { type: String, enum: RENOVATION_STATUSES, required: true },
    rev: { type: Number, required: true, default: 0 },

    // --- application ---
    rooms: { type: [String], default: [] },
    works: { type: [String], enum: RENOVATION_WORKS, default: [] },
    /** Keys of the community's forbidden works the application names, each with the applicant's reason for an exception and the manager's decision. */
    forbidden: { type: [{ key: String, label: String, rule: String, reason: String, approved: Boolean, _id: false }], default: [] },
    description: { type: String, default: '' },
    contractor: {
      company: { type: String, default: '' },
      licence: { type: String, default: '' },
      foreman: { type: String, default: '' },
      phone: { type: String, default: '' },
    },
    workers: { type: [workerSchema], default: [] },
    /** Planned days, YYYY-MM-DD (Asia/Shanghai). */
    plannedStart: { type: String, required: true },
    plannedEnd: { type: String, required: true },
    drawingIds: { type: [String], default: [] },
    /** Signatures drawn on the phone (image files, purpose 'signature'): per paper and signer. */
    signatures: { type: [{ paper: { type: String, enum: RENOVATION_PAPERS }, signer: { type: String, enum: RENOVATION_SIGNERS }, name: String, fileId: String, at: Date, _id: false }], default: [] },
    /** The fees module's bills of this renovation (one-off items, billed to the unit). */
    bills: { type: [{ kind: { type: String, enum: RENOVATION_FEE_KINDS }, billId: String, itemName: String, amountFen: Number, _id: false }], default: [] },
    submittedAt: { type: Date },

    // --- approval, permit & passes ---
    review: { conditions: [String], note: String, byName: String, at: Date },
    returnReason: { type: String },
    permit: { no: String, validFrom: String, validTo: String, conditions: [String], issuedAt: Date, byName: String },
    startedAt: { type: Date },
    neighbourNoticeId: { type: String },

    // --- patrols & violations ---
    /** Mirrors for lists and the board (the patrol records hold the truth). */
    nextPatrolOn: { type: String },
    openViolations: { type: Number, default: 0 },
    violationCount: { type: Number, default: 0 },
    suspension: { reason: String, at: Date, byName: String },
    /** Set when a violation is serious or the 3rd: the manager is advised to suspend (cleared by suspend/resume). */
    suspendProposal: { reason: String, at: Date },
    /** `<event>:<patrolId>` of the patrol results already in the history (a replayed result logs nothing twice). */
    patrolMarks: { type: [String], default: [] },

    // --- completion, deposit & board ---
    acceptance: { type: Schema.Types.Mixed },
    deposit: { type: Schema.Types.Mixed },
    closedAt: { type: Date },

    history: { type: [historyEntrySchema], default: [] },
  },
  { timestamps: CLOCK_TIMESTAMPS, collection: 'renovations' },
);
renovationSchema.index({ communityId: 1, status: 1, updatedAt: -1 });
renovationSchema.index({ communityId: 1, unitId: 1, createdAt: -1 });
renovationSchema.index({ communityId: 1, ownerId: 1, createdAt: -1 });
renovationSchema.index({ communityId: 1, 'contractor.company': 1, createdAt: -1 });
// The board's sections (board.service.ts), each sorted in the database: waiting by submission, on
// site by next patrol, overdue by planned end, deposits held by open violations.
renovationSchema.index({ communityId: 1, submittedAt: 1, _id: 1 });
renovationSchema.index({ communityId: 1, nextPatrolOn: 1, unitLabel: 1, _id: 1 });
renovationSchema.index({ communityId: 1, plannedEnd: 1, _id: 1 });
renovationSchema.index({ communityId: 1, status: 1, openViolations: -1, unitLabel: 1, _id: 1 });

export const Renovation = model('Renovation', renovationSchema);
export type RenovationDoc = InstanceType<typeof Renovation>;

/** A community's renovation settings (`_id` = the community's id); absent: the defaults. */
const renovationSettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    forbiddenWorks: { type: [{ key: String, label: String, rule: String, exceptionAllowed: Boolean, _id: false }], required: true },
    /** The texts owners and contractors sign (装修施工责任承诺书, 装修管理协议书). */
    papers: { pledge: String, agreement: String },
    /** One-off fee items of the fees module billed at approval, by kind. */
    feeItems: { deposit: Schema.Types.ObjectId, management: Schema.Types.ObjectId, rubbish: Schema.Types.ObjectId },
    /** Working hours (noisy works): see the approval part's WorkingHours. */
    workingHours: { type: Schema.Types.Mixed },
    /** Days between routine patrols of an active renovation. */
    patrolEveryDays: { type: Number },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'renovation_settings' },
);
export const RenovationSettings = model('RenovationSettings', renovationSettingsSchema);
