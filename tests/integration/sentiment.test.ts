import type { ImportReport, IncidentDetail, IngestReport } from '@shared/contracts/sentiment.contract';
import { setClock } from '../../cloud/lib/clock';
import { Complaint } from '../../cloud/modules/complaints/complaint.model';
import { OutboxMessage } from '../../cloud/modules/messaging/messaging.model';
import { Repair } from '../../cloud/modules/repairs/repair.model';
import { cleanupMessages } from '../../cloud/modules/sentiment/incident.service';
import { SentimentIncident, SentimentMessage } from '../../cloud/modules/sentiment/sentiment.model';
import { DAYTIME, err, ok, world, type Person, type World } from '../helpers/repairs';
import { oneItem, total, twoWorkersUntilDone, untilDone } from '../helpers/sliced-runs';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Owner-group sentiment in the product: messages arrive (API batches, exported chat text), are
 * analysed and stored; negative ones open incidents by the rules; agents acknowledge, convert and
 * resolve; raw messages expire.
 */
let stack: Stack;
let clock = DAYTIME;
beforeAll(async () => {
  stack = await startStack();
});
beforeEach(() => {
  clock = DAYTIME;
  setClock(() => clock);
});
afterAll(async () => {
  setClock();
  await stack.stop();
});

const tokenOf = (p: Person) => stack.login(stack.wechat.mintCode(p.openid));
const minutes = (m: number) => new Date(clock.getTime() + m * 60_000).toISOString();
let seq = 0;
const msg = (sender: string, text: string, atMinute: number, nickname = sender) => ({ messageId: `m${++seq}`, sender: { id: sender, nickname }, text, sentAt: minutes(atMinute) });

async function ingest(w: World, groupId: string, messages: ReturnType<typeof msg>[], by: Person = w.agent): Promise<IngestReport> {
  return ok(await stack.invoke('sentiment', 'ingest', { groupId, groupName: `${groupId}业主群`, messages }, await tokenOf(by)), 'ingest');
}
async function incidentsOf(w: World, groupId: string) {
  return ok(await stack.invoke('sentiment', 'incidents', { status: 'all', groupId }, await tokenOf(w.agent))).items;
}

test('When a batch is replayed, then nothing is stored twice; empty and huge texts are kept as sent', async () => {
  const w = await world(stack);
  const batch = [msg('u1', '请问明天停水吗？', 0), msg('u2', '', 1), msg('u3', `${'楼道灯坏了没人修，'.repeat(700)}`, 2)];
  const first = await ingest(w, 'g-replay', batch);
  expect(first).toMatchObject({ received: 3, inserted: 3, duplicates: 0 });
  const again = await ingest(w, 'g-replay', batch);
  expect(again).toMatchObject({ received: 3, inserted: 0, duplicates: 3, incidentsOpened: 0 });
  const stored = await SentimentMessage.find({ groupId: 'g-replay', communityId: w.communityId }).sort({ sentAt: 1 }).lean();
  expect(stored).toHaveLength(3);
  expect(stored[0]).toMatchObject({ negative: false, level: 'none' });
  expect(stored[1]).toMatchObject({ text: '', level: 'none' });
  expect(stored[2].text.length).toBe(6300); // kept whole; the analysis read the first 5,000 characters
  expect(stored[2].negative).toBe(true);
});

test('When 3 negative messages about a leak come from 2 owners within 30 minutes, then an incident opens and the on-duty agent and the manager are alerted with the evidence', async () => {
  const w = await world(stack);
  const g = 'g-leak';
  expect((await ingest(w, g, [msg('u1', '楼上又漏水了，天花板都泡坏了，物业到底管不管！', 0)])).incidentsOpened).toBe(0);
  expect((await ingest(w, g, [msg('u2', '我家也是，卫生间顶上一直渗水，报修三天没人来', 10)])).incidentsOpened).toBe(0);
  const third = await ingest(w, g, [msg('u1', '漏水这么久了还不处理，太差劲了', 25)]);
  expect(third.incidentsOpened).toBe(1);
  const [incident] = await incidentsOf(w, g);
  expect(incident).toMatchObject({ topic: 'leak', status: 'open', severity: 2, negatives: 3, senders: 2, groupName: 'g-leak业主群' });
  const alerts = await OutboxMessage.find({ eventKey: { $regex: `^incident:${incident.id}:` } }).lean();
  expect(alerts.map((a) => String(a.recipientId)).sort()).toEqual([w.agent.id, w.manager.id].sort());
  expect(JSON.stringify(alerts[0].lines)).toContain('楼上又漏水了');
  // Later messages join the open incident (no second incident); a threat raises the severity and tells the manager again.
  const later = await ingest(w, g, [msg('u3', '再不修漏水我就打12345投诉住建局', 40)]);
  expect(later).toMatchObject({ incidentsOpened: 0, incidentsJoined: 1 });
  const [grown] = await incidentsOf(w, g);
  expect(grown).toMatchObject({ id: incident.id, negatives: 4, senders: 3, highs: 1, severity: 4 });
  expect((await OutboxMessage.find({ eventKey: `incident:${incident.id}:severity:4` }).lean()).map((a) => String(a.recipientId))).toEqual([w.manager.id]);
});

