import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { NoticeAudienceView } from '@shared/contracts/notices.contract';
import type { BuildingSummary, UnitSummary } from '@shared/contracts/community.contract';
import { NOTICE_TARGET_LABELS, type NoticeTargetKind } from '@shared/domain/notices';
import { routes } from '@shared/routes';
import { call } from '../services/cloud';
import { useSubmit } from '../hooks/use-submit';
import { useSession } from '../hooks/use-session';
import { openPage } from '../services/navigation';
import { Choices, choicesOf } from './choices';
import { FormError } from './form-field';

export interface TargetDraft {
  kind: NoticeTargetKind;
  buildingIds: string[];
  units: { id: string; label: string }[];
  audienceId?: string;
}

export const EMPTY_TARGET: TargetDraft = { kind: 'community', buildingIds: [], units: [] };

const KINDS = choicesOf(NOTICE_TARGET_LABELS);

interface Props {
  value: TargetDraft;
  onChange: (next: TargetDraft) => void;
  buildings: readonly BuildingSummary[];
  audiences: readonly NoticeAudienceView[];
}

/** 发送对象: 全体业主, some buildings, some units (searched by room or owner name), or a saved audience. */
export function NoticeTarget({ value, onChange, buildings, audiences }: Props) {
  const search = useSubmit();
  const session = useSession();
  const isManager = !!session?.me.roles.includes('manager');
  const [q, setQ] = useState('');
  const [found, setFound] = useState<UnitSummary[] | undefined>();
  const chosenUnits = new Set(value.units.map((u) => u.id));
  const audience = audiences.find((a) => a.id === value.audienceId);

  const find = async () => {
    const res = await search.run(() => call('community', 'units', { q: q.trim() || undefined, page: 1, pageSize: 20 }));
    if (res) setFound(res.items);
  };
  const toggleBuilding = (id: string) =>
    onChange({ ...value, buildingIds: value.buildingIds.includes(id) ? value.buildingIds.filter((b) => b !== id) : [...value.buildingIds, id] });
  const toggleUnit = (u: { id: string; label: string }) =>
    onChange({ ...value, units: chosenUnits.has(u.id) ? value.units.filter((x) => x.id !== u.id) : [...value.units, { id: u.id, label: u.label }] });

  return (
    <View className="notice-target">
      <Choices name="notice-target" options={KINDS} value={value.kind} onChange={(kind) => onChange({ ...value, kind })} />
      {value.kind === 'buildings' ? (
        <View className="notice-target__buildings">
          {buildings.length === 0 ? <Text className="muted">暂无楼栋资料</Text> : null}
          <Choices name="notice-target-buildings" options={buildings.map((b) => ({ value: b.id, label: `${b.name}（${b.units}户）` }))} value={value.buildingIds} onChange={toggleBuilding} />
        </View>
      ) : null}
      {value.kind === 'units' ? (
        <View className="notice-target__units">
          {value.units.length > 0 ? (
            <View className="notice-target__chosen">
              {value.units.map((u) => (
                <Text key={u.id} className="choice choice--active notice-target__unit-chosen" onClick={() => toggleUnit(u)}>
                  {u.label} ×
                </Text>
              ))}
            </View>
          ) : (
            <Text className="muted">还未选择房屋</Text>
          )}
          <View className="notice-target__search">
            <Input className="input notice-target__q" value={q} maxlength={30} placeholder="房号或业主姓名，如 1502" confirmType="search" onInput={(e) => setQ(e.detail.value)} onConfirm={find} />
            <Button className="btn btn--ghost notice-target__find" size="mini" loading={search.busy} disabled={search.busy || undefined} onClick={find}>
              搜索
            </Button>
          </View>
          <FormError error={search.error} />
          {found ? (
            <View className="notice-target__found">
              {found.length === 0 ? <Text className="muted">没有找到房屋</Text> : null}
              {found.map((u) => (
                <View key={u.id} className={`notice-target__unit ${chosenUnits.has(u.id) ? 'notice-target__unit--chosen' : ''}`} onClick={() => toggleUnit(u)}>
                  <Text>{u.label}</Text>
                  <Text className="muted">
                    {u.ownerNames.join('、') || '暂无业主'} {chosenUnits.has(u.id) ? '✓' : ''}
                  </Text>
                </View>
              ))}
            </View>
          ) : null}
        </View>
      ) : null}
      {value.kind === 'audience' ? (
        <View className="notice-target__audiences">
          {audiences.length === 0 ? <Text className="muted">{isManager ? '还没有常用对象' : '还没有常用对象，可由主管添加'}</Text> : null}
          <Choices name="notice-target-audience" options={audiences.map((a) => ({ value: a.id, label: a.name }))} value={value.audienceId} onChange={(audienceId) => onChange({ ...value, audienceId })} />
          {audience ? <Text className="muted notice-target__audience-desc">{audience.description}</Text> : null}
          {isManager ? (
            <Text className="link notice-target__manage" onClick={() => openPage(routes.manager.noticeAudiences)}>
              管理常用对象
            </Text>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}

/** The target as the publish action takes it. */
export function targetInput(t: TargetDraft): { kind: NoticeTargetKind; buildingIds?: string[]; unitIds?: string[]; audienceId?: string } {
  if (t.kind === 'buildings') return { kind: t.kind, buildingIds: t.buildingIds };
  if (t.kind === 'units') return { kind: t.kind, unitIds: t.units.map((u) => u.id) };
  if (t.kind === 'audience') return { kind: t.kind, ...(t.audienceId ? { audienceId: t.audienceId } : {}) };
  return { kind: 'community' };
}

/** Problems of a target before sending (same messages as the contract). */
export function targetProblems(t: TargetDraft): Record<string, string> {
  if (t.kind === 'buildings' && t.buildingIds.length === 0) return { 'target.buildingIds': '请选择楼栋' };
  if (t.kind === 'units' && t.units.length === 0) return { 'target.unitIds': '请选择房屋' };
  if (t.kind === 'audience' && !t.audienceId) return { 'target.audienceId': '请选择常用对象' };
  return {};
}
