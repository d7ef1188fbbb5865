import { routes } from '@shared/routes';
import { useCloud } from '../hooks/use-cloud';
import { TaskEntry } from './task-entry';

/** Cashier desk: the way to 线上支付异常, with the number of open issues (payments.md "Reconciliation"). */
export function PayIssuesEntry() {
  const open = useCloud('fees', 'payIssues', { status: 'open', page: 1, pageSize: 1 });
  return (
    <TaskEntry
      name="pay-issues-entry"
      title="线上支付异常"
      page={routes.staff.payIssues}
      waiting={open}
      countText={(n) => `有 ${n} 笔微信支付或退款待核实处理`}
      emptyText="线上收款与对账一致，暂无异常"
      actionText="去处理"
    />
  );
}
