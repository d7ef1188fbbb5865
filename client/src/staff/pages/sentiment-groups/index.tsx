import { useState } from 'react';
import { Button, Input, Switch, Text, View } from '@tarojs/components';
import type { GroupOverview, SentimentSettingsView } from '@shared/contracts/sentiment.contract';
import { routes } from '@shared/routes';
import { formatTime } from '@shared/domain/calendar';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { toast } from '@/services/ui';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { usePaged } from '@/hooks/use-paged';
import { useSubmit } from '@/hooks/use-submit';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { PagedList } from '@/components/paged-list';
import { Field, FormError } from '@/components/form-field';
import { useReloadOnReturn } from '@/components/reload-on-return';
import { GroupMessage } from '@/components/sentiment-text';
import { topicLabel } from '@/components/sentiment-tags';
import { CorrectAction } from '../../components/sentiment-correct';
import { LexiconLinks } from '../../components/sentiment-lexicon-links';

/** A share of 0.5 or more negative messages in a day is drawn darker. */
const HIGH_SHARE = 0.5;

/** 14 days of negative share per day (oldest first), as simple bars. */
function DayBars({ days }: { days: GroupOverview['days'] }) {
  return (
    <View className="sentiment-bars-wrap">
      <View className="sentiment-bars">
        {days.map((d) => (
          <View key={d.day} className="sentiment-bars__day" data-day={d.day}>
            <View
              className={`sentiment-bars__fill ${d.share === null || d.negative === 0 ? 'sentiment-bars__fill--none' : d.share >= HIGH_SHARE ? 'sentiment-bars__fill--high' : ''}`}
              style={{ height: `${Math.round((d.share ?? 0) * 100)}%` }}
            />
          </View>
        ))}
      </View>
      <View className="sentiment-bars__legend">
        <Text>{days[0]?.day.slice(5) ?? ''}</Text>
        <Text>近14天负面占比</Text>
        <Text>{days[days.length - 1]?.day.slice(5) ?? ''}</Text>
      </View>
    </View>
  );
}

function GroupCard({ group, selected, onSelect }: { group: GroupOverview; selected: boolean; onSelect: () => void }) {
  return (
    <View className={`card card--link sentiment-group ${selected ? 'sentiment-group--selected' : ''}`} data-id={group.groupId} onClick={onSelect}>
      <View className="sentiment-group__main">
        <Text className="sentiment-group__name">{group.name}</Text>
        {group.openIncidents > 0 ? <Text className="badge sentiment-group__open">{group.openIncidents}</Text> : null}
      </View>
      <Text className="sentiment-group__figures">
        {group.messages} 条消息 · {group.negative} 条负面 · 待处理事件 {group.openIncidents} 起
      </Text>
      <DayBars days={group.days} />
      {group.topTopics.length ? (
        <View className="sentiment-group__topics">
          {group.topTopics.map((t) => (
            <Text key={t.topic} className="tag">
              {topicLabel(t.topic)} {t.count}
            </Text>
          ))}
        </View>
      ) : null}
      <Text className="link card__text">{selected ? '收起消息' : '查看群消息 ›'}</Text>
    </View>
  );
}

/** One group's messages, newest first as the server pages them; 只看负面 filters. */
function GroupMessages({ group }: { group: GroupOverview }) {
  const [negativeOnly, setNegativeOnly] = useState(false);
  const list = usePaged((page) => call('sentiment', 'messages', { groupId: group.groupId, negativeOnly, page, pageSize: 20 }), `${group.groupId}:${negativeOnly}`);
  return (
    <View className="card sentiment-group-messages">
      <Text className="card__title">{group.name} · 群消息</Text>
      <View className="switch-row">
        <Text>只看负面</Text>
        <Switch className="sentiment-group-messages__negative" checked={negativeOnly} color="#1677ff" onChange={(e) => setNegativeOnly(e.detail.value)} />
      </View>
      <PagedList list={list} name="group-messages" emptyText={negativeOnly ? '没有负面消息' : '暂无消息'} render={(m) => <GroupMessage key={m.messageId} message={m} action={<CorrectAction groupId={group.groupId} message={m} />} />} />
    </View>
  );
}

