/** Roles a person can hold. A staff member can hold several. */
export const ROLES = ['owner', 'agent', 'technician', 'cashier', 'manager'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A WeChat user who has logged in but is not (yet) bound to a unit nor registered as staff.
 * Not a stored role: a caller holding no role is a guest, and may only ask to bind a unit.
 */
export const GUEST = 'guest' as const;
export type CallerRole = Role | typeof GUEST;
export const CALLER_ROLES: readonly CallerRole[] = [...ROLES, GUEST];

export const ROLE_LABELS: Record<CallerRole, string> = {
  owner: '业主',
  agent: '客服专员',
  technician: '维修师傅',
  cashier: '收费员',
  manager: '客服主管',
  guest: '微信用户',
};

export const STAFF_ROLES: readonly Role[] = ['agent', 'technician', 'cashier', 'manager'];

/** Order in which a multi-role person's default home is chosen. */
const HOME_PRIORITY: readonly CallerRole[] = ['manager', 'agent', 'cashier', 'technician', 'owner', GUEST];

export function primaryRole(roles: readonly CallerRole[]): CallerRole | undefined {
  return HOME_PRIORITY.find((r) => roles.includes(r));
}
