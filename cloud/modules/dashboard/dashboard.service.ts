import type { DeskItem, ManagerDashboard, StaffDesk } from '@shared/contracts/dashboard.contract';
import { localMonth } from '@shared/domain/calendar';
import { COMPLAINT_CATEGORY_LABELS } from '@shared/domain/complaints';
import { deskOrder, lastMonths } from '@shared/domain/dashboard';
import { TOPIC_LABELS } from '@shared/domain/sentiment';
import { GENERAL_TOPIC, SEVERITY_LABELS } from '@shared/domain/sentiment-incidents';
import { hasRole, type Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import * as complaints from '../complaints';
import * as fees from '../fees';
import * as notices from '../notices';
import * as repairs from '../repairs';
import * as sentiment from '../sentiment';

/** Severity of a 紧急 incident (the red banner). */
const EMERGENCY_SEVERITY = 4;
/** The desk's list below the banner. */
const DESK_ITEMS_MAX = 20;

/**
 * The manager home: key figures now and the last 6 months' trends, each from the module that owns
 * the data (repairs' open orders and ratings, complaints waiting and received, fees' collection,
 * notices' unread important ones, sentiment's unresolved incidents).
 */
export async function managerDashboard(caller: Caller): Promise<ManagerDashboard> {
  const month = localMonth(now());
  const months = lastMonths(month);
  const [r, c, rates, unread, incidents] = await Promise.all([
    repairs.dashboardFigures(caller.communityId, months),
    complaints.dashboardFigures(caller.communityId, months),
    fees.collectionRates(caller.communityId, months),
    notices.importantUnread(caller.communityId),
    sentiment.activeIncidents(caller.communityId),
  ]);
  return {
    month,
    openRepairs: r.open,
    overdueRepairs: r.overdue,
    complaintsWaiting: c.waiting,
    collectionRate: rates[rates.length - 1].rate,
    unreadImportantNotices: unread.notices,
    unreadImportantUnits: unread.units,
    openIncidents: incidents.length,
    trend: months.map((m, i) => ({
      month: m,
      repairs: r.months[i].reported,
      complaints: c.months[i].received,
      collectionRate: rates[i].rate,
      satisfaction: r.months[i].rated ? r.months[i].satisfied / r.months[i].rated : null,
    })),
  };
}

const topicText = (topic: string) => (topic === GENERAL_TOPIC ? '综合' : (TOPIC_LABELS as Record<string, string>)[topic] ?? topic);

/**
 * A staff member's desk: agents and managers see the community's open repairs, complaints and
 * incidents; technicians their own open orders; cashiers nothing of these. 紧急 incidents and
 * breached deadlines go to the red banner (in that order), the rest by due time.
 */
export async function staffDesk(caller: Caller): Promise<StaffDesk> {
  const wide = hasRole(caller, 'agent', 'manager');
  const tech = hasRole(caller, 'technician');
  if (!wide && !tech) return { urgent: [], items: [] };
  const [orders, open, active] = await Promise.all([
    repairs.openOrdersForDesk(caller.communityId, wide ? undefined : caller.userId),
    wide ? complaints.openForDesk(caller.communityId) : Promise.resolve([]),
    wide ? sentiment.activeIncidents(caller.communityId) : Promise.resolve([]),
  ]);
  const items: DeskItem[] = [
    ...active.map((i): DeskItem => ({
      kind: 'incident',
      id: i.id,
      title: `舆情 · ${topicText(i.topic)} · ${i.groupName}`,
      detail: `【${SEVERITY_LABELS[i.severity]}】${i.preview}`,
      at: i.firstAt,
      ...(i.severity >= EMERGENCY_SEVERITY && i.status === 'open' ? { urgent: 'emergency-incident' as const } : {}),
    })),
    ...orders.map(({ summary: o, overdue }): DeskItem => ({
      kind: 'repair',
      id: o.id,
      title: `报修 · ${o.category} · ${o.location}`,
      detail: o.description,
      at: o.createdAt,
      ...(o.deadline ? { dueAt: o.deadline.at } : {}),
      ...(overdue ? { urgent: 'overdue' as const } : {}),
    })),
    ...open.map((c): DeskItem => ({
      kind: 'complaint',
      id: c.id,
      title: `投诉 · ${COMPLAINT_CATEGORY_LABELS[c.category]} · ${c.location}`,
      detail: c.description,
      at: c.createdAt,
      ...(c.deadline ? { dueAt: c.deadline.at } : {}),
      ...(c.deadline?.overdue ? { urgent: 'overdue' as const } : {}),
    })),
  ];
  const ordered = deskOrder(items);
  return { urgent: ordered.filter((x) => x.urgent), items: ordered.filter((x) => !x.urgent).slice(0, DESK_ITEMS_MAX) };
}
