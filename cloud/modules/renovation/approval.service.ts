import type { RenovationView } from '@shared/contracts/renovation.contract';
import { chineseDate } from '@shared/domain/calendar';
import { RENOVATION_FEE_KIND_LABELS, RENOVATION_MACHINE, RENOVATION_WORK_LABELS } from '@shared/domain/renovation';
import { NEIGHBOUR_NOTICE_TEMPLATE, neighbourUnitIds, permitNo, workingHoursText } from '@shared/domain/renovation-permit';
import { routes } from '@shared/routes';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { transitionTo } from '../../lib/transition';
import { boundResidentUserId, communityContact, unitsOf } from '../community';
import { enqueueOrLog } from '../messaging';
import { publishFromLibrary } from '../notices';
import { loadRenovation, mutateRenovation, renovationView, type RenovationLean } from './application.service';
import { billRenovation, billsWithPaid } from './billing.service';
import { issuePasses } from './pass.service';
import { renovationSettingsOf } from './settings.service';

/**
 * Review and approval (renovation.md "Approval, permit and passes"): the agent's review with
 * conditions, the manager's approval — each forbidden work's exception granted, the 装修许可证, the
 * bills, a 装修出入证 per worker — or the return with reasons, and the start of the works (fees paid,
 * the neighbours' 装修施工告知). Every change goes through `mutateRevision` with the RENOVATION_MACHINE.
 */

/** Tell the owner (their app account; else the bound resident with the owner's phone) how the application stands. */
async function tellOwner(doc: RenovationLean, eventKey: string, status: string, remark: string, page = routes.owner.home()): Promise<void> {
  const recipient = doc.ownerId ?? (await boundResidentUserId(doc.communityId, doc.unitId, doc.ownerPhone || undefined));
  if (!recipient) return;
  await enqueueOrLog(
    { communityId: doc.communityId, eventKey, recipientUserId: recipient, templateKey: 'renovation.progress', values: { unit: doc.unitLabel, status, time: now(), remark }, page },
    { renovationId: String(doc._id) },
  );
}

/** renovation.review: 客服审核 — submitted → reviewed with the conditions (printed on the permit) and a note for the manager. */
export async function review(caller: Caller, input: { renovationId: string; conditions: string[]; note?: string }): Promise<RenovationView> {
  await loadRenovation(caller, input.renovationId);
  const conditions = [...new Set(input.conditions)];
  const { doc } = await mutateRenovation(input.renovationId, caller, (cur) => {
    const to = transitionTo(RENOVATION_MACHINE, cur.status, 'review');
    return {
      event: 'review',
      to,
      note: conditions.length ? `施工条件：${conditions.join('；')}${input.note ? `。${input.note}` : ''}` : (input.note ?? '审核通过，无附加条件'),
      set: { review: { conditions, ...(input.note ? { note: input.note } : {}), byName: caller.name, at: now() } },
      unset: ['returnReason'],
    };
  });
  return renovationView(doc, caller);
}

/** renovation.return: 退回修改 — submitted or reviewed → returned with the reasons; the owner is told. */
export async function returnApplication(caller: Caller, input: { renovationId: string; reason: string }): Promise<RenovationView> {
  await loadRenovation(caller, input.renovationId);
  const { doc } = await mutateRenovation(input.renovationId, caller, (cur) => {
    const to = transitionTo(RENOVATION_MACHINE, cur.status, 'return');
    return { event: 'return', to, note: input.reason, set: { returnReason: input.reason } };
  });
  // One message per return (a returned application may come back and be returned again).
  await tellOwner(doc, `renovation:${String(doc._id)}:return:${doc.rev}`, '已退回', `请修改后重新提交：${input.reason}`.slice(0, 20));
  return renovationView(doc, caller);
}

/**
 * renovation.approve: 批准 (manager) — reviewed → approved. Each forbidden work the application names
 * must be one whose exception the community allows and the manager grants now (`exceptions`); any other
 * → 409 RENOVATION.FORBIDDEN_WORK naming the rule (the application should be returned instead). The
 * permit is valid for the planned dates with the review's conditions plus `conditions`. Then, also on a
 * replay of an approval that stopped halfway (each step is idempotent): the bills, a pass per worker,
 * the owner told.
 */
