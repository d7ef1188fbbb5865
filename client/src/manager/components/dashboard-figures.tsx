import { Text, View } from '@tarojs/components';
import type { ManagerDashboard } from '@shared/contracts/dashboard.contract';
import { monthAxisLabel } from '@shared/domain/dashboard';
import type { Route } from '@shared/routes';
import { routes } from '@shared/routes';
import { openPage } from '@/services/navigation';
import { formatRate } from '@/components/repair-format';
import { TrendChart } from './trend-chart';
import './dashboard.scss';

interface Tile {
  name: string;
  label: string;
  value: string;
  note?: string;
  /** Red: something is late or waiting. */
  alert: boolean;
  page: Route;
}

/** The six key figures of the manager home, each a tile that opens the page behind it. */
export function figureTiles(d: ManagerDashboard): Tile[] {
  return [
    { name: 'open-repairs', label: '在办报修', value: String(d.openRepairs), alert: false, page: routes.manager.repairs },
    { name: 'overdue-repairs', label: '超时报修', value: String(d.overdueRepairs), alert: d.overdueRepairs > 0, page: routes.manager.repairs },
    { name: 'complaints-waiting', label: '待受理投诉', value: String(d.complaintsWaiting), alert: d.complaintsWaiting > 0, page: routes.manager.complaints },
    { name: 'collection-rate', label: '本月收缴率', value: formatRate(d.collectionRate), alert: false, page: routes.manager.fees },
    {
      name: 'unread-notices',
      label: '重要通知未读',
      value: String(d.unreadImportantNotices),
      note: d.unreadImportantNotices ? `${d.unreadImportantUnits} 户未读` : undefined,
      alert: d.unreadImportantNotices > 0,
      page: routes.manager.notices,
    },
    { name: 'open-incidents', label: '待处理舆情', value: String(d.openIncidents), alert: d.openIncidents > 0, page: routes.staff.incidents },
  ];
}

/** Key figures in a two-column grid, then the 6-month trends (counts as columns, rates as lines). */
export function DashboardFigures({ dashboard: d }: { dashboard: ManagerDashboard }) {
  const categories = d.trend.map((m) => monthAxisLabel(m.month));
  return (
    <>
      <View className="figures">
        {figureTiles(d).map((t) => (
          <View key={t.name} className={`figures__tile figures__tile--${t.name}${t.alert ? ' figures__tile--alert' : ''}`} onClick={() => openPage(t.page)}>
            <Text className="figures__value">{t.value}</Text>
            <Text className="figures__label">{t.label}</Text>
            {t.note ? <Text className="figures__note">{t.note}</Text> : null}
          </View>
        ))}
      </View>
      <TrendChart
        id="trend-volume"
        title="近 6 个月报修与投诉"
        type="column"
        categories={categories}
        series={[
          { name: '报修', data: d.trend.map((m) => m.repairs), color: '#1677ff' },
          { name: '投诉', data: d.trend.map((m) => m.complaints), color: '#e67700' },
        ]}
      />
      <TrendChart
        id="trend-rates"
        title="近 6 个月收缴率与满意率"
        type="line"
        percent
        categories={categories}
        series={[
          { name: '收缴率', data: d.trend.map((m) => m.collectionRate), color: '#18a058' },
          { name: '满意率', data: d.trend.map((m) => m.satisfaction), color: '#8e44ad' },
        ]}
      />
    </>
  );
}
