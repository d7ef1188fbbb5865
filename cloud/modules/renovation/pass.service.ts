import type { GatePassView, RenovationPassView, RenovationPermitView } from '@shared/contracts/renovation-approval.contract';
import { localDay } from '@shared/domain/calendar';
import { normalizePassCode } from '@shared/domain/pass-code';
import { maskIdNumber } from '@shared/domain/privacy';
import { RENOVATION_STATUS_LABELS, RENOVATION_WORKERS_MAX, type RenovationStatus } from '@shared/domain/renovation';
import { anyWorkAllowed, noisyWorkAllowed, passVerdict, RENOVATION_PASS_MACHINE, workingHoursText, type RenovationPassStatus } from '@shared/domain/renovation-permit';
import { AppError } from '../../lib/app-error';
import { hasRole, type Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { createOnce, idOfRequest } from '../../lib/idempotent';
import { newPassCode } from '../../lib/pass-code';
import { actorOf, mutateRevision } from '../../lib/revision';
import { transitionTo } from '../../lib/transition';
import { attachPhotos, ownPhotos, photoLinks } from '../files';
import { loadRenovation, mutateRenovation, type RenovationLean } from './application.service';
import { RenovationPass, type RenovationPassDoc } from './pass.model';
import { RENOVATION_STAFF } from './renovation.access';
import { Renovation } from './renovation.model';
import { renovationSettingsOf } from './settings.service';

/**
 * The 装修出入证 (renovation.md "Approval, permit and passes"): one per worker, issued at approval or
 * when a worker is added later, revoked at once by staff; the gate's check of a code (valid only while
 * the renovation is in progress or waiting for acceptance, within the permit's dates); the permit page.
 * ID numbers are masked everywhere but the gate's check.
 */

const { ObjectId } = mongoose.Types;

/** Statuses in which a renovation has a permit in force (workers may be added). */
const PERMITTED: readonly RenovationStatus[] = ['approved', 'in_progress', 'suspended', 'acceptance'];

type Worker = RenovationLean['workers'][number];
type VerdictOf = Pick<RenovationLean, 'status' | 'plannedStart' | 'plannedEnd' | 'permit' | 'suspension'>;

function verdictOf(p: Pick<RenovationPassDoc, 'status' | 'revokeReason'>, r: VerdictOf, today: string) {
  return passVerdict(
    { status: p.status as RenovationPassStatus, revokeReason: p.revokeReason },
    { status: r.status, validFrom: r.permit?.validFrom || r.plannedStart, validTo: r.permit?.validTo || r.plannedEnd, suspensionReason: r.suspension?.reason },
    today,
  );
}

function passView(p: RenovationPassDoc, r: VerdictOf, urls: Map<string, string>, today: string): RenovationPassView {
  const v = verdictOf(p, r, today);
  const photo = p.photoFileId ? urls.get(p.photoFileId) : undefined;
  return {
    id: String(p._id),
    workerId: p.workerId,
    name: p.name,
    idNumber: maskIdNumber(p.idNumber),
    phone: p.phone ?? '',
    ...(photo ? { photoUrl: photo } : {}),
    code: p.code,
    status: p.status as RenovationPassStatus,
    verdict: v.verdict,
    reason: v.reason,
    issuedAt: new Date(p.createdAt).toISOString(),
    ...(p.revokedAt ? { revokedAt: new Date(p.revokedAt).toISOString(), revokedByName: p.revokedByName ?? '', revokeReason: p.revokeReason ?? '' } : {}),
  };
}

async function viewsOf(passes: RenovationPassDoc[], r: VerdictOf): Promise<RenovationPassView[]> {
  const links = await photoLinks(passes.flatMap((p) => (p.photoFileId ? [p.photoFileId] : [])));
  const urls = new Map(links.map((l) => [l.id, l.url]));
  const today = localDay(now());
  return passes.map((p) => passView(p, r, urls, today));
}

/** The pass of one worker, made once (keyed by renovation and worker); a drawn code already taken is drawn again. */
async function issuePass(r: Pick<RenovationLean, '_id' | 'communityId' | 'unitId' | 'unitLabel'>, w: Worker): Promise<RenovationPassDoc> {
  const key = `renovation:${String(r._id)}:worker:${String(w._id)}`;
  for (let attempt = 1; ; attempt++) {
    try {
      const { doc } = await createOnce<RenovationPassDoc>({
        model: RenovationPass,
        key,
        build: async (_id) => ({
          _id,
          communityId: r.communityId,
          renovationId: r._id,
          unitId: r.unitId,
          unitLabel: r.unitLabel,
          requestKey: key,
          code: newPassCode(),
          workerId: String(w._id),
          name: w.name,
          idNumber: w.idNumber,
          phone: w.phone ?? '',
          ...(w.photoFileId ? { photoFileId: w.photoFileId } : {}),
          status: 'active',
          rev: 0,
          history: [{ at: now(), event: 'issue', to: 'active', byName: '系统' }],
        }),
      });
      return doc;
    } catch (err) {
      // The drawn code was taken (about one in 10^11 per pass): draw again.
      if (!isDuplicateKey(err) || attempt >= 3) throw err;
    }
  }
}

/** A pass for every worker of the renovation who has none (at approval; again on a replay: nothing twice). */
export async function issuePasses(r: Pick<RenovationLean, '_id' | 'communityId' | 'unitId' | 'unitLabel' | 'workers'>): Promise<void> {
  for (const w of r.workers) await issuePass(r, w);
}

/** The renovation's passes in the order of its workers (passes are made in one instant at approval). */
async function passesOf(r: Pick<RenovationLean, '_id' | 'communityId' | 'workers'>): Promise<RenovationPassDoc[]> {
  const passes = await RenovationPass.find({ communityId: r.communityId, renovationId: r._id }).sort({ createdAt: 1, _id: 1 }).lean<RenovationPassDoc[]>();
  const order = new Map(r.workers.map((w, i) => [String(w._id), i]));
  const rank = (p: RenovationPassDoc) => order.get(p.workerId) ?? r.workers.length;
  return passes.sort((a, b) => rank(a) - rank(b));
}

/** renovation.permit: the 装修许可证 page — the permit, the working hours (noisy works allowed now?), the passes. */
export async function permit(caller: Caller, input: { renovationId: string }): Promise<RenovationPermitView> {
  const r = await loadRenovation(caller, input.renovationId);
  const [settings, passes] = await Promise.all([renovationSettingsOf(caller.communityId), passesOf(r)]);
  const staff = hasRole(caller, ...RENOVATION_STAFF);
  const c = r.contractor ?? {};
  return {
    renovationId: String(r._id),
    no: r.no,
    unitLabel: r.unitLabel,
    status: r.status,
    ownerName: r.ownerName,
    contractor: { company: c.company ?? '', foreman: c.foreman ?? '', phone: c.phone ?? '' },
    works: [...r.works],
    ...(r.permit?.no
      ? {
          permit: {
            no: r.permit.no,
            validFrom: r.permit.validFrom ?? r.plannedStart,
            validTo: r.permit.validTo ?? r.plannedEnd,
            conditions: [...(r.permit.conditions ?? [])],
            issuedAt: r.permit.issuedAt ? new Date(r.permit.issuedAt).toISOString() : '',
            byName: r.permit.byName ?? '',
          },
        }
      : {}),
    workingHours: settings.workingHours,
    workingHoursText: workingHoursText(settings.workingHours),
    noisyAllowedNow: noisyWorkAllowed(settings.workingHours, now()),
    passes: await viewsOf(passes, r),
    canRevoke: staff,
    canAddWorker: Boolean(r.permit?.no) && PERMITTED.includes(r.status),
  };
}

/**
 * renovation.addWorker: 新增施工人员 after approval — the worker joins the application (its history
 * says so) and gets a pass. One worker per request; a worker whose ID number is on the list already →
 * 400 naming the field.
 */
export async function addWorker(caller: Caller, input: { renovationId: string; requestId: string; name: string; idNumber: string; phone: string; photoFileId?: string }): Promise<RenovationPassView> {
  const r = await loadRenovation(caller, input.renovationId);
  const workerId = idOfRequest(`renovation:${String(r._id)}:addWorker:${caller.userId}:${input.requestId}`);
  if (input.photoFileId && !r.workers.some((w) => String(w._id) === String(workerId))) {
    await ownPhotos(caller, [input.photoFileId]);
    await attachPhotos([input.photoFileId], `renovation:${String(r._id)}:worker`);
  }
  const { doc } = await mutateRenovation(input.renovationId, caller, (cur) => {
    if (cur.workers.some((w) => String(w._id) === String(workerId))) return null;
    if (!cur.permit?.no || !PERMITTED.includes(cur.status)) {
      throw new AppError('RENOVATION.INVALID_TRANSITION', `装修申请${RENOVATION_STATUS_LABELS[cur.status]}，不能新增施工人员（批准后至验收前可以新增）`, { from: cur.status });
    }
    if (cur.workers.some((w) => w.idNumber.toUpperCase() === input.idNumber.toUpperCase())) {
      throw new AppError('VALIDATION', '该施工人员已登记，无需重复添加', { issues: [{ path: 'idNumber', message: '该施工人员已登记，无需重复添加' }] });
    }
    if (cur.workers.length >= RENOVATION_WORKERS_MAX) {
      throw new AppError('VALIDATION', `施工人员最多${RENOVATION_WORKERS_MAX}人`, { issues: [{ path: 'name', message: `施工人员最多${RENOVATION_WORKERS_MAX}人` }] });
    }
    const worker = { _id: workerId, name: input.name, idNumber: input.idNumber, phone: input.phone, ...(input.photoFileId ? { photoFileId: input.photoFileId } : {}) };
    return { event: 'pass', note: `新增施工人员 ${input.name}（${maskIdNumber(input.idNumber)}），核发出入证`, set: { workers: [...cur.workers, worker] } };
  });
  const worker = doc.workers.find((w) => String(w._id) === String(workerId))!;
  const pass = await issuePass(doc, worker);
  return (await viewsOf([pass], doc))[0];
}

/** renovation.revokePass: 撤销出入证 at once (staff), with the reason; the renovation's history says so. Revoked already → as it is. */
export async function revokePass(caller: Caller, input: { passId: string; reason: string }): Promise<RenovationPassView> {
  const p = await RenovationPass.findOne({ _id: new ObjectId(input.passId), communityId: new ObjectId(caller.communityId) }).lean<RenovationPassDoc>();
  if (!p) throw new AppError('RENOVATION.PASS_NOT_FOUND');
  const { doc, changed } = await mutateRevision<RenovationPassDoc & { status: string }>(
    { kind: 'renovationPass', model: RenovationPass as never, notFound: 'RENOVATION.PASS_NOT_FOUND' },
    p._id,
    actorOf(caller),
    (cur) => {
      if (cur.status === 'revoked') return null;
      return { event: 'revoke', to: transitionTo(RENOVATION_PASS_MACHINE, cur.status, 'revoke'), note: input.reason, set: { revokedAt: now(), revokedByName: caller.name, revokeReason: input.reason } };
    },
  );
  if (changed) {
    await mutateRenovation(p.renovationId, caller, () => ({ event: 'pass', note: `撤销 ${p.name} 的出入证：${input.reason}` }));
  }
  const r = (await Renovation.findById(p.renovationId).lean()) as RenovationLean | null;
  if (!r) throw new AppError('RENOVATION.NOT_FOUND');
  return (await viewsOf([doc], r))[0];
}

/**
 * renovation.checkPass: the gate types or scans a worker's code — the verdict (有效 / 未到有效期 / 已过期 /
 * 已撤销 / 停工整改中 / 尚未开工) with its reason, the worker's photo, name and whole ID number (the only
 * place it is shown), the unit, the permit's dates and whether noisy works are allowed right now.
 */
export async function checkPass(caller: Caller, input: { code: string }): Promise<GatePassView> {
  const p = await RenovationPass.findOne({ communityId: new ObjectId(caller.communityId), code: normalizePassCode(input.code) }).lean<RenovationPassDoc>();
  if (!p) throw new AppError('RENOVATION.PASS_NOT_FOUND');
  const r = (await Renovation.findById(p.renovationId).lean()) as RenovationLean | null;
  if (!r) throw new AppError('RENOVATION.PASS_NOT_FOUND');
  const [settings, links] = await Promise.all([renovationSettingsOf(caller.communityId), photoLinks(p.photoFileId ? [p.photoFileId] : [])]);
  const at = now();
  const v = verdictOf(p, r, localDay(at));
  const c = r.contractor ?? {};
  return {
    passId: String(p._id),
    code: p.code,
    verdict: v.verdict,
    reason: v.reason,
    name: p.name,
    idNumber: p.idNumber,
    phone: p.phone ?? '',
    ...(links[0]?.url ? { photoUrl: links[0].url } : {}),
    unitLabel: r.unitLabel,
    renovationNo: r.no,
    renovationStatus: r.status,
    company: c.company ?? '',
    foreman: c.foreman ?? '',
    validFrom: r.permit?.validFrom || r.plannedStart,
    validTo: r.permit?.validTo || r.plannedEnd,
    noisyAllowed: noisyWorkAllowed(settings.workingHours, at),
    anyWorkAllowed: anyWorkAllowed(settings.workingHours, at),
    workingHoursText: workingHoursText(settings.workingHours),
  };
}

