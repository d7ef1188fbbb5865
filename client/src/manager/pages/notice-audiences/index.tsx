import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { NoticeAudienceView } from '@shared/contracts/notices.contract';
import type { BuildingSummary } from '@shared/contracts/community.contract';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';

const NAME_MAX = 20;
const FIELDS = ['audienceId', 'name', 'buildingIds', 'minFloor'] as const;

/** Add (no `audience`) or edit one saved audience. */
function AudienceForm({ audience, buildings, onSaved, onCancel }: { audience?: NoticeAudienceView; buildings: readonly BuildingSummary[]; onSaved: (a: NoticeAudienceView) => void; onCancel?: () => void }) {
  const submit = useSubmit();
  const [name, setName] = useState(audience?.name ?? '');
  const [buildingIds, setBuildingIds] = useState<string[]>(audience?.buildingIds ?? []);
  const [minFloor, setMinFloor] = useState(audience?.minFloor ? String(audience.minFloor) : '');
  const errors = submit.fieldErrors;
  const nameTaken = submit.error?.code === 'NOTICE.AUDIENCE_NAME_TAKEN' ? submit.error.message : undefined;
  const highest = buildings.filter((b) => buildingIds.length === 0 || buildingIds.includes(b.id)).reduce((max, b) => Math.max(max, b.floors), 0);

  const toggle = submit.edited('buildingIds', (id: string) => setBuildingIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id])));

  const save = async () => {
    const found: Record<string, string> = {};
    const n = name.trim();
    if (!n) found.name = '请填写名称';
    else if (n.length > NAME_MAX) found.name = `名称最多${NAME_MAX}字`;
    const floor = minFloor.trim() ? Number(minFloor) : undefined;
    if (floor !== undefined && (!Number.isInteger(floor) || floor < 1 || floor > 200)) found.minFloor = '最低楼层应为1到200的整数';
    if (Object.keys(found).length > 0) return submit.fail(found);
    const saved = await submit.run(() =>
      call('notices', 'saveAudience', {
        ...(audience ? { audienceId: audience.id } : {}),
        name: n,
        buildingIds,
        ...(floor !== undefined ? { minFloor: floor } : {}),
      }),
    );
    if (saved) onSaved(saved);
  };

  return (
    <View className={`card notice-audiences__form ${audience ? 'notice-audiences__form--edit' : 'notice-audiences__form--new'}`}>
      <Text className="card__title">{audience ? `修改：${audience.name}` : '添加常用对象'}</Text>
      <Field label="名称" name="audience-name" required error={errors.name ?? nameTaken} hint="如 高层住户、1-3栋">
        <Input className="input notice-audience__name" value={name} maxlength={NAME_MAX} placeholder="常用对象名称" onInput={(e) => submit.edited('name', setName)(e.detail.value)} />
      </Field>
      <Field label="楼栋" name="audience-buildings" error={errors.buildingIds} hint="不选则为全部楼栋">
        {buildings.length === 0 ? <Text className="muted">暂无楼栋资料</Text> : null}
        <Choices name="audience-buildings" options={buildings.map((b) => ({ value: b.id, label: b.name }))} value={buildingIds} onChange={toggle} />
      </Field>
      <Field label="最低楼层" name="audience-min-floor" error={errors.minFloor} hint={highest > 0 ? `选填，该楼层及以上的房屋（最高 ${highest} 层）` : '选填，该楼层及以上的房屋'}>
        <Input className="input notice-audience__min-floor" type="number" value={minFloor} maxlength={3} placeholder="不限" onInput={(e) => submit.edited('minFloor', setMinFloor)(e.detail.value)} />
      </Field>
      {nameTaken ? null : <FormError error={submit.error} shownFields={FIELDS} />}
      <View className="notice-audiences__buttons">
        <Button className="btn btn--primary notice-audience__save" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
          {audience ? '保存修改' : '添加'}
        </Button>
        {onCancel ? (
          <Button className="btn btn--ghost notice-audiences__cancel" onClick={onCancel}>
            取消
          </Button>
        ) : null}
      </View>
    </View>
  );
}

/**
 * 常用对象 (manager/pages/notice-audiences/index): saved groups of units (some buildings, from a
 * floor up) that notices can be sent to; managers add and edit them.
 */
export default function NoticeAudiencesPage() {
  const session = useSession({ required: true });
  const audiences = useCloud('notices', 'audiences');
  const overview = useCloud('community', 'overview');
  const [editing, setEditing] = useState<NoticeAudienceView>();
  // A new form after each save (the add form starts empty again).
  const [round, setRound] = useState(0);
  const isManager = !!session?.me.roles.includes('manager');
  const list = audiences.data ?? [];

  const saved = (a: NoticeAudienceView) => {
    toast(editing ? '已保存' : '已添加');
    audiences.set(list.some((x) => x.id === a.id) ? list.map((x) => (x.id === a.id ? a : x)) : [...list, a]);
    audiences.reload();
    setEditing(undefined);
    setRound((r) => r + 1);
  };

  return (
    <View className="page notice-audiences">
      <PageHeader title="常用对象" subtitle="常发通知的一组房屋，发布时在“发送对象”中直接选用" />
      <StateView
        loading={(audiences.loading && !audiences.data) || (overview.loading && !overview.data)}
        error={audiences.error ?? overview.error}
        onRetry={() => {
          audiences.reload();
          overview.reload();
        }}
      >
        <View className="card notice-audiences__list">
          <Text className="card__title">已有常用对象（{list.length}）</Text>
          {list.length === 0 ? <Text className="muted notice-audiences__empty">还没有常用对象</Text> : null}
          {list.map((a) => (
            <View key={a.id} className={`notice-audience ${editing?.id === a.id ? 'notice-audience--editing' : ''}`} data-id={a.id}>
              <View className="notice-audience__main">
                <Text className="notice-audience__label">{a.name}</Text>
                <Text className="muted notice-audience__desc">{a.description}</Text>
              </View>
              {isManager ? (
                <Text className="link notice-audience__edit" onClick={() => setEditing(a)}>
                  修改
                </Text>
              ) : null}
            </View>
          ))}
        </View>
        {isManager ? (
          <AudienceForm
            key={editing ? `edit-${editing.id}` : `new-${round}`}
            audience={editing}
            buildings={overview.data?.buildings ?? []}
            onSaved={saved}
            onCancel={editing ? () => setEditing(undefined) : undefined}
          />
        ) : (
          <Text className="muted notice-audiences__readonly">仅主管可以添加或修改常用对象。</Text>
        )}
      </StateView>
    </View>
  );
}
