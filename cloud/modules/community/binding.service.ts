import {
  BINDING_MAX_MISSES_PER_HOUR,
  BINDING_MAX_TRIES_PER_UNIT_PER_HOUR,
  type BindingStatus,
  type BindingTask,
  type BindingView,
  type BindOptions,
  type BindResult,
} from '@shared/contracts/binding.contract';
import type { Paged } from '@shared/contracts/contract';
import { HOUR_MS } from '@shared/domain/calendar';
import type { ResidentRelation } from '@shared/domain/household';
import { maskPhone } from '@shared/domain/privacy';
import { GUEST } from '@shared/domain/roles';
import { routes } from '@shared/routes';
import { AppError } from '../../lib/app-error';
import { paged } from '../../lib/paging';
import { claimOnce, releaseClaim } from '../../lib/claim';
import { now } from '../../lib/clock';
import { isDuplicateKey, mongoose } from '../../lib/db';
import { rateLimit, type RateTaken } from '../../lib/rate-limit';
import type { Caller } from '../../lib/caller';
import { addOwnedUnit, bindingSubject, removeOwnedUnit } from '../identity';
import { enqueue } from '../messaging';
import { BindingRequest } from './binding.model';
import { Building, Community, Unit } from './community.model';
import { Resident } from './household.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;
type BindingDoc = InstanceType<typeof BindingRequest>;

const tooManyTries = ({ minutes }: { minutes: number }) => `尝试次数过多，请${minutes}分钟后再试，或联系物业服务中心`;
/** Wrong name/phone answers per WeChat user: 5 per clock hour (lib/rate-limit.ts). */
const misses = rateLimit('binding', { limits: [{ max: BINDING_MAX_MISSES_PER_HOUR, windowMs: HOUR_MS }], says: tooManyTries });
/** Wrong answers per unit, by all WeChat users together: 10 per clock hour (many accounts cannot share out one family's 4 digits). */
const unitMisses = rateLimit('binding.unit', { limits: [{ max: BINDING_MAX_TRIES_PER_UNIT_PER_HOUR, windowMs: HOUR_MS }], says: tooManyTries });

/** Names as people type them: no spaces, full-width dots as half-width. */
const sameName = (a: string, b: string) => a.replace(/\s+/g, '').replace(/[·•]/g, '.') === b.replace(/\s+/g, '').replace(/[·•]/g, '.');

const isGuest = (caller: Caller) => caller.roles.includes(GUEST);

export async function options(caller: Caller, input: { communityId?: string; buildingId?: string }): Promise<BindOptions> {
  // Someone already living in a community binds further units there; a guest may pick any community.
  const communities = isGuest(caller)
    ? await Community.find({}, { name: 1 }).sort({ name: 1 }).limit(500)
    : await Community.find({ _id: new ObjectId(caller.communityId) }, { name: 1 });
  const result: BindOptions = { communities: communities.map((c) => ({ id: String(c._id), name: c.name })), buildings: [], units: [] };
  const communityId = input.communityId;
  if (!communityId) return result;
  if (!result.communities.some((c) => c.id === communityId)) throw new AppError('COMMUNITY.NOT_FOUND');
  const buildings = await Building.find({ communityId: new ObjectId(communityId) }, { name: 1 }).sort({ sort: 1, name: 1 });
  result.buildings = buildings.map((b) => ({ id: String(b._id), name: b.name }));
  if (!input.buildingId) return result;
  if (!result.buildings.some((b) => b.id === input.buildingId)) throw new AppError('BUILDING.NOT_FOUND');
  const units = await Unit.find({ communityId: new ObjectId(communityId), buildingId: new ObjectId(input.buildingId) }, { label: 1, entrance: 1, floor: 1, room: 1 }).sort({ label: 1 });
  result.units = units.map((u) => ({ id: String(u._id), name: u.label, entrance: u.entrance, floor: u.floor, room: u.room }));
  return result;
}

/**
 * A resident record is linked to at most one WeChat user. Two right answers for the same record at
 * the same moment would both pass a read of `userId` (and FerretDB's guarded updates are not atomic),
 * so the link is claimed by a unique key first; unlinking gives the claim back.
 */
const residentLinkKey = (residentId: Id) => `resident:${String(residentId)}:link`;

