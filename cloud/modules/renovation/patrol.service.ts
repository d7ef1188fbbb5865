import type { Paged } from '@shared/contracts/contract';
import type { ComplaintAboutUnit, PatrolCheckItem, PatrolSummary, PatrolView, RectifyNoticePdf, RenovationPatrolSection, ViolationView } from '@shared/contracts/renovation-patrols.contract';
import type { ComplaintCategory, ComplaintStatus } from '@shared/domain/complaints';
import { chineseDate, localDay, localDayDigits, localInstant } from '@shared/domain/calendar';
import {
  forbiddenCheckKey,
  PATROL_CHECK_ITEMS,
  patrolResultProblems,
  RENOVATION_MACHINE,
  RENOVATION_WORK_LABELS,
  suspensionProposal,
  VIOLATION_SEVERITY_LABELS,
  type PatrolKind,
  type PatrolOutcome,
  type PatrolStatus,
  type RenovationStatus,
  type RenovationWork,
  type ViolationSeverity,
} from '@shared/domain/renovation';
import { routes } from '@shared/routes';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { hasRole } from '../../lib/caller';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { idOfRequest } from '../../lib/idempotent';
import { paged } from '../../lib/paging';
import { actorOf, mutateRevision } from '../../lib/revision';
import { transitionTo } from '../../lib/transition';
import { communityContact, recordedOwners } from '../community';
import { complaintsAbout } from '../complaints';
import { attachPhotos, ownPhotos, photoLinks } from '../files';
import { addCallTasks, enqueue } from '../messaging';
import { RenovationPatrol, type RenovationPatrolDoc } from './patrol.model';
import { rectifyPdf as drawRectifyPdf } from './rectify-pdf';
import { canReachRenovation } from './renovation.access';
import { Renovation, type RenovationDoc } from './renovation.model';
import { renovationSettingsOf } from './settings.service';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

/** Statuses in which the works are on site and patrolled (routine tasks, patrols by hand). */
export const PATROLLED_STATUSES: readonly RenovationStatus[] = ['in_progress', 'suspended'];

const PATROL_SPEC = { kind: 'renovationPatrol', model: RenovationPatrol as never, notFound: 'RENOVATION.PATROL_NOT_FOUND' as const };
const RENOVATION_SPEC = { kind: 'renovation', model: Renovation as never, notFound: 'RENOVATION.NOT_FOUND' as const };

type PatrolLean = RenovationPatrolDoc & { _id: Id; createdAt: Date };
type RenovationLean = RenovationDoc & { _id: Id; createdAt: Date };

const isStaff = (caller: Caller) => hasRole(caller, 'agent', 'manager');
const today = () => localDay(now());

// ---------------------------------------------------------------------------------------------
// Loading

async function loadRenovation(caller: Caller, renovationId: string | Id): Promise<RenovationLean> {
  const r = (await Renovation.findById(new ObjectId(String(renovationId))).lean()) as RenovationLean | null;
  if (!r || !canReachRenovation(caller, r)) throw new AppError('RENOVATION.NOT_FOUND');
  return r;
}

async function loadPatrol(caller: Caller, patrolId: string): Promise<PatrolLean> {
  const p = (await RenovationPatrol.findById(new ObjectId(patrolId)).lean()) as PatrolLean | null;
  if (!p || !canReachRenovation(caller, p)) throw new AppError('RENOVATION.PATROL_NOT_FOUND');
  return p;
}

// ---------------------------------------------------------------------------------------------
// Tasks

/**
 * The patrol task of `kind` (made once: its `_id` comes from `key`, so the job run twice, or a
 * patrol started by hand the same day, finds the same task).
 */
