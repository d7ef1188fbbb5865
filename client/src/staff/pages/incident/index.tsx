import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import type { IncidentDetail } from '@shared/contracts/sentiment.contract';
import { ESCALATION_GROUP_LABELS } from '@shared/domain/sentiment';
import { INCIDENT_EVENT_LABELS, INCIDENT_STATUS_LABELS } from '@shared/domain/sentiment-incidents';
import { routes } from '@shared/routes';
import { agoText, durationText, formatTime } from '@shared/domain/calendar';
import { useSession } from '@/hooks/use-session';
import { useCloud } from '@/hooks/use-cloud';
import { useSubmit } from '@/hooks/use-submit';
import { call } from '@/services/cloud';
import { openPage } from '@/services/navigation';
import { toast } from '@/services/ui';
import { PageHeader } from '@/components/page-header';
import { StateView } from '@/components/state-view';
import { Field, FormError } from '@/components/form-field';
import { GroupMessage } from '@/components/sentiment-text';
import { IncidentStatusTag, SeverityTag, topicLabel } from '@/components/sentiment-tags';
import { SentimentConvert } from '../../components/sentiment-convert';
import { CorrectAction } from '../../components/sentiment-correct';
import { ScriptPanel } from '@/components/script-panel';

type Panel = 'repair' | 'complaint' | 'resolve';

/**
 * 舆情事件详情 (staff/pages/incident/index?id=…): the messages with their evidence highlighted, the
 * reply script to copy, the handbook's steps, and what the server allows now (`actions`):
 * 已响应, 转为报修 / 转为投诉, 标记解决.
 */
