import { settle } from '@shared/domain/fees';
import { now } from '../../lib/clock';
import { insertIgnoringDuplicates } from '../../lib/bulk';
import { idSharer, mongoose } from '../../lib/db';
import { LAST_DATE } from '../../lib/paging';
import { unitsByIds, unitsOf } from '../community';
import { FeeBalance, FeeBalanceBuild } from './balance.model';
import { Bill, Payment, Refund } from './fee.model';

type Id = mongoose.Types.ObjectId;

/**
 * Units' balances (fees.md "Balances"): `fee_balances`, one per unit, what its open bills still owe
 * and the due date of its oldest unpaid bill — what the arrears and review lists page through.
 * Recomputed from the unit's own ledger (its bills, payments, refunds: indexed `{communityId, unitId}`)
 * wherever money changes: the billing run and one-off charges (a batch of units at once), payments
 * (desk and WeChat Pay), refunds (ledger and WeChat Pay), a bill cancelled, a deposit given back.
 * Never incremented: a write repeated, replayed after a kill, or racing another gives the state of
 * the ledger it read (a write that read before a racing change may be the last: `npm run
 * fees:balances` rebuilds; the next change of the unit repairs it too).
 */

/** FerretDB v1 hangs on a bulkWrite of more than 50 updates. */
const UPDATES_PER_COMMAND = 50;
/** Units per read of their ledgers (`$in`) when a batch or a whole community is refreshed. */
const UNITS_PER_READ = 1000;

export interface UnitBalance {
  owedFen: number;
  /** The oldest unpaid bill's due date; `LAST_DATE` when nothing is owed. */
  oldestDue: Date;
}

/** A unit's balance from its open bills and what it paid in (payments less refunds): the account's settlement. */
export function balanceOf(bills: readonly { _id: unknown; amountFen: number; dueDate: Date }[], paidInFen: number): UnitBalance {
  const dueOf = new Map(bills.map((b) => [String(b._id), b.dueDate]));
  const s = settle(bills.map((b) => ({ id: String(b._id), amountFen: b.amountFen, dueDate: b.dueDate.toISOString() })), paidInFen);
  let owedFen = 0;
  let oldestDue = LAST_DATE;
  for (const b of s.bills) {
    if (b.dueFen <= 0) continue;
    owedFen += b.dueFen;
    const due = dueOf.get(b.id)!;
    if (due < oldestDue) oldestDue = due;
  }
  return { owedFen, oldestDue };
}

export interface BalanceUnit {
  _id: Id;
  label: string;
  buildingId?: Id;
}

