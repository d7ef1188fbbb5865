import type { SentimentSettingsView } from '@shared/contracts/sentiment.contract';
import { DEFAULT_INCIDENT_RULES, type IncidentRules } from '@shared/domain/sentiment-incidents';
import { now } from '../../lib/clock';
import type { Caller } from '../../lib/caller';
import { SentimentSettings } from './sentiment.model';

/** The community's incident rules and message retention (the defaults until a manager changes them). */
export async function rulesOf(communityId: string): Promise<SentimentSettingsView> {
  const saved = await SentimentSettings.findById(communityId).lean();
  if (!saved) return { ...DEFAULT_INCIDENT_RULES };
  return { windowMinutes: saved.windowMinutes, minNegatives: saved.minNegatives, minSenders: saved.minSenders, retentionDays: saved.retentionDays, updatedBy: saved.byName, updatedAt: saved.at.toISOString() };
}

export async function saveRules(caller: Caller, input: IncidentRules): Promise<SentimentSettingsView> {
  await SentimentSettings.updateOne({ _id: caller.communityId }, { $set: { ...input, byName: caller.name, at: now() } }, { upsert: true });
  return rulesOf(caller.communityId);
}
