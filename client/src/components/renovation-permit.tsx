import { useState } from 'react';
import { Button, Image, Input, Switch, Text, Textarea, View } from '@tarojs/components';
import type { UploadedFile } from '@shared/contracts/files.contract';
import type { RenovationPassView, RenovationPermitView, RenovationView } from '@shared/contracts/renovation.contract';
import { chineseDate } from '@shared/domain/calendar';
import { yuan } from '@shared/domain/fees';
import { formatPassCode } from '@shared/domain/pass-code';
import { COMMON_REVIEW_CONDITIONS, PASS_VERDICT_LABELS, REVIEW_CONDITIONS_MAX } from '@shared/domain/renovation-permit';
import { routes } from '@shared/routes';
import { call } from '@/services/cloud';
import { saveFile } from '@/services/files';
import { openPage } from '@/services/navigation';
import { photoSrc, previewPhotos } from '@/services/photos';
import { confirm, toast } from '@/services/ui';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { Field, FormError } from './form-field';
import { PhotoPicker } from './photo-picker';
import { newRequestId } from './repair-format';
import './renovation-permit.scss';

export interface RenovationPermitProps {
  renovation: RenovationView;
  /** Who looks: the owner (owner pages) or staff (agent/manager pages; roles from the session). */
  viewer: 'owner' | 'staff';
  /** Call after a change so the page reloads the renovation. */
  onChanged: () => void;
}

const HAS_PERMIT = ['approved', 'in_progress', 'suspended', 'acceptance', 'accepted', 'closed'];

/**
 * The renovation detail pages' "approval, permit & passes" section (renovation.md "Approval, permit and
 * passes"): staff review with conditions, the manager approves (granting each exception) or returns,
 * staff start the works once the fees are paid; the permit with its PDF and the workers' passes
 * (revoked at once, workers added later). The owner sees the conditions, a return's reasons and opens
 * the permit page.
 */
export function RenovationPermit({ renovation: r, viewer, onChanged }: RenovationPermitProps) {
  const staff = viewer === 'staff';
  const can = (e: RenovationView['actions'][number]) => staff && r.actions.includes(e);
  return (
    <View className="renovation-permit">
      {r.returnReason && r.status === 'returned' ? (
        <View className="card renovation-permit__returned">
          <Text className="card__title">退回原因</Text>
          <Text className="renovation-permit__return-reason">{r.returnReason}</Text>
          {viewer === 'owner' ? <Text className="muted">请按退回原因修改申请后重新提交。</Text> : null}
        </View>
      ) : null}
      {r.review && !r.permit ? (
        <View className="card renovation-permit__review">
          <Text className="card__title">客服审核意见</Text>
          <Conditions items={r.review.conditions} />
          {r.review.note ? <Text className="muted">备注：{r.review.note}</Text> : null}
          <Text className="muted">
            {r.review.byName} 审核 · 待物业经理审批
          </Text>
        </View>
      ) : null}
      {can('review') ? <ReviewForm renovation={r} onChanged={onChanged} /> : null}
      {can('approve') ? <ApproveForm renovation={r} onChanged={onChanged} /> : null}
      {can('return') ? <ReturnForm renovation={r} onChanged={onChanged} /> : null}
      {r.permit ? <PermitCard renovation={r} viewer={viewer} /> : null}
      {can('start') ? <StartCard renovation={r} onChanged={onChanged} /> : null}
      {/* Keyed by the renovation's changes: its passes' verdicts follow a start, suspension or resume at once. */}
      {staff && r.permit && HAS_PERMIT.includes(r.status) ? <PassesSection key={`${r.status}:${r.history.length}`} renovationId={r.id} /> : null}
    </View>
  );
}

function Conditions({ items }: { items: readonly string[] }) {
  if (!items.length) return <Text className="muted">无附加条件</Text>;
  return (
    <View className="renovation-permit__conditions">
      {items.map((c, i) => (
        <Text key={c} className="renovation-permit__condition">
          {i + 1}. {c}
        </Text>
      ))}
    </View>
  );
}