/** Write balances: replace each by `_id` (upsert), 50 per command. */
export async function storeBalances(communityId: Id, rows: readonly { unit: BalanceUnit; balance: UnitBalance }[]): Promise<void> {
  const at = now();
  for (let i = 0; i < rows.length; i += UPDATES_PER_COMMAND) {
    const chunk = rows.slice(i, i + UPDATES_PER_COMMAND);
    await FeeBalance.collection.bulkWrite(
      chunk.map(({ unit, balance }) => ({
        replaceOne: {
          filter: { _id: unit._id },
          replacement: { communityId, ...(unit.buildingId ? { buildingId: unit.buildingId } : {}), unitLabel: unit.label, owedFen: balance.owedFen, oldestDue: balance.oldestDue, at },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }
}

/**
 * Recompute the balances of these units of the community from their ledgers: 3 reads per 1,000 units
 * (bills, payments, refunds by `{communityId, unitId: $in}`; a 4th for the units when not given) and
 * one write per 50 units. Units of another community are skipped.
 */
export async function refreshBalances(communityId: Id, unitIds: readonly Id[], known?: readonly BalanceUnit[]): Promise<number> {
  const ids = [...new Map(unitIds.map((u) => [String(u), u])).values()];
  let done = 0;
  for (let i = 0; i < ids.length; i += UNITS_PER_READ) {
    const chunk = ids.slice(i, i + UNITS_PER_READ);
    const [bills, payments, refunds, units] = await Promise.all([
      Bill.find({ communityId, unitId: { $in: chunk }, status: 'open' }, { unitId: 1, buildingId: 1, amountFen: 1, dueDate: 1 }).lean(),
      Payment.find({ communityId, unitId: { $in: chunk } }, { unitId: 1, amountFen: 1 }).lean(),
      Refund.find({ communityId, unitId: { $in: chunk } }, { unitId: 1, amountFen: 1 }).lean(),
      known ? Promise.resolve(known) : unitsByIds(chunk).then((list) => list.filter((u) => String(u.communityId) === String(communityId))),
    ]);
    const billsOf = new Map<string, typeof bills>();
    for (const b of bills) {
      const list = billsOf.get(String(b.unitId));
      if (list) list.push(b);
      else billsOf.set(String(b.unitId), [b]);
    }
    const paidIn = new Map<string, number>();
    for (const p of payments) paidIn.set(String(p.unitId), (paidIn.get(String(p.unitId)) ?? 0) + p.amountFen);
    for (const r of refunds) paidIn.set(String(r.unitId), (paidIn.get(String(r.unitId)) ?? 0) - r.amountFen);
    const wanted = new Set(chunk.map(String));
    const rows = units
      .filter((u) => wanted.has(String(u._id)))
      .map((u) => {
        const mine = billsOf.get(String(u._id)) ?? [];
        return { unit: { _id: u._id, label: u.label, buildingId: u.buildingId ?? mine[0]?.buildingId }, balance: balanceOf(mine, paidIn.get(String(u._id)) ?? 0) };
      });
    await storeBalances(communityId, rows);
    done += rows.length;
  }
  return done;
}

/**
 * What each unit of these communities paid in: its payments less its refunds, by unit id — one
 * `aggregate` `$group` of the payments and one of the refunds (a short reply per unit, one pass each on
 * FerretDB). The billing rebuild and the reminder run read it once per invocation.
 */
export async function paidInByUnit(communityIds: readonly Id[]): Promise<Map<string, number>> {
  const community = communityIds.length === 1 ? communityIds[0] : { $in: [...communityIds] };
  const sumOf = (model: typeof Payment | typeof Refund) => model.aggregate<{ _id: Id; fen: number }>([{ $match: { communityId: community } }, { $group: { _id: '$unitId', fen: { $sum: '$amountFen' } } }]);
  const [payments, refunds] = await Promise.all([sumOf(Payment), sumOf(Refund)]);
  const out = new Map<string, number>();
  for (const p of payments) out.set(String(p._id), p.fen);
  for (const r of refunds) out.set(String(r._id), (out.get(String(r._id)) ?? 0) - r.fen);
  return out;
}

/**
 * Rebuild every balance of these communities from their ledgers in one pass — their units, their open
 * bills (one streamed read), what each unit paid in (an `aggregate` `$group` of payments, and of
 * refunds) — then replace the communities' balance documents (one delete, one insert) and mark them
 * built. On FerretDB every read here is one pass over its collection whatever the number of units
 * (a read per 1,000 units would be a pass each). Used by the billing run (once per invocation, for
 * the communities it finished), the upgrade (`npm run fees:balances`), tests, and the first arrears
 * list of a community not built (`ensureBalances`). A payment recorded while it runs refreshes its
 * own unit after: its balance, written between the delete and the insert, is kept (the insert skips it).
 */
export async function rebuildBalances(communityIds: Id | readonly Id[]): Promise<number> {
  const ids = Array.isArray(communityIds) ? [...communityIds] : [communityIds as Id];
  if (!ids.length) return 0;
  const community = ids.length === 1 ? ids[0] : { $in: ids };
  const [units, net] = await Promise.all([unitsOf({ communityIds: ids.map(String) }), paidInByUnit(ids)]);
  // Each bill kept as what its balance needs; the unit is the map's key, the few buildings' ids are shared.
  const billsOf = new Map<string, { _id: string; buildingId?: Id; amountFen: number; dueDate: Date }[]>();
  const share = idSharer<Id>();
  for await (const b of Bill.find({ communityId: community, status: 'open' }, { unitId: 1, buildingId: 1, amountFen: 1, dueDate: 1 }).batchSize(5000).lean<{ _id: string; unitId: Id; buildingId?: Id; amountFen: number; dueDate: Date }>().cursor()) {
    const buildingId = share(b.buildingId);
    const bill = { _id: b._id, ...(buildingId ? { buildingId } : {}), amountFen: b.amountFen, dueDate: b.dueDate };
    const list = billsOf.get(String(b.unitId));
    if (list) list.push(bill);
    else billsOf.set(String(b.unitId), [bill]);
  }
  const at = now();
  const balanceDoc = (u: (typeof units)[number]) => {
    const mine = billsOf.get(String(u._id)) ?? [];
    const balance = balanceOf(mine, net.get(String(u._id)) ?? 0);
    const buildingId = u.buildingId ?? mine[0]?.buildingId;
    return { _id: u._id, communityId: u.communityId, ...(buildingId ? { buildingId } : {}), unitLabel: u.label, owedFen: balance.owedFen, oldestDue: balance.oldestDue, at };
  };
  await FeeBalance.collection.deleteMany({ communityId: community } as never);
  // Written 5,000 at a time, each batch's documents made just before its insert (never all at once).
  const counts = new Map<string, number>();
  for (let i = 0; i < units.length; i += 5000) {
    const docs = units.slice(i, i + 5000).map(balanceDoc);
    for (const d of docs) counts.set(String(d.communityId), (counts.get(String(d.communityId)) ?? 0) + 1);
    await insertIgnoringDuplicates(FeeBalance.collection, docs as never[]);
  }
  for (const id of ids) await FeeBalanceBuild.updateOne({ _id: String(id) }, { $set: { units: counts.get(String(id)) ?? 0, at } }, { upsert: true });
  return units.length;
}

/** Balances of a community about to change in bulk (billing) count as not built until it is rebuilt: a run killed in between leaves the rebuild to the first list. */
export async function markBalancesStale(communityId: Id): Promise<void> {
  await FeeBalanceBuild.deleteOne({ _id: String(communityId) });
}

/**
 * Installations from before the balances (and communities seeded by raw inserts) have none: the
 * first arrears or review list of a community not yet built rebuilds it (one `_id` read otherwise).
 */
export async function ensureBalances(communityId: Id): Promise<void> {
  if (await FeeBalanceBuild.exists({ _id: String(communityId) })) return;
  await rebuildBalances(communityId);
}
