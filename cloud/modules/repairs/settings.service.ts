import type { RepairSettingsView } from '@shared/contracts/repairs.contract';
import { DEFAULT_POOL_FALLBACK_MINUTES, DEFAULT_REPAIR_CATEGORIES, DEFAULT_SLA, URGENCIES, type DispatchMode, type SlaTable } from '@shared/domain/repairs';
import { mongoose } from '../../lib/db';
import { RepairSettings } from './repair.model';

type Id = mongoose.Types.ObjectId;

export const DEFAULT_SETTINGS: RepairSettingsView = {
  categories: [...DEFAULT_REPAIR_CATEGORIES],
  dispatchMode: 'auto',
  poolFallbackMinutes: DEFAULT_POOL_FALLBACK_MINUTES,
  sla: DEFAULT_SLA,
};

/** A community's repair settings (the defaults until a manager saves some). */
export async function settingsOf(communityId: Id | string): Promise<RepairSettingsView> {
  const doc = await RepairSettings.findById(new mongoose.Types.ObjectId(String(communityId))).lean();
  if (!doc) return DEFAULT_SETTINGS;
  const sla = doc.sla as Partial<SlaTable>;
  return {
    categories: [...doc.categories],
    dispatchMode: doc.dispatchMode as DispatchMode,
    poolFallbackMinutes: doc.poolFallbackMinutes,
    sla: Object.fromEntries(URGENCIES.map((u) => [u, { ...DEFAULT_SLA[u], ...(sla[u] ?? {}) }])) as SlaTable,
  };
}

export async function saveSettings(communityId: string, input: RepairSettingsView): Promise<RepairSettingsView> {
  const categories = [...new Set(input.categories.map((c) => c.trim()).filter(Boolean))];
  const sla = Object.fromEntries(URGENCIES.map((u) => [u, input.sla[u]])) as SlaTable;
  await RepairSettings.updateOne(
    { _id: new mongoose.Types.ObjectId(communityId) },
    { $set: { categories, dispatchMode: input.dispatchMode, poolFallbackMinutes: input.poolFallbackMinutes, sla } },
    { upsert: true },
  );
  return settingsOf(communityId);
}