/** Conditions picked from the common ones or typed. */
function ConditionPicker({ value, onChange, exclude = [] }: { value: string[]; onChange: (next: string[]) => void; exclude?: readonly string[] }) {
  const [text, setText] = useState('');
  const common = COMMON_REVIEW_CONDITIONS.filter((c) => !exclude.includes(c));
  const toggle = (c: string) => onChange(value.includes(c) ? value.filter((x) => x !== c) : [...value, c]);
  const add = () => {
    const t = text.trim();
    if (!t || value.includes(t) || exclude.includes(t) || value.length >= REVIEW_CONDITIONS_MAX) return;
    onChange([...value, t]);
    setText('');
  };
  return (
    <View className="renovation-permit__picker">
      {common.map((c) => (
        <Text key={c} className={`renovation-permit__chip ${value.includes(c) ? 'renovation-permit__chip--on' : ''}`} onClick={() => toggle(c)}>
          {value.includes(c) ? '✓ ' : ''}
          {c}
        </Text>
      ))}
      {value
        .filter((c) => !COMMON_REVIEW_CONDITIONS.includes(c))
        .map((c) => (
          <Text key={c} className="renovation-permit__chip renovation-permit__chip--on" onClick={() => toggle(c)}>
            ✓ {c}
          </Text>
        ))}
      <View className="renovation-permit__add">
        <Input className="input renovation-permit__add-input" value={text} maxlength={100} placeholder="其他条件" onInput={(e) => setText(e.detail.value)} onConfirm={add} />
        <Button className="btn btn--ghost renovation-permit__add-button" onClick={add}>
          添加
        </Button>
      </View>
    </View>
  );
}

function ReviewForm({ renovation: r, onChanged }: { renovation: RenovationView; onChanged: () => void }) {
  const [conditions, setConditions] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const submit = useSubmit();
  const send = async () => {
    const done = await submit.run(() => call('renovation', 'review', { renovationId: r.id, conditions, ...(note.trim() ? { note: note.trim() } : {}) }));
    if (done) (toast('已审核，待经理审批'), onChanged());
  };
  return (
    <View className="card renovation-permit__review-form">
      <Text className="card__title">客服审核</Text>
      <Text className="muted">核对图纸、施工单位和人员资料后，勾选或填写施工须遵守的条件（将印在装修许可证上）。</Text>
      <ConditionPicker value={conditions} onChange={setConditions} />
      <Field label="给经理的备注" name="review-note" error={submit.fieldErrors.note}>
        <Textarea className="textarea" value={note} maxlength={500} placeholder="选填" onInput={(e) => setNote(e.detail.value)} />
      </Field>
      <FormError error={submit.error} shownFields={['note']} />
      <Button className="btn btn--primary renovation-permit__review-submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
        审核通过，提交经理审批
      </Button>
    </View>
  );
}

function ApproveForm({ renovation: r, onChanged }: { renovation: RenovationView; onChanged: () => void }) {
  const [granted, setGranted] = useState<Record<string, boolean>>({});
  const [conditions, setConditions] = useState<string[]>([]);
  const submit = useSubmit();
  const send = async () => {
    const done = await submit.run(() => call('renovation', 'approve', { renovationId: r.id, exceptions: r.forbidden.map((f) => ({ key: f.key, approved: Boolean(granted[f.key]) })), conditions }));
    if (done) (toast('已批准，许可证已核发'), onChanged());
  };
  return (
    <View className="card renovation-permit__approve">
      <Text className="card__title">经理审批</Text>
      {r.forbidden.length ? (
        <View className="renovation-permit__exceptions">
          <Text className="muted">申请中有以下禁止行为，须逐项决定是否批准例外；不批准请退回申请。</Text>
          {r.forbidden.map((f) => (
            <View key={f.key} className="renovation-permit__exception">
              <View className="renovation-permit__exception-head">
                <Text className="renovation-permit__exception-label">{f.label}</Text>
                <Switch checked={Boolean(granted[f.key])} color="#1677ff" onChange={(e) => setGranted({ ...granted, [f.key]: e.detail.value })} />
              </View>
              <Text className="renovation-permit__rule">{f.rule}</Text>
              {f.reason ? <Text className="muted">业主理由：{f.reason}</Text> : null}
            </View>
          ))}
        </View>
      ) : null}
      <Text className="muted">许可证有效期：{chineseDate(r.plannedStart)} 至 {chineseDate(r.plannedEnd)}；可再附加条件：</Text>
      <ConditionPicker value={conditions} onChange={setConditions} exclude={r.review?.conditions ?? []} />
      <FormError error={submit.error} />
      <Button className="btn btn--primary renovation-permit__approve-submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
        批准并核发许可证
      </Button>
    </View>
  );
}

