import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { EQUIPMENT_KIND_LABELS } from '@shared/domain/archives';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { confirm, toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { InfoRow } from '@/components/info-row';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { AttachedDocs, DueTag, MaintainForm } from '@/components/ledger';

/** One item of the equipment ledger (staff/pages/equipment?id=…): data, documents, 记录维保 and the log, 编辑, 停用 (managers). */
export default function EquipmentPage() {
  useSession({ required: true });
  const { params } = useRouter();
  const equipmentId = params.id ?? '';
  const item = useCloud('archives', 'equipmentGet', { equipmentId }, { skip: !equipmentId });
  const [maintaining, setMaintaining] = useState(false);
  useReloadOnReturn(() => item.reload());
  const e = item.data;
  const retire = async () => {
    if (!e || !(await confirm({ title: '停用设备', content: `停用“${e.name}”？停用后不再提醒检验。`, danger: true }))) return;
    try {
      item.set(await call('archives', 'equipmentRetire', { equipmentId: e.id }));
      toast('已停用');
    } catch (err) {
      toast((err as Error).message);
    }
  };
  return (
    <View className="page equipment">
      <PageHeader title={e?.name ?? '设备'} subtitle={e ? `${EQUIPMENT_KIND_LABELS[e.kind]} · ${e.code}` : undefined} />
      <StateView loading={item.loading && !e} error={item.error} onRetry={item.reload}>
        {e ? (
          <>
            <View className="card equipment__due">
              <View className="ledger-row__head">
                <Text className="card__title">下次检验</Text>
                {e.status === 'retired' ? <Text className="ledger-due">已停用</Text> : <DueTag due={e.due} text={e.dueText} name="equipment__due-tag" />}
              </View>
              <Text className="ledger-row__title equipment__next">{e.nextDueOn ?? '未设置'}</Text>
              <Text className="muted">
                上次维保 {e.lastMaintainedOn ?? '—'}
                {e.cycleDays ? ` · 周期 ${e.cycleDays} 天` : ''}
              </Text>
              <View className="form-buttons">
                {e.can.maintain ? (
                  <Button className="btn btn--primary equipment__maintain" size="mini" onClick={() => setMaintaining(!maintaining)}>
                    记录维保
                  </Button>
                ) : null}
                {e.can.edit ? (
                  <Button className="btn btn--ghost equipment__edit" size="mini" onClick={() => openPage(routes.staff.equipmentForm, { id: e.id })}>
                    编辑
                  </Button>
                ) : null}
                {e.can.retire ? (
                  <Button className="btn btn--ghost equipment__retire" size="mini" onClick={retire}>
                    停用
                  </Button>
                ) : null}
              </View>
            </View>
            {maintaining ? (
              <MaintainForm
                equipmentId={e.id}
                cycleDays={e.cycleDays}
                onClose={() => setMaintaining(false)}
                onDone={() => {
                  setMaintaining(false);
                  toast('已记录');
                  item.reload();
                }}
              />
            ) : null}
            <View className="card equipment__info">
              <Text className="card__title">设备信息</Text>
              <InfoRow label="安装位置">
                <Text>{`${e.buildingName ? `${e.buildingName} ` : ''}${e.location}`}</Text>
              </InfoRow>
              <InfoRow label="生产厂家 / 型号">
                <Text>{[e.maker, e.modelNo].filter(Boolean).join(' ') || '—'}</Text>
              </InfoRow>
              <InfoRow label="维保单位">
                <Text>{e.maintainer ? `${e.maintainer}${e.maintainerPhone ? ` ${e.maintainerPhone}` : ''}` : '—'}</Text>
              </InfoRow>
              <InfoRow label="安装日期">
                <Text>{e.installedOn ?? '—'}</Text>
              </InfoRow>
            </View>
            <View className="card equipment__docs">
              <Text className="card__title">关联档案</Text>
              <AttachedDocs docs={e.docs} />
            </View>
            <View className="card equipment__log">
              <Text className="card__title">维保记录（{e.logCount}）</Text>
              {e.log.length ? (
                e.log.map((l, i) => (
                  <View key={`${l.at}-${i}`} className="ledger-log__item">
                    <Text className="ledger-doc__title">{`${l.on} · ${l.by}`}</Text>
                    {l.note ? <Text className="muted">{l.note}</Text> : null}
                    <Text className="muted">{`${l.nextDueOn ? `下次检验 ${l.nextDueOn} · ` : ''}登记人 ${l.byName}`}</Text>
                  </View>
                ))
              ) : (
                <Text className="muted">暂无维保记录</Text>
              )}
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
