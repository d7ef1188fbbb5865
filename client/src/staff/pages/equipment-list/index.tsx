import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, View } from '@tarojs/components';
import { EQUIPMENT_KIND_LABELS, EQUIPMENT_KINDS, type EquipmentKind } from '@shared/domain/archives';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { usePaged } from '@/hooks/use-paged';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { EquipmentRow } from '@/components/ledger';

type Tab = 'all' | 'soon' | 'retired';
const TABS: { value: Tab; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'soon', label: '即将到期' },
  { value: 'retired', label: '已停用' },
];
const KINDS: { value: EquipmentKind | 'any'; label: string }[] = [{ value: 'any', label: '全部类别' }, ...EQUIPMENT_KINDS.map((k) => ({ value: k, label: EQUIPMENT_KIND_LABELS[k] }))];

/**
 * 设备设施台账 (agents, technicians, managers): the community's equipment by kind; 即将到期 — inspections
 * due within 30 days or overdue, soonest first; 登记设备.
 */
export default function EquipmentListPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const [tab, setTab] = useState<Tab>(params.due === 'soon' ? 'soon' : 'all');
  const [kind, setKind] = useState<EquipmentKind | 'any'>('any');
  const list = usePaged(
    (page) => call('archives', 'equipmentList', { status: tab === 'retired' ? 'retired' : 'active', due: tab === 'soon' ? 'soon' : 'all', ...(kind !== 'any' ? { kind } : {}), page, pageSize: 20 }),
    `${tab}:${kind}`,
  );
  useReloadOnReturn(() => list.reload());
  return (
    <View className="page equipment-list">
      <PageHeader title="设备设施台账" subtitle="电梯、水泵、消防等设备的维保与检验日期" />
      <Button className="btn btn--primary equipment-list__add" onClick={() => openPage(routes.staff.equipmentForm)}>
        登记设备
      </Button>
      <View className="tabs">
        <Choices name="tabs" options={TABS} value={tab} onChange={setTab} />
      </View>
      <Choices name="equipment-kinds" options={KINDS} value={kind} onChange={setKind} />
      <View className="card equipment-list__items">
        <PagedList
          list={list}
          name="equipment"
          emptyText={tab === 'soon' ? '30天内没有到期的检验' : tab === 'retired' ? '没有停用的设备' : '还没有登记设备'}
          render={(e) => <EquipmentRow key={e.id} item={e} onOpen={(id) => openPage(routes.staff.equipment, { id })} />}
        />
      </View>
    </View>
  );
}
