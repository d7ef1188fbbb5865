import type { AccessRules } from '../../lib/access';

/** Who may reach knowledge-base articles and 话术 scripts. */
export const access: AccessRules = {
  // --- articles ---
  // --- scripts ---
};