type Draft = Record<'windowMinutes' | 'minNegatives' | 'minSenders' | 'retentionDays', string>;
const SETTING_FIELDS: { key: keyof Draft; label: string; unit: string; hint: string }[] = [
  { key: 'windowMinutes', label: '统计时间窗口', unit: '分钟', hint: '在这段时间内统计负面消息' },
  { key: 'minNegatives', label: '负面消息条数', unit: '条', hint: '窗口内达到这么多条负面消息时生成事件' },
  { key: 'minSenders', label: '发言人数', unit: '人', hint: '且至少来自这么多位不同的发言人' },
  { key: 'retentionDays', label: '消息保留天数', unit: '天', hint: '群消息原文超过天数后自动删除' },
];
const toDraft = (s: SentimentSettingsView): Draft => ({
  windowMinutes: String(s.windowMinutes),
  minNegatives: String(s.minNegatives),
  minSenders: String(s.minSenders),
  retentionDays: String(s.retentionDays),
});

/** 舆情设置 (managers): when negative messages open an incident, and how long messages are kept. */
function SentimentSettings() {
  const settings = useCloud('sentiment', 'settings');
  const [draft, setDraft] = useState<Draft>();
  const submit = useSubmit();
  const shown = draft ?? (settings.data ? toDraft(settings.data) : undefined);

  const save = async () => {
    if (!shown) return;
    const values = Object.fromEntries(SETTING_FIELDS.map((f) => [f.key, Number(shown[f.key])])) as Record<keyof Draft, number>;
    const bad = SETTING_FIELDS.filter((f) => !Number.isInteger(values[f.key]) || shown[f.key].trim() === '');
    if (bad.length) return submit.fail(Object.fromEntries(bad.map((f) => [f.key, '请填写整数'])));
    const next = await submit.run(() => call('sentiment', 'saveSettings', values));
    if (next) {
      settings.set(next);
      setDraft(undefined);
      toast('已保存');
    }
  };

  return (
    <View className="card sentiment-settings">
      <Text className="card__title">舆情设置</Text>
      <StateView loading={settings.loading && !settings.data} error={settings.error} onRetry={settings.reload}>
        {shown ? (
          <View className="form">
            {SETTING_FIELDS.map((f) => (
              <Field key={f.key} label={`${f.label}（${f.unit}）`} name={f.key} hint={f.hint} error={submit.fieldErrors[f.key]}>
                <Input
                  className={`input sentiment-settings__${f.key}`}
                  type="number"
                  value={shown[f.key]}
                  maxlength={4}
                  onInput={(e) => submit.edited(f.key, (v: string) => setDraft({ ...shown, [f.key]: v }))(e.detail.value)}
                />
              </Field>
            ))}
            {settings.data?.updatedAt ? (
              <Text className="muted">
                {settings.data.updatedBy ?? ''} 于 {formatTime(settings.data.updatedAt)} 修改
              </Text>
            ) : null}
            <FormError error={submit.error} shownFields={SETTING_FIELDS.map((f) => f.key)} />
            <Button className="btn btn--primary sentiment-settings__save" loading={submit.busy} disabled={submit.busy || !draft || undefined} onClick={save}>
              保存设置
            </Button>
          </View>
        ) : null}
      </StateView>
    </View>
  );
}

/** 群概况 (agents, managers): each owner group's traffic and negative share; tap for its messages. Managers also see 舆情设置. */
export default function SentimentGroupsPage() {
  const session = useSession({ required: true });
  const groups = useCloud('sentiment', 'groups');
  const [selected, setSelected] = useState<string>();
  useReloadOnReturn(groups.reload);
  const isManager = !!session?.me.roles.includes('manager');
  const chosen = groups.data?.find((g) => g.groupId === selected);

  return (
    <View className="page sentiment-page sentiment-groups">
      <PageHeader title="群概况" subtitle="各业主群的消息量、负面占比和待处理事件" />
      <View className="sentiment-toolbar">
        <Button className="btn btn--ghost sentiment-groups__incidents" size="mini" onClick={() => openPage(routes.staff.incidents)}>
          舆情事件
        </Button>
        <Button className="btn btn--ghost sentiment-groups__import" size="mini" onClick={() => openPage(routes.staff.sentimentImport)}>
          导入聊天记录
        </Button>
      </View>
      <LexiconLinks manager={isManager} />
      <StateView loading={groups.loading && !groups.data} error={groups.error} onRetry={groups.reload} empty={groups.data?.length === 0} emptyText="还没有业主群的消息，可先导入聊天记录">
        {(groups.data ?? []).map((g) => (
          <View key={g.groupId}>
            <GroupCard group={g} selected={g.groupId === selected} onSelect={() => setSelected(g.groupId === selected ? undefined : g.groupId)} />
            {chosen && chosen.groupId === g.groupId ? <GroupMessages group={chosen} /> : null}
          </View>
        ))}
      </StateView>
      {isManager ? <SentimentSettings /> : null}
    </View>
  );
}
