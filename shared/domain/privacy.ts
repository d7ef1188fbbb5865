/**
 * Personal data shown in lists and written to logs is masked (物业资料 privacy rule).
 * Full values are only for the few screens whose role needs them.
 */

/** 13812341234 → 138****1234; 0571-88886666 → 0571-****6666; too short to mask → all stars. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return phone.replace(/\d/g, '*');
  let seen = 0;
  const keepHead = digits.length === 11 && digits.startsWith('1') ? 3 : phone.indexOf('-') > 0 ? phone.indexOf('-') : 3;
  const keepTail = 4;
  return phone.replace(/\d/g, (d) => {
    seen++;
    return seen <= keepHead || seen > digits.length - keepTail ? d : '*';
  });
}

/** 330106199001011234 → 3301**********1234 (mainland ID numbers and other IDs alike). */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}
