import { useEffect, useRef } from 'react';
import { useRouter } from '@tarojs/taro';
import type { ResidentRecord, UnitSummary } from '@shared/contracts/community.contract';
import { useCloud } from '@/hooks/use-cloud';

/**
 * A desk form opened from the owner view (一户一档) with `unitId`: that unit comes chosen. `pending`
 * while it is still loading — the form must not save then, or the record would lose its unit (and
 * the owner's 一户一档 would never show it).
 */
export function usePresetUnit(unit: UnitSummary | undefined, setUnit: (u: UnitSummary) => void): { pending: boolean } {
  const { params } = useRouter();
  const preset = useCloud('community', 'unit', { unitId: params.unitId ?? '' }, { skip: !params.unitId });
  const chosen = useRef(false);
  useEffect(() => {
    if (preset.data && !unit && !chosen.current) {
      chosen.current = true;
      setUnit(preset.data);
    }
  }, [preset.data]);
  return { pending: Boolean(params.unitId) && (preset.loading || (Boolean(preset.data) && !unit)) };
}

/**
 * usePresetUnit, and that resident (`residentId`) is the contact instead of the unit's first owner.
 * Call it after `useUnitContact` (its contact is replaced once, when the unit's residents arrive).
 */
export function usePresetOwner(
  unit: UnitSummary | undefined,
  setUnit: (u: UnitSummary) => void,
  residents: ResidentRecord[],
  setName: (v: string) => void,
  setPhone: (v: string) => void,
): { pending: boolean } {
  const { params } = useRouter();
  const preset = usePresetUnit(unit, setUnit);
  const contact = useRef(false);
  useEffect(() => {
    if (contact.current || !params.residentId || !unit || unit.id !== params.unitId) return;
    const r = residents.find((x) => x.id === params.residentId);
    if (r) {
      contact.current = true;
      setName(r.name);
      setPhone(r.phone);
    }
  });
  return preset;
}
