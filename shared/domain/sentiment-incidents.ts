import { MINUTE_MS } from './calendar';
import type { ComplaintCategory } from './complaints';
import { TOPIC_LABELS, type SentimentLevel, type SentimentTopic } from './sentiment';
import { stateMachine, type Transition } from './state-machine';

/**
 * Owner-group incidents (舆情事件): the rules that turn analysed group messages into incidents,
 * and the handbook's response (acknowledge, never argue in the group, take it private, promise a
 * time, solve it, report back). Pure: shared by the server and the client.
 */

/** Negative messages without a topic are grouped under this key. */
export const GENERAL_TOPIC = 'general' as const;
export type IncidentTopic = SentimentTopic | typeof GENERAL_TOPIC;

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, string> = { open: '待响应', acknowledged: '处理中', resolved: '已解决' };

/**
 * The one transition table: an agent acknowledges an open incident (responding now), converts it
 * into a repair or a complaint (which acknowledges it too), and resolves it; a resolved incident is
 * done (later messages on its topic open a new one).
 */
export const INCIDENT_TRANSITIONS = {
  acknowledge: { from: ['open'], to: 'acknowledged' },
  resolve: { from: ['open', 'acknowledged'], to: 'resolved' },
  convert: { from: ['open', 'acknowledged'], to: 'acknowledged' },
} as const satisfies Record<string, Transition<IncidentStatus>>;
export type IncidentEvent = keyof typeof INCIDENT_TRANSITIONS;

/** History events: the table's, and the system's `open` (the incident is noticed). */
export const INCIDENT_EVENT_LABELS: Record<IncidentEvent | 'open', string> = { open: '事件生成', acknowledge: '响应', convert: '转为工单', resolve: '标记解决' };

/** The incident's state machine (next / allowed / check; refusals are 409 INCIDENT.INVALID_TRANSITION). */
export const INCIDENT_MACHINE = stateMachine<IncidentStatus, IncidentEvent>({
  noun: '事件',
  table: INCIDENT_TRANSITIONS,
  states: INCIDENT_STATUS_LABELS,
  events: INCIDENT_EVENT_LABELS,
  code: 'INCIDENT.INVALID_TRANSITION',
});

export const SEVERITIES = [1, 2, 3, 4] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = { 1: '提示', 2: '关注', 3: '严重', 4: '紧急' };

export interface IncidentRules {
  /** Sliding window for counting negative messages. */
  windowMinutes: number;
  /** Negative messages in the window that open an incident… */
  minNegatives: number;
  /** …from at least this many different senders. */
  minSenders: number;
  /** Raw group messages are deleted after this many days. */
  retentionDays: number;
}
export const DEFAULT_INCIDENT_RULES: IncidentRules = { windowMinutes: 30, minNegatives: 3, minSenders: 2, retentionDays: 90 };

/** What an incident's severity is computed from. */
export interface IncidentTally {
  negatives: number;
  highs: number;
  senders: number;
  /** A message threatened life or safety. */
  safety: boolean;
}

/** Severity rises with volume and level: any high → 严重; safety or several highs or a crowd → 紧急. */
export function severityOf(t: IncidentTally): Severity {
  if (t.safety || t.highs >= 2 || t.negatives >= 10 || (t.highs >= 1 && t.senders >= 3)) return 4;
  if (t.highs >= 1 || t.negatives >= 6) return 3;
  if (t.negatives >= 3 && t.senders >= 2) return 2;
  return 1;
}

/** One analysed message, as the opening rule sees it. */
export interface WindowMessage {
  senderId: string;
  sentAt: number;
  level: SentimentLevel;
  negative: boolean;
}

/**
 * Does a group/topic's recent traffic open an incident? Any `high` message does; otherwise at least
 * `minNegatives` negative messages from at least `minSenders` senders within `windowMinutes` of the
 * newest one.
 */
export function opensIncident(messages: readonly WindowMessage[], rules: IncidentRules): boolean {
  if (messages.some((m) => m.level === 'high')) return true;
  const negatives = messages.filter((m) => m.negative).sort((a, b) => a.sentAt - b.sentAt);
  const windowMs = rules.windowMinutes * MINUTE_MS;
  // Every window ending at a negative message.
  for (let end = 0; end < negatives.length; end++) {
    const inWindow = negatives.filter((m) => m.sentAt <= negatives[end].sentAt && negatives[end].sentAt - m.sentAt <= windowMs);
    if (inWindow.length >= rules.minNegatives && new Set(inWindow.map((m) => m.senderId)).size >= rules.minSenders) return true;
  }
  return false;
}

