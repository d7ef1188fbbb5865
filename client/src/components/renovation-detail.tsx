import { Button, Image, Text, View } from '@tarojs/components';
import type { RenovationView } from '@shared/contracts/renovation.contract';
import { formatTime } from '@shared/domain/calendar';
import { yuan } from '@shared/domain/fees';
import {
  EDITABLE_RENOVATION_STATUSES,
  missingSignatures,
  missingSignatureText,
  RENOVATION_EVENT_LABELS,
  RENOVATION_FEE_KIND_LABELS,
  RENOVATION_PAPER_LABELS,
  RENOVATION_SIGNER_LABELS,
  RENOVATION_WORK_LABELS,
} from '@shared/domain/renovation';
import type { Submit } from '../hooks/use-submit';
import { photoSrc, previewPhotos } from '../services/photos';
import { FormError } from './form-field';
import { InfoRow } from './info-row';
import { RenovationStatusTag } from './renovation-row';
import './renovation.scss';

const eventLabel = (e: string) => (RENOVATION_EVENT_LABELS as Record<string, string>)[e] ?? e;

function Thumbs({ urls, name }: { urls: string[]; name: string }) {
  if (!urls.length) return null;
  return (
    <View className={`renovation-thumbs renovation-thumbs--${name}`}>
      {urls.map((u) => (
        <Image key={u} className="renovation-thumbs__img" src={photoSrc(u)} mode="aspectFill" onClick={() => previewPhotos(urls, u)} />
      ))}
    </View>
  );
}

/**
 * The application part of a renovation's detail (owner and staff pages): status, unit and owner,
 * scope and works, the forbidden works named with their rule and reason, contractor and workers (ID
 * numbers masked), planned dates, drawings, signatures, bills (paid or not) and the history.
 */
export function RenovationDetail({ renovation: r, viewer }: { renovation: RenovationView; viewer: 'owner' | 'staff' }) {
  const missing = missingSignatures(r.signatures);
  return (
    <>
      <View className="card renovation-detail">
        <View className="renovation-row__main">
          <Text className="renovation-row__unit">{r.unitLabel}</Text>
          <RenovationStatusTag status={r.status} />
        </View>
        <Text className="muted renovation-row__meta">
          {r.no}
          {r.submittedAt ? ` · ${formatTime(r.submittedAt)} 提交` : ''}
        </Text>
        {r.status === 'returned' && r.returnReason ? <Text className="renovation-rule renovation-detail__returned">退回原因：{r.returnReason}</Text> : null}
        <InfoRow label="业主" className="renovation-detail__owner">
          <Text>
            {r.ownerName}
            {viewer === 'staff' && r.ownerPhone ? ` · ${r.ownerPhone}` : ''}
            {r.byStaff ? '（物业代为申请）' : ''}
          </Text>
        </InfoRow>
        <InfoRow label="工期">
          <Text className="renovation-detail__dates">
            {r.plannedStart} 至 {r.plannedEnd}
          </Text>
        </InfoRow>
        <InfoRow label="装修房间">
          <Text>{r.rooms.length ? r.rooms.join('、') : '—'}</Text>
        </InfoRow>
        <InfoRow label="装修项目" className="renovation-detail__works">
          <Text>{r.works.map((w) => RENOVATION_WORK_LABELS[w]).join('、')}</Text>
        </InfoRow>
        {r.description ? (
          <InfoRow label="装修说明">
            <Text>{r.description}</Text>
          </InfoRow>
        ) : null}
        {r.forbidden.map((f) => (
          <View key={f.key} className={`renovation-detail__forbidden renovation-detail__forbidden--${f.key}`}>
            <Text className="renovation-rule">
              涉及：{f.label}
              {f.approved === true ? '（已批准）' : f.approved === false ? '（未批准）' : ''}。{f.rule}
            </Text>
            {f.reason ? <Text className="muted">申请理由：{f.reason}</Text> : null}
          </View>
        ))}
        <Thumbs urls={r.drawingUrls} name="drawings" />
      </View>

      <View className="card renovation-detail__contractor">
        <Text className="card__title">施工单位</Text>
        {r.contractor.company ? (
          <>
            <Text className="renovation-detail__company">{r.contractor.company}</Text>
            <Text className="muted renovation-row__meta">
              {r.contractor.licence ? `证照 ${r.contractor.licence} · ` : ''}负责人 {r.contractor.foreman || '—'} {r.contractor.phone}
            </Text>
          </>
        ) : (
          <Text className="muted">尚未填写</Text>
        )}
        <Text className="card__title renovation-section">施工人员（{r.workers.length}人）</Text>
        {r.workers.map((w) => (
          <View key={w.id} className="renovation-worker renovation-detail__worker">
            <View className="renovation-worker__head">
              <Text>
                {w.name} · {w.idNumber}
              </Text>
              {w.photoUrl ? <Image className="renovation-thumbs__img" src={photoSrc(w.photoUrl)} mode="aspectFill" onClick={() => previewPhotos([w.photoUrl!], w.photoUrl!)} /> : null}
            </View>
            {w.phone ? <Text className="muted">{w.phone}</Text> : null}
          </View>
        ))}
      </View>

      <View className="card renovation-detail__signatures">
        <Text className="card__title">文书签署</Text>
        {(['pledge', 'agreement'] as const).map((paper) => (
          <View key={paper} className={`renovation-detail__paper renovation-detail__paper--${paper}`}>
            <Text>《{RENOVATION_PAPER_LABELS[paper]}》</Text>
            {(['owner', 'contractor'] as const).map((signer) => {
              const s = r.signatures.find((x) => x.paper === paper && x.signer === signer);
              return (
                <View key={signer} className="renovation-row__main">
                  <Text className="muted">{RENOVATION_SIGNER_LABELS[signer]}</Text>
                  {s ? (
                    <View>
                      <Text className="renovation-sign__done">
                        {s.name} 已签 {formatTime(s.at)}
                      </Text>
                      {s.url ? <Image className="renovation-sign__image" src={photoSrc(s.url)} mode="aspectFit" /> : null}
                    </View>
                  ) : (
                    <Text className="danger">未签署</Text>
                  )}
                </View>
              );
            })}
          </View>
        ))}
        {missing.length && EDITABLE_RENOVATION_STATUSES.includes(r.status) ? <Text className="muted">提交前还需：{missingSignatureText(missing)}</Text> : null}
      </View>

      {r.bills.length ? (
        <View className="card renovation-detail__bills">
          <Text className="card__title">装修费用</Text>
          {r.bills.map((b) => (
            <View key={b.billId} className={`renovation-row__main renovation-detail__bill renovation-detail__bill--${b.kind}`}>
              <Text>
                {b.itemName || RENOVATION_FEE_KIND_LABELS[b.kind]} {yuan(b.amountFen)}元
              </Text>
              <Text className={b.paid ? 'renovation-sign__done' : 'danger'}>{b.paid ? '已缴' : '未缴'}</Text>
            </View>
          ))}
          {viewer === 'owner' && r.bills.some((b) => !b.paid) ? <Text className="muted">请到“缴费”或物业服务中心缴清后开工。</Text> : null}
        </View>
      ) : null}
    </>
  );
}

