import type { AccessRules } from '../../lib/access';
import { deskLogAccess } from './desk-log.access';
import { inquiryAccess } from './inquiry.access';

/** Who may reach the desk's records (inquiries, contacts, release passes). */
export const access: AccessRules = {
  // --- inquiries ---
  ...inquiryAccess,
  // --- contacts, visitors and release passes ---
  ...deskLogAccess,
};