async function linkResident(residentId: Id, userId: Id): Promise<boolean> {
  if (await claimOnce(residentLinkKey(residentId))) {
    await Resident.updateOne({ _id: residentId }, { $set: { userId } });
    return true;
  }
  // Held already: by this user (a repeated approval) it is fine, by anyone else it is not.
  const held = await Resident.findById(residentId, { userId: 1 }).lean();
  return String(held?.userId ?? '') === String(userId);
}

/**
 * Binds a user to a unit: the user becomes an owner (住户) of the unit's community, linked to a
 * resident record. Returns null when that record was linked to another WeChat user meanwhile.
 */
async function bindUser(userId: Id, unit: InstanceType<typeof Unit>, binding: { name: string; relation: ResidentRelation; residentId?: Id }): Promise<Id | null> {
  const user = await bindingSubject(userId);
  if (!user?.active) throw new AppError('AUTH.NOT_REGISTERED');
  const { hasRoles } = user;
  if (hasRoles && user.communityId && String(user.communityId) !== String(unit.communityId)) throw new AppError('BINDING.OTHER_COMMUNITY');
  let residentId = binding.residentId;
  if (residentId) {
    if (!(await linkResident(residentId, userId))) return null;
  } else {
    const created = await Resident.create({ communityId: unit.communityId, unitId: unit._id, name: binding.name, relation: binding.relation, userId });
    residentId = created._id;
    await claimOnce(residentLinkKey(residentId));
  }
  const resident = await Resident.findById(residentId, { phone: 1, name: 1 });
  // A guest takes the name (and phone) the office has on record.
  await addOwnedUnit(userId, { communityId: unit.communityId, unitId: unit._id }, hasRoles ? undefined : { name: resident?.name ?? binding.name, ...(resident?.phone ? { phone: resident.phone } : {}) });
  return residentId;
}

/** Unlinks a user from a unit; a user left with no unit and no staff role is a guest again. */
export async function detachUserFromUnit(userId: Id, unitId: Id): Promise<string[]> {
  const linked = await Resident.find({ unitId, userId }, { _id: 1 }).lean();
  await Resident.updateMany({ unitId, userId }, { $unset: { userId: 1 } });
  for (const r of linked) await releaseClaim(residentLinkKey(r._id));
  return removeOwnedUnit(userId, unitId);
}

async function views(docs: BindingDoc[]): Promise<Map<string, BindingView>> {
  const [units, communities] = await Promise.all([
    Unit.find({ _id: { $in: docs.map((d) => d.unitId) } }, { label: 1 }),
    Community.find({ _id: { $in: docs.map((d) => d.communityId) } }, { name: 1 }),
  ]);
  const labels = new Map(units.map((u) => [String(u._id), u.label]));
  const names = new Map(communities.map((c) => [String(c._id), c.name]));
  return new Map(
    docs.map((d) => [
      String(d._id),
      {
        id: String(d._id),
        communityName: names.get(String(d.communityId)) ?? '',
        unitId: String(d.unitId),
        unitLabel: labels.get(String(d.unitId)) ?? '',
        name: d.name,
        relation: d.relation as ResidentRelation,
        status: d.status as BindingStatus,
        auto: d.auto,
        ...(d.reason ? { reason: d.reason } : {}),
        createdAt: (d.get('createdAt') as Date).toISOString(),
        ...(d.reviewedAt ? { reviewedAt: d.reviewedAt.toISOString() } : {}),
        ...(d.reviewerName ? { reviewerName: d.reviewerName } : {}),
      },
    ]),
  );
}

async function tasksOf(docs: BindingDoc[]): Promise<BindingTask[]> {
  const [byId, residents] = await Promise.all([views(docs), Resident.find({ unitId: { $in: docs.map((d) => d.unitId) } }).sort({ name: 1 })]);
  return docs.map((d) => ({
    ...(byId.get(String(d._id)) as BindingView),
    phoneLast4: d.phoneLast4,
    recorded: residents
      .filter((r) => String(r.unitId) === String(d.unitId))
      .map((r) => ({ name: r.name, relation: r.relation as ResidentRelation, phone: maskPhone(r.phone), bound: Boolean(r.userId) })),
  }));
}