test('When negative messages are too few, from one owner, or spread out, then no incident; a single escalation threat opens one at once', async () => {
  const w = await world(stack);
  await ingest(w, 'g-calm', [msg('u1', '漏水好几天了没人管', 0), msg('u1', '漏水还是没人来修，太慢了', 5), msg('u1', '漏水的事到底管不管', 10)]);
  await ingest(w, 'g-calm', [msg('u2', '漏水也太慢了吧', 50)]);
  expect(await incidentsOf(w, 'g-calm')).toEqual([]);
  const threat = await ingest(w, 'g-threat', [msg('u9', '电梯又坏了，困了好几个人，太危险了', 0)]);
  expect(threat.incidentsOpened).toBe(1);
  const [one] = await incidentsOf(w, 'g-threat');
  expect(one).toMatchObject({ topic: 'elevator', highs: 1 });
  expect(one.severity).toBeGreaterThanOrEqual(3);
});

test('When an agent imports exported chat text, then malformed lines are reported with their numbers, the rest imported, and a re-import adds nothing', async () => {
  const w = await world(stack);
  const content = [
    '2026-11-27 09:01 1-0502赵业主: 楼上又漏水了，天花板都泡坏了，物业到底管不管！',
    '2026-11-27 09:05 钱女士: 我家也是，卫生间顶上一直渗水',
    '报修三天没人来',
    '这行不是消息',
    '2026-11-27 25:00 孙先生: 时间不对',
    '2026-11-27 09:20 孙先生: 漏水这么久了还不处理，太差劲了',
  ].join('\n');
  const report = ok(await stack.invoke('sentiment', 'importChat', { groupName: '幸福里3栋业主群', content }, await tokenOf(w.agent))) as ImportReport;
  expect(report).toMatchObject({ lines: 6, received: 3, inserted: 3, incidentsOpened: 1 });
  expect(report.problems.map((p) => p.line)).toEqual([5]);
  const again = ok(await stack.invoke('sentiment', 'importChat', { groupName: '幸福里3栋业主群', content }, await tokenOf(w.agent))) as ImportReport;
  expect(again).toMatchObject({ inserted: 0, duplicates: 3, incidentsOpened: 0 });
  const groups = ok(await stack.invoke('sentiment', 'groups', {}, await tokenOf(w.manager)));
  const group = groups.find((g) => g.name === '幸福里3栋业主群')!;
  expect(group).toMatchObject({ messages: 3, negative: 3, openIncidents: 1, topTopics: [{ topic: 'leak', count: 3 }] });
  expect(group.days.at(-1)).toMatchObject({ day: '2026-11-27', messages: 3, negative: 3, share: 1 });
});

