import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { ResidentRecord, UnitSummary } from '@shared/contracts/community.contract';
import { RESIDENT_RELATION_LABELS } from '@shared/domain/household';
import { useCloud } from '@/hooks/use-cloud';
import { call, toCloudError } from '@/services/cloud';

/**
 * Find a unit by room or resident name; the chosen one is shown with a 更换 link. To pick several
 * (the page keeps the list), pass no `chosen` and the ids already picked as `picked` (marked 已选).
 */
export function UnitFinder({ chosen, onChoose, picked = [], query = '' }: { chosen?: UnitSummary; onChoose: (u: UnitSummary | undefined) => void; picked?: readonly string[]; query?: string }) {
  const [draft, setDraft] = useState(query);
  const [results, setResults] = useState<UnitSummary[]>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const search = async () => {
    const q = draft.trim().slice(0, 30);
    if (!q) return setError('请输入房号或住户姓名');
    setBusy(true);
    setError('');
    try {
      const res = await call('community', 'units', { q, page: 1, pageSize: 10 });
      setResults(res.items);
      if (res.items.length === 0) setError(`没有找到与“${q}”相关的房屋`);
    } catch (e) {
      setError(toCloudError(e).message);
    } finally {
      setBusy(false);
    }
  };

  if (chosen) {
    return (
      <View className="repair-new__unit-chosen">
        <Text className="repair-new__unit-label">{chosen.label}</Text>
        <Text className="muted">业主：{chosen.ownerNames.length ? chosen.ownerNames.join('、') : '未登记'}</Text>
        <Text className="link repair-new__unit-change" onClick={() => onChoose(undefined)}>
          更换
        </Text>
      </View>
    );
  }
  return (
    <View className="repair-new__unit-finder">
      <View className="units__search">
        <Input
          className="units__search-input repair-new__unit-q"
          value={draft}
          maxlength={30}
          confirmType="search"
          placeholder="输入房号或住户姓名"
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={search}
        />
        <Button className="btn units__search-btn repair-new__unit-search" size="mini" loading={busy} disabled={busy || undefined} onClick={search}>
          查找
        </Button>
      </View>
      {error ? <Text className="field__error">{error}</Text> : null}
      {(results ?? []).map((u) => (
        <View key={u.id} className="unit-row unit-row--link repair-new__unit" onClick={() => onChoose(u)}>
          <Text className="unit-row__label">
            {u.label}
            {picked.includes(u.id) ? <Text className="muted repair-new__unit-picked">（已选）</Text> : null}
          </Text>
          <Text className="unit-row__meta">业主：{u.ownerNames.length ? u.ownerNames.join('、') : '未登记'}</Text>
        </View>
      ))}
    </View>
  );
}

/**
 * The residents of the chosen unit (for an agent recording a call or a visit); when the unit is
 * chosen, its first owner (or first resident) becomes the contact.
 */
export function useUnitContact(unit: UnitSummary | undefined, setName: (v: string) => void, setPhone: (v: string) => void): ResidentRecord[] {
  const unitDetail = useCloud('community', 'unit', { unitId: unit?.id ?? '' }, { skip: !unit });
  const residents = unitDetail.data?.residents ?? [];
  useEffect(() => {
    const first = residents.find((r) => r.relation === 'owner') ?? residents[0];
    if (first) {
      setName(first.name);
      setPhone(first.phone);
    }
  }, [unitDetail.data]);
  return residents;
}

/** 选择联系人: tap a resident of the unit to make them the contact (shown when there are several). */
export function ResidentChoices({ residents, name, phone, onPick, prefix }: { residents: ResidentRecord[]; name: string; phone: string; onPick: (r: ResidentRecord) => void; prefix: string }) {
  if (residents.length <= 1) return null;
  return (
    <View className={`${prefix}__residents`}>
      <Text className="field__label">选择联系人</Text>
      <View className="choices">
        {residents.map((r) => (
          <View key={r.id} className={`choice ${prefix}__resident ${name === r.name && phone === r.phone ? 'choice--active' : ''}`} onClick={() => onPick(r)}>
            <Text>
              {r.name}（{RESIDENT_RELATION_LABELS[r.relation]}）
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}
