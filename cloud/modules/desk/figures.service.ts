import type { DeskFigures } from '@shared/contracts/desk-log.contract';
import { addDays, dayEnd, dayStart, daysBetween, localDay, localTime, MINUTE_MS, monthBounds } from '@shared/domain/calendar';
import { INQUIRY_TOPIC_LABELS, INQUIRY_TOPICS, type InquiryTopic } from '@shared/domain/desk';
import { CONTACT_KINDS, type ContactKind } from '@shared/domain/desk-log';
import { AppError } from '../../lib/app-error';
import type { Caller } from '../../lib/caller';
import { now } from '../../lib/clock';
import { mongoose } from '../../lib/db';
import { searchFigures } from '../knowledge';
import { Contact } from './contact.model';
import { Inquiry, type InquiryDoc } from './inquiry.model';

const { ObjectId } = mongoose.Types;

/** The default period: the last 30 days, today included. */
export const FIGURES_DEFAULT_DAYS = 30;
/** The longest period the figures read (they scan the period's inquiries and contacts). */
export const FIGURES_MAX_DAYS = 366;

/** The median of some numbers (the mean of the middle two for an even count), rounded to a minute; null for none. */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return Math.round(s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2);
}
const share = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 1000) / 1000 : null);
const mean = (values: number[]): number | null => (values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null);

interface Timed {
  at?: Date | null;
  due?: Date | null;
}

/**
 * Times against a promise: the median of the times taken (minutes from receipt), and the share on
 * time — of those done, plus those not done whose promise has already passed (late however they end).
 */
function againstPromise(items: { from: Date; step: Timed }[], at: Date): { median: number | null; onTimeShare: number | null; measured: number } {
  const minutes: number[] = [];
  let onTime = 0;
  let measured = 0;
  for (const { from, step } of items) {
    if (step.at) {
      minutes.push((new Date(step.at).getTime() - from.getTime()) / MINUTE_MS);
      measured++;
      if (step.due && new Date(step.at).getTime() <= new Date(step.due).getTime()) onTime++;
    } else if (step.due && new Date(step.due).getTime() < at.getTime()) measured++;
  }
  return { median: median(minutes), onTimeShare: share(onTime, measured), measured };
}

/**
 * The desk's figures over a period (local days, Asia/Shanghai; default the last 30 days): inquiries
 * by topic, acknowledgement and answer times against their promises, the rating; the owners'
 * self-service searches (knowledge module); contacts and inquiries by hour of day; per agent.
 * Reads the period's inquiries and contacts of the community (bounded: at most FIGURES_MAX_DAYS days).
 */
export async function figures(caller: Caller, input: { from?: string; to?: string }): Promise<DeskFigures> {
  const at = now();
  const to = input.to ?? localDay(at);
  const from = input.from ?? addDays(to, -(FIGURES_DEFAULT_DAYS - 1));
  if (from > to) throw new AppError('VALIDATION', '开始日期不能晚于结束日期');
  if (daysBetween(from, to) >= FIGURES_MAX_DAYS) throw new AppError('VALIDATION', `统计区间最长${FIGURES_MAX_DAYS}天`);
  const communityId = new ObjectId(caller.communityId);
  const range = { $gte: dayStart(from), $lt: dayEnd(to) };

  const [inquiries, contacts, search] = await Promise.all([
    Inquiry.find(
      { communityId, createdAt: range },
      { topic: 1, createdAt: 1, acknowledgedAt: 1, answeredAt: 1, deadlines: 1, handlerId: 1, handlerName: 1, 'rating.stars': 1, status: 1 },
    ).lean(),
    Contact.find({ communityId, at: range }, { kind: 1, at: 1, visitor: 1, followUpOpen: 1, byId: 1, byName: 1 }).lean(),
    searchFigures(communityId, dayStart(from)),
  ]);

  const byTopic = new Map<InquiryTopic, number>();
  for (const i of inquiries) byTopic.set(i.topic as InquiryTopic, (byTopic.get(i.topic as InquiryTopic) ?? 0) + 1);
  const converted = (s: string) => s === 'toRepair' || s === 'toComplaint';
  const ack = againstPromise(
    inquiries.map((i) => ({ from: i.createdAt, step: { at: i.acknowledgedAt, due: i.deadlines?.ack } })),
    at,
  );
  // A converted inquiry is answered by its repair or complaint: not measured here unless answered.
  const answer = againstPromise(
    inquiries.filter((i) => i.answeredAt || !converted(i.status)).map((i) => ({ from: i.createdAt, step: { at: i.answeredAt, due: i.deadlines?.answer } })),
    at,
  );
  const ratings = inquiries.flatMap((i) => (i.rating?.stars ? [i.rating.stars] : []));

  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, contacts: 0, inquiries: 0 }));
  const hourOf = (d: Date) => Number(localTime(d).slice(0, 2));
  for (const c of contacts) hours[hourOf(c.at)].contacts++;
  for (const i of inquiries) hours[hourOf(i.createdAt)].inquiries++;

  const byKind = new Map<ContactKind, number>();
  for (const c of contacts) byKind.set(c.kind as ContactKind, (byKind.get(c.kind as ContactKind) ?? 0) + 1);

  const agents = new Map<string, HandlerRow & { contacts: number }>();
  for (const row of byHandler(inquiries)) if (row.handled) agents.set(row.id, { ...row, contacts: 0 });
  for (const c of contacts) {
    const id = String(c.byId);
    if (!agents.has(id)) agents.set(id, { id, name: c.byName, handled: 0, onTime: 0, ratings: [], ackMinutes: [], answerMinutes: [], contacts: 0 });
    agents.get(id)!.contacts++;
  }

  return {
    from,
    to,
    inquiries: {
      total: inquiries.length,
      byTopic: INQUIRY_TOPICS.filter((t) => byTopic.has(t))
        .map((topic) => ({ topic, label: INQUIRY_TOPIC_LABELS[topic], count: byTopic.get(topic)! }))
        .sort((a, b) => b.count - a.count),
      ack,
      answer,
      averageRating: mean(ratings),
    },
    selfService: { searches: search.searches, hits: search.withHits, hitRate: share(search.withHits, search.searches), missing: search.missing },
    byHour: hours,
    contacts: {
      total: contacts.length,
      byKind: CONTACT_KINDS.map((kind) => ({ kind, count: byKind.get(kind) ?? 0 })),
      visitors: contacts.filter((c) => c.visitor).length,
      openFollowUps: contacts.filter((c) => c.followUpOpen).length,
    },
    agents: [...agents.values()]
      .map((r) => ({ id: r.id, name: r.name, inquiriesHandled: r.handled, onTimeShare: share(r.onTime, r.handled), averageRating: mean(r.ratings), contactsLogged: r.contacts }))
      .sort((a, b) => b.inquiriesHandled - a.inquiriesHandled || b.contactsLogged - a.contactsLogged || a.name.localeCompare(b.name, 'zh')),
  };
}

