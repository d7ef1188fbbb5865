import { useState } from 'react';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import type { AttachedDoc, ContractSummary, DueStateView, EquipmentSummary, LoanView } from '@shared/contracts/archives.contract';
import { ARCHIVE_NOTE_MAX, ARCHIVE_TITLE_MAX, CONTRACT_KIND_LABELS, EQUIPMENT_KIND_LABELS, EQUIPMENT_TEXT_MAX, type ArchiveCategory } from '@shared/domain/archives';
import { localDay } from '@shared/domain/calendar';
import { yuan } from '@shared/domain/fees';
import { call, toCloudError } from '../services/cloud';
import type { UploadedDocument } from '../services/documents';
import { DocumentPicker } from './document-picker';
import { toast } from '../services/ui';
import { useCloud } from '../hooks/use-cloud';
import { useSubmit } from '../hooks/use-submit';
import { Choices } from './choices';
import { Field, FormError } from './form-field';
import { newRequestId } from './repair-format';
import './ledger.scss';

/** A due date as a coloured tag: 已逾期 red, within 30 days orange, later grey. */
export function DueTag({ due, text, name }: { due: DueStateView; text?: string; name?: string }) {
  if (!text || due === 'none') return null;
  return <Text className={`ledger-due ledger-due--${due} ${name ?? ''}`}>{text}</Text>;
}

export function EquipmentRow({ item, onOpen }: { item: EquipmentSummary; onOpen: (id: string) => void }) {
  return (
    <View className="ledger-row card--link equipment-row" onClick={() => onOpen(item.id)}>
      <View className="ledger-row__head">
        <Text className="ledger-row__title">{item.name}</Text>
        {item.status === 'retired' ? <Text className="ledger-due">已停用</Text> : <DueTag due={item.due} text={item.dueText} name="equipment-row__due" />}
      </View>
      <Text className="muted">
        {EQUIPMENT_KIND_LABELS[item.kind]} · {item.code} · {item.buildingName ? `${item.buildingName} ` : ''}
        {item.location}
      </Text>
      <Text className="muted">
        {item.nextDueOn ? `下次检验 ${item.nextDueOn}` : '未设下次检验日期'}
        {item.maintainer ? ` · ${item.maintainer}` : ''}
      </Text>
    </View>
  );
}

export function ContractRow({ item, onOpen }: { item: ContractSummary; onOpen: (id: string) => void }) {
  return (
    <View className="ledger-row card--link contract-row" onClick={() => onOpen(item.id)}>
      <View className="ledger-row__head">
        <Text className="ledger-row__title">{item.title}</Text>
        {item.status === 'ended' ? <Text className="ledger-due">已终止</Text> : <DueTag due={item.due} text={item.due === 'ok' ? `${item.endOn} 到期` : item.dueText} name="contract-row__due" />}
      </View>
      <Text className="muted">
        {CONTRACT_KIND_LABELS[item.kind]} · {item.party}
      </Text>
      <Text className="muted">
        {item.startOn} 至 {item.endOn} · ¥{yuan(item.amountFen)}
      </Text>
    </View>
  );
}

export function LoanRow({ loan, onReturn }: { loan: LoanView; onReturn?: (l: LoanView) => void }) {
  const due: DueStateView = loan.status === 'returned' ? 'none' : loan.overdue ? 'overdue' : 'soon';
  return (
    <View className="ledger-row loan-row">
      <View className="ledger-row__head">
        <Text className="ledger-row__title">{loan.docTitle}</Text>
        {loan.status === 'returned' ? <Text className="ledger-due ledger-due--done">已归还</Text> : <DueTag due={due} text={loan.overdue ? loan.dueText : `${loan.dueOn} 前归还`} name="loan-row__due" />}
      </View>
      <Text className="muted">
        借阅人：{loan.borrowerName}
        {loan.borrowerKind === 'outside' ? '（外部）' : ''} · {loan.purpose}
      </Text>
      <Text className="muted">
        {loan.lentOn} 借出 · 经办 {loan.byName}
        {loan.paperLocation ? ` · 原存放 ${loan.paperLocation}` : ''}
      </Text>
      {loan.returnedAt ? <Text className="muted">{`${localDay(loan.returnedAt)} 由${loan.returnedByName ?? ''}收回${loan.returnNote ? `：${loan.returnNote}` : ''}`}</Text> : null}
      {loan.canReturn && onReturn ? (
        <View className="form-buttons">
          <Button className="btn btn--primary loan-row__return" size="mini" onClick={() => onReturn(loan)}>
            归还
          </Button>
        </View>
      ) : null}
    </View>
  );
}

/** Record the return of a loan (归还); true when done. */
export async function returnLoan(l: LoanView): Promise<boolean> {
  try {
    await call('archives', 'loanReturn', { loanId: l.id });
    toast('已登记归还');
    return true;
  } catch (e) {
    toast((e as Error).message);
    return false;
  }
}

/** The attached documents (read-only), each with its file name and whether its paper original is out. */
export function AttachedDocs({ docs }: { docs: AttachedDoc[] }) {
  if (!docs.length) return <Text className="muted">暂无关联档案</Text>;
  return (
    <View className="ledger-docs">
      {docs.map((d) => (
        <View key={d.id} className="ledger-doc">
          <View className="due-soon__main">
            <Text className="ledger-doc__title">{d.title}</Text>
            <Text className="muted">{d.fileName ?? ''}</Text>
          </View>
          {d.onLoan ? <Text className="ledger-due ledger-due--soon">原件借出：{d.onLoan.borrowerName}</Text> : null}
        </View>
      ))}
    </View>
  );
}

