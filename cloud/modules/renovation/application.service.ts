import type { Paged } from '@shared/contracts/contract';
import type { RenovationSummary } from '@shared/contracts/renovation-application.contract';
import type { RenovationView } from '@shared/contracts/renovation.contract';
import { localDay, localDayDigits } from '@shared/domain/calendar';
import { maskIdNumber, maskPhone } from '@shared/domain/privacy';
import {
  EDITABLE_RENOVATION_STATUSES,
  missingSignatures,
  missingSignatureText,
  plannedDatesProblem,
  RENOVATION_MACHINE,
  RENOVATION_PAPER_LABELS,
  RENOVATION_SIGNER_LABELS,
  RENOVATION_STATUS_LABELS,
  renovationActions,
  type ForbiddenWork,
  type RenovationEvent,
  type RenovationFeeKind,
  type RenovationPaper,
  type RenovationSigner,
  type RenovationStatus,
  type RenovationWork,
} from '@shared/domain/renovation';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { hasRole } from '../../lib/caller';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { paged } from '../../lib/paging';
import { actorOf, mutateRevision, type Change } from '../../lib/revision';
import { transitionTo } from '../../lib/transition';
import { boundResidentUserId, unitsByIds } from '../community';
import { attachPhotos, ownPhotos, photoLinks } from '../files';
import { profileOf } from '../identity';
import { billsWithPaid } from './billing.service';
import { canReachRenovation, RENOVATION_STAFF } from './renovation.access';
import { Renovation } from './renovation.model';
import { renovationSettingsOf } from './settings.service';

/**
 * The application (renovation.md "Application"): an owner's — or an agent's for the owner — draft,
 * its edits, the signatures of the 承诺书 and 协议书, submit and cancel, the detail and the lists.
 * Every change goes through `mutateRevision` with the RENOVATION_MACHINE; ID numbers of workers are
 * masked in every view.
 */

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

interface WorkerLean {
  _id: Id;
  name: string;
  idNumber: string;
  phone?: string | null;
  photoFileId?: string | null;
}

/** A renovation as read from the database (the fields this part reads; the other parts' as they are). */
export interface RenovationLean {
  _id: Id;
  communityId: Id;
  unitId: Id;
  buildingId: Id;
  unitLabel: string;
  no: string;
  openKey: string;
  ownerId?: Id | null;
  ownerName: string;
  ownerPhone?: string | null;
  byStaffId?: Id | null;
  status: RenovationStatus;
  rev: number;
  rooms: string[];
  works: RenovationWork[];
  forbidden: { key: string; label: string; rule: string; reason?: string | null; approved?: boolean | null }[];
  description?: string | null;
  contractor?: { company?: string | null; licence?: string | null; foreman?: string | null; phone?: string | null } | null;
  workers: WorkerLean[];
  plannedStart: string;
  plannedEnd: string;
  drawingIds: string[];
  signatures: { paper: RenovationPaper; signer: RenovationSigner; name: string; fileId: string; at: Date }[];
  bills: { kind: RenovationFeeKind; billId: string; itemName: string; amountFen: number }[];
  submittedAt?: Date | null;
  review?: { conditions?: string[] | null; note?: string | null; byName?: string | null; at?: Date | null } | null;
  returnReason?: string | null;
  permit?: { no?: string | null; validFrom?: string | null; validTo?: string | null; conditions?: string[] | null; issuedAt?: Date | null; byName?: string | null } | null;
  startedAt?: Date | null;
  nextPatrolOn?: string | null;
  openViolations?: number | null;
  violationCount?: number | null;
  suspension?: { reason?: string | null; at?: Date | null; byName?: string | null } | null;
  acceptance?: Record<string, unknown> | null;
  deposit?: Record<string, unknown> | null;
  history: { at: Date; event: string; byName: string; note?: string | null }[];
  createdAt?: Date;
  updatedAt?: Date;
}

export interface WorkerInput {
  id?: string;
  name: string;
  idNumber?: string;
  phone: string;
  photoFileId?: string;
}
export interface ApplicationInput {
  rooms: string[];
  works: RenovationWork[];
  forbidden: { key: string; reason?: string }[];
  description: string;
  contractor: { company: string; licence: string; foreman: string; phone: string };
  workers: WorkerInput[];
  plannedStart: string;
  plannedEnd: string;
  drawingIds?: string[];
}

