import { statusOf } from '@shared/errors';
import { opensIncident, severityOf, DEFAULT_INCIDENT_RULES, INCIDENT_MACHINE, INCIDENT_STATUSES, type WindowMessage } from '@shared/domain/sentiment-incidents';
import { parseChatExport } from '../../cloud/modules/sentiment/chat-export';

describe('chat text exported from WeChat', () => {
  test('When an export has one-line and multi-line messages, then each message has its sender, local time and full text', () => {
    const { messages, problems } = parseChatExport(
      ['2024-05-01 09:12 张三: 楼上又漏水了', '2024-05-01 09:13:05 1-1502李四：第一行', '第二行', '', '2024/5/1 21:00 王五: 好的'].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(messages.map((m) => [m.nickname, m.text, m.sentAt.toISOString(), m.line])).toEqual([
      ['张三', '楼上又漏水了', '2024-05-01T01:12:00.000Z', 1],
      ['1-1502李四', '第一行\n第二行', '2024-05-01T01:13:05.000Z', 2],
      ['王五', '好的', '2024-05-01T13:00:00.000Z', 5],
    ]);
  });

  test('When lines are malformed, then each is reported with its line number and the rest is imported', () => {
    const { messages, problems } = parseChatExport(
      ['前面的说明文字', '2024-05-01 09:12 张三: 正常消息', '2024-13-01 09:12 李四: 月份不对', '它的第二行', '2024-05-01 09:15 : 没有发送人', '2024-05-01 09:16 王五:', '2024-05-01 09:17 赵六: 最后一条'].join('\r\n'),
    );
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [1, '不是消息的开头（缺少“时间 昵称:”）'],
      [3, '日期或时间无效'],
      [5, '缺少发送人（格式应为“时间 昵称: 内容”）'],
      [6, '消息内容为空'],
    ]);
    expect(messages.map((m) => m.nickname)).toEqual(['张三', '赵六']);
  });

  test('When the same file is parsed twice, then the message ids are the same; identical repeated messages get different ids', () => {
    const text = ['2024-05-01 09:12 张三: +1', '2024-05-01 09:12 张三: +1', '2024-05-01 09:13 李四: +1'].join('\n');
    const a = parseChatExport(text).messages.map((m) => m.messageId);
    const b = parseChatExport(text).messages.map((m) => m.messageId);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(3);
  });
});

describe('incident rules', () => {
  const at = (min: number, senderId: string, level: WindowMessage['level'] = 'medium'): WindowMessage => ({ senderId, sentAt: Date.UTC(2026, 10, 27, 2) + min * 60_000, level, negative: level !== 'none' });

  test('When 3 negative messages from 2 senders fall within 30 minutes, then an incident opens; fewer, one sender or spread out does not', () => {
    const rules = DEFAULT_INCIDENT_RULES;
    expect(opensIncident([at(0, 'a'), at(10, 'b'), at(29, 'a')], rules)).toBe(true);
    expect(opensIncident([at(0, 'a'), at(10, 'b')], rules)).toBe(false);
    expect(opensIncident([at(0, 'a'), at(10, 'a'), at(20, 'a')], rules)).toBe(false);
    expect(opensIncident([at(0, 'a'), at(20, 'b'), at(40, 'a')], rules)).toBe(false);
    expect(opensIncident([at(0, 'a'), at(20, 'b'), at(40, 'a'), at(45, 'c')], rules)).toBe(true);
    expect(opensIncident([at(0, 'a', 'none'), at(1, 'b', 'none'), at(2, 'c', 'none')], rules)).toBe(false);
  });

  test('When one message is high (escalation risk), then it opens an incident on its own', () => {
    expect(opensIncident([at(0, 'a', 'high')], DEFAULT_INCIDENT_RULES)).toBe(true);
  });

  test('When the window or counts are configured, then they are used', () => {
    const rules = { ...DEFAULT_INCIDENT_RULES, windowMinutes: 60, minNegatives: 2, minSenders: 2 };
    expect(opensIncident([at(0, 'a'), at(50, 'b')], rules)).toBe(true);
  });

  test('When volume and level rise, then severity rises: 提示 → 关注 → 严重 → 紧急', () => {
    expect(severityOf({ negatives: 1, highs: 0, senders: 1, safety: false })).toBe(1);
    expect(severityOf({ negatives: 3, highs: 0, senders: 2, safety: false })).toBe(2);
    expect(severityOf({ negatives: 6, highs: 0, senders: 3, safety: false })).toBe(3);
    expect(severityOf({ negatives: 1, highs: 1, senders: 1, safety: false })).toBe(3);
    expect(severityOf({ negatives: 2, highs: 2, senders: 1, safety: false })).toBe(4);
    expect(severityOf({ negatives: 1, highs: 1, senders: 1, safety: true })).toBe(4);
    expect(severityOf({ negatives: 10, highs: 0, senders: 4, safety: false })).toBe(4);
  });
});

describe('the incident table', () => {
  test('When an incident is open, then it can be acknowledged, converted or resolved; acknowledged, only converted or resolved; resolved, nothing', () => {
    expect(INCIDENT_MACHINE.allowed('open')).toEqual(['acknowledge', 'resolve', 'convert']);
    expect(INCIDENT_MACHINE.allowed('acknowledged')).toEqual(['resolve', 'convert']);
    expect(INCIDENT_MACHINE.allowed('resolved')).toEqual([]);
  });

  test('When each event happens, then it leads where the handbook says', () => {
    expect(INCIDENT_MACHINE.next('open', 'acknowledge')).toBe('acknowledged');
    expect(INCIDENT_MACHINE.next('open', 'convert')).toBe('acknowledged');
    expect(INCIDENT_MACHINE.next('acknowledged', 'convert')).toBe('acknowledged');
    for (const s of ['open', 'acknowledged'] as const) expect(INCIDENT_MACHINE.next(s, 'resolve')).toBe('resolved');
    for (const s of INCIDENT_STATUSES) expect(INCIDENT_MACHINE.states[s]).toBeTruthy();
  });

  test('When an incident is acknowledged twice, then it is refused with 409 INCIDENT.INVALID_TRANSITION naming both states', () => {
    const r = INCIDENT_MACHINE.check('acknowledged', 'acknowledge');
    expect(r).toEqual({
      ok: false,
      refusal: { code: 'INCIDENT.INVALID_TRANSITION', message: '事件当前为“处理中”，不能响应（变为“处理中”需事件处于“待响应”）', details: { from: 'acknowledged', to: 'acknowledged', event: 'acknowledge' } },
    });
    expect(statusOf('INCIDENT.INVALID_TRANSITION')).toBe(409);
  });
});
