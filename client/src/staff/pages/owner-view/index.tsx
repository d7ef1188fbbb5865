import { useState } from 'react';
import { readableCategories } from '@shared/domain/archives';
import { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { OwnerView, OwnerViewPerson, TimelineEntry } from '@shared/contracts/desk-owner-view';
import { formatTime } from '@shared/domain/calendar';
import { COMPLAINT_STATUS_LABELS } from '@shared/domain/complaints';
import { INQUIRY_STATUS_LABELS, type InquiryStatus } from '@shared/domain/desk';
import { yuan } from '@shared/domain/fees';
import { RESIDENT_RELATION_LABELS } from '@shared/domain/household';
import { NOTICE_CATEGORY_LABELS } from '@shared/domain/notices';
import { OWNER_VIEW_SUBJECTS, TIMELINE_KIND_LABELS, TIMELINE_PAGE_SIZE, type OwnerViewSubject } from '@shared/domain/owner-lookup';
import { LEASED_KINDS } from '@shared/domain/parking';
import { INCIDENT_STATUS_LABELS } from '@shared/domain/sentiment-incidents';
import { UNIT_STATUS_LABELS } from '@shared/domain/units';
import { PARKING_KIND_LABELS } from '@shared/domain/vehicles';
import { routes } from '@shared/routes';
import { useCloud } from '@/hooks/use-cloud';
import { useSession } from '@/hooks/use-session';
import { call, toCloudError } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { dial, toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { RepairRow } from '@/components/repair-row';
import '@/components/owner-view.scss';

const DESK_ROLES = ['agent', 'manager'] as const;

/** Revealed numbers of this page (resident id → full phone): shown after the audited 显示号码. */
function useReveal() {
  const [shown, setShown] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState('');
  const reveal = async (residentId: string): Promise<string | undefined> => {
    if (shown[residentId]) return shown[residentId];
    setBusy(residentId);
    try {
      const res = await call('desk', 'revealPhone', { residentId });
      setShown((s) => ({ ...s, [residentId]: res.phone }));
      return res.phone;
    } catch (e) {
      toast(toCloudError(e).message);
      return undefined;
    } finally {
      setBusy('');
    }
  };
  return { shown, busy, reveal };
}

function Person({ p, canReveal, reveal }: { p: OwnerViewPerson; canReveal: boolean; reveal: ReturnType<typeof useReveal> }) {
  const full = reveal.shown[p.residentId];
  return (
    <View className={`owner-view__person ${p.isSubject ? 'owner-view__person--subject' : ''}`} data-id={p.residentId}>
      <View className="unit-row__main">
        <Text className="owner-view__person-name">
          {p.name}
          <Text className="muted">（{RESIDENT_RELATION_LABELS[p.relation]}）</Text>
        </Text>
        {p.boundToApp ? <Text className="tag tag--on">已绑定微信</Text> : <Text className="tag">未绑定</Text>}
      </View>
      <View className="unit-row__main">
        <Text className="unit-row__meta owner-view__phone">{full ?? (p.phone || '未登记电话')}</Text>
        {canReveal && p.hasPhone ? (
          full ? (
            <Text className="link owner-view__dial" onClick={() => dial(full)}>
              拨打
            </Text>
          ) : (
            <Text className="link owner-view__reveal" onClick={() => void reveal.reveal(p.residentId)}>
              {reveal.busy === p.residentId ? '…' : '显示号码'}
            </Text>
          )
        ) : null}
      </View>
    </View>
  );
}

function Timeline({ entries, capped }: { entries: TimelineEntry[]; capped: boolean }) {
  const [shown, setShown] = useState(TIMELINE_PAGE_SIZE);
  const open = (e: TimelineEntry) => {
    if (e.ref?.kind === 'repair') openPage(routes.staff.repair, { id: e.ref.id });
    else if (e.ref?.kind === 'complaint') openPage(routes.staff.complaint, { id: e.ref.id });
    else if (e.ref?.kind === 'inquiry') openPage(routes.staff.inquiry, { id: e.ref.id });
  };
  return (
    <View className="card owner-view__timeline">
      <Text className="card__title">往来记录（{entries.length}）</Text>
      {entries.length === 0 ? <Text className="muted">暂无来电、来访、消息或办理记录</Text> : null}
      {entries.slice(0, shown).map((e, k) => (
        <View key={`${e.at}-${k}`} className={`owner-view__event owner-view__event--${e.kind}`} onClick={() => open(e)}>
          <View className="owner-view__event-head">
            <Text className={`tag owner-view__kind owner-view__kind--${e.kind}`}>{TIMELINE_KIND_LABELS[e.kind]}</Text>
            <Text className="owner-view__event-time">{formatTime(e.at)}</Text>
          </View>
          <Text className="owner-view__event-title">{e.title}</Text>
          {e.detail ? <Text className="owner-view__event-detail">{e.detail}</Text> : null}
          {e.byName ? <Text className="muted">经办：{e.byName}</Text> : null}
        </View>
      ))}
      {shown < entries.length ? (
        <Text className="link owner-view__more" onClick={() => setShown((n) => n + TIMELINE_PAGE_SIZE)}>
          查看更多 ›
        </Text>
      ) : capped ? (
        <Text className="muted owner-view__capped">仅显示最近 {entries.length} 条</Text>
      ) : null}
    </View>
  );
}

function Actions({ view, roles }: { view: OwnerView; roles: readonly string[] }) {
  const unit = view.units[0];
  const desk = roles.some((r) => (DESK_ROLES as readonly string[]).includes(r));
  const residentId = view.subject?.residentId;
  const ownerId = view.subject?.userId;
  const base = { ...(unit ? { unitId: unit.id } : {}) };
  return (
    <View className="card owner-view__actions-card">
      <Text className="card__title">为该业主办理</Text>
      <View className="owner-view__actions">
        {desk ? (
          <>
            <Button className="btn btn--primary owner-view__repair" size="mini" onClick={() => openPage(routes.staff.repairNew, { ...base, ...(residentId ? { residentId } : {}) })}>
              代报修
            </Button>
            <Button className="btn owner-view__complaint" size="mini" onClick={() => openPage(routes.staff.complaintNew, { ...base, ...(residentId ? { residentId } : {}) })}>
              代投诉
            </Button>
            <Button className="btn owner-view__inquiry" size="mini" onClick={() => openPage(routes.staff.inquiryNew, { ...base, ...(ownerId ? { ownerId } : {}) })}>
              记录咨询
            </Button>
          </>
        ) : null}
        <Button className="btn owner-view__contact" size="mini" onClick={() => openPage(routes.staff.contactNew, { ...base, ...(ownerId ? { ownerId } : {}) })}>
          登记来电/来访
        </Button>
        {view.units.map((u) => (
          <Button key={u.id} className="btn owner-view__account" size="mini" onClick={() => openPage(routes.staff.account, { unitId: u.id })}>
            {view.units.length > 1 ? `账户 ${u.label}` : '账户/收费'}
          </Button>
        ))}
        {/* 业主档案 (archives.md "Documents"): the unit's archived papers, move-in and renovation records. */}
        {readableCategories(roles).includes('owner')
          ? view.units.map((u) => (
              <Button key={`archive-${u.id}`} className="btn owner-view__archive" size="mini" onClick={() => openPage(routes.staff.unitArchive, { unitId: u.id })}>
                {view.units.length > 1 ? `业主档案 ${u.label}` : '业主档案'}
              </Button>
            ))
          : null}
      </View>
    </View>
  );
}

/**
 * 一户一档 (staff/pages/owner-view/index?kind=unit|user|resident&id=…): one owner on one screen — the
 * units and household, open and recent repairs, complaints, inquiries, bills and arrears, notices not
 * read, owner-group incidents, and every contact in one timeline. Phones masked; 显示号码 is audited.
 */
export default function OwnerViewPage() {
  const session = useSession({ required: true });
  const { params } = useRouter();
  const kind = (OWNER_VIEW_SUBJECTS as readonly string[]).includes(params.kind ?? '') ? (params.kind as OwnerViewSubject) : undefined;
  const id = params.id ?? '';
  const input = kind === 'unit' ? { unitId: id } : kind === 'user' ? { userId: id } : { residentId: id };
  const view = useCloud('desk', 'ownerView', input, { skip: !kind || !id });
  const reveal = useReveal();
  const v = view.data;
  const roles = session?.me.roles ?? [];
  const subjectId = v?.subject?.residentId;

  const callOwner = async () => {
    if (!subjectId) return;
    const phone = await reveal.reveal(subjectId);
    if (phone) dial(phone);
  };

  return (
    <View className="page owner-view">
      <PageHeader title={v?.subject?.name ? `${v.subject.name} · 一户一档` : '一户一档'} subtitle={v ? v.units.map((u) => u.label).join('、') || '未关联房屋' : undefined} />
      {!kind || !id ? <Text className="muted">缺少业主或房屋，请从“查询业主”进入。</Text> : null}
      <StateView loading={view.loading} error={view.error} onRetry={view.reload}>
        {v ? (
          <>
            <View className="card owner-view__subject">
              <View className="unit-row__main">
                <Text className="card__title owner-view__name">{v.subject?.name ?? '暂无住户登记'}</Text>
                {v.subject ? v.subject.boundToApp ? <Text className="tag tag--on">已绑定微信</Text> : <Text className="tag">未绑定</Text> : null}
              </View>
              {v.subject ? (
                <View className="unit-row__main">
                  <Text className="owner-view__subject-phone">{(subjectId && reveal.shown[subjectId]) || v.subject.phone || '未登记电话'}</Text>
                  {v.canRevealPhone && subjectId && v.subject.phone ? (
                    <Button className="btn btn--primary owner-view__call" size="mini" onClick={() => void callOwner()}>
                      拨打电话
                    </Button>
                  ) : null}
                </View>
              ) : null}
              <Text className="muted owner-view__audit-note">号码默认隐藏；显示或拨打会记录查阅人和时间。</Text>
            </View>

            <Actions view={v} roles={roles} />

            {v.units.map((u) => (
              <View key={u.id} className="card owner-view__unit" data-id={u.id}>
                <View className="unit-row__main">
                  <Text className="card__title owner-view__unit-label" onClick={() => openPage(routes.staff.unit, { unitId: u.id })}>
                    {u.label}
                  </Text>
                  <Text className={`tag tag--${u.status}`}>{UNIT_STATUS_LABELS[u.status]}</Text>
                </View>
                <Text className="muted">
                  {u.buildingName} · {u.areaM2} m²
                </Text>
                <Text className="owner-view__section">住户（{u.household.length}）</Text>
                {u.household.map((p) => (
                  <Person key={p.residentId} p={p} canReveal={v.canRevealPhone} reveal={reveal} />
                ))}
                {u.vehicles.length ? (
                  <>
                    <Text className="owner-view__section">车辆</Text>
                    {u.vehicles.map((c) => (
                      <Text key={c.id} className="owner-view__line">
                        {c.plate}
                        {c.parkingSpace ? ` · 车位 ${c.parkingSpace}` : ''}
                      </Text>
                    ))}
                  </>
                ) : null}
                {u.parkingSpaces.length ? (
                  <>
                    <Text className="owner-view__section">车位</Text>
                    {u.parkingSpaces.map((s) => (
                      <Text key={s.id} className="owner-view__line">
                        {s.code} · {PARKING_KIND_LABELS[s.kind]}
                        {LEASED_KINDS.includes(s.kind) && s.leaseEndsOn ? ` · 至${s.leaseEndsOn}` : ''}
                      </Text>
                    ))}
                  </>
                ) : null}
                <Text className="owner-view__section">账单与欠费</Text>
                <View className="unit-row__main owner-view__owed" onClick={() => openPage(routes.staff.account, { unitId: u.id })}>
                  <Text className={u.owedFen > 0 ? 'danger owner-view__owed-amount' : 'owner-view__owed-amount'}>{u.owedFen > 0 ? `欠费 ¥${yuan(u.owedFen)}` : '无欠费'}</Text>
                  <Text className="link">账户 ›</Text>
                </View>
                {u.creditFen > 0 ? <Text className="muted">预存 ¥{yuan(u.creditFen)}</Text> : null}
                {u.openBills.map((b) => (
                  <Text key={b.id} className="owner-view__line owner-view__bill">
                    {b.itemName} {b.periodLabel} · 待缴 ¥{yuan(b.dueFen)}
                    {b.daysOverdue > 0 ? `（逾期${b.daysOverdue}天）` : ''}
                  </Text>
                ))}
              </View>
            ))}

            <View className="card owner-view__repairs">
              <Text className="card__title">报修（进行中 {v.repairs.open.length}）</Text>
              {v.repairs.open.length + v.repairs.recent.length === 0 ? <Text className="muted">暂无报修</Text> : null}
              {[...v.repairs.open, ...v.repairs.recent].map((r) => (
                <RepairRow key={r.id} order={r} className="owner-view__repair-row" showAssignee onClick={() => openPage(routes.staff.repair, { id: r.id })} />
              ))}
            </View>

            <View className="card owner-view__complaints">
              <Text className="card__title">投诉（进行中 {v.complaints.open.length}）</Text>
              {v.complaints.open.length + v.complaints.recent.length === 0 ? <Text className="muted">暂无投诉</Text> : null}
              {[...v.complaints.open, ...v.complaints.recent].map((c) => (
                <View key={c.id} className="unit-row unit-row--link owner-view__complaint-row" onClick={() => openPage(routes.staff.complaint, { id: c.id })}>
                  <View className="unit-row__main">
                    <Text className="muted">{c.caseNo}</Text>
                    <Text className="tag">{COMPLAINT_STATUS_LABELS[c.status]}</Text>
                  </View>
                  <Text className="owner-view__line">{c.description}</Text>
                  <Text className="muted">{formatTime(c.createdAt)}</Text>
                </View>
              ))}
            </View>

            <View className="card owner-view__inquiries">
              <Text className="card__title">咨询（{v.inquiries.length}）</Text>
              {v.inquiries.length === 0 ? <Text className="muted">暂无咨询</Text> : null}
              {v.inquiries.map((i) => (
                <View key={i.id} className="unit-row unit-row--link owner-view__inquiry-row" onClick={() => openPage(routes.staff.inquiry, { id: i.id })}>
                  <View className="unit-row__main">
                    <Text className="owner-view__inquiry-topic">{i.topic}</Text>
                    <Text className="tag">{INQUIRY_STATUS_LABELS[i.status as InquiryStatus] ?? i.status}</Text>
                  </View>
                  <Text className="owner-view__line">{i.text}</Text>
                  <Text className="muted">{formatTime(i.createdAt)}</Text>
                </View>
              ))}
            </View>

            {v.unreadNotices.length ? (
              <View className="card owner-view__notices">
                <Text className="card__title">未读通知（{v.unreadNotices.length}）</Text>
                {v.unreadNotices.map((n) => (
                  <View key={n.id} className="unit-row owner-view__notice-row">
                    <View className="unit-row__main">
                      <Text className="owner-view__line">{n.title}</Text>
                      <Text className={`tag tag--${n.category}`}>{NOTICE_CATEGORY_LABELS[n.category]}</Text>
                    </View>
                    <Text className="muted">
                      {formatTime(n.publishAt)} · 未读：{n.unitLabels.join('、')}
                    </Text>
                  </View>
                ))}
              </View>
            ) : null}

            {v.incidents.length ? (
              <View className="card owner-view__incidents">
                <Text className="card__title">业主群舆情（{v.incidents.length}）</Text>
                {v.incidents.map((i) => (
                  <View key={i.id} className="unit-row unit-row--link owner-view__incident-row" onClick={() => openPage(routes.staff.incident, { id: i.id })}>
                    <View className="unit-row__main">
                      <Text className="owner-view__line">{i.groupName}</Text>
                      <Text className="tag">{INCIDENT_STATUS_LABELS[i.status]}</Text>
                    </View>
                    <Text className="muted">{i.preview || '—'}</Text>
                  </View>
                ))}
              </View>
            ) : null}

            <Timeline entries={v.timeline} capped={v.timelineCapped} />
          </>
        ) : null}
      </StateView>
    </View>
  );
}
