import type { AccessRules } from '../../lib/access';

/** Who may reach the desk's records (inquiries, contacts, release passes). */
export const access: AccessRules = {
  // --- inquiries ---
  // --- contacts, visitors and release passes ---
};
