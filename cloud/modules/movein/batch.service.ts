import type { Paged } from '@shared/contracts/contract';
import type { BatchDetail, BatchPublishReport, BatchSummary } from '@shared/contracts/movein-batches.contract';
import { chineseDate, DAY_MS, localDay } from '@shared/domain/calendar';
import { yuan } from '@shared/domain/fees';
import {
  BATCH_MACHINE,
  BATCH_SKIP_LABELS,
  MOVEIN_NOTICE_TEMPLATE_KEY,
  openDays,
  slotLabel,
  type BatchSkipReason,
  type BatchSlotDef,
  type BatchStatus,
} from '@shared/domain/movein';
import { AppError } from '../../lib/app-error';
import { insertIgnoringDuplicates } from '../../lib/bulk';
import type { Caller } from '../../lib/caller';
import { claimUnlessStale, releaseClaim } from '../../lib/claim';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { createOnce, idOfRequest } from '../../lib/idempotent';
import { paged } from '../../lib/paging';
import { actorOf, mutateRevision, type Change } from '../../lib/revision';
import { transitionTo } from '../../lib/transition';
import { buildingsOf, communityContact, recordedOwners, unitsOf } from '../community';
import { chargeOneOff, items as feeItemsOf } from '../fees';
import { preview as previewNotice, publish as publishNotice } from '../notices';
import { Booking, MoveInBatch } from './batch.model';
import { newCaseSteps } from './checklist.service';
import { MoveIn } from './movein.model';

/**
 * Move-in batches (集中入住): the manager drafts a batch (buildings, days, slots, documents, fees),
 * publishes it — a case per unit of its buildings, the one-off bills of its fee items, the 入住通知
 * through the notice board — and closes it when the handover is over.
 */
const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/** A batch as read (lean). */
export interface BatchLean {
  _id: Id;
  communityId: Id;
  name: string;
  buildingIds: Id[];
  startDay: string;
  endDay: string;
  closedDays: string[];
  slots: BatchSlotDef[];
  documents: string[];
  feeItemIds: Id[];
  place?: string | null;
  note?: string | null;
  status: string;
  rev?: number | null;
  noticeId?: Id | null;
  publishedAt?: Date | null;
  publishedById?: Id | null;
  publishedByName?: string | null;
  publishReport?: { created?: number | null; skipped?: { unitId: Id; unitLabel: string; reason: string }[] | null; bills?: number | null } | null;
  createdAt: Date;
}

/** A batch of the community, or null (for the other parts of the module). */
export async function batchOf(communityId: Id | string, batchId: Id | string): Promise<BatchLean | null> {
  return MoveInBatch.findOne({ _id: new ObjectId(String(batchId)), communityId: new ObjectId(String(communityId)) }).lean<BatchLean>();
}

/** Booked places of a batch (or of a community's batches), per building, day and slot — for the progress view. */
export async function bookingCounts(communityId: Id | string, batchId?: Id | string): Promise<{ batchId: string; buildingId: string; day: string; slotId: string; count: number }[]> {
  const docs = await Booking.find({ communityId: new ObjectId(String(communityId)), ...(batchId ? { batchId: new ObjectId(String(batchId)) } : {}) }, { batchId: 1, buildingId: 1, day: 1, slotId: 1 }).lean();
  const counts = new Map<string, { batchId: string; buildingId: string; day: string; slotId: string; count: number }>();
  for (const b of docs) {
    const key = `${String(b.batchId)}|${String(b.buildingId)}|${b.day}|${b.slotId}`;
    const c = counts.get(key) ?? { batchId: String(b.batchId), buildingId: String(b.buildingId), day: b.day, slotId: b.slotId, count: 0 };
    c.count++;
    counts.set(key, c);
  }
  return [...counts.values()];
}