/**
 * The tries of one answer: the user's and the unit's, both taken before the answer is evaluated
 * (exact under concurrency: of 30 guesses sent at once, 5 are evaluated). A try refused by the unit's
 * limit gives the user's back (that answer was never evaluated).
 */
async function takeTries(userId: string, unitId: string): Promise<{ user: RateTaken; unit: RateTaken }> {
  const user = await misses.take(userId);
  try {
    return { user, unit: await unitMisses.take(unitId) };
  } catch (err) {
    await user.giveBack();
    throw err;
  }
}

/**
 * binding.request: a match with the unit's records (name, and the last 4 digits of the phone on
 * record, for a resident not yet bound to another WeChat user) binds at once. Anything else is
 * filed as one open approval task per user and unit.
 *
 * Each answer costs a try of the user (5 an hour) and of the unit (10 an hour, whoever asks),
 * taken before it is evaluated; a binding gives both back, anything else keeps them. A right answer
 * for a resident already bound to another WeChat user looks and counts exactly like a wrong one
 * (same message, same tries left, the same filing for staff), so the answer never confirms the digits.
 */
export async function request(caller: Caller, input: { unitId: string; name: string; phoneLast4: string; relation: ResidentRelation }): Promise<BindResult> {
  const unit = await Unit.findById(input.unitId);
  if (!unit) throw new AppError('UNIT.NOT_FOUND');
  if (caller.unitIds.includes(String(unit._id))) throw new AppError('BINDING.ALREADY_BOUND');
  if (!isGuest(caller) && caller.communityId !== String(unit.communityId)) throw new AppError('BINDING.OTHER_COMMUNITY');
  const tries = await takeTries(caller.userId, String(unit._id));

  const userId = new ObjectId(caller.userId);
  const residents = await Resident.find({ communityId: unit.communityId, unitId: unit._id });
  const named = residents.filter((r) => sameName(r.name, input.name) && r.phone.replace(/\D/g, '').endsWith(input.phoneLast4));
  const match = named.find((r) => !r.userId || String(r.userId) === caller.userId);
  const openKey = `${caller.userId}:${String(unit._id)}`;
  const fields = { communityId: unit.communityId, unitId: unit._id, userId, name: input.name, phoneLast4: input.phoneLast4, relation: input.relation };

  const residentId = match ? await bindUser(userId, unit, { name: match.name, relation: match.relation as ResidentRelation, residentId: match._id }) : null;
  if (match && residentId) {
    const decided = { status: 'approved', auto: true, residentId, reviewedAt: now(), relation: match.relation };
    const open = await BindingRequest.findOne({ openKey });
    const doc = open
      ? await BindingRequest.findByIdAndUpdate(open._id, { $set: { ...fields, ...decided, openKey: String(open._id) } }, { new: true })
      : await (async () => {
          const _id = new ObjectId();
          return BindingRequest.create({ _id, ...fields, ...decided, openKey: String(_id) });
        })();
    const binding = (await views([doc as BindingDoc])).get(String(doc?._id)) as BindingView;
    // A binding gives its tries back: they limit wrong answers.
    await Promise.all([tries.user.giveBack(), tries.unit.giveBack()]);
    return { binding, message: `绑定成功，欢迎您回家！您已绑定 ${binding.unitLabel}`, triesLeft: tries.user.left + 1 };
  }

  // A wrong answer, or a right one for a resident another WeChat user holds (staff decide): the same
  // answer, the same count, the same filing.
  const triesLeft = tries.user.left;
  const set = { $set: { ...fields, status: 'pending' } };
  let doc: BindingDoc | null;
  try {
    doc = await BindingRequest.findOneAndUpdate({ openKey }, { ...set, $setOnInsert: { openKey } }, { upsert: true, new: true });
  } catch (err) {
    // Two answers of one user at once: the other one inserted the open request first; update that.
    if (!isDuplicateKey(err)) throw err;
    doc = await BindingRequest.findOneAndUpdate({ openKey }, set, { new: true });
  }
  if (!doc) throw new AppError('STATE.CONFLICT');
  const binding = (await views([doc])).get(String(doc._id)) as BindingView;
  const message = `您填写的信息与物业登记资料不一致，已提交物业审核，请耐心等待。${triesLeft > 0 ? `如填写有误，您还可以再试${triesLeft}次` : '本小时内已不能再次提交'}`;
  return { binding, message, triesLeft };
}

