import { Text, View } from '@tarojs/components';
import type { BoardRow } from '@shared/contracts/renovation-completion.contract';
import { RENOVATION_STATUS_LABELS } from '@shared/domain/renovation';
import { routes } from '@shared/routes';
import { openPage } from '@/services/navigation';
import { money } from '@/components/fee-entry';

/** One renovation on the board or a contractor's history: unit, owner, contractor, status, dates and what needs attention. */
export function BoardRowView({ row, show }: { row: BoardRow & { violationCount?: number }; show: ('patrol' | 'overdue' | 'deposit' | 'violations' | 'company')[] }) {
  return (
    <View className="card renovation-board__row" data-id={row.id} onClick={() => openPage(routes.staff.renovation, { id: row.id })}>
      <View className="renovation-board__head">
        <Text className="renovation-board__unit">{row.unitLabel}</Text>
        <Text className="tag renovation-board__status">{RENOVATION_STATUS_LABELS[row.status]}</Text>
      </View>
      <Text className="muted">
        {row.no} · {row.ownerName}
        {show.includes('company') && row.company ? ` · ${row.company}` : ''}
      </Text>
      <Text className="muted">
        工期 {row.plannedStart} 至 {row.plannedEnd}
      </Text>
      {show.includes('patrol') ? <Text className="renovation-board__patrol">下次巡查 {row.nextPatrolOn ?? '待排定'}</Text> : null}
      {show.includes('overdue') && row.daysOverdue !== undefined ? <Text className="danger renovation-board__overdue">超过计划完工 {row.daysOverdue} 天未验收</Text> : null}
      {show.includes('deposit') && row.depositFen !== undefined ? (
        <Text className={row.openViolations ? 'danger' : ''}>
          押金 {money(row.depositFen)} · {row.heldReason ?? ''}
        </Text>
      ) : null}
      {show.includes('violations') && (row.openViolations > 0 || (row.violationCount ?? 0) > 0) ? (
        <Text className={row.openViolations ? 'danger renovation-board__violations' : 'renovation-board__violations'}>
          {[row.violationCount !== undefined ? `违规 ${row.violationCount} 次` : '', row.openViolations ? `${row.openViolations} 项待整改` : ''].filter(Boolean).join(' · ')}
        </Text>
      ) : null}
    </View>
  );
}