/**
 * Places booked per `<day>|<slot>` of a batch. Counted by the database (one row per slot, one reply):
 * every owner's booking answer reads it, and reading the bookings themselves (hundreds) leaves a cursor
 * open past the first batch of 101 — on FerretDB/SQLite each open cursor holds one of its 100 SQLite
 * connections, and with 100 of them waiting for a getMore every command hangs (bench/move-in.ts).
 */
export async function bookedBySlot(batchId: Id, fromDay?: string): Promise<Map<string, number>> {
  const rows = await Booking.aggregate<{ _id: { day: string; slotId: string }; n: number }>([
    { $match: { batchId: new ObjectId(String(batchId)), ...(fromDay ? { day: { $gte: fromDay } } : {}) } },
    { $group: { _id: { day: '$day', slotId: '$slotId' }, n: { $sum: 1 } } },
  ]);
  return new Map(rows.map((r) => [`${r._id.day}|${r._id.slotId}`, r.n]));
}

function actionsOf(status: BatchStatus): BatchDetail['actions'] {
  return status === 'draft' ? ['edit', 'publish'] : status === 'published' ? ['close'] : [];
}

async function summaryOf(b: BatchLean, buildingNames: Map<string, string>): Promise<BatchSummary> {
  const [cases, booked] = await Promise.all([b.status === 'draft' ? 0 : MoveIn.countDocuments({ communityId: b.communityId, batchId: b._id }), b.status === 'draft' ? 0 : Booking.countDocuments({ batchId: b._id })]);
  const capacity = openDays(b).length * b.slots.reduce((n, s) => n + s.capacity, 0);
  return {
    id: String(b._id),
    name: b.name,
    status: b.status as BatchStatus,
    buildingNames: b.buildingIds.map((id) => buildingNames.get(String(id)) ?? '已删除楼栋'),
    startDay: b.startDay,
    endDay: b.endDay,
    place: b.place ?? '',
    cases,
    booked,
    capacity,
    createdAt: new Date(b.createdAt).toISOString(),
  };
}

async function buildingNamesOf(communityId: Id | string): Promise<Map<string, string>> {
  return new Map((await buildingsOf(communityId)).map((b) => [String(b._id), b.name]));
}

/** The fee items a batch names, as the community's fee list has them (name, amount per time). */
async function feeItemsNamed(caller: Caller, ids: readonly (Id | string)[]): Promise<{ id: string; name: string; amountFen: number }[]> {
  if (!ids.length) return [];
  const all = new Map((await feeItemsOf(caller)).map((i) => [i.id, i]));
  return ids.flatMap((id) => {
    const i = all.get(String(id));
    return i ? [{ id: i.id, name: i.name, amountFen: i.rateFen }] : [];
  });
}

export async function detailOf(caller: Caller, b: BatchLean): Promise<BatchDetail> {
  const names = await buildingNamesOf(b.communityId);
  const [summary, feeItems, booked] = await Promise.all([summaryOf(b, names), feeItemsNamed(caller, b.feeItemIds), bookedBySlot(b._id)]);
  const report = typeof b.publishReport?.created === 'number' ? b.publishReport : undefined;
  return {
    ...summary,
    rev: b.rev ?? 0,
    buildingIds: b.buildingIds.map(String),
    closedDays: [...b.closedDays],
    slots: b.slots.map((s) => ({ id: s.id, start: s.start, end: s.end, label: slotLabel(s), capacity: s.capacity })),
    documents: [...b.documents],
    feeItems,
    note: b.note ?? '',
    days: openDays(b).map((day) => ({ day, slots: b.slots.map((s) => ({ id: s.id, label: slotLabel(s), capacity: s.capacity, booked: booked.get(`${day}|${s.id}`) ?? 0 })) })),
    ...(b.noticeId ? { noticeId: String(b.noticeId) } : {}),
    ...(b.publishedAt ? { publishedAt: new Date(b.publishedAt).toISOString() } : {}),
    ...(b.publishedByName ? { publishedByName: b.publishedByName } : {}),
    ...(report
      ? {
          report: {
            created: report.created ?? 0,
            bills: report.bills ?? 0,
            skipped: (report.skipped ?? []).map((s) => ({ unitId: String(s.unitId), unitLabel: s.unitLabel, reason: s.reason as BatchSkipReason, reasonLabel: BATCH_SKIP_LABELS[s.reason as BatchSkipReason] ?? s.reason })),
          },
        }
      : {}),
    actions: actionsOf(b.status as BatchStatus),
  };
}

