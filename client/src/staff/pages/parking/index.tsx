import { useEffect, useState } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import type { ParkingHistoryEntry, ParkingLadderView, ParkingSpaceRecord, UnitSummary } from '@shared/contracts/community.contract';
import { chineseDate, dayOf, formatTime, localDay } from '@shared/domain/calendar';
import { ASSIGNED_KINDS, LEASED_KINDS, PARKING_EVENT_LABELS, PARKING_SPACE_LABELS, parkingReminderDaysProblem, reminderDayLabel, type AssignedKind, type ParkingKind } from '@shared/domain/parking';
import { call } from '@/services/cloud';
import { confirm, toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { usePaged } from '@/hooks/use-paged';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { PagedList } from '@/components/paged-list';
import { Choices } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { StateView } from '@/components/state-view';
import { DaysLeftTag, EXPIRING_WITHIN_DAYS } from '@/components/parking-entry';
import { UnitFinder } from '../../components/unit-finder';
import '@/components/parking.scss';

type Filter = 'all' | ParkingKind | 'expiring';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'unassigned', label: PARKING_SPACE_LABELS.unassigned },
  { value: 'owned', label: PARKING_SPACE_LABELS.owned },
  { value: 'rented', label: PARKING_SPACE_LABELS.rented },
  { value: 'temporary', label: PARKING_SPACE_LABELS.temporary },
  { value: 'expiring', label: '即将到期' },
];
const KINDS = ASSIGNED_KINDS.map((k) => ({ value: k, label: PARKING_SPACE_LABELS[k] }));

/** [30, 15, 7, 1] → '到期前30、15、7、1天'; a 0 → '…及到期当天'. */
function ladderText(days: readonly number[]): string {
  const before = days.filter((d) => d > 0);
  const sameDay = days.includes(0) ? reminderDayLabel(0) : '';
  return before.length ? `到期前${before.join('、')}天${sameDay ? `及${sameDay}` : ''}` : sameDay;
}

/** The same day a year later (a typical renewal): the picker's first offer. */
function yearAfter(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return dayOf(y + 1, m, d);
}

function LeaseDate({ value, start, onChange, name }: { value: string; start: string; onChange: (day: string) => void; name: string }) {
  return (
    <Picker mode="date" value={value || start} start={start} onChange={(e) => onChange(String(e.detail.value))}>
      <View className={`input picker ${name} ${value ? '' : 'muted'}`}>{value ? chineseDate(value) : '选择日期'}</View>
    </Picker>
  );
}

/** 分配车位 / 变更: the unit (found by room or name; fixed when changing), how it is held, the lease end. */
function AssignForm({ space, onSaved, onCancel }: { space: ParkingSpaceRecord; onSaved: (s: ParkingSpaceRecord) => void; onCancel: () => void }) {
  const today = localDay(Date.now());
  const changing = Boolean(space.unitId);
  const [unit, setUnit] = useState<UnitSummary | undefined>();
  const [kind, setKind] = useState<AssignedKind>(space.kind === 'unassigned' ? 'rented' : (space.kind as AssignedKind));
  const [leaseEndsOn, setLeaseEndsOn] = useState(space.leaseEndsOn ?? '');
  const submit = useSubmit();
  const leased = LEASED_KINDS.includes(kind);

  const save = async () => {
    const found: Record<string, string> = {};
    const unitId = changing ? space.unitId : unit?.id;
    if (!unitId) found.unitId = '请先查找并选择房屋';
    if (kind === 'rented' && !leaseEndsOn) found.leaseEndsOn = '租用车位须填写租期到期日';
    if (leased && leaseEndsOn && leaseEndsOn < today) found.leaseEndsOn = '租期到期日不能早于今天';
    if (!unitId || Object.keys(found).length) return submit.fail(found);
    const saved = await submit.run(() => call('community', 'assignParkingSpace', { spaceId: space.id, unitId, kind, ...(leased && leaseEndsOn ? { leaseEndsOn } : {}) }));
    if (saved) onSaved(saved);
  };

  const errors = submit.fieldErrors;
  return (
    <View className="form parking-form parking-form--assign">
      <Text className="parking-form__title">{changing ? `变更车位 ${space.code}` : `分配车位 ${space.code}`}</Text>
      <Field label="房屋" name="unitId" required error={errors.unitId}>
        {changing ? <Text>{space.unitLabel}</Text> : <UnitFinder chosen={unit} onChoose={submit.edited('unitId', setUnit)} />}
      </Field>
      <Field label="类型" name="kind" required error={errors.kind}>
        <Choices name="parking-kind" options={KINDS} value={kind} onChange={submit.edited('kind', setKind)} />
      </Field>
      {leased ? (
        <Field label="租期到期日" name="leaseEndsOn" required={kind === 'rented'} error={errors.leaseEndsOn} hint={kind === 'temporary' ? '选填；不填为未定到期日（释放前一直有效）' : '到期前按提醒阶梯通知业主续租'}>
          <View className="parking-form__date">
            <LeaseDate value={leaseEndsOn} start={today} onChange={submit.edited('leaseEndsOn', setLeaseEndsOn)} name="parking-form__lease" />
            {kind === 'temporary' && leaseEndsOn ? (
              <Text className="link parking-form__lease-clear" onClick={() => submit.edited('leaseEndsOn', setLeaseEndsOn)('')}>
                清除
              </Text>
            ) : null}
          </View>
        </Field>
      ) : null}
      <FormError error={submit.error} shownFields={['unitId', 'kind', 'leaseEndsOn']} />
      <View className="form-buttons">
        <Button className="btn btn--ghost form-buttons__cancel" size="mini" disabled={submit.busy || undefined} onClick={onCancel}>
          取消
        </Button>
        <Button className="btn btn--primary form-buttons__save parking-form__save" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
          {changing ? '保存' : '分配'}
        </Button>
      </View>
    </View>
  );
}

