/** Occupancy status of a unit (房屋), and how the client shows it. */
export const UNIT_STATUSES = ['vacant', 'occupied', 'renting'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];
export const UNIT_STATUS_LABELS: Record<UnitStatus, string> = {
  vacant: '空置',
  occupied: '自住',
  renting: '出租',
};
