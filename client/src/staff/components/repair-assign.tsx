import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { RepairDetail } from '@shared/contracts/repairs.contract';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { StateView } from '@/components/state-view';
import { FormError } from '@/components/form-field';

interface TechOption {
  id: string;
  name: string;
  onDuty: boolean;
  open: number;
  overdue: number;
  /** Known to managers only (the team list); undefined for agents. */
  skills?: string[];
}

/**
 * 派单 / 改派: pick a technician (on duty and with the order's category as a skill first) and assign.
 * Everyone sees the board's technician loads; managers also see skills from the team list.
 */
export function RepairAssign({
  order,
  isManager,
  onDone,
  onCancel,
  onStale,
}: {
  order: RepairDetail;
  isManager: boolean;
  onDone: (next: RepairDetail) => void;
  onCancel: () => void;
  /** The order changed meanwhile (409): reload it. */
  onStale?: () => void;
}) {
  const board = useCloud('repairs', 'board');
  const team = useCloud('community', 'staff', undefined, { skip: !isManager });
  const [picked, setPicked] = useState<string>();
  const submit = useSubmit();

  const skillsById = new Map((team.data ?? []).map((m) => [m.id, m.skills]));
  const fromBoard: TechOption[] = (board.data?.byTechnician ?? []).map((t) => ({ ...t, skills: skillsById.get(t.id) }));
  // Technicians on the team but missing from the board (no orders yet) still count.
  const extra: TechOption[] = (team.data ?? [])
    .filter((m) => m.roles.includes('technician') && !fromBoard.some((t) => t.id === m.id))
    .map((m) => ({ id: m.id, name: m.name, onDuty: m.onDuty, open: 0, overdue: 0, skills: m.skills }));
  const skilled = (t: TechOption) => (t.skills ? t.skills.includes(order.category) : undefined);
  const rank = (t: TechOption) => (skilled(t) === false ? 2 : 0) + (t.onDuty ? 0 : 1);
  const options = [...fromBoard, ...extra].sort((a, b) => rank(a) - rank(b) || a.open - b.open);

  const assign = async () => {
    if (!picked) return submit.fail({ technicianId: '请选择维修师傅' });
    const next = await submit.run(() => call('repairs', 'assign', { repairId: order.id, technicianId: picked }));
    if (next) onDone(next);
    else onStale?.();
  };

  const noSkill = submit.error?.code === 'REPAIR.NO_SKILL';
  return (
    <View className="form repair-assign">
      <Text className="repair-action__title">{order.assigneeName ? `改派（当前：${order.assigneeName}）` : '派单'} · 类别：{order.category}</Text>
      <StateView loading={board.loading || team.loading} error={board.error ?? team.error} onRetry={board.reload} empty={options.length === 0} emptyText="本小区暂无维修师傅">
        {options.map((t) => (
          <View
            key={t.id}
            className={`repair-assign__tech ${picked === t.id ? 'repair-assign__tech--active' : ''} ${skilled(t) === false ? 'repair-assign__tech--unskilled' : ''}`}
            onClick={() => submit.edited('technicianId', setPicked)(t.id)}
          >
            <View className="unit-row__main">
              <Text className="repair-assign__name">{t.name}</Text>
              <Text className={`tag ${t.onDuty ? 'tag--on' : ''}`}>{t.onDuty ? '值班中' : '休息中'}</Text>
            </View>
            <Text className="unit-row__meta">
              进行中 {t.open} 单{t.overdue ? ` · 超时 ${t.overdue} 单` : ''}
              {t.skills ? ` · 技能：${t.skills.length ? t.skills.join('、') : '未登记'}` : ''}
              {skilled(t) === false ? `（无“${order.category}”技能）` : ''}
            </Text>
          </View>
        ))}
      </StateView>
      {submit.fieldErrors.technicianId ? <Text className="field__error">{submit.fieldErrors.technicianId}</Text> : null}
      {noSkill ? (
        <View className="form-error repair-assign__no-skill">
          <Text>{submit.error?.message}，请改派有“{order.category}”技能的师傅。</Text>
        </View>
      ) : (
        <FormError error={submit.error} shownFields={['technicianId']} />
      )}
      <View className="form-buttons">
        <Button className="btn btn--ghost repair-assign__cancel" size="mini" onClick={onCancel}>
          取消
        </Button>
        <Button className="btn btn--primary repair-assign__submit repair-staff__assign-submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={assign}>
          确认派单
        </Button>
      </View>
    </View>
  );
}