export async function approve(caller: Caller, input: { renovationId: string; exceptions: { key: string; approved: boolean }[]; conditions: string[] }): Promise<RenovationView> {
  await loadRenovation(caller, input.renovationId);
  const settings = await renovationSettingsOf(caller.communityId);
  const { doc } = await mutateRenovation(input.renovationId, caller, (cur) => {
    if (cur.status === 'approved') return null;
    const to = transitionTo(RENOVATION_MACHINE, cur.status, 'approve');
    const decided = new Map(input.exceptions.map((e) => [e.key, e.approved]));
    const refused = cur.forbidden.filter((f) => !settings.forbiddenWorks.find((w) => w.key === f.key)?.exceptionAllowed || decided.get(f.key) !== true);
    if (refused.length) {
      const f = refused[0];
      const why = settings.forbiddenWorks.find((w) => w.key === f.key)?.exceptionAllowed ? '未获批准例外' : '不允许例外';
      throw new AppError('RENOVATION.FORBIDDEN_WORK', `“${f.label}”${why}，不能批准：${f.rule}`, { keys: refused.map((x) => x.key) });
    }
    const conditions = [...new Set([...(cur.review?.conditions ?? []), ...input.conditions])];
    const permit = { no: permitNo(cur.no), validFrom: cur.plannedStart, validTo: cur.plannedEnd, conditions, issuedAt: now(), byName: caller.name };
    const granted = cur.forbidden.map((f) => `“${f.label}”`).join('、');
    return {
      event: 'approve',
      to,
      note: `核发装修许可证 ${permit.no}，有效期 ${permit.validFrom} 至 ${permit.validTo}${granted ? `；批准例外：${granted}` : ''}`,
      set: { permit, forbidden: cur.forbidden.map((f) => ({ key: f.key, label: f.label, rule: f.rule, ...(f.reason ? { reason: f.reason } : {}), approved: true })) },
      unset: ['returnReason'],
    };
  });
  await billRenovation(caller, String(doc._id));
  await issuePasses(doc);
  const fresh = await loadRenovation(caller, input.renovationId);
  const dueFen = fresh.bills.reduce((s, b) => s + b.amountFen, 0);
  await tellOwner(fresh, `renovation:${String(doc._id)}:approved`, '已批准', dueFen ? '请缴清装修费用后开工' : '许可证已核发，可办理开工', routes.owner.renovationPermit({ id: String(doc._id) }));
  return renovationView(fresh, caller);
}

/**
 * renovation.start: 开工 (agent, manager) — approved → in progress. Every bill of the renovation must be
 * paid (409 RENOVATION.FEES_UNPAID naming them). The 装修施工告知 goes to the neighbours first (same
 * building: the same floor and the floors above and below), once per renovation; then the transition.
 * Started already → as it is.
 */
export async function start(caller: Caller, input: { renovationId: string }): Promise<RenovationView> {
  const r = await loadRenovation(caller, input.renovationId);
  if (r.status === 'in_progress' && r.startedAt) return renovationView(r, caller);
  transitionTo(RENOVATION_MACHINE, r.status, 'start');
  const unpaid = (await billsWithPaid(r.communityId, r.unitId, r.bills)).filter((b) => !b.paid);
  if (unpaid.length) {
    const names = unpaid.map((b) => `${b.itemName || RENOVATION_FEE_KIND_LABELS[b.kind]} ${(b.amountFen / 100).toFixed(2)} 元`).join('、');
    throw new AppError('RENOVATION.FEES_UNPAID', `装修费用尚未缴清，不能开工：${names}`, { bills: unpaid.map((b) => b.billId) });
  }
  const noticeId = (r as RenovationLean & { neighbourNoticeId?: string | null }).neighbourNoticeId ?? (await tellNeighbours(caller, r));
  const { doc } = await mutateRenovation(input.renovationId, caller, (cur) => {
    if (cur.status === 'in_progress' && cur.startedAt) return null;
    const to = transitionTo(RENOVATION_MACHINE, cur.status, 'start');
    return { event: 'start', to, note: noticeId ? '已向相邻住户发布装修施工告知' : '同楼层及上下层没有其他住户，未发布施工告知', set: { startedAt: now(), ...(noticeId ? { neighbourNoticeId: noticeId } : {}) } };
  });
  await tellOwner(doc, `renovation:${String(doc._id)}:started`, '已开工', '请施工人员凭出入证进出', routes.owner.renovationPermit({ id: String(doc._id) }));
  return renovationView(doc, caller);
}

/** The 装修施工告知 to the neighbours through the notices module (one notice per renovation), or undefined when the unit has none. */
async function tellNeighbours(caller: Caller, r: RenovationLean): Promise<string | undefined> {
  const units = (await unitsOf({ communityIds: [String(r.communityId)] })).filter((u) => String(u.buildingId) === String(r.buildingId));
  const unit = units.find((u) => String(u._id) === String(r.unitId));
  if (!unit) return undefined;
  const neighbours = neighbourUnitIds(unit, units);
  if (!neighbours.length) return undefined;
  const [contact, settings] = await Promise.all([communityContact(r.communityId), renovationSettingsOf(String(r.communityId))]);
  const values = {
    unit: r.unitLabel,
    startDate: chineseDate(r.permit?.validFrom || r.plannedStart),
    endDate: chineseDate(r.permit?.validTo || r.plannedEnd),
    works: r.works.map((w) => RENOVATION_WORK_LABELS[w]).join('、') || '室内装饰装修',
    contractor: r.contractor?.company || '业主委托的施工单位',
    workingHours: workingHoursText(settings.workingHours),
    contactPhone: contact?.servicePhone || '物业服务中心前台',
  };
  const notice = await publishFromLibrary(caller, { requestId: `renovation-start-${String(r._id)}`, templateKey: NEIGHBOUR_NOTICE_TEMPLATE, values, target: { kind: 'units', unitIds: neighbours.map(String) } });
  return notice.id;
}
