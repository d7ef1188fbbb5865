import type { MoveInSettingsView } from '@shared/contracts/movein-checklist.contract';
import { DEFAULT_DOCUMENT_RETENTION_DAYS, DEFAULT_REQUIRED_STEPS, MOVEIN_STEPS, type MoveInStep } from '@shared/domain/movein';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { technician, technicians } from '../identity';
import { MoveInSettings } from './movein.model';

const { ObjectId } = mongoose.Types;

/** A community's move-in settings: what it saved, else the defaults (movein.md "Settings"). */
export interface MoveInSettingsRecord {
  requiredSteps: MoveInStep[];
  documentRetentionDays: number;
  warrantyTechnicianId?: string;
  updatedBy?: string;
  updatedAt?: Date;
}

/** The community's move-in settings (the defaults until a manager saves them). */
export async function moveInSettingsOf(communityId: string): Promise<MoveInSettingsRecord> {
  const saved = await MoveInSettings.findById(String(communityId)).lean();
  if (!saved) return { requiredSteps: [...DEFAULT_REQUIRED_STEPS], documentRetentionDays: DEFAULT_DOCUMENT_RETENTION_DAYS };
  return {
    requiredSteps: MOVEIN_STEPS.filter((s) => (saved.requiredSteps as string[]).includes(s)),
    documentRetentionDays: saved.documentRetentionDays,
    ...(saved.warrantyTechnicianId ? { warrantyTechnicianId: String(saved.warrantyTechnicianId) } : {}),
    updatedBy: saved.byName,
    updatedAt: saved.at,
  };
}

async function view(communityId: string): Promise<MoveInSettingsView> {
  const [s, techs] = await Promise.all([moveInSettingsOf(communityId), technicians(communityId)]);
  return {
    requiredSteps: s.requiredSteps,
    documentRetentionDays: s.documentRetentionDays,
    ...(s.warrantyTechnicianId ? { warrantyTechnicianId: s.warrantyTechnicianId } : {}),
    technicians: techs.map((t) => ({ id: String(t.id), name: t.name })),
    ...(s.updatedBy ? { updatedBy: s.updatedBy } : {}),
    ...(s.updatedAt ? { updatedAt: s.updatedAt.toISOString() } : {}),
  };
}

/** movein.settings (agents read which steps are required; managers edit). */
export function settings(caller: Caller): Promise<MoveInSettingsView> {
  return view(caller.communityId);
}

/**
 * movein.saveSettings (manager): the steps required from now on (cases made later copy them; cases
 * already made keep theirs), how long owners' papers are kept, and the 维保 technician — one of the
 * community's technicians (another staff member → 409 MOVEIN.NOT_TECHNICIAN).
 */
export async function saveSettings(caller: Caller, input: { requiredSteps: MoveInStep[]; documentRetentionDays: number; warrantyTechnicianId?: string }): Promise<MoveInSettingsView> {
  if (input.warrantyTechnicianId && !(await technician(caller.communityId, input.warrantyTechnicianId))) throw new AppError('MOVEIN.NOT_TECHNICIAN');
  const requiredSteps = MOVEIN_STEPS.filter((s) => input.requiredSteps.includes(s));
  const technicianId = input.warrantyTechnicianId ? new ObjectId(input.warrantyTechnicianId) : undefined;
  await MoveInSettings.updateOne(
    { _id: caller.communityId },
    {
      $set: { communityId: new ObjectId(caller.communityId), requiredSteps, documentRetentionDays: input.documentRetentionDays, byName: caller.name, at: now(), ...(technicianId ? { warrantyTechnicianId: technicianId } : {}) },
      ...(technicianId ? {} : { $unset: { warrantyTechnicianId: 1 } }),
    },
    { upsert: true },
  );
  return view(caller.communityId);
}
