import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { RenovationSettingsView, RenovationView } from '@shared/contracts/renovation.contract';
import { formatTime } from '@shared/domain/calendar';
import { personNameProblem } from '@shared/domain/contact';
import { RENOVATION_PAPER_LABELS, RENOVATION_PAPERS, RENOVATION_SIGNER_LABELS, type RenovationSigner } from '@shared/domain/renovation';
import { useSubmit } from '../hooks/use-submit';
import { call } from '../services/cloud';
import { toast } from '../services/ui';
import { Choices } from './choices';
import { Field, FormError } from './form-field';
import { SignaturePad } from './signature-pad';
import './renovation.scss';

const SIGNERS = (['owner', 'contractor'] as const).map((s) => ({ value: s, label: RENOVATION_SIGNER_LABELS[s] }));

/**
 * 签署文书: the two papers' texts (the community's), then a signature drawn on the phone by the
 * owner, and — the phone handed over — by the contractor's person in charge. One signature signs
 * both papers; signing again replaces it. Used by the owner's 签署 page and by staff at the desk.
 */
export function RenovationSign({ renovation, settings, onSigned }: { renovation: RenovationView; settings: RenovationSettingsView; onSigned: (next: RenovationView) => void }) {
  const submit = useSubmit();
  const signedBy = (s: RenovationSigner) => RENOVATION_PAPERS.every((p) => renovation.signatures.some((x) => x.paper === p && x.signer === s));
  const [signer, setSigner] = useState<RenovationSigner>(signedBy('owner') ? 'contractor' : 'owner');
  const defaultName = (s: RenovationSigner) => (s === 'owner' ? renovation.ownerName : renovation.contractor.foreman);
  const [name, setName] = useState(defaultName(signer));
  const choose = (s: RenovationSigner) => {
    setSigner(s);
    setName(defaultName(s));
    submit.clear();
  };

  const sign = async (fileId: string) => {
    const problem = name.trim() ? personNameProblem(name.trim()) : '请填写签字人姓名';
    if (problem) return submit.fail({ name: problem });
    const next = await submit.run(() => call('renovation', 'sign', { renovationId: renovation.id, signer, name: name.trim(), fileId }));
    if (!next) return;
    toast('已签署');
    onSigned(next);
    if (signer === 'owner' && !RENOVATION_PAPERS.every((p) => next.signatures.some((x) => x.paper === p && x.signer === 'contractor'))) choose('contractor');
  };

  return (
    <View className="renovation-sign">
      {RENOVATION_PAPERS.map((p) => (
        <View key={p} className={`card renovation-paper renovation-paper--${p}`}>
          <Text className="card__title">{RENOVATION_PAPER_LABELS[p]}</Text>
          <Text className="renovation-paper__text">{settings.papers[p]}</Text>
        </View>
      ))}
      <View className="card renovation-sign__form">
        <Text className="card__title">签名</Text>
        {(['owner', 'contractor'] as const).map((s) => {
          const sig = renovation.signatures.find((x) => x.signer === s);
          return (
            <Text key={s} className={`muted renovation-sign__status renovation-sign__status--${s}`}>
              {RENOVATION_SIGNER_LABELS[s]}：{signedBy(s) && sig ? `${sig.name} 已签署（${formatTime(sig.at)}）` : '未签署'}
            </Text>
          );
        })}
        <Field label="签字方" name="signer">
          <Choices name="renovation-signer" options={SIGNERS} value={signer} onChange={choose} />
        </Field>
        {signer === 'contractor' ? <Text className="muted">请将手机交给施工单位负责人阅读上述文书后签名。</Text> : null}
        <Field label="签字人姓名" name="name" required error={submit.fieldErrors.name}>
          <Input className="input renovation-sign__name" maxlength={20} value={name} onInput={(e) => submit.edited('name', setName)(e.detail.value)} />
        </Field>
        <SignaturePad
          key={signer}
          name={`renovation-${signer}`}
          prompt={`${RENOVATION_SIGNER_LABELS[signer]}签名（签署即表示已阅读并同意《${RENOVATION_PAPER_LABELS.pledge}》《${RENOVATION_PAPER_LABELS.agreement}》）`}
          disabled={submit.busy}
          onUploaded={(f) => sign(f.id)}
        />
        <FormError error={submit.error} shownFields={['name']} />
      </View>
    </View>
  );
}