/** What one handler (the agent an inquiry is with) did with the inquiries read: answered, on time, stars, acknowledgement and answer minutes. */
export interface HandlerRow {
  id: string;
  name: string;
  /** Answered. */
  handled: number;
  /** Answered within the promise. */
  onTime: number;
  ratings: number[];
  /** Minutes from receipt to the first reply (acknowledgement) of each acknowledged inquiry. */
  ackMinutes: number[];
  /** Minutes from receipt to the answer of each answered inquiry. */
  answerMinutes: number[];
}

type HandledInquiry = Pick<InquiryDoc, 'createdAt' | 'acknowledgedAt' | 'answeredAt' | 'deadlines' | 'handlerId' | 'handlerName' | 'rating'>;

/** Inquiries by their handler (those with none are left out): the desk's figures and each agent's service figures. */
function byHandler(inquiries: readonly HandledInquiry[]): HandlerRow[] {
  const rows = new Map<string, HandlerRow>();
  for (const i of inquiries) {
    if (!i.handlerId) continue;
    const id = String(i.handlerId);
    let row = rows.get(id);
    if (!row) rows.set(id, (row = { id, name: i.handlerName ?? '', handled: 0, onTime: 0, ratings: [], ackMinutes: [], answerMinutes: [] }));
    const from = i.createdAt.getTime();
    if (i.acknowledgedAt) row.ackMinutes.push((new Date(i.acknowledgedAt).getTime() - from) / MINUTE_MS);
    if (!i.answeredAt) continue;
    row.handled++;
    row.answerMinutes.push((i.answeredAt.getTime() - from) / MINUTE_MS);
    if (i.deadlines?.answer && i.answeredAt.getTime() <= new Date(i.deadlines.answer).getTime()) row.onTime++;
    if (i.rating?.stars) row.ratings.push(i.rating.stars);
  }
  return [...rows.values()];
}

/**
 * Each handler's inquiries received in a month (YYYY-MM, Asia/Shanghai) of a community: the service
 * figures of the growth module. One read of the month's inquiries (index communityId + createdAt).
 */
export async function inquiryFiguresByAgent(communityId: string, month: string): Promise<HandlerRow[]> {
  const { from, to } = monthBounds(month);
  const inquiries = await Inquiry.find(
    { communityId: new ObjectId(communityId), createdAt: { $gte: from, $lt: to } },
    { createdAt: 1, acknowledgedAt: 1, answeredAt: 1, deadlines: 1, handlerId: 1, handlerName: 1, 'rating.stars': 1 },
  ).lean();
  return byHandler(inquiries as HandledInquiry[]);
}