test('When an agent acknowledges and converts an incident, then the known owner gets a repair for their unit, the time to acknowledge is measured, and resolving closes it', async () => {
  const w = await world(stack);
  const content = [
    '2026-11-27 09:01 3-0502赵业主: 楼上又漏水了，天花板都泡坏了，物业到底管不管！',
    '2026-11-27 09:05 钱女士: 我家也是，卫生间顶上一直渗水，报修三天没人来',
    '2026-11-27 09:20 路人甲: 漏水这么久了还不处理，太差劲了',
  ].join('\n');
  ok(await stack.invoke('sentiment', 'importChat', { groupName: '3栋群', content }, await tokenOf(w.agent)));
  const [summary] = ok(await stack.invoke('sentiment', 'incidents', {}, await tokenOf(w.agent))).items.filter((i) => i.groupName === '3栋群');
  clock = new Date(clock.getTime() + 7 * 60_000);
  const detail = ok(await stack.invoke('sentiment', 'incident', { incidentId: summary.id }, await tokenOf(w.agent))) as IncidentDetail;
  expect(detail.script).toContain('@3-0502赵业主');
  expect(detail.steps.length).toBeGreaterThan(3);
  const first = detail.messages[0];
  expect(first.owner).toMatchObject({ name: '赵业主', unitId: w.unitId, unitLabel: w.unitLabel });
  for (const e of first.evidence) expect(first.text.slice(e.start, e.end)).toBe(e.term);
  expect(detail.messages[1].owner).toBeUndefined();

  const acked = ok(await stack.invoke('sentiment', 'acknowledge', { incidentId: summary.id }, await tokenOf(w.agent)));
  expect(acked).toMatchObject({ status: 'acknowledged', minutesToAcknowledge: 7, acknowledgedBy: '孙客服' });
  expect(err(await stack.invoke('sentiment', 'acknowledge', { incidentId: summary.id }, await tokenOf(w.agent))).code).toBe('INCIDENT.INVALID_TRANSITION');

  const converted = ok(await stack.invoke('sentiment', 'convert', { incidentId: summary.id, to: 'repair', messageId: first.messageId }, await tokenOf(w.agent)));
  expect(converted.conversions).toHaveLength(1);
  const repair = await Repair.findById(converted.conversions[0].id).lean();
  expect(repair).toMatchObject({ channel: 'sentiment', category: '墙面/渗漏', contactName: '赵业主', location: w.unitLabel });
  expect(String(repair!.unitId)).toBe(w.unitId);
  // The owner reads a neutral description, not his own group-chat message.
  expect(repair!.description).toBe(detail.repairDraft.description);
  expect(repair!.description).not.toContain('天花板都泡坏了');
  // Once per kind: a second click returns the same conversion.
  const twice = ok(await stack.invoke('sentiment', 'convert', { incidentId: summary.id, to: 'repair', messageId: first.messageId }, await tokenOf(w.agent)));
  expect(twice.conversions).toHaveLength(1);
  // An unknown sender needs the unit and contact from the agent.
  const unknown = err(await stack.invoke('sentiment', 'convert', { incidentId: summary.id, to: 'complaint', messageId: detail.messages[1].messageId }, await tokenOf(w.agent)));
  expect(unknown).toMatchObject({ code: 'INCIDENT.OWNER_UNKNOWN', details: { missing: ['unitId', 'contactName', 'contactPhone'], nickname: '钱女士' } });
  const asComplaint = ok(
    await stack.invoke('sentiment', 'convert', { incidentId: summary.id, to: 'complaint', messageId: detail.messages[1].messageId, unitId: w.unitId, contactName: '钱女士', contactPhone: '13800001111' }, await tokenOf(w.agent)),
  );
  const complaint = await Complaint.findById(asComplaint.conversions[1].id).lean();
  expect(complaint).toMatchObject({ channel: 'sentiment', category: 'repair', contactName: '钱女士', sourceRef: `sentiment:${summary.id}` });

  const resolved = ok(await stack.invoke('sentiment', 'resolve', { incidentId: summary.id, note: '已维修并在群里通报' }, await tokenOf(w.agent)));
  expect(resolved).toMatchObject({ status: 'resolved', resolveNote: '已维修并在群里通报', actions: [] });
  // A new complaint on the topic after resolving starts a new incident, without re-counting the old messages.
  const next = await ingest(w, 'import:3栋群', [msg('u7', '又漏水了！！！再不修我就报警', 60)]);
  expect(next.incidentsOpened).toBe(1);
  const fresh = (await incidentsOf(w, 'import:3栋群')).find((i) => i.status === 'open')!;
  expect(fresh.negatives).toBe(1);
});

test('When an agent converts an elevator incident from an unknown speaker, then the form is pre-filled (公共区域 1栋电梯, 电梯, neutral words), the edited fields make the order, and a group quote is refused', async () => {
  const w = await world(stack);
  await ingest(w, 'g-lift', [msg('u-lift', '1栋电梯又坏了，困了好几个人，太危险了！有事打我13812345678', 0, '1-1502张先生')]);
  const [summary] = await incidentsOf(w, 'g-lift');
  const detail = ok(await stack.invoke('sentiment', 'incident', { incidentId: summary.id }, await tokenOf(w.agent))) as IncidentDetail;
  expect(detail.repairDraft).toEqual({ area: 'common', place: '1栋电梯', category: '电梯', description: '业主反映1栋电梯出现问题，请尽快安排检修。' });
  const messageId = detail.messages[0].messageId;
  // A common-area repair needs no unit: only the contact is missing for an unknown speaker.
  const unknown = err(await stack.invoke('sentiment', 'convert', { incidentId: summary.id, to: 'repair', messageId }, await tokenOf(w.agent)));
  expect(unknown).toMatchObject({ code: 'INCIDENT.OWNER_UNKNOWN', details: { missing: ['contactName', 'contactPhone'] } });
  const edited = { incidentId: summary.id, to: 'repair' as const, messageId, area: 'common' as const, place: '1栋2单元电梯', category: '电梯', contactName: '张先生', contactPhone: '13812345678' };
  const quoted = err(await stack.invoke('sentiment', 'convert', { ...edited, description: '业主说：1栋电梯又坏了，困了好几个人，太危险了！' }, await tokenOf(w.agent)));
  expect(quoted).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'description' }] } });
  expect(err(await stack.invoke('sentiment', 'convert', { ...edited, category: '不存在' }, await tokenOf(w.agent))).code).toBe('REPAIR.BAD_CATEGORY');
  const converted = ok(await stack.invoke('sentiment', 'convert', { ...edited, description: '1栋2单元电梯停运，有人被困，请立即检修' }, await tokenOf(w.agent)));
  const repair = await Repair.findById(converted.conversions[0].id).lean();
  expect(repair).toMatchObject({ area: 'common', location: '1栋2单元电梯', category: '电梯', contactName: '张先生', contactPhone: '13812345678', description: '1栋2单元电梯停运，有人被困，请立即检修' });
  expect(repair!.unitId).toBeUndefined();
});

