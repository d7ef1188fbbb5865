import { useEffect, useState } from 'react';
import { Button, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import type { RenovationSettingsView } from '@shared/contracts/renovation.contract';
import { formatTime } from '@shared/domain/calendar';
import { yuan } from '@shared/domain/fees';
import { DEFAULT_RENOVATION_PAPERS, RENOVATION_FEE_KIND_LABELS, RENOVATION_FEE_KINDS, RENOVATION_PAPER_LABELS, RENOVATION_PAPERS, type ForbiddenWork, type RenovationFeeKind, type WorkingHours } from '@shared/domain/renovation';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Choices } from '@/components/choices';
import { Field, FormError } from '@/components/form-field';
import '@/components/renovation.scss';

type Period = { from: string; to: string };
const NONE = 'none';

function Periods({ name, value, onChange, max = 4 }: { name: string; value: Period[]; onChange: (next: Period[]) => void; max?: number }) {
  const set = (i: number, patch: Partial<Period>) => onChange(value.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <View className={`renovation-periods renovation-periods--${name}`}>
      {value.length === 0 ? <Text className="muted">不允许噪声作业</Text> : null}
      {value.map((p, i) => (
        <View key={i} className="renovation-period">
          <Picker mode="time" value={p.from} onChange={(e) => set(i, { from: String(e.detail.value) })}>
            <View className="input picker">{p.from}</View>
          </Picker>
          <Text>至</Text>
          <Picker mode="time" value={p.to} onChange={(e) => set(i, { to: String(e.detail.value) })}>
            <View className="input picker">{p.to}</View>
          </Picker>
          <Text className="danger" onClick={() => onChange(value.filter((_, j) => j !== i))}>
            删除
          </Text>
        </View>
      ))}
      {value.length < max ? (
        <Text className="link" onClick={() => onChange([...value, { from: '08:00', to: '12:00' }])}>
          + 添加时段
        </Text>
      ) : null}
    </View>
  );
}

/**
 * 装修设置 (manager/pages/renovation-settings/index): the community's forbidden works (label, the
 * rule shown to owners, whether an exception may be approved), the texts of the 承诺书 and 协议书,
 * the one-off fee items billed at approval (装修押金, 装修管理费, 垃圾清运费), the working hours for
 * noisy works and the patrol frequency.
 */
