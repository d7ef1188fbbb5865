import type { OneOffChargeReport } from '@shared/contracts/fees.contract';
import { addDays, dayStart, localDay, localMonth } from '@shared/domain/calendar';
import { FEE_KIND_LABELS, yuan } from '@shared/domain/fees';
import { AppError } from '../../lib/app-error';
import { insertIgnoringDuplicates } from '../../lib/bulk';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { buildingsOf, unitsByIds, unitsOf } from '../community';
import { Bill, FeeItem, OneOffCharge } from './fee.model';
import { refreshBalances } from './balance.service';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/** How far ahead a one-off charge may fall due. */
const MAX_DUE_DAYS = 366;

export interface ChargeInput {
  requestId: string;
  itemId: string;
  unitIds?: string[];
  buildingId?: string;
  /** YYYY-MM-DD, Asia/Shanghai. */
  dueDate: string;
  amountFen?: number;
  note?: string;
}

interface ChargeDoc {
  _id: Id;
  communityId: Id;
  itemId: Id;
  itemName: string;
  amountFen: number;
  custom: boolean;
  dueDate: Date;
  note?: string | null;
  unitIds: Id[];
}

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION', message, { issues: [{ path, message }] });
}

/**
 * fees.chargeOneOff: bill a one-off item (装修押金, 门禁卡工本费…) to chosen units and/or every unit of
 * a building, due on a day. One charge per request (lib/idempotent.ts, key: community, caller and
 * request id): the same request again — a retry after a lost answer, a double tap — finds the first
 * charge and bills nothing twice (its bills are keyed `<item>:<unit>:<charge>`), and finishes the
 * bills of a first try that stopped halfway. Charging the same item to the same unit again on
 * purpose is a new request (a new id), so a new charge with its own bills.
 */
export async function chargeOneOff(caller: Caller, input: ChargeInput): Promise<OneOffChargeReport> {
  const requestKey = `fees-charge:${caller.communityId}:${caller.userId}:${input.requestId}`;
  const { doc, created } = await createOnce<ChargeDoc>({ model: OneOffCharge, key: requestKey, build: (_id) => newCharge(caller, input, requestKey, _id) });
  const { made, skipped } = await billCharge(doc);
  return {
    chargeId: String(doc._id),
    itemName: doc.itemName,
    amountFen: doc.amountFen,
    dueDate: doc.dueDate.toISOString(),
    ...(doc.note ? { note: doc.note } : {}),
    units: doc.unitIds.length,
    created: made,
    skipped,
    replayed: !created,
  };
}

