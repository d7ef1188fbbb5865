/** Pure helpers of the manager import (导入), shared by the server and the client (zod-free). */

export const IMPORT_KINDS = ['units', 'residents', 'vehicles'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_KIND_LABELS: Record<ImportKind, string> = { units: '房屋', residents: '住户', vehicles: '车辆' };

/** '第3行 手机号：手机号格式不正确' — how one row error is shown. */
export function describeRowError(e: { row: number; column: string; message: string }): string {
  return `第${e.row}行 ${e.column}：${e.message}`;
}
