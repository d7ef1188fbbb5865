import { Text, View } from '@tarojs/components';
import { routes } from '@shared/routes';
import { openPage } from '../services/navigation';

/**
 * 档案台账 entries: 设备设施台账 and 借阅登记 (agents, technicians, managers), and for managers 合同管理.
 * On the agent desk and the manager home.
 */
export function LedgerEntry({ contracts = false }: { contracts?: boolean }) {
  return (
    <View className="entries ledger-entry">
      <View className="card card--link entry ledger-entry__equipment" onClick={() => openPage(routes.staff.equipmentList)}>
        <Text className="card__title">设备台账</Text>
        <Text className="muted">电梯、水泵、消防等维保与检验</Text>
      </View>
      <View className="card card--link entry ledger-entry__loans" onClick={() => openPage(routes.staff.loanList)}>
        <Text className="card__title">借阅登记</Text>
        <Text className="muted">档案原件借出、归还</Text>
      </View>
      {contracts ? (
        <View className="card card--link entry ledger-entry__contracts" onClick={() => openPage(routes.manager.contractList)}>
          <Text className="card__title">合同管理</Text>
          <Text className="muted">服务合同及到期提醒</Text>
        </View>
      ) : null}
    </View>
  );
}