export async function mine(caller: Caller): Promise<BindingView[]> {
  const docs = await BindingRequest.find({ userId: new ObjectId(caller.userId) }).sort({ createdAt: -1 }).limit(50);
  const byId = await views(docs);
  return docs.map((d) => byId.get(String(d._id)) as BindingView);
}

export async function unbind(caller: Caller, unitId: string): Promise<{ unitIds: string[] }> {
  return { unitIds: await detachUserFromUnit(new ObjectId(caller.userId), new ObjectId(unitId)) };
}

export async function tasks(caller: Caller, query: { status: BindingStatus; page: number; pageSize: number }): Promise<Paged<BindingTask>> {
  const filter = { communityId: new ObjectId(caller.communityId), status: query.status };
  // Waiting tasks oldest first (first come, first served); decided ones newest first.
  return paged({ model: BindingRequest, filter, sort: query.status === 'pending' ? { createdAt: 1, _id: 1 } : { createdAt: -1, _id: -1 } }, query, (docs: object[]) => tasksOf(docs.map((d) => BindingRequest.hydrate(d))));
}

/** binding.review: an agent or manager decides a pending request, once. */
export async function review(caller: Caller, input: { bindingId: string; decision: 'approve' | 'reject'; reason?: string }): Promise<BindingTask> {
  const doc = await BindingRequest.findById(input.bindingId);
  if (!doc) throw new AppError('BINDING.NOT_FOUND');
  if (doc.status !== 'pending') throw new AppError('STATE.CONFLICT', '该申请已处理');
  const key = `binding.review:${input.bindingId}`;
  // Permanent (no ttl): the decision on a request is taken once, for good.
  if (!(await claimOnce(key))) throw new AppError('STATE.CONFLICT', '该申请已处理');
  try {
    const decided = { reviewerId: new ObjectId(caller.userId), reviewerName: caller.name, reviewedAt: now(), openKey: String(doc._id) };
    const unit = await Unit.findById(doc.unitId);
    if (!unit) throw new AppError('UNIT.NOT_FOUND');
    const approved = input.decision === 'approve';
    let residentId: Id | undefined;
    if (approved) {
      // Link to the unit's record of that person if there is one not held by another WeChat user.
      const record = (await Resident.find({ unitId: unit._id })).find((r) => sameName(r.name, doc.name) && (!r.userId || String(r.userId) === String(doc.userId)));
      // The record may have been linked to someone else meanwhile: then the applicant gets a record of their own.
      residentId = (await bindUser(doc.userId, unit, { name: doc.name, relation: doc.relation as ResidentRelation, residentId: record?._id })) ?? (await bindUser(doc.userId, unit, { name: doc.name, relation: doc.relation as ResidentRelation })) ?? undefined;
    }
    // The applicant's message is queued before the decision is written: if queuing fails, the
    // request stays pending and the review can simply be made again (the message is keyed, so once).
    await tellApplicant(doc, unit.label, approved, input.reason, decided.reviewedAt);
    await BindingRequest.updateOne(
      { _id: doc._id },
      { $set: { ...decided, ...(approved ? { status: 'approved', residentId } : { status: 'rejected', reason: input.reason }) } },
    );
  } catch (err) {
    await releaseClaim(key);
    throw err;
  }
  const [task] = await tasksOf([(await BindingRequest.findById(doc._id)) as BindingDoc]);
  return task;
}

/** 绑定审核结果 to the applicant: subscribe message, else the official account, else a call by staff. */
async function tellApplicant(doc: BindingDoc, unitLabel: string, approved: boolean, reason: string | undefined, at: Date): Promise<void> {
  await enqueue({
    communityId: doc.communityId,
    eventKey: `binding:${String(doc._id)}:review`,
    recipientUserId: doc.userId,
    templateKey: 'binding.result',
    values: { unit: unitLabel, applicant: doc.name, result: approved ? '已通过' : '未通过', reason: reason ?? (approved ? '欢迎您回家' : ''), time: at },
    page: approved ? routes.owner.home() : routes.owner.bind(),
  });
}
