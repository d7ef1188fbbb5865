import { Text, View } from '@tarojs/components';
import type { BoardRow } from '@shared/contracts/renovation-completion.contract';
import { routes } from '@shared/routes';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { openPage } from '@/services/navigation';
import { BoardRowView } from '../../components/renovation-board-row';
import '../../components/dashboard.scss';
import './index.scss';

function Section({ name, title, rows, total, empty, show }: { name: string; title: string; rows: BoardRow[]; total: number; empty: string; show: Parameters<typeof BoardRowView>[0]['show'] }) {
  return (
    <View className={`renovation-board__section renovation-board__section--${name}`}>
      <Text className="section-title">
        {title}（{total}）
      </Text>
      {rows.length ? rows.map((r) => <BoardRowView key={r.id} row={r} show={show} />) : <Text className="muted renovation-board__empty">{empty}</Text>}
      {total > rows.length ? (
        <Text className="muted renovation-board__more" onClick={() => openPage(routes.staff.renovations)}>
          仅显示前{rows.length}条，全部{total}条请在“全部装修申请”中查看
        </Text>
      ) : null}
    </View>
  );
}

/**
 * 装修管理看板 (managers; renovation.md "Completion, deposit and the board"): applications waiting for
 * review or approval, works on site with their next patrol and open violations, works past their planned
 * end without acceptance, deposits held, and the contractors with the most violations.
 */
export default function RenovationBoardPage() {
  useSession({ required: true });
  const board = useCloud('renovation', 'board', {});
  const b = board.data;
  return (
    <View className="page manager renovation-board">
      <PageHeader title="装修管理" subtitle="申请、施工、验收与押金" />
      <View className="card renovation-board__links">
        <Text className="link" onClick={() => openPage(routes.staff.renovations)}>
          全部装修申请
        </Text>
        <Text className="link" onClick={() => openPage(routes.manager.renovationSettings)}>
          装修设置
        </Text>
      </View>
      <StateView loading={board.loading && !b} error={board.error} onRetry={board.reload}>
        {b ? (
          <>
            <View className="figures renovation-board__counts">
              {[
                { name: 'waiting', label: '待审核/审批', value: b.counts.waiting },
                { name: 'active', label: '施工中', value: b.counts.active },
                { name: 'overdue', label: '逾期未验收', value: b.counts.overdue, alert: b.counts.overdue > 0 },
                { name: 'held', label: '押金未退', value: b.counts.depositsHeld },
              ].map((t) => (
                <View key={t.name} className={`figures__tile figures__tile--${t.name}${t.alert ? ' figures__tile--alert' : ''}`}>
                  <Text className="figures__value">{t.value}</Text>
                  <Text className="figures__label">{t.label}</Text>
                </View>
              ))}
            </View>
            <Section name="waiting" title="待审核 · 待审批" rows={b.waiting} total={b.counts.waiting} empty="没有等待处理的申请" show={['company']} />
            <Section name="active" title="施工中" rows={b.active} total={b.counts.active} empty="没有正在施工的装修" show={['patrol', 'violations', 'company']} />
            <Section name="overdue" title="逾期未验收" rows={b.overdue} total={b.counts.overdue} empty="没有超过计划完工日期的装修" show={['overdue', 'violations']} />
            <Section name="held" title="押金未退" rows={b.depositsHeld} total={b.counts.depositsHeld} empty="没有待退还的押金" show={['deposit']} />
            <View className="renovation-board__section renovation-board__section--contractors">
              <Text className="section-title">施工单位</Text>
              {b.contractors.length ? (
                b.contractors.map((c) => (
                  <View key={c.company} className="card renovation-board__contractor" onClick={() => openPage(routes.manager.renovationContractor, { company: c.company })}>
                    <Text className="renovation-board__unit">{c.company}</Text>
                    <Text className={c.violations ? 'danger' : 'muted'}>
                      装修 {c.renovations} 户 · 违规 {c.violations} 次
                    </Text>
                  </View>
                ))
              ) : (
                <Text className="muted renovation-board__empty">还没有施工单位记录</Text>
              )}
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
