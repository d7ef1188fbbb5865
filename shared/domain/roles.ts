/** Roles a person can hold. A staff member can hold several. */
export const ROLES = ['owner', 'agent', 'technician', 'cashier', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  owner: '业主',
  agent: '客服专员',
  technician: '维修师傅',
  cashier: '收费员',
  manager: '客服主管',
};

export const STAFF_ROLES: readonly Role[] = ['agent', 'technician', 'cashier', 'manager'];

/** Order in which a multi-role person's default home is chosen. */
const HOME_PRIORITY: readonly Role[] = ['manager', 'agent', 'cashier', 'technician', 'owner'];

export function primaryRole(roles: readonly Role[]): Role | undefined {
  return HOME_PRIORITY.find((r) => roles.includes(r));
}

/** The home page of each role, in its sub-package. */
export const ROLE_HOME: Record<Role, string> = {
  owner: '/owner/pages/home/index',
  agent: '/staff/pages/agent/index',
  technician: '/staff/pages/technician/index',
  cashier: '/staff/pages/cashier/index',
  manager: '/manager/pages/home/index',
};
