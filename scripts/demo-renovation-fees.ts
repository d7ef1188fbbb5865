import type { RenovationFeeKind } from '@shared/domain/renovation';
import type { mongoose } from '../cloud/lib/db';
import { items as feeItems, saveItem } from '../cloud/modules/fees';
import { User } from '../cloud/modules/identity/user.model';
import { renovationSettingsOf, saveSettings } from '../cloud/modules/renovation';
import { staffCaller } from './demo-kit';

type Id = mongoose.Types.ObjectId;

/** The community's renovation fees (one-off items; the settings bill them at approval). */
export const DEMO_RENOVATION_FEES: { kind: RenovationFeeKind; name: string; rateFen: number }[] = [
  { kind: 'deposit', name: '装修押金', rateFen: 200_000 },
  { kind: 'management', name: '装修管理费', rateFen: 30_000 },
  { kind: 'rubbish', name: '装修垃圾清运费', rateFen: 50_000 },
];

/**
 * The renovation fees of 幸福里小区, set by 孙涛 BEFORE the other renovation demo parts run (so their
 * approvals bill them): the one-off items (made once, found by name after) chosen in 装修设置, so an
 * approval bills 装修押金 2000 元, 装修管理费 300 元 and 垃圾清运费 500 元. Settings a manager saved before
 * (any fee item chosen) are left alone: seeding again changes nothing.
 */
export async function seedDemoRenovationFees(communityId: Id): Promise<{ feeItems: number }> {
  const manager = await User.findOne({ communityId, phone: '13800000041' }).lean();
  if (!manager) return { feeItems: 0 };
  const managerCaller = staffCaller(manager, 'manager', communityId);
  const settings = await renovationSettingsOf(managerCaller.communityId);
  if (Object.keys(settings.feeItems).length) return { feeItems: Object.keys(settings.feeItems).length };
  const existing = await feeItems(managerCaller);
  const chosen: Partial<Record<RenovationFeeKind, string>> = {};
  for (const f of DEMO_RENOVATION_FEES) {
    const item = existing.find((i) => i.name === f.name && i.kind === 'one-off') ?? (await saveItem(managerCaller, { name: f.name, kind: 'one-off', rateFen: f.rateFen, cycle: 'monthly', dueDay: 1, vacancyPercent: 100, active: true }));
    chosen[f.kind] = item.id;
  }
  await saveSettings(managerCaller, { forbiddenWorks: settings.forbiddenWorks, papers: settings.papers, feeItems: chosen, workingHours: settings.workingHours, patrolEveryDays: settings.patrolEveryDays });
  return { feeItems: Object.keys(chosen).length };
}