function ReturnForm({ renovation: r, onChanged }: { renovation: RenovationView; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const submit = useSubmit();
  const send = async () => {
    if (!reason.trim()) return submit.fail({ reason: '请填写退回原因' });
    const done = await submit.run(() => call('renovation', 'return', { renovationId: r.id, reason: reason.trim() }));
    if (done) (toast('已退回，业主将收到通知'), onChanged());
  };
  if (!open) {
    return (
      <Button className="btn btn--ghost renovation-permit__return-open" onClick={() => setOpen(true)}>
        退回修改
      </Button>
    );
  }
  return (
    <View className="card renovation-permit__return">
      <Field label="退回原因" name="reason" required error={submit.fieldErrors.reason}>
        <Textarea className="textarea" value={reason} maxlength={500} placeholder="如：缺少水电改造图纸；施工单位资质过期" onInput={(e) => (setReason(e.detail.value), submit.clear())} />
      </Field>
      <FormError error={submit.error} shownFields={['reason']} />
      <View className="row-actions">
        <Button className="btn btn--ghost" onClick={() => setOpen(false)}>
          取消
        </Button>
        <Button className="btn btn--danger renovation-permit__return-submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
          确认退回
        </Button>
      </View>
    </View>
  );
}

function StartCard({ renovation: r, onChanged }: { renovation: RenovationView; onChanged: () => void }) {
  const submit = useSubmit();
  const unpaid = r.bills.filter((b) => !b.paid);
  const send = async () => {
    const ok = await confirm({ title: '办理开工', content: '开工后将向同楼层及上下层住户发布《装修施工告知》，施工人员可凭出入证入场。' });
    if (!ok) return;
    const done = await submit.run(() => call('renovation', 'start', { renovationId: r.id }));
    if (done) (toast('已开工，已通知相邻住户'), onChanged());
  };
  return (
    <View className="card renovation-permit__start">
      <Text className="card__title">开工</Text>
      {r.bills.map((b) => (
        <View key={b.billId} className="renovation-permit__bill">
          <Text>{b.itemName}</Text>
          <Text className={b.paid ? 'renovation-permit__paid' : 'renovation-permit__unpaid'}>
            {yuan(b.amountFen)} 元 · {b.paid ? '已缴' : '未缴'}
          </Text>
        </View>
      ))}
      {unpaid.length ? <Text className="muted">费用缴清后方可开工（前台收银或业主在线缴费）。</Text> : null}
      <FormError error={submit.error} />
      <Button className="btn btn--primary renovation-permit__start-submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
        办理开工
      </Button>
    </View>
  );
}

function PermitCard({ renovation: r, viewer }: { renovation: RenovationView; viewer: 'owner' | 'staff' }) {
  const p = r.permit!;
  const printing = useSubmit();
  const print = async () => {
    const file = await printing.run(() => call('renovation', 'permitPdf', { renovationId: r.id }));
    if (file) await printing.run(() => saveFile({ fileName: file.fileName, contentBase64: file.contentBase64 }));
  };
  return (
    <View className="card renovation-permit__permit">
      <View className="renovation-permit__permit-head">
        <Text className="card__title">装修许可证</Text>
        <Text className="renovation-permit__no">{p.no}</Text>
      </View>
      <Text className="renovation-permit__validity">
        有效期：{chineseDate(p.validFrom)} 至 {chineseDate(p.validTo)}
      </Text>
      <Conditions items={p.conditions} />
      <Text className="muted">
        {p.byName} 批准{r.startedAt ? ' · 已开工' : ''}
      </Text>
      <FormError error={printing.error} />
      <View className="row-actions">
        {viewer === 'owner' ? (
          <Button className="btn btn--primary renovation-permit__show" onClick={() => openPage(routes.owner.renovationPermit, { id: r.id })}>
            出示许可证和出入证
          </Button>
        ) : null}
        <Button className="btn btn--ghost renovation-permit__print" loading={printing.busy} disabled={printing.busy || undefined} onClick={print}>
          {viewer === 'owner' ? '下载PDF' : '打印许可证'}
        </Button>
      </View>
    </View>
  );
}

/** The workers' passes of a renovation (its own call): staff revoke at once; staff and the owner add a worker. */
export function PassesSection({ renovationId, permit, onChanged }: { renovationId: string; permit?: RenovationPermitView; onChanged?: () => void }) {
  const state = useCloud('renovation', 'permit', { renovationId }, { skip: Boolean(permit) });
  const view = permit ?? state.data;
  const reload = onChanged ?? state.reload;
  if (!view) return null;
  return (
    <View className="card renovation-permit__passes">
      <Text className="card__title">装修出入证（{view.passes.length}）</Text>
      {view.passes.map((p) => (
        <PassRow key={p.id} pass={p} canRevoke={view.canRevoke} onChanged={reload} />
      ))}
      {view.canAddWorker ? <AddWorker renovationId={renovationId} onAdded={reload} /> : null}
    </View>
  );
}

export function PassRow({ pass: p, canRevoke, onChanged }: { pass: RenovationPassView; canRevoke: boolean; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const submit = useSubmit();
  const revoke = async () => {
    if (!reason.trim()) return submit.fail({ reason: '请填写撤销原因' });
    const done = await submit.run(() => call('renovation', 'revokePass', { passId: p.id, reason: reason.trim() }));
    if (done) (toast('出入证已撤销'), setOpen(false), onChanged());
  };
  return (
    <View className={`renovation-pass renovation-pass--${p.verdict}`}>
      <View className="renovation-pass__main">
        {p.photoUrl ? <Image className="renovation-pass__photo" src={photoSrc(p.photoUrl)} mode="aspectFill" onClick={() => previewPhotos([p.photoUrl!], p.photoUrl!)} /> : null}
        <View className="renovation-pass__who">
          <Text className="renovation-pass__name">{p.name}</Text>
          <Text className="muted">
            {p.idNumber}
            {p.phone ? ` · ${p.phone}` : ''}
          </Text>
        </View>
        <Text className={`renovation-pass__tag renovation-pass__tag--${p.verdict}`}>{PASS_VERDICT_LABELS[p.verdict]}</Text>
      </View>
      <Text className="renovation-pass__code">{formatPassCode(p.code)}</Text>
      {p.verdict !== 'valid' ? <Text className="muted renovation-pass__reason">{p.reason}</Text> : null}
      {canRevoke && p.status === 'active' ? (
        open ? (
          <View className="renovation-pass__revoke">
            <Field label="撤销原因" name="reason" required error={submit.fieldErrors.reason}>
              <Input className="input" value={reason} maxlength={200} placeholder="如：人员已离场、违规施工" onInput={(e) => (setReason(e.detail.value), submit.clear())} />
            </Field>
            <FormError error={submit.error} shownFields={['reason']} />
            <View className="row-actions">
              <Button className="btn btn--ghost btn--small" onClick={() => setOpen(false)}>
                取消
              </Button>
              <Button className="btn btn--danger btn--small renovation-pass__revoke-submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={revoke}>
                立即撤销
              </Button>
            </View>
          </View>
        ) : (
          <Text className="link renovation-pass__revoke-open" onClick={() => setOpen(true)}>
            撤销出入证
          </Text>
        )
      ) : null}
    </View>
  );
}

function AddWorker({ renovationId, onAdded }: { renovationId: string; onAdded: () => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [phone, setPhone] = useState('');
  const [photos, setPhotos] = useState<UploadedFile[]>([]);
  const [requestId, setRequestId] = useState(newRequestId);
  const submit = useSubmit();
  const send = async () => {
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = '请填写姓名';
    if (!idNumber.trim()) problems.idNumber = '请填写身份证号';
    if (Object.keys(problems).length) return submit.fail(problems);
    const done = await submit.run(() =>
      call('renovation', 'addWorker', { renovationId, requestId, name: name.trim(), idNumber: idNumber.trim(), phone: phone.trim(), ...(photos[0] ? { photoFileId: photos[0].id } : {}) }),
    );
    if (!done) return;
    toast('已新增施工人员并核发出入证');
    setName('');
    setIdNumber('');
    setPhone('');
    setPhotos([]);
    setRequestId(newRequestId());
    setOpen(false);
    onAdded();
  };
  if (!open) {
    return (
      <Button className="btn btn--ghost renovation-permit__add-worker" onClick={() => setOpen(true)}>
        + 新增施工人员
      </Button>
    );
  }
  return (
    <View className="renovation-permit__worker-form">
      <Field label="姓名" name="name" required error={submit.fieldErrors.name}>
        <Input className="input" value={name} maxlength={20} onInput={(e) => submit.edited('name', setName)(e.detail.value)} />
      </Field>
      <Field label="身份证号" name="idNumber" required error={submit.fieldErrors.idNumber}>
        <Input className="input" value={idNumber} maxlength={18} type="idcard" onInput={(e) => submit.edited('idNumber', setIdNumber)(e.detail.value)} />
      </Field>
      <Field label="手机号" name="phone" error={submit.fieldErrors.phone}>
        <Input className="input" value={phone} maxlength={11} type="number" onInput={(e) => submit.edited('phone', setPhone)(e.detail.value)} />
      </Field>
      <PhotoPicker value={photos} onChange={setPhotos} max={1} label="本人照片（门岗核验时显示）" name="worker" />
      <FormError error={submit.error} shownFields={['name', 'idNumber', 'phone']} />
      <View className="row-actions">
        <Button className="btn btn--ghost" onClick={() => setOpen(false)}>
          取消
        </Button>
        <Button className="btn btn--primary renovation-permit__worker-submit" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
          核发出入证
        </Button>
      </View>
    </View>
  );
}