/** The response checklist (the handbook's steps for negative opinion in owner groups). */
export const RESPONSE_STEPS = [
  '几分钟内在群里回应，表示已收到并重视',
  '不在群里争辩、不解释推脱',
  '私信或电话联系业主，了解详情',
  '承诺处理时间并安排人员',
  '处理完成后向业主反馈结果',
  '必要时在群里通报处理结果',
] as const;

/** Owners' words for topics that become repairs, and the repair category they most likely mean. */
export const REPAIR_CATEGORY_OF: Partial<Record<IncidentTopic, string>> = {
  leak: '墙面/渗漏',
  elevator: '电梯',
  utilities: '水电',
  facilities: '公共照明',
  security: '门禁/对讲',
};

/** A topic's complaint category (for converting an incident into a complaint). */
export const COMPLAINT_CATEGORY_OF: Record<IncidentTopic, ComplaintCategory> = {
  leak: 'repair',
  elevator: 'facilities',
  parking: 'parking',
  noise: 'noise',
  renovation: 'renovation',
  fee: 'fees',
  security: 'security',
  cleaning: 'cleaning',
  greenery: 'greenery',
  utilities: 'facilities',
  delivery: 'other',
  pets: 'other',
  service: 'attitude',
  facilities: 'facilities',
  general: 'other',
};

/** Topics about shared parts of the estate: converted into a 公共区域 repair, not one in the speaker's home. */
export const COMMON_AREA_TOPICS: ReadonlySet<IncidentTopic> = new Set<IncidentTopic>(['elevator', 'facilities', 'security', 'cleaning', 'greenery', 'parking', 'delivery']);

/** The building named in a text: 1栋 / 3号楼 / 5幢 / 2座 → 1栋, 3号楼 …; none → ''. */
export function buildingIn(text: string): string {
  const m = /(\d{1,3})\s*(栋|号楼|幢|座|楼(?!\d))/.exec(text);
  return m ? `${m[1]}${m[2]}` : '';
}

/** What a group nickname or a message tells about the speaker: `1-1502张伟` → room 1-1502, name 张伟; a mobile number in the text. */
export function speakerOf(nickname: string, text: string): { name: string; room: string; phone: string } {
  const room = /(\d{1,3}\s*[-－栋#]\s*\d{1,2}\s*[-－单元]*\s*\d{2,4}|\d{1,3}[-－]\d{3,4})/.exec(nickname)?.[0].replace(/\s/g, '') ?? '';
  const name = nickname.replace(room, '').replace(/^[\s\-－_·.]+|[\s\-－_·.]+$/g, '').slice(0, 20);
  const phone = /(?<!\d)1[3-9]\d{9}(?!\d)/.exec(text)?.[0] ?? '';
  return { name, room, phone };
}

export interface RepairDraft {
  area: 'home' | 'common';
  /** 公共区域: where (the building and what, e.g. 1栋电梯); empty for 户内. */
  place: string;
  /** The topic's repair category (REPAIR_CATEGORY_OF), when the community has it. */
  category?: string;
  /** Neutral words for the owner-facing order: never the group chat quote. */
  description: string;
}

const PLACE_NOUN: Partial<Record<IncidentTopic, string>> = { elevator: '电梯', facilities: '公共设施', security: '门禁', cleaning: '公共区域', greenery: '绿化', parking: '车库', delivery: '快递柜' };

/**
 * The pre-filled 转为报修 form for an incident: 公共区域 + the building + what for a shared part (an
 * elevator), 户内 otherwise; the category from the topic (one mapping: REPAIR_CATEGORY_OF) when the
 * community has it; a neutral description. The building comes from the messages, else the speaker's unit.
 */
export function repairDraftOf(input: { topic: IncidentTopic; texts: readonly string[]; unitLabel?: string; categories: readonly string[] }): RepairDraft {
  const area = COMMON_AREA_TOPICS.has(input.topic) ? 'common' : 'home';
  const building = input.texts.map(buildingIn).find(Boolean) || (input.unitLabel ? buildingIn(input.unitLabel) : '');
  const place = area === 'common' ? `${building}${PLACE_NOUN[input.topic] ?? ''}`.slice(0, 40) : '';
  const wanted = REPAIR_CATEGORY_OF[input.topic];
  const category = wanted && input.categories.includes(wanted) ? wanted : input.categories.includes('其他') ? '其他' : undefined;
  const label = input.topic === GENERAL_TOPIC ? '' : TOPIC_LABELS[input.topic];
  const description =
    area === 'common'
      ? `业主反映${place || '公共区域'}${label && !place.endsWith(label) ? `（${label}）` : ''}出现问题，请尽快安排检修。`
      : `业主反映家中${label ? `${label}` : ''}问题，请尽快联系业主上门处理。`;
  return { area, place, ...(category ? { category } : {}), description };
}
