import type { EquipmentSummary, EquipmentView } from '@shared/contracts/archives-ledger-view';
import type { Paged } from '@shared/contracts/contract';
import { addDays, localDay } from '@shared/domain/calendar';
import { DUE_SOON_DAYS, dueState, dueText, nextDueAfter, type EquipmentKind, type EquipmentStatus } from '@shared/domain/archives';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { hasRole } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { paged, type SortSpec } from '../../lib/paging';
import { actorOf, mutateRevision } from '../../lib/revision';
import { buildingsOf } from '../community';
import { Equipment, type EquipmentRecord } from './equipment.model';
import { attachedDocs, checkDocs, historyOf, iso, markUsedBy } from './ledger-docs';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

const SPEC = { kind: 'equipment', model: Equipment as never, notFound: 'EQUIPMENT.NOT_FOUND' as const };
const LOG_SHOWN = 50;

const today = () => localDay(now());
const cid = (caller: Caller) => new ObjectId(caller.communityId);
const usedByOf = (id: Id | string) => `equipment:${String(id)}`;

export interface EquipmentFields {
  kind: EquipmentKind;
  name: string;
  code: string;
  location: string;
  buildingId?: string;
  maker?: string;
  modelNo?: string;
  maintainer?: string;
  maintainerPhone?: string;
  installedOn?: string;
  cycleDays?: number;
  lastMaintainedOn?: string;
  nextDueOn?: string;
  docIds: string[];
}

async function load(caller: Caller, id: string | Id): Promise<EquipmentRecord> {
  const e = (await Equipment.findById(new ObjectId(String(id))).lean()) as EquipmentRecord | null;
  if (!e || String(e.communityId) !== caller.communityId) throw new AppError('EQUIPMENT.NOT_FOUND');
  return e;
}

function summaryOf(e: EquipmentRecord, day: string): EquipmentSummary {
  const active = e.status === 'active';
  return {
    id: String(e._id),
    kind: e.kind as EquipmentKind,
    name: e.name,
    code: e.code,
    location: e.location,
    ...(e.buildingName ? { buildingName: e.buildingName } : {}),
    ...(e.maintainer ? { maintainer: e.maintainer } : {}),
    ...(e.lastMaintainedOn ? { lastMaintainedOn: e.lastMaintainedOn } : {}),
    ...(e.nextDueOn ? { nextDueOn: e.nextDueOn } : {}),
    due: active ? dueState(day, e.nextDueOn) : 'none',
    ...(active && e.nextDueOn ? { dueText: dueText(day, e.nextDueOn) } : {}),
    status: e.status as EquipmentStatus,
  };
}

async function viewOf(caller: Caller, e: EquipmentRecord): Promise<EquipmentView> {
  const active = e.status === 'active';
  const log = [...(e.log ?? [])].reverse().slice(0, LOG_SHOWN);
  return {
    ...summaryOf(e, today()),
    ...(e.buildingId ? { buildingId: String(e.buildingId) } : {}),
    ...(e.maker ? { maker: e.maker } : {}),
    ...(e.modelNo ? { modelNo: e.modelNo } : {}),
    ...(e.maintainerPhone ? { maintainerPhone: e.maintainerPhone } : {}),
    ...(e.installedOn ? { installedOn: e.installedOn } : {}),
    ...(e.cycleDays ? { cycleDays: e.cycleDays } : {}),
    docs: await attachedDocs(e.docIds as Id[]),
    log: log.map((l) => ({ on: l.on, by: l.by, ...(l.note ? { note: l.note } : {}), ...(l.nextDueOn ? { nextDueOn: l.nextDueOn } : {}), at: iso(l.at) as string, byName: l.byName })),
    logCount: e.log?.length ?? 0,
    history: historyOf(e.history),
    can: { edit: active, maintain: active, retire: active && hasRole(caller, 'manager') },
  };
}

/** Another item of the community's ledger has the code: 409. */
async function checkCodeFree(communityId: Id, code: string, except?: Id): Promise<void> {
  if (await Equipment.exists({ communityId, code, ...(except ? { _id: { $ne: except } } : {}) })) throw new AppError('EQUIPMENT.CODE_TAKEN', `设备编号“${code}”已登记`);
}