const oid = (id: string | Id) => new ObjectId(String(id));
const isStaff = (caller: Caller) => hasRole(caller, ...RENOVATION_STAFF);

export function mutateRenovation(id: string | Id, caller: Caller, build: (doc: RenovationLean) => Change | null) {
  return mutateRevision<RenovationLean>({ kind: 'renovation', model: Renovation as never, notFound: 'RENOVATION.NOT_FOUND' }, id, actorOf(caller), build);
}

/** The renovation if the caller reaches it (staff: of the community; owner: of their units), else 404. */
export async function loadRenovation(caller: Caller, id: string): Promise<RenovationLean> {
  const doc = (await Renovation.findById(oid(id)).lean()) as RenovationLean | null;
  if (!doc || !canReachRenovation(caller, doc)) throw new AppError('RENOVATION.NOT_FOUND');
  return doc;
}

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION', message, { issues: [{ path, message }] });
}

/** Changing the application or its signatures is only for a draft or a returned one. */
function requireEditable(doc: Pick<RenovationLean, 'status'>, what: string): void {
  if (EDITABLE_RENOVATION_STATUSES.includes(doc.status)) return;
  throw new AppError('RENOVATION.INVALID_TRANSITION', `装修申请${RENOVATION_STATUS_LABELS[doc.status]}，不能再${what}`, { from: doc.status });
}

// --- views ---

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : undefined);

/** The detail as pages show it: worker ID numbers masked; signature images for staff only. */
export async function renovationView(doc: RenovationLean, caller: Caller): Promise<RenovationView> {
  const staff = isStaff(caller);
  const photoIds = [...doc.workers.flatMap((w) => (w.photoFileId ? [w.photoFileId] : [])), ...doc.drawingIds, ...(staff ? doc.signatures.map((s) => s.fileId) : [])];
  const [links, bills] = await Promise.all([photoLinks(photoIds), billsWithPaid(doc.communityId, doc.unitId, doc.bills)]);
  const url = new Map(links.map((l) => [l.id, l.url]));
  const c = doc.contractor ?? {};
  return {
    id: String(doc._id),
    no: doc.no,
    unitId: String(doc.unitId),
    unitLabel: doc.unitLabel,
    status: doc.status,
    ownerName: doc.ownerName,
    // Masked like every owner's number outside the unit record (staff call through the 一户一档's 显示号码).
    ownerPhone: doc.ownerPhone ? maskPhone(doc.ownerPhone) : '',
    byStaff: Boolean(doc.byStaffId),
    rooms: [...doc.rooms],
    works: [...doc.works],
    forbidden: doc.forbidden.map((f) => ({ key: f.key, label: f.label, rule: f.rule, ...(f.reason ? { reason: f.reason } : {}), ...(typeof f.approved === 'boolean' ? { approved: f.approved } : {}) })),
    description: doc.description ?? '',
    contractor: { company: c.company ?? '', licence: c.licence ?? '', foreman: c.foreman ?? '', phone: c.phone ?? '' },
    workers: doc.workers.map((w) => ({ id: String(w._id), name: w.name, idNumber: maskIdNumber(w.idNumber), phone: w.phone ?? '', ...(w.photoFileId && url.get(w.photoFileId) ? { photoUrl: url.get(w.photoFileId) } : {}) })),
    plannedStart: doc.plannedStart,
    plannedEnd: doc.plannedEnd,
    drawingUrls: doc.drawingIds.flatMap((id) => (url.get(id) ? [url.get(id)!] : [])),
    drawings: doc.drawingIds.flatMap((id) => (url.get(id) ? [{ id, url: url.get(id)! }] : [])),
    signatures: doc.signatures.map((s) => ({ paper: s.paper, signer: s.signer, name: s.name, at: new Date(s.at).toISOString(), ...(staff && url.get(s.fileId) ? { url: url.get(s.fileId) } : {}) })),
    bills,
    ...(doc.submittedAt ? { submittedAt: iso(doc.submittedAt) } : {}),
    ...(doc.review?.at ? { review: { conditions: [...(doc.review.conditions ?? [])], ...(doc.review.note ? { note: doc.review.note } : {}), byName: doc.review.byName ?? '', at: iso(doc.review.at)! } } : {}),
    ...(doc.returnReason ? { returnReason: doc.returnReason } : {}),
    ...(doc.permit?.no
      ? { permit: { no: doc.permit.no, validFrom: doc.permit.validFrom ?? '', validTo: doc.permit.validTo ?? '', conditions: [...(doc.permit.conditions ?? [])], issuedAt: iso(doc.permit.issuedAt) ?? '', byName: doc.permit.byName ?? '' } }
      : {}),
    ...(doc.startedAt ? { startedAt: iso(doc.startedAt) } : {}),
    ...(doc.nextPatrolOn ? { nextPatrolOn: doc.nextPatrolOn } : {}),
    openViolations: doc.openViolations ?? 0,
    violationCount: doc.violationCount ?? 0,
    ...(doc.suspension?.at ? { suspension: { reason: doc.suspension.reason ?? '', at: iso(doc.suspension.at)!, byName: doc.suspension.byName ?? '' } } : {}),
    ...(doc.acceptance ? { acceptance: doc.acceptance } : {}),
    ...(doc.deposit ? { deposit: doc.deposit } : {}),
    history: doc.history.map((h) => ({ at: new Date(h.at).toISOString(), event: h.event, byName: h.byName, ...(h.note ? { note: h.note } : {}) })),
    actions: renovationActions(doc.status, caller.roles),
  };
}

