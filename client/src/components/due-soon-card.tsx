import { useRef } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { DueItem } from '@shared/contracts/archives.contract';
import { routes } from '@shared/routes';
import { useCloud } from '../hooks/use-cloud';
import { openPage } from '../services/navigation';
import './ledger.scss';

const open = (i: DueItem) => {
  if (i.kind === 'equipment') openPage(routes.staff.equipment, { id: i.id });
  else if (i.kind === 'contract') openPage(routes.manager.contract, { id: i.id });
  else openPage(routes.staff.loanList);
};

/** Manager home: 即将到期 — inspections and contract ends within 30 days, overdue loans; soonest first, with counts. */
export function DueSoonCard() {
  const due = useCloud('archives', 'dueSoon', {});
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) due.reload();
    shown.current = true;
  });
  const d = due.data;
  return (
    <View className="card due-soon">
      <View className="unit-row__main">
        <Text className="card__title">即将到期</Text>
        <Text className="link due-soon__all" onClick={() => openPage(routes.staff.equipmentList, { due: 'soon' })}>
          设备台账 ›
        </Text>
      </View>
      {due.error ? <Text className="muted">{due.error.message}</Text> : null}
      {d ? (
        <>
          <View className="due-soon__counts">
            <View className="due-soon__figure card--link" onClick={() => openPage(routes.staff.equipmentList, { due: 'soon' })}>
              <Text className={`due-soon__number ${d.counts.equipment ? 'due-soon__number--alert' : ''} due-soon__equipment`}>{d.counts.equipment}</Text>
              <Text className="muted">设备检验</Text>
            </View>
            <View className="due-soon__figure card--link" onClick={() => openPage(routes.manager.contractList)}>
              <Text className={`due-soon__number ${d.counts.contracts ? 'due-soon__number--alert' : ''} due-soon__contracts`}>{d.counts.contracts}</Text>
              <Text className="muted">合同到期</Text>
            </View>
            <View className="due-soon__figure card--link" onClick={() => openPage(routes.staff.loanList)}>
              <Text className={`due-soon__number ${d.counts.loans ? 'due-soon__number--alert' : ''} due-soon__loans`}>{d.counts.loans}</Text>
              <Text className="muted">借阅逾期</Text>
            </View>
          </View>
          {d.items.length ? (
            d.items.map((i) => (
              <View key={`${i.kind}:${i.id}`} className="due-soon__item card--link" onClick={() => open(i)}>
                <View className="due-soon__main">
                  <Text className="ledger-doc__title">{i.title}</Text>
                  <Text className="muted">{i.detail}</Text>
                </View>
                <Text className={`ledger-due ledger-due--${i.overdue ? 'overdue' : 'soon'}`}>{i.dueText}</Text>
              </View>
            ))
          ) : (
            <Text className="muted">30天内没有到期的设备检验、合同，也没有逾期未还的借阅</Text>
          )}
        </>
      ) : null}
    </View>
  );
}