/** The renovation's history (oldest first). */
export function RenovationHistory({ renovation: r }: { renovation: RenovationView }) {
  return (
    <View className="card renovation-history">
      <Text className="card__title">办理记录</Text>
      {r.history.map((h, i) => (
        <View key={i} className="renovation-history__item">
          <Text>
            {formatTime(h.at)} {eventLabel(h.event)} · {h.byName}
          </Text>
          {h.note ? <Text className="muted"> {h.note}</Text> : null}
        </View>
      ))}
    </View>
  );
}

interface ActionProps {
  renovation: RenovationView;
  submit: Submit;
  onEdit: () => void;
  onSign: () => void;
  onSubmit: () => void;
  onCancel: () => void;
}

/** The application part's buttons: 修改, 签署文书, 提交申请 (while a draft or returned), 撤销 (while the machine allows). */
export function RenovationApplicationActions({ renovation: r, submit, onEdit, onSign, onSubmit, onCancel }: ActionProps) {
  const editable = EDITABLE_RENOVATION_STATUSES.includes(r.status);
  const canCancel = r.actions.includes('cancel');
  if (!editable && !canCancel) return null;
  return (
    <View className="card renovation-actions">
      <FormError error={submit.error} />
      {editable ? (
        <>
          {r.actions.includes('submit') ? (
            <Button className="btn btn--primary renovation-actions__submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={onSubmit}>
              提交申请
            </Button>
          ) : null}
          <Button className="btn btn--ghost renovation-actions__sign" onClick={onSign}>
            {missingSignatures(r.signatures).length ? '签署文书' : '查看/重新签署文书'}
          </Button>
          <Button className="btn btn--ghost renovation-actions__edit" onClick={onEdit}>
            修改申请
          </Button>
        </>
      ) : null}
      {canCancel ? (
        <Text className="danger renovation-actions__cancel" onClick={onCancel}>
          撤销申请
        </Text>
      ) : null}
    </View>
  );
}