/** 续租: the new lease end (a year after the current one, to start with). */
function RenewForm({ space, onSaved, onCancel }: { space: ParkingSpaceRecord; onSaved: (s: ParkingSpaceRecord) => void; onCancel: () => void }) {
  const today = localDay(Date.now());
  const base = space.leaseEndsOn && space.leaseEndsOn > today ? space.leaseEndsOn : today;
  const [leaseEndsOn, setLeaseEndsOn] = useState(yearAfter(base));
  const submit = useSubmit();
  const save = async () => {
    if (leaseEndsOn < today) return submit.fail({ leaseEndsOn: '租期到期日不能早于今天' });
    const saved = await submit.run(() => call('community', 'renewParkingLease', { spaceId: space.id, leaseEndsOn }));
    if (saved) onSaved(saved);
  };
  return (
    <View className="form parking-form parking-form--renew">
      <Text className="parking-form__title">续租车位 {space.code}</Text>
      <Field label="新的租期到期日" name="leaseEndsOn" required error={submit.fieldErrors.leaseEndsOn} hint={space.leaseEndsOn ? `原到期日 ${chineseDate(space.leaseEndsOn)}；到期提醒将按新日期重新开始` : '到期提醒将按新日期开始'}>
        <LeaseDate value={leaseEndsOn} start={today} onChange={submit.edited('leaseEndsOn', setLeaseEndsOn)} name="parking-form__renew-date" />
      </Field>
      <FormError error={submit.error} shownFields={['leaseEndsOn']} />
      <View className="form-buttons">
        <Button className="btn btn--ghost form-buttons__cancel" size="mini" disabled={submit.busy || undefined} onClick={onCancel}>
          取消
        </Button>
        <Button className="btn btn--primary form-buttons__save parking-form__renew-save" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
          续租
        </Button>
      </View>
    </View>
  );
}

/** 记录: who assigned, changed, renewed or released the space, and when. */
function SpaceHistory({ spaceId }: { spaceId: string }) {
  const detail = useCloud('community', 'parkingSpace', { spaceId });
  const history: ParkingHistoryEntry[] = [...(detail.data?.history ?? [])].reverse();
  return (
    <View className="parking-space__history">
      <StateView loading={detail.loading} error={detail.error} onRetry={detail.reload} empty={!!detail.data && history.length === 0} emptyText="暂无记录">
        {history.map((h, i) => (
          <View key={`${h.at}-${i}`} className="parking-space__history-row">
            <Text>
              {formatTime(h.at)} · {h.byName} · {PARKING_EVENT_LABELS[h.event] ?? h.event}
            </Text>
            {h.note ? <Text className="muted">{h.note}</Text> : null}
          </View>
        ))}
      </StateView>
    </View>
  );
}

