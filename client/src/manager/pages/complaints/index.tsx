import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { ComplaintSettingsView } from '@shared/contracts/complaints.contract';
import { COMPLAINT_CATEGORY_LABELS, COMPLAINT_STATUS_LABELS, OPEN_COMPLAINT_STATUSES } from '@shared/domain/complaints';
import { routes } from '@shared/routes';
import { addMonths, formatTime, localMonth } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Stat } from '@/components/stat';
import { Field, FormError } from '@/components/form-field';
import { ComplaintRow } from '@/components/complaint-tags';
import { formatRate } from '@/components/repair-format';
import { useReloadOnReturn } from '@/components/reload-on-return';

const oneDecimal = (n: number | null) => (n === null ? '—' : String(Math.round(n * 10) / 10));

type SettingsKey = 'firstResponseHours' | 'urgentFirstResponseHours' | 'replyDays' | 'followUpDays';
const SETTINGS_FIELDS: { key: SettingsKey; label: string; unit: string; hint: string }[] = [
  { key: 'firstResponseHours', label: '首次响应时限', unit: '小时', hint: '自收到投诉起，受理（指定负责人）的时限' },
  { key: 'urgentFirstResponseHours', label: '紧急投诉响应时限', unit: '小时', hint: '涉及安全、扬言曝光等紧急投诉，不能长于普通投诉' },
  { key: 'replyDays', label: '书面答复时限', unit: '天', hint: '自收到投诉起，给业主书面答复的时限' },
  { key: 'followUpDays', label: '回访时限', unit: '天', hint: '答复后回访业主的时限' },
];

/** 投诉时限设置: the four deadlines (complaints.saveSettings). */
function SettingsForm({ settings, onSaved }: { settings: ComplaintSettingsView; onSaved: (s: ComplaintSettingsView) => void }) {
  const submit = useSubmit();
  const [draft, setDraft] = useState<Record<SettingsKey, string>>(() => ({
    firstResponseHours: String(settings.firstResponseHours),
    urgentFirstResponseHours: String(settings.urgentFirstResponseHours),
    replyDays: String(settings.replyDays),
    followUpDays: String(settings.followUpDays),
  }));
  useEffect(() => {
    setDraft({
      firstResponseHours: String(settings.firstResponseHours),
      urgentFirstResponseHours: String(settings.urgentFirstResponseHours),
      replyDays: String(settings.replyDays),
      followUpDays: String(settings.followUpDays),
    });
  }, [settings]);

  const save = async () => {
    const values = {} as Record<SettingsKey, number>;
    const found: Record<string, string> = {};
    for (const f of SETTINGS_FIELDS) {
      const n = Number(draft[f.key]);
      if (!draft[f.key].trim() || !Number.isInteger(n) || n < 1) found[f.key] = `${f.label}应为正整数（${f.unit}）`;
      values[f.key] = n;
    }
    if (Object.keys(found).length) return submit.fail(found);
    const saved = await submit.run(() => call('complaints', 'saveSettings', values));
    if (saved) onSaved(saved);
  };

  return (
    <View className="complaint-settings__form">
      {SETTINGS_FIELDS.map((f) => (
        <Field key={f.key} label={`${f.label}（${f.unit}）`} name={`complaint-${f.key}`} required error={submit.fieldErrors[f.key]} hint={f.hint}>
          <Input
            className={`input complaint-settings__${f.key}`}
            type="number"
            value={draft[f.key]}
            maxlength={3}
            onInput={(e) => submit.edited(f.key, (v: string) => setDraft((d) => ({ ...d, [f.key]: v })))(e.detail.value)}
          />
        </Field>
      ))}
      <FormError error={submit.error} shownFields={SETTINGS_FIELDS.map((f) => f.key)} />
      <Button className="btn btn--primary complaint-settings__save" loading={submit.busy} disabled={submit.busy || undefined} onClick={save}>
        保存时限
      </Button>
      {settings.updatedAt ? (
        <Text className="muted complaint-settings__updated">
          上次修改：{settings.updatedBy ?? ''} {formatTime(settings.updatedAt)}
        </Text>
      ) : null}
    </View>
  );
}