export async function listBatches(caller: Caller, input: { status?: BatchStatus; page: number; pageSize: number }): Promise<Paged<BatchSummary>> {
  const names = await buildingNamesOf(caller.communityId);
  const filter = { communityId: new ObjectId(caller.communityId), ...(input.status ? { status: input.status } : {}) };
  return paged({ model: MoveInBatch, filter, sort: { createdAt: -1 } }, input, (docs: BatchLean[]) => Promise.all(docs.map((d) => summaryOf(d, names))));
}

export async function getBatch(caller: Caller, batchId: string): Promise<BatchDetail> {
  const b = await batchOf(caller.communityId, batchId);
  if (!b) throw new AppError('MOVEIN.BATCH_NOT_FOUND');
  return detailOf(caller, b);
}

export interface SaveBatchInput {
  requestId: string;
  batchId?: string;
  rev?: number;
  name: string;
  buildingIds: string[];
  startDay: string;
  endDay: string;
  closedDays: string[];
  slots: { id?: string; start: string; end: string; capacity: number }[];
  documents: string[];
  feeItemIds: string[];
  place: string;
  note: string;
}

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION', message, { issues: [{ path, message }] });
}

/**
 * The fee items due at move-in must be billable once: a one-off item (fees.chargeOneOff refuses a
 * periodic one — it is billed by the monthly run) that is active. Refused naming the item.
 */
async function checkFeeItems(caller: Caller, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const all = new Map((await feeItemsOf(caller)).map((i) => [i.id, i]));
  for (const id of ids) {
    const i = all.get(id);
    if (!i) throw new AppError('FEE_ITEM.NOT_FOUND');
    if (i.kind !== 'one-off') throw new AppError('MOVEIN.FEE_ITEM_UNUSABLE', `“${i.name}”是周期收费项目，由每月出账生成账单；入住时缴纳的费用请选择一次性收费项目（如 预交物业费、装修押金）`, { itemId: id });
    if (!i.active) throw new AppError('MOVEIN.FEE_ITEM_UNUSABLE', `收费项目“${i.name}”已停用`, { itemId: id });
  }
}

/** The batch's fields from the form, checked against the community's records. */
async function fieldsOf(caller: Caller, input: SaveBatchInput): Promise<Record<string, unknown>> {
  const buildings = new Set((await buildingsOf(caller.communityId)).map((b) => String(b._id)));
  const buildingIds = [...new Set(input.buildingIds)];
  if (buildingIds.some((id) => !buildings.has(id))) throw new AppError('BUILDING.NOT_FOUND');
  const feeItemIds = [...new Set(input.feeItemIds)];
  await checkFeeItems(caller, feeItemIds);
  const today = localDay(now());
  if (input.endDay < today) throw invalid('endDay', '结束日期不能早于今天');
  const sorted = [...input.slots].sort((a, b) => a.start.localeCompare(b.start));
  for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].end) throw invalid('slots', `时段 ${slotLabel(sorted[i - 1])} 与 ${slotLabel(sorted[i])} 重叠`);
  const used = new Set<string>();
  const slots = sorted.map((s) => {
    let id = s.id && !used.has(s.id) ? s.id : '';
    for (let n = 1; !id; n++) if (!used.has(`s${n}`) && !sorted.some((o) => o.id === `s${n}`)) id = `s${n}`;
    used.add(id);
    return { id, start: s.start, end: s.end, capacity: s.capacity };
  });
  const closedDays = [...new Set(input.closedDays)].sort();
  if (!openDays({ startDay: input.startDay, endDay: input.endDay, closedDays }).length) throw invalid('closedDays', '批次中没有可办理的日期');
  return {
    name: input.name,
    buildingIds: buildingIds.map((id) => new ObjectId(id)),
    startDay: input.startDay,
    endDay: input.endDay,
    closedDays,
    slots,
    documents: input.documents,
    feeItemIds: feeItemIds.map((id) => new ObjectId(id)),
    place: input.place,
    note: input.note,
  };
}

