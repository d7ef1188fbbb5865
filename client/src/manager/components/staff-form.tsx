import { useState } from 'react';
import { Button, Input, Switch, Text, View } from '@tarojs/components';
import type { StaffMember } from '@shared/contracts/community.contract';
import { ROLE_LABELS, STAFF_ROLES, type Role } from '@shared/domain/roles';
import { normalizePhone, personNameProblem, phoneProblem } from '@shared/domain/contact';
import { call } from '@/services/cloud';
import { useSubmit } from '@/hooks/use-submit';
import { Choices } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import { splitList } from '@/utils/format';

const ROLE_CHOICES = STAFF_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const FIELDS = ['name', 'phone', 'roles', 'skills', 'onDuty'] as const;

/** 添加员工 / 修改员工 (manager): name, phone (blank keeps the recorded one), 岗位, 技能, 值班. */
export function StaffForm({ member, onSaved, onCancel }: { member?: StaffMember; onSaved: (m: StaffMember) => void; onCancel: () => void }) {
  const [name, setName] = useState(member?.name ?? '');
  const [phone, setPhone] = useState('');
  const [roles, setRoles] = useState<Role[]>(member?.roles.filter((r) => STAFF_ROLES.includes(r)) ?? []);
  const [skills, setSkills] = useState(member?.skills.join('、') ?? '');
  const [onDuty, setOnDuty] = useState(member?.onDuty ?? true);
  const submit = useSubmit();

  const toggleRole = (role: Role) => setRoles((rs) => (rs.includes(role) ? rs.filter((r) => r !== role) : [...rs, role]));

  const save = async () => {
    const found: Record<string, string> = {};
    const nameIssue = name.trim() ? personNameProblem(name) : '请填写姓名';
    if (nameIssue) found.name = nameIssue;
    const phoneText = normalizePhone(phone.trim());
    const phoneIssue = phoneText ? phoneProblem(phoneText) : member ? undefined : '请填写手机号';
    if (phoneIssue) found.phone = phoneIssue;
    if (roles.length === 0) found.roles = '请至少选择一个岗位';
    const skillList = splitList(skills);
    if (skillList.length > 10) found.skills = '技能最多10项';
    else if (skillList.some((s) => s.length > 10)) found.skills = '每项技能最多10个字';
    if (Object.keys(found).length > 0) return submit.fail(found);
    const saved = await submit.run(() =>
      call('community', 'saveStaff', {
        ...(member ? { staffId: member.id } : {}),
        name: name.trim(),
        ...(phoneText ? { phone: phoneText } : {}),
        roles,
        skills: skillList,
        onDuty,
      }),
    );
    if (saved) onSaved(saved);
  };

  const errors = submit.fieldErrors;
  return (
    <View className="form staff-form">
      <Text className="staff-form__title">{member ? `修改员工：${member.name}` : '添加员工'}</Text>
      <Field label="姓名" name="name" required error={errors.name}>
        <Input className="input staff-form__name" value={name} maxlength={20} placeholder="请输入姓名" onInput={(e) => submit.edited('name', setName)(e.detail.value)} />
      </Field>
      <Field
        label="手机号"
        name="phone"
        required={!member}
        error={errors.phone}
        hint={member ? `当前 ${member.phone || '未登记'}；留空则不修改` : '员工用此手机号登记，用于联系'}
      >
        <Input className="input staff-form__phone" type="number" value={phone} maxlength={11} placeholder="11位手机号" onInput={(e) => submit.edited('phone', setPhone)(e.detail.value)} />
      </Field>
      <Field label="岗位（可多选）" name="roles" required error={errors.roles}>
        <Choices name="roles" options={ROLE_CHOICES} value={roles} onChange={toggleRole} />
      </Field>
      <Field label="技能" name="skills" error={errors.skills} hint="维修师傅按技能派单，多项用顿号分隔，如 水电、门窗">
        <Input className="input staff-form__skills" value={skills} maxlength={110} placeholder="水电、管道疏通" onInput={(e) => submit.edited('skills', setSkills)(e.detail.value)} />
      </Field>
      <View className="switch-row staff-form__duty">
        <Text>值班中</Text>
        <Switch checked={onDuty} color="#1677ff" onChange={(e) => setOnDuty(e.detail.value)} />
      </View>
      <FormError error={submit.error} shownFields={FIELDS} />
      <View className="form-buttons">
        <Button className="btn btn--ghost form-buttons__cancel" size="mini" disabled={submit.busy || undefined} onClick={onCancel}>
          取消
        </Button>
        <Button className="btn btn--primary form-buttons__save" size="mini" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
          保存
        </Button>
      </View>
    </View>
  );
}
