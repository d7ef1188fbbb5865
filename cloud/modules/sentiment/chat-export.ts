import { createHash } from 'node:crypto';
import { dayOf, dayStart, HOUR_MS, isCalendarDate, MINUTE_MS } from '@shared/domain/calendar';

/**
 * Chat text exported from WeChat (or copied from a PC client): each message starts with a line
 * `2024-05-01 09:12 张三: 内容` (seconds, `/` dates and a full-width colon are accepted); lines that
 * follow belong to the same message. Times are local (Asia/Shanghai). Pure: no I/O.
 */
export interface ExportedMessage {
  /** Stable for the same message in a re-imported file: the same time, sender and text (and its repeat number). */
  messageId: string;
  nickname: string;
  text: string;
  sentAt: Date;
  /** First line of the message in the file (1-based). */
  line: number;
}

export interface ExportProblem {
  line: number;
  message: string;
  text: string;
}

const HEADER = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(.*)$/;
const SENDER = /^(.+?)\s*[:：]\s?([\s\S]*)$/;

function validDate(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return isCalendarDate(y, mo, d) && h <= 23 && mi <= 59 && s <= 59;
}

export function parseChatExport(content: string): { messages: ExportedMessage[]; problems: ExportProblem[] } {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const messages: ExportedMessage[] = [];
  const problems: ExportProblem[] = [];
  let current: { nickname: string; sentAt: Date; line: number; body: string[] } | null = null;
  // After a rejected header, its continuation lines are part of the rejected message (no more errors).
  let rejected = false;
  const flush = () => {
    if (!current) return;
    const text = current.body.join('\n').trim();
    if (text) messages.push({ messageId: '', nickname: current.nickname, text, sentAt: current.sentAt, line: current.line });
    else problems.push({ line: current.line, message: '消息内容为空', text: '' });
    current = null;
  };
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trimEnd();
    const header = HEADER.exec(line);
    if (header) {
      const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((k) => Number(header[k] ?? 0));
      const sender = SENDER.exec(header[7]);
      if (!validDate(y, mo, d, h, mi, s)) {
        flush();
        problems.push({ line: lineNo, message: '日期或时间无效', text: line.slice(0, 80) });
        rejected = true;
        return;
      }
      if (!sender || !sender[1].trim()) {
        flush();
        problems.push({ line: lineNo, message: '缺少发送人（格式应为“时间 昵称: 内容”）', text: line.slice(0, 80) });
        rejected = true;
        return;
      }
      flush();
      rejected = false;
      const sentAt = new Date(dayStart(dayOf(y, mo, d)).getTime() + h * HOUR_MS + mi * MINUTE_MS + s * 1000);
      current = { nickname: sender[1].trim(), sentAt, line: lineNo, body: [sender[2]] };
      return;
    }
    if (current) current.body.push(line);
    else if (line.trim() && !rejected) problems.push({ line: lineNo, message: '不是消息的开头（缺少“时间 昵称:”）', text: line.slice(0, 80) });
  });
  flush();
  // Ids: the same time, sender and text in a re-imported file give the same id (repeats are numbered).
  const seen = new Map<string, number>();
  for (const m of messages) {
    const key = `${m.sentAt.toISOString()}|${m.nickname}|${m.text}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    m.messageId = `x_${createHash('sha1').update(`${key}|${n}`).digest('hex').slice(0, 24)}`;
  }
  return { messages, problems };
}
