import { Input } from '@tarojs/components';
import { idNumberProblem, normalizePhone, personNameProblem, phoneProblem } from '@shared/domain/contact';
import { Field } from '@/components/form-field';

/** A buyer (购房人 · 新业主) as the 零散入住 and 过户 forms type them. */
export interface BuyerDraft {
  name: string;
  phone: string;
  idNumber: string;
}
export type BuyerField = keyof BuyerDraft;
export const EMPTY_BUYER: BuyerDraft = { name: '', phone: '', idNumber: '' };

/** The buyer checked as the contract's buyer schema will: the problems by field (`buyer.name`…) and the buyer to send. */
export function checkBuyer(d: BuyerDraft): { problems: Record<string, string>; buyer: { name: string; phone: string; idNumber?: string } } {
  const name = d.name.trim();
  const phone = normalizePhone(d.phone.trim());
  const idNumber = d.idNumber.trim().toUpperCase();
  const problems: Record<string, string> = {};
  const nameIssue = personNameProblem(name);
  if (nameIssue) problems['buyer.name'] = nameIssue;
  const phoneIssue = phone ? phoneProblem(phone) : '请填写手机号';
  if (phoneIssue) problems['buyer.phone'] = phoneIssue;
  const idIssue = idNumber ? idNumberProblem(idNumber) : undefined;
  if (idIssue) problems['buyer.idNumber'] = idIssue;
  return { problems, buyer: { name, phone, ...(idNumber ? { idNumber } : {}) } };
}

interface Texts {
  nameLabel: string;
  namePlaceholder: string;
  phonePlaceholder: string;
  idPlaceholder: string;
  idHint: string;
}

/** 姓名 · 手机号 · 身份证号 of a buyer; the inputs' classes are `<block>__name`, `__phone`, `__id`. */
export function BuyerFields({ value, onEdit, errors, block, texts }: { value: BuyerDraft; onEdit: (field: BuyerField, v: string) => void; errors: Record<string, string>; block: string; texts: Texts }) {
  return (
    <>
      <Field label={texts.nameLabel} name="buyer-name" required error={errors['buyer.name']}>
        <Input className={`input ${block}__name`} value={value.name} maxlength={30} placeholder={texts.namePlaceholder} onInput={(e) => onEdit('name', e.detail.value)} />
      </Field>
      <Field label="手机号" name="buyer-phone" required error={errors['buyer.phone']}>
        <Input className={`input ${block}__phone`} type="number" value={value.phone} maxlength={13} placeholder={texts.phonePlaceholder} onInput={(e) => onEdit('phone', e.detail.value)} />
      </Field>
      <Field label="身份证号" name="buyer-id" error={errors['buyer.idNumber']} hint={texts.idHint}>
        <Input className={`input ${block}__id`} type="idcard" value={value.idNumber} maxlength={18} placeholder={texts.idPlaceholder} onInput={(e) => onEdit('idNumber', e.detail.value)} />
      </Field>
    </>
  );
}
