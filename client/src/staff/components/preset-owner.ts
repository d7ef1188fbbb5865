import { useEffect, useRef } from 'react';
import { useRouter } from '@tarojs/taro';
import type { ResidentRecord, UnitSummary } from '@shared/contracts/community.contract';
import { useCloud } from '@/hooks/use-cloud';

/**
 * A desk form opened from the owner view (一户一档) with `unitId` (and `residentId`): the unit is
 * chosen and that resident is the contact, instead of the unit's first owner. Call it after
 * `useUnitContact` (its contact is replaced once, when the unit's residents arrive).
 */
export function usePresetOwner(
  unit: UnitSummary | undefined,
  setUnit: (u: UnitSummary) => void,
  residents: ResidentRecord[],
  setName: (v: string) => void,
  setPhone: (v: string) => void,
): void {
  const { params } = useRouter();
  const preset = useCloud('community', 'unit', { unitId: params.unitId ?? '' }, { skip: !params.unitId });
  const chosen = useRef(false);
  const contact = useRef(false);
  useEffect(() => {
    if (preset.data && !unit && !chosen.current) {
      chosen.current = true;
      setUnit(preset.data);
    }
  }, [preset.data]);
  useEffect(() => {
    if (contact.current || !params.residentId || !unit || unit.id !== params.unitId) return;
    const r = residents.find((x) => x.id === params.residentId);
    if (r) {
      contact.current = true;
      setName(r.name);
      setPhone(r.phone);
    }
  });
}