export default function RenovationSettingsPage() {
  useSession({ required: true });
  const settings = useCloud('renovation', 'settings', {});
  const submit = useSubmit();
  const [forbidden, setForbidden] = useState<ForbiddenWork[]>([]);
  const [papers, setPapers] = useState<Record<string, string>>({ ...DEFAULT_RENOVATION_PAPERS });
  const [fees, setFees] = useState<Partial<Record<RenovationFeeKind, string>>>({});
  const [hours, setHours] = useState<WorkingHours>();
  const [patrolDays, setPatrolDays] = useState('3');

  const fill = (s: RenovationSettingsView) => {
    setForbidden(s.forbiddenWorks.map((w) => ({ ...w })));
    setPapers({ ...s.papers });
    setFees(Object.fromEntries(s.feeItems.map((f) => [f.kind, f.itemId])));
    setHours(s.workingHours);
    setPatrolDays(String(s.patrolEveryDays));
  };
  useEffect(() => {
    if (settings.data) fill(settings.data);
  }, [settings.data]);

  const setWork = (i: number, patch: Partial<ForbiddenWork>) => setForbidden((l) => l.map((w, j) => (j === i ? { ...w, ...patch } : w)));
  const addWork = () => setForbidden((l) => [...l, { key: `custom_${l.length + 1}_${Date.now().toString(36).slice(-4)}`, label: '', rule: '', exceptionAllowed: false }]);

  const save = async () => {
    if (!hours) return;
    const days = Number(patrolDays);
    if (!Number.isInteger(days) || days < 1 || days > 30) return submit.fail({ patrolEveryDays: '巡查间隔为1到30天' });
    const saved = await submit.run(() =>
      call('renovation', 'saveSettings', {
        forbiddenWorks: forbidden.map((w) => ({ key: w.key, label: w.label.trim(), rule: w.rule.trim(), exceptionAllowed: w.exceptionAllowed })),
        papers: { pledge: papers.pledge.trim(), agreement: papers.agreement.trim() },
        feeItems: Object.fromEntries(Object.entries(fees).filter(([, v]) => v && v !== NONE)),
        workingHours: hours,
        patrolEveryDays: days,
      }),
    );
    if (!saved) return;
    settings.set(saved);
    toast('已保存');
  };

  const s = settings.data;
  const items = s?.oneOffItems ?? [];
  const errors = submit.fieldErrors;
  return (
    <View className="page renovation-settings">
      <PageHeader title="装修设置" subtitle={s?.updatedBy ? `${s.updatedBy} 于 ${formatTime(s.updatedAt)} 修改` : '尚未修改，使用默认设置'} />
      <StateView loading={settings.loading && !s} error={settings.error} onRetry={settings.reload}>
        {s && hours ? (
          <>
            <View className="card renovation-settings__forbidden">
              <Text className="card__title">禁止行为</Text>
              <Text className="muted">业主申请时勾选即显示规定；“可申请例外”的须说明理由，经理审批同意后方可施工。</Text>
              {forbidden.map((w, i) => (
                <View key={w.key} className="renovation-worker renovation-settings__work">
                  <Field label="名称" name={`work-label-${i}`} error={errors[`forbiddenWorks.${i}.label`]}>
                    <Input className="input" value={w.label} maxlength={40} onInput={(e) => setWork(i, { label: e.detail.value })} />
                  </Field>
                  <Field label="依据的规定" name={`work-rule-${i}`} error={errors[`forbiddenWorks.${i}.rule`]}>
                    <Textarea className="textarea" value={w.rule} maxlength={200} onInput={(e) => setWork(i, { rule: e.detail.value })} />
                  </Field>
                  <View className="renovation-worker__head">
                    <View className="renovation-period">
                      <Switch checked={w.exceptionAllowed} onChange={(e) => setWork(i, { exceptionAllowed: e.detail.value })} />
                      <Text>可申请例外</Text>
                    </View>
                    <Text className="danger" onClick={() => setForbidden((l) => l.filter((_, j) => j !== i))}>
                      删除
                    </Text>
                  </View>
                </View>
              ))}
              {errors.forbiddenWorks ? <Text className="field__error">{errors.forbiddenWorks}</Text> : null}
              <Button className="btn btn--ghost renovation-settings__add-work" onClick={addWork}>
                + 添加禁止行为
              </Button>
            </View>

            <View className="card renovation-settings__fees">
              <Text className="card__title">装修费用</Text>
              <Text className="muted">审批通过时按所选的一次性收费项目向该户出账。收费项目在“收费管理”中维护。</Text>
              {RENOVATION_FEE_KINDS.map((kind) => (
                <Field key={kind} label={RENOVATION_FEE_KIND_LABELS[kind]} name={`fee-${kind}`} error={errors[`feeItems.${kind}`]}>
                  {items.length === 0 ? <Text className="muted">暂无一次性收费项目</Text> : null}
                  <Choices
                    name={`fee-${kind}`}
                    options={[{ value: NONE, label: '不收取' }, ...items.filter((i) => i.active || i.id === fees[kind]).map((i) => ({ value: i.id, label: `${i.name} ${yuan(i.amountFen)}元` }))]}
                    value={fees[kind] ?? NONE}
                    onChange={(v) => setFees((f) => ({ ...f, [kind]: v }))}
                  />
                </Field>
              ))}
            </View>

            <View className="card renovation-settings__hours">
              <Text className="card__title">施工时间</Text>
              <Field label="工作日噪声作业时段" name="workdays" error={errors['workingHours.workdays']}>
                <Periods name="workdays" value={hours.workdays} onChange={(workdays) => setHours({ ...hours, workdays })} />
              </Field>
              <Field label="休息日噪声作业时段" name="restDays" error={errors['workingHours.restDays']}>
                <Periods name="restDays" value={hours.restDays} onChange={(restDays) => setHours({ ...hours, restDays })} />
              </Field>
              <Field label="全部施工（含安静作业）时段" name="allDay" error={errors['workingHours.allDay.to'] ?? errors['workingHours.allDay']}>
                <View className="renovation-period">
                  <Picker mode="time" value={hours.allDay.from} onChange={(e) => setHours({ ...hours, allDay: { ...hours.allDay, from: String(e.detail.value) } })}>
                    <View className="input picker">{hours.allDay.from}</View>
                  </Picker>
                  <Text>至</Text>
                  <Picker mode="time" value={hours.allDay.to} onChange={(e) => setHours({ ...hours, allDay: { ...hours.allDay, to: String(e.detail.value) } })}>
                    <View className="input picker">{hours.allDay.to}</View>
                  </Picker>
                </View>
              </Field>
              <Field label="巡查间隔（天）" name="patrolEveryDays" error={errors.patrolEveryDays}>
                <Input className="input renovation-settings__patrol" type="number" value={patrolDays} maxlength={2} onInput={(e) => submit.edited('patrolEveryDays', setPatrolDays)(e.detail.value)} />
              </Field>
            </View>

            {RENOVATION_PAPERS.map((p) => (
              <View key={p} className={`card renovation-settings__paper renovation-settings__paper--${p}`}>
                <Text className="card__title">{RENOVATION_PAPER_LABELS[p]}</Text>
                <Field label="文书内容" name={`paper-${p}`} error={errors[`papers.${p}`]}>
                  <Textarea className="textarea renovation-settings__paper-text" value={papers[p]} maxlength={5000} autoHeight onInput={(e) => setPapers((x) => ({ ...x, [p]: e.detail.value }))} />
                </Field>
                <Text className="link" onClick={() => setPapers((x) => ({ ...x, [p]: DEFAULT_RENOVATION_PAPERS[p] }))}>
                  恢复默认文本
                </Text>
              </View>
            ))}

            <View className="card">
              <FormError error={submit.error} shownFields={Object.keys(errors)} />
              <Button className="btn btn--primary renovation-settings__save" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
                保存设置
              </Button>
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
