import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import type { RenovationView } from '@shared/contracts/renovation.contract';
import type { ComplaintAboutUnit, PatrolSummary, ViolationView } from '@shared/contracts/renovation-patrols.contract';
import { chineseDate, formatTime } from '@shared/domain/calendar';
import { COMPLAINT_CATEGORY_LABELS, COMPLAINT_STATUS_LABELS } from '@shared/domain/complaints';
import { PATROL_KIND_LABELS, PATROL_OUTCOME_LABELS, RENOVATION_STATUS_LABELS, VIOLATION_SEVERITY_LABELS } from '@shared/domain/renovation';
import { routes } from '@shared/routes';
import { useCloud } from '../hooks/use-cloud';
import { useReloadOnReturn } from './reload-on-return';
import { useSession } from '../hooks/use-session';
import { useSubmit } from '../hooks/use-submit';
import { call } from '../services/cloud';
import { saveFile } from '../services/files';
import { openPage } from '../services/navigation';
import { toast } from '../services/ui';
import { FormError } from './form-field';
import { StateView } from './state-view';
import './renovation-patrols.scss';

export interface RenovationPatrolsProps {
  renovation: RenovationView;
  /** Who looks: the owner (owner pages) or staff (agent/manager pages; roles from the session). */
  viewer: 'owner' | 'staff';
  /** Call after a change so the page reloads the renovation. */
  onChanged: () => void;
}

/** One patrol task in a list: unit, kind, due day (overdue in red), the outcome once recorded. */
export function PatrolRow({ patrol: p, onOpen, plain }: { patrol: PatrolSummary; onOpen: (id: string) => void; plain?: boolean }) {
  return (
    <View className={`${plain ? '' : 'card card--link '}patrol-row ${p.overdue ? 'patrol-row--overdue' : ''}`} data-id={p.id} onClick={() => onOpen(p.id)}>
      <View className="patrol-row__head">
        <Text className="patrol-row__unit">{p.unitLabel}</Text>
        {p.status === 'done' && p.outcome ? (
          <Text className={`patrol-tag patrol-tag--${p.outcome}`}>{PATROL_OUTCOME_LABELS[p.outcome]}</Text>
        ) : (
          <Text className={`patrol-tag patrol-tag--${p.kind}`}>{PATROL_KIND_LABELS[p.kind]}</Text>
        )}
      </View>
      <Text className="muted patrol-row__meta">
        {p.status === 'done'
          ? `${PATROL_KIND_LABELS[p.kind]} · ${p.byName ?? ''}${p.doneAt ? ` · ${formatTime(p.doneAt)}` : ''}${p.noticeNo ? ` · 整改通知 ${p.noticeNo}` : ''}`
          : `${p.overdue ? '已逾期 · ' : ''}应于 ${chineseDate(p.dueOn)} ${PATROL_KIND_LABELS[p.kind]} · ${RENOVATION_STATUS_LABELS[p.renovationStatus]}`}
      </Text>
      <Text className="muted">装修编号 {p.renovationNo}</Text>
    </View>
  );
}

/** A violation's state in words: open (overdue), rectified, or replaced by a newer notice. */
function violationState(v: ViolationView): { text: string; tag: string } {
  if (v.rectified) return { text: '已整改', tag: 'rectified' };
  if (!v.open) return { text: v.supersededByNo ? `未整改，已重新通知` : '已关闭', tag: 'closed' };
  return { text: v.overdue ? '逾期未整改' : '待整改', tag: 'open-violation' };
}