const batchSpec = { kind: 'moveInBatch', model: MoveInBatch as never, notFound: 'MOVEIN.BATCH_NOT_FOUND' as const };

/** A new batch (a draft; one per request id), or a change to a draft (409 once published). */
export async function saveBatch(caller: Caller, input: SaveBatchInput): Promise<BatchDetail> {
  if (input.batchId) {
    const b = await batchOf(caller.communityId, input.batchId);
    if (!b) throw new AppError('MOVEIN.BATCH_NOT_FOUND');
    if (b.status !== 'draft') throw new AppError('MOVEIN.BATCH_NOT_DRAFT');
    const fields = await fieldsOf(caller, input);
    const { doc } = await mutateRevision<BatchLean>(batchSpec, b._id, actorOf(caller), (cur): Change | null => {
      if (cur.status !== 'draft') throw new AppError('MOVEIN.BATCH_NOT_DRAFT');
      if (input.rev !== undefined && input.rev !== (cur.rev ?? 0)) throw new AppError('STATE.CONFLICT');
      return { event: 'edit', set: fields };
    });
    return detailOf(caller, doc);
  }
  const key = `movein-batch:${caller.communityId}:${caller.userId}:${input.requestId}`;
  const { doc } = await createOnce<BatchLean>({
    model: MoveInBatch,
    key,
    build: async (_id) => ({
      _id,
      communityId: new ObjectId(caller.communityId),
      requestKey: key,
      ...(await fieldsOf(caller, input)),
      status: 'draft',
      rev: 0,
      history: [{ at: now(), event: 'create', to: 'draft', byId: new ObjectId(caller.userId), byName: caller.name }],
    }),
  });
  return detailOf(caller, doc);
}

interface Skip {
  unitId: Id;
  unitLabel: string;
  reason: BatchSkipReason;
}

/**
 * A case per unit of the batch's buildings: the buyer is the unit's owner on record (业主, from the
 * 住户 import of the developer's list or typed in). Skipped: units not vacant (someone lives there),
 * units with an open case (one open case per unit: the unique `openKey`), units without a buyer.
 * Cases are keyed `batch:<batch>:<unit>`: a retry makes none twice.
 */
