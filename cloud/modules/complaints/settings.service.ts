import type { ComplaintSettingsView } from '@shared/contracts/complaints.contract';
import { DEFAULT_COMPLAINT_DEADLINES, type ComplaintDeadlines } from '@shared/domain/complaints';
import { now } from '../../lib/clock';
import type { Caller } from '../../lib/caller';
import { ComplaintSettings } from './complaint.model';

/** The community's complaint deadlines (the defaults until a manager changes them). */
export async function settingsOf(communityId: string): Promise<ComplaintSettingsView> {
  const saved = await ComplaintSettings.findById(communityId).lean();
  if (!saved) return { ...DEFAULT_COMPLAINT_DEADLINES };
  return {
    firstResponseHours: saved.firstResponseHours,
    urgentFirstResponseHours: saved.urgentFirstResponseHours,
    replyDays: saved.replyDays,
    followUpDays: saved.followUpDays,
    updatedBy: saved.byName,
    updatedAt: saved.at.toISOString(),
  };
}

/** Manager: new deadlines (for complaints received or reopened from now on). */
export async function saveSettings(caller: Caller, input: ComplaintDeadlines): Promise<ComplaintSettingsView> {
  await ComplaintSettings.updateOne({ _id: caller.communityId }, { $set: { ...input, byName: caller.name, at: now() } }, { upsert: true });
  return settingsOf(caller.communityId);
}
