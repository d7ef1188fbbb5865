import type { StaffMember } from '@shared/contracts/community.contract';
import { maskPhone } from '@shared/domain/privacy';
import { STAFF_ROLES, type Role } from '@shared/domain/roles';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { mongoose } from '../../lib/db';
import { User } from './user.model';

/** The team of a community (物业资料管理 → 员工): who works there, in which roles, on duty or not. */
const { ObjectId } = mongoose.Types;
type UserDoc = InstanceType<typeof User>;

const cid = (caller: Caller) => new ObjectId(caller.communityId);

export function toStaffMember(u: UserDoc): StaffMember {
  return {
    id: String(u._id),
    name: u.name,
    phone: u.phone,
    roles: u.roles.filter((r) => STAFF_ROLES.includes(r as Role)) as Role[],
    skills: [...u.skills],
    onDuty: u.onDuty,
  };
}

/** The caller as a member of their community's team (their own number in full). */
export async function staffProfile(caller: Caller): Promise<StaffMember> {
  const me = await User.findOne({ _id: new ObjectId(caller.userId), communityId: cid(caller) });
  if (!me) throw new AppError('AUTH.NOT_REGISTERED');
  return toStaffMember(me);
}

export async function listStaff(caller: Caller): Promise<StaffMember[]> {
  const staff = await User.find({ communityId: cid(caller), roles: { $in: STAFF_ROLES }, status: 'active' }).sort({ name: 1 });
  // A list: phones masked. Each person sees their own number in full (myProfile).
  return staff.map((u) => ({ ...toStaffMember(u), phone: maskPhone(u.phone) }));
}

export async function saveStaff(
  caller: Caller,
  input: { staffId?: string; name: string; phone?: string; roles: Role[]; skills: string[]; onDuty: boolean },
): Promise<StaffMember> {
  const communityId = cid(caller);
  const skills = [...new Set(input.skills)];
  if (!input.staffId) {
    if (!input.phone) throw new AppError('VALIDATION', undefined, { issues: [{ path: 'phone', message: '请填写手机号' }] });
    const created = await User.create({ communityId, name: input.name, phone: input.phone, roles: input.roles, skills, onDuty: input.onDuty });
    return toStaffMember(created);
  }
  if (input.staffId === caller.userId && !input.roles.includes('manager')) throw new AppError('STATE.CONFLICT', '不能取消自己的客服主管岗位');
  const current = await User.findOne({ _id: new ObjectId(input.staffId), communityId });
  if (!current) throw new AppError('STAFF.NOT_FOUND');
  // Staff roles are replaced; an owner role the person also holds stays.
  const roles = [...new Set([...input.roles, ...current.roles.filter((r) => r === 'owner')])];
  const updated = await User.findOneAndUpdate(
    { _id: current._id, communityId },
    { $set: { name: input.name, roles, skills, onDuty: input.onDuty, ...(input.phone ? { phone: input.phone } : {}) } },
    { new: true },
  );
  if (!updated) throw new AppError('STAFF.NOT_FOUND');
  return toStaffMember(updated);
}

export async function setOnDuty(caller: Caller, onDuty: boolean): Promise<StaffMember> {
  const updated = await User.findOneAndUpdate({ _id: new ObjectId(caller.userId), communityId: cid(caller) }, { $set: { onDuty } }, { new: true });
  if (!updated) throw new AppError('STAFF.NOT_FOUND');
  return toStaffMember(updated);
}
