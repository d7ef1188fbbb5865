/**
 * Validation of the personal data property offices record (pure rules, shared by forms,
 * the import and the server).
 */
import { isCalendarDate } from './calendar';

/** '138 1234 1234', '+86 138-1234-1234' → '13812341234'. */
export function normalizePhone(text: string): string {
  return text.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
}

/** Mainland mobile number (11 digits, 13x–19x). */
export function isMobile(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone);
}

/** Landline with area code: 0571-88886666 (stored with its dash). */
export function isLandline(phone: string): boolean {
  return /^0\d{2,3}-?\d{7,8}$/.test(phone);
}

export function phoneProblem(phone: string): string | undefined {
  if (isMobile(phone) || isLandline(phone)) return undefined;
  return '手机号格式不正确（应为11位手机号或带区号的固定电话）';
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of the first 17 digits of an ID number. */
export function idCheckCharacter(first17: string): string {
  return ID_CHECK[ID_WEIGHTS.reduce((s, w, i) => s + w * Number(first17[i]), 0) % 11];
}

/** Mainland resident ID number (GB 11643): 18 characters, a real birth date, and the check digit. */
export function idNumberProblem(raw: string): string | undefined {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为18位';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1900 || !isCalendarDate(y, m, d)) return '身份证号中的出生日期不正确';
  if (idCheckCharacter(id) !== id[17]) return '身份证号校验位不正确';
  return undefined;
}

/** A person's name as recorded: 2–20 characters, no digits. */
export function personNameProblem(name: string): string | undefined {
  const n = name.trim();
  if (n.length < 2 || n.length > 20) return '姓名应为2–20个字';
  if (/\d/.test(n)) return '姓名不能包含数字';
  return undefined;
}