/** 投诉看板 (manager): open complaints by state and age, the overdue ones, by category; the month's figures; the deadlines. */
export default function ComplaintBoardPage() {
  useSession({ required: true });
  const board = useCloud('complaints', 'board');
  const thisMonth = localMonth(Date.now());
  const [month, setMonth] = useState(thisMonth);
  const monthly = useCloud('complaints', 'monthly', { month });
  const settings = useCloud('complaints', 'settings');
  useReloadOnReturn(board.reload);
  const now = Date.now();
  const b = board.data;
  const m = monthly.data;
  const ageMax = b ? Math.max(1, ...b.byAge.map((a) => a.count)) : 1;
  const categoryMax = b ? Math.max(1, ...b.byCategory.map((c) => c.total)) : 1;

  return (
    <View className="page complaint-page complaint-board">
      <PageHeader title="投诉看板" subtitle="处理进度、超时投诉、月度指标与时限设置" />
      <View className="entries">
        <View className="card card--link entry complaint-board__to-list" onClick={() => openPage(routes.staff.complaints)}>
          <Text className="card__title">全部投诉</Text>
          <Text className="muted">筛选、受理、答复、回访</Text>
        </View>
      </View>

      <StateView loading={board.loading && !b} error={board.error} onRetry={board.reload}>
        {b ? (
          <>
            <View className="card complaint-board__status">
              <View className="complaint-row__main">
                <Text className="card__title complaint-board__open">处理中 {b.open} 件</Text>
                <Text className="link complaint-board__reload" onClick={board.reload}>
                  刷新
                </Text>
              </View>
              <View className="complaint-board__counts">
                {OPEN_COMPLAINT_STATUSES.filter((st) => (b.byStatus[st] ?? 0) > 0).map((st) => (
                  <Stat key={st} className={`complaint-board__count complaint-board__count--${st}`} value={b.byStatus[st]} label={COMPLAINT_STATUS_LABELS[st]} />
                ))}
                {b.open === 0 ? <Text className="muted">暂无处理中的投诉</Text> : null}
              </View>
            </View>

            <View className="card complaint-board__ages">
              <Text className="card__title">处理中投诉的时长</Text>
              {b.byAge.map((a) => (
                <View key={a.label} className="bar-row complaint-board__age">
                  <Text className="bar-row__label">{a.label}</Text>
                  <View className="bar-row__track">
                    <View className="bar-row__fill" style={{ width: `${(a.count / ageMax) * 100}%` }} />
                  </View>
                  <Text className="bar-row__value">{a.count}</Text>
                </View>
              ))}
            </View>

            <View className="card complaint-board__overdue">
              <Text className="card__title">已超时（{b.overdue.length}）</Text>
              {b.overdue.length === 0 ? <Text className="muted">没有超时的投诉</Text> : null}
              {b.overdue.map((c) => (
                <ComplaintRow key={c.id} item={c} staff now={now} className="complaint-board__overdue-item" onClick={() => openPage(routes.staff.complaint, { id: c.id })} />
              ))}
            </View>

            <View className="card complaint-board__categories">
              <Text className="card__title">按类别</Text>
              {b.byCategory.length === 0 ? <Text className="muted">暂无投诉</Text> : null}
              {b.byCategory.map((c) => (
                <View key={c.category} className={`bar-row complaint-board__category complaint-board__category--${c.category}`}>
                  <Text className="bar-row__label">{COMPLAINT_CATEGORY_LABELS[c.category]}</Text>
                  <View className="bar-row__track">
                    <View className="bar-row__fill" style={{ width: `${(c.total / categoryMax) * 100}%` }} />
                  </View>
                  <Text className="bar-row__value">
                    {c.open}/{c.total}
                  </Text>
                </View>
              ))}
              {b.byCategory.length > 0 ? <Text className="muted">数字为 处理中/累计</Text> : null}
            </View>
          </>
        ) : null}
      </StateView>

      <View className="card complaint-month">
        <View className="complaint-board__month-nav">
          <Text className="link complaint-month__prev" onClick={() => setMonth((v) => addMonths(v, -1))}>
            ‹ 上个月
          </Text>
          <Text className="complaint-month__label">{month} 月度统计</Text>
          {month >= thisMonth ? (
            <Text className="muted complaint-month__next">下个月 ›</Text>
          ) : (
            <Text className="link complaint-month__next" onClick={() => setMonth((v) => addMonths(v, 1))}>
              下个月 ›
            </Text>
          )}
        </View>
        <StateView loading={monthly.loading} error={monthly.error} onRetry={monthly.reload}>
          {m ? (
            <>
              <View className="stats">
                <Stat className="complaint-month__count" value={m.count} label="投诉数" />
                <Stat className="complaint-month__valid" value={formatRate(m.validShare)} label="有效投诉占比" />
                <Stat className="complaint-month__reopen" value={formatRate(m.reopenRate)} label="重开率" />
                <Stat className="complaint-month__satisfaction" value={formatRate(m.satisfaction)} label="回访满意率" />
              </View>
              <View className="info-row">
                <Text className="muted">首次响应（中位数）</Text>
                <Text className="complaint-month__first-response">{m.medianFirstResponseHours === null ? '—' : `${oneDecimal(m.medianFirstResponseHours)} 小时`}</Text>
              </View>
              <View className="info-row">
                <Text className="muted">结案用时（中位数）</Text>
                <Text className="complaint-month__close-days">{m.medianCloseDays === null ? '—' : `${oneDecimal(m.medianCloseDays)} 天`}</Text>
              </View>
              {m.byCategory.length > 0 ? (
                <Text className="muted complaint-month__categories">{m.byCategory.map((c) => `${COMPLAINT_CATEGORY_LABELS[c.category]} ${c.count}`).join(' · ')}</Text>
              ) : null}
            </>
          ) : null}
        </StateView>
      </View>

      <View className="card complaint-settings">
        <Text className="card__title">投诉时限设置</Text>
        <StateView loading={settings.loading && !settings.data} error={settings.error} onRetry={settings.reload}>
          {settings.data ? (
            <SettingsForm
              settings={settings.data}
              onSaved={(s) => {
                settings.set(s);
                toast('已保存');
              }}
            />
          ) : null}
        </StateView>
      </View>
    </View>
  );
}