/**
 * Choose archived documents of `category` to attach: the ones already in the archive (uploaded in
 * 档案 with archives.create), ticked on or off.
 */
export function DocsField({ category, value, onChange }: { category: ArchiveCategory; value: string[]; onChange: (ids: string[]) => void }) {
  const docs = useCloud('archives', 'list', { category, page: 1, pageSize: 50 });
  const [requestId, setRequestId] = useState(() => newRequestId('archive-doc'));
  const [error, setError] = useState('');
  const items = docs.data?.items ?? [];
  const toggle = (id: string) => onChange(value.includes(id) ? value.filter((x) => x !== id) : [...value, id]);
  // 上传新文件: the file goes into the archive (this category, titled by its name) and is ticked at once.
  const archive = async (file: UploadedDocument | undefined) => {
    if (!file) return;
    setError('');
    try {
      const title = file.fileName.replace(/\.[^.]+$/, '').trim().slice(0, ARCHIVE_TITLE_MAX) || file.fileName.slice(0, ARCHIVE_TITLE_MAX);
      const doc = await call('archives', 'create', { requestId, category, title, tags: [], fileId: file.id });
      setRequestId(newRequestId('archive-doc'));
      docs.reload();
      if (!value.includes(doc.id)) onChange([...value, doc.id]);
    } catch (e) {
      setError(toCloudError(e).message);
    }
  };
  return (
    <View className="ledger-docs-field">
      {docs.error ? <Text className="muted">{docs.error.message}</Text> : null}
      {!docs.loading && !items.length ? <Text className="muted">档案中还没有此类文件，可在下方上传</Text> : null}
      <Choices name="ledger-docs" options={items.map((d) => ({ value: d.id, label: d.title }))} value={value} onChange={toggle} />
      <DocumentPicker category={category} onUploaded={archive} label="上传新文件" />
      {error ? <Text className="field__error">{error}</Text> : null}
    </View>
  );
}

/** A day field with the picker (YYYY-MM-DD), or 未设置. */
export function DayField({ label, name, value, onChange, error, required, start, end }: { label: string; name: string; value: string; onChange: (v: string) => void; error?: string; required?: boolean; start?: string; end?: string }) {
  return (
    <Field label={label} name={name} required={required} error={error}>
      <Picker mode="date" value={value || localDay(new Date())} start={start} end={end} onChange={(e) => onChange(String(e.detail.value))}>
        <View className={`input picker ${name}__picker`}>{value || '请选择日期'}</View>
      </Picker>
    </Field>
  );
}

/** 记录维保: the day, who did it, a note, the next inspection due (empty: the day plus the cycle). */
export function MaintainForm({ equipmentId, cycleDays, onDone, onClose }: { equipmentId: string; cycleDays?: number; onDone: () => void; onClose: () => void }) {
  const [requestId] = useState(() => newRequestId('maintain'));
  const today = localDay(new Date());
  const [on, setOn] = useState(today);
  const [by, setBy] = useState('');
  const [note, setNote] = useState('');
  const [nextDueOn, setNextDueOn] = useState('');
  const submit = useSubmit();
  const errors = submit.fieldErrors;
  const save = async () => {
    if (!by.trim()) return submit.fail({ by: '请填写维保人或维保单位' });
    const done = await submit.run(() => call('archives', 'equipmentMaintain', { equipmentId, requestId, on, by: by.trim(), ...(note.trim() ? { note: note.trim() } : {}), ...(nextDueOn ? { nextDueOn } : {}) }));
    if (done) onDone();
  };
  return (
    <View className="card maintain-form">
      <Text className="card__title">记录维保</Text>
      <DayField label="维保日期" name="maintain-on" value={on} onChange={setOn} end={today} required error={errors.on} />
      <Field label="维保人" name="by" required error={errors.by}>
        <Input className="input maintain-form__by" value={by} maxlength={EQUIPMENT_TEXT_MAX} placeholder="如：安顺电梯 张师傅" onInput={(e) => submit.edited('by', setBy)(e.detail.value)} />
      </Field>
      <Field label="维保内容" name="note" error={errors.note}>
        <Textarea className="textarea maintain-form__note" value={note} maxlength={ARCHIVE_NOTE_MAX} placeholder="保养、检测、更换部件等" onInput={(e) => setNote(e.detail.value)} />
      </Field>
      <DayField label="下次检验日期" name="maintain-next" value={nextDueOn} onChange={setNextDueOn} start={on} error={errors.nextDueOn} />
      <Text className="muted">{cycleDays ? `不填则按维保周期 ${cycleDays} 天推算` : '未设维保周期：不填则不设下次检验日期'}</Text>
      <FormError error={submit.error} shownFields={['on', 'by', 'note', 'nextDueOn']} />
      <View className="form-buttons">
        <Button className="btn btn--ghost" size="mini" onClick={onClose}>
          取消
        </Button>
        <Button className="btn btn--primary maintain-form__submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
          保存
        </Button>
      </View>
    </View>
  );
}
