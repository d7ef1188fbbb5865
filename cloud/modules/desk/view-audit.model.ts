import { OWNER_VIEW_SUBJECTS, VIEW_AUDIT_ACTIONS } from '@shared/domain/owner-lookup';
import { mongoose } from '../../lib/db';

const { Schema, model } = mongoose;

/**
 * The owner view's audit (一户一档查阅记录): one entry per opening of the view and per phone number
 * revealed — who (staff member, role), which owner and units, when, what. Written by the desk's
 * owner-view service on every call (no input or role skips it); never changed afterwards.
 */
const viewAuditSchema = new Schema(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    action: { type: String, enum: VIEW_AUDIT_ACTIONS, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true },
    staffName: { type: String, required: true },
    /** The role the action was allowed by (agent, cashier, manager). */
    role: { type: String, required: true },
    /** How the view was opened (unit / user / resident and its id); revealPhone: the resident. */
    target: {
      kind: { type: String, enum: OWNER_VIEW_SUBJECTS, required: true },
      id: { type: String, required: true },
    },
    ownerName: { type: String, default: '' },
    unitIds: { type: [Schema.Types.ObjectId], default: [] },
    unitLabels: { type: [String], default: [] },
    /** The resident records of the owner looked at (the audit list's owner filter). */
    residentIds: { type: [Schema.Types.ObjectId], default: [] },
    ownerUserId: { type: Schema.Types.ObjectId },
    /** revealPhone: whose number (name and relation); view: what was shown (counts). */
    detail: { type: String, default: '' },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'desk_view_audit' },
);
viewAuditSchema.index({ communityId: 1, at: -1, _id: -1 });
viewAuditSchema.index({ communityId: 1, staffId: 1, at: -1 });
viewAuditSchema.index({ communityId: 1, unitIds: 1, at: -1 });
viewAuditSchema.index({ communityId: 1, residentIds: 1, at: -1 });

export const ViewAudit = model('ViewAudit', viewAuditSchema);
export type ViewAuditDoc = mongoose.FlattenMaps<mongoose.InferSchemaType<typeof viewAuditSchema>> & { _id: mongoose.Types.ObjectId };