async function makeCases(b: BatchLean, actor: { id: string; name: string }): Promise<{ unitIds: Id[]; created: number; skipped: Skip[] }> {
  const communityId = String(b.communityId);
  const wanted = new Set(b.buildingIds.map(String));
  const units = (await unitsOf({ communityIds: [communityId] })).filter((u) => wanted.has(String(u.buildingId))).sort((x, y) => x.label.localeCompare(y.label, 'zh-CN', { numeric: true }));
  const mine = new Set((await MoveIn.find({ communityId: b.communityId, batchId: b._id }, { unitId: 1 }).lean()).map((c) => String(c.unitId)));
  const openElsewhere = new Set(
    (await MoveIn.find({ communityId: b.communityId, status: { $in: ['waiting', 'in_progress'] }, unitId: { $in: units.map((u) => u._id) } }, { unitId: 1, batchId: 1 }).lean())
      .filter((c) => String(c.batchId ?? '') !== String(b._id))
      .map((c) => String(c.unitId)),
  );
  const owners = new Map<string, { _id: Id; name: string; phone: string; userId?: Id }>();
  for (const o of await recordedOwners(communityId, units.map((u) => u._id))) if (!owners.has(String(o.unitId))) owners.set(String(o.unitId), o);
  const steps = await newCaseSteps(communityId);
  const skipped: Skip[] = [];
  const docs: Record<string, unknown>[] = [];
  const at = now();
  for (const u of units) {
    if (mine.has(String(u._id))) continue;
    const owner = owners.get(String(u._id));
    const reason: BatchSkipReason | null = openElsewhere.has(String(u._id)) ? 'openCase' : u.status !== 'vacant' ? 'occupied' : !owner ? 'noBuyer' : null;
    if (reason) {
      skipped.push({ unitId: u._id, unitLabel: u.label, reason });
      continue;
    }
    const requestKey = `batch:${String(b._id)}:${String(u._id)}`;
    docs.push({
      _id: idOfRequest(requestKey),
      communityId: b.communityId,
      unitId: u._id,
      buildingId: u.buildingId,
      unitLabel: u.label,
      kind: 'batch',
      batchId: b._id,
      openKey: String(u._id),
      requestKey,
      buyer: { name: owner!.name, phone: owner!.phone, idNumber: '', residentId: owner!._id },
      ...(owner!.userId ? { ownerUserId: owner!.userId } : {}),
      status: 'waiting',
      rev: 0,
      steps,
      signatures: [],
      keys: [],
      cards: [],
      history: [{ at, event: 'create', to: 'waiting', byId: new ObjectId(actor.id), byName: actor.name }],
      createdAt: at,
      updatedAt: at,
    });
  }
  for (let i = 0; i < docs.length; i += 500) await insertIgnoringDuplicates(MoveIn.collection, docs.slice(i, i + 500));
  // What exists now: this batch's cases; a unit whose insert lost to another open case is skipped.
  const made = await MoveIn.find({ communityId: b.communityId, batchId: b._id }, { unitId: 1 }).lean();
  const madeIds = new Set(made.map((c) => String(c.unitId)));
  for (const d of docs) if (!madeIds.has(String(d.unitId))) skipped.push({ unitId: d.unitId as Id, unitLabel: String(d.unitLabel), reason: 'openCase' });
  return { unitIds: made.map((c) => c.unitId), created: made.length, skipped };
}

/** The 入住通知's values from the batch. */
async function noticeValues(b: BatchLean, fees: { name: string; amountFen: number }[]): Promise<Record<string, string>> {
  const names = await buildingNamesOf(b.communityId);
  const contact = await communityContact(b.communityId);
  const closed = b.closedDays.length ? `（${b.closedDays.map((d) => chineseDate(d).replace(/^\d+年/, '')).join('、')}休息）` : '';
  const clip = (s: string) => (s.length > 190 ? `${s.slice(0, 189)}…` : s);
  return {
    buildings: b.buildingIds.map((id) => names.get(String(id)) ?? '').filter(Boolean).join('、'),
    startDate: chineseDate(b.startDay),
    endDate: chineseDate(b.endDay),
    timeRange: clip(`每天 ${b.slots.map(slotLabel).join('、')}${closed}`),
    place: b.place || '物业服务中心',
    ...(b.documents.length ? { documents: clip(b.documents.join('、')) } : {}),
    fees: clip(fees.length ? fees.map((f) => `${f.name} ${yuan(f.amountFen)}元`).join('、') : '无'),
    ...(contact?.servicePhone ? { contactPhone: contact.servicePhone } : { contactPhone: '物业服务中心服务电话' }),
  };
}

const PUBLISH_CLAIM_STALE_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Publish a draft: a case per unit (see makeCases), the one-off bills of its fee items to those units
 * (fees.chargeOneOff; due on the first day, so owners can pay before they come), the 入住通知 to
 * those units (the library's 范本 filled from the batch), then the batch is published (bookings
 * open). Publishes of one batch run one at a time; every step is keyed (cases by unit, the charge and
 * the notice by batch and first publisher), so a retry after a failure — or after NOTICE.NEEDS_CONFIRM —
 * finishes the work without doing anything twice. A published batch answers as it is.
 */