async function taskOnce(r: RenovationLean, key: string, kind: PatrolKind, dueOn: string, extra: Record<string, unknown> = {}): Promise<PatrolLean> {
  const _id = idOfRequest(key);
  const existing = (await RenovationPatrol.findById(_id).lean()) as PatrolLean | null;
  if (existing) return existing;
  try {
    await RenovationPatrol.create({ _id, communityId: r.communityId, renovationId: r._id, unitId: r.unitId, unitLabel: r.unitLabel, kind, dueOn, status: 'open', rev: 0, ...extra });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return (await RenovationPatrol.findById(_id).lean()) as PatrolLean;
}

/** The routine task of a renovation for a day (the job's, or one started by hand). */
export async function routineTask(r: RenovationLean, day: string): Promise<{ task: PatrolLean; created: boolean }> {
  const _id = idOfRequest(`renovation-patrol:${String(r._id)}:routine:${day}`);
  const before = await RenovationPatrol.exists({ _id });
  const task = await taskOnce(r, `renovation-patrol:${String(r._id)}:routine:${day}`, 'routine', day);
  return { task, created: !before };
}

/** Staff: a patrol now (after a complaint, a call): today's routine task of the renovation, made once a day. */
export async function startPatrol(caller: Caller, input: { renovationId: string }): Promise<PatrolView> {
  const r = await loadRenovation(caller, input.renovationId);
  if (!PATROLLED_STATUSES.includes(r.status as RenovationStatus)) throw new AppError('RENOVATION.NOT_ON_SITE', undefined, { status: r.status });
  const { task } = await routineTask(r, today());
  return patrolView(caller, task, r);
}

// ---------------------------------------------------------------------------------------------
// The checklist

/** The checklist of a renovation's patrols: the standard items, then the community's forbidden works. */
async function checklistOf(communityId: Id | string): Promise<PatrolCheckItem[]> {
  const settings = await renovationSettingsOf(String(communityId));
  return [
    ...PATROL_CHECK_ITEMS.map((i) => ({ key: i.key, label: i.label, hint: i.hint, forbidden: false })),
    ...settings.forbiddenWorks.map((w) => ({ key: forbiddenCheckKey(w.key), label: w.label, hint: w.rule, forbidden: true })),
  ];
}

export interface RecordPatrolInput {
  patrolId: string;
  requestId: string;
  checks: { key: string; ok: boolean; note?: string }[];
  photoIds: string[];
  note?: string;
  severity?: ViolationSeverity;
  deadline?: string;
}

/** The 整改通知's number: the renovation's number and the notice's place among its notices (ZG1, ZG2…). */
const noticeNoOf = (renovationNo: string, n: number) => `${renovationNo}-ZG${n}`;

/**
 * A patrol's result, once (`mutateRevision` on the task; the same request id again answers the same,
 * another request on a done task → 409 RENOVATION.PATROL_DONE). Every item of the checklist must be
 * checked; any not in order makes it a violation: severity and a deadline (tomorrow at the earliest,
 * RECTIFY_DAYS_MAX at most). Then, each step keyed so a replay finishes what a crash left undone:
 * the violation re-inspected by this task is rectified (all in order) or replaced by this one's
 * notice; a violation's 整改通知 goes to the owner (message) and the contractor (a call task; the
 * printable 整改通知单), its re-inspection is made for the deadline, and the renovation's figures
 * (open violations, count, suspension proposed) and history follow.
 */
export async function recordPatrol(caller: Caller, input: RecordPatrolInput): Promise<PatrolView> {
  const task = await loadPatrol(caller, input.patrolId);
  const doneKey = `${caller.userId}:${input.requestId}`;
  const r = await loadRenovation(caller, task.renovationId);
  if (task.status === 'done') {
    if (task.doneKey !== doneKey) throw new AppError('RENOVATION.PATROL_DONE');
    return finishPatrol(caller, task, r);
  }
  // A routine visit only while the works are on site; a re-inspection also later (a violation still open holds the deposit).
  if (task.kind === 'routine' && !PATROLLED_STATUSES.includes(r.status as RenovationStatus)) throw new AppError('RENOVATION.NOT_ON_SITE', undefined, { status: r.status });
  const items = await checklistOf(r.communityId);
  const issues = patrolResultProblems(input, today(), items.map((i) => i.key));
  if (issues.length) throw new AppError('VALIDATION', issues[0].message, { issues });
  const photoIds = await ownPhotos(caller, input.photoIds);
  const violation = input.checks.some((c) => !c.ok);
  const labelOf = new Map(items.map((i) => [i.key, i.label]));
  const checks = input.checks.map((c) => ({ key: c.key, label: labelOf.get(c.key) ?? c.key, ok: c.ok, ...(c.note?.trim() ? { note: c.note.trim() } : {}) }));
  const noticeNo = violation ? noticeNoOf(r.no, (await RenovationPatrol.countDocuments({ communityId: r.communityId, renovationId: r._id, outcome: 'violation' })) + 1) : undefined;
  await attachPhotos(photoIds, `renovationPatrol:${String(task._id)}`);
  const outcome: PatrolOutcome = violation ? 'violation' : 'ok';
  const { doc } = await mutateRevision<PatrolLean>(PATROL_SPEC, task._id, actorOf(caller), (p) => {
    if (p.status === 'done') {
      if (p.doneKey === doneKey) return null;
      throw new AppError('RENOVATION.PATROL_DONE');
    }
    return {
      event: 'patrol',
      to: 'done',
      note: violation ? `${VIOLATION_SEVERITY_LABELS[input.severity as ViolationSeverity]}，整改通知${noticeNo}，限${input.deadline}前整改` : '巡查正常',
      set: {
        doneKey,
        checks,
        photoIds,
        ...(input.note ? { note: input.note } : {}),
        outcome,
        byId: new ObjectId(caller.userId),
        byName: caller.name,
        doneAt: now(),
        ...(violation ? { noticeNo, severity: input.severity, deadline: input.deadline, violationOpen: true } : {}),
      },
    };
  });
  return finishPatrol(caller, doc, r);
}

/** The steps after a patrol's result (each keyed: a replay does nothing twice). */
async function finishPatrol(caller: Caller, p: PatrolLean, r: RenovationLean): Promise<PatrolView> {
  const actor = actorOf(caller);
  // The violation this task re-inspects: rectified, or replaced by this task's new notice.
  if (p.kind === 'reinspection' && p.reinspectionOf) {
    const rectified = p.outcome === 'ok';
    await mutateRevision<PatrolLean>(PATROL_SPEC, p.reinspectionOf, actor, (v) => {
      if (!v.violationOpen) return null;
      return rectified
        ? { event: 'rectified', note: `复查${p.byName ?? ''}：已整改`, set: { violationOpen: false, rectified: true, rectifiedAt: p.doneAt ?? now() } }
        : { event: 'superseded', note: `复查未整改，重新下发整改通知${p.noticeNo ?? ''}`, set: { violationOpen: false, rectified: false, supersededBy: p._id } };
    });
  }
  let proposal: string | null = null;
  if (p.outcome === 'violation') {
    const reinspection = await taskOnce(r, `renovation-patrol:${String(p._id)}:reinspect`, 'reinspection', p.deadline as string, { reinspectionOf: p._id });
    if (!p.reinspectionId) await RenovationPatrol.updateOne({ _id: p._id }, { $set: { reinspectionId: reinspection._id } });
    await notifyViolation(r, p);
  }
  const counts = await violationCounts(r._id);
  const { doc: after } = await mutateRevision<RenovationLean>(RENOVATION_SPEC, r._id, actor, (cur) => {
    const event = p.outcome === 'violation' ? 'violation' : p.kind === 'reinspection' ? 'rectified' : 'patrol';
    const mark = `${event}:${String(p._id)}`;
    const logged = (cur.patrolMarks ?? []).includes(mark);
    const sameFigures = cur.openViolations === counts.open && cur.violationCount === counts.total;
    if (logged && sameFigures) return null;
    proposal = p.outcome === 'violation' && cur.status === 'in_progress' ? suspensionProposal(p.severity as ViolationSeverity, counts.total) : null;
    const note =
      p.outcome === 'violation'
        ? `${p.kind === 'reinspection' ? '复查未整改，' : ''}整改通知${p.noticeNo}（${VIOLATION_SEVERITY_LABELS[p.severity as ViolationSeverity]}），限${p.deadline}前整改`
        : p.kind === 'reinspection'
          ? '整改复查通过'
          : '巡查正常';
    return {
      ...(logged ? {} : { event, note }),
      set: {
        ...(logged ? {} : { patrolMarks: [...(cur.patrolMarks ?? []), mark] }),
        openViolations: counts.open,
        violationCount: counts.total,
        ...(proposal && !logged ? { suspendProposal: { reason: proposal, at: now() } } : {}),
      },
    };
  });
  return patrolView(caller, p, after, proposal ?? undefined);
}

/** The renovation's violations: open now, and every 整改通知 issued. */
async function violationCounts(renovationId: Id): Promise<{ open: number; total: number }> {
  const [open, total] = await Promise.all([
    RenovationPatrol.countDocuments({ renovationId, outcome: 'violation', violationOpen: true }),
    RenovationPatrol.countDocuments({ renovationId, outcome: 'violation' }),
  ]);
  return { open, total };
}

/** How many violations of the renovation are open (not rectified): the completion part holds the deposit while any is. */
export async function openViolationsOf(renovationId: string | Id): Promise<number> {
  return RenovationPatrol.countDocuments({ renovationId: new ObjectId(String(renovationId)), outcome: 'violation', violationOpen: true });
}

/** Who is told about the renovation: the owner's account, else the unit's recorded owners who use the app. */
async function ownerAccounts(r: RenovationLean): Promise<Id[]> {
  if (r.ownerId) return [r.ownerId];
  return (await recordedOwners(r.communityId, [r.unitId])).flatMap((o) => (o.userId ? [o.userId] : []));
}

const itemsText = (p: PatrolLean) =>
  (p.checks ?? [])
    .filter((c) => !c.ok)
    .map((c) => c.label)
    .join('、');

/** A 整改通知: the owner's message (each account once) and a call task for the contractor's foreman (once). */
async function notifyViolation(r: RenovationLean, p: PatrolLean): Promise<void> {
  const items = itemsText(p);
  for (const userId of await ownerAccounts(r)) {
    await enqueue({
      communityId: r.communityId,
      eventKey: `renovation:${String(r._id)}:rectify:${String(p._id)}`,
      recipientUserId: new ObjectId(String(userId)),
      templateKey: 'renovation.rectify',
      values: { unit: r.unitLabel, items, deadline: localInstant(p.deadline as string, '12:00'), notice: p.noticeNo ?? '' },
      page: routes.owner.renovation({ id: String(r._id) }),
    });
  }
  const contractor = r.contractor;
  if (contractor?.phone) {
    await addCallTasks([
      {
        communityId: r.communityId,
        eventKey: `renovation:${String(r._id)}:rectify:${String(p._id)}:contractor`,
        // The contractor has no account: the renovation stands for its foreman (one open call per renovation).
        recipientId: r._id,
        name: contractor.foreman || contractor.company || '施工负责人',
        phone: contractor.phone,
        unitLabel: r.unitLabel,
        title: `装修整改通知 ${p.noticeNo ?? ''}`,
        lines: [
          { label: '施工单位', value: contractor.company || '—' },
          { label: '违规项目', value: items },
          { label: '整改期限', value: chineseDate(p.deadline as string) },
        ],
        reason: `巡查发现${VIOLATION_SEVERITY_LABELS[p.severity as ViolationSeverity]}，请电话告知施工负责人限期整改，并送达整改通知单`,
        subject: `renovation-${String(r._id)}`,
      },
    ]);
  }
}

// ---------------------------------------------------------------------------------------------
// Suspend and resume (manager)

/** 停工整改: the passes stop working at the gate; the owner is told and the contractor called. */
export async function suspend(caller: Caller, input: { renovationId: string; reason: string }): Promise<RenovationPatrolSection> {
  await loadRenovation(caller, input.renovationId);
  const { doc, changed } = await mutateRevision<RenovationLean>(RENOVATION_SPEC, input.renovationId, actorOf(caller), (r) => ({
    event: 'suspend',
    to: transitionTo(RENOVATION_MACHINE, r.status, 'suspend'),
    note: input.reason,
    set: { suspension: { reason: input.reason, at: now(), byName: caller.name } },
    unset: ['suspendProposal'],
  }));
  if (changed) await tellSuspension(doc, 'suspend', input.reason);
  return patrolSection(caller, { renovationId: input.renovationId });
}

/** 复工: only when every violation is rectified (else 409 RENOVATION.VIOLATION_OPEN). */
export async function resume(caller: Caller, input: { renovationId: string; note?: string }): Promise<RenovationPatrolSection> {
  await loadRenovation(caller, input.renovationId);
  const open = await openViolationsOf(input.renovationId);
  const { doc, changed } = await mutateRevision<RenovationLean>(RENOVATION_SPEC, input.renovationId, actorOf(caller), (r) => {
    const to = transitionTo(RENOVATION_MACHINE, r.status, 'resume');
    if (open > 0) throw new AppError('RENOVATION.VIOLATION_OPEN', `尚有${open}项违规未整改完毕，不能复工`, { openViolations: open });
    return { event: 'resume', to, ...(input.note ? { note: input.note } : {}), unset: ['suspendProposal'] };
  });
  if (changed) await tellSuspension(doc, 'resume', input.note ?? '整改已完成，准予复工');
  return patrolSection(caller, { renovationId: input.renovationId });
}

async function tellSuspension(r: RenovationLean, what: 'suspend' | 'resume', reason: string): Promise<void> {
  const rev = r.rev ?? 0;
  for (const userId of await ownerAccounts(r)) {
    await enqueue({
      communityId: r.communityId,
      eventKey: `renovation:${String(r._id)}:${what}:${rev}`,
      recipientUserId: new ObjectId(String(userId)),
      templateKey: 'renovation.suspend',
      values: { unit: r.unitLabel, status: what === 'suspend' ? '停工整改' : '准予复工', reason: reason.slice(0, 20), time: now() },
      page: routes.owner.renovation({ id: String(r._id) }),
    });
  }
  if (r.contractor?.phone) {
    await addCallTasks([
      {
        communityId: r.communityId,
        eventKey: `renovation:${String(r._id)}:${what}:${rev}:contractor`,
        recipientId: r._id,
        name: r.contractor.foreman || r.contractor.company || '施工负责人',
        phone: r.contractor.phone,
        unitLabel: r.unitLabel,
        title: what === 'suspend' ? '装修停工整改通知' : '装修复工通知',
        lines: [
          { label: '施工单位', value: r.contractor.company || '—' },
          { label: what === 'suspend' ? '停工原因' : '说明', value: reason },
        ],
        reason: what === 'suspend' ? '装修已被责令停工整改，出入证暂停使用，请电话告知施工负责人' : '装修已准予复工，出入证恢复使用，请电话告知施工负责人',
        subject: `renovation-${String(r._id)}`,
      },
    ]);
  }
}

// ---------------------------------------------------------------------------------------------
// Views

function violationView(v: PatrolLean, byId: Map<string, PatrolLean>): ViolationView {
  const open = Boolean(v.violationOpen);
  const superseder = v.supersededBy ? byId.get(String(v.supersededBy)) : undefined;
  return {
    patrolId: String(v._id),
    noticeNo: v.noticeNo ?? '',
    severity: (v.severity ?? 'minor') as ViolationSeverity,
    items: (v.checks ?? []).filter((c) => !c.ok).map((c) => ({ key: c.key ?? '', label: c.label ?? '', ...(c.note ? { note: c.note } : {}) })),
    foundOn: v.doneAt ? localDay(v.doneAt) : v.dueOn,
    deadline: v.deadline ?? '',
    byName: v.byName ?? '',
    open,
    overdue: open && Boolean(v.deadline) && (v.deadline as string) < today(),
    rectified: v.rectified === true,
    ...(v.rectifiedAt ? { rectifiedAt: v.rectifiedAt.toISOString() } : {}),
    ...(superseder?.noticeNo ? { supersededByNo: superseder.noticeNo } : {}),
    ...(v.reinspectionId ? { reinspectionId: String(v.reinspectionId) } : {}),
  };
}

function summaryOf(p: PatrolLean, r: { no: string; status: string }): PatrolSummary {
  return {
    id: String(p._id),
    renovationId: String(p.renovationId),
    renovationNo: r.no,
    unitLabel: p.unitLabel,
    renovationStatus: r.status as RenovationStatus,
    kind: p.kind as PatrolKind,
    dueOn: p.dueOn,
    status: p.status as PatrolStatus,
    overdue: p.status === 'open' && p.dueOn < today(),
    ...(p.outcome ? { outcome: p.outcome as PatrolOutcome } : {}),
    ...(p.byName ? { byName: p.byName } : {}),
    ...(p.doneAt ? { doneAt: p.doneAt.toISOString() } : {}),
    ...(p.noticeNo ? { noticeNo: p.noticeNo } : {}),
    ...(p.deadline ? { deadline: p.deadline } : {}),
  };
}

/** Neighbours' complaints about the unit since the renovation was applied for (staff only: the owner does not see who complained). */
async function complaintsOf(caller: Caller, r: RenovationLean): Promise<ComplaintAboutUnit[]> {
  if (!isStaff(caller)) return [];
  const since = r.submittedAt ?? r.createdAt;
  return (await complaintsAbout(r.communityId, r.unitId, since)).map((c) => ({
    id: c.id,
    caseNo: c.caseNo,
    category: c.category as ComplaintCategory,
    status: c.status as ComplaintStatus,
    description: c.description,
    createdAt: c.createdAt,
  }));
}

async function patrolView(caller: Caller, p: PatrolLean, r: RenovationLean, proposal?: string): Promise<PatrolView> {
  const related = [p.reinspectionOf, p.supersededBy].filter(Boolean).map((id) => new ObjectId(String(id)));
  const [items, photos, complaints, others] = await Promise.all([
    checklistOf(r.communityId),
    photoLinks(p.photoIds ?? []),
    complaintsOf(caller, r),
    related.length ? (RenovationPatrol.find({ _id: { $in: related } }).lean() as unknown as Promise<PatrolLean[]>) : Promise.resolve([] as PatrolLean[]),
  ]);
  const byId = new Map(others.map((o) => [String(o._id), o]));
  byId.set(String(p._id), p);
  const reinspected = p.reinspectionOf ? byId.get(String(p.reinspectionOf)) : undefined;
  return {
    ...summaryOf(p, r),
    renovation: {
      id: String(r._id),
      no: r.no,
      unitLabel: r.unitLabel,
      status: r.status as RenovationStatus,
      ownerName: r.ownerName,
      contractor: { company: r.contractor?.company ?? '', foreman: r.contractor?.foreman ?? '', phone: r.contractor?.phone ?? '' },
      plannedStart: r.plannedStart,
      plannedEnd: r.plannedEnd,
      ...(r.permit?.no ? { permitNo: r.permit.no } : {}),
      works: (r.works ?? []).map((w) => RENOVATION_WORK_LABELS[w as RenovationWork] ?? w),
    },
    items,
    checks: (p.checks ?? []).map((c) => ({ key: c.key ?? '', label: c.label ?? '', ok: Boolean(c.ok), ...(c.note ? { note: c.note } : {}) })),
    photos,
    ...(p.note ? { note: p.note } : {}),
    ...(p.severity ? { severity: p.severity as ViolationSeverity } : {}),
    ...(reinspected ? { reinspects: violationView(reinspected, byId) } : {}),
    ...(p.outcome === 'violation' ? { violation: violationView(p, byId) } : {}),
    complaints,
    ...(proposal ? { suspendProposal: proposal } : {}),
  };
}

/** Staff: one patrol task. */
export async function patrol(caller: Caller, input: { patrolId: string }): Promise<PatrolView> {
  const p = await loadPatrol(caller, input.patrolId);
  return patrolView(caller, p, await loadRenovation(caller, p.renovationId));
}

/**
 * Staff: patrol tasks — `due`: open ones due today or earlier (overdue first); `open`: every open
 * one (by day); `done`: recorded ones, newest first. A renovation's own when `renovationId` is given.
 */
export async function patrols(caller: Caller, input: { when: 'due' | 'open' | 'done'; renovationId?: string; page: number; pageSize: number }): Promise<Paged<PatrolSummary>> {
  const filter: Record<string, unknown> = {
    communityId: new ObjectId(caller.communityId),
    status: input.when === 'done' ? 'done' : 'open',
    ...(input.when === 'due' ? { dueOn: { $lte: today() } } : {}),
    ...(input.renovationId ? { renovationId: new ObjectId(input.renovationId) } : {}),
  };
  const sort: Record<string, 1 | -1> = input.when === 'done' ? { doneAt: -1, _id: -1 } : { dueOn: 1, _id: 1 };
  return paged({ model: RenovationPatrol, filter, sort }, input, async (docs: PatrolLean[]) => {
    const ids = [...new Set(docs.map((d) => String(d.renovationId)))].map((id) => new ObjectId(id));
    const rs = ids.length ? await Renovation.find({ _id: { $in: ids } }, { no: 1, status: 1 }).lean() : [];
    const byId = new Map(rs.map((r) => [String(r._id), r]));
    return docs.map((d) => summaryOf(d, byId.get(String(d.renovationId)) ?? { no: '', status: 'closed' }));
  });
}

/** The patrol section of a renovation's page: patrols, violations with deadlines, complaints (staff), suspension. */
export async function patrolSection(caller: Caller, input: { renovationId: string }): Promise<RenovationPatrolSection> {
  const r = await loadRenovation(caller, input.renovationId);
  const [docs, complaints] = await Promise.all([
    RenovationPatrol.find({ communityId: r.communityId, renovationId: r._id }).sort({ dueOn: -1, _id: -1 }).limit(200).lean() as unknown as Promise<PatrolLean[]>,
    complaintsOf(caller, r),
  ]);
  const byId = new Map(docs.map((d) => [String(d._id), d]));
  const staff = isStaff(caller);
  const manager = hasRole(caller, 'manager');
  const status = r.status as RenovationStatus;
  const violations = docs.filter((d) => d.outcome === 'violation').map((v) => violationView(v, byId));
  const openViolations = violations.filter((v) => v.open).length;
  return {
    renovationId: String(r._id),
    status,
    ...(r.nextPatrolOn ? { nextPatrolOn: r.nextPatrolOn } : {}),
    // The owner sees the violations and their deadlines; the staff every task.
    patrols: staff ? docs.map((d) => summaryOf(d, r)) : [],
    violations,
    openViolations,
    complaints,
    ...(r.suspension?.reason && status === 'suspended' ? { suspension: { reason: r.suspension.reason, at: (r.suspension.at ?? r.updatedAt).toISOString(), byName: r.suspension.byName ?? '' } } : {}),
    ...(staff && r.suspendProposal?.reason ? { suspendProposal: { reason: r.suspendProposal.reason, at: (r.suspendProposal.at ?? r.updatedAt).toISOString() } } : {}),
    can: {
      patrol: staff && PATROLLED_STATUSES.includes(status),
      suspend: manager && RENOVATION_MACHINE.next(status, 'suspend') !== null,
      resume: manager && RENOVATION_MACHINE.next(status, 'resume') !== null && openViolations === 0,
    },
  };
}

/** The 整改通知单 of a violation (A4 PDF). */
export async function rectifyPdf(caller: Caller, input: { patrolId: string }): Promise<RectifyNoticePdf> {
  const p = await loadPatrol(caller, input.patrolId);
  if (p.outcome !== 'violation') throw new AppError('RENOVATION.PATROL_NOT_FOUND', '该巡查没有整改通知');
  const r = await loadRenovation(caller, p.renovationId);
  const community = await communityContact(r.communityId);
  const pdf = await drawRectifyPdf({
    communityName: community?.name ?? '',
    communityPhone: community?.servicePhone ?? '',
    noticeNo: p.noticeNo ?? '',
    unitLabel: r.unitLabel,
    ownerName: r.ownerName,
    contractor: { company: r.contractor?.company ?? '', foreman: r.contractor?.foreman ?? '', phone: r.contractor?.phone ?? '' },
    permitNo: r.permit?.no ?? '',
    foundAt: p.doneAt ?? now(),
    byName: p.byName ?? '',
    severity: p.severity as ViolationSeverity,
    items: (p.checks ?? []).filter((c) => !c.ok).map((c) => ({ label: c.label ?? '', note: c.note ?? '' })),
    deadline: p.deadline ?? '',
    reinspection: p.kind === 'reinspection',
  });
  return { fileName: `整改通知单-${r.unitLabel}-${p.noticeNo ?? localDayDigits(now())}.pdf`, mime: 'application/pdf', contentBase64: pdf.toString('base64') };
}

