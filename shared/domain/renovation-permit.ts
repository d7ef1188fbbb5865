/**
 * Renovation's approval part (renovation.md "Approval, permit and passes"): review conditions, the
 * 装修许可证's number, the 装修出入证 (worker passes) and the gate's verdict on one, the working hours
 * for noisy works, and the neighbours of a unit who get the 装修施工告知. Pure, zod-free, shared with
 * the client.
 */
import { isoWeekday, localDay, localMinuteOfDay, minutesOfTime, type Instant } from './calendar';
import type { RenovationStatus, WorkingHours } from './renovation';
import { stateMachine } from './state-machine';

/** Conditions staff often attach at review (the agent picks or types their own). */
export const COMMON_REVIEW_CONDITIONS: readonly string[] = [
  '施工人员须佩戴装修出入证，不得在小区内留宿',
  '装修垃圾须袋装，每日运至指定地点，不得堆放在楼道、走廊',
  '运送材料时须对电梯轿厢做好防护',
  '卫生间、厨房防水施工后须做闭水试验，经物业验收后方可封闭',
  '现场须配备灭火器，动火作业须提前向物业报备',
  '空调外机须安装在预留机位，不得改变外立面',
];
export const REVIEW_CONDITIONS_MAX = 12;
export const REVIEW_CONDITION_MAX_CHARS = 100;
export const REVIEW_NOTE_MAX = 500;
export const RETURN_REASON_MAX = 500;

/** The 装修许可证's number: XK + the renovation's number without its ZX prefix (ZX20261207-3 → XK20261207-3). */
export function permitNo(renovationNo: string): string {
  return `XK${renovationNo.replace(/^ZX/, '')}`;
}

// --- 装修出入证 (worker passes) ---

/** A pass is issued active and may be revoked (at once, for good); a new worker gets a new pass. */
export const RENOVATION_PASS_STATUSES = ['active', 'revoked'] as const;
export type RenovationPassStatus = (typeof RENOVATION_PASS_STATUSES)[number];
export const RENOVATION_PASS_MACHINE = stateMachine<RenovationPassStatus, 'revoke'>({
  noun: '装修出入证',
  table: { revoke: { from: ['active'], to: 'revoked' } },
  states: { active: '有效', revoked: '已撤销' },
  events: { revoke: '撤销' },
  code: 'RENOVATION.INVALID_TRANSITION',
});

/** What the gate says about a worker's pass. */
export const PASS_VERDICTS = ['valid', 'early', 'expired', 'revoked', 'suspended', 'not_started'] as const;
export type PassVerdict = (typeof PASS_VERDICTS)[number];
export const PASS_VERDICT_LABELS: Record<PassVerdict, string> = {
  valid: '有效',
  early: '未到有效期',
  expired: '已过期',
  revoked: '已撤销',
  suspended: '停工整改中',
  not_started: '尚未开工',
};

/**
 * The gate's verdict on a worker's pass on `today` (YYYY-MM-DD, Asia/Shanghai), with the reason a
 * guard reads out. Valid only while the renovation is in progress (or waiting for its acceptance)
 * and today is within the permit's dates; a revoked pass stays revoked whatever the renovation does.
 */
export function passVerdict(
  p: { status: RenovationPassStatus; revokeReason?: string | null },
  r: { status: RenovationStatus; validFrom: string; validTo: string; suspensionReason?: string | null },
  today: string,
): { verdict: PassVerdict; reason: string } {
  if (p.status === 'revoked') return { verdict: 'revoked', reason: `出入证已被物业撤销${p.revokeReason ? `：${p.revokeReason}` : ''}` };
  switch (r.status) {
    case 'cancelled':
      return { verdict: 'revoked', reason: '装修申请已撤销，出入证作废' };
    case 'accepted':
    case 'closed':
      return { verdict: 'expired', reason: '装修已竣工验收，出入证失效' };
    case 'suspended':
      return { verdict: 'suspended', reason: `该户已被责令停工整改${r.suspensionReason ? `（${r.suspensionReason}）` : ''}，整改复工前不得入场施工` };
    case 'in_progress':
    case 'acceptance':
      break;
    default:
      return { verdict: 'not_started', reason: '该户装修尚未办理开工，暂不能入场施工' };
  }
  if (today < r.validFrom) return { verdict: 'early', reason: `许可证自${r.validFrom}起生效，今天还不能入场` };
  if (today > r.validTo) return { verdict: 'expired', reason: `许可证已于${r.validTo}到期，请业主到物业服务中心办理延期` };
  return { verdict: 'valid', reason: `在许可证有效期内（至 ${r.validTo}），可以入场施工` };
}

// --- working hours ---

type Period = { from: string; to: string };
const inPeriod = (minute: number, p: Period) => minute >= minutesOfTime(p.from) && minute < minutesOfTime(p.to);

/** 休息日: Saturdays and Sundays (the platform's calendar knows no public holidays). */
export function isRestDay(day: string): boolean {
  return isoWeekday(day) >= 6;
}

/**
 * Whether noisy works (电钻、切割、敲打) are allowed at `at` (Asia/Shanghai): inside one of the day's
 * periods (workdays, or 休息日's — none: not at all) and inside the all-day window for any works.
 */
export function noisyWorkAllowed(hours: WorkingHours, at: Instant): boolean {
  const day = localDay(at);
  const minute = localMinuteOfDay(at);
  if (!inPeriod(minute, hours.allDay)) return false;
  return (isRestDay(day) ? hours.restDays : hours.workdays).some((p) => inPeriod(minute, p));
}

/** Whether any works at all (quiet ones too) are allowed at `at`. */
export function anyWorkAllowed(hours: WorkingHours, at: Instant): boolean {
  return inPeriod(localMinuteOfDay(at), hours.allDay);
}

const periods = (ps: readonly Period[]) => ps.map((p) => `${p.from}–${p.to}`).join('、');

/** The working hours as the permit, the gate and the neighbours' notice print them. */
export function workingHoursText(hours: WorkingHours): string {
  const noisy = `工作日 ${periods(hours.workdays) || '不得进行'}；休息日 ${hours.restDays.length ? periods(hours.restDays) : '不得进行'}`;
  return `施工时间 ${hours.allDay.from}–${hours.allDay.to}；噪声作业（电钻、切割、敲打）${noisy}`;
}

// --- neighbours ---

/**
 * The units told when works start (装修施工告知): the same building, on the same floor and the floors
 * right above and below, the unit itself left out.
 */
export function neighbourUnitIds<U extends { _id: unknown; buildingId: unknown; floor: number }>(unit: U, units: readonly U[]): U['_id'][] {
  return units.filter((u) => String(u._id) !== String(unit._id) && String(u.buildingId) === String(unit.buildingId) && Math.abs(u.floor - unit.floor) <= 1).map((u) => u._id);
}

/** The notice template (shared/domain/notice-library.ts) of the 装修施工告知. */
export const NEIGHBOUR_NOTICE_TEMPLATE = 'renovation-start';