export async function publishBatch(caller: Caller, input: { batchId: string; confirmReview: boolean }): Promise<BatchDetail> {
  const claim = `movein-publish:${input.batchId}`;
  const deadline = Date.now() + 60_000;
  while (!(await claimUnlessStale(claim, PUBLISH_CLAIM_STALE_MS, { ttlMs: DAY_MS }))) {
    if (Date.now() > deadline) throw new AppError('STATE.CONFLICT');
    await sleep(50);
  }
  try {
    let b = await batchOf(caller.communityId, input.batchId);
    if (!b) throw new AppError('MOVEIN.BATCH_NOT_FOUND');
    if (b.status !== 'draft') {
      if (b.status === 'published') return detailOf(caller, b);
      transitionTo(BATCH_MACHINE, b.status as BatchStatus, 'publish');
    }
    const today = localDay(now());
    if (b.endDay < today) throw invalid('endDay', '批次的日期已过，请修改日期后再发布');
    await checkFeeItems(caller, b.feeItemIds.map(String));
    if (!b.publishedById) {
      await MoveInBatch.updateOne({ _id: b._id }, { $set: { publishedById: new ObjectId(caller.userId), publishedByName: caller.name } });
      b = (await batchOf(caller.communityId, input.batchId))!;
    }
    // The charge and the notice are keyed by the first publisher: a retry by another manager finds them.
    const publisher: Caller = { ...caller, userId: String(b.publishedById), name: b.publishedByName ?? caller.name };
    const { unitIds, created, skipped } = await makeCases(b, { id: caller.userId, name: caller.name });
    if (!created) throw new AppError('MOVEIN.BATCH_EMPTY', undefined, { skipped: skipped.map((s) => ({ unitLabel: s.unitLabel, reason: BATCH_SKIP_LABELS[s.reason] })) });

    const fees = await feeItemsNamed(caller, b.feeItemIds);
    let bills = 0;
    const dueDate = b.startDay > today ? b.startDay : today;
    for (const f of fees) {
      const r = await chargeOneOff(publisher, { requestId: `movein-${String(b._id)}-${f.id}`, itemId: f.id, unitIds: unitIds.map(String), dueDate, note: `${b.name}入住费用` });
      bills += r.created + r.skipped;
    }

    const values = await noticeValues(b, fees);
    const text = await previewNotice(publisher, { templateKey: MOVEIN_NOTICE_TEMPLATE_KEY, values });
    const notice = await publishNotice(publisher, {
      requestId: `movein-notice-${String(b._id)}`,
      templateKey: MOVEIN_NOTICE_TEMPLATE_KEY,
      values,
      title: text.title,
      body: text.body,
      kind: 'notice',
      category: 'normal',
      target: { kind: 'units', unitIds: unitIds.map(String) },
      pinned: false,
      confirmReview: input.confirmReview,
    });

    const report = { created, skipped, bills };
    const { doc } = await mutateRevision<BatchLean>(batchSpec, b._id, actorOf(caller), (cur) =>
      cur.status === 'published'
        ? null
        : { event: 'publish', to: transitionTo(BATCH_MACHINE, cur.status as BatchStatus, 'publish'), set: { noticeId: new ObjectId(notice.id), publishedAt: now(), publishReport: report } },
    );
    return detailOf(caller, doc);
  } finally {
    await releaseClaim(claim);
  }
}

/** Close a published batch: bookings end (its cases go on at the desk). */
export async function closeBatch(caller: Caller, input: { batchId: string }): Promise<BatchDetail> {
  const b = await batchOf(caller.communityId, input.batchId);
  if (!b) throw new AppError('MOVEIN.BATCH_NOT_FOUND');
  const { doc } = await mutateRevision<BatchLean>(batchSpec, b._id, actorOf(caller), (cur) =>
    cur.status === 'closed' ? null : { event: 'close', to: transitionTo(BATCH_MACHINE, cur.status as BatchStatus, 'close'), set: { closedAt: now() } },
  );
  return detailOf(caller, doc);
}

export type { BatchPublishReport };
