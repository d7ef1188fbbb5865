import type { LadderView } from '@shared/contracts/fees.contract';
import { DEFAULT_LADDER_DAYS, LADDER_STAGES, ladderDaysProblem, type LadderDays } from '@shared/domain/fees';
import { now } from '../../lib/clock';
import type { Caller } from '../../lib/caller';
import { FeeSettings } from './fee.model';

/** The community's reminder ladder: its own days per stage, or the defaults. */
export async function ladderDaysOf(communityId: string): Promise<LadderDays> {
  const saved = await FeeSettings.findById(communityId, { ladderDays: 1 }).lean();
  return saved && !ladderDaysProblem(saved.ladderDays) ? (saved.ladderDays as unknown as LadderDays) : DEFAULT_LADDER_DAYS;
}

async function view(communityId: string): Promise<LadderView> {
  const saved = await FeeSettings.findById(communityId).lean();
  const days = saved && !ladderDaysProblem(saved.ladderDays) ? saved.ladderDays : DEFAULT_LADDER_DAYS;
  return {
    stages: LADDER_STAGES.map((s) => ({ stage: s.stage, label: s.label, days: days[s.stage], defaultDays: DEFAULT_LADDER_DAYS[s.stage] })),
    ...(saved ? { updatedBy: saved.byName, updatedAt: saved.at.toISOString() } : {}),
  };
}

export function ladder(caller: Caller): Promise<LadderView> {
  return view(caller.communityId);
}

/** Manager: the community's own stage days (checked by the contract; they apply from the next reminder run). */
export async function saveLadder(caller: Caller, days: number[]): Promise<LadderView> {
  await FeeSettings.updateOne({ _id: caller.communityId }, { $set: { ladderDays: days, byName: caller.name, at: now() } }, { upsert: true });
  return view(caller.communityId);
}
