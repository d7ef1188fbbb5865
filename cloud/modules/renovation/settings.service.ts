import type { RenovationSettingsView } from '@shared/contracts/renovation-application.contract';
import { DEFAULT_FORBIDDEN_WORKS, DEFAULT_PATROL_EVERY_DAYS, DEFAULT_RENOVATION_PAPERS, DEFAULT_WORKING_HOURS, RENOVATION_FEE_KIND_LABELS, RENOVATION_FEE_KINDS, type ForbiddenWork, type RenovationFeeKind, type RenovationPaper, type WorkingHours } from '@shared/domain/renovation';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { hasRole } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { items as feeItems } from '../fees';
import { RenovationSettings } from './renovation.model';

const { ObjectId } = mongoose.Types;

/** A community's renovation settings as the services use them: what it saved, else the defaults (renovation.md "Settings"). */
export interface RenovationSettingsRecord {
  forbiddenWorks: ForbiddenWork[];
  papers: Record<RenovationPaper, string>;
  /** The one-off fee items billed at approval, by kind (absent kinds are not billed). */
  feeItems: Partial<Record<RenovationFeeKind, string>>;
  workingHours: WorkingHours;
  patrolEveryDays: number;
  updatedBy?: string;
  updatedAt?: Date;
}

interface SettingsLean {
  forbiddenWorks?: ForbiddenWork[] | null;
  papers?: { pledge?: string | null; agreement?: string | null } | null;
  feeItems?: Partial<Record<RenovationFeeKind, mongoose.Types.ObjectId | null>> | null;
  workingHours?: WorkingHours | null;
  patrolEveryDays?: number | null;
  byName?: string;
  at?: Date;
}

/** The community's renovation settings (the defaults until a manager saves them). */
export async function renovationSettingsOf(communityId: string): Promise<RenovationSettingsRecord> {
  const saved = (await RenovationSettings.findById(String(communityId)).lean()) as SettingsLean | null;
  const feeItems: Partial<Record<RenovationFeeKind, string>> = {};
  for (const kind of RENOVATION_FEE_KINDS) {
    const id = saved?.feeItems?.[kind];
    if (id) feeItems[kind] = String(id);
  }
  return {
    forbiddenWorks: (saved?.forbiddenWorks ?? DEFAULT_FORBIDDEN_WORKS).map((w) => ({ key: w.key, label: w.label, rule: w.rule, exceptionAllowed: Boolean(w.exceptionAllowed) })),
    papers: { pledge: saved?.papers?.pledge || DEFAULT_RENOVATION_PAPERS.pledge, agreement: saved?.papers?.agreement || DEFAULT_RENOVATION_PAPERS.agreement },
    feeItems,
    workingHours: saved?.workingHours ?? DEFAULT_WORKING_HOURS,
    patrolEveryDays: saved?.patrolEveryDays ?? DEFAULT_PATROL_EVERY_DAYS,
    ...(saved?.byName ? { updatedBy: saved.byName } : {}),
    ...(saved?.at ? { updatedAt: saved.at } : {}),
  };
}

/** renovation.settings: everyone of the community reads them (owners see the forbidden works, papers and fees before applying); staff also get the one-off items to choose from. */
export async function settings(caller: Caller): Promise<RenovationSettingsView> {
  const [s, all] = await Promise.all([renovationSettingsOf(caller.communityId), feeItems(caller)]);
  const oneOff = all.filter((i) => i.kind === 'one-off');
  return {
    forbiddenWorks: s.forbiddenWorks,
    papers: s.papers,
    feeItems: RENOVATION_FEE_KINDS.flatMap((kind) => {
      const item = oneOff.find((i) => i.id === s.feeItems[kind]);
      return item ? [{ kind, itemId: item.id, name: item.name, amountFen: item.rateFen }] : [];
    }),
    ...(hasRole(caller, 'agent', 'manager') ? { oneOffItems: oneOff.map((i) => ({ id: i.id, name: i.name, amountFen: i.rateFen, active: i.active })) } : {}),
    workingHours: s.workingHours,
    patrolEveryDays: s.patrolEveryDays,
    ...(s.updatedBy ? { updatedBy: s.updatedBy } : {}),
    ...(s.updatedAt ? { updatedAt: s.updatedAt.toISOString() } : {}),
  };
}

/**
 * renovation.saveSettings (manager): the forbidden works, the papers' texts, the fee item per kind
 * (each a one-off item of the community: another kind → 409 FEE.NOT_ONE_OFF), the working hours and
 * the patrol frequency. Applications already made keep the labels and rules they named.
 */
export async function saveSettings(
  caller: Caller,
  input: { forbiddenWorks: ForbiddenWork[]; papers: Record<RenovationPaper, string>; feeItems: Partial<Record<RenovationFeeKind, string>>; workingHours: WorkingHours; patrolEveryDays: number },
): Promise<RenovationSettingsView> {
  const all = await feeItems(caller);
  const chosen: Record<string, mongoose.Types.ObjectId> = {};
  for (const kind of RENOVATION_FEE_KINDS) {
    const id = input.feeItems[kind];
    if (!id) continue;
    const item = all.find((i) => i.id === id);
    if (!item) throw new AppError('FEE_ITEM.NOT_FOUND');
    if (item.kind !== 'one-off') throw new AppError('FEE.NOT_ONE_OFF', `“${item.name}”不是一次性收费项目，不能作为${RENOVATION_FEE_KIND_LABELS[kind]}`, { itemId: id, kind: item.kind });
    chosen[kind] = new ObjectId(id);
  }
  await RenovationSettings.updateOne(
    { _id: caller.communityId },
    {
      $set: {
        communityId: new ObjectId(caller.communityId),
        forbiddenWorks: input.forbiddenWorks.map((w) => ({ key: w.key, label: w.label, rule: w.rule, exceptionAllowed: w.exceptionAllowed })),
        papers: { pledge: input.papers.pledge, agreement: input.papers.agreement },
        feeItems: chosen,
        workingHours: { workdays: input.workingHours.workdays.map((p) => ({ from: p.from, to: p.to })), restDays: input.workingHours.restDays.map((p) => ({ from: p.from, to: p.to })), allDay: { from: input.workingHours.allDay.from, to: input.workingHours.allDay.to } },
        patrolEveryDays: input.patrolEveryDays,
        byName: caller.name,
        at: now(),
      },
    },
    { upsert: true },
  );
  return settings(caller);
}