/** The charge a request makes, checked (nothing written): the item, the day, the units. */
async function newCharge(caller: Caller, input: ChargeInput, requestKey: string, _id: Id): Promise<Record<string, unknown>> {
  const communityId = new ObjectId(caller.communityId);
  const item = await FeeItem.findOne({ _id: new ObjectId(input.itemId), communityId }).lean();
  if (!item) throw new AppError('FEE_ITEM.NOT_FOUND');
  if (item.kind !== 'one-off') throw new AppError('FEE.NOT_ONE_OFF', `“${item.name}”是${FEE_KIND_LABELS[item.kind as keyof typeof FEE_KIND_LABELS] ?? '周期收费'}，由每月出账生成账单，不能一次性收取`, { itemId: input.itemId, kind: item.kind });
  if (item.active === false) throw new AppError('FEE.ITEM_INACTIVE', `收费项目“${item.name}”已停用`, { itemId: input.itemId });

  const today = localDay(now());
  if (input.dueDate < today) throw invalid('dueDate', '缴费截止日期不能早于今天');
  if (input.dueDate > addDays(today, MAX_DUE_DAYS)) throw invalid('dueDate', '缴费截止日期须在一年以内');

  const unitIds: Id[] = [];
  const seen = new Set<string>();
  const add = (id: Id) => {
    if (seen.has(String(id))) return;
    seen.add(String(id));
    unitIds.push(id);
  };
  if (input.unitIds?.length) {
    const wanted = [...new Set(input.unitIds)];
    const found = (await unitsByIds(wanted.map((u) => new ObjectId(u)))).filter((u) => String(u.communityId) === caller.communityId);
    const byId = new Map(found.map((u) => [String(u._id), u._id]));
    // A unit of another community is answered as missing (like the request pipeline's reference check).
    if (wanted.some((u) => !byId.has(u))) throw new AppError('UNIT.NOT_FOUND');
    for (const u of wanted) add(byId.get(u)!);
  }
  if (input.buildingId) {
    if (!(await buildingsOf(communityId)).some((b) => String(b._id) === input.buildingId)) throw new AppError('BUILDING.NOT_FOUND');
    const inBuilding = (await unitsOf({ communityIds: [caller.communityId] })).filter((u) => String(u.buildingId) === input.buildingId);
    if (!inBuilding.length) throw invalid('buildingId', '该楼栋还没有房屋');
    for (const u of inBuilding.sort((a, b) => a.label.localeCompare(b.label, 'zh-CN', { numeric: true }))) add(u._id);
  }
  if (!unitIds.length) throw invalid('unitIds', '请选择房屋或楼栋');

  return {
    _id,
    communityId,
    requestKey,
    itemId: item._id,
    itemName: item.name,
    amountFen: input.amountFen ?? item.rateFen,
    custom: input.amountFen !== undefined && input.amountFen !== item.rateFen,
    dueDate: dayStart(input.dueDate),
    ...(input.note ? { note: input.note } : {}),
    unitIds,
    ...(input.buildingId ? { buildingId: new ObjectId(input.buildingId) } : {}),
    byId: new ObjectId(caller.userId),
    byName: caller.name,
    at: now(),
  };
}

/**
 * The charge's bills, one per unit, keyed `<item>:<unit>:<charge>` and inserted ignoring duplicates:
 * made now, or (a replay) already there. The period is the due day's month (for the bill's label).
 */
async function billCharge(charge: ChargeDoc): Promise<{ made: number; skipped: number }> {
  const units = await unitsByIds(charge.unitIds);
  const mine = units.filter((u) => String(u.communityId) === String(charge.communityId));
  const buildingOf = new Map(mine.map((u) => [String(u._id), u.buildingId]));
  const labelOf = new Map(mine.map((u) => [String(u._id), u.label]));
  const detail = `${yuan(charge.amountFen)}元/次 × 1次${charge.custom ? '（本次另定金额）' : ''}${charge.note ? ` · ${charge.note}` : ''}`;
  const at = now();
  const docs = charge.unitIds.flatMap((unitId) => {
    const buildingId = buildingOf.get(String(unitId));
    // A unit removed since the charge was made is not billed.
    if (!buildingId) return [];
    return [
      {
        _id: `${String(charge.itemId)}:${String(unitId)}:${String(charge._id)}`,
        communityId: charge.communityId,
        unitId,
        buildingId,
        unitLabel: labelOf.get(String(unitId)),
        itemId: charge.itemId,
        itemName: charge.itemName,
        kind: 'one-off',
        period: localMonth(charge.dueDate),
        amountFen: charge.amountFen,
        dueDate: charge.dueDate,
        detail,
        status: 'open',
        chargeId: charge._id,
        ...(charge.note ? { note: charge.note } : {}),
        createdAt: at,
      },
    ];
  });
  let made = 0;
  const unitOfId = new Map(units.map((u) => [String(u._id), u]));
  for (let i = 0; i < docs.length; i += 1000) {
    const chunk = docs.slice(i, i + 1000);
    made += chunk.length - (await insertIgnoringDuplicates(Bill.collection, chunk as never[])).size;
    // Their balances (fees.md "Balances"): a replay recomputes them too.
    const charged = chunk.map((d) => unitOfId.get(String(d.unitId))!);
    await refreshBalances(charge.communityId, charged.map((u) => u._id), charged);
  }
  return { made, skipped: docs.length - made };
}