function summaryOf(d: RenovationLean): RenovationSummary {
  return {
    id: String(d._id),
    no: d.no,
    unitId: String(d.unitId),
    unitLabel: d.unitLabel,
    status: d.status,
    ownerName: d.ownerName,
    company: d.contractor?.company ?? '',
    plannedStart: d.plannedStart,
    plannedEnd: d.plannedEnd,
    ...(d.submittedAt ? { submittedAt: iso(d.submittedAt) } : {}),
    openViolations: d.openViolations ?? 0,
    updatedAt: iso(d.updatedAt) ?? '',
  };
}

/** renovation.detail */
export async function detail(caller: Caller, renovationId: string): Promise<RenovationView> {
  return renovationView(await loadRenovation(caller, renovationId), caller);
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** renovation.list: staff — the community's, by status, or found by unit / owner / contractor; owner — those of my units. Newest first. */
export async function list(caller: Caller, input: { status?: RenovationStatus; q?: string; page: number; pageSize: number }): Promise<Paged<RenovationSummary>> {
  const filter: Record<string, unknown> = { communityId: oid(caller.communityId) };
  if (!isStaff(caller)) filter.unitId = { $in: caller.unitIds.map(oid) };
  if (input.status) filter.status = input.status;
  if (input.q) {
    const re = { $regex: literal(input.q), $options: 'i' };
    filter.$or = [{ unitLabel: re }, { ownerName: re }, { 'contractor.company': re }, { 'contractor.foreman': re }];
  }
  return paged<RenovationLean, RenovationSummary>({ model: Renovation as never, filter, sort: { createdAt: -1 } }, input, (docs) => docs.map(summaryOf));
}

// --- the application's fields ---

/** The forbidden works named, checked against the community's list (each with its label and rule as they are now). */
function forbiddenOf(input: ApplicationInput['forbidden'], list: readonly ForbiddenWork[]): RenovationLean['forbidden'] {
  const seen = new Set<string>();
  return input.flatMap((f, i) => {
    if (seen.has(f.key)) return [];
    seen.add(f.key);
    const w = list.find((x) => x.key === f.key);
    if (!w) throw invalid(`forbidden.${i}.key`, '本小区没有这项禁止行为，请刷新后重新选择');
    return [{ key: w.key, label: w.label, rule: w.rule, ...(f.reason ? { reason: f.reason } : {}) }];
  });
}

/**
 * The workers as stored: a recorded worker (`id`) keeps its ID number and photo unless new ones are
 * given; a new photo must be the caller's own upload. ID numbers may not repeat.
 */
function workersOf(input: WorkerInput[], before: readonly WorkerLean[]): { workers: WorkerLean[]; newPhotos: string[] } {
  const newPhotos: string[] = [];
  const workers = input.map((w, i) => {
    const old = w.id ? before.find((b) => String(b._id) === w.id) : undefined;
    if (w.id && !old) throw invalid(`workers.${i}.id`, '施工人员不存在，请刷新后重试');
    const idNumber = w.idNumber || old?.idNumber;
    if (!idNumber) throw invalid(`workers.${i}.idNumber`, '请填写施工人员身份证号');
    const photoFileId = w.photoFileId ?? old?.photoFileId ?? undefined;
    if (w.photoFileId && w.photoFileId !== old?.photoFileId) newPhotos.push(w.photoFileId);
    return { _id: old?._id ?? new ObjectId(), name: w.name, idNumber, phone: w.phone, ...(photoFileId ? { photoFileId } : {}) };
  });
  const ids = workers.map((w) => w.idNumber);
  const dup = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (dup >= 0) throw invalid(`workers.${dup}.idNumber`, '施工人员身份证号重复');
  return { workers, newPhotos };
}

/** Checks the fields and returns what to store, and the photos the caller adds (to check as theirs and attach). */
async function applicationSet(caller: Caller, input: ApplicationInput, before?: Pick<RenovationLean, 'workers' | 'drawingIds'>): Promise<{ set: Record<string, unknown>; newPhotos: string[] }> {
  const problem = plannedDatesProblem(input.plannedStart, input.plannedEnd, localDay(now()));
  if (problem) throw invalid(problem.path, problem.message);
  const settings = await renovationSettingsOf(caller.communityId);
  const forbidden = forbiddenOf(input.forbidden, settings.forbiddenWorks);
  const { workers, newPhotos } = workersOf(input.workers, before?.workers ?? []);
  const drawingIds = input.drawingIds ?? before?.drawingIds ?? [];
  newPhotos.push(...drawingIds.filter((id) => !(before?.drawingIds ?? []).includes(id)));
  const rooms = [...new Set(input.rooms.map((r) => r.trim()).filter(Boolean))];
  return {
    set: {
      rooms,
      works: [...new Set(input.works)],
      forbidden,
      description: input.description,
      contractor: { company: input.contractor.company, licence: input.contractor.licence, foreman: input.contractor.foreman, phone: input.contractor.phone },
      workers,
      plannedStart: input.plannedStart,
      plannedEnd: input.plannedEnd,
      drawingIds: [...new Set(drawingIds)],
    },
    newPhotos: [...new Set(newPhotos)],
  };
}

// --- create, update ---

/**
 * renovation.create: a draft for a unit. An owner applies for one of their units; an agent or the
 * manager for any unit of the community, naming the owner (name and phone: messages go to the app
 * account bound to that phone on the unit, if any). One per request id; one open renovation per unit
 * (its `openKey`, unique) → 409 RENOVATION.ALREADY_OPEN.
 */
export async function create(caller: Caller, input: ApplicationInput & { requestId: string; unitId: string; owner?: { name: string; phone: string } }): Promise<RenovationView> {
  const staff = isStaff(caller);
  const key = `renovation:${caller.userId}:${input.requestId}`;
  let photos: string[] = [];
  try {
    const { doc } = await createOnce<RenovationLean>({
      model: Renovation,
      key,
      build: async (_id) => {
        if (!staff && !caller.unitIds.includes(input.unitId)) throw new AppError('UNIT.NOT_FOUND');
        if (staff && !input.owner) throw invalid('owner', '请填写业主姓名和手机号');
        const [unit] = await unitsByIds([oid(input.unitId)]);
        if (!unit || String(unit.communityId) !== caller.communityId) throw new AppError('UNIT.NOT_FOUND');
        if (await Renovation.exists({ openKey: input.unitId })) throw new AppError('RENOVATION.ALREADY_OPEN');
        const { set, newPhotos } = await applicationSet(caller, input);
        photos = newPhotos;
        if (photos.length) await ownPhotos(caller, photos);
        let owner: { ownerId?: Id; ownerName: string; ownerPhone: string };
        if (staff) {
          const userId = await boundResidentUserId(caller.communityId, unit._id, input.owner!.phone);
          owner = { ...(userId ? { ownerId: userId } : {}), ownerName: input.owner!.name, ownerPhone: input.owner!.phone };
        } else {
          const profile = await profileOf(caller.userId);
          owner = { ownerId: oid(caller.userId), ownerName: caller.name, ownerPhone: profile?.phone ?? '' };
        }
        const at = now();
        return {
          _id,
          communityId: oid(caller.communityId),
          unitId: unit._id,
          buildingId: unit.buildingId,
          unitLabel: unit.label,
          no: `ZX${localDayDigits(at)}-${String(_id).slice(-4).toUpperCase()}`,
          openKey: input.unitId,
          requestKey: key,
          ...owner,
          ...(staff ? { byStaffId: oid(caller.userId) } : {}),
          status: 'draft',
          rev: 0,
          ...set,
          signatures: [],
          bills: [],
          history: [{ at, event: 'create', to: 'draft', byId: oid(caller.userId), byName: caller.name, ...(staff ? { note: `代业主${input.owner!.name}填写` } : {}) }],
        };
      },
      beforeInsert: async (record) => {
        if (photos.length) await attachPhotos(photos, `renovation:${String(record._id)}`);
      },
    });
    return renovationView(doc, caller);
  } catch (err) {
    // Two first applications for one unit at once: the unique open key lets one in.
    if (isDuplicateKey(err)) throw new AppError('RENOVATION.ALREADY_OPEN');
    throw err;
  }
}

/** renovation.update: the application's fields as given replace the ones before (a draft, or a returned application). */
export async function update(caller: Caller, input: ApplicationInput & { renovationId: string }): Promise<RenovationView> {
  const before = await loadRenovation(caller, input.renovationId);
  requireEditable(before, '修改');
  const { set, newPhotos } = await applicationSet(caller, input, before);
  if (newPhotos.length) {
    await ownPhotos(caller, newPhotos);
    await attachPhotos(newPhotos, `renovation:${input.renovationId}`);
  }
  const { doc } = await mutateRenovation(before._id, caller, (cur) => {
    requireEditable(cur, '修改');
    // Workers and drawings were decided on `before`; a concurrent edit in between is overwritten as a whole (last edit wins).
    return { event: 'edit', set };
  });
  return renovationView(doc, caller);
}

// --- signing ---

/**
 * renovation.sign: the owner or the contractor's person in charge signs papers (both by default)
 * with a signature drawn on the phone — a private image the caller uploaded (purpose 'signature'),
 * kept with the renovation. Signing again replaces that signer's signature of those papers.
 */
export async function sign(caller: Caller, input: { renovationId: string; signer: RenovationSigner; name: string; papers: RenovationPaper[]; fileId: string }): Promise<RenovationView> {
  const before = await loadRenovation(caller, input.renovationId);
  requireEditable(before, '签署');
  const papers = [...new Set(input.papers)];
  if (papers.every((p) => before.signatures.some((s) => s.paper === p && s.signer === input.signer && s.fileId === input.fileId))) return renovationView(before, caller);
  await ownPhotos(caller, [input.fileId], { private: 'signature' });
  await attachPhotos([input.fileId], `renovation:${input.renovationId}:${input.signer}`);
  const { doc } = await mutateRenovation(before._id, caller, (cur) => {
    requireEditable(cur, '签署');
    if (papers.every((p) => cur.signatures.some((s) => s.paper === p && s.signer === input.signer && s.fileId === input.fileId))) return null;
    const at = now();
    const kept = cur.signatures.filter((s) => !(s.signer === input.signer && papers.includes(s.paper)));
    return {
      event: 'sign',
      note: `${RENOVATION_SIGNER_LABELS[input.signer]}${input.name}签署${papers.map((p) => `《${RENOVATION_PAPER_LABELS[p]}》`).join('')}`,
      set: { signatures: [...kept, ...papers.map((paper) => ({ paper, signer: input.signer, name: input.name, fileId: input.fileId, at }))] },
    };
  });
  return renovationView(doc, caller);
}

// --- submit, cancel ---

/** What a complete application has before it is submitted: the contractor and at least one worker. */
function incomplete(doc: RenovationLean): { fields: string[]; labels: string[] } {
  const c = doc.contractor ?? {};
  const missing: [string, string][] = [];
  if (!c.company) missing.push(['contractor.company', '施工单位']);
  if (!c.foreman) missing.push(['contractor.foreman', '施工负责人']);
  if (!c.phone) missing.push(['contractor.phone', '施工负责人电话']);
  if (!doc.workers.length) missing.push(['workers', '施工人员']);
  return { fields: missing.map((m) => m[0]), labels: missing.map((m) => m[1]) };
}

/**
 * The forbidden works an application may not be submitted with: one the community does not allow
 * any exception for, or one that allows an exception but has no reason. Judged on the community's
 * list as it is now (a work the manager made exception-free since refuses the submit).
 */
function forbiddenRefusal(doc: RenovationLean, list: readonly ForbiddenWork[]): AppError | null {
  for (const f of doc.forbidden) {
    const w = list.find((x) => x.key === f.key);
    const rule = w?.rule ?? f.rule;
    const label = w?.label ?? f.label;
    if (!w || !w.exceptionAllowed) return new AppError('RENOVATION.FORBIDDEN_WORK', `“${label}”属禁止行为：${rule}`, { keys: [f.key], rule });
    if (!f.reason) return new AppError('RENOVATION.FORBIDDEN_WORK', `“${label}”须说明申请例外的理由并经物业批准：${rule}`, { keys: [f.key], rule, reasonMissing: true });
  }
  return null;
}

/**
 * renovation.submit: draft or returned → submitted. Refused: the planned start passed (400 on the
 * field); a forbidden work without exception, or with one but no reason (409 RENOVATION.FORBIDDEN_WORK
 * naming the rule); the contractor or workers missing (409 RENOVATION.INCOMPLETE); a signature of
 * the four missing (409 RENOVATION.UNSIGNED naming them).
 */
export async function submit(caller: Caller, renovationId: string): Promise<RenovationView> {
  const before = await loadRenovation(caller, renovationId);
  const { forbiddenWorks } = await renovationSettingsOf(caller.communityId);
  const { doc } = await mutateRenovation(before._id, caller, (cur) => {
    // A replay of the submit that already went through changes nothing.
    if (cur.status === 'submitted') return null;
    const to = transitionTo(RENOVATION_MACHINE, cur.status, 'submit');
    const problem = plannedDatesProblem(cur.plannedStart, cur.plannedEnd, localDay(now()));
    if (problem) throw invalid(problem.path, `${problem.message}，请修改后再提交`);
    const refusal = forbiddenRefusal(cur, forbiddenWorks);
    if (refusal) throw refusal;
    const gaps = incomplete(cur);
    if (gaps.fields.length) throw new AppError('RENOVATION.INCOMPLETE', `请填写${gaps.labels.join('、')}后再提交`, { fields: gaps.fields });
    const missing = missingSignatures(cur.signatures);
    if (missing.length) throw new AppError('RENOVATION.UNSIGNED', `还需${missingSignatureText(missing)}`, { missing });
    return { event: 'submit', to, set: { submittedAt: now() } };
  });
  return renovationView(doc, caller);
}

/** renovation.cancel (owner or staff, before the works start): the unit is free for a new application. */
export async function cancel(caller: Caller, input: { renovationId: string; reason?: string }): Promise<RenovationView> {
  const before = await loadRenovation(caller, input.renovationId);
  const { doc } = await mutateRenovation(before._id, caller, (cur) => {
    if (cur.status === 'cancelled') return null;
    const to = transitionTo(RENOVATION_MACHINE, cur.status, 'cancel' satisfies RenovationEvent);
    return { event: 'cancel', to, ...(input.reason ? { note: input.reason } : {}), set: { openKey: `${String(cur.unitId)}:${String(cur._id)}` } };
  });
  return renovationView(doc, caller);
}