/** A 整改通知: items, deadline, state; the printable 整改通知单. */
export function ViolationCard({ violation: v }: { violation: ViolationView }) {
  const printing = useSubmit();
  const state = violationState(v);
  const print = async () => {
    const file = await printing.run(() => call('renovation', 'rectifyPdf', { patrolId: v.patrolId }));
    if (file) await printing.run(() => saveFile({ fileName: file.fileName, contentBase64: file.contentBase64 }));
  };
  return (
    <View className={`violation ${v.overdue ? 'violation--overdue' : ''}`} data-id={v.patrolId}>
      <View className="violation__head">
        <Text className="violation__no">整改通知 {v.noticeNo}</Text>
        <Text className={`patrol-tag patrol-tag--${state.tag}`}>{state.text}</Text>
      </View>
      <Text className="muted">
        {VIOLATION_SEVERITY_LABELS[v.severity]} · {chineseDate(v.foundOn)}巡查发现 · {v.byName}
      </Text>
      {v.items.map((i) => (
        <Text key={i.key} className="violation__item">
          · {i.label}
          {i.note ? `：${i.note}` : ''}
        </Text>
      ))}
      <Text className="violation__deadline">
        {v.rectified ? `已于 ${v.rectifiedAt ? formatTime(v.rectifiedAt) : ''} 复查通过` : v.open ? `请于 ${chineseDate(v.deadline)} 前整改完毕${v.overdue ? '（已逾期）' : ''}` : v.supersededByNo ? `复查未整改，见整改通知 ${v.supersededByNo}` : ''}
      </Text>
      <View className="violation__actions">
        <Button className="btn btn--ghost violation__pdf" size="mini" loading={printing.busy} disabled={printing.busy || undefined} onClick={print}>
          整改通知单（PDF）
        </Button>
      </View>
      <FormError error={printing.error} />
    </View>
  );
}

/** Neighbours' complaints about the unit (staff only). */
export function ComplaintsAbout({ complaints, onOpen }: { complaints: ComplaintAboutUnit[]; onOpen?: (id: string) => void }) {
  if (!complaints.length) return <Text className="muted">暂无邻居对该户的投诉</Text>;
  return (
    <View className="patrol-complaints">
      {complaints.map((c) => (
        <View key={c.id} className="patrol-complaint" data-id={c.id} onClick={onOpen ? () => onOpen(c.id) : undefined}>
          <Text>
            {COMPLAINT_CATEGORY_LABELS[c.category]} · {COMPLAINT_STATUS_LABELS[c.status]} · {formatTime(c.createdAt)}
          </Text>
          <Text className="muted">{c.description}</Text>
        </View>
      ))}
    </View>
  );
}

/**
 * The renovation detail pages' "patrols & violations" section. Staff: next patrol, the patrol
 * tasks (a patrol can be started now), the 整改通知 with their deadlines and PDFs, neighbours'
 * complaints about the unit, and for the manager 停工整改 / 复工 (proposed after a serious or a
 * third violation). Owner: the 整改通知 and their deadlines, and a suspension's reason.
 */
