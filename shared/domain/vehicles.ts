/** Chinese licence plates (车牌号) and parking spaces (车位). Pure rules. */
import { ownValue } from './safe-text';

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

/**
 * '浙a12345', '浙A 12345', '浙A·12345' → '浙A·12345'; new-energy plates have 6 characters after
 * the letter ('浙AD12345'). Returns undefined when the text is not a plate.
 */
export function normalizePlate(text: string): string | undefined {
  const t = text.trim().toUpperCase().replace(/[\s·•.\-]/g, '');
  const m = new RegExp(`^([${PROVINCES}])([A-Z])([A-HJ-NP-Z0-9]{5,6})$`).exec(t);
  return m ? `${m[1]}${m[2]}·${m[3]}` : undefined;
}

/** How a space is held: sold to a unit (自有), rented with a lease end date, used temporarily, or free (not assigned). */
export const PARKING_KINDS = ['owned', 'rented', 'temporary', 'unassigned'] as const;
export type ParkingKind = (typeof PARKING_KINDS)[number];
/** The words of the import/export sheets (车位类型); pages use PARKING_SPACE_LABELS of shared/domain/parking.ts. */
export const PARKING_KIND_LABELS: Record<ParkingKind, string> = {
  owned: '自有',
  rented: '租用',
  temporary: '临时',
  unassigned: '未售',
};

export function parseParkingKind(text: string): ParkingKind | undefined {
  const t = text.trim();
  if ((PARKING_KINDS as readonly string[]).includes(t)) return t as ParkingKind;
  return ownValue<ParkingKind>({ 自有: 'owned', 产权: 'owned', 购买: 'owned', 租用: 'rented', 租赁: 'rented', 月租: 'rented', 临时: 'temporary', 未售: 'unassigned', 空闲: 'unassigned' }, t);
}

/** 'b1-15', 'B1 015' → 'B1-015'; other codes are kept as written (upper case). */
export function normalizeSpaceCode(text: string): string | undefined {
  const t = text.trim().toUpperCase().replace(/\s+/g, '-');
  if (!t || t.length > 20 || !/^[A-Z0-9-]+$/.test(t)) return undefined;
  const m = /^([A-Z]\d?)-?(\d{1,4})$/.exec(t);
  return m ? `${m[1]}-${m[2].padStart(3, '0')}` : t;
}