test('When owners or other communities ask, then they are refused; raw messages expire after the retention', async () => {
  const w = await world(stack);
  await ingest(w, 'g-private', [msg('u1', '电梯又坏了，困了好几个人，太危险了', 0)]);
  const [incident] = await incidentsOf(w, 'g-private');
  expect(err(await stack.invoke('sentiment', 'incidents', {}, await tokenOf(w.owner))).code).toBe('AUTH.FORBIDDEN');
  const other = await world(stack);
  expect(err(await stack.invoke('sentiment', 'incident', { incidentId: incident.id }, await tokenOf(other.agent))).code).toBe('INCIDENT.NOT_FOUND');
  expect(ok(await stack.invoke('sentiment', 'groups', {}, await tokenOf(other.agent))).find((g) => g.groupId === 'g-private')).toBeUndefined();

  // A manager shortens the retention; messages older than it are deleted by the cleanup job.
  ok(await stack.invoke('sentiment', 'saveSettings', { windowMinutes: 30, minNegatives: 3, minSenders: 2, retentionDays: 7 }, await tokenOf(w.manager)));
  expect(err(await stack.invoke('sentiment', 'saveSettings', { windowMinutes: 30, minNegatives: 2, minSenders: 3, retentionDays: 7 }, await tokenOf(w.manager))).code).toBe('VALIDATION');
  await ingest(w, 'g-private', [msg('u2', '谢谢物业', 1)]);
  clock = new Date(clock.getTime() + 8 * 86_400_000);
  const { deleted } = await cleanupMessages();
  expect(deleted).toBeGreaterThanOrEqual(1);
  expect(await SentimentMessage.countDocuments({ communityId: w.communityId, messageId: { $exists: true }, text: '谢谢物业' })).toBe(0);
  // 90 days (the default when it arrived) for the first message.
  expect(await SentimentMessage.countDocuments({ communityId: w.communityId, groupId: 'g-private' })).toBe(1);
  clock = new Date(clock.getTime() + 90 * 86_400_000);
  await cleanupMessages();
  const gone = ok(await stack.invoke('sentiment', 'incident', { incidentId: incident.id }, await tokenOf(w.agent)));
  expect(gone).toMatchObject({ expiredMessages: 1, messages: [] });
  expect(await SentimentIncident.countDocuments({ _id: incident.id })).toBe(1);
});

describe('in slices', () => {
  test('When the retention job runs one message per invocation, then repeated runs (alone, or two workers at once) delete every expired message once and nothing else', async () => {
    const w = await world(stack);
    await ingest(w, 'g-slices', [1, 2, 3, 4, 5].map((m) => msg(`s${m}`, `第${m}条消息`, m)));
    ok(await stack.invoke('sentiment', 'saveSettings', { windowMinutes: 30, minNegatives: 3, minSenders: 2, retentionDays: 7 }, await tokenOf(w.manager)));
    await ingest(w, 'g-slices', [6, 7, 8].map((m) => msg(`s${m}`, `第${m}条消息`, m)));
    const scope = { communityIds: [String(w.communityId)] };
    // 8 days on: the 3 messages of the 7-day retention expired; the 5 older ones keep 90 days.
    clock = new Date(clock.getTime() + 8 * 86_400_000);
    const alone = await untilDone(() => cleanupMessages({ scope, budget: oneItem() }));
    expect(total(alone, 'deleted')).toBe(3);
    expect(alone.length).toBeGreaterThanOrEqual(3);
    expect(await SentimentMessage.countDocuments({ communityId: w.communityId })).toBe(5);
    // 91 days on: the 5 older ones go, by two workers at once.
    clock = new Date(clock.getTime() + 91 * 86_400_000);
    const two = await twoWorkersUntilDone(() => cleanupMessages({ scope, budget: oneItem() }));
    expect(total(two, 'deleted')).toBe(5);
    expect(await SentimentMessage.countDocuments({ communityId: w.communityId })).toBe(0);
  }, 180_000);
});