export function RenovationPatrols({ renovation, viewer, onChanged }: RenovationPatrolsProps) {
  const session = useSession();
  const onSite = ['in_progress', 'suspended', 'acceptance', 'accepted', 'closed'].includes(renovation.status);
  const section = useCloud('renovation', 'patrolSection', { renovationId: renovation.id }, { skip: !onSite });
  // Back from a patrol recorded on its own page: the section shows it.
  useReloadOnReturn(() => onSite && section.reload());
  const acting = useSubmit();
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState<'suspend' | 'resume' | null>(null);
  if (!onSite) return null;
  const s = section.data;
  const isManager = viewer === 'staff' && !!session?.me.roles.includes('manager');

  const start = async () => {
    const task = await acting.run(() => call('renovation', 'startPatrol', { renovationId: renovation.id }));
    if (task) openPage(routes.staff.renovationPatrol, { id: task.id });
  };
  const decide = async () => {
    if (asking === 'suspend' && reason.trim().length < 2) return acting.fail({ reason: '请填写停工原因' });
    const next = await acting.run(() =>
      asking === 'suspend'
        ? call('renovation', 'suspend', { renovationId: renovation.id, reason: reason.trim() })
        : call('renovation', 'resume', { renovationId: renovation.id, ...(reason.trim() ? { note: reason.trim() } : {}) }),
    );
    if (!next) return;
    section.set(next);
    toast(asking === 'suspend' ? '已责令停工整改，出入证暂停使用' : '已准予复工');
    setAsking(null);
    setReason('');
    onChanged();
  };

  return (
    <View className="card renovation-patrols">
      <Text className="card__title">{viewer === 'owner' ? '巡查与整改' : '装修巡查'}</Text>
      <StateView loading={section.loading && !s} error={section.error} onRetry={section.reload}>
        {s ? (
          <>
            {s.suspension ? (
              <View className="patrol-banner patrol-banner--danger renovation-patrols__suspended">
                <Text>
                  停工整改：{s.suspension.reason}（{s.suspension.byName}，{formatTime(s.suspension.at)}）。停工期间装修出入证暂停使用，整改复查通过后方可复工。
                </Text>
              </View>
            ) : null}
            {viewer === 'staff' && s.suspendProposal && !s.suspension ? (
              <View className="patrol-banner renovation-patrols__proposal">
                <Text>{s.suspendProposal.reason}</Text>
              </View>
            ) : null}
            {viewer === 'staff' ? (
              <Text className="muted renovation-patrols__next">
                {s.nextPatrolOn ? `下次例行巡查：${chineseDate(s.nextPatrolOn)}` : '开工后由系统按巡查频次生成巡查任务'} · 未整改违规 {s.openViolations} 项
              </Text>
            ) : null}

            <Text className="card__subtitle">整改通知</Text>
            {s.violations.length ? s.violations.map((v) => <ViolationCard key={v.patrolId} violation={v} />) : <Text className="muted renovation-patrols__none">{viewer === 'owner' ? '暂无违规整改通知，请继续文明施工' : '暂无违规'}</Text>}

            {viewer === 'staff' ? (
              <>
                <Text className="card__subtitle">巡查记录</Text>
                {s.patrols.length ? s.patrols.map((p) => <PatrolRow key={p.id} plain patrol={p} onOpen={(id) => openPage(routes.staff.renovationPatrol, { id })} />) : <Text className="muted">暂无巡查记录</Text>}
                <Text className="card__subtitle">邻居投诉</Text>
                <ComplaintsAbout complaints={s.complaints} onOpen={(id) => openPage(routes.staff.complaint, { id })} />
              </>
            ) : null}

            {asking ? (
              <View className="renovation-patrols__ask">
                <Textarea
                  className="textarea renovation-patrols__reason"
                  value={reason}
                  maxlength={200}
                  placeholder={asking === 'suspend' ? '停工原因，如：拆改承重墙，须恢复原状并经复查' : '复工说明（选填）'}
                  onInput={(e) => acting.edited('reason', setReason)(e.detail.value)}
                />
                {acting.fieldErrors.reason ? <Text className="field__error">{acting.fieldErrors.reason}</Text> : null}
                <View className="violation__actions">
                  <Button className={`btn ${asking === 'suspend' ? 'btn--danger' : 'btn--primary'} renovation-patrols__confirm`} size="mini" loading={acting.busy} disabled={acting.busy || undefined} onClick={decide}>
                    {asking === 'suspend' ? '确认停工整改' : '确认复工'}
                  </Button>
                  <Button className="btn btn--ghost" size="mini" onClick={() => setAsking(null)}>
                    取消
                  </Button>
                </View>
              </View>
            ) : (
              <View className="violation__actions">
                {s.can.patrol ? (
                  <Button className="btn btn--ghost renovation-patrols__start" size="mini" loading={acting.busy} disabled={acting.busy || undefined} onClick={start}>
                    现在巡查
                  </Button>
                ) : null}
                {isManager && s.can.suspend ? (
                  <Button className="btn btn--danger renovation-patrols__suspend" size="mini" onClick={() => setAsking('suspend')}>
                    停工整改
                  </Button>
                ) : null}
                {isManager && s.status === 'suspended' ? (
                  <Button className="btn btn--primary renovation-patrols__resume" size="mini" disabled={!s.can.resume || undefined} onClick={() => setAsking('resume')}>
                    {s.can.resume ? '准予复工' : '复查通过后可复工'}
                  </Button>
                ) : null}
              </View>
            )}
            <FormError error={acting.error} shownFields={['reason']} />
          </>
        ) : null}
      </StateView>
    </View>
  );
}
