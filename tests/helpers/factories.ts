import { randomBytes } from 'node:crypto';
import type { UnitStatus } from '@shared/contracts/community.contract';
import type { ResidentRelation } from '@shared/domain/household';
import type { Role } from '@shared/domain/roles';
import { getConfig } from '../../cloud/lib/config';
import { Building, Community, Unit } from '../../cloud/modules/community/community.model';
import { Resident } from '../../cloud/modules/community/household.model';
import { User, WechatIdentity } from '../../cloud/modules/identity/user.model';
import type { Stack } from './stack';

/** Small factories: every test makes its own data. */
const uid = () => randomBytes(5).toString('hex');

export async function makeCommunity(overrides: { name?: string } = {}) {
  return Community.create({ code: `c-${uid()}`, name: overrides.name ?? `测试小区${uid()}`, address: '测试路 1 号', servicePhone: '0571-12345678' });
}

export async function makeBuilding(communityId: unknown, name = `${Math.floor(Math.random() * 90) + 10}栋`) {
  return Building.create({ communityId, name: `${name}-${uid()}`, floors: 18 });
}

export async function makeUnit(communityId: unknown, buildingId: unknown, opts: { room?: string; status?: UnitStatus; areaM2?: number } = {}) {
  const room = opts.room ?? String(100 + Math.floor(Math.random() * 1700));
  return Unit.create({
    communityId,
    buildingId,
    entrance: '1',
    room,
    label: `测试楼1单元${room}-${uid()}`,
    floor: Math.floor(Number(room) / 100) || 1,
    areaM2: opts.areaM2 ?? 88.5,
    status: opts.status ?? 'occupied',
  });
}

export async function makeUser(
  communityId: unknown,
  opts: { roles: Role[]; unitIds?: unknown[]; name?: string; phone?: string; skills?: string[]; status?: 'active' | 'disabled' },
) {
  return User.create({
    communityId,
    name: opts.name ?? `用户${uid()}`,
    phone: opts.phone ?? `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
    roles: opts.roles,
    unitIds: opts.unitIds ?? [],
    skills: opts.skills ?? [],
    status: opts.status ?? 'active',
  });
}

/** A resident record (业主/家庭成员/租户) of a unit. */
export async function makeResident(
  communityId: unknown,
  unitId: unknown,
  opts: { name: string; relation: ResidentRelation; phone?: string; userId?: unknown },
) {
  return Resident.create({ communityId, unitId, name: opts.name, relation: opts.relation, phone: opts.phone ?? '', ...(opts.userId ? { userId: opts.userId } : {}) });
}

/** An owner as the records hold one: an app user bound to the units, and the 业主 record of each. */
export async function makeOwner(communityId: unknown, unitIds: unknown[], name: string, phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`) {
  const user = await makeUser(communityId, { roles: ['owner'], unitIds, name, phone });
  for (const unitId of unitIds) await makeResident(communityId, unitId, { name, relation: 'owner', phone, userId: user._id });
  return user;
}

/** Link a user to a fresh WeChat openid; returns the openid. */
export async function linkWechat(userId: unknown): Promise<string> {
  const openid = `o_test_${uid()}`;
  await WechatIdentity.create({ appId: getConfig().wechat.appId, openid, userId });
  return openid;
}

/** Log a user in through the real flow (wx.login code → code2Session → session); returns the token. */
export async function loginAs(stack: Pick<Stack, 'login' | 'wechat'>, userId: unknown): Promise<string> {
  const openid = await linkWechat(userId);
  return stack.login(stack.wechat.mintCode(openid));
}

/** Documents in every collection of the current database (to prove nothing was written). */
export async function countAllDocuments(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, model] of Object.entries(User.db.models)) counts[name] = await model.countDocuments();
  return counts;
}