async function buildingOf(communityId: Id, buildingId: string | undefined): Promise<{ buildingId?: Id; buildingName?: string }> {
  if (!buildingId) return {};
  const b = (await buildingsOf(communityId)).find((x) => String(x._id) === buildingId);
  if (!b) throw new AppError('BUILDING.NOT_FOUND');
  return { buildingId: b._id, buildingName: b.name };
}

function checkDates(f: EquipmentFields): void {
  const day = today();
  const bad = (path: string, message: string) => new AppError('VALIDATION', message, { issues: [{ path, message }] });
  if (f.installedOn && f.installedOn > day) throw bad('installedOn', '安装日期不能晚于今天');
  if (f.lastMaintainedOn && f.lastMaintainedOn > day) throw bad('lastMaintainedOn', '上次维保日期不能晚于今天');
  if (f.installedOn && f.lastMaintainedOn && f.lastMaintainedOn < f.installedOn) throw bad('lastMaintainedOn', '上次维保日期不能早于安装日期');
}

/** The stored fields: optional ones set when given, the next due from the last maintenance and the cycle when not given. */
function fieldsOf(f: EquipmentFields): { set: Record<string, unknown>; unset: string[] } {
  const nextDueOn = f.nextDueOn ?? (f.lastMaintainedOn ? nextDueAfter(f.lastMaintainedOn, f.cycleDays) : undefined);
  const optional: Record<string, unknown> = {
    maker: f.maker || undefined,
    modelNo: f.modelNo || undefined,
    maintainer: f.maintainer || undefined,
    maintainerPhone: f.maintainerPhone || undefined,
    installedOn: f.installedOn,
    cycleDays: f.cycleDays,
    lastMaintainedOn: f.lastMaintainedOn,
    nextDueOn,
  };
  const set: Record<string, unknown> = { kind: f.kind, name: f.name, code: f.code, location: f.location };
  const unset: string[] = [];
  for (const [k, v] of Object.entries(optional)) {
    if (v === undefined) unset.push(k);
    else set[k] = v;
  }
  return { set, unset };
}

export async function equipmentList(caller: Caller, input: { kind?: EquipmentKind; due: 'soon' | 'all'; status: EquipmentStatus; page: number; pageSize: number }): Promise<Paged<EquipmentSummary>> {
  const day = today();
  const filter = {
    communityId: cid(caller),
    ...(input.kind ? { kind: input.kind } : {}),
    status: input.status,
    ...(input.due === 'soon' ? { nextDueOn: { $lte: addDays(day, DUE_SOON_DAYS) } } : {}),
  };
  const sort: SortSpec = input.due === 'soon' ? { nextDueOn: 1 } : { kind: 1, code: 1 };
  return paged({ model: Equipment, filter, sort }, input, (docs: EquipmentRecord[]) => docs.map((d) => summaryOf(d, day)));
}

export async function equipmentGet(caller: Caller, input: { equipmentId: string }): Promise<EquipmentView> {
  return viewOf(caller, await load(caller, input.equipmentId));
}

export async function equipmentCreate(caller: Caller, input: EquipmentFields & { requestId: string }): Promise<EquipmentView> {
  const communityId = cid(caller);
  const key = `equipment:${caller.userId}:${input.requestId}`;
  const { doc } = await createOnce<EquipmentRecord>({
    model: Equipment,
    key,
    build: async (_id) => {
      checkDates(input);
      await checkCodeFree(communityId, input.code);
      const building = await buildingOf(communityId, input.buildingId);
      const docIds = await checkDocs(communityId, input.docIds, 'equipment');
      const { set } = fieldsOf(input);
      return {
        _id,
        communityId,
        requestKey: key,
        ...set,
        ...building,
        docIds,
        log: [],
        status: 'active',
        rev: 0,
        byId: new ObjectId(caller.userId),
        byName: caller.name,
        history: [{ at: now(), event: 'create', to: 'active', byId: new ObjectId(caller.userId), byName: caller.name, note: `${input.code} ${input.name}` }],
      };
    },
  });
  // A replay marks again what a crashed first submit may have left unmarked (idempotent).
  await markUsedBy(usedByOf(doc._id), doc.docIds as Id[]);
  return viewOf(caller, doc);
}