export default function IncidentPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  useSession({ required: true });
  const incident = useCloud('sentiment', 'incident', { incidentId: id }, { skip: !id });
  const [panel, setPanel] = useState<Panel | null>(null);
  const [note, setNote] = useState('');
  const quick = useSubmit();
  const resolve = useSubmit();
  const detail = incident.data;

  const done = (text: string) => (next: IncidentDetail) => {
    incident.set(next);
    setPanel(null);
    toast(text);
  };
  const can = (a: IncidentDetail['actions'][number]) => !!detail?.actions.includes(a);
  const converted = (kind: 'repair' | 'complaint') => !!detail?.conversions.some((c) => c.kind === kind);
  const open = (p: Panel) => {
    quick.clear();
    resolve.clear();
    setPanel(p);
  };

  const acknowledge = async () => {
    if (!detail) return;
    const next = await quick.run(() => call('sentiment', 'acknowledge', { incidentId: detail.id }));
    if (next) done('已响应')(next);
    else incident.reload();
  };
  const sendResolve = async () => {
    if (!detail) return;
    const text = note.trim();
    if (text.length < 2) return resolve.fail({ note: '请填写处理结果' });
    const next = await resolve.run(() => call('sentiment', 'resolve', { incidentId: detail.id, note: text }));
    if (next) done('已标记解决')(next);
  };
  const copyScript = () => {
    if (!detail) return;
    Taro.setClipboardData({ data: detail.script })
      .then(() => toast('话术已复制，可粘贴到群里'))
      .catch(() => toast('复制失败，请长按话术手动复制'));
  };

  return (
    <View className="page sentiment-page sentiment-detail">
      <PageHeader title={detail ? `${topicLabel(detail.topic)} · ${detail.groupName}` : '舆情事件'} subtitle={detail ? `首条消息 ${formatTime(detail.firstAt)}（${agoText(detail.firstAt, Date.now())}）` : undefined} />
      {!id ? <Text className="muted">缺少事件编号，请从舆情事件列表进入。</Text> : null}
      <StateView loading={incident.loading && !detail} error={incident.error} onRetry={incident.reload}>
        {detail ? (
          <>
            <View className="card sentiment-detail__summary">
              <View className="sentiment-incident__main">
                <View className="sentiment-incident__tags">
                  <SeverityTag severity={detail.severity} />
                  <Text className="sentiment-incident__topic">{topicLabel(detail.topic)}</Text>
                </View>
                <IncidentStatusTag status={detail.status} />
              </View>
              <Text className="sentiment-detail__line">群：{detail.groupName}</Text>
              <Text className="sentiment-detail__line sentiment-detail__counts">
                {detail.negatives} 条负面消息 · {detail.senders} 位发言人{detail.highs ? ` · ${detail.highs} 条升级风险` : ''}
              </Text>
              <Text className="sentiment-detail__line muted">
                {formatTime(detail.firstAt)} 至 {formatTime(detail.lastAt)}
              </Text>
              {detail.escalation.length ? (
                <View className="sentiment-detail__escalation">
                  {detail.escalation.map((g) => (
                    <Text key={g} className="tag">
                      {ESCALATION_GROUP_LABELS[g]}
                    </Text>
                  ))}
                </View>
              ) : null}
              {detail.acknowledgedAt ? (
                <Text className="sentiment-detail__line sentiment-detail__acknowledged">
                  {detail.acknowledgedBy ?? ''} {formatTime(detail.acknowledgedAt)} 响应
                  {detail.minutesToAcknowledge !== undefined ? `，响应用时 ${durationText(detail.minutesToAcknowledge, '分钟')}` : ''}
                </Text>
              ) : null}
              {detail.resolvedAt ? (
                <Text className="sentiment-detail__line sentiment-detail__resolved">
                  {formatTime(detail.resolvedAt)} 已解决{detail.resolveNote ? `：${detail.resolveNote}` : ''}
                </Text>
              ) : null}
            </View>

            {detail.actions.length || panel || quick.error ? (
              <View className="card sentiment-detail__actions">
                {panel === null ? (
                  <View className="sentiment-detail__buttons">
                    {can('acknowledge') ? (
                      <Button className="btn btn--primary sentiment-detail__acknowledge" size="mini" loading={quick.busy} disabled={quick.busy || undefined} onClick={acknowledge}>
                        已响应
                      </Button>
                    ) : null}
                    {can('convert') && !converted('repair') ? (
                      <Button className="btn btn--primary sentiment-detail__to-repair" size="mini" onClick={() => open('repair')}>
                        转为报修
                      </Button>
                    ) : null}
                    {can('convert') && !converted('complaint') ? (
                      <Button className="btn btn--primary sentiment-detail__to-complaint" size="mini" onClick={() => open('complaint')}>
                        转为投诉
                      </Button>
                    ) : null}
                    {can('resolve') ? (
                      <Button className="btn btn--ghost sentiment-detail__resolve" size="mini" onClick={() => open('resolve')}>
                        标记解决
                      </Button>
                    ) : null}
                  </View>
                ) : null}
                <FormError error={quick.error} />
                {panel === 'repair' || panel === 'complaint' ? <SentimentConvert detail={detail} to={panel} onDone={done(panel === 'repair' ? '已转为报修' : '已转为投诉')} onCancel={() => setPanel(null)} /> : null}
                {panel === 'resolve' ? (
                  <View className="form sentiment-resolve">
                    <Text className="repair-action__title">标记解决</Text>
                    <Field label="处理结果" name="note" required error={resolve.fieldErrors.note}>
                      <Textarea
                        className="textarea sentiment-detail__resolve-note"
                        value={note}
                        maxlength={500}
                        placeholder="如：已维修完毕，业主确认满意，并在群里通报"
                        onInput={(e) => resolve.edited('note', setNote)(e.detail.value)}
                      />
                    </Field>
                    <FormError error={resolve.error} shownFields={['note']} />
                    <View className="form-buttons">
                      <Button className="btn btn--ghost sentiment-detail__resolve-cancel" size="mini" onClick={() => setPanel(null)}>
                        返回
                      </Button>
                      <Button className="btn btn--primary sentiment-detail__resolve-submit" size="mini" loading={resolve.busy} disabled={resolve.busy || undefined} onClick={sendResolve}>
                        确认解决
                      </Button>
                    </View>
                  </View>
                ) : null}
              </View>
            ) : null}

            {detail.conversions.length ? (
              <View className="card sentiment-detail__conversions">
                <Text className="card__title">已转工单</Text>
                {detail.conversions.map((c) => (
                  <Text
                    key={`${c.kind}-${c.id}`}
                    className={`link sentiment-detail__conversion sentiment-detail__conversion--${c.kind}`}
                    onClick={() => openPage(c.kind === 'repair' ? routes.staff.repair : routes.staff.complaint, { id: c.id })}
                  >
                    {c.kind === 'repair' ? '报修工单' : '投诉'} {c.no} ›
                  </Text>
                ))}
              </View>
            ) : null}

            <View className="card sentiment-detail__script-card">
              <View className="sentiment-incident__main">
                <Text className="card__title">回复话术</Text>
                <Button className="btn btn--ghost sentiment-detail__copy" size="mini" onClick={copyScript}>
                  复制话术
                </Button>
              </View>
              <Text className="sentiment-detail__script" userSelect>
                {detail.script}
              </Text>
            </View>

            <View className="card sentiment-detail__steps">
              <Text className="card__title">处理步骤</Text>
              {detail.steps.map((s, i) => (
                <View key={s} className="sentiment-detail__step">
                  <Text className="sentiment-detail__step-no">{i + 1}</Text>
                  <Text>{s}</Text>
                </View>
              ))}
            </View>

            <ScriptPanel context={{ context: 'incident', topic: detail.topic }} fill={{ 业主称呼: detail.messages[0]?.owner?.name ?? detail.messages[0]?.nickname ?? '业主' }} title="更多话术（私信、通报）" />

            <View className="card sentiment-detail__messages">
              <Text className="card__title">群消息（{detail.messages.length} 条）</Text>
              {detail.expiredMessages > 0 ? <Text className="sentiment-detail__note sentiment-detail__expired">另有 {detail.expiredMessages} 条消息已超过保留期限被删除</Text> : null}
              {detail.messages.map((m) => (
                <GroupMessage key={m.messageId} message={m} action={<CorrectAction groupId={detail.groupId} message={m} />} />
              ))}
            </View>

            <View className="card sentiment-detail__history">
              <Text className="card__title">处理记录</Text>
              {[...detail.history]
                .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
                .map((h, i) => (
                  <View key={`${h.at}-${i}`} className={`sentiment-timeline__item sentiment-timeline__item--${h.event}`}>
                    <Text>
                      {INCIDENT_EVENT_LABELS[h.event]} · {INCIDENT_STATUS_LABELS[h.to]}
                    </Text>
                    <Text className="sentiment-timeline__meta">
                      {formatTime(h.at)} · {h.byName}
                    </Text>
                    {h.note ? <Text className="sentiment-detail__note">{h.note}</Text> : null}
                  </View>
                ))}
            </View>
          </>
        ) : null}
      </StateView>
    </View>
  );
}
