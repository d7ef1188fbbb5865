import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { ComplaintDetail } from '@shared/contracts/complaints.contract';
import type { UnitSummary } from '@shared/contracts/community.contract';
import { ABOUT_UNIT_CATEGORIES } from '@shared/domain/renovation';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { FormError } from '@/components/form-field';
import { InfoRow } from '@/components/info-row';
import { UnitFinder } from './unit-finder';

/**
 * 被投诉房屋 on a complaint (agents, managers): the unit complained about — a neighbour's noise,
 * the corridor, rubbish — set, changed or cleared; that unit's renovation patrols show the
 * complaint. Shown for the categories a renovation causes, or when already set.
 */
export function ComplaintAboutUnit({ complaint, onChanged }: { complaint: ComplaintDetail; onChanged: (next: ComplaintDetail) => void }) {
  const [editing, setEditing] = useState(false);
  const [unit, setUnit] = useState<UnitSummary>();
  const save = useSubmit();
  if (!complaint.aboutUnit && !(ABOUT_UNIT_CATEGORIES as readonly string[]).includes(complaint.category)) return null;
  const put = async (aboutUnitId?: string) => {
    const next = await save.run(() => call('complaints', 'setAboutUnit', { complaintId: complaint.id, ...(aboutUnitId ? { aboutUnitId } : {}) }));
    if (!next) return;
    onChanged(next);
    setEditing(false);
    setUnit(undefined);
    toast(aboutUnitId ? '已关联被投诉房屋' : '已取消关联');
  };
  return (
    <InfoRow label="被投诉房屋" className="complaint-info complaint-info--about">
      {editing ? (
        <View className="complaint-about">
          <UnitFinder chosen={unit} onChoose={setUnit} />
          <View className="complaint-actions__buttons">
            <Button className="btn btn--primary complaint-about__save" size="mini" disabled={!unit || save.busy || undefined} loading={save.busy} onClick={() => unit && put(unit.id)}>
              关联
            </Button>
            <Button className="btn btn--ghost" size="mini" onClick={() => setEditing(false)}>
              取消
            </Button>
          </View>
          <FormError error={save.error} />
        </View>
      ) : (
        <View className="complaint-about">
          <Text className="complaint-about__label">{complaint.aboutUnit ? complaint.aboutUnit.label : '未关联'}</Text>
          <Text className="link complaint-about__edit" onClick={() => setEditing(true)}>
            {complaint.aboutUnit ? ' 更改' : ' 关联房屋'}
          </Text>
          {complaint.aboutUnit ? (
            <Text className="link complaint-about__clear" onClick={() => put()}>
              {' '}
              取消关联
            </Text>
          ) : null}
        </View>
      )}
    </InfoRow>
  );
}
