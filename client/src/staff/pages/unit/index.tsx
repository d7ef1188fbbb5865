import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ResidentRecord, UnitDetail, VehicleSummary } from '@shared/contracts/community.contract';
import { UNIT_STATUS_LABELS } from '@shared/domain/units';
import { RESIDENT_RELATION_LABELS } from '@shared/domain/household';
import { PARKING_KIND_LABELS } from '@shared/domain/vehicles';
import { OWNER_VIEW_ROLES } from '@shared/domain/owner-lookup';
import { routes } from '@shared/routes';
import { openPage } from '@/services/navigation';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { confirm, toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { FormError } from '@/components/form-field';
import { ResidentForm, UnitForm, VehicleForm } from '../../components/unit-forms';

type Editing = { kind: 'unit' } | { kind: 'resident'; resident?: ResidentRecord } | { kind: 'vehicle'; vehicle?: VehicleSummary } | null;

/**
 * 房屋资料 (staff/pages/unit/index?unitId=…): one unit's record — status and area, residents,
 * vehicles and parking spaces. Agents and managers correct it; cashiers read it.
 */
export default function UnitPage() {
  const { params } = useRouter();
  const unitId = params.unitId ?? '';
  const session = useSession({ required: true });
  const unit = useCloud('community', 'unit', { unitId }, { skip: !unitId });
  const [editing, setEditing] = useState<Editing>(null);
  const remover = useSubmit();

  const roles = session?.me.roles ?? [];
  const canEdit = roles.includes('agent') || roles.includes('manager');
  const detail = unit.data;

  const saved = (next: UnitDetail) => {
    unit.set(next);
    setEditing(null);
    toast('已保存');
  };

  const removeResident = async (r: ResidentRecord) => {
    const ok = await confirm({
      title: '移除住户',
      content: `确定将“${r.name}”从本房屋移除吗？${r.boundToApp ? '其微信将不再绑定本房屋。' : ''}`,
      confirmText: '移除',
      danger: true,
    });
    if (!ok) return;
    const next = await remover.run(() => call('community', 'removeResident', { residentId: r.id }));
    if (next) saved(next);
  };

  const removeVehicle = async (v: VehicleSummary) => {
    const ok = await confirm({ title: '删除车辆', content: `确定删除车辆“${v.plate}”的登记吗？`, confirmText: '删除', danger: true });
    if (!ok) return;
    const next = await remover.run(() => call('community', 'removeVehicle', { vehicleId: v.id }));
    if (next) saved(next);
  };

  return (
    <View className="page unit-page">
      <PageHeader title={detail?.label ?? '房屋资料'} subtitle={detail ? `${detail.buildingName} · ${detail.entrance}单元 · ${detail.room}` : undefined} />
      {!unitId ? <Text className="muted">缺少房屋编号，请从房屋列表进入。</Text> : null}
      <StateView loading={unit.loading} error={unit.error} onRetry={unit.reload}>
        {detail ? (
          <>
            <View className="card unit-info">
              <View className="unit-row__main">
                <Text className="card__title">房屋信息</Text>
                {canEdit && editing?.kind !== 'unit' ? (
                  <Text className="link unit-info__edit" onClick={() => setEditing({ kind: 'unit' })}>
                    修改
                  </Text>
                ) : null}
              </View>
              {editing?.kind === 'unit' ? (
                <UnitForm unit={detail} onSaved={saved} onCancel={() => setEditing(null)} />
              ) : (
                <>
                  <View className="info-row">
                    <Text className="muted">房屋状态</Text>
                    <Text className={`tag tag--${detail.status} unit-info__status`}>{UNIT_STATUS_LABELS[detail.status]}</Text>
                  </View>
                  <View className="info-row">
                    <Text className="muted">建筑面积</Text>
                    <Text className="unit-info__area">{detail.areaM2} m²</Text>
                  </View>
                  <View className="info-row">
                    <Text className="muted">楼栋 / 单元 / 房号</Text>
                    <Text>
                      {detail.buildingName} / {detail.entrance}单元 / {detail.room}（{detail.floor} 层）
                    </Text>
                  </View>
                </>
              )}
            </View>

            {roles.some((r) => OWNER_VIEW_ROLES.includes(r)) ? (
              <View className="card card--link unit-page__owner-view" onClick={() => openPage(routes.staff.ownerView, { kind: 'unit', id: detail.id })}>
                <Text className="card__title">一户一档</Text>
                <Text className="muted">报修、投诉、咨询、账单、未读通知和全部往来记录</Text>
                <Text className="link card__text">查看 ›</Text>
              </View>
            ) : null}

            {canEdit ? (
              <View className="card card--link unit-page__resale" onClick={() => openPage(routes.staff.moveinResale, { unitId: detail.id })}>
                <Text className="card__title">过户迁入</Text>
                <Text className="muted">房屋已出售：结清或转移欠费，原业主解除绑定，为新业主办理迁入</Text>
                <Text className="link card__text">办理 ›</Text>
              </View>
            ) : null}

            <FormError error={remover.error} />

            <View className="card residents">
              <View className="unit-row__main">
                <Text className="card__title">住户（{detail.residents.length}）</Text>
                {canEdit && !editing ? (
                  <Text className="link residents__add" onClick={() => setEditing({ kind: 'resident' })}>
                    + 添加住户
                  </Text>
                ) : null}
              </View>
              {editing?.kind === 'resident' && !editing.resident ? <ResidentForm unit={detail} onSaved={saved} onCancel={() => setEditing(null)} /> : null}
              {detail.residents.length === 0 ? <Text className="muted">暂无住户登记</Text> : null}
              {detail.residents.map((r) =>
                editing?.kind === 'resident' && editing.resident?.id === r.id ? (
                  <ResidentForm key={r.id} unit={detail} resident={r} onSaved={saved} onCancel={() => setEditing(null)} />
                ) : (
                  <View key={r.id} className="resident-row">
                    <View className="unit-row__main">
                      <Text className="resident-row__name">
                        {r.name} · {RESIDENT_RELATION_LABELS[r.relation]}
                      </Text>
                      {r.boundToApp ? <Text className="tag tag--on">已绑定微信</Text> : <Text className="tag">未绑定</Text>}
                    </View>
                    <Text className="unit-row__meta">
                      电话：{r.phone || '未登记'}
                      {r.idNumber ? ` · 身份证：${r.idNumber}` : ''}
                    </Text>
                    {canEdit && !editing ? (
                      <View className="row-actions">
                        <Text className="link resident-row__edit" onClick={() => setEditing({ kind: 'resident', resident: r })}>
                          修改
                        </Text>
                        <Text className="danger resident-row__remove" onClick={() => removeResident(r)}>
                          移除
                        </Text>
                      </View>
                    ) : null}
                  </View>
                ),
              )}
            </View>

            <View className="card vehicles">
              <View className="unit-row__main">
                <Text className="card__title">车辆（{detail.vehicles.length}）</Text>
                {canEdit && !editing ? (
                  <Text className="link vehicles__add" onClick={() => setEditing({ kind: 'vehicle' })}>
                    + 登记车辆
                  </Text>
                ) : null}
              </View>
              {editing?.kind === 'vehicle' && !editing.vehicle ? <VehicleForm unit={detail} onSaved={saved} onCancel={() => setEditing(null)} /> : null}
              {detail.vehicles.length === 0 ? <Text className="muted">暂无登记车辆</Text> : null}
              {detail.vehicles.map((v) =>
                editing?.kind === 'vehicle' && editing.vehicle?.id === v.id ? (
                  <VehicleForm key={v.id} unit={detail} vehicle={v} onSaved={saved} onCancel={() => setEditing(null)} />
                ) : (
                  <View key={v.id} className="vehicle-row">
                    <View className="unit-row__main">
                      <Text className="vehicle-row__plate">{v.plate}</Text>
                      <Text className="muted">{v.parkingSpace ? `车位 ${v.parkingSpace}` : '无固定车位'}</Text>
                    </View>
                    {canEdit && !editing ? (
                      <View className="row-actions">
                        <Text className="link vehicle-row__edit" onClick={() => setEditing({ kind: 'vehicle', vehicle: v })}>
                          修改
                        </Text>
                        <Text className="danger vehicle-row__remove" onClick={() => removeVehicle(v)}>
                          删除
                        </Text>
                      </View>
                    ) : null}
                  </View>
                ),
              )}
            </View>

            <View className="card parking">
              <Text className="card__title">车位（{detail.parkingSpaces.length}）</Text>
              {detail.parkingSpaces.length === 0 ? <Text className="muted">暂无车位</Text> : null}
              {detail.parkingSpaces.map((p) => (
                <View key={p.id} className="parking-row">
                  <View className="unit-row__main">
                    <Text>{p.code}</Text>
                    <Text className="tag">{PARKING_KIND_LABELS[p.kind]}</Text>
                  </View>
                  <Text className="unit-row__meta">{p.plates.length ? `停放：${p.plates.join('、')}` : '暂无停放车辆'}</Text>
                </View>
              ))}
            </View>
            {!canEdit ? <Text className="muted unit-page__readonly">如需修改房屋资料，请联系客服专员。</Text> : null}
          </>
        ) : null}
      </StateView>
    </View>
  );
}