type Mode = 'assign' | 'renew' | 'history' | null;

function SpaceCard({ space, canEdit, onChanged }: { space: ParkingSpaceRecord; canEdit: boolean; onChanged: (s: ParkingSpaceRecord, text: string) => void }) {
  const [mode, setMode] = useState<Mode>(null);
  const releasing = useSubmit();
  const leased = LEASED_KINDS.includes(space.kind);
  const free = space.kind === 'unassigned';

  const release = async () => {
    const ok = await confirm({
      title: '释放车位',
      content: `释放后车位 ${space.code} 变为空闲${space.unitLabel ? `，不再属于 ${space.unitLabel}` : ''}${space.plates.length ? `；车辆 ${space.plates.join('、')} 将解除该车位` : ''}。确定释放吗？`,
      confirmText: '释放',
      danger: true,
    });
    if (!ok) return;
    const next = await releasing.run(() => call('community', 'releaseParkingSpace', { spaceId: space.id }));
    if (next) onChanged(next, '已释放');
  };
  const done = (text: string) => (next: ParkingSpaceRecord) => {
    setMode(null);
    onChanged(next, text);
  };
  const toggle = (m: Mode) => setMode(mode === m ? null : m);

  return (
    <View className={`card parking-space parking-space--${space.kind}`}>
      <View className="parking-space__head">
        <Text className="parking-space__code">{space.code}</Text>
        <View className="parking-space__tags">
          <DaysLeftTag daysLeft={space.daysLeft} name="parking-space__days" />
          <Text className={`tag parking-space__kind ${free ? '' : 'tag--on'}`}>{PARKING_SPACE_LABELS[space.kind]}</Text>
        </View>
      </View>
      {space.unitLabel ? <Text className="parking-space__line parking-space__unit">{space.unitLabel}</Text> : null}
      {leased ? <Text className="parking-space__line parking-space__lease">{space.leaseEndsOn ? `租期至 ${chineseDate(space.leaseEndsOn)}` : '未定到期日'}</Text> : null}
      {!free ? <Text className="parking-space__meta">{space.plates.length ? `车辆：${space.plates.join('、')}` : '暂无登记车辆'}</Text> : null}
      {space.assignedByName && space.assignedAt ? (
        <Text className="parking-space__meta">
          {space.assignedByName} 于 {formatTime(space.assignedAt)} 办理
        </Text>
      ) : null}
      <FormError error={releasing.error} />
      {!mode || mode === 'history' ? (
        <View className="row-actions">
          <Text className="link parking-space__history-link" onClick={() => toggle('history')}>
            {mode === 'history' ? '收起记录' : '记录'}
          </Text>
          {canEdit && free ? (
            <Text className="link parking-space__assign" onClick={() => setMode('assign')}>
              分配
            </Text>
          ) : null}
          {canEdit && !free ? (
            <Text className="link parking-space__change" onClick={() => setMode('assign')}>
              变更
            </Text>
          ) : null}
          {canEdit && leased ? (
            <Text className="link parking-space__renew" onClick={() => setMode('renew')}>
              续租
            </Text>
          ) : null}
          {canEdit && !free ? (
            <Text className="danger parking-space__release" onClick={releasing.busy ? undefined : release}>
              释放
            </Text>
          ) : null}
        </View>
      ) : null}
      {mode === 'history' ? <SpaceHistory spaceId={space.id} /> : null}
      {mode === 'assign' ? <AssignForm space={space} onSaved={done(free ? '已分配' : '已保存')} onCancel={() => setMode(null)} /> : null}
      {mode === 'renew' ? <RenewForm space={space} onSaved={done('已续租')} onCancel={() => setMode(null)} /> : null}
    </View>
  );
}

