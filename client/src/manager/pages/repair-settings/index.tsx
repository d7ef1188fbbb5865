import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { RepairSettingsView } from '@shared/contracts/repairs.contract';
import { DISPATCH_MODE_LABELS, DISPATCH_MODES, SLA_STAGE_LABELS, SLA_STAGES, URGENCIES, URGENCY_LABELS, type DispatchMode, type SlaStage, type Urgency } from '@shared/domain/repairs';
import { durationText } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Field, FormError } from '@/components/form-field';

const DISPATCH_HELP: Record<DispatchMode, string> = {
  auto: '系统按技能、值班和工作量自动派给维修师傅',
  pool: '工单进入抢单池，由有相应技能的师傅抢单；无人抢单时自动派单',
  manual: '由客服或主管手动派单',
};
const FIELDS = ['categories', 'dispatchMode', 'poolFallbackMinutes', 'sla'] as const;
type SlaDraft = Record<Urgency, Record<SlaStage, string>>;

function toDraft(sla: RepairSettingsView['sla']): SlaDraft {
  const out = {} as SlaDraft;
  for (const u of URGENCIES) out[u] = { accept: String(sla[u].accept), arrive: String(sla[u].arrive), complete: String(sla[u].complete) };
  return out;
}

/** 报修设置 (manager): categories, dispatch mode, pool wait, deadlines per urgency and stage. */
function SettingsForm({ settings, onSaved }: { settings: RepairSettingsView; onSaved: (s: RepairSettingsView) => void }) {
  const [categories, setCategories] = useState<string[]>(settings.categories);
  const [newCategory, setNewCategory] = useState('');
  const [renaming, setRenaming] = useState<{ index: number; text: string } | null>(null);
  const [mode, setMode] = useState<DispatchMode>(settings.dispatchMode);
  const [fallback, setFallback] = useState(String(settings.poolFallbackMinutes));
  const [sla, setSla] = useState<SlaDraft>(() => toDraft(settings.sla));
  const submit = useSubmit();

  const editCategories = submit.edited('categories', setCategories);
  const addCategory = () => {
    const name = newCategory.trim();
    if (!name) return;
    if (name.length > 10) return submit.fail({ categories: '类别名称最多10个字' });
    if (categories.includes(name)) return submit.fail({ categories: `已有类别“${name}”` });
    editCategories([...categories, name]);
    setNewCategory('');
  };
  const removeCategory = (index: number) => editCategories(categories.filter((_, i) => i !== index));
  const rename = () => {
    if (!renaming) return;
    const name = renaming.text.trim();
    if (!name) return submit.fail({ categories: '类别名称不能为空' });
    if (name.length > 10) return submit.fail({ categories: '类别名称最多10个字' });
    if (categories.some((c, i) => c === name && i !== renaming.index)) return submit.fail({ categories: `已有类别“${name}”` });
    editCategories(categories.map((c, i) => (i === renaming.index ? name : c)));
    setRenaming(null);
  };
  const setMinutes = (u: Urgency, stage: SlaStage, text: string) => submit.edited('sla', setSla)({ ...sla, [u]: { ...sla[u], [stage]: text } });

  const save = async () => {
    const found: Record<string, string> = {};
    if (categories.length === 0) found.categories = '至少保留一个类别';
    const fallbackMinutes = Number(fallback);
    if (mode === 'pool' && (!Number.isInteger(fallbackMinutes) || fallbackMinutes < 1 || fallbackMinutes > 1440)) found.poolFallbackMinutes = '抢单等待时间应为1到1440分钟的整数';
    const table = {} as RepairSettingsView['sla'];
    for (const u of URGENCIES) {
      const row = { accept: Number(sla[u].accept), arrive: Number(sla[u].arrive), complete: Number(sla[u].complete) };
      if (SLA_STAGES.some((st) => !Number.isInteger(row[st]) || row[st] < 1)) found.sla = `${URGENCY_LABELS[u]}：时限应为正整数分钟`;
      else if (!(row.accept <= row.arrive && row.arrive <= row.complete)) found.sla ??= `${URGENCY_LABELS[u]}：时限应满足 接单 ≤ 到场 ≤ 完工`;
      table[u] = row;
    }
    if (Object.keys(found).length) return submit.fail(found);
    const saved = await submit.run(() =>
      call('repairs', 'saveSettings', {
        categories,
        dispatchMode: mode,
        poolFallbackMinutes: Number.isInteger(fallbackMinutes) && fallbackMinutes >= 1 ? fallbackMinutes : settings.poolFallbackMinutes,
        sla: table,
      }),
    );
    if (saved) onSaved(saved);
  };

  const errors = submit.fieldErrors;
  return (
    <View className="card repair-settings__form">
      <Field label="报修类别" name="categories" required error={errors.categories} hint="点击类别可改名，× 删除">
        <View className="choices repair-settings__categories">
          {categories.map((c, i) =>
            renaming?.index === i ? (
              <View key={`edit-${i}`} className="repair-settings__rename">
                <Input className="input repair-settings__rename-input" value={renaming.text} maxlength={10} focus onInput={(e) => setRenaming({ index: i, text: e.detail.value })} onConfirm={rename} />
                <Text className="link repair-settings__rename-ok" onClick={rename}>
                  确定
                </Text>
                <Text className="link repair-settings__rename-cancel" onClick={() => setRenaming(null)}>
                  取消
                </Text>
              </View>
            ) : (
              <View key={`${c}-${i}`} className="choice repair-settings__category">
                <Text className="repair-settings__category-name" onClick={() => setRenaming({ index: i, text: c })}>
                  {c}
                </Text>
                <Text className="tap tap--wide repair-settings__category-remove" onClick={() => removeCategory(i)}>
                  {' ×'}
                </Text>
              </View>
            ),
          )}
        </View>
        <View className="units__search">
          <Input className="units__search-input repair-settings__new-category" value={newCategory} maxlength={10} placeholder="新类别名称" onInput={(e) => setNewCategory(e.detail.value)} onConfirm={addCategory} />
          <Button className="btn units__search-btn repair-settings__add-category" size="mini" onClick={addCategory}>
            添加
          </Button>
        </View>
      </Field>
      <Field label="派单方式" name="dispatch-mode" required error={errors.dispatchMode}>
        <View className="repair-settings__modes">
          {DISPATCH_MODES.map((m) => (
            <View key={m} className={`repair-settings__mode repair-settings__mode--${m} ${mode === m ? 'repair-settings__mode--active' : ''}`} onClick={() => submit.edited('dispatchMode', setMode)(m)}>
              <Text className="repair-settings__mode-name">
                {mode === m ? '● ' : '○ '}
                {DISPATCH_MODE_LABELS[m]}
              </Text>
              <Text className="muted">{DISPATCH_HELP[m]}</Text>
            </View>
          ))}
        </View>
      </Field>
      {mode === 'pool' ? (
        <Field label="抢单等待（分钟）" name="pool-fallback" required error={errors.poolFallbackMinutes} hint="超过此时间无人抢单，系统自动派单">
          <Input className="input repair-settings__fallback" type="number" value={fallback} maxlength={4} onInput={(e) => submit.edited('poolFallbackMinutes', setFallback)(e.detail.value)} />
        </Field>
      ) : null}
      <Field label="处理时限（分钟，自报修起计；接单自派单起计）" name="sla" required error={errors.sla}>
        <View className="table repair-settings__sla">
          <View className="table__row table__row--head">
            <Text className="table__cell table__cell--narrow">紧急程度</Text>
            {SLA_STAGES.map((st) => (
              <Text key={st} className="table__cell">
                {SLA_STAGE_LABELS[st]}
              </Text>
            ))}
          </View>
          {URGENCIES.map((u) => (
            <View key={u} className={`table__row repair-settings__sla-row repair-settings__sla-row--${u}`}>
              <Text className="table__cell table__cell--narrow">{URGENCY_LABELS[u]}</Text>
              {SLA_STAGES.map((st) => (
                <View key={st} className="table__cell">
                  <Input className={`input repair-settings__sla-input repair-settings__sla-${u}-${st}`} type="number" value={sla[u][st]} maxlength={5} onInput={(e) => setMinutes(u, st, e.detail.value)} />
                  <Text className="muted repair-settings__sla-hint">{Number(sla[u][st]) > 0 ? durationText(Number(sla[u][st])) : ''}</Text>
                </View>
              ))}
            </View>
          ))}
        </View>
      </Field>
      <FormError error={submit.error} shownFields={FIELDS} />
      <Button className="btn btn--primary repair-settings__save" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
        保存设置
      </Button>
    </View>
  );
}

export default function RepairSettingsPage() {
  useSession({ required: true });
  const settings = useCloud('repairs', 'settings');
  const [version, setVersion] = useState(0);
  useEffect(() => setVersion((v) => v + 1), [settings.data]);
  return (
    <View className="page repair-settings">
      <PageHeader title="报修设置" subtitle="本小区的报修类别、派单方式和处理时限" />
      <StateView loading={settings.loading} error={settings.error} onRetry={settings.reload}>
        {settings.data ? (
          <SettingsForm
            key={version}
            settings={settings.data}
            onSaved={(s) => {
              settings.set(s);
              toast('已保存');
            }}
          />
        ) : null}
      </StateView>
    </View>
  );
}