export async function equipmentUpdate(caller: Caller, input: EquipmentFields & { equipmentId: string }): Promise<EquipmentView> {
  const e = await load(caller, input.equipmentId);
  if (e.status !== 'active') throw new AppError('EQUIPMENT.RETIRED');
  checkDates(input);
  if (input.code !== e.code) await checkCodeFree(e.communityId as Id, input.code, e._id);
  const building = await buildingOf(e.communityId as Id, input.buildingId);
  const docIds = await checkDocs(e.communityId as Id, input.docIds, 'equipment');
  const { set, unset } = fieldsOf(input);
  const { doc } = await mutateRevision<EquipmentRecord>(SPEC, e._id, actorOf(caller), (cur) => {
    if (cur.status !== 'active') throw new AppError('EQUIPMENT.RETIRED');
    return {
      event: 'edit',
      note: `${input.code} ${input.name}`,
      set: { ...set, ...(building.buildingId ? building : {}), docIds },
      unset: [...unset, ...(!building.buildingId && cur.buildingId ? ['buildingId', 'buildingName'] : [])],
    };
  });
  await markUsedBy(usedByOf(e._id), docIds, e.docIds as Id[]);
  return viewOf(caller, doc);
}

/**
 * Record a maintenance (维保): appended to the log once per request; the last maintenance becomes the
 * later of the two, the next inspection due what was given, else the date plus the cycle (none without).
 */
export async function equipmentMaintain(caller: Caller, input: { equipmentId: string; requestId: string; on: string; by: string; note?: string; nextDueOn?: string }): Promise<EquipmentView> {
  const e = await load(caller, input.equipmentId);
  const bad = (path: string, message: string) => new AppError('VALIDATION', message, { issues: [{ path, message }] });
  if (input.on > today()) throw bad('on', '维保日期不能晚于今天');
  if (input.nextDueOn && input.nextDueOn <= input.on) throw bad('nextDueOn', '下次检验日期应晚于维保日期');
  const { doc } = await mutateRevision<EquipmentRecord>(SPEC, e._id, actorOf(caller), (cur) => {
    if ((cur.log ?? []).some((l) => l.requestId === input.requestId)) return null;
    if (cur.status !== 'active') throw new AppError('EQUIPMENT.RETIRED');
    const next = input.nextDueOn ?? nextDueAfter(input.on, cur.cycleDays);
    const entry = { requestId: input.requestId, on: input.on, by: input.by, ...(input.note ? { note: input.note } : {}), ...(next ? { nextDueOn: next } : {}), at: now(), byName: caller.name };
    const latest = !cur.lastMaintainedOn || input.on >= cur.lastMaintainedOn;
    return {
      event: 'maintain',
      note: `${input.on} ${input.by}${next ? `，下次检验 ${next}` : ''}`,
      set: { log: [...(cur.log ?? []), entry], ...(latest ? { lastMaintainedOn: input.on, ...(next ? { nextDueOn: next } : {}) } : {}) },
      ...(latest && !next && cur.nextDueOn ? { unset: ['nextDueOn'] } : {}),
    };
  });
  return viewOf(caller, doc);
}

/** Retire an item (停用/报废): no more reminders (again: answered as it is). */
export async function equipmentRetire(caller: Caller, input: { equipmentId: string; note?: string }): Promise<EquipmentView> {
  const e = await load(caller, input.equipmentId);
  const { doc } = await mutateRevision<EquipmentRecord>(SPEC, e._id, actorOf(caller), (cur) =>
    cur.status === 'retired' ? null : { event: 'retire', to: 'retired', ...(input.note ? { note: input.note } : {}) },
  );
  return viewOf(caller, doc);
}
