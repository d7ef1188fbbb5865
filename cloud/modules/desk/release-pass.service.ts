import type { PassView } from '@shared/contracts/desk-log.contract';
import type { Paged } from '@shared/contracts/contract';
import { addDays, localDay } from '@shared/domain/calendar';
import {
  normalizePassCode,
  PASS_DAYS_AHEAD,
  PASS_MACHINE,
  passCheck,
  type PassStatus,
} from '@shared/domain/desk-log';
import { AppError } from '../../lib/app-error';
import { hasRole, type Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { createOnce } from '../../lib/idempotent';
import { newPassCode } from '../../lib/pass-code';
import { paged } from '../../lib/paging';
import { actorOf, mutateRevision, type Change } from '../../lib/revision';
import { transitionTo } from '../../lib/transition';
import { recordedOwners, unitOf } from '../community';
import { ReleasePass, type ReleasePassDoc } from './release-pass.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

const REQUESTED_AS_LABELS: Record<string, string> = { owner: '业主', resident: '住户', staff: '客服代办' };
const isStaff = (caller: Pick<Caller, 'roles'>) => hasRole(caller, 'agent', 'manager');

/** User ids of the owners (业主) on record of a unit who use the mini-program: who may approve its passes. */
async function approversOf(communityId: Id | string, unitId: Id | string): Promise<Set<string>> {
  const owners = await recordedOwners(communityId, [new ObjectId(String(unitId))]);
  return new Set(owners.flatMap((o) => (o.userId ? [String(o.userId)] : [])));
}

function actionsFor(p: ReleasePassDoc, caller: Caller, approvers: Set<string>, today: string): PassView['actions'] {
  const status = p.status as PassStatus;
  const out: PassView['actions'] = [];
  const owner = approvers.has(caller.userId);
  if (owner && PASS_MACHINE.next(status, 'approve')) out.push('approve', 'reject');
  if (PASS_MACHINE.next(status, 'revoke') && (owner || isStaff(caller) || String(p.requestedById) === caller.userId)) out.push('revoke');
  if (isStaff(caller) && passCheck(status, p.date, today) === 'valid') out.push('release');
  return out;
}

export function passView(p: ReleasePassDoc, caller: Caller, approvers: Set<string>): PassView {
  const today = localDay(now());
  const status = p.status as PassStatus;
  return {
    id: String(p._id),
    unitId: String(p.unitId),
    unitLabel: p.unitLabel,
    items: p.items,
    quantity: p.quantity,
    carrierName: p.carrierName,
    carrierPhone: p.carrierPhone,
    ...(p.plate ? { plate: p.plate } : {}),
    date: p.date,
    status,
    check: passCheck(status, p.date, today),
    // The code exists from the start but is handed out only once an owner approved the pass.
    ...(status === 'approved' || status === 'used' ? { code: p.code } : {}),
    requestedByName: p.requestedByName,
    requestedAs: REQUESTED_AS_LABELS[p.requestedAs] ?? p.requestedAs,
    ...(p.approvedByName ? { approvedByName: p.approvedByName } : {}),
    ...(p.usedAt ? { usedAt: new Date(p.usedAt).toISOString(), usedByName: p.usedByName ?? '' } : {}),
    ...(p.note ? { note: p.note } : {}),
    createdAt: new Date(p.createdAt).toISOString(),
    actions: actionsFor(p, caller, approvers, today),
  };
}

async function viewOne(p: ReleasePassDoc, caller: Caller): Promise<PassView> {
  return passView(p, caller, await approversOf(p.communityId, p.unitId));
}

export interface PassInput {
  requestId: string;
  unitId: string;
  items: string;
  quantity: number;
  carrierName: string;
  carrierPhone: string;
  plate?: string;
  date: string;
  note?: string;
}

/**
 * A new pass. Asked by an owner (业主) of the unit on record: approved at once. Asked by another
 * resident of the unit (a tenant, a family member) or by an agent on the owner's behalf: it waits for
 * an owner of the unit to approve it in the mini-program. One pass per request id.
 */
async function createPass(caller: Caller, input: PassInput, by: 'resident' | 'staff'): Promise<PassView> {
  const today = localDay(now());
  if (input.date < today || input.date > addDays(today, PASS_DAYS_AHEAD)) throw new AppError('PASS.BAD_DATE', undefined, { today });
  const key = `${caller.userId}:${input.requestId}`;
  for (let attempt = 1; ; attempt++) {
    try {
      const { doc } = await createOnce<ReleasePassDoc>({
        model: ReleasePass,
        key,
        build: async (_id) => {
          const unit = await unitOf(caller.communityId, input.unitId);
          if (!unit) throw new AppError('UNIT.NOT_FOUND');
          const isOwner = by === 'resident' && (await approversOf(caller.communityId, unit._id)).has(caller.userId);
          const at = now();
          const byId = new ObjectId(caller.userId);
          const history: Record<string, unknown>[] = [{ at, event: 'create', to: 'pending', byId, byName: caller.name }];
          if (isOwner) history.push({ at, event: 'approve', from: 'pending', to: 'approved', byId, byName: caller.name });
          return {
            _id,
            communityId: new ObjectId(caller.communityId),
            requestKey: key,
            code: newPassCode(),
            unitId: unit._id,
            unitLabel: unit.label,
            items: input.items,
            quantity: input.quantity,
            carrierName: input.carrierName,
            carrierPhone: input.carrierPhone,
            ...(input.plate ? { plate: input.plate.toUpperCase() } : {}),
            date: input.date,
            status: isOwner ? 'approved' : 'pending',
            rev: 0,
            requestedById: byId,
            requestedByName: caller.name,
            requestedAs: by === 'staff' ? 'staff' : isOwner ? 'owner' : 'resident',
            ...(input.note ? { note: input.note } : {}),
            ...(isOwner ? { approvedById: byId, approvedByName: caller.name, approvedAt: at } : {}),
            history,
          };
        },
      });
      return viewOne(doc, caller);
    } catch (err) {
      // The drawn code was taken (about one in 10^11 per pass): draw again.
      if (!isDuplicateKey(err) || attempt >= 3) throw err;
    }
  }
}

export const requestPass = (caller: Caller, input: PassInput) => createPass(caller, input, 'resident');
export const recordPass = (caller: Caller, input: PassInput) => createPass(caller, input, 'staff');

/** The passes an owner (or a tenant) sees: of their units, or asked for by them; waiting for their approval first. */
export async function myPasses(caller: Caller): Promise<PassView[]> {
  const unitIds = caller.unitIds.map((id) => new ObjectId(id));
  const docs = await ReleasePass.find({ communityId: new ObjectId(caller.communityId), $or: [{ unitId: { $in: unitIds } }, { requestedById: new ObjectId(caller.userId) }] })
    .sort({ createdAt: -1, _id: -1 })
    .limit(100)
    .lean<ReleasePassDoc[]>();
  const approvers = new Map<string, Set<string>>();
  for (const unitId of new Set(docs.map((d) => String(d.unitId)))) approvers.set(unitId, await approversOf(caller.communityId, unitId));
  const views = docs.map((d) => passView(d, caller, approvers.get(String(d.unitId))!));
  const waiting = (v: PassView) => (v.actions.includes('approve') ? 0 : 1);
  return views.sort((a, b) => waiting(a) - waiting(b));
}

/** Staff: the community's passes, newest first (a day's, by status). */
export async function passes(caller: Caller, input: { date?: string; status?: PassStatus; page: number; pageSize: number }): Promise<Paged<PassView>> {
  const filter = { communityId: new ObjectId(caller.communityId), ...(input.date ? { date: input.date } : {}), ...(input.status ? { status: input.status } : {}) };
  return paged({ model: ReleasePass, filter, sort: { createdAt: -1 } }, input, async (docs: ReleasePassDoc[]) => Promise.all(docs.map((d) => viewOne(d, caller))));
}

async function mutatePass(id: Id | string, caller: Caller, build: (p: ReleasePassDoc) => Change | null): Promise<ReleasePassDoc> {
  const { doc } = await mutateRevision<ReleasePassDoc>({ kind: 'releasePass', model: ReleasePass as never, notFound: 'PASS.NOT_FOUND' }, id, actorOf(caller), build);
  return doc;
}

/** An owner of the unit on record approves (or refuses) a pending pass. */
export async function approvePass(caller: Caller, input: { passId: string; approve: boolean; note?: string }): Promise<PassView> {
  const p = await ReleasePass.findOne({ _id: new ObjectId(input.passId), communityId: new ObjectId(caller.communityId) }).lean<ReleasePassDoc>();
  if (!p) throw new AppError('PASS.NOT_FOUND');
  if (!(await approversOf(p.communityId, p.unitId)).has(caller.userId)) throw new AppError('PASS.NOT_UNIT_OWNER');
  const event = input.approve ? 'approve' : 'reject';
  const doc = await mutatePass(p._id, caller, (cur) => ({
    event,
    to: transitionTo(PASS_MACHINE, cur.status, event),
    ...(input.note ? { note: input.note } : {}),
    ...(input.approve ? { set: { approvedById: new ObjectId(caller.userId), approvedByName: caller.name, approvedAt: now() } } : {}),
  }));
  return viewOne(doc, caller);
}

/** Revoked before it is used: by whoever asked for it, an owner of the unit, or staff. */
export async function revokePass(caller: Caller, input: { passId: string; reason?: string }): Promise<PassView> {
  const p = await ReleasePass.findOne({ _id: new ObjectId(input.passId), communityId: new ObjectId(caller.communityId) }).lean<ReleasePassDoc>();
  if (!p) throw new AppError('PASS.NOT_FOUND');
  const allowed = isStaff(caller) || String(p.requestedById) === caller.userId || (await approversOf(p.communityId, p.unitId)).has(caller.userId);
  if (!allowed) throw new AppError('AUTH.FORBIDDEN');
  const doc = await mutatePass(p._id, caller, (cur) => ({
    event: 'revoke',
    to: transitionTo(PASS_MACHINE, cur.status, 'revoke'),
    ...(input.reason ? { note: input.reason } : {}),
    set: { revokedAt: now() },
  }));
  return viewOne(doc, caller);
}

/** The pass with this code in the caller's community (a code of another community is not found). */
async function byCode(caller: Caller, code: string): Promise<ReleasePassDoc> {
  const p = await ReleasePass.findOne({ communityId: new ObjectId(caller.communityId), code: normalizePassCode(code) }).lean<ReleasePassDoc>();
  if (!p) throw new AppError('PASS.NOT_FOUND');
  return p;
}

/** The gate's look at a code: the pass, with what it is today (有效 / 已过期 / 未批准 / 已使用 / 已撤销). */
export async function checkPass(caller: Caller, input: { code: string }): Promise<PassView> {
  return viewOne(await byCode(caller, input.code), caller);
}

/**
 * 放行: the pass is used. Only a pass valid today (approved, dated today); of racing taps one wins
 * (the revision claim, lib/revision.ts), the others get 409 naming the state.
 */
export async function releasePass(caller: Caller, input: { code: string }): Promise<PassView> {
  const p = await byCode(caller, input.code);
  const doc = await mutatePass(p._id, caller, (cur) => {
    const check = passCheck(cur.status as PassStatus, cur.date, localDay(now()));
    if (cur.status === 'approved' && check !== 'valid') throw new AppError('PASS.NOT_VALID_TODAY', undefined, { check, date: cur.date });
    return { event: 'release', to: transitionTo(PASS_MACHINE, cur.status, 'release'), set: { usedAt: now(), usedByName: caller.name } };
  });
  return viewOne(doc, caller);
}
