import * as complaints from '../../modules/complaints';
import { feeHooks } from '../../modules/fees';
import { followupHooks } from '../../modules/followups';
import * as repairs from '../../modules/repairs';

/**
 * The hooks between the service desk's modules, whose layers are followups < repairs, fees <
 * complaints: a lower module calls a higher one only through these.
 * - repairs.ownerUnhappy (a low rating, an unhappy follow-up) → complaints opens a complaint;
 * - followups.outcomeRecorded → the repair is closed, or the complaint followed up or reopened;
 * - fees.disputedUnits → units whose owner disputes something still unresolved (the reminder ladder
 *   waits for them): an open repair order flagged angry / low rating / unhappy (e.g. reopened), an
 *   open complaint about a repair order (opened by a low rating or an unhappy follow-up) or about fees.
 * Every function that loads one of these modules passes this to `defineFunction({ wiring })`.
 */
export function wireServiceDesk(): void {
  repairs.repairHooks.ownerUnhappy.plug(complaints.fromRepair);
  followupHooks.outcomeRecorded.plug(async ({ communityId, source, sourceId, outcome, by, note }) => {
    if (source === 'repair') await repairs.afterFollowUp(communityId, sourceId, outcome, by.name, note);
    if (source === 'complaint') await complaints.afterFollowUp(communityId, sourceId, outcome, by, note);
  });
  feeHooks.disputedUnits.plug(async (scope) => {
    const [orders, complained] = await Promise.all([repairs.unitsWithOpenDisputes(scope), complaints.unitsWithOpenDisputes(scope)]);
    return [...orders, ...complained];
  });
}
