/**
 * The service grid at the top of the owner home (报修, 缴费, 通知, 投诉建议): one line per built
 * module, in the order shown. A module that lands later adds its tile here — its page route, a
 * 96×96 PNG icon in client/src/assets/home/ (scripts/tabbar-icons.ts draws them) and, if it has
 * one, the badge it shows — and nothing else changes. No tile for anything not built.
 */
import { routes, type Route } from '@shared/routes';
import repairIcon from '../assets/home/repair.png';
import feesIcon from '../assets/home/fees.png';
import noticesIcon from '../assets/home/notices.png';
import complaintsIcon from '../assets/home/complaints.png';
import inquiriesIcon from '../assets/home/inquiries.png';
import passesIcon from '../assets/home/passes.png';
import knowledgeIcon from '../assets/home/knowledge.png';
import renovationIcon from '../assets/home/renovation.png';
import surveysIcon from '../assets/home/surveys.png';
import activitiesIcon from '../assets/home/activities.png';

/** Counts the owner home reads once and hands to the tiles (see owner/pages/home). */
export type HomeBadge = 'unreadNotices' | 'toRate' | 'owedBills';

export interface HomeEntry {
  /** Names the tile in class names: `home-grid__tile--<key>`. */
  key: string;
  title: string;
  icon: string;
  route: Route;
  badge?: HomeBadge;
}

export const OWNER_HOME_ENTRIES: readonly HomeEntry[] = [
  { key: 'repair', title: '报修', icon: repairIcon, route: routes.owner.repairs, badge: 'toRate' },
  { key: 'fees', title: '缴费', icon: feesIcon, route: routes.owner.bills, badge: 'owedBills' },
  { key: 'notices', title: '通知', icon: noticesIcon, route: routes.owner.notices, badge: 'unreadNotices' },
  { key: 'complaints', title: '投诉建议', icon: complaintsIcon, route: routes.owner.complaints },
  { key: 'inquiries', title: '咨询', icon: inquiriesIcon, route: routes.owner.inquiries },
  { key: 'passes', title: '放行条', icon: passesIcon, route: routes.owner.passes },
  { key: 'knowledge', title: '服务指南', icon: knowledgeIcon, route: routes.owner.knowledge },
  { key: 'renovation', title: '装修申请', icon: renovationIcon, route: routes.owner.renovations },
  { key: 'surveys', title: '问卷调查', icon: surveysIcon, route: routes.owner.surveys },
  { key: 'activities', title: '社区活动', icon: activitiesIcon, route: routes.owner.activities },
];