/** 到期提醒: the community's reminder days; managers change them. */
function LadderCard({ canEdit }: { canEdit: boolean }) {
  const ladder = useCloud('community', 'parkingLadder');
  const [text, setText] = useState('');
  const [editing, setEditing] = useState(false);
  const submit = useSubmit();
  const data: ParkingLadderView | undefined = ladder.data;
  useEffect(() => {
    if (data) setText(data.days.join(','));
  }, [data]);

  const save = async () => {
    const parts = text.split(/[,，、\s]+/).filter(Boolean);
    const days = parts.map(Number);
    if (!parts.length || days.some((d) => !Number.isInteger(d))) return submit.fail({ days: '请填写整数天数，用逗号分隔，如 30,15,7,1' });
    const problem = parkingReminderDaysProblem(days);
    if (problem) return submit.fail({ days: problem });
    const saved = await submit.run(() => call('community', 'saveParkingLadder', { days }));
    if (!saved) return;
    ladder.set(saved);
    setEditing(false);
    toast('提醒设置已保存');
  };

  return (
    <View className="card parking-ladder">
      <View className="unit-row__main">
        <Text className="card__title">到期提醒</Text>
        {canEdit && !editing && data ? (
          <Text className="link parking-ladder__edit" onClick={() => setEditing(true)}>
            修改
          </Text>
        ) : null}
      </View>
      <StateView loading={ladder.loading && !data} error={ladder.error} onRetry={ladder.reload}>
        {data ? (
          <>
            <Text className="parking-ladder__days">{ladderText(data.days)}，通过微信提醒业主续租（每个租期每个阶段一条）</Text>
            <Text className="muted">到期次日仍未续租的，生成电话通知任务；业主收不到微信时改用公众号或电话通知。</Text>
            {data.updatedBy && data.updatedAt ? (
              <Text className="muted">
                {data.updatedBy} 于 {formatTime(data.updatedAt)} 修改
              </Text>
            ) : null}
          </>
        ) : null}
      </StateView>
      {editing ? (
        <View className="form parking-ladder__form">
          <Field label="到期前天数" name="days" error={submit.fieldErrors.days} hint={`默认 ${data?.defaultDays.join(',') ?? ''}；最多6次，从多到少`}>
            <Input className="input parking-ladder__input" value={text} maxlength={30} onInput={(e) => submit.edited('days', setText)(e.detail.value)} />
          </Field>
          <FormError error={submit.error} shownFields={['days']} />
          <View className="form-buttons">
            <Button className="btn btn--ghost form-buttons__cancel" size="mini" disabled={submit.busy || undefined} onClick={() => setEditing(false)}>
              取消
            </Button>
            <Button className="btn btn--primary form-buttons__save parking-ladder__save" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
              保存
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}

/**
 * 车位管理 (agents and managers; cashiers read): the community's spaces by filter (全部/空闲/已售/租用/
 * 临时/即将到期) and search (车位号、房号、车牌), each with its unit, lease end and days left; assign a
 * free space to a unit, change or renew a lease, release a space, see who did what.
 */
export default function ParkingPage() {
  const session = useSession({ required: true });
  const roles = session?.me.roles ?? [];
  const canEdit = roles.includes('agent') || roles.includes('manager');
  const [filter, setFilter] = useState<Filter>('all');
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const query = {
    ...(filter === 'expiring' ? { expiringWithinDays: EXPIRING_WITHIN_DAYS } : filter === 'all' ? {} : { kind: filter }),
    ...(q ? { q } : {}),
  };
  const list = usePaged((page) => call('community', 'parkingSpaces', { ...query, page, pageSize: 20 }), JSON.stringify(query));

  const changed = (next: ParkingSpaceRecord, text: string) => {
    list.update((items) => items.map((s) => (s.id === next.id ? next : s)));
    toast(text);
  };

  return (
    <View className="page parking">
      <PageHeader title="车位管理" subtitle="分配、释放、续租车位；租期到期前自动提醒业主" />
      <View className="units__search">
        <Input
          className="units__search-input parking__q"
          value={draft}
          maxlength={30}
          confirmType="search"
          placeholder="车位号、房号或车牌"
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={() => setQ(draft.trim())}
        />
        <Button className="btn units__search-btn parking__search" size="mini" onClick={() => setQ(draft.trim())}>
          查找
        </Button>
      </View>
      <View className="tabs parking-filters">
        <Choices name="parking-filter" options={FILTERS} value={filter} onChange={setFilter} />
      </View>
      {filter === 'expiring' ? <Text className="muted parking__expiring-hint">{EXPIRING_WITHIN_DAYS}天内到期及已过期未续租的车位，按到期日排列</Text> : null}
      <PagedList list={list} name="parking" emptyText={q ? `没有找到与“${q}”相关的车位` : '暂无车位'} render={(s) => <SpaceCard key={s.id} space={s} canEdit={canEdit} onChanged={changed} />} />
      <LadderCard canEdit={roles.includes('manager')} />
    </View>
  );
}
