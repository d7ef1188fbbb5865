import type { NoticeAudienceView, NoticeReach, NoticeTarget } from '@shared/contracts/notices.contract';
import type { NoticeCategory } from '@shared/domain/notices';
import { AppError } from '../../lib/app-error';
import { isDuplicateKey, mongoose } from '../../lib/db';
import type { Caller } from '../../lib/caller';
import { buildingsOf, unitsOf } from '../community';
import { owners } from '../identity';
import { reachableInWechat } from '../messaging';
import { NoticeAudience } from './notice.model';

const { ObjectId } = mongoose.Types;
type Id = mongoose.Types.ObjectId;

export interface TargetUnit {
  _id: Id;
  buildingId: Id;
  floor: number;
  label: string;
}

/** The units a target reaches, and how to say it (全体业主, 1栋、3栋, 12户, an audience's name). */
export async function resolveTarget(communityId: Id, target: NoticeTarget): Promise<{ units: TargetUnit[]; text: string }> {
  // By label: the notice keeps its units in this order, which is the order of its 未读房屋 pages (notice.service.ts unread).
  const all: TargetUnit[] = (await unitsOf({ communityIds: [String(communityId)] }))
    .map((u) => ({ _id: u._id, buildingId: u.buildingId, floor: u.floor, label: u.label }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN', { numeric: true }));
  const buildings = await buildingsOf(communityId);
  const nameOf = new Map(buildings.map((b) => [String(b._id), b.name]));
  const inBuildings = (ids: string[]) => all.filter((u) => ids.includes(String(u.buildingId)));
  switch (target.kind) {
    case 'community':
      return { units: all, text: '全体业主' };
    case 'buildings': {
      const ids = [...new Set(target.buildingIds ?? [])];
      if (ids.some((id) => !nameOf.has(id))) throw new AppError('BUILDING.NOT_FOUND');
      return { units: inBuildings(ids), text: ids.map((id) => nameOf.get(id)).join('、') };
    }
    case 'units': {
      const ids = new Set(target.unitIds ?? []);
      const units = all.filter((u) => ids.has(String(u._id)));
      if (units.length !== ids.size) throw new AppError('UNIT.NOT_FOUND');
      return { units, text: units.length <= 3 ? units.map((u) => u.label).join('、') : `${units[0].label}等${units.length}户` };
    }
    case 'audience': {
      const a = await NoticeAudience.findOne({ _id: new ObjectId(target.audienceId), communityId }).lean();
      if (!a) throw new AppError('NOTICE.AUDIENCE_NOT_FOUND');
      const ids = (a.buildingIds ?? []).map(String);
      const units = (ids.length ? inBuildings(ids) : all).filter((u) => !a.minFloor || u.floor >= a.minFloor);
      return { units, text: a.name };
    }
  }
}

/** Owners (users with the owner role) of these units, with the units of theirs among them. */
export async function ownersOf(communityId: Id, unitIds: readonly Id[]): Promise<{ userId: Id; unitIds: Id[] }[]> {
  const wanted = new Set(unitIds.map(String));
  const users = await owners({ communityId });
  return users
    .map((u) => ({ userId: u.id, unitIds: u.unitIds.filter((id) => wanted.has(String(id))) }))
    .filter((u) => u.unitIds.length > 0);
}

function describe(a: { buildingIds?: Id[] | null; minFloor?: number | null }, names: Map<string, string>): string {
  const where = a.buildingIds?.length ? a.buildingIds.map((id) => names.get(String(id)) ?? '').join('、') : '全部楼栋';
  return a.minFloor ? `${where} ${a.minFloor} 层及以上` : where;
}

export async function audiences(caller: Caller): Promise<NoticeAudienceView[]> {
  const communityId = new ObjectId(caller.communityId);
  const [list, buildings] = await Promise.all([NoticeAudience.find({ communityId }).sort({ name: 1 }).lean(), buildingsOf(communityId)]);
  const names = new Map(buildings.map((b) => [String(b._id), b.name]));
  return list.map((a) => ({
    id: String(a._id),
    name: a.name,
    buildingIds: (a.buildingIds ?? []).map(String),
    ...(a.minFloor ? { minFloor: a.minFloor } : {}),
    description: describe(a, names),
  }));
}

export async function saveAudience(caller: Caller, input: { audienceId?: string; name: string; buildingIds: string[]; minFloor?: number }): Promise<NoticeAudienceView> {
  const communityId = new ObjectId(caller.communityId);
  const fields = { communityId, name: input.name, buildingIds: input.buildingIds.map((id) => new ObjectId(id)), ...(input.minFloor ? { minFloor: input.minFloor } : {}) };
  const _id = input.audienceId ? new ObjectId(input.audienceId) : new ObjectId();
  try {
    await NoticeAudience.updateOne({ _id }, { $set: fields, ...(input.minFloor ? {} : { $unset: { minFloor: '' } }) }, { upsert: true });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('NOTICE.AUDIENCE_NAME_TAKEN');
    throw err;
  }
  const saved = (await audiences(caller)).find((a) => a.id === String(_id));
  if (!saved) throw new AppError('NOTICE.AUDIENCE_NOT_FOUND');
  return saved;
}

/**
 * Before publishing: how many households (units) a target reaches, and how many of them would get a
 * WeChat reminder now — at least one owner with a subscribe credit for the notice's push (routine or
 * emergency template) or following the official account. The others see it on the board only (an
 * emergency notice also makes a call task for them).
 */
export async function reach(caller: Caller, input: { target: NoticeTarget; category: NoticeCategory }): Promise<NoticeReach> {
  const communityId = new ObjectId(caller.communityId);
  const { units, text } = await resolveTarget(communityId, input.target);
  const owned = await ownersOf(communityId, units.map((u) => u._id));
  const wechat = await reachableInWechat(owned.map((o) => o.userId), input.category === 'emergency' ? 'notice.emergency' : 'notice.published');
  const reachedUnits = new Set(owned.filter((o) => wechat.has(String(o.userId))).flatMap((o) => o.unitIds.map(String)));
  return { targetText: text, units: units.length, wechat: reachedUnits.size };
}
