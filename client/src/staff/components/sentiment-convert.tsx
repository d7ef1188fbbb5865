import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { IncidentDetail } from '@shared/contracts/sentiment.contract';
import type { UnitSummary } from '@shared/contracts/community.contract';
import { call, toCloudError } from '@/services/cloud';
import { useSubmit } from '@/hooks/use-submit';
import { Field, FormError } from '@/components/form-field';
import { UnitFinder } from './unit-finder';

type Target = 'repair' | 'complaint';
const TARGET_LABELS: Record<Target, string> = { repair: '报修', complaint: '投诉' };
type Missing = 'unitId' | 'contactName' | 'contactPhone';
const ALL_MISSING: Missing[] = ['unitId', 'contactName', 'contactPhone'];

interface Sender {
  messageId: string;
  nickname: string;
  owner?: IncidentDetail['messages'][number]['owner'];
}

/** The incident's senders, each with their first message; a known owner first by default. */
export function sendersOf(detail: IncidentDetail): Sender[] {
  const seen = new Map<string, Sender>();
  for (const m of detail.messages) if (!seen.has(m.senderId)) seen.set(m.senderId, { messageId: m.messageId, nickname: m.nickname, ...(m.owner ? { owner: m.owner } : {}) });
  return [...seen.values()];
}

/**
 * 转为报修 / 转为投诉: for whose message (a known owner is chosen first). When the server cannot
 * tell which owner it is (INCIDENT.OWNER_UNKNOWN), ask for the unit and the contact, and send again.
 */
export function SentimentConvert({ detail, to, onDone, onCancel }: { detail: IncidentDetail; to: Target; onDone: (next: IncidentDetail) => void; onCancel: () => void }) {
  const senders = sendersOf(detail);
  const [messageId, setMessageId] = useState(() => (senders.find((s) => s.owner) ?? senders[0])?.messageId);
  const [missing, setMissing] = useState<Missing[] | null>(null);
  const [unit, setUnit] = useState<UnitSummary>();
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const submit = useSubmit();
  const label = TARGET_LABELS[to];

  const choose = (id: string) => {
    setMessageId(id);
    setMissing(null);
    submit.clear();
  };
  const chooseUnit = (u: UnitSummary | undefined) => {
    submit.edited('unitId', setUnit)(u);
    if (u && !contactName && u.ownerNames[0]) setContactName(u.ownerNames[0]);
  };

  const send = async () => {
    const extra: { unitId?: string; contactName?: string; contactPhone?: string } = {};
    if (missing) {
      const problems: Record<string, string> = {};
      if (missing.includes('unitId')) {
        if (unit) extra.unitId = unit.id;
        else problems.unitId = '请选择房屋';
      }
      if (missing.includes('contactName')) {
        if (contactName.trim()) extra.contactName = contactName.trim();
        else problems.contactName = '请填写联系人';
      }
      if (missing.includes('contactPhone')) {
        if (contactPhone.trim()) extra.contactPhone = contactPhone.trim();
        else problems.contactPhone = '请填写联系电话';
      }
      if (Object.keys(problems).length) return submit.fail(problems);
    }
    const next = await submit.run(async () => {
      try {
        return await call('sentiment', 'convert', { incidentId: detail.id, to, ...(messageId ? { messageId } : {}), ...extra });
      } catch (e) {
        const err = toCloudError(e);
        if (err.code === 'INCIDENT.OWNER_UNKNOWN') {
          const listed = Array.isArray(err.details?.missing) ? (err.details.missing as unknown[]).filter((m): m is Missing => ALL_MISSING.includes(m as Missing)) : [];
          setMissing(listed.length ? listed : ALL_MISSING);
        }
        throw err;
      }
    });
    if (next) onDone(next);
  };

  return (
    <View className={`form sentiment-convert sentiment-convert--${to}`}>
      <Text className="repair-action__title">转为{label}</Text>
      {senders.length > 1 ? (
        <Field label="为哪位发言人建单" name="convert-sender">
          {senders.map((s) => (
            <View
              key={s.messageId}
              className={`sentiment-detail__sender ${s.messageId === messageId ? 'sentiment-detail__sender--active' : ''}`}
              onClick={() => choose(s.messageId)}
            >
              <Text>{s.nickname}</Text>
              <Text className="muted">{s.owner ? `业主：${s.owner.name}${s.owner.unitLabel ? ` · ${s.owner.unitLabel}` : ''}` : '未识别的业主'}</Text>
            </View>
          ))}
        </Field>
      ) : null}
      {missing ? (
        <>
          {missing.includes('unitId') ? (
            <Field label="房屋" name="unitId" required error={submit.fieldErrors.unitId}>
              <UnitFinder chosen={unit} onChoose={chooseUnit} />
            </Field>
          ) : null}
          {missing.includes('contactName') ? (
            <Field label="联系人" name="contactName" required error={submit.fieldErrors.contactName}>
              <Input className="input sentiment-convert__contact-name" value={contactName} maxlength={20} placeholder="业主姓名" onInput={(e) => submit.edited('contactName', setContactName)(e.detail.value)} />
            </Field>
          ) : null}
          {missing.includes('contactPhone') ? (
            <Field label="联系电话" name="contactPhone" required error={submit.fieldErrors.contactPhone}>
              <Input className="input sentiment-convert__contact-phone" type="number" value={contactPhone} maxlength={11} placeholder="手机号" onInput={(e) => submit.edited('contactPhone', setContactPhone)(e.detail.value)} />
            </Field>
          ) : null}
        </>
      ) : null}
      <FormError error={submit.error} shownFields={['unitId', 'contactName', 'contactPhone']} />
      <View className="form-buttons">
        <Button className="btn btn--ghost sentiment-convert__cancel" size="mini" onClick={onCancel}>
          返回
        </Button>
        <Button className="btn btn--primary sentiment-convert__submit" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={send}>
          确认转为{label}
        </Button>
      </View>
    </View>
  );
}
